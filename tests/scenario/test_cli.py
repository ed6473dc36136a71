"""`dockersim play`, `validate`, `schema` and `shell` as commands."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dockersim.cli.app import app

GOOD = """\
dockersim: 1
title: Hello
images: [alpine:latest]
steps:
  - say: Say hello.
    run: docker run --rm alpine:latest echo hello
    expect: {exit: 0, stdout: hello}
  - run: docker ps -a
    expect: {stdout: {lines: 1}}
"""
BAD_CHECK = GOOD.replace("stdout: hello}", "stdout: goodbye}")
INVALID = GOOD.replace("expect: {exit: 0", "expect: {exit: 0, stdin: x")


@pytest.fixture
def lesson(tmp_path: Path) -> Path:
    path = tmp_path / "hello.yaml"
    path.write_text(GOOD)
    return path


def invoke(*args: str, stdin: str = "") -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_play_prints_the_session_and_exits_0(lesson):
    code, out, err = invoke("play", str(lesson))
    assert (code, err) == (0, "")
    assert out == (
        "Hello\n=====\n"
        "\nSay hello.\n"
        "\n$ docker run --rm alpine:latest echo hello\n"
        "hello\n"
        "  ✓ exit status is 0\n"
        '  ✓ stdout is "hello"\n'
        "\n$ docker ps -a\n"
        "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n"
        "  ✓ stdout has 1 line\n"
        f"\n{'─' * 60}\n3 checks: 3 passed, 0 failed\nPASSED\n"
    )


def test_play_exits_1_when_a_check_fails(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_CHECK)
    code, out, _ = invoke("play", "--format", "tap", str(path))
    assert (code, out.splitlines()[:4]) == (
        1,
        ["TAP version 14", "1..3", "ok 1 - step 1: exit status is 0",
         'not ok 2 - step 1: stdout is "goodbye"'],
    )  # fmt: skip


def test_error_play_of_an_invalid_scenario_exits_2(tmp_path):
    path = tmp_path / "invalid.yaml"
    path.write_text(INVALID)
    code, out, err = invoke("play", str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"{path}:7:23: unknown field 'stdin' in expect; known fields: exit, stdout, stderr\n"
        "        expect: {exit: 0, stdin: x, stdout: hello}\n"
        "                          ^\n"
    )


def test_error_play_unknown_format(lesson):
    code, out, err = invoke("play", "--format", "xml", str(lesson))
    assert (code, out, err) == (
        2,
        "",
        "dockersim play: argument --format: invalid choice: 'xml' (choose from "
        "'text', 'json', 'junit', 'tap')\nRun 'dockersim play --help' for help.\n",
    )


def test_error_play_without_a_file():
    code, _, err = invoke("play")
    assert (code, err) == (
        2,
        "dockersim play: the following arguments are required: FILE\n"
        "Run 'dockersim play --help' for help.\n",
    )


def test_play_step_pauses_between_steps(lesson):
    code, out, err = invoke("play", "--step", str(lesson), stdin="\n")
    assert (code, out, err) == (0, invoke("play", str(lesson))[1], "[Enter: next step] ")


def test_play_fail_fast_and_seed(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_CHECK)
    code, out, _ = invoke("play", "--fail-fast", "--seed", "9", str(path))
    assert code == 1
    assert out.endswith(
        "\n[skipped: $ docker ps -a was not run after an earlier failure]\n"
        f"\n{'─' * 60}\n3 checks: 1 passed, 1 failed, 1 skipped\nFAILED\n"
    )


def test_play_then_shell_on_the_final_world(lesson):
    code, out, _ = invoke(
        "play", "--shell", str(lesson), stdin="docker images --format '{{.Repository}}'\nexit\n"
    )
    assert code == 0
    assert out.endswith(
        "PASSED\n"
        "dockersim shell: docker command lines and host commands (.help, exit)\n"
        "$ alpine\n"
        "$ "
    )


def test_validate_reports_each_file(lesson, tmp_path):
    bad = tmp_path / "invalid.yaml"
    bad.write_text(INVALID)
    code, out, _ = invoke("validate", str(lesson), str(bad))
    assert code == 1
    assert out == (
        f"{lesson}: ok\n"
        f"{bad}:7:23: unknown field 'stdin' in expect; known fields: exit, stdout, stderr\n"
        "        expect: {exit: 0, stdin: x, stdout: hello}\n"
        "                          ^\n"
    )


def test_validate_of_a_broken_file_never_shows_a_traceback(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("steps: [\n")
    code, out, _ = invoke("validate", str(path))
    assert (code, out) == (
        1,
        f"{path}:1:9: invalid YAML: did not find expected node content "
        "(while parsing a flow node)\n    steps: [\n            ^\n",
    )


def test_schema_scenario_is_json_schema():
    code, out, _ = invoke("schema", "scenario")
    schema = json.loads(out)
    assert (code, schema["$schema"], schema["required"]) == (
        0,
        "https://json-schema.org/draft/2020-12/schema",
        ["dockersim", "title", "steps"],
    )
    assert sorted(schema["$defs"]) == ["check", "matcher", "step"]


def test_error_schema_unknown():
    assert invoke("schema", "nope") == (
        2,
        "",
        "dockersim: unknown schema 'nope' (known: scenario, quiz)\n",
    )


def test_shell_fresh_world(tmp_path, monkeypatch):
    monkeypatch.setenv("DOCKERSIM_HOME", str(tmp_path))
    code, out, _ = invoke(
        "shell", "--fresh", "--no-save", stdin="hostname\n.advance 5s\n.bogus\nexit\n"
    )
    assert (code, out) == (
        0,
        "dockersim shell: docker command lines and host commands (.help, exit)\n"
        "$ dockersim\n"
        "$ $ unknown shell command .bogus (try .help)\n"
        "$ ",
    )


@pytest.mark.subprocess
@pytest.mark.parametrize("no_color", [False, True])
def test_colour_on_a_terminal_unless_no_color(lesson, no_color):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    if no_color:
        env["NO_COLOR"] = "1"
    main, child = pty.openpty()
    proc = subprocess.run(
        [sys.executable, "-m", "dockersim.cli", "play", str(lesson)],
        stdout=child,
        stderr=subprocess.PIPE,
        env=env,
        timeout=60,
        check=False,
    )
    os.close(child)
    chunks = []
    while True:
        try:
            data = os.read(main, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(main)
    text = b"".join(chunks).decode()
    assert proc.returncode == 0
    assert ("\x1b[32m✓\x1b[0m" in text) is not no_color
    assert ("\x1b[" in text) is not no_color
