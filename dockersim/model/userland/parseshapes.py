"""Scripts that differ only in their numbers: `echo 1 > f; sleep 100`, `echo 2 > f; sleep 100`.

A text's *shape* is the text with every number word taken out: a run of ASCII digits after a
blank and before a blank, `;`, a newline or the end (`NUMBER`). Where the shell reads such a
run as a word of its own, its digits never change how the rest is read (a number is never a
keyword, a name or, so placed, a descriptor number), so texts of one shape parse into one
tree but for those words.

A shape is learnt from a text whose tree is known (parsememo.py) the second time a text of
that shape is parsed (one seen once costs nothing more): the text is parsed again with other
numbers, longer than any there (`_probe`), and the two trees must be the same but for words
that are exactly the numbers, one word for each number, found where the numbers were. Only
plain trees are learnt: no here-document (its end is a line compared with a word), no
function definition (it keeps its source text), no case, arithmetic or command
substitution. A text of a learnt shape then gets the learnt tree with its own numbers in
those words (`recall`): what parsing it gives, without the parse.
"""

from __future__ import annotations

import contextlib
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, cast

import attrs

from dockersim.model.userland.ast import (
    AndOr,
    For,
    Group,
    If,
    Lit,
    Loop,
    Param,
    Pipeline,
    Redir,
    Redirected,
    Seq,
    Simple,
    Subshell,
    Tilde,
    Word,
)
from dockersim.model.userland.lexer import ParseError
from dockersim.model.userland.parser import Parser
from dockersim.model.userland.types import MemoryExhausted, NestingLimit

#: a number word: digits after a blank, before a blank, `;`, a newline or the end
NUMBER = re.compile(r"(?<=[ \t])[0-9]+(?=[ \t;\n]|\Z)")
#: what stands for each number in a shape (a text holding it has no shape)
MARK = "\x00"
KEPT = 256

#: the node types a learnt tree may hold (none keeps source text or compares a word's text)
_PLAIN = (Seq, AndOr, Pipeline, Simple, Redirected, Redir, Word, Lit, Param, Tilde)
_PLAIN_BLOCKS = (Group, Subshell, If, Loop, For)
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in attrs.fields(cls)) for cls in (*_PLAIN, *_PLAIN_BLOCKS)
}

#: where a number's word sits in a tree: the steps (a field's name, an index) down to it
Path = tuple[str | int, ...]
#: the steps to each number's word, merged: step -> the steps below, or the number's index
Trie = dict[str | int, "Trie | int"]

#: makes the commands of a text of one shape from its numbers
Build = Callable[[list[str]], object]
#: (shape, dialect, first line) -> what makes the commands of a text of that shape; None: a
#: text of the shape was parsed once (learnt at the next), False: the shape cannot be learnt
_SHAPES: OrderedDict[tuple[str, str, int], Build | bool | None] = OrderedDict()


def shape_of(text: str) -> tuple[str, list[str]] | None:
    """The text's shape and its numbers in order, or None when it has no number word."""
    numbers = NUMBER.findall(text)
    if not numbers or MARK in text:
        return None
    return NUMBER.sub(MARK, text), numbers


def recall(shape: str, numbers: list[str], dialect: str, first_line: int) -> tuple[Seq, ...] | None:
    """The commands of a text of a learnt `shape` with these `numbers`, else None."""
    known = _SHAPES.get((shape, dialect, first_line))
    if known is None or isinstance(known, bool):
        return None
    return cast(tuple[Seq, ...], known(numbers))


def learn(
    text: str, shape: str, numbers: list[str], dialect: str, first_line: int, commands: list[Seq]
) -> None:
    """Note a parsed text's shape; the second text of one shape teaches it (see above)."""
    key = (shape, dialect, first_line)
    if key not in _SHAPES:
        if len(_SHAPES) >= KEPT:
            with contextlib.suppress(KeyError):  # (emptied meanwhile by another thread)
                _SHAPES.popitem(last=False)
        _SHAPES[key] = None
        return
    if _SHAPES.get(key, False) is not None:
        return
    trie = _learnt(text, numbers, dialect, first_line, commands)
    _SHAPES[key] = False if trie is None else _builder(tuple(commands), trie, numbers)


def _learnt(
    text: str, numbers: list[str], dialect: str, first_line: int, commands: list[Seq]
) -> Trie | None:
    """Where the numbers' words are in `commands`, if the probe shows every other part of the
    tree to be the same whatever the numbers."""
    width = max(len(n) for n in numbers) + len(str(len(numbers))) + 1
    probes = ["1" + str(i).zfill(width - 1) for i in range(len(numbers))]
    pieces = iter(probes)
    probe_text = NUMBER.sub(lambda _m: next(pieces), text)
    parser = Parser(probe_text, dialect, first_line)
    probed: list[Seq] = []
    try:
        while (seq := parser.next_command()) is not None:
            probed.append(seq)
    except (ParseError, NestingLimit, MemoryExhausted):
        return None
    finally:
        parser.release()
    index = {probe: i for i, probe in enumerate(probes)}
    found: list[tuple[Path, int]] = []
    if not _same_but_numbers(commands, probed, (), numbers, index, found):
        return None
    if sorted(i for _path, i in found) != list(range(len(numbers))):
        return None  # a number that is not a word of its own (quoted, in a comment)
    trie: Trie = {}
    for path, i in found:
        node = trie
        for step in path[:-1]:
            below = node.setdefault(step, {})
            assert isinstance(below, dict)
            node = below
        node[path[-1]] = i
    return trie


def _number_word(word: Word) -> str | None:
    parts = word.parts
    if len(parts) == 1:
        part = parts[0]
        if type(part) is Lit and not part.quoted and part.text == word.raw:
            return part.text
    return None


def _same_but_numbers(
    a: object,
    b: object,
    path: Path,
    numbers: list[str],
    index: dict[str, int],
    found: list[tuple[Path, int]],
) -> bool:
    """Whether trees `a` (the text's) and `b` (the probe's) are equal but for words holding
    number i in `a` and probe i in `b` (their paths go to `found`)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, (list, tuple)):
        assert isinstance(b, (list, tuple))
        return len(a) == len(b) and all(
            _same_but_numbers(x, y, (*path, i), numbers, index, found)
            for i, (x, y) in enumerate(zip(a, b, strict=True))
        )
    if a is None or isinstance(a, (str, int)):  # (bool is an int)
        return a == b
    if isinstance(a, Word):
        assert isinstance(b, Word)
        mine, probe = _number_word(a), _number_word(b)
        if mine is not None and probe is not None and probe in index:
            i = index[probe]
            if numbers[i] != mine:
                return False
            found.append((path, i))
            return True
    elif isinstance(a, Redir) and a.op in ("<<", "<<-"):
        return False  # a here-document ends at a line equal to a word
    elif not isinstance(a, (*_PLAIN, *_PLAIN_BLOCKS)):
        return False
    return all(
        _same_but_numbers(getattr(a, name), getattr(b, name), (*path, name), numbers, index, found)
        for name in _FIELDS[type(a)]
    )


def _builder(node: object, trie: Trie | int, learnt: list[str]) -> Build:
    """What makes `node` (of the text whose numbers are `learnt`) with other numbers in the
    words `trie` leads to: a copy of each node on the way to a number that differs, the rest
    shared (a tree is never changed once parsed)."""
    if isinstance(trie, int):
        i, same = trie, learnt[trie]
        return lambda numbers: node if numbers[i] == same else Word([Lit(numbers[i])], numbers[i])
    parts: list[Any]
    make: Callable[..., object] | None
    if isinstance(node, (list, tuple)):
        parts, places = list(node), [int(step) for step in trie]
        make = None if isinstance(node, list) else _tuple
    else:
        fields = _FIELDS[type(node)]
        parts = [getattr(node, name) for name in fields]
        places = [fields.index(str(step)) for step in trie]
        make = type(node)
    below = [
        (at, _builder(parts[at], sub, learnt))
        for at, sub in zip(places, trie.values(), strict=True)
    ]

    def build(numbers: list[str]) -> object:
        made: list[Any] | None = None
        for at, part in below:
            new = part(numbers)
            if new is not parts[at]:
                if made is None:
                    made = parts.copy()
                made[at] = new
        if made is None:
            return node
        return made if make is None else make(*made)

    return build


def _tuple(*items: object) -> tuple[object, ...]:
    return items
