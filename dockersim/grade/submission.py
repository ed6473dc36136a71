"""Reading what students hand in, defensively: every problem becomes a message, never a crash.

A submission is one of:

- an answers file, YAML or JSON (`.yaml`, `.yml`, `.json`): question id -> answer; a task or
  fix question's answer is a list of command lines or text with one per line;
- a file of command lines (any other name): one per line, `#` comments, `\\` continuations,
  `# question: ID` to switch question; or a terminal transcript (`$ ` lines), recognised by
  its prompts;
- a directory holding one student's files (an answers file and command files; a command file
  named after a question, `t1.sh`, belongs to that question).

A class directory holds one entry per student: a file (the student id is its name without
the extension; files sharing a stem are one student's) or a directory (its name). Entries
starting with `.` are skipped. Symbolic links and special files are never read (a student
could point one at the grading machine's files), files over the size limit are refused, and
the text must be UTF-8.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from dockersim.grade.limits import Limits
from dockersim.grade.script import Line, command_lines, is_transcript, transcript_lines
from dockersim.scenario.problems import ScenarioError
from dockersim.scenario.yamlsafe import load_text

ANSWER_SUFFIXES = (".yaml", ".yml", ".json")


class Unreadable(Exception):
    """Why a submission cannot be read; `str()` is the learner-facing sentence."""


@attrs.frozen
class Submission:
    student: str
    source: str
    answers: Mapping[str, Any] = attrs.field(factory=dict)
    commands: tuple[Line, ...] = ()
    error: str = ""


def read_text(path: Path, limits: Limits, follow: bool = True) -> str:
    """A regular file's UTF-8 text, within the size limit (symlinks only when `follow`)."""
    name = path.name
    try:
        info = os.stat(path, follow_symlinks=follow)
    except OSError as exc:
        raise Unreadable(f"{name}: cannot read the file ({exc.strerror})") from None
    if stat.S_ISLNK(info.st_mode):
        raise Unreadable(f"{name}: a symbolic link (not followed)")
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(f"{name}: not a regular file")
    if info.st_size > limits.file_bytes:
        raise Unreadable(f"{name}: the file is larger than {limits.file_bytes} bytes")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(limits.file_bytes + 1)
    except OSError as exc:
        raise Unreadable(f"{name}: cannot read the file ({exc.strerror})") from None
    if len(raw) > limits.file_bytes:
        raise Unreadable(f"{name}: the file is larger than {limits.file_bytes} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"{name}: not UTF-8 text (byte {exc.start})") from None
    if "\x00" in text:
        raise Unreadable(f"{name}: not text (it holds NUL bytes)")
    return text.removeprefix("\ufeff")


def parse_answers(text: str, name: str) -> dict[str, Any]:
    """An answers file's mapping. A `.json` file must be JSON ("invalid JSON: ..." with the
    line and column of the mistake); it is then read by the same bounded loader as YAML."""
    is_json = name.lower().endswith(".json")
    if is_json and text.strip():
        _check_json(text, name)
    try:
        data = load_text(text, name).data
    except ScenarioError as exc:
        first = exc.problems[0]
        raise Unreadable(f"{first.where()}: {first.message}") from None
    if not isinstance(data, dict):
        raise Unreadable(f"{name}: expected a mapping of question ids to answers")
    return dict(data)


def _check_json(text: str, name: str) -> None:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise Unreadable(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise Unreadable(f"{name}: invalid JSON: nested too deeply") from None


def parse_commands(text: str, default: str = "") -> tuple[Line, ...]:
    lines = transcript_lines(text) if is_transcript(text) else command_lines(text)
    return tuple((qid or default, line) for qid, line in lines)


@attrs.define
class _Parts:
    answers: dict[str, Any] = attrs.Factory(dict)
    commands: list[Line] = attrs.Factory(list)
    sources: list[str] = attrs.Factory(list)

    def add(self, path: Path, limits: Limits, ids: frozenset[str], follow: bool) -> None:
        text = read_text(path, limits, follow)
        self.sources.append(path.name)
        if path.suffix.lower() in ANSWER_SUFFIXES:
            for qid, answer in parse_answers(text, path.name).items():
                self.answers.setdefault(qid, answer)
        else:
            self.commands += parse_commands(text, path.stem if path.stem in ids else "")


def read_submission(
    paths: list[Path],
    student: str,
    limits: Limits | None = None,
    ids: frozenset[str] = frozenset(),
    follow: bool = True,
) -> Submission:
    """One student's files (or one directory of them); `follow` only for files named by the
    teacher on the command line. Never raises: an unreadable part gives `error`."""
    limits = limits or Limits()
    parts = _Parts()
    try:
        for path in paths:
            if not follow and path.is_symlink():
                raise Unreadable(f"{path.name}: a symbolic link (not followed)")
            if path.is_dir():
                for entry in _entries(path, limits.files, "files"):
                    if not entry.is_dir() or entry.is_symlink():
                        parts.add(entry, limits, ids, follow=False)
            else:
                parts.add(path, limits, ids, follow)
    except Unreadable as exc:
        return Submission(student, ", ".join(p.name for p in paths), error=str(exc))
    except (OSError, RecursionError, ValueError) as exc:
        return Submission(student, ", ".join(p.name for p in paths), error=f"unreadable: {exc}")
    source = ", ".join(parts.sources) or ", ".join(p.name for p in paths)
    return Submission(student, source, parts.answers, tuple(parts.commands))


def _entries(directory: Path, limit: int, what: str) -> list[Path]:
    try:
        found = sorted(p for p in directory.iterdir() if not p.name.startswith("."))
    except OSError as exc:
        raise Unreadable(f"{directory.name}: cannot list the directory ({exc.strerror})") from None
    if len(found) > limit:
        raise Unreadable(f"{directory.name}: more than {limit} {what}")
    return found


def class_entries(
    directory: Path, limits: Limits | None = None, exclude: Path | None = None
) -> list[tuple[str, list[Path]]]:
    """(student id, their paths) for each student in a class directory, sorted by id;
    `exclude` (the results directory, when it is inside) is left out."""
    limits = limits or Limits()
    students: dict[str, list[Path]] = {}
    skip = exclude.resolve() if exclude is not None else None
    for entry in _entries(directory, limits.students, "entries"):
        if skip is not None and entry.resolve() == skip:
            continue
        student = entry.name if entry.is_dir() and not entry.is_symlink() else entry.stem
        students.setdefault(student, []).append(entry)
    return sorted(students.items())
