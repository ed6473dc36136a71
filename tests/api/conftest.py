"""Fixtures for the API server tests: a server over a fresh world in a temporary home."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from apiclient import Cli, Served, served


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    # a short path: a unix socket's path has room for 107 bytes
    home = Path(tempfile.mkdtemp(prefix="dsapi-"))
    monkeypatch.setenv("DOCKERSIM_HOME", str(home))
    monkeypatch.setenv("DOCKERSIM_CLOCK", "real")
    with served(home) as server:
        yield server
    for path in sorted(home.rglob("*"), reverse=True):
        path.unlink() if not path.is_dir() else path.rmdir()
    os.rmdir(home)


@pytest.fixture
def docker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    """The real docker CLI against a server over a fresh world whose clock is frozen (so
    CREATED and STATUS cannot move between two commands compared)."""
    home = Path(tempfile.mkdtemp(prefix="dscli-"))
    monkeypatch.setenv("DOCKERSIM_HOME", str(home))
    monkeypatch.setenv("DOCKERSIM_CLOCK", "frozen")
    config = home / "client"
    config.mkdir()
    with served(home) as api:
        yield Cli(api, config)
    shutil.rmtree(home, ignore_errors=True)
