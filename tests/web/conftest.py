"""Fixtures for the lesson page: an App on a world of its own, and lesson files."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockersim.web.api import App
from dockersim.web.lessons import load_lessons
from dockersim.web.world import World
from tests.web.helpers import LESSON, PORT


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """DOCKERSIM_HOME for the page and the CLI alike, with a frozen clock."""
    directory = tmp_path / "state"
    monkeypatch.setenv("DOCKERSIM_HOME", str(directory))
    monkeypatch.setenv("DOCKERSIM_CLOCK", "frozen")
    return directory


@pytest.fixture
def lesson_file(tmp_path: Path) -> Path:
    path = tmp_path / "lesson.yaml"
    path.write_text(LESSON, encoding="utf-8")
    return path


@pytest.fixture
def app(home: Path, lesson_file: Path) -> App:
    return App(load_lessons([lesson_file]), World(home), PORT)
