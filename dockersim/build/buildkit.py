"""A build as BuildKit runs it (Docker 29 with buildx: the default `docker build`).

Steps that make a filesystem (FROM, RUN, COPY, ADD, WORKDIR) are vertices with cache keys:
a key is a digest of the parent step's key and everything that defines the step (RUN: the
command, its environment, working directory and user; COPY/ADD: destination, options and the
checksums of the source files; images-oci.md §6.5). A key seen before is `CACHED` and its
remembered layer chain is reused; the first miss changes every later key. The other
instructions only change the config (`build/meta.py`). The result is exported as moby's
exporter does (`normalizeLayersAndHistory`: history times from the layers' creation times,
so a fully cached rebuild gives the same image ID).
"""

from __future__ import annotations

from collections.abc import Callable

import attrs

from dockersim.build import copying, meta
from dockersim.build import instructions as ins
from dockersim.build.backend import (
    Backend,
    BaseError,
    BaseImage,
    BuildOutput,
    BuildRequest,
    LayerOut,
)
from dockersim.build.buildkit_parts import (
    Prefix,
    iso,
    meta_run_text,
    normalize_history,
    normalized_name,
    summarize,
    upper_command,
)
from dockersim.build.cache import BuildCache, CacheRecord, StepSummary, digest_of
from dockersim.build.errors import DockerfileError
from dockersim.build.executor import Executor, StageRun, human_bytes
from dockersim.build.image_state import BUILDKIT_COMMENT, ImageState
from dockersim.build.plan import SCRATCH, StagePlan, make_plan
from dockersim.build.report import BuildReport, Failure, Status, StepResult, Vertex
from dockersim.build.shell import Lex
from dockersim.build.steps import StepError
from dockersim.model.fs import Changeset
from dockersim.model.image import HistoryEntry

DOWNLOAD_RATE = 40_000_000.0
EXTRACT_RATE = 250_000_000.0


class BuildkitBuild(Executor):
    """One `docker build` with BuildKit; `run()` gives the report and, on success, the image."""

    def __init__(self, request: BuildRequest, backend: Backend, cache: BuildCache, now: float):
        super().__init__(request, backend, cache, now)
        self.vertices: list[Vertex] = []

    # --- the whole build ---------------------------------------------------------------------
    def run(self) -> tuple[BuildReport, BuildOutput | None]:
        context = self.request.context
        size = len(context.dockerfile)
        definition = Vertex(
            f"[internal] load build definition from {context.dockerfile_name}",
            statuses=(Status(f"transferring dockerfile: {human_bytes(size)}"),),
        )
        try:
            plan = make_plan(
                self.text, self.request.build_args, self.request.target, self.request.platform
            )
        except DockerfileError as exc:
            self.vertices.append(definition)
            return self.report(Failure(str(exc), exc.lines)), None
        self.plan = plan
        self.lint = plan.linter
        stages = [plan.stages[i] for i in plan.order]
        try:
            bases = self._resolve_bases(stages)
        except _Stop as stop:
            self.vertices.insert(0, self._with_warnings(definition))
            return self.report(stop.failure), None
        self.vertices.insert(0, definition)
        ignore_size = context.ignore_size if context.ignore_size >= 0 else 2
        self.vertices.append(
            Vertex(
                "[internal] load .dockerignore",
                statuses=(Status(f"transferring context: {human_bytes(ignore_size)}"),),
            )
        )
        if self._uses_context(stages):
            self.vertices.append(
                Vertex(
                    "[internal] load build context",
                    statuses=(Status(f"transferring context: {human_bytes(self._sent())}"),),
                )
            )
        try:
            for stage_plan in stages:
                self.runs[stage_plan.index] = self._run_stage(stage_plan, bases)
        except _Stop as stop:
            self._attach_warnings()
            return self.report(stop.failure), None
        self._attach_warnings()
        target = self.runs[plan.target]
        output = self._export(target)
        return self.report(None, output.config), output

    def report(self, failure: Failure | None, config: object = None) -> BuildReport:
        image_id = ""
        if failure is None and self.final_id:
            image_id = self.final_id
        return BuildReport(
            "buildkit",
            self.text,
            self.request.context.dockerfile_name,
            vertices=tuple(self.vertices),
            image_id=image_id,
            tags=self.request.tags,
            warnings=tuple(self.lint.warnings) if self.lint else (),
            failure=failure,
            duration=sum(v.duration for v in self.vertices),
            steps=tuple(self.steps),
            context_size=self.request.context.size,
        )

    def _with_warnings(self, vertex: Vertex) -> Vertex:
        if self.lint is None or not self.lint.warnings:
            return vertex
        return attrs.evolve(vertex, warnings=tuple(self.lint.warnings))

    def _attach_warnings(self) -> None:
        if self.vertices:
            self.vertices[0] = self._with_warnings(self.vertices[0])

    # --- base images -------------------------------------------------------------------------
    def _resolve_bases(self, stages: list[StagePlan]) -> dict[str, BaseImage]:
        bases: dict[str, BaseImage] = {}
        for stage_plan in stages:
            name = stage_plan.base
            if stage_plan.base_stage is not None or name.lower() == SCRATCH or name in bases:
                continue
            try:
                base = self.backend.resolve_base(name, self.request.platform, self.request.pull)
            except BaseError as exc:
                vertex = Vertex(
                    f"[internal] load metadata for {normalized_name(name)}", error=exc.message
                )
                self.vertices.append(vertex)
                raise _Stop(Failure(exc.message, stage_plan.stage.lines)) from None
            seconds = 0.0 if base.local and not self.request.pull else 0.5
            self.vertices.append(
                Vertex(f"[internal] load metadata for {base.name}", duration=seconds)
            )
            bases[name] = base
        return bases

    def _uses_context(self, stages: list[StagePlan]) -> bool:
        return any(
            isinstance(c, ins.Copy) and not c.from_ and c.sources
            for p in stages
            for c in p.stage.commands
        )

    def _sent(self) -> int:
        """Bytes of context files sent this time (unchanged files are not sent again)."""
        return max(self.request.context.size, 2)

    # --- a stage -----------------------------------------------------------------------------
    def _run_stage(self, stage_plan: StagePlan, bases: dict[str, BaseImage]) -> StageRun:
        stage = stage_plan.stage
        prefix = Prefix(stage_plan)
        if stage_plan.base_stage is not None:
            parent = self.runs[stage_plan.base_stage]
            run = self.derive(stage_plan, parent)
        elif stage_plan.base.lower() == SCRATCH:
            image = ImageState.scratch(self.request.platform, buildkit=True)
            run = self.start(stage_plan, image, digest_of("scratch", str(self.request.platform)))
            run.tree = {}
        else:
            base = bases[stage_plan.base]
            image = ImageState.from_config(base.config)
            run = self.start(stage_plan, image, digest_of("from", base.image_id))
            run.base = base
            self.vertices.append(self._from_vertex(prefix.next(), base))
        for command in [*self.onbuild(run), *stage.commands]:
            self._dispatch(run, command, prefix)
        return run

    def _from_vertex(self, prefix: str, base: BaseImage) -> Vertex:
        shown = base.name if base.local else (base.pinned or base.name)
        name = f"{prefix}FROM {shown}"
        if base.local or base.image_id in self.cache.bases:
            return Vertex(name)
        self.cache.bases.add(base.image_id)
        statuses = [Status(f"resolve {shown}")]
        total = 0.0
        for digest, size in base.blobs:
            statuses.append(Status(f"{digest} {human_bytes(size)} / {human_bytes(size)}"))
        for digest, size in base.layers:
            seconds = size / DOWNLOAD_RATE
            total += seconds
            statuses.append(
                Status(f"{digest} {human_bytes(size)} / {human_bytes(size)}", round(total, 1))
            )
        for digest, size in base.layers:
            seconds = size / EXTRACT_RATE
            total += seconds
            statuses.append(Status(f"extracting {digest}", seconds))
        return Vertex(name, duration=total, statuses=tuple(statuses))

    def elapsed(self) -> float:
        return sum(v.duration for v in self.vertices)

    def _dispatch(self, run: StageRun, command: ins.Instruction, prefix: Prefix) -> None:
        try:
            self._dispatch_one(run, command, prefix)
        except DockerfileError as exc:
            raise _Stop(Failure(exc.message, command.lines)) from None

    def _dispatch_one(self, run: StageRun, command: ins.Instruction, prefix: Prefix) -> None:
        env = run.env
        line = command.node.start_line
        if isinstance(command, ins.Run):
            self._run(run, command, prefix)
        elif isinstance(command, ins.Copy):
            self._copy(run, command, prefix)
        elif isinstance(command, ins.Workdir):
            path = self.expand(run, command.path, line)
            if not run.env.workdir_set and not path.startswith("/"):
                self.lint.workdir_relative(path, line)
            run.env.workdir_set = True
            workdir = env.image.set_workdir(path)
            if workdir == "/":
                self._history(run, f"WORKDIR {workdir}", empty=True)
                return
            name = prefix.next() + upper_command(self._display(run, command.code, line))
            key = digest_of("mkdir", run.key, workdir, env.image.user)
            self._step(
                run, name, key, f"WORKDIR {workdir}", lambda: self.mkdir(run, workdir), command
            )
            self._history(run, f"WORKDIR {workdir}", empty=False)
        else:
            text, _ = meta.apply(env, command)
            if text:
                self._history(run, text, empty=True)

    def _run(self, run: StageRun, command: ins.Run, prefix: Prefix) -> None:
        env = run.env
        args = list(command.cmd_line or ())
        if command.files and command.prepend_shell:
            args = [self.heredoc_script(args, command)]
        if command.prepend_shell:
            args = env.image.with_shell(args)
        display = Lex(self.plan.parsed.escape, raw_quotes=True, skip_unset_env=True)
        try:
            shown = display.process_word(command.code, env.env())
        except ValueError:
            shown = command.code
        name = prefix.next() + upper_command(shown)
        if command.files:
            name += f" ({summarize(command.files[0].content)})"
        history_args = env.args_for_history()
        key = digest_of(
            "run", run.key, args, env.run_env(), env.image.working_dir, env.image.user,
            command.network, list(command.mounts),
        )  # fmt: skip
        text = "RUN " + meta_run_text(args, history_args) + " # buildkit"
        used = {k: v for k, v in history_args}
        self._last_args = args

        def work() -> object:
            return self.execute(run, args, "buildkitsandbox")

        self._step(run, name, key, command.code, work, command, args=used)
        self._history(run, text, empty=False)

    def _copy(self, run: StageRun, command: ins.Copy, prefix: Prefix) -> None:
        line = command.node.start_line
        try:
            plan = copying.copy_plan(self, run, command)
        except StepError as exc:
            name = prefix.next() + upper_command(self._display(run, command.code, line, raw=False))
            self.vertices.append(Vertex(name, error=exc.message))
            failure = Failure("failed to compute cache key: " + exc.message, command.lines)
            raise _Stop(failure) from None
        name = prefix.next() + upper_command(self._display(run, command.code, line, raw=False))
        key = digest_of("copy", run.key, plan.key_parts)
        self._step(
            run,
            name,
            key,
            command.code,
            lambda: copying.apply_copy(self, run, plan),
            command,
            plan.files,
        )
        self._history(run, plan.history + " # buildkit", empty=False)

    def _display(self, run: StageRun, code: str, line: int, raw: bool = False) -> str:
        lex = Lex(self.plan.parsed.escape, raw_quotes=raw, skip_unset_env=raw)
        try:
            return lex.process_word(code, run.env.env())
        except ValueError:
            return code

    # --- one filesystem step -------------------------------------------------------------------
    def _step(
        self,
        run: StageRun,
        name: str,
        key: str,
        instruction: str,
        work: Callable[[], object],
        command: ins.Instruction,
        files: dict[str, str] | None = None,
        args: dict[str, str] | None = None,
    ) -> None:
        reason = self.explain_reason(run, name, key, instruction, files or {}, args or {})
        self.summaries.append(
            StepSummary(name, key, instruction, dict(files or {}), dict(args or {}), run.key)
        )
        record = None if self.request.no_cache else self.cache.lookup(key)
        if record is not None and self.have_chain(record.chain, run.base_len):
            self.vertices.append(Vertex(name, cached=True))
            self.steps.append(StepResult(name, True))
            run.adopt(record.chain, record.created, key)
            return
        self.steps.append(StepResult(name, False, reason))
        started = self.now + self.elapsed()
        try:
            result = work()
        except StepError as exc:
            self.vertices.append(Vertex(name, error=exc.message))
            raise _Stop(Failure(exc.message, command.lines)) from None
        logs, seconds, failure = self.outcome(result, name)
        if failure is not None:
            self.vertices.append(Vertex(name, duration=seconds, logs=logs, error=failure))
            raise _Stop(Failure(failure, command.lines))
        entries = self.changes_of(result)
        created = started + seconds
        diff_id = run.push_layer(entries, created, key)
        self.cache.remember(CacheRecord(key, list(run.chain), created, name), {})
        self.cache.content[diff_id] = entries
        self.cache.mtimes[diff_id] = int(created)
        self.vertices.append(Vertex(name, duration=seconds, logs=logs))

    def _history(self, run: StageRun, text: str, empty: bool) -> None:
        created = "" if empty else iso(run.layer_created)
        run.env.image.history.append(
            HistoryEntry(created, text, BUILDKIT_COMMENT, "", empty_layer=empty)
        )

    # --- exporting -----------------------------------------------------------------------------
    def _export(self, run: StageRun) -> BuildOutput:
        image = run.env.image
        for key, value in self.request.labels.items():
            image.labels[key] = value
        image.diff_ids = list(run.chain)
        history = normalize_history(image.history)
        created = next((h.created for h in reversed(history) if h.created), "")
        config = image.image_config(created, history)
        self.final_id = str(config.id)
        new = [
            _layer_out(run, d, self.cache.content[d], self.cache.mtimes.get(d, 0))
            for d in run.chain
            if d in self.cache.content
        ]
        statuses = [
            Status("exporting layers", 0.1 if run.executed else 0.0),
            Status(f"writing image {self.final_id}"),
        ]
        statuses += [Status(f"naming to {tag}") for tag in self.request.tags]
        self.vertices.append(
            Vertex("exporting to image", 0.1 if run.executed else 0.0, statuses=tuple(statuses))
        )
        return BuildOutput(config, tuple(new))


def _layer_out(run: StageRun, diff_id: str, entries: Changeset, mtime: int) -> LayerOut:
    """A layer of the output, with the tar `run` made of these very entries at this mtime."""
    made = run.made.get(diff_id)
    if made is not None and made[0] is entries and made[1] == mtime:
        return LayerOut(diff_id, entries, mtime, made[2])
    return LayerOut(diff_id, entries, mtime)


class _Stop(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


__all__ = ["BuildkitBuild", "normalize_history"]
