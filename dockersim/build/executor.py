"""What both builders share: a stage's running state, RUN and COPY execution, explanations.

A `StageRun` holds one stage's config (`StageEnv`), its layer chain (diffIDs) and, only when
a step must really run, its filesystem: a cached step needs no files at all, so a fully
cached rebuild never builds a tree.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from dockersim.build import instructions as ins
from dockersim.build.backend import Backend, BaseImage, BuildRequest
from dockersim.build.cache import BuildCache, StepSummary
from dockersim.build.image_state import ImageState
from dockersim.build.lint import Linter
from dockersim.build.meta import StageEnv
from dockersim.build.parser import parse
from dockersim.build.plan import Plan, StagePlan
from dockersim.build.report import Log, StepResult
from dockersim.build.run import RunOutcome, run_command
from dockersim.build.shell import Lex
from dockersim.build.steps import (
    resolve_owner,
    workdir_layer,
)
from dockersim.model.digest import sha256_of
from dockersim.model.fs import Changeset, FileEntry, Tree, apply
from dockersim.model.humanize import go_quote
from dockersim.model.tarball import tar_bytes

RUN_START = 0.1
RUN_COMMIT = 0.1


def human_bytes(size: int) -> str:
    """tonistiigi/units `%.2f`: `150B`, `1.97kB`, `3.38MB` (decimal units)."""
    if size < 1000:
        return f"{size}B"
    value = float(size)
    for unit in ("kB", "MB", "GB", "TB", "PB"):
        value /= 1000.0
        if value < 1000 or unit == "PB":
            return f"{value:.2f}{unit}"
    return f"{size}B"


@attrs.frozen
class FsResult:
    changes: Changeset
    seconds: float = 0.0


#: the bytes of the tars one stage keeps for the engine's layer store (small layers, the
#: usual ones, are not written twice; large ones are, rather than held twice in memory)
KEPT_TARS = 4 * 1024 * 1024


@attrs.define(eq=False)
class StageRun:
    plan: StagePlan
    env: StageEnv
    key: str
    chain: list[str]
    base: BaseImage | None = None
    tree: Tree | None = None
    applied: int = 0
    base_len: int = 0
    layer_created: float = 0.0
    executed: bool = False
    #: diff ID -> (the entries, the mtime, their tar) of each layer this run made
    made: dict[str, tuple[Changeset, int, bytes]] = attrs.Factory(dict)

    def adopt(self, chain: Sequence[str], created: float, key: str) -> None:
        self.chain = list(chain)
        self.layer_created = created
        self.key = key
        self.env.image.diff_ids = list(chain)

    def push_layer(self, entries: Changeset, created: float, key: str) -> str:
        tar = tar_bytes(entries, int(created))
        diff_id = str(sha256_of(tar))
        if sum(len(m[2]) for m in self.made.values()) + len(tar) <= KEPT_TARS:
            self.made[diff_id] = (entries, int(created), tar)
        if self.tree is not None and self.applied == len(self.chain):
            self.tree = apply(self.tree, entries)
            self.applied += 1
        self.chain.append(diff_id)
        self.env.image.diff_ids = list(self.chain)
        self.layer_created = created
        self.key = key
        self.executed = True
        return diff_id


class Executor:
    """Shared machinery; `BuildkitBuild` and `ClassicBuild` drive it."""

    def __init__(self, request: BuildRequest, backend: Backend, cache: BuildCache, now: float):
        self.request = request
        self.backend = backend
        self.cache = cache
        self.now = now
        self.text = request.context.dockerfile.decode("utf-8", errors="replace")
        self.runs: dict[int, StageRun] = {}
        self.steps: list[StepResult] = []
        self.summaries: list[StepSummary] = []
        self.previous = list(cache.builds.get(request.history_key, []))
        self.final_id = ""
        self.lint: Linter = Linter()
        self.plan: Plan
        self.first_miss = ""
        self._context_tree: Tree | None = None

    def elapsed(self) -> float:
        return 0.0

    # --- stages ------------------------------------------------------------------------------
    def stage_env(self, image: ImageState) -> StageEnv:
        return StageEnv(
            image,
            Lex(self.plan.parsed.escape),
            self.lint,
            self.request.build_args,
            self.plan.global_args,
        )

    def start(self, plan: StagePlan, image: ImageState, key: str) -> StageRun:
        chain = list(image.diff_ids)
        return StageRun(plan, self.stage_env(image), key, chain, base_len=len(chain))

    def derive(self, plan: StagePlan, parent: StageRun) -> StageRun:
        image = parent.env.image.copy()
        run = StageRun(
            plan,
            self.stage_env(image),
            parent.key,
            list(parent.chain),
            parent.base,
            parent.tree,
            parent.applied,
            parent.base_len,
            parent.layer_created,
        )
        return run

    def onbuild(self, run: StageRun) -> list[ins.Instruction]:
        triggers = run.env.image.on_build or []
        run.env.image.on_build = None
        out: list[ins.Instruction] = []
        for trigger in triggers:
            node = parse(trigger).nodes[0]
            node = attrs.evolve(
                node,
                start_line=run.plan.stage.node.start_line,
                end_line=run.plan.stage.node.end_line,
            )
            parsed = ins.parse_instruction(node)
            if isinstance(parsed, ins.Instruction):
                out.append(parsed)
        return out

    def expand(self, run: StageRun, word: str, line: int) -> str:
        return run.env.expand(word, line)

    # --- files -------------------------------------------------------------------------------
    def tree_of(self, run: StageRun) -> Tree:
        """The stage's filesystem now (built from the base and layers only when needed)."""
        if run.tree is None:
            if run.base is not None:
                run.tree = self.backend.base_tree(run.base)
            else:
                run.tree = {"/": FileEntry.directory("/")}
            run.applied = run.base_len
        while run.applied < len(run.chain):
            diff_id = run.chain[run.applied]
            entries = self.cache.content.get(diff_id)
            if entries is None:
                entries = self.backend.layer_entries(diff_id) or ()
            run.tree = apply(run.tree, entries)
            run.applied += 1
        return run.tree

    def context_tree(self) -> Tree:
        if self._context_tree is None:
            self._context_tree = self.request.context.tree()
        return self._context_tree

    def have_chain(self, chain: Sequence[str], base_len: int = 0) -> bool:
        return all(
            d in self.cache.content or self.backend.layer_entries(d) is not None
            for d in chain[base_len:]
        )

    def mkdir(self, run: StageRun, path: str) -> FsResult:
        tree = self.tree_of(run)
        user = run.env.image.user
        owner = resolve_owner(tree, user) if user else None
        return FsResult(workdir_layer(tree, path, owner))

    def execute(self, run: StageRun, args: Sequence[str], hostname: str) -> RunOutcome:
        tree = self.tree_of(run)
        image = run.env.image
        return run_command(
            tree,
            args,
            run.env.run_env(),
            image.working_dir,
            image.user,
            hostname,
            self.now + self.elapsed(),
            image.architecture,
            self.backend.programs(),
        )

    def heredoc_script(self, args: list[str], command: ins.ShellDependent) -> str:
        """dispatchRun: a single heredoc runs its content; others are handed to the shell."""
        from dockersim.build.parser import chomp_heredoc, parse_heredoc

        first = command.files[0]
        if len(args) == 1 and parse_heredoc(args[0]) is not None and len(command.files) == 1:
            return chomp_heredoc(first.content) if first.chomp else first.content
        script = args[0] if args else ""
        for doc in command.files:
            script += "\n" + doc.content + doc.name
        return script

    # --- results -------------------------------------------------------------------------------
    def outcome(self, result: object, name: str) -> tuple[tuple[Log, ...], float, str | None]:
        if isinstance(result, FsResult):
            return (), result.seconds, None
        assert isinstance(result, RunOutcome)
        logs = _logs(result)
        seconds = RUN_START + result.duration + RUN_COMMIT
        argv = " ".join(self._last_args)
        if result.start_error:
            return (
                logs,
                seconds,
                (f"process {go_quote(argv)} did not complete successfully: {result.start_error}"),
            )
        if result.exit_code is None:
            return (
                logs,
                seconds,
                (
                    f"dockersim: the process {go_quote(argv)} never finishes (it waits in "
                    f"{result.blocked_in or 'a program'}); a real build would hang here"
                ),
            )
        if result.exit_code != 0:
            return (
                logs,
                seconds,
                (
                    f"process {go_quote(argv)} did not complete successfully: exit code: "
                    f"{result.exit_code}"
                ),
            )
        return logs, seconds, None

    _last_args: Sequence[str] = ()

    def changes_of(self, result: object) -> Changeset:
        if isinstance(result, (FsResult, RunOutcome)):
            return result.changes
        return ()

    # --- explain -------------------------------------------------------------------------------
    def explain_reason(
        self,
        run: StageRun,
        name: str,
        key: str,
        instruction: str,
        files: dict[str, str],
        args: dict[str, str],
    ) -> str:
        if self.request.no_cache:
            return "--no-cache was given"
        if self.cache.lookup(key) is not None:
            return ""
        index = len(self.summaries)
        prev = self.previous[index] if 0 <= index < len(self.previous) else None
        reason = _reason(prev, run.key, instruction, files, args, self.first_miss)
        if not self.first_miss:
            self.first_miss = name
        return reason


def _reason(
    prev: StepSummary | None,
    parent: str,
    instruction: str,
    files: dict[str, str],
    args: dict[str, str],
    first_miss: str,
) -> str:
    if first_miss:
        return f"an earlier step was rebuilt ({first_miss}), so every later step is too"
    if prev is None:
        return "no earlier build ran this step"
    if prev.instruction != instruction:
        return f"the instruction changed (it was: {prev.instruction})"
    if prev.parent != parent:
        return "what comes before it changed (base image, ENV, ARG, WORKDIR, USER or SHELL)"
    changed = sorted(p for p in files if p in prev.files and prev.files[p] != files[p])
    added = sorted(p for p in files if p not in prev.files)
    removed = sorted(p for p in prev.files if p not in files)
    parts = []
    if changed:
        parts.append("changed: " + ", ".join(changed))
    if added:
        parts.append("added: " + ", ".join(added))
    if removed:
        parts.append("removed: " + ", ".join(removed))
    if parts:
        return "source files " + "; ".join(parts)
    diff = sorted(k for k in set(args) | set(prev.args) if args.get(k) != prev.args.get(k))
    if diff:
        return "build argument changed: " + ", ".join(
            f"{k} (was {prev.args.get(k, 'unset')!r}, now {args.get(k, 'unset')!r})" for k in diff
        )
    return "the cache no longer holds this step (pruned, or built with other settings)"


def _logs(result: RunOutcome) -> tuple[Log, ...]:
    logs: list[Log] = []
    partial = ""
    partial_at = 0.0
    for output in result.outputs:
        text = output.text
        while text:
            head, sep, text = text.partition("\n")
            if not partial:
                partial_at = RUN_START + output.at
            partial += head
            if sep:
                logs.append(Log(partial, partial_at))
                partial = ""
    if partial:
        logs.append(Log(partial, partial_at, partial=True))
    return tuple(logs)
