"""The node evaluator (jseval): what node 20 shows for each expression of the subset.

Every `shown` below was read from node 20's REPL (util.inspect of the value); the evaluator
must give the same, and say "not simulated" for what it does not run.
"""

from __future__ import annotations

import pytest

from dockersim.model.userland.caps import Heap
from dockersim.model.userland.programs.jseval import Interpreter
from dockersim.model.userland.programs.jsinspect import inspect
from dockersim.model.userland.programs.jsvalues import JSSyntaxError, JSThrow, Unsupported

ENV = {"HOME": "/root", "NODE_VERSION": "20.19.2"}


def interpreter() -> tuple[Interpreter, list[tuple[str, str]]]:
    printed: list[tuple[str, str]] = []
    realm = Interpreter(
        ENV, "20.19.2", ["/usr/local/bin/node"], 7, "/app", Heap(),
        lambda stream, text: printed.append((stream, text)),
    )  # fmt: skip
    return realm, printed


def shown(*sources: str) -> str:
    """The value of the last script, as the REPL echoes it."""
    realm, _ = interpreter()
    value = None
    for source in sources:
        value = realm.run(source)
    return inspect(value)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('1 + 2 * 3', '7'),
        ('7 / 2', '3.5'),
        ('7 % -3', '1'),
        ('-7 % 3', '-1'),
        ('2 ** 10', '1024'),
        ('2 ** 0.5', '1.4142135623730951'),
        ('0.1 + 0.2', '0.30000000000000004'),
        ('1 / 0', 'Infinity'),
        ('-1 / 0', '-Infinity'),
        ('0 / 0', 'NaN'),
        ('1e21', '1e+21'),
        ('1e-7', '1e-7'),
        ('0.000001', '0.000001'),
        ('123456789012345680000', '123456789012345680000'),
        ('2 ** 53 + 1', '9007199254740992'),
        ('-0', '-0'),
        ('0 * -1', '-0'),
        ("'5' * '2'", '10'),
        ("'5' + 2", "'52'"),
        ("5 + '2'", "'52'"),
        ("'b' + 'a' + +'a' + 'a'", "'baNaNa'"),
        ('[1, 2] + [3]', "'1,23'"),
        ("({}) + ''", "'[object Object]'"),
        ('null + 1', '1'),
        ('undefined + 1', 'NaN'),
        ('true + true', '2'),
        ("+''", '0'),
        ("+' 12 '", '12'),
        ("+'0x10'", '16'),
        ('+[5]', '5'),
        ('+[1, 2]', 'NaN'),
        ("1 == '1'", 'true'),
        ("1 === '1'", 'false'),
        ('null == undefined', 'true'),
        ('null == 0', 'false'),
        ('null >= 0', 'true'),
        ('NaN === NaN', 'false'),
        ("'10' < '9'", 'true'),
        ("10 < '9'", 'false'),
        ('[] == false', 'true'),
        ('typeof null', "'object'"),
        ('typeof []', "'object'"),
        ('typeof undefined', "'undefined'"),
        ('typeof Math.max', "'function'"),
        ('typeof nope', "'undefined'"),
        ("1 && 'x'", "'x'"),
        ("0 || 'y'", "'y'"),
        ("null ?? 'z'", "'z'"),
        ("1 ? 'yes' : 'no'", "'yes'"),
        ('`sum: ${1 + 1}`', "'sum: 2'"),
        ('`${[1, 2]}|${{}}|${null}|${-0}`', "'1,2|[object Object]|null|0'"),
        ("'abc'.length", '3'),
        ("'abc'[1]", "'b'"),
        ("'abc'[5]", 'undefined'),
        ('[1, 2, 3][1]', '2'),
        ('[1, 2, 3].length', '3'),
        ('({ a: { b: 1 } }).a.b', '1'),
        ('({ a: 1 }).missing', 'undefined'),
        ('Math.max(1, 5, 3)', '5'),
        ('Math.max()', '-Infinity'),
        ("Math.min(1, 'x')", 'NaN'),
        ('Math.round(2.5)', '3'),
        ('Math.round(-2.5)', '-2'),
        ('Math.round(-0.4)', '-0'),
        ('Math.floor(-1.5)', '-2'),
        ('Math.ceil(-0.5)', '-0'),
        ('Math.sqrt(16)', '4'),
        ('Math.sqrt(-1)', 'NaN'),
        ('Math.PI', '3.141592653589793'),
        ("Number('42')", '42'),
        ("Number('x')", 'NaN'),
        ('String([1, [2, 3]])', "'1,2,3'"),
        ("parseInt('42px')", '42'),
        ("parseInt('101', 2)", '5'),
        ("parseFloat('3.14abc')", '3.14'),
        ("isNaN('abc')", 'true'),
        ('process.version', "'v20.19.2'"),
        ('process.platform', "'linux'"),
        ('010', '8'),
        ('0x1F', '31'),
        ('1_000', '1000'),
        ("'\\x41\\u0042\\u{43}'", "'ABC'"),
        ("'😀'.length", '2'),
    ],
)  # fmt: skip
def test_expressions_give_what_node_shows(code: str, expected: str) -> None:
    assert shown(code) == expected


def test_let_const_and_var_stay_for_the_next_script() -> None:
    assert shown("let a = 2", "const b = 3; var c = 4", "a * b * c") == "24"


def test_assignments_and_updates_work_as_in_javascript() -> None:
    assert shown("let n = 1", "n += 2; n *= 3; n **= 2; n--; n") == "80"
    assert shown("let i = 5", "[i++, ++i, i]") == "[ 5, 7, 7 ]"
    assert shown("let z", "z ??= 4; z ||= 9; z &&= z + 1; z") == "5"
    assert shown("implicit = 10", "implicit + 1") == "11"


def test_objects_and_arrays_are_changed_in_place() -> None:
    assert shown("let o = { k: 1 }", "o.k = 2; o['z'] = [1]; o") == "{ k: 2, z: [ 1 ] }"
    assert shown("let a = [1]", "a[3] = 9; a") == "[ 1, <2 empty items>, 9 ]"
    assert shown("let o = { 2: 'b', x: 1, 1: 'a' }", "o") == "{ '1': 'a', '2': 'b', x: 1 }"


def test_the_completion_value_is_the_last_expressions() -> None:
    assert shown("1; let b = 2") == "1"
    assert shown("let c = 1") == "undefined"
    assert shown("(1, 2, 3)") == "3"


def test_optional_chaining_stops_at_null_or_undefined() -> None:
    assert shown("let o = {}", "o?.a?.b") == "undefined"


def test_console_log_prints_with_util_format() -> None:
    # given
    realm, printed = interpreter()
    # when
    realm.run("console.log('%s is %d', 'Bob', 42, [1, 'a']); console.error('oops')")
    # then
    assert printed == [("stdout", "Bob is 42 [ 1, 'a' ]\n"), ("stderr", "oops\n")]


def test_process_tells_the_environment() -> None:
    assert shown("process.env.HOME") == "'/root'"
    assert shown("process.env.NOPE") == "undefined"
    assert shown("process.argv") == "[ '/usr/local/bin/node' ]"
    assert shown("process.cwd()") == "'/app'"


def error(*sources: str) -> tuple[str, str, int | None]:
    realm, _ = interpreter()
    try:
        for source in sources:
            realm.run(source)
    except JSThrow as exc:
        return exc.name, exc.message, exc.at
    raise AssertionError("no error")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("x", ("ReferenceError", "x is not defined", 0)),
        ("let u; u.x", ("TypeError", "Cannot read properties of undefined (reading 'x')", 9)),
        ("null[0]", ("TypeError", "Cannot read properties of null (reading '0')", 4)),
        ("let u; u.x = 1", ("TypeError", "Cannot set properties of undefined (setting 'x')", 11)),
        ("const c = 1; c = 2", ("TypeError", "Assignment to constant variable.", 15)),
        ("let q = 5; q()", ("TypeError", "q is not a function", 11)),
        ("'abc'.foo()", ("TypeError", '"abc".foo is not a function', 6)),
        ("let o = {}; o[1+1]()", ("TypeError", "o[2] is not a function", 18)),
        ("Math.PI()", ("TypeError", "Math.PI is not a function", 5)),
        ("y; let y = 1", ("ReferenceError", "Cannot access 'y' before initialization", 0)),
    ],
)
def test_error_runtime_errors_are_v8s(code: str, expected: tuple[str, str, int]) -> None:
    assert error(code) == expected


def test_error_a_name_declared_in_an_earlier_script_is_a_syntax_error_without_a_place() -> None:
    assert error("let a = 1", "let a = 2") == (
        "SyntaxError", "Identifier 'a' has already been declared", None
    )  # fmt: skip
    assert error("let undefined = 1")[1] == "Identifier 'undefined' has already been declared"


def syntax(code: str) -> tuple[str, int, int, bool]:
    realm, _ = interpreter()
    try:
        realm.run(code)
    except JSSyntaxError as exc:
        return exc.message, exc.start, exc.end, exc.at_end
    raise AssertionError("parsed")


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("1 +", ("Unexpected end of input", 3, 3, True)),
        ("[1,", ("Unexpected end of input", 3, 3, True)),
        ("`a${1", ("Missing } in template expression", 4, 5, True)),
        ("1 + )", ("Unexpected token ')'", 4, 5, False)),
        ("x y", ("Unexpected identifier 'y'", 2, 3, False)),
        ("let 1 = 2", ("Unexpected number", 4, 5, False)),
        ("'a' 'b'", ("Unexpected string", 4, 7, False)),
        ("1 = 2", ("Invalid left-hand side in assignment", 0, 1, False)),
        ("5 ++", ("Invalid left-hand side expression in postfix operation", 0, 1, False)),
        ("'abc", ("Invalid or unexpected token", 0, 4, False)),
        ("1x", ("Invalid or unexpected token", 0, 1, False)),
        ("console.log(1 2)", ("missing ) after argument list", 12, 13, False)),
        ("let a = 1; let a = 2", ("Identifier 'a' has already been declared", 15, 16, False)),
        ("const k;", ("Missing initializer in const declaration", 6, 7, False)),
        ("let let = 1", ("let is disallowed as a lexically bound name", 4, 7, False)),
        ("true false", ("Unexpected token 'false'", 5, 10, False)),
        ("'\\x4'", ("Invalid hexadecimal escape sequence", 1, 5, False)),
        ("-2 ** 2", (
            "Unary operator used immediately before exponentiation expression. Parenthesis "
            "must be used to disambiguate operator precedence", 0, 5, False)),
    ],
)  # fmt: skip
def test_error_syntax_errors_are_v8s_with_their_span(
    code: str, expected: tuple[str, int, int, bool]
) -> None:
    assert syntax(code) == expected


@pytest.mark.parametrize(
    ("code", "what"),
    [
        ("new Proxy({}, {})", "Proxy"),
        ("'abc'.normalize()", "String.prototype.normalize"),
        ("[1].copyWithin(0, 0)", "Array.prototype.copyWithin"),
        ("(5).toPrecision(2)", "Number.prototype.toPrecision"),
        ("Math.random()", "Math.random"),
        ("process.memoryUsage()", "process.memoryUsage"),
        ("/\\p{Script=Greek}/u", "the Unicode property \\p{Script=Greek} in regular expressions"),
        ("function* g() {}", "generator functions"),
        (
            "new Date(0).toLocaleDateString('de-DE')",
            "Date.prototype.toLocaleDateString with locales or options other than 'en-US'",
        ),
        ("console", "showing the console object"),
    ],
)
def test_code_outside_the_subset_is_not_simulated(code: str, what: str) -> None:
    # given
    realm, printed = interpreter()
    # when
    with pytest.raises(Unsupported) as raised:
        inspect(realm.run(code))
    # then
    assert (str(raised.value), printed) == (what, [])


def test_error_a_string_past_the_memory_cap_is_an_invalid_string_length() -> None:
    # given: 8 MiB, then doubled past the 16 MiB cap
    realm, _ = interpreter()
    realm.run("let s = '" + "x" * 64 + "'")
    for _ in range(17):
        realm.run("s = s + s")
    # when / then
    with pytest.raises(JSThrow) as raised:
        realm.run("s = s + s")
    assert (raised.value.name, raised.value.message) == ("RangeError", "Invalid string length")
    assert realm.heap.exhausted


def test_error_expressions_nested_too_deeply_overflow_the_stack() -> None:
    with pytest.raises(JSThrow) as raised:
        shown("[" * 200 + "]" * 200)
    assert raised.value.message == "Maximum call stack size exceeded"
