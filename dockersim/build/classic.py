"""A build as the classic (legacy) builder runs it: `DOCKER_BUILDKIT=0 docker build`.

Every instruction after FROM commits an image (moby daemon/builder/dockerfile): RUN runs in
a container (` ---> Running in <id>`), metadata instructions commit an empty layer from a
container too, COPY/ADD add their files without one. A step hits the cache when a locally
built child of the current image was made by the same instruction with the same config
(` ---> Using cache`). The daemon's stream is plain text (RUN's stderr in red, as moby's
stream writer colours it); the intermediate images stay in the store, so `docker history`
shows their IDs.
"""

from __future__ import annotations

from collections.abc import Callable

from dockersim.build import copying, meta
from dockersim.build import instructions as ins
from dockersim.build.backend import Backend, BaseError, BuildOutput, BuildRequest, LayerOut, rfc3339
from dockersim.build.cache import BuildCache, StepSummary, digest_of
from dockersim.build.errors import DockerfileError
from dockersim.build.executor import Executor, FsResult, StageRun
from dockersim.build.image_state import ImageState, classic_created_by, run_with_args
from dockersim.build.meta import StageEnv
from dockersim.build.plan import SCRATCH, StagePlan, make_plan
from dockersim.build.report import BuildReport, Failure, PullMessage, StepResult
from dockersim.build.run import RunOutcome
from dockersim.build.steps import StepError
from dockersim.model.digest import sha256_of
from dockersim.model.fs import FileEntry, Tree
from dockersim.model.image import HistoryEntry
from dockersim.model.tarball import tar_bytes

RED = "\x1b[91m"
RESET = "\x1b[0m"
EMPTY_TAR = "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"


class _Stop(Exception):
    def __init__(self, failure: Failure) -> None:
        super().__init__(failure.message)
        self.failure = failure


class ClassicBuild(Executor):
    def __init__(self, request: BuildRequest, backend: Backend, cache: BuildCache, now: float):
        super().__init__(request, backend, cache, now)
        self.stream: list[str | PullMessage] = []
        self.clock = 0.0
        self.image_ids: dict[int, str] = {}
        self.used_args: set[str] = set()

    def elapsed(self) -> float:
        return self.clock

    def stage_env(self, image: ImageState) -> StageEnv:
        env = super().stage_env(image)
        env.buildkit = False
        return env

    def tree_of(self, run: StageRun) -> Tree:
        """The filesystem of the current image (the store's cached union view)."""
        if run.tree is None:
            if run.key:
                run.tree = self.backend.image_tree(run.key)
            else:
                run.tree = {"/": FileEntry.directory("/")}
            run.applied = len(run.chain)
        return run.tree

    def out(self, text: str) -> None:
        self.stream.append(text)

    # --- the whole build -------------------------------------------------------------------
    def run(self) -> tuple[BuildReport, BuildOutput | None]:
        try:
            plan = make_plan(self.text, self.request.build_args, self.request.target)
        except DockerfileError as exc:
            return self.report(Failure(str(exc))), None
        self.plan = plan
        for warning in plan.parsed.warnings:
            self.out(f"{RED}[WARNING]: {warning.short}\n{RESET}")
        if plan.parsed.warnings:
            self.out(f"{RED}[WARNING]: Empty continuation lines will become errors in a future "
                     f"release.\n{RESET}")  # fmt: skip
        stages = list(plan.stages[: plan.target + 1])
        metas = [n for n in plan.parsed.nodes if n.start_line < stages[0].stage.node.start_line]
        total = len([m for m in metas if m.keyword == "arg"]) + len(stages)
        total += sum(len(s.stage.commands) for s in stages)
        self.total = total
        self.index = 0
        self.used_args.update(k for k in plan.global_args if k in self.request.build_args)
        try:
            for node in metas:
                if node.keyword == "arg":
                    self._step_line(node.original.strip())
            run = None
            for stage_plan in stages:
                run = self._stage(stage_plan)
        except _Stop as stop:
            return self.report(stop.failure), None
        assert run is not None
        unused = sorted(set(self.request.build_args) - self.used_args)
        if unused:
            self.out(f"[Warning] One or more build-args [{' '.join(unused)}] were not consumed\n")
        self.final_id = self.image_ids[plan.target]
        self.out(f"Successfully built {self.final_id.split(':', 1)[1][:12]}\n")
        config = self.backend.image_config(self.final_id)
        return self.report(None), BuildOutput(config)

    def report(self, failure: Failure | None) -> BuildReport:
        if failure is not None and self.stream and not failure.bare:
            # an error after the stream began is written into it (no daemon prefix)
            failure = Failure(failure.message, failure.lines, failure.exit_code, bare=True)
        return BuildReport(
            "classic",
            self.text,
            self.request.context.dockerfile_name,
            stream=tuple(self.stream),
            image_id=self.final_id if failure is None else "",
            tags=self.request.tags,
            failure=failure,
            duration=self.clock,
            steps=tuple(self.steps),
            context_size=self.request.context.size,
        )

    def _step_line(self, code: str) -> None:
        self.index += 1
        self.out(f"Step {self.index}/{self.total} : {code}\n")

    def _id_line(self, image_id: str) -> None:
        self.out(f" ---> {image_id.split(':', 1)[-1][:12]}\n")

    # --- a stage -----------------------------------------------------------------------------
    def _stage(self, stage_plan: StagePlan) -> StageRun:
        stage = stage_plan.stage
        self._step_line(stage.code)
        base = stage_plan.base
        if stage_plan.base_stage is not None:
            image_id = self.image_ids[stage_plan.base_stage]
        elif base.lower() == SCRATCH:
            image_id = ""
        else:
            try:
                image_id, messages = self.backend.pull_base(base, self.request.platform)
            except BaseError as exc:
                raise _Stop(Failure(exc.message)) from None
            self.stream.extend(messages)
        if image_id:
            image = ImageState.from_config(self.backend.image_config(image_id))
            run = self.start(stage_plan, image, image_id)
        else:
            image = ImageState.scratch(self.request.platform, buildkit=False)
            run = self.start(stage_plan, image, "")
        run.env.image.ensure_path()
        self._id_line(image_id)
        triggers = self.onbuild(run)
        if triggers:
            plural = "s" if len(triggers) > 1 else ""
            self.out(f"# Executing {len(triggers)} build trigger{plural}\n")
        for command in [*triggers, *stage.commands]:
            if command not in triggers:
                self._step_line(command.code)
            try:
                self._dispatch(run, command)
            except DockerfileError as exc:
                raise _Stop(Failure(exc.message)) from None
            self._id_line(run.key)
        self.image_ids[stage_plan.index] = run.key
        self.used_args.update(k for k, _ in run.env.args)
        return run

    def _dispatch(self, run: StageRun, command: ins.Instruction) -> None:
        env = run.env
        shell = list(env.image.shell or ("/bin/sh", "-c"))
        if isinstance(command, ins.Run):
            self._run(run, command, shell)
        elif isinstance(command, ins.Copy):
            self._copy(run, command, shell)
        elif isinstance(command, ins.Workdir):
            path = env.image.set_workdir(self.expand(run, command.path, command.node.start_line))
            created_by = classic_created_by(shell, f"WORKDIR {path}", single_arg=True)
            self._commit(run, command, created_by, lambda: self.mkdir(run, path), container=True)
        else:
            _, comment = meta.apply(env, command)
            created_by = classic_created_by(shell, comment)
            self._commit(run, command, created_by, lambda: FsResult(()), container=True)

    def _run(self, run: StageRun, command: ins.Run, shell: list[str]) -> None:
        if command.flags_used:
            flag = command.flags_used[0]
            raise _Stop(
                Failure(
                    f"the --{flag} option requires BuildKit. Refer to "
                    "https://docs.docker.com/go/buildkit/ to learn how to build images with "
                    "BuildKit enabled"
                )
            )
        env = run.env
        args = list(command.cmd_line or ())
        if command.files and command.prepend_shell:
            args = [self.heredoc_script(args, command)]
        if command.prepend_shell:
            args = [*shell, " ".join(args)]
        build_args = [(k, v) for k, v in env.args if v is not None]
        created_by = run_with_args(args, build_args)
        self._last_args = args

        def work(container: str) -> object:
            outcome = self.execute(run, args, container[:12])
            for output in outcome.outputs:
                text = output.text
                self.out(f"{RED}{text}{RESET}" if output.stream == "stderr" else text)
            return outcome

        self._commit(run, command, created_by, work, container=True)

    def _copy(self, run: StageRun, command: ins.Copy, shell: list[str]) -> None:
        try:
            plan = copying.copy_plan(self, run, command)
        except StepError as exc:
            raise _Stop(Failure(_classic_copy_error(exc.message, command))) from None
        from dockersim.build.checksum import combined_hash, source_hash

        hashes = [source_hash(plan.source, p) for p in plan.paths if p in plan.source]
        chown = f"--chown={command.chown} " if command.chown else ""
        name = "ADD" if command.is_add else "COPY"
        comment = f"{name} {chown}{combined_hash(hashes)} in {command.dest} "
        created_by = classic_created_by(shell, comment, single_arg=True)
        self._commit(
            run, command, created_by, lambda: copying.apply_copy(self, run, plan), container=False
        )

    # --- one committed step ------------------------------------------------------------------
    def _commit(
        self,
        run: StageRun,
        command: ins.Instruction,
        created_by: str,
        work: Callable[..., object],
        container: bool,
    ) -> None:
        image = run.env.image
        key = digest_of("classic", run.key, created_by, image.container_config().to_json())
        self.summaries.append(StepSummary(command.code, key, command.code, {}, {}, run.key))
        cached = None if self.request.no_cache else self.cache.classic.get(key)
        if cached is not None and self.backend.image_exists(cached):
            self.out(" ---> Using cache\n")
            self.steps.append(StepResult(command.code, True))
            run.env.image = _reload(self.backend.image_config(cached), run.env.image)
            run.key = cached
            run.chain = list(run.env.image.diff_ids)
            return
        self.steps.append(StepResult(command.code, False, self._why(key)))
        cid = ""
        if container:
            cid = self.backend.new_hex()
            self.out(f" ---> Running in {cid[:12]}\n")
        try:
            result = work(cid) if container and isinstance(command, ins.Run) else work()
        except StepError as exc:
            raise _Stop(Failure(exc.message)) from None
        if isinstance(result, RunOutcome):
            self.clock += 0.2 + result.duration
            code = result.exit_code
            if result.start_error or code is None or code != 0:
                joined = " ".join(self._last_args)
                status = 127 if result.start_error else (code if code is not None else 1)
                raise _Stop(
                    Failure(
                        f"The command '{joined}' returned a non-zero code: {status}",
                        exit_code=status,
                        bare=True,
                    )
                )
        else:
            self.clock += 0.1
        entries = self.changes_of(result)
        when = self.now + self.clock
        layers: list[LayerOut] = []
        empty = True
        if entries or isinstance(command, ins.Copy):
            diff_id = str(sha256_of(tar_bytes(entries, int(when))))
            if diff_id != EMPTY_TAR or isinstance(command, ins.Copy):
                layers.append(LayerOut(diff_id, entries, int(when)))
                image.diff_ids.append(diff_id)
                empty = False
        image.history.append(HistoryEntry(rfc3339(when), created_by, "", image.author, empty))
        config = image.image_config(rfc3339(when))
        if container:
            self.out(f" ---> Removed intermediate container {cid[:12]}\n")
        image_id = self.backend.commit_step(config, layers, run.key)
        self.cache.classic[key] = image_id
        run.key = image_id
        run.chain = list(image.diff_ids)
        run.tree = None

    def _why(self, key: str) -> str:
        if self.request.no_cache:
            return "--no-cache was given"
        if self.first_miss:
            return f"an earlier step was rebuilt ({self.first_miss}), so every later step is too"
        self.first_miss = key[:19]
        return "no locally built image was made by this instruction on this parent"


def _reload(config: object, previous: ImageState) -> ImageState:
    from dockersim.model.image import ImageConfig

    assert isinstance(config, ImageConfig)
    state = ImageState.from_config(config)
    return state


def _classic_copy_error(message: str, command: ins.Copy) -> str:
    if "not found" in message:
        source = next(iter(command.sources), "")
        return (
            "COPY failed: file not found in build context or excluded by .dockerignore: "
            f"stat {source}: file does not exist"
        )
    return message
