"""Jinja2 template source into nodes: the lexer (tags, comments, `raw`, `-` whitespace
control, one trailing newline dropped) and the statement parser with Jinja's error sentences."""

from __future__ import annotations

import re
from typing import Any

from dockersim.engine.programs.jinja_expr import Expr, Tokens, parse, parse_expression, syntax_error

Node = tuple[Any, ...]
TAG = re.compile(r"\{([{%#])(-?)")
ENDS = {"if": ("elif", "else", "endif"), "for": ("endfor", "else"), "block": ("endblock",),
        "raw": ("endraw",)}  # fmt: skip


def lex(source: str) -> list[tuple[str, str]]:
    """`source` as ("text", ...), ("out", expr), ("tag", statement) pieces."""
    if source.endswith("\n"):
        source = source[:-1]
    pieces: list[tuple[str, str]] = []
    pos, strip_next = 0, False
    while True:
        match = TAG.search(source, pos)
        text = source[pos : match.start() if match else len(source)]
        if strip_next:
            text = text.lstrip()
        if match and match.group(2):
            text = text.rstrip()
        if text:
            pieces.append(("text", text))
        if match is None:
            return pieces
        kind = match.group(1)
        close = {"{": "}}", "%": "%}", "#": "#}"}[kind]
        end = _closing(source, match.end(), close, kind == "#")
        if end < 0:
            what = "comment" if kind == "#" else "block" if kind == "%" else "print statement"
            raise syntax_error(f"Unexpected end of template. Missing end of {what}.")
        body = source[match.end() : end]
        strip_next = body.endswith("-")
        body = body[:-1] if strip_next else body
        if kind == "{":
            pieces.append(("out", body))
        elif kind == "%":
            pieces.append(("tag", body.strip()))
        pos = end + 2
        if pieces and pieces[-1] == ("tag", "raw"):
            pos, strip_next = _raw(source, pos, pieces)


def _closing(source: str, pos: int, close: str, comment: bool) -> int:
    quote = ""
    while pos < len(source) - 1:
        char = source[pos]
        if quote:
            quote = "" if char == quote else quote
            pos += 2 if char == "\\" else 1
            continue
        if char in "'\"" and not comment:
            quote = char
        elif source.startswith(close, pos) or source.startswith("-" + close, pos):
            return pos + (1 if source[pos] == "-" else 0)
        pos += 1
    return -1


def _raw(source: str, pos: int, pieces: list[tuple[str, str]]) -> tuple[int, bool]:
    match = re.compile(r"\{%(-?)\s*endraw\s*(-?)%\}").search(source, pos)
    if match is None:
        raise syntax_error("Missing end of raw directive")
    text = source[pos : match.start()]
    pieces[-1] = ("text", text.rstrip() if match.group(1) else text)
    return match.end(), bool(match.group(2))


def parse_template(source: str) -> list[Node]:
    pieces = lex(source)
    nodes, end = _parse_body(pieces, [0], [], [])
    if end is not None:
        raise syntax_error(f"Encountered unknown tag {end[0]!r}.")
    return nodes


def _parse_body(
    pieces: list[tuple[str, str]], at: list[int], ends: list[tuple[str, ...]], stack: list[str]
) -> tuple[list[Node], tuple[str, Tokens] | None]:
    nodes: list[Node] = []
    while at[0] < len(pieces):
        kind, body = pieces[at[0]]
        at[0] += 1
        if kind == "text":
            nodes.append(("text", body))
        elif kind == "out":
            nodes.append(("out", parse(body)))
        else:
            tokens = Tokens(body)
            name = tokens.take()[1]
            if ends and name in ends[-1]:
                return nodes, (name, tokens)
            nodes.append(_parse_tag(name, tokens, pieces, at, ends, stack))
    if ends:
        raise syntax_error(_looking("Unexpected end of template.", None, ends, stack))
    return nodes, None


def _looking(first: str, name: str | None, ends: list[tuple[str, ...]], stack: list[str]) -> str:
    words = [first]
    if ends:
        looking = " or ".join(repr(e) for e in ends[-1])
        if name is not None and any(name in e for e in ends):
            words.append(
                "You probably made a nesting mistake. Jinja is expecting this tag, but "
                f"currently looking for {looking}."
            )
        else:
            words.append(f"Jinja was looking for the following tags: {looking}.")
    if stack:
        words.append(f"The innermost block that needs to be closed is {stack[-1]!r}.")
    return " ".join(words)


def _sub(
    name: str, pieces: list[tuple[str, str]], at: list[int], ends: list[tuple[str, ...]],
    stack: list[str],
) -> tuple[list[Node], str, Tokens]:  # fmt: skip
    body, end = _parse_body(pieces, at, [*ends, ENDS[name]], [*stack, name])
    assert end is not None
    return body, end[0], end[1]


def _parse_tag(
    name: str, tokens: Tokens, pieces: list[tuple[str, str]], at: list[int],
    ends: list[tuple[str, ...]], stack: list[str],
) -> Node:  # fmt: skip
    if name == "if":
        branches: list[tuple[Expr, list[Node]]] = []
        test, other = parse_expression(tokens), []
        while True:
            body, end, rest = _sub("if", pieces, at, ends, stack)
            branches.append((test, body))
            if end == "elif":
                test = parse_expression(rest)
                continue
            if end == "else":
                other = _else(pieces, at, ends, stack, ("endif",), "if")[0]
            return ("if", tuple(branches), other)
    if name == "for":
        targets = [tokens.take()[1]]
        while tokens.accept(",", "op"):
            targets.append(tokens.take()[1])
        tokens.expect("in")
        iterable = parse_expression(tokens, condexpr=False)
        condition = parse_expression(tokens) if tokens.accept("if", "name") else None
        body, end, _ = _sub("for", pieces, at, ends, stack)
        other = _else(pieces, at, ends, stack, ("endfor",), "for")[0] if end == "else" else []
        return ("for", tuple(targets), iterable, condition, body, other)
    if name == "set":
        targets = [tokens.take()[1]]
        while tokens.accept(",", "op"):
            targets.append(tokens.take()[1])
        tokens.expect("=")
        return ("set", tuple(targets), parse_expression(tokens))
    if name == "block":
        block = tokens.take()[1]
        body, _, _ = _sub("block", pieces, at, ends, stack)
        return ("block", block, body)
    if name in ("extends", "include"):
        target = parse_expression(tokens)
        missing = tokens.accept("ignore", "name") and tokens.accept("missing", "name")
        return (name, target, missing)
    raise syntax_error(_looking(f"Encountered unknown tag {name!r}.", name, ends, stack))


def _else(
    pieces: list[tuple[str, str]], at: list[int], ends: list[tuple[str, ...]], stack: list[str],
    end: tuple[str, ...], name: str,
) -> tuple[list[Node], str]:  # fmt: skip
    body, found = _parse_body(pieces, at, [*ends, end], [*stack, name])
    assert found is not None
    return body, found[0]
