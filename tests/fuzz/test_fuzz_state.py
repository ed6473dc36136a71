"""A damaged world.json: refused with the field named, or loaded and still usable.

A real saved world (`fuzzkit.lived_in`) is mutated as a hand edit or a bad tool would: a value
replaced by another type or an extreme number, a key deleted or renamed, an ID swapped for
another ID of the world or for one that points nowhere, a list item duplicated. Loading it
with `store.load` either raises the store's `StateError`, which names the first bad field and
leaves the file as it was, or gives an engine on which `ps -a`, `images`, `inspect`, `rm -f`,
`run` and friends answer as the docker CLI does. Never a traceback.
"""

from __future__ import annotations

import copy
import json
import re
import tempfile
from pathlib import Path
from typing import Any

from fuzzkit import budget, check_result, guarded, lived_in
from hypothesis import event, given
from hypothesis import strategies as st

from dockersim import store
from dockersim.errors import StateError

_DIR = tempfile.TemporaryDirectory(prefix="dockersim-fuzz-state-")  # removed at exit
_STATE = Path(_DIR.name) / "world.json"
_ORIGINAL: dict[str, Any] = json.loads(lived_in()[1])
_ID = re.compile(r"(sha256:)?[a-f0-9]{64}")
#: How a refusal starts after the file's path: the field it names, or the store's own checks.
_NAMED = re.compile(r'(no version field|missing field "\w+"|unknown field .+|[a-z_]+[\[.:])')

Step = str | int


def _walk(node: Any, path: tuple[Step, ...], out: list[tuple[Step, ...]]) -> None:
    if path:
        out.append(path)
    if isinstance(node, dict):
        for key, value in node.items():
            _walk(value, (*path, key), out)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            _walk(value, (*path, index), out)


def _strings(node: Any, out: set[str]) -> None:
    if isinstance(node, dict):
        out.update(node)
        for value in node.values():
            _strings(value, out)
    elif isinstance(node, list):
        for value in node:
            _strings(value, out)
    elif isinstance(node, str) and len(node) < 100:
        out.add(node)


_PATHS: list[tuple[Step, ...]] = []
_walk(_ORIGINAL, (), _PATHS)
_POOL: set[str] = set()
_strings(_ORIGINAL, _POOL)
IDS = sorted(s for s in _POOL if _ID.fullmatch(s))
WORDS = sorted(s for s in _POOL if not _ID.fullmatch(s))


def _shape(text: str) -> str:
    if _ID.fullmatch(text):
        return "digest" if text.startswith("sha256:") else "hex"
    return "path" if text.startswith("/") else "word"


_SHAPES: dict[str, list[str]] = {}
for _text in sorted(_POOL):
    _SHAPES.setdefault(_shape(_text), []).append(_text)

EXTREME_NUMBERS = st.sampled_from(
    [0, -1, -(2**31), 2**31, 2**63, 2**64, 10**30, -(10**30), 1e308, -1e308, 0.5, 1e-300]
)
WEIRD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "x",
        "/",
        "..",
        "/../etc",
        "sha256:",
        "sha256:" + "0" * 64,
        "0" * 64,
        "\udc80",
        "\x00",
        "é/ü",
        "999.1.1.1",
        "0.0.0.0/0",
        "172.17.0.1/16",
        "2001:db8::1",
        "80/tcp",
        "-1/udp",
        "hub:nosuch|linux/amd64",
        "docker.io/library/nosuch:latest",
        "2025-13-45T99:99:99Z",
    ]
)
LONG_TEXT = st.integers(1000, 6000).map(lambda n: "a" * n)
SCALARS = st.one_of(
    LONG_TEXT,
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    EXTREME_NUMBERS,
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    WEIRD_TEXT,
)
GARBAGE = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
ANY_ID = st.one_of(
    st.sampled_from(IDS),
    st.text("0123456789abcdef", min_size=64, max_size=64),
    st.text("0123456789abcdef", min_size=64, max_size=64).map(lambda h: f"sha256:{h}"),
)


def _resolve(doc: Any, path: tuple[Step, ...]) -> tuple[Any, Step] | None:
    """The container of `path`'s last step, or None when an earlier mutation removed it."""
    node = doc
    for step in path[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return None
    last = path[-1]
    if isinstance(node, dict) and last in node:
        return node, last
    if isinstance(node, list) and isinstance(last, int) and last < len(node):
        return node, last
    return None


#: Where edits land: anywhere, but most often among the entities commands work on.
_TOP = [*sorted(_ORIGINAL), *["containers", "networks", "images", "layers", "references"] * 4]
_TOP += ["volumes", "nodes", "overlays", "swarm", "build_cache"] * 2
_UNDER = {top: [p for p in _PATHS if p[0] == top] for top in _ORIGINAL}
#: Edits that keep the type (so the world often loads) and edits that break it.
GENTLE = ["flip", "nudge", "same", "dup"]
KINDS = [*GENTLE, "replace", "delete", "id", "word", "rekey", "extreme"]


class Damage:
    """A damaged copy of the world and the edits that made it (what a failure prints)."""

    def __init__(self) -> None:
        self.doc: dict[str, Any] = copy.deepcopy(_ORIGINAL)
        self.edits: list[str] = []

    def __repr__(self) -> str:
        return f"Damage({'; '.join(self.edits)})"


@st.composite
def damaged(draw: st.DrawFn, kinds: list[str] = KINDS) -> Damage:
    damage = Damage()
    for _ in range(draw(st.integers(1, 3))):
        top = draw(st.sampled_from(_TOP))
        found = _resolve(damage.doc, draw(st.sampled_from(_UNDER[top])))
        if found is None:
            continue
        parent, step = found
        where = _show(damage.doc, parent, step)
        what = _edit(draw, draw(st.sampled_from(kinds)), parent, step)
        if what is not None:
            damage.edits.append(f"{where} {what}")
    return damage


def _edit(draw: st.DrawFn, kind: str, parent: Any, step: Step) -> str | None:
    """Apply one edit of `kind` to `parent[step]`; what it did, or None if it does not apply."""
    value = parent[step]
    is_number = type(value) in (int, float)
    new: Any
    if kind == "delete":
        del parent[step]
        return "deleted"
    if kind == "rekey":
        if not isinstance(parent, dict):
            return None
        key = draw(ANY_ID | st.sampled_from(WORDS) | WEIRD_TEXT)
        parent[key] = parent.pop(step)
        return f"renamed {key!r:.80}"
    if kind == "dup":
        if not isinstance(parent, list):
            return None
        parent.append(copy.deepcopy(value))
        return "duplicated"
    if kind == "flip":
        if not isinstance(value, bool):
            return None
        new = not value
    elif kind == "nudge":
        if not is_number:
            return None
        new = value + type(value)(draw(st.sampled_from([-1, 1, 2, 7, 100, 10**6])))
    elif kind == "same":
        if not isinstance(value, str):
            return None
        new = draw(st.sampled_from(_SHAPES[_shape(value)]))
    elif kind == "replace":
        new = draw(GARBAGE)
    elif kind == "id":
        new = draw(ANY_ID)
    elif kind == "word":
        new = draw(st.sampled_from(WORDS) | WEIRD_TEXT | LONG_TEXT)
    else:
        new = draw(EXTREME_NUMBERS if is_number else WEIRD_TEXT)
    parent[step] = new
    return f"= {new!r:.120}"


def _show(doc: Any, parent: Any, step: Step) -> str:
    """Where an edit landed, as a JSON path (found again by walking to `parent`)."""
    for path in _PATHS:
        found = _resolve(doc, path)
        if found is not None and found[0] is parent:
            return "".join(f"[{p!r}]" for p in path[:-1]) + f"[{step!r}]"
    return f"?[{step!r}]"


COMMANDS = (
    "ps -a",
    "ps -a -s",
    "images -a",
    "inspect web sleeper c1",
    "network ls",
    "network inspect mynet ov",
    "volume ls",
    "system df",
    "logs once",
    "diff c1",
    "start c1",
    "stop -t 1 web",
    "unpause sleeper",
    "exec rd redis-cli get k",
    "rm -f once",
    "rmi -f snap:1",
    "run --rm alpine echo hi",
    "run -d --name new --network mynet -v data:/d alpine sleep 5",
    "image prune -f",
    "node ls",
)


def _load_and_use(damage: Damage) -> None:
    # given a damaged state file
    text = json.dumps(damage.doc)
    _STATE.write_text(text, encoding="utf-8")
    # when the next dockersim command loads it
    try:
        engine, _ = store.load(_STATE)
    except StateError as exc:
        # then it is refused, naming the field, and the file is kept as it was
        prefix = f"dockersim: cannot read the saved world {_STATE}: "
        message = str(exc)
        if "was written by a newer dockersim" in message:
            return
        assert message.startswith(prefix), message
        assert _NAMED.match(message[len(prefix) :]), message
        assert "unexpected content" not in message, message
        assert _STATE.read_text(encoding="utf-8") == text
        event(f"refused: {re.split(r'[^a-z_]', message[len(prefix) :])[0]}")
        return
    event("loaded")
    # or it loads, and every command answers with a status, never a traceback
    for line in COMMANDS:
        check_result(guarded(engine.docker, line))
    guarded(engine.advance, 3600)
    check_result(guarded(engine.docker, "ps -a"))
    check_result(guarded(engine.host, "curl -s localhost:8080"))
    json.loads(engine.dumps())


@budget(60)
@given(damaged())
def test_a_damaged_world_is_refused_by_field_or_still_works(damage):
    _load_and_use(damage)


@budget(60)
@given(damaged(GENTLE))
def test_a_hand_edited_world_is_refused_by_field_or_still_works(damage):
    _load_and_use(damage)
