"""Parameters drawn per student: names, ports, images, counts, signals.

A quiz declares each parameter as a list of values (one is picked) or an integer range::

    params:
      name: [web, api, cache]         # one of these
      port: {min: 8000, max: 8099}    # an integer from 8000 to 8099

and uses it as `${name}` in any text of a question. A student's values are drawn in the
declared order from a generator seeded by the quiz's seed and the student id (SHA-256, so the
same student gets the same version on every machine and in every process). Where a whole
YAML scalar is one placeholder (`port: ${port}`), the value keeps its type, so integer fields
of checks accept it.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Mapping
from typing import Any

import attrs

PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")

Value = str | int
Values = Mapping[str, Value]


@attrs.frozen
class Param:
    """One declared parameter: `choices` to pick from, or the integer range `low..high`."""

    name: str
    choices: tuple[Value, ...] = ()
    low: int = 0
    high: int = 0

    @classmethod
    def from_data(cls, name: str, data: Any) -> Param:
        """From data the quiz shape accepted: a list of values or `{min, max}`."""
        if isinstance(data, list):
            return cls(name, tuple(v if isinstance(v, int) else str(v) for v in data))
        return cls(name, (), int(data["min"]), int(data["max"]))

    def draw(self, rng: random.Random) -> Value:
        if self.choices:
            return self.choices[rng.randrange(len(self.choices))]
        return rng.randint(self.low, self.high)

    @property
    def first(self) -> Value:
        return self.choices[0] if self.choices else self.low

    def describe(self) -> str:
        if self.choices:
            return "one of " + ", ".join(str(c) for c in self.choices)
        return f"an integer from {self.low} to {self.high}"


def student_rng(seed: int, student: str, purpose: str) -> random.Random:
    """A generator for one student and one purpose (`params`, `choices:q3` ...)."""
    digest = hashlib.sha256(f"{seed}\x00{student}\x00{purpose}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def draw(params: tuple[Param, ...], seed: int, student: str) -> dict[str, Value]:
    rng = student_rng(seed, student, "params")
    return {p.name: p.draw(rng) for p in params}


def first_values(params: tuple[Param, ...]) -> dict[str, Value]:
    """The first value of each parameter: the version `validate` checks first."""
    return {p.name: p.first for p in params}


def fill(text: str, values: Values) -> str:
    """`${name}` -> its value; names that are not parameters are left as written."""
    return PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text
    )


def substitute(data: Any, values: Values) -> Any:
    """A copy of plain YAML data with every placeholder filled (typed when a whole scalar)."""
    if isinstance(data, str):
        whole = PLACEHOLDER.fullmatch(data)
        if whole is not None and whole.group(1) in values:
            return values[whole.group(1)]
        return fill(data, values)
    if isinstance(data, list):
        return [substitute(item, values) for item in data]
    if isinstance(data, dict):
        return {key: substitute(item, values) for key, item in data.items()}
    return data


def unknown(text: str, values: Values) -> list[str]:
    """Placeholders in `text` that name no parameter."""
    return [m.group(1) for m in PLACEHOLDER.finditer(text) if m.group(1) not in values]
