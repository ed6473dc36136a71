"""The quiz format, version 1: its shapes (validation and JSON Schema). The model is in `model.py`.

```yaml
quiz: 1                                  # format version (required)
title: Container lifecycle               # required
description: Markdown shown under the title
seed: 7                                  # engine seed and parameter draws (default 0)
images: [busybox:latest]                 # pulled into every question's starting world
files: {~/site/index.html: "<h1>hi</h1>"}   # files on the simulated host
params:                                  # drawn per student, used as ${name}
  name: [web, api, cache]
  port: {min: 8000, max: 8099}
questions:
  - id: q1
    type: predict                        # predict | task | fix
    prompt: What state is `${name}` in?
    setup: [docker run -d --name ${name} busybox sleep 1000, docker pause ${name}]
    ask: {state: "${name}"}              # what the key is computed from
    answer: choice                       # choice | text | number | list
    choices: auto                        # or an explicit list
  - id: t1
    type: task
    prompt: Publish nginx on port ${port}.
    checks:                              # the scenario check vocabulary, plus grading fields
      - container: {name: web, state: running, points: 2, feedback: Use -d.}
    constraints: [{max_commands: 2}, {forbid: docker exec}]
    solution: [docker run -d --name web -p ${port}:80 nginx]
```

The shapes reuse the scenario format's description language (`dockersim.scenario.shape`), and
the checks of task and fix questions are the scenario check vocabulary's kinds and fields
(`dockersim.scenario.checks.KINDS`), each extended with the grading fields `feedback`,
`visibility` and `tags`.
"""

from __future__ import annotations

from dockersim.scenario.checks import KINDS, ORDER
from dockersim.scenario.compound import Either, Field, ListOf, MapOf, Obj, Tagged
from dockersim.scenario.shape import Boolean, Const, Integer, Shape, Text

TYPES = ("predict", "task", "fix")
ANSWERS = ("choice", "text", "number", "list")
VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")

ID = Text(
    doc="a stable name (answers files, results)",
    pattern=r"[A-Za-z0-9][A-Za-z0-9_.:-]*",
    pattern_doc="an id (letters, digits, _ . : -)",
)
_VISIBILITY = Text(enum=VISIBILITIES, doc="who sees this result and when (Gradescope's values)")
_TAGS = ListOf(Text(nonempty=True), doc="labels for the platform (Gradescope tags)")
_LINES = Either(
    (Text(), ListOf(Text(nonempty=True))),
    doc="command lines: a list, or text with one per line (# comments, \\ continuations)",
)

#: Fields every graded item (an answer, a check, a constraint) may carry.
GRADING = (
    Field("feedback", Text(doc="shown to the learner when this item fails")),
    Field("visibility", _VISIBILITY),
    Field("tags", _TAGS),
)

_NAME = Text(nonempty=True, doc="a container name or ID")
_COMMAND = Text(nonempty=True, doc="a command line, run after the setup")
ASK = Tagged(
    "ask",
    {
        "state": Text(nonempty=True, doc="a container's State.Status (or removed)"),
        "exitCode": Text(nonempty=True, doc="a container's State.ExitCode"),
        "exists": Text(nonempty=True, doc="whether a container exists (yes/no)"),
        "exit": _COMMAND,
        "stdout": _COMMAND,
        "stderr": _COMMAND,
        "ps": Obj(
            "ps ask",
            (
                Field("all", Boolean(doc="docker ps -a")),
                Field("filter", ListOf(Text(nonempty=True), doc="docker ps --filter values")),
            ),
            doc="the names docker ps lists (a list, or how many with answer: number)",
        ),
        "layers": Text(nonempty=True, doc="how many layers an image has (RootFS)"),
        "resolves": Obj(
            "resolves ask",
            (
                Field("name", Text(nonempty=True), required=True),
                Field("from", _NAME, required=True),
            ),
            doc="whether a name resolves inside a container (yes/no)",
        ),
    },
    doc="what a predict question asks about the world after its setup",
)

_CHOICE = Either((Text(), Integer()))
CHOICES = Either(
    (
        Text(enum=("auto",), doc="auto: the key plus distractors from near-miss sequences"),
        ListOf(_CHOICE, nonempty=True, doc="the choices; the computed key must be one of them"),
    ),
    doc="the choices of a choice answer",
)

CONSTRAINT = Obj(
    "constraint",
    (
        Field("max_commands", Integer(minimum=0, doc="at most this many command lines")),
        Field(
            "require",
            Either((Text(nonempty=True), ListOf(Text(nonempty=True))), doc="commands to use"),
        ),
        Field(
            "forbid",
            Either((Text(nonempty=True), ListOf(Text(nonempty=True))), doc="commands not to use"),
        ),
        Field("id", ID),
        Field("title", Text()),
        Field("points", Integer(minimum=0, doc="points (default 1)")),
        *GRADING,
    ),
    doc="a rule on the submitted command lines",
    exclusive=("max_commands", "require", "forbid"),
    one_of=("max_commands", "require", "forbid"),
)


def _graded_kind(name: str) -> Obj:
    shape = KINDS[name].shape
    return Obj(shape.what, (*shape.fields, *GRADING), doc=shape.doc)


GRADED_CHECK = Tagged(
    "check",
    {name: _graded_kind(name) for name in ORDER},
    doc="a check of the scenario vocabulary, with points, feedback, visibility and tags",
)

QUESTION = Obj(
    "question",
    (
        Field("id", ID, required=True),
        Field("type", Text(enum=TYPES), required=True),
        Field("title", Text(doc="a short name (results)")),
        Field("prompt", Text(nonempty=True, doc="the question, in Markdown"), required=True),
        Field("points", Integer(minimum=0, doc="points of a predict answer (default 1)")),
        Field("setup", _LINES),
        Field("show_setup", Boolean(doc="show the setup to the learner (default true)")),
        Field("ask", ASK),
        Field("answer", Text(enum=ANSWERS, doc="how the learner answers")),
        Field("choices", CHOICES),
        Field("count", Integer(minimum=2, maximum=10, doc="how many auto choices (default 4)")),
        Field("ordered", Boolean(doc="a list answer must be in this order (default false)")),
        Field("checks", ListOf(GRADED_CHECK, nonempty=True, doc="the goal: checks on the world")),
        Field("constraints", ListOf(CONSTRAINT, doc="rules on the submitted command lines")),
        Field("solution", _LINES),
        *GRADING,
    ),
    doc="one question: predict (an answer), task or fix (command lines)",
)

_PARAM = Either(
    (
        ListOf(_CHOICE, nonempty=True, doc="one of these values"),
        Obj(
            "range",
            (Field("min", Integer(), required=True), Field("max", Integer(), required=True)),
            doc="an integer from min to max",
        ),
    ),
    doc="a parameter: a list to pick from, or {min, max}",
)
PARAMS = MapOf(
    _PARAM,
    key_pattern=r"[A-Za-z_][A-Za-z0-9_]*",
    key_doc="a parameter name (letters, digits, _)",
    doc="parameters drawn per student, used as ${name}",
)

TOP = Obj(
    "quiz",
    (
        Field("quiz", Const(1, doc="the format version: 1"), required=True),
        Field("title", Text(nonempty=True), required=True),
        Field("description", Text(doc="Markdown")),
        Field("seed", Integer(minimum=0, maximum=2**63 - 1, doc="default 0")),
        Field("images", ListOf(Text(nonempty=True), doc="pulled into every starting world")),
        Field(
            "files",
            MapOf(
                Text(),
                key_pattern=r"(/|~/).*",
                key_doc="an absolute path",
                doc="files on the simulated host: path -> text",
            ),
        ),
        Field("params", PARAMS),
        Field("questions", ListOf(QUESTION, nonempty=True), required=True),
    ),
    doc="a dockersim quiz (format 1)",
)


def shapes() -> dict[str, Shape]:
    """The named parts, for the schema's `$defs` and for tests."""
    return {"question": QUESTION, "check": GRADED_CHECK, "constraint": CONSTRAINT, "ask": ASK}
