"""The per-instruction argument parsers of buildkit's Dockerfile parser (line_parsers.go).

Each takes the text after the instruction (flags already removed) and returns the argument
nodes, and whether the arguments were a JSON array (exec form). Quotes and escapes are kept:
they are removed later, by the variable-substitution lexer (`build/shell.py`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from dockersim.build.ast import Node
from dockersim.build.errors import DockerfileError

#: parser.go reWhitespace: the separators of whitespace-delimited arguments (no newline).
WHITESPACE = re.compile(r"[\t\v\f\r ]+")
NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only"

LineParser = Callable[[str, str], tuple[tuple[Node, ...], bool]]


def parse_words(rest: str, escape: str) -> list[str]:
    """parseWords: split on whitespace outside quotes; quotes and escapes stay in the words.

    grammar: words := (spaces | word)* ; word := (char | escape char | quote ... quote)+
    """
    words: list[str] = []
    word: list[str] = []
    in_word = False
    quote = ""
    blank_ok = False
    i = 0
    n = len(rest)
    while i <= n:
        if i == n:
            if in_word and (blank_ok or word):
                words.append("".join(word))
            break
        ch = rest[i]
        if not in_word:
            if ch.isspace():
                i += 1
                continue
            in_word = True
        if not quote:
            if ch.isspace():
                if blank_ok or word:
                    words.append("".join(word))
                word = []
                blank_ok = False
                in_word = False
                i += 1
                continue
            if ch in "'\"":
                quote = ch
                blank_ok = True
            if ch == escape:
                if i + 1 == n:
                    i += 1
                    continue
                word.append(ch)
                i += 1
                ch = rest[i]
            word.append(ch)
            i += 1
            continue
        if ch == quote:
            quote = ""
        if ch == escape and quote != "'":
            if i + 1 == n:
                quote = ""
                i += 1
                continue
            word.append(ch)
            i += 1
            ch = rest[i]
        word.append(ch)
        i += 1
    return words


def parse_json(rest: str) -> tuple[Node, ...] | None:
    """parseJSON: the strings of a JSON array, or None when `rest` is not a JSON array.

    Raises DockerfileError when it is an array holding something else than strings.
    """
    text = rest.lstrip()
    if not text.startswith("["):
        return None
    try:
        value: Any = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, list):
        return None
    for item in value:
        if not isinstance(item, str):
            raise DockerfileError(NOT_STRING_ARRAY)
    return tuple(Node(item) for item in value)


def _reject_constant(name: str) -> Any:
    raise ValueError(name)


def parse_maybe_json(rest: str, escape: str) -> tuple[tuple[Node, ...], bool]:
    """RUN, CMD, ENTRYPOINT, SHELL: a JSON array, else the whole text as one argument."""
    if rest == "":
        return (), False
    nodes = parse_json(rest)
    if nodes is not None:
        return nodes, True
    return (Node(rest),), False


def parse_maybe_json_to_list(rest: str, escape: str) -> tuple[tuple[Node, ...], bool]:
    """ADD, COPY, VOLUME: a JSON array, else whitespace-separated words."""
    nodes = parse_json(rest)
    if nodes is not None:
        return nodes, True
    return parse_strings_whitespace_delimited(rest, escape)


def parse_strings_whitespace_delimited(rest: str, escape: str) -> tuple[tuple[Node, ...], bool]:
    """FROM, EXPOSE: whitespace-separated words, quotes not special."""
    if rest == "":
        return (), False
    return tuple(Node(part) for part in WHITESPACE.split(rest)), False


def parse_string(rest: str, escape: str) -> tuple[tuple[Node, ...], bool]:
    """MAINTAINER, USER, WORKDIR, STOPSIGNAL: the rest as one argument."""
    if rest == "":
        return (), False
    return (Node(rest),), False


def parse_name_or_name_val(rest: str, escape: str) -> tuple[tuple[Node, ...], bool]:
    """ARG: `NAME` or `NAME=value` words (split by parse_words)."""
    return tuple(Node(word) for word in parse_words(rest, escape)), False


def _name_val(rest: str, escape: str, key: str) -> tuple[tuple[Node, ...], bool]:
    """ENV, LABEL: `k=v ...` triples (key, value, "="), or legacy `KEY value` (key, value, "")."""
    words = parse_words(rest, escape)
    if not words:
        return (), False
    if "=" not in words[0]:
        parts = WHITESPACE.split(rest, maxsplit=1)
        if len(parts) < 2:
            raise DockerfileError(f"{key} must have two arguments")
        return (Node(parts[0]), Node(parts[1]), Node("")), False
    nodes: list[Node] = []
    for word in words:
        if "=" not in word:
            raise DockerfileError(
                f"Syntax error - can't find = in {_go_q(word)}. Must be of the form: name=value"
            )
        name, value = word.split("=", 1)
        nodes += [Node(name), Node(value), Node("=")]
    return tuple(nodes), False


def parse_env(rest: str, escape: str) -> tuple[tuple[Node, ...], bool]:
    return _name_val(rest, escape, "ENV")


def parse_label(rest: str, escape: str) -> tuple[tuple[Node, ...], bool]:
    return _name_val(rest, escape, "LABEL")


def parse_health_config(rest: str, escape: str) -> tuple[tuple[Node, ...], bool]:
    """HEALTHCHECK: a type word (`CMD`, `NONE`) then a maybe-JSON command."""
    sep = 0
    while sep < len(rest) and not rest[sep].isspace():
        sep += 1
    if sep == 0:
        return (), False
    nxt = sep
    while nxt < len(rest) and rest[nxt].isspace():
        nxt += 1
    command, is_json = parse_maybe_json(rest[nxt:], escape)
    return (Node(rest[:sep]), *command), is_json


def parse_ignore(rest: str, escape: str) -> tuple[tuple[Node, ...], bool]:
    """An unknown instruction keeps no arguments (instructions.Parse rejects it later)."""
    return (Node(""),), False


def _go_q(text: str) -> str:
    from dockersim.model.humanize import go_quote

    return go_quote(text)


#: parser.go dispatch: instruction (lower case) -> argument parser.
DISPATCH: dict[str, LineParser] = {
    "add": parse_maybe_json_to_list,
    "arg": parse_name_or_name_val,
    "cmd": parse_maybe_json,
    "copy": parse_maybe_json_to_list,
    "entrypoint": parse_maybe_json,
    "env": parse_env,
    "expose": parse_strings_whitespace_delimited,
    "from": parse_strings_whitespace_delimited,
    "healthcheck": parse_health_config,
    "label": parse_label,
    "maintainer": parse_string,
    "run": parse_maybe_json,
    "shell": parse_maybe_json,
    "stopsignal": parse_string,
    "user": parse_string,
    "volume": parse_maybe_json_to_list,
    "workdir": parse_string,
}


def split_command(line: str, escape: str) -> tuple[str, tuple[str, ...], str]:
    """splitCommand: the instruction word, its `--flags`, and the rest of the line."""
    parts = WHITESPACE.split(line.strip(), maxsplit=1)
    if len(parts) < 2:
        return parts[0], (), ""
    rest, flags = extract_builder_flags(parts[1], escape)
    return parts[0], flags, rest.strip()


def extract_builder_flags(line: str, escape: str) -> tuple[str, tuple[str, ...]]:
    """extractBuilderFlags: leading `--words` (quotes removed); a bare `--` ends them."""
    words: list[str] = []
    word: list[str] = []
    in_word = False
    quote = ""
    blank_ok = False
    i = 0
    n = len(line)
    while i <= n:
        if i == n:
            if in_word:
                text = "".join(word)
                if text != "--" and (blank_ok or text):
                    words.append(text)
            break
        ch = line[i]
        if not in_word:
            if ch.isspace():
                i += 1
                continue
            if ch != "-" or i + 1 == n or line[i + 1] != "-":
                return line[i:], tuple(words)
            in_word = True
        if not quote:
            if ch.isspace():
                text = "".join(word)
                in_word = False
                if text == "--":
                    return line[i:], tuple(words)
                if blank_ok or text:
                    words.append(text)
                word = []
                blank_ok = False
                i += 1
                continue
            if ch in "'\"":
                quote = ch
                blank_ok = True
                i += 1
                continue
            if ch == escape:
                if i + 1 == n:
                    i += 1
                    continue
                i += 1
                ch = line[i]
            word.append(ch)
            i += 1
            continue
        if ch == quote:
            quote = ""
            i += 1
            continue
        if ch == escape:
            if i + 1 == n:
                quote = ""
                i += 1
                continue
            i += 1
            ch = line[i]
        word.append(ch)
        i += 1
    return "", tuple(words)
