"""Go text/template as docker's ``--format`` uses it.

The expected outputs of ``MAP_CASES``, ``PARSE_ERRORS`` and ``EXEC_ERRORS`` were printed by the
real docker CLI 28.2.2 (Go 1.24): ``docker context inspect --format`` over a context whose
metadata holds ``MAP`` (decoded by Go as ``map[string]interface{}``, so numbers are float64).
Only the comparison errors differ: Go 1.25 (docker CLI 29) names the types
(``incompatible types for comparison: int and float64``). ``DOCKER_CASES`` were checked with the
same CLI against a stub daemon (``docker ps``/``inspect``): nil slices, nil maps, pointers.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dockersim.docker.render.template import (
    NIL_MAP,
    NIL_SLICE,
    ExecError,
    GoNil,
    GoStruct,
    TemplateError,
    go_json,
    parse,
    prepare_format,
)

MAP: dict[str, object] = {
    "S": "x<y>&z",
    "N": 3.0,
    "F": 1.5,
    "B": True,
    "Z": None,
    "L": [1.0, "a", [2.0, 3.0], {"k": "v"}],
    "M": {"b": 2.0, "a": 1.0, "c": {"z": []}},
    "E": [],
    "EM": {},
    "U": "héllo wörld ☃",
    "Q": 'a"b\\c\td\ne',
    "Big": 1e21,
    "Small": 1e-7,
    "Neg": -2.5,
    "LN": [3.0, 1.0, 2.0],
}

MAP_CASES = [
    # fields, Go printing of values
    ("{{.S}}", "x<y>&z"),
    ("{{.N}} {{.F}} {{.B}} {{.Neg}} {{.Big}} {{.Small}}", "3 1.5 true -2.5 1e+21 1e-07"),
    ("{{.L}}", "[1 a [2 3] map[k:v]]"),
    ("{{.M}}", "map[a:1 b:2 c:map[z:[]]]"),
    ("{{.E}} {{.EM}}", "[] map[]"),
    ("{{.Z}}", "<no value>"),
    ("{{.Nope}}", "<no value>"),
    ("{{.Nope.Deeper}}", "<no value>"),
    ("{{.M.c.z}} {{.M.a}}", "[] 1"),
    ("{{.U}}", "héllo wörld ☃"),
    ("{{.Q}}", 'a"b\\c\td\ne'),
    (
        "{{.}}",
        "map[B:true Big:1e+21 E:[] EM:map[] F:1.5 L:[1 a [2 3] map[k:v]] LN:[3 1 2] "
        'M:map[a:1 b:2 c:map[z:[]]] N:3 Neg:-2.5 Q:a"b\\c\td\ne S:x<y>&z Small:1e-07 '
        "U:héllo wörld ☃ Z:<nil>]",
    ),
    # json: no HTML escaping, sorted keys, Go floats
    ("{{json .S}}", '"x<y>&z"'),
    ("{{json .L}}", '[1,"a",[2,3],{"k":"v"}]'),
    ("{{json .M}}", '{"a":1,"b":2,"c":{"z":[]}}'),
    ("{{json .Z}} {{json .Nope}}", "null null"),
    ("{{json .Big}} {{json .Small}} {{json .N}} {{json .F}}", "1e+21 1e-7 3 1.5"),
    ("{{json .U}}", '"héllo wörld ☃"'),
    ("{{json .Q}}", '"a\\"b\\\\c\\td\\ne"'),
    ("{{.S | json}}", '"x<y>&z"'),
    ('{{json "a\\bb\\fc\\x01d\\u2028e<>&"}}', '"a\\bb\\fc\\u0001d\\u2028e<>&"'),
    # builtins
    ("{{len .S}} {{len .U}} {{len .L}} {{len .M}} {{len .E}}", "6 17 4 3 0"),
    (
        '{{index .L 1}} {{index .L 2 1}} {{index .L 3 "k"}} {{index .M "c" "z"}} {{index . "S"}}',
        "a 3 v [] x<y>&z",
    ),
    ('{{index .M "nope"}}', "<no value>"),
    ('{{index "abc" 1}}', "98"),
    (
        '{{slice "abcdef" 1 3}} {{slice .L 1 2}} {{slice "abc"}} {{slice .L 2}}',
        "bc [a] abc [[2 3] map[k:v]]",
    ),
    (
        '{{eq .N 3.0}} {{eq "a" "b" "a"}} {{eq .Z nil}} {{eq .Nope .Z}} {{ne 1 2}} {{lt 1 2}} '
        '{{le 2 2}} {{gt "b" "a"}} {{ge 1.5 2.5}}',
        "true true true true true true true true false",
    ),
    (
        '{{and 1 0 2}} {{and 1 2}} {{or 0 "" "x"}} {{or 0 ""}} {{not 0}} {{not .L}} '
        "{{and .Z 1}} {{or .Z 1}}",
        "0 2 x  true false <no value> 1",
    ),
    ("{{0 | or 1}} {{1 | and 0}}", "1 0"),
    (
        '{{html "<a href=\\"x\\">&\'</a>"}} {{js "<a=\'b\'>\\\\"}} {{urlquery "a b&c=d/é"}}',
        "&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt; \\u003Ca\\u003D\\'b\\'\\u003E\\\\ "
        "a+b%26c%3Dd%2F%C3%A9",
    ),
    ('{{print "a" 1 2 "b" true false}}', "a1 2btrue false"),
    ("{{println .S .N}}", "x<y>&z 3\n"),
    # printf
    ('{{.S | printf "%s!"}}', "x<y>&z!"),
    ('{{"b" | printf "%s-%s" "a"}}', "a-b"),
    (
        '{{printf "%v|%5.1f|%-6v|%06.2f|%+d|% d|%x|%#x|%#o|%08b" '
        "2.5 3.14159 1.5 3.14159 5 5 -255 255 8 5}}",
        "2.5|  3.1|1.5   |003.14|+5| 5|-ff|0xff|010|00000101",
    ),
    (
        '{{printf "%6s|%-6s|%.1s|%5q|%x|% X" "ab" "ab" "héllo" "a" "hé" "hé"}}',
        '    ab|ab    |h|  "a"|68c3a9|68 C3 A9',
    ),
    ('{{printf "%d %c %q %U %#U" 65 65 65 9731 9731}}', "65 A 'A' U+2603 U+2603 '☃'"),
    (
        '{{printf "%f %.3f %e %g %G" 3.14159 3.14159 314.159 0.00001234 1e21}}',
        "3.141590 3.142 3.141590e+02 1.234e-05 1E+21",
    ),
    (
        '{{printf "%v|%s|%d|%q" .L .L .L .L}}',
        "[1 a [2 3] map[k:v]]|[%!s(float64=1) a [%!s(float64=2) %!s(float64=3)] map[k:v]]|"
        "[%!d(float64=1) %!d(string=a) [%!d(float64=2) %!d(float64=3)] "
        'map[%!d(string=k):%!d(string=v)]]|[%!q(float64=1) "a" [%!q(float64=2) %!q(float64=3)] '
        'map["k":"v"]]',
    ),
    (
        '{{printf "%+v|%#v|%T|%T" .M .S .N .L}}',
        'map[a:1 b:2 c:map[z:[]]]|"x<y>&z"|float64|[]interface {}',
    ),
    (
        '{{printf "%d %s" "x" 3}}|{{printf "%d"}}|{{printf "x" 1 2}}|{{printf "%z" 1}}|'
        '{{printf "%%"}}|{{printf "%"}}',
        "%!d(string=x) %!s(int=3)|%!d(MISSING)|x%!(EXTRA int=1, int=2)|%!z(int=1)|%|%!(NOVERB)",
    ),
    ('{{printf "%[2]d %[1]d|%*d|%.*f" 1 2 5 1 2 3.14159}}', "2 1| 5|%!f(int=2)"),
    ('{{printf "%v|%d" .Z .Z}}', "<nil>|%!d(<nil>)"),
    # literals
    (
        "{{1.0}} {{1e6}} {{0.0000001}} {{-0.0}} {{0x1F}} {{0o17}} {{017}} {{0b101}} {{1_000}} "
        "{{'a'}} {{1e3}} {{0x1p-2}} {{1+2i}}",
        "1 1e+06 1e-07 -0 31 15 15 5 1000 97 1000 0.25 (1+2i)",
    ),
    ('{{"\\x41\\101\\u00e9\\U0001F600"}} {{`a\nb`}}', "AAé😀 a\nb"),
    # docker's functions
    (
        '{{join (split "a,b,c" ",") "-"}} {{split "abc" ""}} {{len (split "" ",")}}',
        "a-b-c [a b c] 1",
    ),
    (
        '{{title "hello wORLD-foo_bar x.y 3d éa"}} {{lower "HéLLO"}} {{upper "héllo"}}',
        "Hello WORLD-Foo_bar X.Y 3d Éa héllo HÉLLO",
    ),
    (
        '{{pad "x" 2 3}}|{{pad "" 1 1}}|{{truncate "abcdef" 3}}|{{truncate "ab" 5}}',
        "  x   ||abc|ab",
    ),
    # if / else if / with / else with
    ("{{if .S}}yes{{end}}", "yes"),
    ("{{if .Z}}yes{{else}}no{{end}}", "no"),
    (
        "{{if .E}}y{{else}}n{{end}}{{if .EM}}y{{else}}n{{end}}{{if .Nope}}y{{else}}n{{end}}"
        '{{if 0}}y{{else}}n{{end}}{{if 0.0}}y{{else}}n{{end}}{{if ""}}y{{else}}n{{end}}'
        "{{if .N}}y{{else}}n{{end}}",
        "nnnnnny",
    ),
    ('{{if eq .S "a"}}A{{else if eq .S "x<y>&z"}}B{{else}}C{{end}}', "B"),
    ("{{with .M}}{{.a}}{{else}}none{{end}}", "1"),
    ("{{with .Nope}}x{{else}}none{{end}}", "none"),
    ("{{with .E}}x{{else with .S}}{{.}}{{end}}", "x<y>&z"),
    # range
    ("{{range .L}}[{{.}}]{{end}}", "[1][a][[2 3]][map[k:v]]"),
    ("{{range $i, $e := .L}}{{$i}}={{$e}};{{end}}", "0=1;1=a;2=[2 3];3=map[k:v];"),
    ("{{range $k, $v := .M}}{{$k}}={{$v}};{{end}}", "a=1;b=2;c=map[z:[]];"),
    ("{{range .M}}{{.}};{{end}}", "1;2;map[z:[]];"),
    ("{{range .E}}x{{else}}empty{{end}}", "empty"),
    ("{{range .Nope}}x{{else}}missing{{end}}", "missing"),
    ("{{range .LN}}{{if eq . 1.0}}{{break}}{{end}}{{.}},{{end}}", "3,"),
    ("{{range .LN}}{{if eq . 1.0}}{{continue}}{{end}}{{.}},{{end}}", "3,2,"),
    ("{{range 3}}{{.}}{{end}}", "012"),
    ("{{range $i := 0}}x{{else}}none{{end}}", "none"),
    # variables and scopes
    ("{{$x := .S}}{{$x}}", "x<y>&z"),
    ("{{$x := 1}}{{$x = 2}}{{$x}}", "2"),
    ("{{$x := 1}}{{if true}}{{$x = 3}}{{end}}{{$x}}", "3"),
    ("{{$x := 1}}{{if true}}{{$x := 5}}{{$x}}{{end}}{{$x}}", "51"),
    ("{{with $m := .M}}{{$m.a}}{{end}}", "1"),
    ("{{(index .L 3).k}}", "v"),
    # trim markers, comments, templates
    ("a  {{- .S -}}  b", "ax<y>&zb"),
    ("{{/* a comment */}}x{{- /* c */ -}} y", "xy"),
    ('{{block "b" .N}}B{{.}}{{end}}', "B3"),
]


@pytest.mark.parametrize(("text", "expected"), MAP_CASES)
def test_renders_map_data_like_docker(text: str, expected: str) -> None:
    assert parse(text).execute(MAP) == expected


class ContainerContext:
    """Like docker/cli's formatter.ContainerContext: columns are methods."""

    go_type = "*formatter.ContainerContext"

    def __init__(self, cid: str, names: str, labels: dict[str, str]) -> None:
        self._id, self._names, self._labels = cid, names, labels

    def ID(self) -> str:
        return self._id

    def Names(self) -> str:
        return self._names

    def Label(self, name: str) -> str:
        return self._labels.get(name, "")


STATE = GoStruct(
    "*container.State",
    {"Status": "running", "Running": True, "Pid": 42, "Health": GoNil("*container.Health")},
)
INSPECT = GoStruct(
    "types.ContainerJSON",
    {
        "Name": "/web",
        "Size": 187654321,
        "State": STATE,
        "Config": GoStruct(
            "*container.Config",
            {
                "Entrypoint": ["/docker-entrypoint.sh"],
                "Cmd": NIL_SLICE,
                "Labels": {"maintainer": "NGINX <docker-maint@nginx.com>"},
                "Volumes": NIL_MAP,
            },
        ),
        "Row": ContainerContext("4a3b2c1d0e9f", "web", {"com.example": "x"}),
    },
)

DOCKER_CASES = [
    ("{{json .Config.Entrypoint}}", '["/docker-entrypoint.sh"]'),
    ("{{.Config.Entrypoint}}", "[/docker-entrypoint.sh]"),
    ("{{.Config.Cmd}}|{{json .Config.Cmd}}|{{len .Config.Cmd}}", "[]|null|0"),
    ("{{if .Config.Cmd}}y{{else}}n{{end}}{{range .Config.Cmd}}x{{else}}-{{end}}", "n-"),
    ("{{.Config.Volumes}}|{{json .Config.Volumes}}|{{.Config.Volumes.x}}", "map[]|null|<no value>"),
    ('{{index .Config.Labels "missing"}}|{{index .Config.Volumes "x"}}|', "||"),
    ("{{.Config.Labels.maintainer}}", "NGINX <docker-maint@nginx.com>"),
    (
        '{{json .Config.Labels}}|{{join .Config.Entrypoint " "}}',
        '{"maintainer":"NGINX <docker-maint@nginx.com>"}|/docker-entrypoint.sh',
    ),
    (
        '{{.Size}} {{printf "%d %T" .Size .Size}} {{json .Size}}',
        "187654321 187654321 int 187654321",
    ),
    ("{{.State}}", "{running true 42 <nil>}"),
    (
        '{{printf "%v" .State}}|{{printf "%+v" .State}}',
        "&{running true 42 <nil>}|&{Status:running Running:true Pid:42 Health:<nil>}",
    ),
    ("{{json .State}}", '{"Status":"running","Running":true,"Pid":42,"Health":null}'),
    (
        '{{.State.Health}}|{{printf "%v %T" .State.Health .State.Health}}',
        "<nil>|<nil> *container.Health",
    ),
    (
        '{{.Row.ID}} {{.Row.Names}} {{.Row.Label "com.example"}} {{.Row.Label "nope" | len}}',
        "4a3b2c1d0e9f web x 0",
    ),
    ('{{with .Row}}{{.ID | printf "%.4s"}}{{end}}', "4a3b"),
]


@pytest.mark.parametrize(("text", "expected"), DOCKER_CASES)
def test_renders_docker_data(text: str, expected: str) -> None:
    assert parse(text).execute(INSPECT) == expected


PARSE_ERRORS = [
    ("{{.Foo", "template: :1: unclosed action"),
    ("{{.Foo}", "template: :1: bad character U+007D '}'"),
    ("{{foo}}", 'template: :1: function "foo" not defined'),
    ("{{end}}", "template: :1: unexpected {{end}}"),
    ("{{else}}", "template: :1: unexpected {{else}}"),
    ("{{if .X}}", "template: :1: unexpected EOF"),
    ("{{range .X}}{{else}}", "template: :1: unexpected EOF"),
    ("{{}}", "template: :1: missing value for command"),
    ('{{"abc}}', "template: :1: unterminated quoted string"),
    ("{{`abc}}", "template: :1: unterminated raw quoted string"),
    ("{{'a}}", "template: :1: unterminated character constant"),
    ("{{'ab'}}", "template: :1: malformed character constant: 'ab'"),
    ("{{''}}", "template: :1: invalid syntax"),
    ('{{"a\\qb"}}', "template: :1: invalid syntax"),
    ("{{(.X}}", "template: :1: unclosed left paren"),
    ("{{.X)}}", "template: :1: unexpected right paren"),
    ("{{$x}}", 'template: :1: undefined variable "$x"'),
    ("{{break}}", "template: :1: {{break}} outside {{range}}"),
    ("{{continue}}", "template: :1: {{continue}} outside {{range}}"),
    ("{{range .X}}{{break 1}}{{end}}", 'template: :1: unexpected "1" in {{break}}'),
    ("{{1 | 2}}", "template: :1: non executable command in pipeline stage 2"),
    ('{{.X | "a"}}', "template: :1: non executable command in pipeline stage 2"),
    ("{{3x}}", 'template: :1: bad number syntax: "3x"'),
    ("{{.X.}}", "template: :1: unexpected <.> in operand"),
    ('{{"a".X}}', 'template: :1: unexpected . after term "\\"a\\""'),
    ("{{if}}{{end}}", "template: :1: missing value for if"),
    ("{{with $x, $y := .}}{{end}}", "template: :1: too many declarations in with"),
    ("{{range $x, $y, $z := .}}{{end}}", "template: :1: too many declarations in range"),
    ("{{range $x, 1}}{{end}}", "template: :1: range can only initialize variables"),
    ("{{/* c */ .X}}", "template: :1: comment ends before closing delimiter"),
    ("{{/* c", "template: :1: unclosed comment"),
    ("{{a#}}", "template: :1: bad character U+0023 '#'"),
    ("{{€}}", "template: :1: unrecognized character in action: U+20AC '€'"),
    ("{{1.2.3}}", 'template: :1: unexpected ".3" in operand'),
    ("{{99999999999999999999}}", 'template: :1: integer overflow: "99999999999999999999"'),
    ("{{0x}}", 'template: :1: illegal number syntax: "0x"'),
    ("{{089}}", 'template: :1: integer overflow: "089"'),
    ("{{:}}", "template: :1: expected :="),
    ("{{:=}}", 'template: :1: unexpected ":=" in command'),
    ("{{if 1}}{{else}}{{else}}{{end}}", "template: :1: expected end; found {{else}}"),
    ("{{range 1}}{{else if 2}}{{end}}", "template: :1: unexpected <if> in input"),
    (
        '{{define "a"}}x{{end}}{{define "a"}}y{{end}}',
        'template: :1: template: multiple definition of template "a"',
    ),
    ("{{.Name\n", "template: :2: unclosed action started at :1"),
    ('{{.Name\n"abc', "template: :2: unterminated quoted string in action started at :1"),
    ("{{(.Name\n}}", "template: :2: unclosed left paren in action started at :1"),
    ("a\n{{if 1}}\nb\n{{.Q}}", "template: :4: unexpected EOF"),
    ("a\n\n{{end}}", "template: :3: unexpected {{end}}"),
]


@pytest.mark.parametrize(("text", "message"), PARSE_ERRORS)
def test_error_parse_messages_match_go(text: str, message: str) -> None:
    with pytest.raises(TemplateError) as caught:
        parse(text)
    assert str(caught.value) == message


def _at(col: str, node: str, msg: str) -> str:
    return f'template: :{col}: executing "" at <{node}>: {msg}'


EXEC_ERRORS = [
    ("{{.S.X}}", _at("1:4", ".S.X", "can't evaluate field X in type interface {}")),
    ("{{.Z.X}}", _at("1:4", ".Z.X", "nil pointer evaluating interface {}.X")),
    ("{{.L.X}}", _at("1:4", ".L.X", "can't evaluate field X in type interface {}")),
    ("{{$x := .S}}{{$x.Y}}", _at("1:16", "$x.Y", "can't evaluate field Y in type string")),
    ("{{range .L}}{{.X}}{{end}}", _at("1:14", ".X", "can't evaluate field X in type interface {}")),
    ("{{index .L 9}}", _at("1:2", "index .L 9", "error calling index: index out of range: 9")),
    ("{{index .L -1}}", _at("1:2", "index .L -1", "error calling index: index out of range: -1")),
    (
        '{{index .L "a"}}',
        _at(
            "1:2", 'index .L "a"', "error calling index: cannot index slice/array with type string"
        ),
    ),
    (
        "{{index .M 1}}",
        _at("1:2", "index .M 1", "error calling index: value has type int; should be string"),
    ),
    (
        "{{index .N 1}}",
        _at("1:2", "index .N 1", "error calling index: can't index item of type float64"),
    ),
    ("{{index .Z 1}}", _at("1:2", "index .Z 1", "error calling index: index of untyped nil")),
    ("{{len .N}}", _at("1:2", "len .N", "error calling len: len of type float64")),
    ("{{len .Z}}", _at("1:2", "len .Z", "error calling len: len of nil pointer")),
    (
        "{{len .Nope}}",
        _at(
            "1:2",
            "len .Nope",
            "error calling len: reflect: call of reflect.Value.Type on zero Value",
        ),
    ),
    (
        '{{slice "abc" 2 1}}',
        _at("1:2", 'slice "abc" 2 1', "error calling slice: invalid slice index: 2 > 1"),
    ),
    (
        '{{slice "abc" 1 2 3}}',
        _at("1:2", 'slice "abc" 1 2 3', "error calling slice: cannot 3-index slice a string"),
    ),
    (
        "{{slice .N 1}}",
        _at("1:2", "slice .N 1", "error calling slice: can't slice item of type float64"),
    ),
    ('{{range "ab"}}x{{end}}', _at("1:8", '"ab"', "range can't iterate over ab")),
    ("{{range .N}}x{{end}}", _at("1:8", ".N", "range can't iterate over 3")),
    (
        "{{range $i, $e := 3}}{{end}}",
        _at("1:18", "3", "can't use 3 to iterate over more than one variable"),
    ),
    (
        "{{eq .L .L}}",
        _at(
            "1:2",
            "eq .L .L",
            "error calling eq: non-comparable type "
            "[%!s(float64=1) a [%!s(float64=2) %!s(float64=3)] map[k:v]]: []interface {}",
        ),
    ),
    ("{{lt .Z 1}}", _at("1:2", "lt .Z 1", "error calling lt: invalid type for comparison")),
    (
        "{{lt true false}}",
        _at("1:2", "lt true false", "error calling lt: invalid type for comparison"),
    ),
    (
        "{{eq 1 1.0}}",
        _at(
            "1:2",
            "eq 1 1.0",
            "error calling eq: incompatible types for comparison: int and float64",
        ),
    ),
    ("{{eq 1}}", _at("1:2", "eq 1", "error calling eq: missing argument for comparison")),
    ("{{and}}", _at("1:2", "and", "wrong number of args for and: want at least 1 got 0")),
    ("{{not 1 2}}", _at("1:2", "not", "wrong number of args for not: want 1 got 2")),
    ('{{upper "x" "y"}}', _at("1:2", "upper", "wrong number of args for upper: want 1 got 2")),
    ('{{"x" | upper "y"}}', _at("1:8", "upper", "wrong number of args for upper: want 1 got 2")),
    ("{{json}}", _at("1:2", "json", "wrong number of args for json: want 1 got 0")),
    ("{{upper .Nope}}", _at("1:8", ".Nope", "invalid value; expected string")),
    ("{{upper .Z}}", _at("1:8", ".Z", "wrong type for value; expected string; got interface {}")),
    ("{{.Nope | upper}}", _at("1:10", "upper", "invalid value; expected string")),
    ('{{split .N ","}}', _at("1:8", ".N", "wrong type for value; expected string; got float64")),
    ("{{upper 1}}", _at("1:8", "1", "expected string; found 1")),
    ('{{pad "x" "a" 1}}', _at("1:10", '"a"', 'expected integer; found "a"')),
    ('{{pad "x" 1.5 1}}', _at("1:10", "1.5", "expected integer; found 1.5")),
    ('{{truncate "abc" .N}}', _at("1:17", ".N", "wrong type for value; expected int; got float64")),
    ("{{call .S}}", _at("1:2", "call .S", "error calling call: non-function .S of type string")),
    ("{{.S 1}}", _at("1:2", ".S", "S is not a method but has arguments")),
    ("{{1 2}}", _at("1:2", "1", "can't give argument to non-function 1")),
    ("{{.M.a 1}}", _at("1:4", ".M.a", "a is not a method but has arguments")),
    ("{{nil}}", _at("1:2", "nil", "nil is not a command")),
    ("{{$x := 1}}{{$y = 3}}", _at("1:18", "3", "undefined variable: $y")),
    ('{{template "b"}}', _at("1:11", '{{template "b"}}', 'template "b" not defined')),
    (
        '{{printf "%d" 18446744073709551615}}',
        _at("1:14", "18446744073709551615", "18446744073709551615 overflows int"),
    ),
]


@pytest.mark.parametrize(("text", "message"), EXEC_ERRORS)
def test_error_exec_messages_match_go(text: str, message: str) -> None:
    with pytest.raises(ExecError) as caught:
        parse(text).execute(MAP)
    assert str(caught.value) == message


def test_error_exec_position_counts_lines_and_bytes() -> None:
    # given: the failing field is on line 2, after a two-byte character
    text = "{{.S}}\né{{.S.X}}"
    # then: the column is a byte offset within the line, as Go's ErrorContext gives it
    with pytest.raises(ExecError) as caught:
        parse(text).execute(MAP)
    assert str(caught.value) == _at("2:6", ".S.X", "can't evaluate field X in type interface {}")


def test_error_exec_keeps_partial_output() -> None:
    # given: output is written before the failing action, as Go writes to its writer
    with pytest.raises(ExecError) as caught:
        parse("a{{.S}}b{{index .L 9}}c").execute(MAP)
    # then
    assert caught.value.partial == "ax<y>&zb"


def test_error_exec_is_a_template_error() -> None:
    with pytest.raises(TemplateError) as caught:
        parse("{{len .N}}").execute(MAP)
    assert isinstance(caught.value, ExecError)


def test_error_field_of_a_struct() -> None:
    with pytest.raises(ExecError) as caught:
        parse("{{.State.Nope}}").execute(INSPECT)
    assert str(caught.value) == _at(
        "1:8", ".State.Nope", "can't evaluate field Nope in type *container.State"
    )


def test_error_field_of_a_nil_pointer() -> None:
    with pytest.raises(ExecError) as caught:
        parse("{{.State.Health.Status}}").execute(INSPECT)
    assert str(caught.value) == _at(
        "1:8", ".State.Health.Status", "nil pointer evaluating *container.Health.Status"
    )


def test_error_unknown_method_of_an_object() -> None:
    # docker ps --format '{{.Foo}}' (observed: docker CLI 28.2.2)
    with pytest.raises(ExecError) as caught:
        parse("{{.Foo}}").execute(INSPECT["Row"])
    assert str(caught.value) == _at(
        "1:2", ".Foo", "can't evaluate field Foo in type *formatter.ContainerContext"
    )


def test_error_method_argument_count() -> None:
    with pytest.raises(ExecError) as caught:
        parse("{{.Label}}").execute(INSPECT["Row"])
    assert str(caught.value) == _at("1:2", ".Label", "wrong number of args for Label: want 1 got 0")


def test_error_method_argument_type() -> None:
    with pytest.raises(ExecError) as caught:
        parse("{{.Label 1}}").execute(INSPECT["Row"])
    assert str(caught.value) == _at("1:9", "1", "expected string; found 1")


def test_error_missing_key_option() -> None:
    # docker inspect retries a failed template on the raw JSON with missingkey=error
    with pytest.raises(ExecError) as caught:
        parse("{{.Config.Labels.x}}").execute(INSPECT, missing_key_error=True)
    assert str(caught.value) == _at("1:9", ".Config.Labels.x", 'map has no entry for key "x"')


def test_define_and_template_execute_with_their_own_dot() -> None:
    text = '{{define "row"}}<{{.}}>{{end}}{{range .LN}}{{template "row" .}}{{end}}'
    assert parse(text).execute(MAP) == "<3><1><2>"


def test_header_functions_return_the_column_name() -> None:
    # docker ps --format 'table {{.Names}}\t{{json .Status}}\t{{upper .Image}}\t{{pad .Names 1 1}}'
    # printed the header NAMES  STATUS  IMAGE  " NAMES " (observed: docker CLI 28.2.2)
    header = {"Names": "NAMES", "Status": "STATUS", "Image": "IMAGE"}
    text = "{{.Names}}|{{json .Status}}|{{upper .Image}}|{{pad .Names 1 1}}|{{truncate .Names 2}}"
    assert parse(text).execute(header, header=True) == "NAMES|STATUS|IMAGE| NAMES |NAMES"


def test_none_data_is_no_value() -> None:
    assert parse("{{.}}|{{.X}}|{{json .}}").execute(None) == "<no value>|<no value>|null"


def test_parse_is_cached() -> None:
    assert parse("{{.ID}}\t{{.Names}}") is parse("{{.ID}}\t{{.Names}}")


def test_go_json_indents_like_marshal_indent() -> None:
    value = GoStruct("T", {"Id": "x<y>", "Empty": [], "Map": {"b": 1, "a": NIL_SLICE}})
    assert go_json(value, indent="    ") == (
        "{\n"
        '    "Id": "x\\u003cy\\u003e",\n'
        '    "Empty": [],\n'
        '    "Map": {\n'
        '        "a": null,\n'
        '        "b": 1\n'
        "    }\n"
        "}"
    )


def test_go_json_struct_tags() -> None:
    value = GoStruct(
        "T", {"ID": "abc", "Ports": NIL_MAP, "Tag": ""}, json_names={"ID": "Id"}, omitempty=["Tag"]
    )
    assert go_json(value) == '{"Id":"abc","Ports":null}'


PREPARED = [
    ("table {{.ID}}\\t{{.Names}}", (True, "{{.ID}}\t{{.Names}}")),
    ("table", (True, "")),
    ("json", (False, "{{json .}}")),
    ("  {{.ID}}\\n  ", (False, "{{.ID}}\n")),
    ("\t{{.ID}} ", (False, "\t{{.ID}}")),
    ("{{.Repository}}:{{.Tag}}", (False, "{{.Repository}}:{{.Tag}}")),
]


@pytest.mark.parametrize(("fmt", "expected"), PREPARED)
def test_prepare_format_like_docker_preformat(fmt: str, expected: tuple[bool, str]) -> None:
    assert prepare_format(fmt) == expected


@given(st.text(alphabet=st.characters(exclude_characters="{")))
def test_text_without_actions_is_copied(text: str) -> None:
    assert parse(text).execute(MAP) == text


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\u2028\u2029"))
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(_VALUES)
def test_json_matches_encoding_json_for_maps_and_slices(value: object) -> None:
    """docker's json func: encoding/json with sorted map keys and no HTML escaping."""
    expected = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert parse("{{json .}}").execute(value) == ("null" if value is None else expected)


def test_error_recursive_template_stops() -> None:
    text = '{{define "a"}}x{{template "a"}}{{end}}{{template "a"}}'
    with pytest.raises(ExecError) as caught:
        parse(text).execute(None)
    assert str(caught.value) == (
        'template: :1:26: executing "a" at <{{template "a"}}>: '
        "exceeded maximum template depth (100000)"
    )
