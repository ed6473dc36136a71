"""`docker ...` with generated command lines: every one answers with a status, no traceback.

Lines mix the real commands and flags of the command table (dockersim/docker/commands.yaml)
with the lived-in world's names and IDs and with hostile values: empty strings, quotes, `=`,
huge and negative numbers, unicode, Go template fragments, very long values.
"""

from __future__ import annotations

import json
import shlex

from fuzzkit import budget, check_result, fresh_copy, guarded, lived_in
from hypothesis import event, given
from hypothesis import strategies as st

from dockersim.docker import HANDLERS, spec
from dockersim.engine import Engine

TABLE = spec.load()
#: Every simulated command (the others answer "not simulated yet" and are tried rarely).
COMMANDS = sorted(
    (c for c in TABLE if c.call_path and not c.stub and not c.subcommands),
    key=lambda c: (c.path not in HANDLERS, c.call_path),
)
SIMULATED = [c for c in COMMANDS if c.path in HANDLERS]
_WORLD = lived_in()[0]
NAMES = sorted(
    {c.display_name for c in _WORLD.world.containers.values()}
    | {c.id[:12] for c in _WORLD.world.containers.values()}
    | {n.name for n in _WORLD.world.networks.values()}
    | {v.name for v in _WORLD.world.volumes.values()}
    | {"alpine", "nginx", "redis", "busybox", "built", "snap:1", "mine/alp:v1", "ov", "far"}
    | {i.id[7:19] for i in _WORLD.world.images.values()}
)
HOSTILE = st.sampled_from(
    [
        "",
        " ",
        "=",
        "a=b",
        "a=",
        "=b",
        ":",
        "::",
        "a:b:c",
        "0:0",
        "80:80/udp",
        "127.0.0.1:8080:80",
        "/",
        "/tmp:/tmp",
        "../..",
        "-",
        "--",
        "-1",
        "0",
        "1",
        "99999999999999999999",
        "-99999999999999999999",
        "1e400",
        "0x10",
        "1.5",
        "nan",
        "inf",
        " 5",
        "10GB",
        "1k",
        "-1s",
        "1h30m",
        "'",
        '"',
        "\\",
        "$(id)",
        "%s%n",
        "é",
        "²",
        "١٢",
        "\u202e",
        "\x00",
        "\n",
        "linux/amd64",
        "linux/arm64/v8",
        "windows",
        "sha256:",
        "sha256:" + "0" * 64,
        "{{.ID}}",
        "{{",
        "}}",
        "{{json .}}",
        "{{range .}}{{.}}{{end}}",
        "{{index . 1}}",
        '{{printf "%*d" 5 1}}',
        "{{.State.Pid | printf}}",
        "{{template}}",
        "table {{.Names}}\t{{.Status}}",
        "json",
        "type=bind,source=/tmp,target=/x",
        "type=volume,target=",
        "name=web",
        "status=running",
        "label=x=y",
        "until=1h",
        "dangling=true",
        "reference=a*",
    ]
)
LONG = st.integers(1000, 200_000).map(lambda n: "x" * n)
NAME = st.sampled_from(NAMES)
WORD = st.one_of(NAME, NAME, HOSTILE, HOSTILE, st.text(max_size=12), LONG, st.integers().map(str))
#: Plausible values by flag type (most lines should get past the parser).
GOOD = {
    "bool": st.sampled_from(["true", "false"]),
    "int": st.integers(0, 70000).map(str),
    "duration": st.sampled_from(["1s", "10m", "0", "1h"]),
    "bytes": st.sampled_from(["100m", "1g", "512k", "0"]),
    "ip": st.sampled_from(["172.18.0.50", "10.1.2.3", "::1"]),
    "filter": st.sampled_from(
        ["status=running", "name=web", "dangling=true", "label=x=y", "reference=alp*"]
    ),
    "map": st.sampled_from(["A=1", "x=y", "PATH=/bin"]),
    "list": st.sampled_from(["A=1", "data:/data", "8081:80", "/srv/site:/site", "x=y"]),
}
_ALIASES = {"int64": "int", "uint64": "int", "uint16": "int", "uint32": "int", "decimal": "int"}
COMMAND_WORDS = st.sampled_from(["sh", "-c", "echo hi", "sleep", "1", "ls", "/", "cat", "id"])


def _value(draw: st.DrawFn, flag: spec.FlagSpec) -> str:
    if draw(st.integers(0, 3)) == 0:
        return draw(WORD)
    good = GOOD.get(_ALIASES.get(flag.type, flag.type))
    if good is None:
        good = NAME if flag.type == "string" else WORD
    return draw(good)


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """A real command, some of its flags (with values, glued or not), and operands."""
    if draw(st.integers(0, 19)) == 0:
        return draw(st.lists(WORD, max_size=6))  # not a command at all
    command = draw(st.sampled_from(SIMULATED if draw(st.integers(0, 9)) else COMMANDS))
    argv = command.call_path.split()
    flags = [f for f in command.flags if not f.hidden]
    for _ in range(draw(st.integers(0, 3)) if flags else 0):
        flag = draw(st.sampled_from(flags))
        name = f"-{flag.short}" if flag.short and draw(st.booleans()) else f"--{flag.name}"
        if flag.type == "bool" and draw(st.integers(0, 3)):
            argv.append(name)
        elif name.startswith("--") and draw(st.booleans()):
            argv.append(f"{name}={_value(draw, flag)}")
        else:
            argv += [name, _value(draw, flag)]
    for _ in range(_operands(draw, command.args)):
        argv.append(draw(st.one_of(NAME, NAME, NAME, COMMAND_WORDS, WORD)))
    return argv


def _operands(draw: st.DrawFn, rule: spec.ArgRule) -> int:
    """How many operands: what the command's rule accepts, or now and then any number."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.integers(0, 4))
    if rule.kind in ("exact", "cobra_exact"):
        return rule.low
    if rule.kind in ("min", "range"):
        return draw(
            st.integers(
                rule.low, max(rule.low, rule.high) if rule.kind == "range" else rule.low + 2
            )
        )
    if rule.kind == "max":
        return draw(st.integers(0, rule.high))
    return 0 if rule.kind in ("none", "root") else draw(st.integers(0, 2))


@budget(200)
@given(command_lines())
def test_a_generated_docker_command_line_never_raises(argv):
    engine = fresh_copy()
    result = guarded(engine.docker, argv)
    check_result(result)
    if result is not None:
        event(f"exit {result.exit_code}")


@budget(40)
@given(command_lines(), st.booleans())
def test_a_generated_docker_text_line_never_raises(argv, quote):
    # the same lines as one string (the API and `play` split it as a shell would)
    line = shlex.join(argv) if quote else " ".join(argv)
    engine = fresh_copy()
    check_result(guarded(engine.docker, line))


@budget(40)
@given(st.lists(command_lines(), min_size=2, max_size=6))
def test_a_sequence_of_commands_leaves_a_world_that_saves_and_loads(lines):
    # given a lived-in world, when several generated commands run one after the other
    engine = fresh_copy()
    for argv in lines:
        check_result(guarded(engine.docker, argv))
    # then time can pass, the world can be listed, and what it saves loads again
    guarded(engine.advance, 100)
    check_result(guarded(engine.docker, "ps -a -s"))
    again = Engine.from_json(json.loads(engine.dumps()))
    check_result(guarded(again.docker, "system df -v"))
