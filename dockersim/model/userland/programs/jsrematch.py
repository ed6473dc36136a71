"""The matcher of jsrecompile's regular expressions: continuation-passing closures that
backtrack as ECMAScript's pattern semantics say (each `Matcher(state, i, k)` tries to match at
`i` and calls the continuation `k` with where it ended; a failure undoes the captures it set).
Every repetition and every start position costs one step of the call's budget."""

from __future__ import annotations

from collections.abc import Callable

from dockersim.model.userland.programs.jsvalues import Unsupported

#: backtracking steps one call (exec, replace, split ...) may take (a few tenths of a second)
MAX_STEPS = 200_000
#: and all the calls of one program together
MAX_PROGRAM_STEPS = 1_000_000
LINE_TERMINATORS = "\n\r\u2028\u2029"
WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")

Pred = Callable[[str], bool]
Cont = Callable[["State", int], bool]
Matcher = Callable[["State", int, Cont], bool]


class RegexSyntaxError(Exception):
    """A pattern V8 rejects: the reason it gives (`Unterminated group`)."""


class TooManySteps(Exception):
    """One match backtracked more than MAX_STEPS times."""


class State:
    """One match attempt: the input, the capture positions, the steps taken."""

    __slots__ = ("budget", "caps", "text")

    def __init__(self, text: str, groups: int, budget: list[int]) -> None:
        self.text = text
        self.caps: list[int] = [-1] * (2 * groups + 2)
        #: the steps left (shared by the matches of one call)
        self.budget = budget


def canonical(ch: str, unicode: bool) -> str:
    """Canonicalize (ignoreCase): simple upper case; without `u`, never to ASCII from beyond."""
    if unicode:
        low = ch.lower()
        return low if len(low) == 1 else ch
    up = ch.upper()
    if len(up) != 1 or (ord(ch) >= 128 and ord(up) < 128):
        return ch
    return up


class Compiled:
    """A parsed pattern: its matcher, how many groups it has and their names."""

    def __init__(self, matcher: Matcher, groups: int, names: dict[str, int]) -> None:
        self.matcher = matcher
        self.groups = groups
        self.names = names

    def search(self, text: str, start: int, sticky: bool, budget: list[int]) -> list[int] | None:
        """The capture positions (pairs, -1 unset) of the first match from `start` (only at
        `start` when sticky), or None. Raises TooManySteps when `budget` runs out."""
        state = State(text, self.groups, budget)

        def done(st: State, end: int) -> bool:
            st.caps[1] = end
            return True

        last = start if sticky else len(text)
        try:
            for at in range(start, last + 1):
                tick(state)
                state.caps[:] = [-1] * len(state.caps)
                state.caps[0] = at
                if self.matcher(state, at, done):
                    return state.caps
        except RecursionError:
            raise Unsupported("a regular expression repeating a group this many times") from None
        return None


def tick(st: State) -> None:
    st.budget[0] -= 1
    if st.budget[0] < 0:
        raise TooManySteps()


def alternation(options: list[Matcher]) -> Matcher:
    def alt(st: State, i: int, k: Cont) -> bool:
        return any(option(st, i, k) for option in options)

    return alt


def sequence(terms: list[Matcher]) -> Matcher:
    if not terms:
        return lambda st, i, k: k(st, i)
    if len(terms) == 1:
        return terms[0]
    first, rest = terms[0], sequence(terms[1:])
    return lambda st, i, k: first(st, i, lambda st2, j: rest(st2, j, k))


class _Char:
    """A matcher of one character (its test kept for the repetition's fast path)."""

    __slots__ = ("back", "pred")

    def __init__(self, pred: Pred, back: bool) -> None:
        self.pred = pred
        self.back = back

    def __call__(self, st: State, i: int, k: Cont) -> bool:
        if self.back:
            return i > 0 and self.pred(st.text[i - 1]) and k(st, i - 1)
        return i < len(st.text) and self.pred(st.text[i]) and k(st, i + 1)


def char(pred: Pred, back: bool) -> Matcher:
    return _Char(pred, back)


def _run(char: _Char, low: int, high: int, greedy: bool) -> Matcher:
    """`c{low,high}` of one character: the run scanned once, then its ends tried."""
    pred, back = char.pred, char.back

    def run(st: State, i: int, k: Cont) -> bool:
        text, step = st.text, -1 if back else 1
        limit = (0 if back else len(text)) if high == -1 else (
            max(0, i - high) if back else min(len(text), i + high))  # fmt: skip
        j = i
        while j != limit and pred(text[j - 1] if back else text[j]):
            j += step
        if abs(j - i) < low:
            return False
        first = i + step * low
        ends = range(j, first - step, -step) if greedy else range(first, j + step, step)
        for end in ends:
            tick(st)
            if k(st, end):
                return True
        return False

    return run


def anchor(ch: str, multiline: bool) -> Matcher:
    if ch == "^":
        if multiline:
            return lambda st, i, k: (i == 0 or st.text[i - 1] in LINE_TERMINATORS) and k(st, i)
        return lambda st, i, k: i == 0 and k(st, i)
    if multiline:
        return lambda st, i, k: (
            i == len(st.text) or st.text[i] in LINE_TERMINATORS) and k(st, i)  # fmt: skip
    return lambda st, i, k: i == len(st.text) and k(st, i)


def _is_word(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i] in WORD


def boundary(want: bool) -> Matcher:
    return lambda st, i, k: (_is_word(st.text, i - 1) != _is_word(st.text, i)) == want and k(st, i)


def look(inner: Matcher, negative: bool) -> Matcher:
    def look(st: State, i: int, k: Cont) -> bool:
        saved = list(st.caps)
        found = inner(st, i, lambda st2, j: True)
        if found == negative:
            st.caps[:] = saved
            return False
        if k(st, i):
            return True
        st.caps[:] = saved
        return False

    return look


def capture(inner: Matcher, index: int, back: bool) -> Matcher:
    def capture(st: State, i: int, k: Cont) -> bool:
        def after(st2: State, j: int) -> bool:
            old = st2.caps[2 * index], st2.caps[2 * index + 1]
            st2.caps[2 * index : 2 * index + 2] = (j, i) if back else (i, j)
            if k(st2, j):
                return True
            st2.caps[2 * index], st2.caps[2 * index + 1] = old
            return False

        return inner(st, i, after)

    return capture


def _backref_text(st: State, index: int) -> str:
    start, end = st.caps[2 * index], st.caps[2 * index + 1]
    return "" if start < 0 or end < 0 else st.text[start:end]


def backref(index: int, icase: bool, unicode: bool, back: bool) -> Matcher:
    def ref(st: State, i: int, k: Cont) -> bool:
        want = _backref_text(st, index)
        size = len(want)
        got = st.text[i - size : i] if back else st.text[i : i + size]
        if len(got) != size or (back and i - size < 0):
            return False
        if icase:
            same = all(
                canonical(a, unicode) == canonical(b, unicode)
                for a, b in zip(got, want, strict=True)
            )
        else:
            same = got == want
        return same and k(st, i - size if back else i + size)

    return ref


def named_backref(names: dict[str, int], name: str, icase: bool, unicode: bool,
                  back: bool) -> Matcher:  # fmt: skip
    """`\\k<name>`: the group's number is known once the whole pattern is parsed."""
    cell: dict[str, Matcher] = {}

    def ref(st: State, i: int, k: Cont) -> bool:
        if "m" not in cell:  # the group may come later in the pattern
            cell["m"] = backref(names[name], icase, unicode, back)
        return cell["m"](st, i, k)

    return ref


def repeat(atom: Matcher, low: int, high: int, greedy: bool, first: int, last: int) -> Matcher:
    """`atom{low,high}` (high -1: no bound); groups first..last-1 are inside the atom."""
    if isinstance(atom, _Char):
        return _run(atom, low, high, greedy)

    def rep(st: State, i: int, k: Cont, count: int) -> bool:
        tick(st)
        if high != -1 and count >= high:
            return k(st, i)

        def again(st2: State, j: int) -> bool:
            if j == i and count >= low:
                return False  # an empty iteration ends the loop
            return rep(st2, j, k, count + 1)

        def body() -> bool:
            saved = st.caps[2 * first : 2 * last]
            st.caps[2 * first : 2 * last] = [-1] * len(saved)
            if atom(st, i, again):
                return True
            st.caps[2 * first : 2 * last] = saved
            return False

        if count < low:
            return body()
        if greedy:
            return body() or k(st, i)
        return k(st, i) or body()

    return lambda st, i, k: rep(st, i, k, 0)
