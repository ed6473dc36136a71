"""`docker container prune` (and the other prunes) at a terminal read the answer to `[y/N]`
from the terminal, as the CLI does (internal/prompt Confirm): `y` prunes, anything else
cancels with nothing more printed and status 0."""

from __future__ import annotations

from pathlib import Path

import pytest
from ptyterm import Terminal, dockersim

pytestmark = pytest.mark.subprocess


def test_container_prune_reads_yes_from_the_terminal(tmp_path: Path) -> None:
    made = dockersim(tmp_path, "docker", "create", "--name", "old", "alpine")
    assert made.returncode == 0
    t = Terminal(tmp_path, "docker", "container", "prune")
    try:
        t.expect(r"WARNING! This will remove all stopped containers\.\r\n")
        t.expect(r"Are you sure you want to continue\? \[y/N\] $")
        t.line("y")
        t.expect(r"Deleted Containers:\r\n[0-9a-f]{64}\r\n\r\nTotal reclaimed space: 0B\r\n")
        assert t.wait() == 0
    finally:
        t.close()
    assert dockersim(tmp_path, "docker", "ps", "-aq").stdout == ""


def test_an_answer_other_than_y_cancels(tmp_path: Path) -> None:
    assert dockersim(tmp_path, "docker", "network", "create", "spare").returncode == 0
    t = Terminal(tmp_path, "docker", "network", "prune")
    try:
        t.expect(r"Are you sure you want to continue\? \[y/N\] $")
        t.line("n")
        assert t.wait() == 0
        assert "Deleted" not in t.screen
    finally:
        t.close()
    assert "spare" in dockersim(tmp_path, "docker", "network", "ls").stdout
