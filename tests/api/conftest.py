"""Fixtures for the API server tests: a server over a fresh world in a temporary home."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from apiclient import Served, served


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
