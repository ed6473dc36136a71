"""Here-documents and sed addresses in the three shells, and each shell's words for a
redirection into a read-only mount."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine


def sh(engine: Engine, image: str, script: str, shell: str = "sh", flags: str = "") -> tuple:
    engine.docker(f"pull -q {image}")
    result = engine.docker(["run", "--rm", *flags.split(), image, shell, "-c", script])
    return result.stdout, result.stderr, result.exit_code


@pytest.mark.parametrize("image", ["alpine", "debian"])
def test_heredocs_expand_strip_tabs_and_quote(engine: Engine, image: str) -> None:
    script = (
        'cat <<EOF\na $HOME\nEOF\ncat <<-"X"\n\ttab $HOME\n\tX\ncat <<A; cat <<B\none\nA\ntwo\nB\n'
    )
    assert sh(engine, image, script) == ("a /root\ntab $HOME\none\ntwo\n", "", 0)


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ("seq 5 | sed -n 2p", "2\n"),
        ("seq 5 | sed 1q", "1\n"),
        ("seq 5 | sed 1,3d", "4\n5\n"),
        ("seq 5 | sed -n /3/p", "3\n"),
        ("seq 5 | sed -n '$p'", "5\n"),
        ("seq 10 | sed -n /3/,/5/p", "3\n4\n5\n"),
        ("seq 6 | sed -n 1~2p", "1\n3\n5\n"),
        ("seq 5 | sed /2/,+1d", "1\n4\n5\n"),
        ("seq 5 | sed '3!d'", "3\n"),
        ("seq 5 | sed 0,/1/d", "2\n3\n4\n5\n"),
        ("seq 6 | sed '$!N;s/\\n/-/'", "1-2\n3-4\n5-6\n"),
        ("seq 3 | sed '2a after'", "1\n2\nafter\n3\n"),
        ("seq 3 | sed '1i head'", "head\n1\n2\n3\n"),
        ("seq 3 | sed -n '$!{h;d};x;G;p'", "2\n3\n"),
        ("echo aaa | sed s/a/b/2", "aba\n"),
        ("echo 'a b' | sed -E 's/(a) (b)/\\2 \\1/'", "b a\n"),
        ("seq 5 | sed 3q5; echo $?", "1\n2\n3\n5\n"),
    ],
)
def test_sed_addresses_and_commands(engine: Engine, script: str, expected: str) -> None:
    assert sh(engine, "debian", script) == (expected, "", 0)


def test_sed_errors_gnu_and_busybox(engine: Engine) -> None:
    assert sh(engine, "debian", "sed k; sed 's/a/b'; sed 'p}'") == (
        "",
        "sed: -e expression #1, char 1: unknown command: `k'\n"
        "sed: -e expression #1, char 6: unterminated `s' command\n"
        "sed: -e expression #1, char 2: unexpected `}'\n",
        1,
    )
    assert sh(engine, "alpine", "sed k; sed s/a/b") == (
        "",
        "sed: unsupported command k\nsed: unmatched '/'\n",
        1,
    )


@pytest.mark.parametrize(
    ("image", "shell", "stderr", "status"),
    [
        (
            "alpine",
            "sh",
            "sh: can't create /d/f: Read-only file system\n",
            "1",
        ),  # busybox ash: 1 (podman), dash: 2
        ("debian", "sh", "sh: 1: cannot create /d/f: Read-only file system\n", "2"),
        ("debian", "bash", "bash: line 1: /d/f: Read-only file system\n", "1"),
    ],
)
def test_redirection_into_a_read_only_mount(
    engine: Engine, image: str, shell: str, stderr: str, status: str
) -> None:
    got = sh(engine, image, "echo > /d/f; echo $?", shell, "-v xx:/d:ro")
    assert got == (status + "\n", stderr, 0)
