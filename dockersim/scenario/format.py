"""The scenario format, version 1: its shapes (validation and JSON Schema) and its model.

```yaml
dockersim: 1                      # format version (required)
title: Images and containers      # required
description: ...                  # Markdown
seed: 7                           # IDs, names and addresses derive from it (default 0)
hosts: [node1, node2]             # multi-host lessons (steps pick one with `on:`)
files: {/home/student/site/index.html: "<h1>hi</h1>"}   # the simulated host's files
images: [nginx:latest]            # pulled before the first step, silently
steps:                            # required, at least one
  - id: pull                      # any step or check may carry an id
    say: Pull the nginx image.    # Markdown narration
    run: docker pull nginx        # a docker command line, or a host command (curl ...)
    input: [ls, exit]             # what the command reads (an interactive session)
    on: node2                     # where it runs and is checked (default: the first host)
    expect: {exit: 0, stdout: {contains: Pull complete}}
    capture: OUT                  # keep stdout as ${OUT} for later run and input lines
    check: [{container: {name: web, state: running}}]
    hint: Shown when the step fails.
    explain: true                 # show what this step changed
  - advance: 30s                  # virtual time passes
  - daemon_restart: true          # the Docker daemon restarts
```
"""

from __future__ import annotations

from typing import Any

import attrs

from dockersim.scenario import checks
from dockersim.scenario.compound import Either, Field, ListOf, MapOf, Obj, Ref
from dockersim.scenario.document import DocPath, Document
from dockersim.scenario.durations import parse_duration
from dockersim.scenario.matchers import SHAPE as MATCHER
from dockersim.scenario.matchers import Matcher
from dockersim.scenario.shape import Boolean, Const, Duration, Integer, Text

HOST_HOME = "/home/student"
#: `/a/b` or `~/a/b`: no empty, `.` or `..` component, not a directory (no trailing slash)
_PART = r"(?!\.\.?(?:/|$))[^/\x00]+"
FILE_PATH = rf"(?:/|~/){_PART}(?:/{_PART})*"
_ID = Text(
    doc="a stable name (results, grading, links)",
    pattern=r"[A-Za-z0-9][A-Za-z0-9_.:-]*",
    pattern_doc="an id (letters, digits, _ . : -)",
)
_HOST = Text(pattern=r"[a-z][a-z0-9-]{0,62}", pattern_doc="a host name (a-z, 0-9, -)")

EXPECT = Obj(
    "expect",
    (
        Field(
            "exit",
            Integer(
                minimum=0,
                maximum=255,
                range_doc="exit statuses are 0 to 255",
                doc="the exit status",
            ),
        ),
        Field("stdout", MATCHER),
        Field("stderr", MATCHER),
    ),
    doc="what the command must print and exit with",
    one_of=("exit", "stdout", "stderr"),
)

STEP = Obj(
    "step",
    (
        Field("id", _ID),
        Field("title", Text(doc="a short name for the step (reports)")),
        Field("say", Text(doc="narration, in Markdown")),
        Field("run", Text(nonempty=True, doc="a docker command line, or a host command")),
        Field(
            "input",
            Either(
                (Text(), ListOf(Text())), doc="what the command reads: text, or a list of lines"
            ),
        ),
        Field("on", _HOST),
        Field("expect", EXPECT),
        Field(
            "check",
            Either(
                (ListOf(checks.SHAPE, nonempty=True), checks.SHAPE),
                doc="checks on the world after the step",
            ),
        ),
        Field("advance", Duration(doc="virtual time that passes, e.g. 30s")),
        Field("daemon_restart", Boolean(doc="restart the Docker daemon")),
        Field(
            "capture",
            Text(
                pattern=r"[A-Za-z_][A-Za-z0-9_]*",
                pattern_doc="a variable name",
                doc="keep the command's stdout (stripped) as ${NAME} for later run and input lines",
            ),
        ),
        Field("hint", Text(doc="shown when the step fails")),
        Field("explain", Boolean(doc="show what this step changed in the world")),
    ),
    doc="one step: narration, one action (run, advance or daemon_restart), expectations, checks",
    needs=(("input", "run"), ("expect", "run"), ("capture", "run")),
    exclusive=("run", "advance", "daemon_restart"),
    one_of=("say", "run", "advance", "daemon_restart", "check"),
)

TOP = Obj(
    "scenario",
    (
        Field("dockersim", Const(1, doc="the format version: 1"), required=True),
        Field("title", Text(nonempty=True), required=True),
        Field("description", Text(doc="Markdown")),
        Field("seed", Integer(minimum=0, maximum=2**63 - 1, doc="default 0")),
        Field("hosts", ListOf(_HOST, nonempty=True, doc="the hosts; the first is the default")),
        Field(
            "files",
            MapOf(
                Text(),
                key_pattern=FILE_PATH,
                key_doc="an absolute path to a file",
                doc="files on the simulated host: path -> text",
            ),
        ),
        Field("images", ListOf(Text(nonempty=True), doc="images pulled before the first step")),
        Field("steps", ListOf(Ref("step", STEP), nonempty=True), required=True),
    ),
    doc="a dockersim scenario (format 1)",
)


@attrs.frozen
class Expect:
    exit: int | None = None
    stdout: Matcher | None = None
    stderr: Matcher | None = None
    location: str = ""


@attrs.frozen
class Step:
    index: int
    location: str
    id: str = ""
    title: str = ""
    say: str = ""
    run: str = ""
    input: str = ""
    on: str = ""
    expect: Expect | None = None
    checks: tuple[checks.Check, ...] = ()
    advance: float | None = None
    daemon_restart: bool = False
    hint: str = ""
    explain: bool = False
    capture: str = ""


@attrs.frozen
class Scenario:
    file: str
    title: str
    description: str
    seed: int
    hosts: tuple[str, ...]
    files: tuple[tuple[str, str], ...]
    images: tuple[str, ...]
    steps: tuple[Step, ...]
    source: str = ""


def host_path(path: str) -> str:
    """`~/site` -> `/home/student/site` (the simulated host user's home)."""
    return HOST_HOME + path[1:] if path.startswith("~/") else path


def where(doc: Document, path: DocPath) -> str:
    line, column = doc.mark(path)
    return f"{doc.file}:{line}:{column}"


def parse(doc: Document) -> Scenario:
    """The model of a document that validated without errors."""
    data: dict[str, Any] = doc.data
    steps = tuple(_step(doc, i, raw) for i, raw in enumerate(data["steps"]))
    return Scenario(
        file=doc.file,
        title=data["title"],
        description=data.get("description", ""),
        seed=int(data.get("seed", 0)),
        hosts=tuple(data.get("hosts", ())),
        files=tuple((host_path(k), v) for k, v in (data.get("files") or {}).items()),
        images=tuple(data.get("images", ())),
        steps=steps,
        source=doc.source,
    )


def _step(doc: Document, index: int, raw: dict[str, Any]) -> Step:
    from dockersim.scenario.checks.files import stdin_text

    path: DocPath = ("steps", index)
    expect = None
    if "expect" in raw:
        spec = raw["expect"]
        expect = Expect(
            exit=spec.get("exit"),
            stdout=Matcher.parse(spec["stdout"]) if "stdout" in spec else None,
            stderr=Matcher.parse(spec["stderr"]) if "stderr" in spec else None,
            location=where(doc, (*path, "expect")),
        )
    found = raw.get("check")
    items = [] if found is None else (found if isinstance(found, list) else [found])
    check_path = (*path, "check")
    parsed = tuple(
        checks.Check.from_data(
            item, where(doc, (*check_path, i) if isinstance(found, list) else check_path)
        )
        for i, item in enumerate(items)
    )
    return Step(
        index=index + 1,
        location=where(doc, path),
        id=raw.get("id", ""),
        title=raw.get("title", ""),
        say=raw.get("say", ""),
        run=raw.get("run", ""),
        input=stdin_text(raw.get("input")),
        on=raw.get("on", ""),
        expect=expect,
        checks=parsed,
        advance=parse_duration(raw["advance"]) if "advance" in raw else None,
        daemon_restart=bool(raw.get("daemon_restart", False)),
        hint=raw.get("hint", ""),
        explain=bool(raw.get("explain", False)),
        capture=raw.get("capture", ""),
    )
