"""RegExp, Date, Map and Set in the node evaluator, as node 18-24 print them (console.log's
formatting is util.inspect's), and the attacks on the regular expression matcher: patterns
that backtrack catastrophically, huge repeats, deep nesting."""

from __future__ import annotations

import time

import pytest

from dockersim.model.userland.caps import Heap
from dockersim.model.userland.programs.jseval import Interpreter
from dockersim.model.userland.programs.jsvalues import JSSyntaxError, JSThrow, Unsupported


def output(source: str) -> str:
    """What the program prints on stdout, its event loop run to the end."""
    printed: list[tuple[str, str]] = []
    interp = Interpreter(
        {"HOME": "/root"}, "20.19.2", ["/usr/local/bin/node"], 1, "/app", Heap(),
        lambda stream, text: printed.append((stream, text)),
    )  # fmt: skip
    interp.run(source)
    interp.loop.run()
    return "".join(text for stream, text in printed if stream == "stdout")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # literals, exec with its match array, test, toString and the flags
        ('console.log(/a(b)/.exec("xab"), /a(b)/.test("xab"), /x/gi)',
         "[ 'ab', 'b', index: 1, input: 'xab', groups: undefined ] true /x/gi\n"),
        ('console.log(/a(b)?/.exec("a"))',
         "[ 'a', undefined, index: 0, input: 'a', groups: undefined ]\n"),
        ('const m = /(?<y>\\d{4})-(?<m>\\d\\d)/.exec("on 2024-05"); console.log(m.groups, m.index,'
         " m.groups.y)", "[Object: null prototype] { y: '2024', m: '05' } 3 2024\n"),
        ('const r = /a/gimsuy; console.log(r.flags, r.global, r.sticky, r.source, String(/\\//))',
         "gimsuy true true a /\\//\n"),
        ('const r = new RegExp("a+", "g"); console.log(r, new RegExp(r, "i"), new RegExp(""),'
         " RegExp('x').test('x'))", "/a+/g /a+/i /(?:)/ true\n"),
        # lastIndex with g and y
        ('const re = /o/g; console.log(re.exec("foo").index, re.lastIndex, re.exec("foo").index,'
         ' re.lastIndex, re.exec("foo"), re.lastIndex)', "1 2 2 3 null 0\n"),
        ('const re = /o/y; console.log(re.test("foo"), re.lastIndex); re.lastIndex = 1;'
         ' console.log(re.test("foo"), re.lastIndex)', "false 0\ntrue 2\n"),
        # JavaScript's own semantics, not Python's
        (r'console.log(/^\d+$/.test("١٢"), /\w/.test("é"), /a.c/.test("a\rc"), /a$/.test("a\n"))',
         "false false false false\n"),
        (r'console.log(/(a)|\1b/.exec("b")[0], /(?<=\$)\d+/.exec("cost $42")[0],'
         r' /x{,2}/.test("x{,2}"))',
         "b 42 true\n"),
        (r'console.log(/^b/m.test("a\nb"), /a.c/s.test("a\nc"), /COLOU?R/i.test("colour"))',
         "true true true\n"),
        (r'console.log(/(?:(a)|b)+/.exec("ab"))',
         "[ 'ab', undefined, index: 0, input: 'ab', groups: undefined ]\n"),
        # the String methods with regular expressions
        (r'console.log("a1b22c333".replace(/\d+/g, "[$&]"), "John Smith".replace(/(\w+)\s(\w+)/,'
         r' "$2, $1"), "2024-05-06".replace(/(?<y>\d+)-(?<m>\d+)-(?<d>\d+)/, "$<d>/$<m>/$<y>"))',
         "a[1]b[22]c[333] Smith, John 06/05/2024\n"),
        ("console.log('abc'.replace(/b/, \"[$`|$'|$$]\"), 'aaa'.replace(/a/g, (m, i) => i),"
         " 'x-y'.replaceAll(/-/g, '+'))", "a[a|c|$]c 012 x+y\n"),
        (r'console.log("a, b,c".split(/\s*,\s*/), "a1b2c".split(/(\d)/), "abc".split(/(?:)/))',
         "[ 'a', 'b', 'c' ] [ 'a', '1', 'b', '2', 'c' ] [ 'a', 'b', 'c' ]\n"),
        (r'console.log([..."a1b2".matchAll(/[a-z](\d)/g)].map(m => m[1] + m.index),'
         r' "hello".search(/l+/), "aaa".match(/a/g), "abc".match(/z/g), "".split(/,/))',
         "[ '10', '22' ] 2 [ 'a', 'a', 'a' ] null [ '' ]\n"),
        ('try { "a".replaceAll(/a/, "b") } catch (e) { console.log(e.message) }',
         "replaceAll must be called with a global RegExp\n"),
        ('try { new RegExp("[") } catch (e) { console.log(`${e.name}: ${e.message}`) }',
         "SyntaxError: Invalid regular expression: /[/: Unterminated character class\n"),
        ('try { new RegExp("a", "gg") } catch (e) { console.log(e.message) }',
         "Invalid flags supplied to RegExp constructor 'gg'\n"),
        # Date on the virtual clock (2025-06-01T00:00:00Z in a realm with no program)
        ("console.log(new Date(0), Date.now(), new Date(), typeof Date())",
         "1970-01-01T00:00:00.000Z 1748736000000 2025-06-01T00:00:00.000Z string\n"),
        ('const d = new Date("2024-01-15T10:30:00Z"); console.log(d.toString());'
         " console.log(d.toDateString(), '|', d.toUTCString(), '|', d.toJSON())",
         "Mon Jan 15 2024 10:30:00 GMT+0000 (Coordinated Universal Time)\n"
         "Mon Jan 15 2024 | Mon, 15 Jan 2024 10:30:00 GMT | 2024-01-15T10:30:00.000Z\n"),
        ('const d = new Date(2024, 0, 15, 14, 5, 9); console.log(d.toLocaleDateString(),'
         " d.toLocaleTimeString(), d.toLocaleString('en-US'))",
         "1/15/2024 2:05:09\u202fPM 1/15/2024, 2:05:09\u202fPM\n"),
        ("const d = new Date(2024, 0, 31); d.setMonth(1); console.log(d.toISOString(),"
         " d.getDay(), d.getMonth(), d.getFullYear(), d - new Date(2024, 0, 1))",
         "2024-03-02T00:00:00.000Z 6 2 2024 5270400000\n"),
        ('console.log(new Date("nope"), Date.parse("2024-02-30"), Date.parse("March 7, 2024"),'
         ' Date.parse("2024-03-07T10:00:00+02:00"), new Date(Date.UTC(2020, 1, 29)).getUTCDate())',
         "Invalid Date 1709251200000 1709769600000 1709798400000 29\n"),
        ('console.log(JSON.stringify({ at: new Date(86400000) }), { d: new Date(0) },'
         " new Date(0) < new Date(1), `${new Date(NaN)}`)",
         '{"at":"1970-01-02T00:00:00.000Z"} { d: 1970-01-01T00:00:00.000Z } true Invalid Date\n'),
        ("try { new Date(NaN).toISOString() } catch (e) { console.log(e.name, e.message) }",
         "RangeError Invalid time value\n"),
        ("const t = Date.now(); setTimeout(() => console.log(Date.now() - t), 1500)", "1500\n"),
        # Map, Set, WeakMap
        ('const m = new Map([["a", 1], ["b", 2]]); m.set(NaN, { x: 1 }); console.log(m, m.size,'
         " m.get(NaN), [...m.keys()])",
         "Map(3) { 'a' => 1, 'b' => 2, NaN => { x: 1 } } 3 { x: 1 } [ 'a', 'b', NaN ]\n"),
        ('const m = new Map([["a", 1]]); console.log(m.entries(), m.values(), new Map().keys())',
         "[Map Entries] { [ 'a', 1 ] } [Map Iterator] { 1 } [Map Iterator] {  }\n"),
        ("const s = new Set([1, 2, 2, 3]); s.delete(1); s.add(1); console.log(s, [...s],"
         " s.has(2), new Set(), s.size)", "Set(3) { 2, 3, 1 } [ 2, 3, 1 ] true Set(0) {} 3\n"),
        ("const m = new Map(); m.set('k', 1).set('j', 2);"
         " for (const [k, v] of m) console.log(k, v);"
         " m.forEach((v, k) => console.log(k, '=>', v)); console.log(Object.fromEntries(m))",
         "k 1\nj 2\nk => 1\nj => 2\n{ k: 1, j: 2 }\n"),
        ("const s = new Set([1]); s.forEach(x => { if (x < 3) s.add(x + 1); s.delete(1);"
         " console.log(x) }); console.log(s)", "1\n2\n3\nSet(2) { 2, 3 }\n"),
        ("const w = new WeakMap(); const k = {}; w.set(k, 1); console.log(w, w.get(k), w.has({}));"
         " try { w.set('x', 1) } catch (e) { console.log(e.message) }",
         "WeakMap { <items unknown> } 1 false\nInvalid value used as weak map key\n"),
        ("const m = new Map([[0, 'zero']]);"
         " console.log(m.get(-0), m.has('0'), new Set([NaN, NaN]))",
         "zero false Set(1) { NaN }\n"),
        ("try { Map() } catch (e) { console.log(e.message) }", "Constructor Map requires 'new'\n"),
    ],
)  # fmt: skip
def test_builtins_print_as_node_prints_them(source: str, expected: str) -> None:
    assert output(source) == expected


def test_a_bad_literal_is_an_early_syntax_error() -> None:
    with pytest.raises(JSSyntaxError, match=r"^Invalid regular expression: /\(/: Unterminated"):
        output("console.log('never'); /(/")
    with pytest.raises(JSSyntaxError, match=r"^Invalid regular expression flags$"):
        output("/a/x")


@pytest.mark.parametrize(
    ("pattern", "message"),
    [("a**", "Nothing to repeat"), ("a)", "Unmatched ')'"),
     ("(?<1>a)", "Invalid capture group name"), ("(?<a>x)(?<a>y)", "Duplicate capture group name"),
     ("[z-a]", "Range out of order in character class"),
     ("a{3,2}", "numbers out of order in {} quantifier"), ("\\", "\\ at end of pattern"),
     ("(?x)", "Invalid group")],
)  # fmt: skip
def test_bad_patterns_are_syntax_errors_in_v8s_words(pattern: str, message: str) -> None:
    with pytest.raises(JSThrow) as caught:
        output(f"new RegExp({pattern!r})")
    assert caught.value.message == f"Invalid regular expression: /{pattern}/: {message}"


def test_unsupported_regexp_features_say_so() -> None:
    with pytest.raises(Unsupported, match="v flag"):
        output("new RegExp('a', 'v')")
    with pytest.raises(Unsupported, match="Unicode property"):
        output(r"/\p{Script=Greek}/u")
    with pytest.raises(Unsupported, match="TZ=Europe/Paris"):
        printed: list[tuple[str, str]] = []
        interp = Interpreter(
            {"TZ": "Europe/Paris"}, "20.19.2", ["node"], 1, "/", Heap(),
            lambda stream, text: printed.append((stream, text)),
        )  # fmt: skip
        interp.run("new Date(0).getHours()")


# --- attacks -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "source",
    [
        '/(a+)+$/.test("a".repeat(40) + "!")',  # exponential backtracking
        '/(a|aa)*c/.test("a".repeat(60))',
        '/^(\\w+\\s?)*$/.test("word ".repeat(30) + "!")',
        '"x".repeat(5000).split(/(x+x+)+y/)',  # the budget spans a whole call, every position
        'for (let i = 0; i < 20; i++) { /(a+)+b/.test("a".repeat(15)) }',  # a whole program
    ],
)
def test_catastrophic_backtracking_stops_quickly_and_says_so(source: str) -> None:
    started = time.monotonic()
    with pytest.raises(Unsupported, match="backtracking steps"):
        output(source)
    assert time.monotonic() - started < 30


def test_huge_repeats_and_long_inputs_are_bounded() -> None:
    started = time.monotonic()
    assert output('console.log(/\\s+/.exec(" ".repeat(200000) + "x")[0].length)') == "200000\n"
    assert output('console.log(/a{0,1000000000}b/.test("a".repeat(1000) + "b"))') == "true\n"
    with pytest.raises(Unsupported, match="backtracking steps"):
        output('/(?:a{1,1000}){1,1000}$/.test("a".repeat(3000) + "!")')
    assert time.monotonic() - started < 30


def test_deep_nesting_and_huge_patterns_are_not_simulated() -> None:
    with pytest.raises(Unsupported, match="nested more than"):
        output("new RegExp('('.repeat(5000) + 'a' + ')'.repeat(5000))")
    with pytest.raises(Unsupported, match="longer than"):
        output("new RegExp('a'.repeat(100000))")


def test_a_group_repeated_very_often_is_not_a_traceback() -> None:
    with pytest.raises(Unsupported):
        output('/(?:ab)+$/.test("ab".repeat(20000))')
