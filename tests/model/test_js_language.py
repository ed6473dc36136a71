"""The node evaluator runs the JavaScript tutorials use: functions, control flow, objects and
arrays with their common methods, classes, destructuring, errors. Each expected output is what
node 20 prints for the program (console.log's formatting is util.inspect's)."""

from __future__ import annotations

import pytest

from dockersim.model.userland.caps import Heap
from dockersim.model.userland.programs.jseval import Interpreter
from dockersim.model.userland.programs.jsvalues import JSThrow


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
        # functions: declarations (hoisted), expressions, arrows, closures, defaults, rest
        ("console.log(add(2, 3)); function add(a, b) { return a + b }", "5\n"),
        ("const sq = function (x) { return x * x }; console.log(sq(4), sq.name)", "16 sq\n"),
        ("const f = (a, b = a * 2, ...rest) => [a, b, rest]; console.log(f(1), f(1, 5, 6, 7))",
         "[ 1, 2, [] ] [ 1, 5, [ 6, 7 ] ]\n"),
        ("function counter() { let n = 0; return () => ++n }\n"
         "const c = counter(); c(); c(); console.log(c())", "3\n"),
        ("function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) } console.log(fib(20))",
         "6765\n"),
        ("console.log(Math.max(...[3, 9, 4]), [...'hi', ...[1]])", "9 [ 'h', 'i', 1 ]\n"),
        ("function f() { return arguments.length } console.log(f(1, 2, 3))", "3\n"),
        # control flow
        ("let s = ''; for (let i = 0; i < 5; i++) { if (i === 1) continue; if (i === 4) break;"
         " s += i } console.log(s)", "023\n"),
        ("let n = 0; while (n < 3) n++; do { n += 10 } while (n < 20); console.log(n)", "23\n"),
        ("for (const [k, v] of Object.entries({ a: 1, b: 2 })) console.log(k, v)",
         "a 1\nb 2\n"),
        ("for (const k in { x: 1, y: 2 }) console.log(k)", "x\ny\n"),
        ("function g(x) { switch (x) { case 1: return 'one'; case 2: case 3: return 'few';"
         " default: return 'many' } } console.log(g(1), g(3), g(9))", "one few many\n"),
        ("outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) {"
         " if (j === 1) continue outer; if (i === 2) break outer; console.log(i, j) } }",
         "0 0\n1 0\n"),
        ("const fs = []; for (let i = 0; i < 3; i++) fs.push(() => i);"
         " console.log(fs.map(f => f()))", "[ 0, 1, 2 ]\n"),
        # try / catch / finally and errors as V8 words them
        ("try { null.x } catch (e) { console.log(e instanceof TypeError, e.message) }",
         "true Cannot read properties of null (reading 'x')\n"),
        ("function f() { try { return 'try' } finally { console.log('finally') } }"
         " console.log(f())", "finally\ntry\n"),
        ("try { throw new RangeError('r') }\n"
         "catch ({ name, message }) { console.log(name, message) }",
         "RangeError r\n"),
        ("try { undefinedName } catch (e) { console.log(String(e)) }",
         "ReferenceError: undefinedName is not defined\n"),
        ("try { const o = {}; o.run() } catch (e) { console.log(e.message) }",
         "o.run is not a function\n"),
        ("const e = new Error('boom', { cause: 'x' }); console.log(e.message, e.cause, e.name)",
         "boom x Error\n"),
        # objects and arrays
        ("const o = { a: 1, b: { c: [1, 2] } }; const { a, b: { c: [, second] } } = o;"
         " console.log(a, second)", "1 2\n"),
        ("let x = 1, y = 2; [x, y] = [y, x]; console.log(x, y)", "2 1\n"),
        ("const o = { a: 1, ...{ b: 2 }, ['c' + 1]: 3, m() { return this.a } };"
         " console.log(o, o.m())", "{ a: 1, b: 2, c1: 3, m: [Function: m] } 1\n"),
        ("console.log([1, 2, 3, 4].filter(n => n % 2).map(n => n * 10)"
         ".reduce((a, b) => a + b, 0))", "40\n"),
        ("const a = [5, 1, 4]; a.push(2); a.sort((x, y) => x - y); console.log(a, a.indexOf(4),"
         " a.includes(9), a.join('-'), a.slice(1, 3), a.find(n => n > 3))",
         "[ 1, 2, 4, 5 ] 2 false 1-2-4-5 [ 2, 4 ] 4\n"),
        ("const a = [1, 2, 3, 4, 5]; const cut = a.splice(1, 2, 'x'); console.log(a, cut)",
         "[ 1, 'x', 4, 5 ] [ 2, 3 ]\n"),
        ("console.log(Object.keys({ a: 1, b: 2 }), Object.values({ a: 1 }),"
         " Object.assign({}, { a: 1 }, { b: 2 }))", "[ 'a', 'b' ] [ 1 ] { a: 1, b: 2 }\n"),
        ("console.log(JSON.stringify({ a: [1, 'x', null], b: undefined, c: true }))",
         '{"a":[1,"x",null],"c":true}\n'),
        ("console.log(JSON.stringify({ a: 1, b: [1, 2] }, null, 2))",
         '{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ]\n}\n'),
        ("console.log(JSON.parse('{\"a\": [1, 2.5, \"x\"], \"b\": null}'))",
         "{ a: [ 1, 2.5, 'x' ], b: null }\n"),
        ("console.log('a,b,,c'.split(','), ' pad '.trim().padStart(5, '*'),"
         " 'Hello'.toUpperCase(), 'abc'.includes('b'), 'x-y-z'.replaceAll('-', '+'))",
         "[ 'a', 'b', '', 'c' ] **pad HELLO true x+y+z\n"),
        ("console.log(`${1 + 1} items`, (1234.5678).toFixed(2), (255).toString(16))",
         "2 items 1234.57 ff\n"),
        # classes
        ("class Animal { constructor(name) { this.name = name }\n"
         " speak() { return `${this.name} makes a sound` } }\n"
         "class Dog extends Animal { speak() { return super.speak() + ' (woof)' } }\n"
         "const d = new Dog('Rex'); console.log(d.speak(), d instanceof Animal, d)",
         "Rex makes a sound (woof) true Dog { name: 'Rex' }\n"),
        ("class C { static count = 0; x = 1; static make() { C.count++; return new C() }\n"
         " get double() { return this.x * 2 } }\n"
         "const c = C.make(); console.log(C.count, c.double, c, C)",
         "1 2 C { x: 1 } [class C] { count: 1 }\n"),
        ("class E extends Error { constructor(m) { super(m); this.name = 'E' } }\n"
         "try { throw new E('bad') } catch (err) { console.log(err instanceof Error, `${err}`) }",
         "true E: bad\n"),
        ("function P(x) { this.x = x } P.prototype.get = function () { return this.x };"
         " console.log(new P(3).get(), new P(4))", "3 P { x: 4 }\n"),
        # operators
        ("console.log(7 & 3, 5 | 2, 1 << 4, -16 >> 2, -1 >>> 28, ~5, 'a' in { a: 1 })",
         "3 7 16 -4 15 -6 true\n"),
        ("const o = { a: { b: null } }; console.log(o?.a?.b?.c, o.x?.(), o.a.b ?? 'dflt')",
         "undefined undefined dflt\n"),
    ],
)  # fmt: skip
def test_programs_print_what_node_prints(source: str, expected: str) -> None:
    assert output(source) == expected


@pytest.mark.parametrize(
    ("source", "name", "message"),
    [
        ("class A {}; A()", "TypeError", "Class constructor A cannot be invoked without 'new'"),
        ("const f = () => 1; new f()", "TypeError", "f is not a constructor"),
        ("const c = 1; c = 2", "TypeError", "Assignment to constant variable."),
        ("{ x; let x = 1 }", "ReferenceError", "Cannot access 'x' before initialization"),
        ("[].reduce((a, b) => a)", "TypeError", "Reduce of empty array with no initial value"),
        ("JSON.parse('{bad')", "SyntaxError",
         "Unexpected token 'b', \"{bad\" is not valid JSON"),
        ("JSON.parse('')", "SyntaxError", "Unexpected end of JSON input"),
        ("const o = {}; o.o = o; JSON.stringify(o)", "TypeError",
         "Converting circular structure to JSON"),
        ("for (const x of 5) {}", "TypeError", "5 is not iterable"),
        ("const { a } = null", "TypeError", "Cannot destructure 'null' as it is null."),
    ],
)  # fmt: skip
def test_errors_are_worded_as_v8_words_them(source: str, name: str, message: str) -> None:
    interp, _ = realm()
    with pytest.raises(JSThrow) as raised:
        interp.run(source)
    error = interp.thrown_value(raised.value)
    assert (interp.get(error, "name", 0), interp.get(error, "message", 0)) == (name, message)
