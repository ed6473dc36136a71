"""The lesson page's back end inside the browser, on Pyodide (the static export).

`pyodide-backend.js` boots Pyodide, unpacks the package and its data, and hands every
`/api/*` request the page makes to `Backend.handle(path, body)`, which answers with the same
JSON as the local server (dockersim/web/api.py): `state`, `run`, `check` and `prepare`. The
world lives in memory, on the simulated host (as in `play` and `grade`: nothing here reaches
the learner's real machine, which the browser keeps out of reach anyway); the shim may keep
`Backend.saved()` in the browser's localStorage and give it back to the next boot.

The YAML data was parsed at export time and stored under the names `datacache` looks for
(`use_frozen_data`): this module and everything it imports never import PyYAML or typer.
"""

from __future__ import annotations

import json
import os
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dockersim.web.terminal import is_assignment, screen

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.scenario import Scenario

#: the longest command line the terminal sends
MAX_LINE = 16 * 1024


class DataMissing(Exception):
    """A data file's parsed JSON is not where the export puts it."""


def use_frozen_data(cache: Path) -> None:
    """Read the data files' parsed JSON from `cache`/dockersim (where the shim wrote the
    export's `py/data`), and check that every one the engine reads is there."""
    from dockersim import catalog, datacache
    from dockersim.docker import spec

    os.environ["XDG_CACHE_HOME"] = str(cache)
    os.environ.pop("DOCKERSIM_NO_CACHE", None)
    for path in [*catalog.snapshot_files(), spec.TABLE_FILE]:
        name, _ = datacache.cache_key(path, path.read_bytes())
        if not (cache / "dockersim" / f"{name}.json").is_file():
            raise DataMissing(f"dockersim: the export lacks py/data/{name}.json ({path.name})")


class Backend:
    """One learner's world and the page's lessons (their export-time JSON documents)."""

    def __init__(self, lessons: Sequence[str], saved: str | None = None) -> None:
        from dockersim.scenario import ScenarioError, format, validate
        from dockersim.scenario.document import from_json

        self.lessons: list[Scenario] = []
        for text in lessons:  # checked again: the folder may have been edited since the export
            doc = from_json(text)
            problems = validate.problems(doc)
            if any(p.is_error for p in problems):
                raise ScenarioError(problems, doc.source)
            self.lessons.append(format.parse(doc))
        self.notice = ""
        self.engine = self._restore(saved) if saved else None
        if self.engine is None:
            from dockersim.engine import Engine

            self.engine = Engine()
        self.focus_container = ""
        self.focus_image = ""
        self._saved = saved or ""

    def _restore(self, text: str) -> Engine | None:
        from dockersim.engine import Engine
        from dockersim.engine.worldcheck import InvalidWorld, check_world

        try:
            data = json.loads(text)
            check_world(data)
            return Engine.from_json(data)
        except (InvalidWorld, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            self.notice = "dockersim: the world saved in this browser could not be read; a new one"
            return None

    @property
    def world(self) -> Engine:
        assert self.engine is not None
        return self.engine

    def saved(self) -> str | None:
        """The world as JSON when it changed since the last call (for localStorage)."""
        text = self.world.dumps()
        if text == self._saved:
            return None
        self._saved = text
        return text

    # --- the API ---------------------------------------------------------------------------
    def handle(self, path: str, body: str) -> str:
        """`{"status": N, "body": {...}}` for one request, as the server would answer it."""
        status, answer = self._answer(path, body)
        return json.dumps({"status": status, "body": answer})

    def _answer(self, path: str, body: str) -> tuple[int, dict[str, Any]]:
        from dockersim.cli import clock

        try:
            data = json.loads(body) if body else {}
        except (ValueError, RecursionError):
            return 400, {"error": "the body is not JSON"}
        if not isinstance(data, dict):
            return 400, {"error": "the body is not a JSON object"}
        engine = self.world
        try:
            clock.catch_up(engine)
            clock.stamp(engine)
            if path == "/api/state":
                return 200, {
                    "lessons": [lesson_json(s, n) for n, s in enumerate(self.lessons)],
                    "pictures": self.pictures(()),
                    "notice": self.notice,
                }
            if path == "/api/run":
                line = data.get("line")
                if not isinstance(line, str) or len(line) > MAX_LINE or "\x00" in line:
                    return 400, {"error": f"line: a string of at most {MAX_LINE} characters"}
                if not line.strip():
                    return 200, {"output": "", "exit_code": 0, "pictures": None}
                return 200, self.run(line)
            if path in ("/api/check", "/api/prepare"):
                number = data.get("lesson")
                if type(number) is not int or not 0 <= number < len(self.lessons):
                    return 400, {"error": "lesson: the number of one of the page's lessons"}
                if path == "/api/check":
                    return 200, {"steps": check(self.lessons[number], engine)}
                done = prepare(self.lessons[number], engine)
                return 200, {"done": done, "pictures": self.pictures(())}
        except Exception as exc:  # a dockersim bug: said, never a traceback in the page
            return 500, {"error": f"dockersim internal error: {type(exc).__name__}: {exc}"}
        return 404, {"error": "no such API"}

    def run(self, line: str) -> dict[str, Any]:
        from dockersim.scenario import explain

        engine = self.world
        before = explain.take(engine)
        text, code = run_line(engine, line)
        after = explain.take(engine)
        names = self._follow(before, after)
        return {
            "output": text,
            "exit_code": code,
            "pictures": self.pictures(names),
            "changes": explain.changes(before, after),
        }

    def _follow(self, before: Any, after: Any) -> tuple[str, ...]:
        """The names of what changed; the last container (or image) touched gets the focus."""
        containers = [
            view.name
            for cid, view in after.containers.items()
            if cid not in before.containers or before.containers[cid].state() != view.state()
        ]
        images = [
            (view.refs or (image_id.removeprefix("sha256:")[:12],))[0]
            for image_id, view in after.images.items()
            if image_id not in before.images or before.images[image_id].refs != view.refs
        ]
        gone = [v.name for cid, v in before.containers.items() if cid not in after.containers]
        if containers:
            self.focus_container = containers[-1]
        if images:
            self.focus_image = images[-1]
        nets = sorted(set(before.networks) ^ set(after.networks))
        return (*containers, *gone, *images, *nets)

    def pictures(self, changed: Sequence[str]) -> list[dict[str, Any]]:
        """The pictures under the terminal: `{kind, name, title, svg | text, changed}`."""
        wanted: list[tuple[str, str | None, str]] = [
            ("summary", None, "The world"),
            ("network", None, "Networks"),
        ]
        if self.focus_container:
            focus = self.focus_container
            wanted += [
                ("container", focus, f"Container {focus}"),
                ("layers", focus, f"Layers of container {focus}"),
            ]
        elif self.focus_image:
            wanted.append(("layers", self.focus_image, f"Layers of image {self.focus_image}"))
        out: list[dict[str, Any]] = []
        for kind, name, title in wanted:
            drawn = draw(self.world, kind, name)
            if drawn is None:
                if kind == "container":
                    self.focus_container = ""
                continue
            drawn.update(kind=kind, name=name or "", title=title, changed=sorted(changed))
            out.append(drawn)
        return out


def draw(engine: Engine, kind: str, name: str | None) -> dict[str, Any] | None:
    """`{"svg": ...}`, or `{"text": ...}` where there is no SVG drawing; None: no object."""
    from dockersim.errors import Error
    from dockersim.pictures import draw as draw_picture

    try:
        return {"svg": draw_picture(engine, kind, name, "svg")}
    except Error:
        return None
    except (AttributeError, TypeError, ValueError):  # no SVG in this package: the text one
        try:
            return {"text": draw_picture(engine, kind, name, "text")}
        except Error:
            return None


def run_line(engine: Engine, line: str) -> tuple[str, int]:
    """A docker line as `dockersim docker` runs it at a terminal; anything else on the
    simulated host's shell. Returns the terminal's text and the exit status."""
    from dockersim import docker
    from dockersim.scenario.commands import shell_operator

    try:
        words = shlex.split(line)
    except ValueError:
        return "bash: unexpected EOF while looking for matching quote\n", 2
    first = next((w for w in words if not is_assignment(w)), "")
    if first != "docker":
        result = engine.host(line)
        return screen(result), result.exit_code
    operator = shell_operator(line)
    if operator is not None:
        return (
            f"dockersim: not simulated in the web page: a docker command with `{operator}` "
            "(pipes, redirections and substitutions); run the docker command alone\n",
            1,
        )
    # not live: a command that stays attached at a real terminal runs to where it would wait
    # and says so (the browser has no terminal session to follow it in)
    result = docker.run(words, engine, tty=True, stdin=b"")
    return screen(result), result.exit_code


# --- lessons: the local server's own (dockersim/web/lessons.py), so both pages agree ------
def lesson_json(scenario: Scenario, number: int) -> dict[str, Any]:
    from dockersim.web.lessons import Lesson

    return Lesson(scenario).to_json(number)


def prepare(scenario: Scenario, engine: Engine) -> list[str]:
    from dockersim.web import lessons

    return lessons.prepare(lessons.Lesson(scenario), engine)


def check(scenario: Scenario, engine: Engine) -> list[dict[str, Any]]:
    from dockersim.web import lessons

    return lessons.check(lessons.Lesson(scenario), engine)
