"""`dockersim validate`: a scenario's schema, then its meaning.

Schema problems come from the shapes in `format.py` (unknown fields and kinds, wrong types,
bad durations, out-of-range numbers). Meaning problems are found here: duplicate ids, `on:`
hosts that are not declared, images that are not in the offline Docker Hub, docker command
lines that Docker would reject before running them, shell syntax on a docker line, and steps
that can never pass (contradictory expectations or checks). Lines that exercise an error on
purpose (`expect: {exit: N}` with N > 0) are not held to the last three.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dockersim.errors import Error
from dockersim.scenario import checks
from dockersim.scenario.commands import VARIABLE, shell_operator, split_words
from dockersim.scenario.document import DocPath, Document
from dockersim.scenario.format import TOP
from dockersim.scenario.matchers import Matcher
from dockersim.scenario.problems import WARNING, Problem
from dockersim.scenario.shape import Ctx

if TYPE_CHECKING:
    from dockersim.catalog import Catalog

#: docker commands whose first argument is an image reference
_IMAGE_ARG = {"image pull", "container run", "container create"}
#: docker commands that make a local image name: argument index of the new name
_MAKES_IMAGE = {"image tag": 1, "container commit": 1}
#: docker commands that read stdin without a flag saying so (`load` without -i, secrets)
_STDIN_COMMANDS = {"image load", "secret create", "config create", "plugin install"}
#: command groups with commands that read stdin or prompt (compose run, stack, trust)
_STDIN_GROUPS = {"compose", "stack", "trust", "context", "swarm"}
#: docker commands that read stdin, and the flag that makes them do it
_READS_STDIN = {
    "container run": "interactive",
    "container create": "interactive",
    "container exec": "interactive",
    "container start": "interactive",
    "login": "password-stdin",
}


def problems(doc: Document, catalog: Catalog | None = None) -> list[Problem]:
    """Every problem in `doc`: schema first; meaning only when the schema holds."""
    ctx = Ctx(doc)
    TOP.check(doc.data, (), ctx)
    if any(p.is_error for p in ctx.problems):
        return sorted(ctx.problems)
    _Meaning(doc, ctx, catalog).run()
    return sorted(ctx.problems)


class _Meaning:
    def __init__(self, doc: Document, ctx: Ctx, catalog: Catalog | None) -> None:
        self.doc = doc
        self.ctx = ctx
        self._catalog = catalog
        self.ids: dict[str, int] = {}
        self.local_images: set[str] = set()
        #: variable name -> index of the step that captures it
        self.captures: dict[str, int] = {}

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            from dockersim import catalog

            self._catalog = catalog.load()
        return self._catalog

    def run(self) -> None:
        data = self.doc.data
        hosts = list(data.get("hosts", ()))
        self._unique(hosts, ("hosts",), "host")
        for index, ref in enumerate(data.get("images", ())):
            self._image(ref, ("images", index))
        for index, step in enumerate(data["steps"]):
            if "capture" in step:
                self.captures.setdefault(step["capture"], index)
        for index, step in enumerate(data["steps"]):
            self._variables(step, ("steps", index), index)
            self._step(step, ("steps", index), hosts)

    def _variables(self, step: dict[str, Any], path: DocPath, index: int) -> None:
        texts = [("run", step.get("run"))]
        given = step.get("input")
        texts += [("input", t) for t in (given if isinstance(given, list) else [given])]
        expect = step.get("expect") or {}
        for stream in ("stdout", "stderr"):
            if stream in expect:
                texts += [("expect", t) for t in Matcher.parse(expect[stream]).texts()]
        for field, text in texts:
            for name in VARIABLE.findall(text or ""):
                first = self.captures.get(name)
                if first is None:
                    if not _literal(field, step.get("run") or ""):
                        continue  # a shell expands it: the host's, or the container's `sh -c`
                    self.ctx.report(
                        (*path, field),
                        f"${{{name}}} is not captured by any step, so it stays as typed "
                        "(only a shell inside the command could expand it)",
                        WARNING,
                    )
                elif first >= index:
                    self.ctx.report(
                        (*path, field),
                        f"${{{name}}} is used before step {first + 1} captures it",
                    )

    def _unique(self, names: list[str], path: DocPath, what: str) -> None:
        seen: set[str] = set()
        for index, name in enumerate(names):
            if name in seen:
                self.ctx.report((*path, index), f"{what} '{name}' is listed twice")
            seen.add(name)

    def _id(self, value: Any, path: DocPath) -> None:
        if not isinstance(value, str):
            return
        line = self.doc.mark(path)[0]
        if value in self.ids:
            self.ctx.report(path, f"duplicate id '{value}' (first used on line {self.ids[value]})")
        else:
            self.ids[value] = line

    def _image(self, ref: str, path: DocPath) -> None:
        from dockersim.model.reference import InvalidReference, parse_reference

        try:
            parsed = parse_reference(ref)
        except InvalidReference as exc:
            self.ctx.report(path, f"'{ref}' is not an image reference: {exc}")
            return
        if parsed.familiar_name in self.local_images or parsed.familiar in self.local_images:
            return
        repo = self.catalog.repository(parsed.path) if parsed.is_default_domain else None
        if repo is None:
            known = ", ".join(sorted(self.catalog.repositories))
            self.ctx.report(
                path,
                f"image '{ref}' is not in the offline Docker Hub (June 2025); "
                f"its repositories are: {known}",
            )
            return
        tag = parsed.tag or ("latest" if parsed.digest is None else None)
        if tag is not None and repo.image_key(tag) is None:
            tags = ", ".join(t for t, _ in repo.tags)
            self.ctx.report(path, f"'{repo.name}' has no tag '{tag}' in the offline Docker Hub "
                                  f"(it has: {tags})")  # fmt: skip

    def _step(self, step: dict[str, Any], path: DocPath, hosts: list[str]) -> None:
        if "id" in step:
            self._id(step["id"], (*path, "id"))
        if "on" in step and step["on"] not in hosts:
            declared = f"the hosts are {', '.join(hosts)}" if hosts else "no hosts are declared"
            self.ctx.report((*path, "on"), f"unknown host '{step['on']}' ({declared})")
        expect = step.get("expect") or {}
        for stream in ("stdout", "stderr"):
            if stream in expect:
                why = Matcher.parse(expect[stream]).contradiction()
                if why:
                    self.ctx.report((*path, "expect", stream), f"{stream} can never match: {why}")
        if "run" in step:
            self._run(step, path)
        found = step.get("check")
        if found is not None:
            items = found if isinstance(found, list) else [found]
            for index, item in enumerate(items):
                where = (*path, "check", index) if isinstance(found, list) else (*path, "check")
                self._check(item, where)

    def _check(self, item: dict[str, Any], path: DocPath) -> None:
        ((kind, fields),) = item.items()
        if "id" in fields:
            self._id(fields["id"], (*path, kind, "id"))
        why = checks.KINDS[kind].contradiction(fields)
        if why:
            self.ctx.report((*path, kind), f"this {kind} check can never pass: {why}")

    def _run(self, step: dict[str, Any], path: DocPath) -> None:
        line = step["run"]
        at = (*path, "run")
        try:
            words = split_words(line)
        except ValueError as exc:
            if line.lstrip().startswith("docker"):
                self.ctx.report(at, f"cannot split this command line: {exc}")
            return
        if not words or words[0] != "docker":
            return
        argv = list(words[1:])
        operator = shell_operator(line)
        if operator:
            self.ctx.report(
                at,
                f"docker lines run without a shell, so '{operator}' is not supported "
                "(split the line into steps, or check the output with expect)",
            )
            return
        wanted_exit = (step.get("expect") or {}).get("exit")
        on_purpose = isinstance(wanted_exit, int) and wanted_exit != 0
        self._docker(argv, step, at, on_purpose)

    def _docker(self, argv: list[str], step: dict[str, Any], at: DocPath, on_purpose: bool) -> None:
        from dockersim.docker import HANDLERS, flags

        try:
            _, rest = flags.parse_global(argv)
            if rest[:1] == ["compose"]:
                return  # the Compose plugin parses its own flags (docker/__init__.py _compose)
            command, rest = flags.lookup(rest)
            parsed = flags.parse(command, rest)
        except Error as exc:
            if not on_purpose:
                text = getattr(exc, "stderr_text", "") or str(exc)
                first = text.strip().splitlines()[0] if text.strip() else "a usage error"
                self.ctx.report(at, f"docker rejects this command line: {first}")
            return
        if parsed.help or parsed.bare:
            return
        if command.path not in HANDLERS and command.path != "help":
            self.ctx.report(
                at,
                f"'docker {command.path}' is not simulated yet: this step will fail",
                WARNING,
            )
            return
        if command.path in _MAKES_IMAGE and len(parsed.args) > _MAKES_IMAGE[command.path]:
            made = parsed.args[_MAKES_IMAGE[command.path]]
            self.local_images.update({made, made.split(":")[0]})
        if command.path == "image build":
            for tag in parsed.values.get("tag") or []:
                self.local_images.update({str(tag), str(tag).split(":")[0]})
        if command.path in _IMAGE_ARG and parsed.args and not on_purpose:
            self._image(parsed.args[0], at)
        reads = _READS_STDIN.get(command.path)
        if "input" in step and reads is not None and not parsed.values.get(reads):
            self.ctx.report(
                (*at[:-1], "input"),
                f"the input is never read: 'docker {command.path}' reads stdin only with --{reads}",
                WARNING,
                key=True,
            )
        elif "input" in step and reads is None and not _may_read_stdin(command.path, rest):
            self.ctx.report(
                (*at[:-1], "input"),
                f"the input is never read: 'docker {command.path}' does not read stdin",
                WARNING,
                key=True,
            )


def _literal(field: str, line: str) -> bool:
    """Whether an uncaptured `${NAME}` in `field` stays as typed: in `expect`, and on a docker
    line without a shell command (`sh -c '...'`) that would expand it."""
    if field == "expect":
        return True
    words = line.split()
    return field == "run" and words[:1] == ["docker"] and "-c" not in words


def _may_read_stdin(path: str, words: list[str]) -> bool:
    """Whether a docker command (other than those in `_READS_STDIN`) can read its stdin: a
    confirmation prompt (the prunes, `plugin install`), an archive or a context on `-`."""
    if path.endswith(" prune") or path.split(" ")[0] in _STDIN_GROUPS:
        return True
    return path in _STDIN_COMMANDS or "-" in words
