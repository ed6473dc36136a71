"""jq: the filters lessons use on JSON (`.`, `.a`, `.a.b`, `.[]`, `.[0]`, `.["k"]`, `keys`,
`length`, joined with `|` and `,`), with `-r`, `-c`, `-n`, `-s`, `-M`, reading files or stdin.

Output is jq's: two-space indentation, or compact with `-c`; errors are jq's (`jq: error (at
<stdin>:N): Cannot index array with "a"`, status 5). Other filters and options say they are not
simulated. At a terminal jq colours its output; dockersim prints it without colours (a
simplification).
"""

from __future__ import annotations

import json
import re
from typing import Any

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx, UsageError
from dockersim.model.userland.programs.devtools import tool_version

_STEP = re.compile(
    r"""\.(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<opt>\?)?|\[(?P<index>-?\d+|"(?:[^"\\]|\\.)*"|)\]"""
)


class JqError(Exception):
    """A runtime error: `jq: error (at FILE:N): MESSAGE`, status 5."""


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _shown(value: Any) -> str:
    """How jq names a value in an error: `number (1)`, `array ([1,2])`."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if len(text) > 11:
        text = text[:10] + "..."
    return f"{_kind(value)} ({text})"


def parse(text: str) -> list[list[list[tuple[str, Any]]]] | None:
    """A filter as stages (joined by `|`) of alternatives (joined by `,`) of steps
    (`('key', 'a')`, `('index', 0)`, `('each', None)`, `('keys', None)`, `('length', None)`),
    or None if it is outside the subset."""
    stages = []
    for stage in text.split("|"):
        alternatives = []
        for part in stage.split(","):
            steps = _path(part.strip())
            if steps is None:
                return None
            alternatives.append(steps)
        stages.append(alternatives)
    return stages


def _path(part: str) -> list[tuple[str, Any]] | None:
    if part in ("keys", "length", "keys_unsorted"):
        return [(part, None)]
    if not part.startswith("."):
        return None
    steps: list[tuple[str, Any]] = []
    rest = part[1:] if part == "." or part.startswith(".[") else part
    while rest:
        found = _STEP.match(rest)
        if found is None:
            return None
        if found.group("name"):
            steps.append(("key", found.group("name")))
        elif found.group("index") == "":
            steps.append(("each", None))
        elif found.group("index").startswith('"'):
            steps.append(("key", json.loads(found.group("index"))))
        else:
            steps.append(("index", int(found.group("index"))))
        rest = rest[found.end() :]
        if rest.startswith("."):
            rest = rest if len(rest) > 1 and rest[1] != "[" else rest[1:]
    return steps


def _step(value: Any, step: tuple[str, Any]) -> list[Any]:
    kind, arg = step
    if kind == "key":
        if value is None:
            return [None]
        if not isinstance(value, dict):
            raise JqError(f'Cannot index {_kind(value)} with "{arg}"')
        return [value.get(arg)]
    if kind == "index":
        if value is None:
            return [None]
        if not isinstance(value, list):
            raise JqError(f"Cannot index {_kind(value)} with number")
        return [value[arg] if -len(value) <= arg < len(value) else None]
    if kind == "each":
        if isinstance(value, list):
            return list(value)
        if isinstance(value, dict):
            return list(value.values())
        raise JqError(f"Cannot iterate over {_shown(value)}")
    if kind in ("keys", "keys_unsorted"):
        if isinstance(value, dict):
            return [sorted(value) if kind == "keys" else list(value)]
        if isinstance(value, list):
            return [list(range(len(value)))]
        raise JqError(f"{_shown(value)} has no keys")
    # length
    if value is None:
        return [0]
    if isinstance(value, bool):
        raise JqError(f"{_shown(value)} has no length")
    if isinstance(value, (int, float)):
        return [abs(value)]
    return [len(value)]


def run_filter(stages: list[list[list[tuple[str, Any]]]], value: Any) -> list[Any]:
    values = [value]
    for alternatives in stages:
        found: list[Any] = []
        for item in values:
            for steps in alternatives:
                outs = [item]
                for step in steps:
                    outs = [out for v in outs for out in _step(v, step)]
                found += outs
        values = found
    return values


def _inputs(text: str) -> list[Any]:
    decoder = json.JSONDecoder()
    found: list[Any] = []
    at = 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            return found
        value, at = decoder.raw_decode(text, at)
        found.append(value)


def _dump(value: Any, raw: bool, compact: bool) -> str:
    if raw and isinstance(value, str):
        return value
    if compact:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(value, indent=2, ensure_ascii=False)


@register("jq")
def jq(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args[:1] == ["--version"]:
        ctx.write(f"jq-{tool_version(ctx, 'jq')}\n")
        return 0
    flags = {
        "-r": "raw",
        "--raw-output": "raw",
        "-c": "compact",
        "--compact-output": "compact",
        "-n": "null",
        "--null-input": "null",
        "-s": "slurp",
        "--slurp": "slurp",
        "-M": "mono",
        "--monochrome-output": "mono",
    }
    chosen: set[str] = set()
    words: list[str] = []
    for arg in args:
        if arg in flags:
            chosen.add(flags[arg])
        elif re.fullmatch(r"-[rcnsM]+", arg):
            chosen.update(flags[f"-{c}"] for c in arg[1:])
        elif arg.startswith("-") and arg != "-":
            raise ctx.not_simulated(f"option {arg}")
        else:
            words.append(arg)
    if not words:
        raise ctx.not_simulated("jq without a filter (its usage text)")
    stages = parse(words[0])
    if stages is None:
        raise ctx.not_simulated(f"the filter {words[0]}")
    texts: list[tuple[str, str]] = []
    for name in words[1:] or ["-"]:
        try:
            texts.append(("<stdin>" if name == "-" else name, ctx.read_file(name)))
        except FsError as exc:
            ctx.err.write(f"jq: error: Could not open {name}: {exc}\n")
            return 2
    if "null" in chosen:
        inputs: list[tuple[str, int, Any]] = [("<unknown>", 0, None)]
    else:
        inputs = []
        for name, text in texts:
            try:
                values = _inputs(text)
            except ValueError:
                raise ctx.not_simulated("jq's message for input that is not JSON") from None
            inputs += [(name, text.count("\n"), v) for v in values]
        if "slurp" in chosen:
            inputs = [(inputs[-1][0] if inputs else "<stdin>", 0, [v for _, _, v in inputs])]
    status = 0
    for name, line, value in inputs:
        try:
            for out in run_filter(stages, value):
                ctx.write(_dump(out, "raw" in chosen, "compact" in chosen) + "\n")
        except JqError as exc:
            ctx.err.write(f"jq: error (at {name}:{line}): {exc}\n")
            status = 5
    if status:
        raise UsageError(status)
    return 0
