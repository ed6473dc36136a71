"""The packages tutorials install with apt and apk, and the programs they bring.

After `apt-get install` / `apk add` each tool is on PATH and does what the real one does for
what dockersim models (git init/config/status, jq's common filters, tree), or says on stderr
that it is not simulated and fails (never silent success).
"""

from __future__ import annotations

import pytest

from dockersim import Engine

TUTORIAL = "less net-tools iputils-ping vim nano git curl wget procps htop jq tree"
HINT_START = "hint: Using 'master' as the name for the initial branch."


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine(seed=0)
    for image in ("debian:bookworm", "ubuntu:24.04", "ubuntu:22.04", "alpine:3.22", "alpine:3.21"):
        assert engine.docker(["pull", "-q", image]).exit_code == 0
    return engine


def run(engine: Engine, image: str, script: str) -> tuple[str, str, int]:
    result = engine.docker(["run", "--rm", image, "sh", "-c", script])
    return result.stdout, result.stderr, result.exit_code


@pytest.mark.parametrize(
    ("image", "git", "jq"),
    [
        ("debian:bookworm", "2.39.5", "1.6"),
        ("ubuntu:24.04", "2.43.0", "1.7.1"),
        ("ubuntu:22.04", "2.34.1", "1.6"),
    ],
)
def test_apt_installs_the_tutorial_tools_on_path(
    engine: Engine, image: str, git: str, jq: str
) -> None:
    script = (
        f"apt-get update >/dev/null && apt-get install -y {TUTORIAL} >/dev/null 2>&1; "
        "for p in less ifconfig netstat ping vim vi nano git curl wget ps top htop jq tree; do "
        "command -v $p >/dev/null || echo missing $p; done; git --version; jq --version"
    )
    assert run(engine, image, script) == (f"git version {git}\njq-{jq}\n", "", 0)


def test_a_package_apt_does_not_know(engine: Engine) -> None:
    script = "apt-get update >/dev/null && apt-get install -y nosuchtool"
    assert run(engine, "debian:bookworm", script) == (
        "Reading package lists...\nBuilding dependency tree...\nReading state information...\n",
        "E: Unable to locate package nosuchtool\n",
        100,
    )


@pytest.mark.parametrize(("image", "branch"), [("alpine:3.22", "v3.22"), ("alpine:3.21", "v3.21")])
def test_apk_adds_the_tutorial_tools(engine: Engine, image: str, branch: str) -> None:
    script = (
        "apk add --no-cache git jq tree htop vim nano less procps net-tools > /tmp/log; "
        "head -1 /tmp/log; for p in git jq tree htop vim nano less ps; do "
        "command -v $p >/dev/null || echo missing $p; done"
    )
    out, err, status = run(engine, image, script)
    assert (out, err, status) == (
        f"fetch https://dl-cdn.alpinelinux.org/alpine/{branch}/main/x86_64/APKINDEX.tar.gz\n",
        "",
        0,
    )


def test_git_init_status_and_config(engine: Engine) -> None:
    script = (
        "apt-get update >/dev/null && apt-get install -y git >/dev/null 2>&1; "
        "git status; mkdir /app && cd /app && git init && git status && "
        "echo x > app.py && mkdir src && touch src/main.py && git status && "
        "git config --global user.name 'Ann Lee' && git config user.name && cat ~/.gitconfig"
    )
    out, err, status = run(engine, "debian:bookworm", script)
    assert status == 0
    assert err.startswith(
        "fatal: not a git repository (or any of the parent directories): .git\n" + HINT_START
    )
    assert out == (
        "Initialized empty Git repository in /app/.git/\n"
        "On branch master\n\nNo commits yet\n\n"
        'nothing to commit (create/copy files and use "git add" to track)\n'
        "On branch master\n\nNo commits yet\n\n"
        "Untracked files:\n"
        '  (use "git add <file>..." to include in what will be committed)\n'
        "\tapp.py\n\tsrc/\n\n"
        'nothing added to commit but untracked files present (use "git add" to track)\n'
        "Ann Lee\n"
        "[user]\n\tname = Ann Lee\n"
    )


def test_git_commands_it_does_not_model_say_so(engine: Engine) -> None:
    script = "apt-get update >/dev/null && apt-get install -y git >/dev/null 2>&1; git clone x"
    assert run(engine, "debian:bookworm", script)[1:] == (
        "dockersim: not simulated in git: git clone\n",
        1,
    )


JSON = '{"name": "web", "ports": [80, 443], "env": {"A": "1"}}'


@pytest.mark.parametrize(
    ("args", "out"),
    [
        (
            ".",
            '{\n  "name": "web",\n  "ports": [\n    80,\n    443\n  ],\n  "env": {\n'
            '    "A": "1"\n  }\n}\n',
        ),
        (".name", '"web"\n'),
        ("-r .name", "web\n"),
        (".ports[]", "80\n443\n"),
        (".ports[1]", "443\n"),
        (".env.A", '"1"\n'),
        (".missing", "null\n"),
        ("-c .ports", "[80,443]\n"),
        ("keys", '[\n  "env",\n  "name",\n  "ports"\n]\n'),
        ("-c 'keys, length'", '["env","name","ports"]\n3\n'),
        ("'.ports | length'", "2\n"),
    ],
)
def test_jq_filters(engine: Engine, args: str, out: str) -> None:
    script = (
        "apk add --no-cache jq >/dev/null; "
        f"printf '%s\\n' '{JSON}' > /tmp/a.json; jq {args} /tmp/a.json"
    )
    assert run(engine, "alpine:3.22", script) == (out, "", 0)


def test_jq_errors_are_jqs(engine: Engine) -> None:
    script = "apk add --no-cache jq >/dev/null; echo '[1]' | jq .a; echo $?; echo 1 | jq '.[]'"
    assert run(engine, "alpine:3.22", script) == (
        "5\n",
        'jq: error (at <stdin>:1): Cannot index array with "a"\n'
        "jq: error (at <stdin>:1): Cannot iterate over number (1)\n",
        5,
    )


def test_jq_filters_outside_the_subset_say_so(engine: Engine) -> None:
    script = "apk add --no-cache jq >/dev/null; echo '{}' | jq 'map(.a)'"
    assert run(engine, "alpine:3.22", script) == (
        "",
        "dockersim: not simulated in jq: the filter map(.a)\n",
        1,
    )


def test_tree_draws_the_directory(engine: Engine) -> None:
    script = (
        "apt-get update >/dev/null && apt-get install -y tree >/dev/null 2>&1; "
        "mkdir -p /p/src/lib /p/.git && touch /p/README.md /p/src/app.py /p/src/lib/u.py; "
        "cd /p && tree; tree -L 1 /p; tree /nope"
    )
    assert run(engine, "debian:bookworm", script) == (
        ".\n├── README.md\n└── src\n    ├── app.py\n    └── lib\n        └── u.py\n\n"
        "2 directories, 3 files\n"
        "/p\n├── README.md\n└── src\n\n1 directory, 1 file\n"
        "/nope  [error opening dir]\n\n0 directories, 0 files\n",
        "",
        2,
    )


def test_full_screen_programs_without_a_terminal_fail_as_the_real_ones(engine: Engine) -> None:
    script = (
        "apt-get update >/dev/null && apt-get install -y htop vim nano >/dev/null 2>&1; "
        "htop; echo $?; nano x; echo $?; vim x; echo $?"
    )
    assert run(engine, "debian:bookworm", script) == (
        "1\n1\n1\n",
        "Error opening terminal: unknown.\nError opening terminal: unknown.\n"
        "Vim: Warning: Output is not to a terminal\nVim: Warning: Input is not from a terminal\n"
        "Vim: Error reading input, exiting...\nVim: Finished.\n",
        0,
    )


def test_full_screen_programs_at_a_terminal_say_they_are_not_simulated(engine: Engine) -> None:
    script = "apk add --no-cache htop >/dev/null; htop"
    result = engine.docker(["run", "--rm", "-t", "alpine:3.22", "sh", "-c", script])
    assert result.exit_code == 1
    assert "dockersim: not simulated in htop: its full-screen display" in result.stdout
