"""JavaScript regular expressions for the node evaluator: the pattern parsed as ECMAScript
(with Annex B's leniencies when there is no `u` flag) and matched by a backtracking matcher
written here, not by Python's `re`, so the semantics are JavaScript's (`\\d` and `\\w` ASCII,
`.` stopping at any line terminator, `$` only at the end without `m`, a backreference to a
group that did not take part matching the empty string, lookbehind of any width, captures
reset on each repetition) and every match has a budget of steps.

A hostile pattern (`/(a+)+$/` on `'aaaa...!'`) cannot hang the program: past MAX_STEPS
backtracking steps in one call (jsrematch's MAX_PROGRAM_STEPS in all) the match stops, and
node's program says it is not simulated. Patterns longer than MAX_SOURCE or nested deeper
than MAX_NESTING are not simulated either. The matcher itself is jsrematch's. Positions are
Python string indices (code points), as the rest of the evaluator counts them.
"""

from __future__ import annotations

import unicodedata

from dockersim.model.userland.programs.jsrematch import (
    LINE_TERMINATORS,
    WORD,
    Compiled,
    Matcher,
    Pred,
    RegexSyntaxError,
    alternation,
    anchor,
    backref,
    boundary,
    canonical,
    capture,
    char,
    look,
    named_backref,
    repeat,
    sequence,
)
from dockersim.model.userland.programs.jsvalues import SPACES, Unsupported, words

MAX_SOURCE = 32_768
MAX_NESTING = 100
_DIGITS = frozenset("0123456789")
_SPACE = frozenset(SPACES)
_SYNTAX = "^$\\.*+?()[]{}|/"


class _Parser:
    """Pattern → matcher; grammar: Disjunction := Alternative ('|' Alternative)*;
    Alternative := Term*; Term := Assertion | Atom Quantifier?."""

    def __init__(self, source: str, flags: str) -> None:
        self.src = source
        self.pos = 0
        self.icase = "i" in flags
        self.multiline = "m" in flags
        self.dotall = "s" in flags
        self.unicode = "u" in flags
        self.groups = 0
        self.names: dict[str, int] = {}
        self.total, self.named = _count_groups(source)
        self.depth = 0

    def fail(self, message: str) -> RegexSyntaxError:
        return RegexSyntaxError(message)

    def more(self) -> bool:
        return self.pos < len(self.src)

    def peek(self, n: int = 0) -> str:
        at = self.pos + n
        return self.src[at] if at < len(self.src) else ""

    # --- structure ----------------------------------------------------------------------
    def disjunction(self, back: bool) -> Matcher:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise Unsupported(f"regular expressions nested more than {MAX_NESTING} deep")
        options = [self.alternative(back)]
        while self.peek() == "|":
            self.pos += 1
            options.append(self.alternative(back))
        self.depth -= 1
        return options[0] if len(options) == 1 else alternation(options)

    def alternative(self, back: bool) -> Matcher:
        terms: list[Matcher] = []
        while self.more() and self.peek() not in "|)":
            terms.append(self.term(back))
        if back:
            terms.reverse()
        return sequence(terms)

    def term(self, back: bool) -> Matcher:
        ch = self.peek()
        start_group = self.groups
        if ch in "^$":
            self.pos += 1
            return self.no_quantifier(anchor(ch, self.multiline))
        if ch == "\\" and self.peek(1) in ("b", "B"):
            self.pos += 2
            return self.no_quantifier(boundary(self.peek(-1) == "b"))
        if ch == "(" and self.src.startswith(("(?=", "(?!", "(?<=", "(?<!"), self.pos):
            behind = self.peek(2) == "<"
            negative = self.src[self.pos + 2 + behind] == "!"
            self.pos += 3 + behind
            inner = self.disjunction(behind)
            self.close()
            matcher = look(inner, negative)
            if behind or self.unicode:
                return self.no_quantifier(matcher)
            return self.quantified(matcher, start_group)
        if ch in "*+?":
            raise self.fail("Nothing to repeat")
        if ch == "{" and _brace_quantifier(self.src, self.pos):
            raise self.fail("Nothing to repeat")
        atom = self.atom(back)
        return self.quantified(atom, start_group)

    def no_quantifier(self, matcher: Matcher) -> Matcher:
        if self.peek() in ("*", "+", "?") or (
            self.peek() == "{" and _brace_quantifier(self.src, self.pos)
        ):
            raise self.fail("Nothing to repeat")
        return matcher

    def close(self) -> None:
        if self.peek() != ")":
            raise self.fail("Unterminated group")
        self.pos += 1

    def quantified(self, atom: Matcher, first_group: int) -> Matcher:
        ch = self.peek()
        if ch == "*":
            low, high = 0, -1
        elif ch == "+":
            low, high = 1, -1
        elif ch == "?":
            low, high = 0, 1
        elif ch == "{" and _brace_quantifier(self.src, self.pos):
            end = self.src.index("}", self.pos)
            lo_text, comma, hi_text = self.src[self.pos + 1 : end].partition(",")
            low = int(lo_text)
            high = low if not comma else (int(hi_text) if hi_text else -1)
            if high != -1 and high < low:
                raise self.fail("numbers out of order in {} quantifier")
            self.pos = end
        else:
            return atom
        self.pos += 1
        greedy = True
        if self.peek() == "?":
            greedy = False
            self.pos += 1
        return repeat(atom, low, high, greedy, first_group + 1, self.groups + 1)

    # --- atoms --------------------------------------------------------------------------
    def atom(self, back: bool) -> Matcher:
        ch = self.peek()
        if ch == "(":
            return self.group(back)
        if ch == ")":
            raise self.fail("Unmatched ')'")
        if ch == "[":
            return char(self.char_class(), back)
        if ch == ".":
            self.pos += 1
            if self.dotall:
                return char(lambda c: True, back)
            return char(lambda c: c not in LINE_TERMINATORS, back)
        if ch == "\\":
            return self.atom_escape(back)
        if self.unicode and ch in "]{}":
            raise self.fail("Lone quantifier brackets")
        self.pos += 1
        return self.literal(ch, back)

    def literal(self, ch: str, back: bool) -> Matcher:
        if self.icase:
            want, uni = canonical(ch, self.unicode), self.unicode
            return char(lambda c: c == ch or canonical(c, uni) == want, back)
        return char(lambda c: c == ch, back)

    def group(self, back: bool) -> Matcher:
        self.pos += 1
        name = None
        if self.peek() == "?":
            if self.peek(1) == ":":
                self.pos += 2
                inner = self.disjunction(back)
                self.close()
                return inner
            if self.peek(1) != "<":
                raise self.fail("Invalid group")
            end = self.src.find(">", self.pos)
            name = self.src[self.pos + 2 : end] if end > 0 else ""
            if not _identifier(name):
                raise self.fail("Invalid capture group name")
            if name in self.names:
                raise self.fail("Duplicate capture group name")
            self.pos = end + 1
        self.groups += 1
        index = self.groups
        if name is not None:
            self.names[name] = index
        inner = self.disjunction(back)
        self.close()
        return capture(inner, index, back)

    def atom_escape(self, back: bool) -> Matcher:
        ch = self.peek(1)
        if ch == "":
            raise self.fail("\\ at end of pattern")
        if ch.isdigit() and ch != "0":
            end = self.pos + 1
            while end < len(self.src) and self.src[end].isdigit():
                end += 1
            number = int(self.src[self.pos + 1 : end])
            if number <= self.total:
                self.pos = end
                return backref(number, self.icase, self.unicode, back)
            if self.unicode:
                raise self.fail("Invalid escape")
        if ch == "k" and (self.unicode or self.named):
            end = self.src.find(">", self.pos)
            name = self.src[self.pos + 3 : end] if self.peek(2) == "<" and end > 0 else ""
            if not _identifier(name) or name not in _group_names(self.src):
                raise self.fail("Invalid named reference")
            self.pos = end + 1
            return named_backref(self.names, name, self.icase, self.unicode, back)
        pred = self.class_escape()
        if pred is not None:
            return char(pred, back)
        return self.literal(self.char_escape(), back)

    def class_escape(self) -> Pred | None:
        """`\\d \\D \\w \\W \\s \\S` (and `\\p{..}` with `u`) at pos: the test; None otherwise."""
        ch = self.peek(1)
        base: frozenset[str] | None = {"d": _DIGITS, "w": WORD, "s": _SPACE}.get(ch.lower())
        if base is not None:
            self.pos += 2
            chars = base
            if ch in "wW" and self.icase and self.unicode:
                chars = base | {"\u017f", "\u212a"}
            if ch.isupper():
                return lambda c: c not in chars
            return lambda c: c in chars
        if ch in "pP" and self.unicode:
            return self.property_escape(ch == "P")
        return None

    def property_escape(self, negate: bool) -> Pred:
        end = self.src.find("}", self.pos)
        if self.peek(2) != "{" or end < 0:
            raise self.fail("Invalid property name")
        name = self.src[self.pos + 3 : end]
        self.pos = end + 1
        name = name.removeprefix("General_Category=").removeprefix("gc=")
        cats = _CATEGORIES.get(name, name if name in _SHORT_CATEGORIES else None)
        if cats is None:
            raise Unsupported(f"the Unicode property \\p{{{name}}} in regular expressions")
        if negate:
            return lambda c: not unicodedata.category(c).startswith(cats)
        return lambda c: unicodedata.category(c).startswith(cats)

    def char_escape(self) -> str:
        """A character escape at pos (after the backslash): the character; pos moves past."""
        ch = self.peek(1)
        self.pos += 2
        simple = {"t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r"}
        if ch in simple:
            return simple[ch]
        if ch == "c" and self.peek().isascii() and self.peek().isalpha():
            self.pos += 1
            return chr(ord(self.peek(-1)) % 32)
        if ch == "0" and not self.peek().isdigit():
            return "\0"
        if ch == "x" and _hex(self.src, self.pos, 2):
            self.pos += 2
            return chr(int(self.src[self.pos - 2 : self.pos], 16))
        if ch == "u":
            if _hex(self.src, self.pos, 4):
                self.pos += 4
                return chr(int(self.src[self.pos - 4 : self.pos], 16))
            end = self.src.find("}", self.pos)
            digits = self.src[self.pos + 1 : end] if end > 0 else ""
            if self.unicode and self.peek() == "{" and _hex(digits, 0, len(digits)) and int(
                digits, 16) <= 0x10FFFF:  # fmt: skip
                self.pos = end + 1
                return chr(int(digits, 16))
            if self.unicode:
                raise self.fail("Invalid Unicode escape")
        if self.unicode:
            if ch in _SYNTAX or ch == "-":
                return ch
            raise self.fail("Invalid escape")
        if ch in "01234567":  # Annex B: a legacy octal escape
            end = self.pos - 1
            while end < len(self.src) and end - (self.pos - 1) < 3 and self.src[end] in "01234567":
                end += 1
            value = int(self.src[self.pos - 1 : end], 8)
            if value > 0o377:
                end -= 1
                value = int(self.src[self.pos - 1 : end], 8)
            self.pos = end
            return chr(value)
        return ch  # an identity escape

    def char_class(self) -> Pred:
        self.pos += 1
        negate = self.peek() == "^"
        self.pos += negate
        singles: set[str] = set()
        tests: list[Pred] = []
        while True:
            if not self.more():
                raise self.fail("Unterminated character class")
            if self.peek() == "]":
                self.pos += 1
                break
            low = self.class_atom()
            if self.peek() == "-" and self.peek(1) not in ("]", ""):
                self.pos += 1
                high = self.class_atom()
                if isinstance(low, str) and isinstance(high, str):
                    if ord(low) > ord(high):
                        raise self.fail("Range out of order in character class")
                    lo, hi = ord(low), ord(high)
                    tests.append(_in_range(lo, hi))
                    continue
                if self.unicode:
                    raise self.fail("Invalid character class")
                _add(singles, tests, low)
                _add(singles, tests, "-")
                _add(singles, tests, high)
                continue
            _add(singles, tests, low)
        chars = frozenset(singles)

        def raw(c: str) -> bool:
            return c in chars or any(test(c) for test in tests)

        test = raw
        if self.icase:
            uni = self.unicode

            def test(c: str) -> bool:
                return raw(c) or any(
                    raw(v) for v in {c.lower(), c.upper(), canonical(c, uni)} if len(v) == 1
                )

        return (lambda c: not test(c)) if negate else test

    def class_atom(self) -> str | Pred:
        if self.peek() != "\\":
            self.pos += 1
            return self.src[self.pos - 1]
        if self.peek(1) == "b":
            self.pos += 2
            return "\b"
        if self.peek(1) == "-" and self.unicode:
            self.pos += 2
            return "-"
        pred = self.class_escape()
        if pred is not None:
            return pred
        if self.peek(1) == "":
            raise self.fail("\\ at end of pattern")
        if self.peek(1) in "123456789" and not self.unicode:
            self.pos += 1
            if self.peek() in ("8", "9"):
                self.pos += 1
                return self.peek(-1)
            self.pos -= 1
        return self.char_escape()


_CATEGORIES = {
    "Letter": "L", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll", "Number": "N",
    "Decimal_Number": "Nd", "Punctuation": "P", "Symbol": "S", "Mark": "M",
    "Separator": "Z", "Other": "C", "Control": "Cc",
}  # fmt: skip
_SHORT_CATEGORIES = words("L Lu Ll Lt Lm Lo N Nd Nl No P Pc Pd Ps Pe Pi Pf Po S Sm Sc Sk So "
                          "M Mn Mc Me Z Zs Zl Zp C Cc Cf Co Cn")  # fmt: skip


def _in_range(lo: int, hi: int) -> Pred:
    return lambda c: lo <= ord(c) <= hi


def _add(singles: set[str], tests: list[Pred], item: str | Pred) -> None:
    if isinstance(item, str):
        singles.add(item)
    else:
        tests.append(item)


def _identifier(name: str) -> bool:
    return bool(name) and all(c.isalnum() or c in "_$" for c in name) and not name[0].isdigit()


def _hex(src: str, at: int, count: int) -> bool:
    part = src[at : at + count]
    return count > 0 and len(part) == count and all(c in "0123456789abcdefABCDEF" for c in part)


def _brace_quantifier(src: str, at: int) -> bool:
    """Whether `{` at `at` starts `{n}`, `{n,}` or `{n,m}`."""
    end = src.find("}", at)
    if end < 0:
        return False
    low, _, high = src[at + 1 : end].partition(",")
    return low.isdigit() and low.isascii() and (not high or (high.isdigit() and high.isascii()))


def _count_groups(src: str) -> tuple[int, bool]:
    """The capturing groups in a pattern and whether any is named (a backreference may come
    before its group)."""
    count, named, at, in_class = 0, False, 0, False
    while at < len(src):
        ch = src[at]
        if ch == "\\":
            at += 2
            continue
        if ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "(" and not in_class:
            if src[at + 1 : at + 2] != "?":
                count += 1
            elif src[at + 2 : at + 3] == "<" and src[at + 3 : at + 4] not in "=!":
                count += 1
                named = True
        at += 1
    return count, named


def _group_names(src: str) -> set[str]:
    names, at = set(), src.find("(?<")
    while at >= 0:
        end = src.find(">", at)
        if end > 0:
            names.add(src[at + 3 : end])
        at = src.find("(?<", at + 1)
    return names


def compile_pattern(source: str, flags: str) -> Compiled:
    """Parse a pattern; raises RegexSyntaxError (V8's reason) or Unsupported."""
    if len(source) > MAX_SOURCE:
        raise Unsupported(f"regular expressions longer than {MAX_SOURCE} characters")
    parser = _Parser(source, flags)
    try:
        matcher = parser.disjunction(False)
    except RecursionError:
        raise Unsupported(f"regular expressions nested more than {MAX_NESTING} deep") from None
    if parser.more():
        raise RegexSyntaxError("Unmatched ')'")
    return Compiled(matcher, parser.groups, parser.names)


def flag_error(flags: str) -> bool:
    """Whether a flags string is invalid (an unknown or repeated letter)."""
    return any(c not in "dgimsuvy" for c in flags) or len(set(flags)) != len(flags)
