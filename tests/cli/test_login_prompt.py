"""`docker login` at a terminal asks for the user name and the password (without echo), as
the docker CLI does (docker/cli cli/command/registry.go PromptUserForCredentials); without a
terminal it refuses as before. The offline Hub accepts any account."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from ptyterm import Terminal, dockersim

pytestmark = pytest.mark.subprocess

SUGGEST = (
    "Log in with your Docker ID or email address to push and pull images from Docker Hub. "
    "If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.\r\n"
)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    t = Terminal(tmp_path, "docker", "login")
    yield t
    t.close()


def test_login_prompts_for_user_and_hidden_password(tmp_path: Path, terminal: Terminal) -> None:
    t = terminal
    t.expect(r"Failed to start web-based login - falling back to command line login\.\.\.\r\n")
    t.expect(SUGGEST.replace(".", r"\.").replace("(", r"\(").replace(")", r"\)"))
    t.expect(r"\r\n\r\nUsername: $")
    t.line("learner")
    t.expect(r"learner\r\n")
    t.expect(r" Info -> A Personal Access Token \(PAT\) can be used instead\.\r\n")
    t.expect(r"         To create a PAT, visit https://app\.docker\.com/settings\r\n")
    t.expect(r"Password: $")
    t.line("s3cret-pw")
    t.expect(r"WARNING! Your credentials are stored unencrypted")
    t.expect(r"Login Succeeded\r\n")
    assert t.wait() == 0
    assert "s3cret-pw" not in t.screen  # no echo
    # the credentials are kept: a second login uses them, without a terminal
    again = dockersim(tmp_path, "docker", "login")
    assert again.returncode == 0
    assert "[Username: learner]" in again.stderr
    assert again.stdout == "Login Succeeded\n"


def test_login_with_user_asks_only_the_password(tmp_path: Path) -> None:
    t = Terminal(tmp_path, "docker", "login", "-u", "bob")
    try:
        t.expect(r" Info -> A Personal Access Token")
        t.expect(r"Password: $")
        t.line("")
        t.expect(r"Error: Password Required\r\n")
        assert t.wait() == 1
        assert "Username:" not in t.screen
    finally:
        t.close()


def test_empty_user_name_is_refused(terminal: Terminal) -> None:
    terminal.expect(r"Username: $")
    terminal.line("")
    terminal.expect(r"Error: Non-null Username Required\r\n")
    assert terminal.wait() == 1


def test_without_a_terminal_login_still_refuses(tmp_path: Path) -> None:
    done = dockersim(tmp_path, "docker", "login", stdin="")
    assert done.returncode == 1
    assert "cannot perform an interactive login from a non TTY device" in done.stderr
