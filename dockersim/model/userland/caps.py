"""What one simulated process tree may hold in memory, and how deep it may nest.

A learner's script must not be able to exhaust the machine that simulates it: a variable that
doubles in a loop, `python -c 's = "a" * 10**10'`, a function that calls itself. So the
userland charges what its programs keep alive against a cap, deterministically (the same
script fails at the same point everywhere), and fails the way the real program fails when it
cannot allocate: bash dies with `xrealloc: cannot allocate`, dash with `Out of space`,
Python raises `MemoryError`. Past a container's own `--memory` limit the kernel's OOM killer
ends the process instead (exit 137).

Nesting (function calls, subshells, command substitutions, `eval`, `.`, nested shells) is
counted too, and also bounded in Python frames from where the userland was entered, so that a
recursion always ends with the shell's error and never with Python's RecursionError.
"""

from __future__ import annotations

import inspect
from contextvars import ContextVar, Token
from types import FrameType

from dockersim.model.userland.types import MemoryExhausted, OutOfMemory

MiB = 1024 * 1024

#: Bytes of values one process tree may hold at once: shell variables, positional parameters,
#: function bodies, the expansion being built, a command substitution's output, a here-doc;
#: pyeval's strings, lists and integers. A string counts one byte per character.
MAX_MEMORY = 16 * MiB
#: Bytes of input a process tree may hold at once: the text of the files its programs read
#: (with LINE_BYTES a line), of the files redirected into commands, of here-documents.
#: Twice the largest file (cowfs.MAX_FILE_BYTES), so any one file can be read.
MAX_INPUT = 64 * MiB
#: What each field of an expansion or item of a list costs besides its characters.
ITEM_BYTES = 64
#: What each line of what a program reads costs besides its characters (the programs that
#: split their input into lines keep a string per line: this bounds them to about a million).
LINE_BYTES = 16
#: What a stored function body costs per character of its source (its syntax tree).
AST_BYTES_PER_CHAR = 100
#: The longest complete command the shell parses at once (its syntax tree is about
#: AST_BYTES_PER_CHAR times larger); longer is a memory failure, like the cap.
MAX_PARSE_CHARS = 64 * 1024
#: How deep function calls, subshells, command substitutions, eval, `.` and nested shells may
#: nest (bash's FUNCNEST, which is unlimited by default; real shells then overflow their stack).
MAX_NESTING = 100
#: Python frames the userland may use below where it was entered; a recursion that would
#: need more stops with the nesting error first (deep bodies reach it before MAX_NESTING).
FRAME_BUDGET = 700
#: Frames kept free below Python's recursion limit, whatever called the userland.
FRAME_MARGIN = 80
#: Nesting levels each recursive part (shell, parser, arithmetic, Python) goes before it
#: counts frames (`too_deep` walks the stack: the shallow, common case skips it). What they
#: may add unchecked (about 100 frames) fits between FRAME_BUDGET and the margin.
SHALLOW = 3

#: What `Quota.hits` records when a process ran out of memory.
MEMORY_HIT = f"a program ran out of memory ({MAX_MEMORY // MiB} MiB, the cap on a process's values)"


class Heap:
    """The bytes a process tree holds now; shared by a shell, its subshells and the shells
    it starts (a conservative stand-in for their separate address spaces).

    Two budgets: `used` for values (MAX_MEMORY) and `input` for what programs and
    redirections read (MAX_INPUT). `cgroup` is the container's `--memory` limit (0: none):
    past it, both together, the process is OOM-killed.
    """

    def __init__(self, cgroup: int = 0, limit: int = MAX_MEMORY) -> None:
        self.used = 0
        self.limit = limit
        self.input = 0
        self.input_limit = MAX_INPUT
        self.cgroup = cgroup
        #: an allocation failed (a process ran out of memory)
        self.exhausted = False

    def need(self, more: int) -> None:
        """`more` bytes of values are about to exist besides what is held; raise if they
        cannot (MemoryExhausted, or OutOfMemory past the cgroup's limit)."""
        if more <= 0:
            return
        total = self.used + more
        if self.cgroup and total + self.input > self.cgroup:
            raise OutOfMemory()
        if total > self.limit:
            self.exhausted = True
            raise MemoryExhausted(more, self.used)

    def need_input(self, more: int) -> None:
        """The same for `more` bytes read (a file's text, a here-document)."""
        if more <= 0:
            return
        total = self.input + more
        if self.cgroup and total + self.used > self.cgroup:
            raise OutOfMemory()
        if total > self.input_limit:
            self.exhausted = True
            raise MemoryExhausted(more, self.input)

    def charge_input(self, delta: int) -> None:
        self.input = max(self.input + delta, 0)

    @property
    def room(self) -> int:
        """Bytes that may still be allocated."""
        cap = min(self.limit, self.cgroup) if self.cgroup else self.limit
        return max(cap - self.used, 0)

    def charge(self, delta: int) -> None:
        """Hold `delta` more bytes (less when negative), after `need` allowed it."""
        self.used = max(self.used + delta, 0)


def items_cost(items: list[str]) -> int:
    return sum(map(len, items)) + ITEM_BYTES * len(items)


# --- nesting ------------------------------------------------------------------------------------

#: Python's default recursion limit: whatever called the userland, it stays below this.
PYTHON_LIMIT = 1000


class _Anchor:
    """The frame the userland was entered from, and that frame's depth in the stack, counted
    the first time a limit asks (a program that never nests deep never pays the walk)."""

    __slots__ = ("_depth", "frame")

    def __init__(self, frame: FrameType | None) -> None:
        self.frame = frame
        self._depth = -1 if frame is not None else 0

    @property
    def depth(self) -> int:
        if self._depth < 0:  # (the frame lives while the userland runs: its depth holds)
            depth = 0
            walk = self.frame
            while walk is not None:
                depth += 1
                walk = walk.f_back
            self._depth = depth
        return self._depth


#: where the userland was entered (None: it is not running)
_BASE: ContextVar[_Anchor | None] = ContextVar("userland_base", default=None)
_OUTSIDE = _Anchor(None)


def enter() -> Token[_Anchor | None] | None:
    """Mark the caller's frame as where the userland starts (frames are counted from it);
    pass the token to `leave`. None when already inside the userland."""
    entered = _BASE.get()
    if entered is not None and entered.frame is not None:
        return None
    here = inspect.currentframe()
    frame = here.f_back if here is not None else None
    # (a local naming this frame would make it a cycle that keeps the caller's frame, and all
    # the process's state, until the garbage collector runs)
    del here
    return _BASE.set(_Anchor(frame))


def in_userland() -> bool:
    """Whether a process's own code is running now (a program, a shell): what it looks up in
    /proc and /sys it sees as a process does (model/kernelfs.py)."""
    entered = _BASE.get()
    return entered is not None and entered.frame is not None


def leave(token: Token[_Anchor | None] | None) -> None:
    if token is not None:
        _BASE.reset(token)


def frame_headroom() -> int:
    """How many frames the caller may still add before `too_deep` says so. Work that met no
    limit with this much room meets none with as much or more (a remembered parse)."""
    entered = _BASE.get() or _OUTSIDE
    anchor = entered.frame
    ceiling = min(FRAME_BUDGET, PYTHON_LIMIT - FRAME_MARGIN - entered.depth)
    here = inspect.currentframe()
    frame = here.f_back if here is not None else None
    del here  # (as in `enter`)
    count = 0
    while frame is not None and frame is not anchor:
        count += 1
        frame = frame.f_back
    return ceiling - count


def too_deep(depth: int = SHALLOW) -> bool:
    """Whether the stack is past the userland's frame budget (or near Python's limit); the
    caller's own nesting `depth` below SHALLOW is taken as not too deep.

    Walks up to the frame the userland was entered from: the cost is the current depth,
    small except in a deep recursion (which this stops)."""
    if depth < SHALLOW:
        return False
    entered = _BASE.get() or _OUTSIDE
    anchor = entered.frame
    ceiling = min(FRAME_BUDGET, PYTHON_LIMIT - FRAME_MARGIN - entered.depth)
    frame = inspect.currentframe()
    count = 0
    while frame is not None and frame is not anchor:
        count += 1
        if count > ceiling:
            return True
        frame = frame.f_back
    return False


# --- exec ---------------------------------------------------------------------------------------

#: Linux's limits on what exec() takes (argv and environment): MAX_ARG_STRLEN per string and
#: ARG_MAX in all (the default 8 MiB stack / 4); past them exec fails with E2BIG.
MAX_ARG_STRLEN = 128 * 1024
ARG_MAX = 2 * 1024 * 1024


def fits_exec(argv: list[str], env: dict[str, str]) -> bool:
    """Whether exec() takes `argv` and `env`: each string (NAME=value) under MAX_ARG_STRLEN
    bytes, all of them (with their NULs and pointers) within ARG_MAX."""
    total = 0
    longest = 0
    for text in argv:
        size = len(text) if text.isascii() else len(text.encode())
        total += size + 9
        longest = max(longest, size)
    for key, value in env.items():
        if key.isascii() and value.isascii():
            size = len(key) + 1 + len(value)
        else:
            size = len(f"{key}={value}".encode())
        total += size + 9
        longest = max(longest, size)
    return total <= ARG_MAX and longest < MAX_ARG_STRLEN
