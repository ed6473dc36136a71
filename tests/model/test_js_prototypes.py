"""The built-in prototypes in the node evaluator (issue 20): what a script puts on
`Array.prototype`, `String.prototype`, `Number.prototype` or `Object.prototype` is seen by
every value of that kind (and wins over the built-in member it replaces), only in its own
realm; built-in members are not enumerable; a built-in method uses the `this` it is called
with. Each expected output is what node 20 prints for the program; what is not simulated
says so instead of answering wrongly."""

from __future__ import annotations

import pytest

from dockersim.model.userland.caps import Heap
from dockersim.model.userland.programs.jseval import Interpreter
from dockersim.model.userland.programs.jsvalues import JSSyntaxError, Unsupported


def realm() -> tuple[Interpreter, list[tuple[str, str]]]:
    printed: list[tuple[str, str]] = []
    interp = Interpreter(
        {"HOME": "/root"}, "20.19.2", ["/usr/local/bin/node"], 1, "/app", Heap(),
        lambda stream, text: printed.append((stream, text)),
    )  # fmt: skip
    return interp, printed


def output(source: str) -> str:
    """What the program prints on stdout, its event loop run to the end."""
    interp, printed = realm()
    interp.run(source)
    interp.loop.run()
    return "".join(text for stream, text in printed if stream == "stdout")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # a script's own members on the built-in prototypes, and overrides of built-in ones
        ("Array.prototype.push = function () { return 7 }; console.log([].push(1))", "7\n"),
        ("Object.prototype.y = 2; console.log(({}).y)", "2\n"),
        ("Array.prototype.z = 3; console.log([].z)", "3\n"),
        ("String.prototype.shout = function () { return this.toUpperCase() + '!' }\n"
         "console.log('hi'.shout())", "HI!\n"),
        ("Number.prototype.double = function () { return this * 2 }; console.log((21).double())",
         "42\n"),
        ("Array.prototype.last = function () { return this[this.length - 1] }\n"
         "console.log([1, 2, 3].last())", "3\n"),
        ("Object.prototype.y = 2\n"
         "console.log([].y, 'a'.y, (5).y, (function () {}).y, Object.create(null).y)",
         "2 2 2 2 undefined\n"),
        ("Object.prototype.hello = function () { return 'hi ' + typeof this }\n"
         "console.log(({}).hello(), [].hello())", "hi object hi object\n"),
        # the prototypes themselves
        ("console.log(Object.getPrototypeOf([]) === Array.prototype,\n"
         "  Object.getPrototypeOf('') === String.prototype,\n"
         "  Object.getPrototypeOf(Object.create(null)),\n"
         "  Array.prototype.constructor === Array, String.prototype.constructor === String)",
         "true true null true true\n"),
        ("console.log(Array.isArray(Array.prototype), Array.prototype.length,\n"
         "  JSON.stringify(Array.prototype), String.prototype.length)", "true 0 [] 0\n"),
        # built-in methods use the `this` they are called with
        ("function rest() { return [].slice.call(arguments, 1) }; console.log(rest(1, 2, 3))",
         "[ 2, 3 ]\n"),
        ("const has = Object.prototype.hasOwnProperty\n"
         "console.log(has.call({ a: 1 }, 'a'), has.call({}, 'a'))", "true false\n"),
        ("console.log(Array.prototype.map.call([1, 2], x => x * 2),\n"
         "  String.prototype.toUpperCase.call('ab'))", "[ 2, 4 ] AB\n"),
        ("try { const push = [].push; push(1) }\n"
         "catch (e) { console.log(e.name + ': ' + e.message) }",
         "TypeError: Array.prototype.push called on null or undefined\n"),
        ("try { const f = (5).toFixed; f(2) } catch (e) { console.log(e.message) }",
         "Number.prototype.toFixed requires that 'this' be a Number\n"),
        ("try { Object.create(5) } catch (e) { console.log(e.message) }",
         "Object prototype may only be an Object or null: 5\n"),
        # the `in` operator sees inherited members
        ("Object.prototype.y = 1\n"
         "console.log('push' in [], 'toString' in {}, 'y' in {}, 'z' in {}, 1 in [1, , 3])",
         "true true true false false\n"),
        ("const o = Object.create(null); o.a = 1; console.log(o, 'toString' in o)",
         "[Object: null prototype] { a: 1 } false\n"),
    ],
)  # fmt: skip
def test_prototypes(source: str, expected: str) -> None:
    assert output(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("console.log(Object.keys(Date.prototype), Object.keys(Object.prototype),\n"
         "  Object.keys(Array.prototype))", "[] [] []\n"),
        # for-in goes through inherited enumerable keys, after the own ones
        ("Array.prototype.z = 3; for (const k in [1, 2]) console.log(k)", "0\n1\nz\n"),
        ("Object.prototype.y = 1; const o = { a: 1 }; for (const k in o) console.log(k)\n"
         "console.log(JSON.stringify(o), Object.keys(o), { ...o })",
         'a\ny\n{"a":1} [ \'a\' ] { a: 1 }\n'),
        # a built-in member a script replaces stays not enumerable
        ("Array.prototype.push = function () {}; for (const k in [1]) console.log(k)\n"
         "console.log(Object.keys(Array.prototype))", "0\n[]\n"),
        # a constructor function's prototype: what the script adds is enumerable, its
        # `constructor` is not; a class's methods are not
        ("function Foo() { this.a = 1 }; Foo.prototype.bar = function () {}\n"
         "for (const k in new Foo()) console.log(k); console.log(Foo.prototype, new Foo())",
         "a\nbar\n{ bar: [Function (anonymous)] } Foo { a: 1 }\n"),
        ("class A { get x() { return 1 } m() {} }; const a = new A(); a.y = 2\n"
         "for (const k in a) console.log(k)\n"
         "console.log(A.prototype, Object.keys(A.prototype), a, JSON.stringify(a))",
         'y\n{} [] A { y: 2 } {"y":2}\n'),
        ("class A { m() {} }; class B extends A { n() {} }; B.prototype.k = 1\n"
         "console.log(A.prototype, B.prototype)", "{} A { k: 1 }\n"),
        # a function's own keys: what the script put on it, not a class's static methods
        ("function f() {}; f.x = 1; Object.prototype.q = 1\n"
         "console.log(Object.keys(Object), Object.keys(class { static m() {} static n = 2 }),\n"
         "  Object.keys(f)); for (const k in f) console.log(k)", "[] [ 'n' ] [ 'x' ]\nx\nq\n"),
        # console.log of the built-in prototypes (util.inspect's names for them)
        ("console.log(Object.prototype, Array.prototype, Date.prototype)",
         "[Object: null prototype] {} Object(0) [] {}\n"),
        ("console.log(Promise.prototype, Map.prototype, Set.prototype)",
         "Object [Promise] {} Object [Map] {} Object [Set] {}\n"),
        ("Array.prototype.z = 3; Object.prototype.q = 1\n"
         "console.log(Array.prototype, Object.prototype)",
         "Object(0) [ z: 3 ] [Object: null prototype] { q: 1 }\n"),
        ("Object.prototype.q = 1; console.log({}, [], { a: 2 })", "{} [] { a: 2 }\n"),
    ],
)  # fmt: skip
def test_enumerable(source: str, expected: str) -> None:
    assert output(source) == expected


def test_realms_are_separate() -> None:
    """One container's script does not see what another's put on a prototype."""
    first, printed = realm()
    first.run("Array.prototype.z = 3; String.prototype.shout = function () { return 1 }")
    second, printed_second = realm()
    second.run("console.log([].z, typeof ''.shout, Object.keys(Array.prototype))")
    first.run("console.log([].z)")
    assert [text for _, text in printed] == ["3\n"]
    assert [text for _, text in printed_second] == ["undefined undefined []\n"]


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ("console.log(Object.prototype.toString.call([]))",
         "Object.prototype.toString called on an array"),
        ("console.log(String.prototype)", "showing String.prototype"),
        ("console.log(Object.prototype.toString.call(new Map()))",
         "Object.prototype.toString of a built-in object"),
        # the conversions (String(x), `${x}`, x + 1) do not see a replaced toString/valueOf
        ("Object.prototype.toString = function () { return 'Y' }",
         "changing Object.prototype.toString"),
        ("Array.prototype.join = function () { return 'J' }", "changing Array.prototype.join"),
        ("console.log(Object.create([]))",
         "Object.create with an array or a function as the prototype"),
    ],
)  # fmt: skip
def test_not_simulated(source: str, what: str) -> None:
    with pytest.raises(Unsupported) as caught:
        output(source)
    assert str(caught.value) == what


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # after the `)` of an `if`, `while` or `for` head a statement starts: `/` is a regex
        ("const s = 'ab'; if (s) /a/.test(s) && console.log('yes')", "yes\n"),
        ("for (const c of 'ab') /b/.test(c) && console.log(c)", "b\n"),
        ("let n = 0; while (n < 1) /x/.test(n++) || console.log('no')", "no\n"),
        # elsewhere a `/` after `)` divides
        ("function f(x) { return x }; let x = 6; if (x) x = (x) / 2 / 1\n"
         "console.log(x, f(6) / 3, [8][0] / 2)", "3 2 4\n"),
        ("const o = { if(a) { return a } }; console.log(o.if(8) / 2)", "4\n"),
    ],
)  # fmt: skip
def test_regex_after_statement_head(source: str, expected: str) -> None:
    assert output(source) == expected


def test_prototype_methods_a_class_may_replace() -> None:
    """Replacing toString where conversions do look (a class's, String.prototype's own for
    an explicit call) works."""
    assert (
        output(
            "class A { toString() { return 'A!' } }; A.prototype.toString = () => 'B'\n"
            "String.prototype.toString = function () { return 'S' }\n"
            "console.log('' + new A(), 'a'.toString())"
        )
        == "B S\n"
    )


def test_division_after_call_is_not_a_regex() -> None:
    """`f(x) /re/` divides: an unterminated 'regex' would be a different error."""
    with pytest.raises(JSSyntaxError):
        output("const f = x => x; f(1) /a/.test('a')")
