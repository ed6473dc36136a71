"""Every lesson in scenarios/ is played and compared, byte for byte, with its golden transcript.

Regenerate the transcripts with `DOCKERSIM_UPDATE_GOLDEN=1 python -m pytest tests/scenario`.
A lesson that needs engine features not built yet is marked xfail (strict=False) with the
reason; it still has a golden transcript, and is re-enabled when the engine catches up.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from dockersim.scenario.session import play_file

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "scenarios").glob("*.yaml"))
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("DOCKERSIM_UPDATE_GOLDEN") == "1"

#: lesson -> why it cannot pass yet (the engine, not the lesson, is behind Docker)
PENDING: dict[str, str] = {}


def _params() -> list[object]:
    return [
        pytest.param(
            path,
            id=path.stem,
            marks=[pytest.mark.xfail(reason=PENDING[path.stem], strict=False)]
            if path.stem in PENDING
            else [],
        )
        for path in LESSONS
    ]


def play(path: Path, fmt: str = "text") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code, _ = play_file(path.relative_to(ROOT), out, err, fmt=fmt)
    return code, out.getvalue(), err.getvalue()


def compare(name: str, text: str) -> None:
    golden = GOLDEN / name
    if UPDATE:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_there_are_fifteen_lessons():
    assert [p.stem for p in LESSONS] == [
        "01-images",
        "02-image-exploration",
        "03-containers",
        "04-container-manipulation",
        "05-lifecycle",
        "06-isolation",
        "07-networking",
        "08-storage",
        "09-class-and-object",
        "10-flask-app",
        "11-interactive",
        "12-first-steps",
        "13-compose",
        "14-getting-started",
        "15-orchestration",
    ]


@pytest.mark.parametrize("lesson", _params())
def test_lesson_plays_as_its_golden_transcript(lesson: Path, monkeypatch):
    # given a lesson, played from the project root as `dockersim play scenarios/<lesson>`
    monkeypatch.chdir(ROOT)
    # when
    code, out, _ = play(lesson)
    # then
    compare(f"{lesson.stem}.txt", out)
    assert code == 0


@pytest.mark.parametrize("fmt", ["json", "junit", "tap"])
def test_lesson_3_in_machine_formats(fmt: str, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, err = play(ROOT / "scenarios" / "03-containers.yaml", fmt)
    compare(f"03-containers.{fmt}", out)
    assert (code, err) == (0, "")


def test_the_readme_counts_the_lessons_there_are():
    words = {
        10: "ten",
        11: "eleven",
        12: "twelve",
        13: "thirteen",
        14: "fourteen",
        15: "fifteen",
        16: "sixteen",
    }
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    said = " ".join(readme.split())  # the sentence may break across lines
    assert f"The {words[len(LESSONS)]} lessons of the course are in `scenarios/`" in said
