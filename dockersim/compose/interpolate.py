"""Variable substitution in a Compose file (compose-go template/template.go, v2.6.4).

`$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}` (unset),
`${VAR:?err}`, `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}`, and `$$` for a literal `$`.
Variables come from the shell environment, then `.env` in the project directory. An unset
variable becomes "" with a warning; a `$` not followed by a name or `{` ... `}` is an
invalid interpolation format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

#: template.go DefaultPattern: `$$`, `$name`, `${braced...}`, or `${` with nothing valid after
_PATTERN = re.compile(
    r"\$(?i:(?P<escaped>\$)|(?P<named>[_a-z][_a-z0-9]*)|\{(?:(?P<braced>[_a-z][_a-z0-9]*(?::?[-+?](.*))?)\}|(?P<invalid>)))"
)
MAX_VALUES = 100_000


class InterpolationError(Exception):
    """A required variable is missing, or a template is malformed (Compose's text)."""


class _Invalid(Exception):
    pass


def substitute(text: str, env: Mapping[str, str], warn: Callable[[str], None] | None = None) -> str:
    """`text` with its variables replaced; raises `_Invalid` or `InterpolationError`."""
    out: list[str] = []
    pos = 0
    while True:
        start = text.find("$", pos)
        if start < 0:
            out.append(text[pos:])
            return "".join(out)
        out.append(text[pos:start])
        if text.startswith("${", start):
            end = _closing_brace(text, start + 1)
            if end < 0:
                raise _Invalid
            out.append(_braced(text[start + 2 : end], env, warn))
            pos = end + 1
            continue
        match = _PATTERN.match(text, start)
        if match is None or match.group("invalid") is not None:
            raise _Invalid
        if match.group("escaped"):
            out.append("$")
        else:
            out.append(_lookup(match.group("named"), env, warn))
        pos = match.end()


def _closing_brace(text: str, brace: int) -> int:
    """template.go getFirstBraceClosingIndex: the `}` closing the `{` at `brace`."""
    depth = 0
    i = brace
    while i < len(text):
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        elif text[i] == "{":
            depth += 1
            i += 1
        i += 1
    return -1


_OPERATORS = (":?", "?", ":-", "-", ":+", "+")


def _braced(body: str, env: Mapping[str, str], warn: Callable[[str], None] | None) -> str:
    name_match = re.match(r"[_a-zA-Z][_a-zA-Z0-9]*", body)
    if name_match is None:
        raise _Invalid
    name, rest = name_match.group(0), body[name_match.end() :]
    if not rest:
        return _lookup(name, env, warn)
    op = next((o for o in _OPERATORS if rest.startswith(o)), None)
    if op is None:
        raise _Invalid
    arg = rest[len(op) :]
    value = env.get(name)
    empty_counts = op.startswith(":")
    missing = value is None or (empty_counts and value == "")
    if op in (":?", "?"):
        if missing:
            reason = substitute(arg, env, warn)
            text = f"required variable {name} is missing a value"
            raise InterpolationError(f"{text}: {reason}" if reason else text)
        return value or ""
    if op in (":-", "-"):
        return substitute(arg, env, warn) if missing else (value or "")
    return "" if missing else substitute(arg, env, warn)


def _lookup(name: str, env: Mapping[str, str], warn: Callable[[str], None] | None) -> str:
    value = env.get(name)
    if value is None:
        if warn is not None:
            warn(f'The "{name}" variable is not set. Defaulting to a blank string.')
        return ""
    return value


def interpolate(
    data: Any, env: Mapping[str, str], warn: Callable[[str], None] | None = None
) -> Any:
    """Every string value of `data` (not the keys) substituted; at most `MAX_VALUES` values
    are visited (a YAML alias bomb stops here)."""
    count = 0

    def walk(value: Any, path: tuple[str, ...]) -> Any:
        nonlocal count
        count += 1
        if count > MAX_VALUES:
            raise InterpolationError(f"refused: more than {MAX_VALUES} values (an alias bomb?)")
        if isinstance(value, str):
            try:
                return substitute(value, env, warn)
            except _Invalid:
                where = ".".join(path)
                raise InterpolationError(
                    f"invalid interpolation format for {where}.\n"
                    f"You may need to escape any $ with another $.\n{value}"
                ) from None
            except InterpolationError as exc:
                if str(exc).startswith("required variable"):
                    raise InterpolationError(
                        f"error while interpolating {'.'.join(path)}: {exc}"
                    ) from None
                raise
        if isinstance(value, dict):
            return {k: walk(v, (*path, str(k))) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*path, "[]")) for v in value]
        return value

    return walk(data, ())


def parse_dotenv(text: str) -> dict[str, str]:
    """A `.env` file (compose-go dotenv): `KEY=value` lines, `#` comments, `export ` prefixes,
    single quotes literal, double quotes with `\\n` escapes, `${VAR}` expanded from above."""
    out: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[7:].lstrip()
        key, eq, value = line.partition("=")
        key = key.strip()
        if not eq:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == "'":
            out[key] = value[1:-1]
            continue
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1].replace("\\n", "\n").replace('\\"', '"')
        else:
            value = re.sub(r"\s+#.*$", "", value)
        try:
            out[key] = substitute(value, out)
        except (_Invalid, InterpolationError):
            out[key] = value
    return out
