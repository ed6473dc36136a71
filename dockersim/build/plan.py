"""From Dockerfile text to the stages a build runs (buildkit dockerfile2llb `toDispatchState`).

`make_plan` parses and checks the Dockerfile, computes the global ARGs (defaults, `--build-arg`
values, the predefined TARGET*/BUILD* platform args), expands each FROM, finds the target
stage (`--target` or the last one) and the stages it needs (its base stage and every
`COPY --from`), and numbers the steps as BuildKit's progress shows them (`[2/5]`,
`[builder 1/3]`, `[stage-1  2/12]`).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from dockersim.build import lint
from dockersim.build.errors import DockerfileError, with_suggestion
from dockersim.build.instructions import Copy, Run, Stage, Workdir, parse_stages
from dockersim.build.parser import ParseResult, parse
from dockersim.build.shell import Lex, ShellError
from dockersim.model.image import Platform

SCRATCH = "scratch"


@attrs.frozen
class StagePlan:
    index: int
    stage: Stage
    #: the progress prefix: "" for a single stage, the AS name, or `stage-N`
    display: str
    base: str
    base_stage: int | None
    total: int
    deps: tuple[int, ...] = ()


@attrs.frozen
class Plan:
    parsed: ParseResult
    stages: tuple[StagePlan, ...]
    order: tuple[int, ...]
    target: int
    global_args: Mapping[str, str]
    build_args: Mapping[str, str]
    linter: lint.Linter

    def stage_index(self, name: str) -> int | None:
        return stage_index(self.stages, name)


def stage_index(stages: tuple[StagePlan, ...] | list[StagePlan], name: str) -> int | None:
    """A stage by AS name (case-insensitive) or by number."""
    wanted = name.lower()
    for plan in stages:
        if plan.stage.name and plan.stage.name == wanted:
            return plan.index
    if name.isdigit() and int(name) < len(stages):
        return int(name)
    return None


def predefined_args(platform: Platform) -> dict[str, str]:
    """defaultArgs: the automatic platform ARGs."""
    text = f"{platform.os}/{platform.architecture}" + (
        f"/{platform.variant}" if platform.variant else ""
    )
    values = {
        "OS": platform.os,
        "ARCH": platform.architecture,
        "VARIANT": platform.variant,
        "PLATFORM": text,
    }
    out: dict[str, str] = {}
    for prefix in ("BUILD", "TARGET"):
        for key, value in values.items():
            out[prefix + key] = value
    return out


def make_plan(
    dockerfile: str,
    build_args: Mapping[str, str],
    target: str = "",
    platform: Platform | None = None,
) -> Plan:
    """Parse, check and order a Dockerfile; raises DockerfileError with buildkit's text."""
    if dockerfile == "":
        raise DockerfileError("the Dockerfile cannot be empty")
    parsed = parse(dockerfile)
    linter = lint.Linter()
    linter.parse_warnings(parsed)
    stages, meta = parse_stages(parsed.nodes)
    if not stages:
        raise DockerfileError("dockerfile contains no stages to build")
    linter.parse_time(parsed.nodes, stages)
    host = platform or Platform("linux", "amd64")
    global_args = predefined_args(host)
    lex = Lex(parsed.escape)
    for arg in meta:
        for definition in arg.args:
            if definition.key in build_args:
                global_args[definition.key] = build_args[definition.key]
            elif definition.value is not None:
                try:
                    global_args[definition.key] = lex.process_word(definition.value, global_args)
                except ShellError as exc:
                    raise DockerfileError(str(exc), arg.lines) from None
    plans: list[StagePlan] = []
    for index, stage in enumerate(stages):
        try:
            result = lex.process(stage.base_name, global_args)
        except ShellError as exc:
            raise DockerfileError(str(exc), stage.lines) from None
        linter.from_args(stage, result.unmatched, [d.key for a in meta for d in a.args])
        if result.result == "":
            raise DockerfileError(f"base name ({stage.base_name}) should not be blank", stage.lines)
        base_stage = None if result.result.isdigit() else stage_index(plans, result.result)
        total = 0 if result.result.lower() == SCRATCH or base_stage is not None else 1
        total += sum(isinstance(c, (Copy, Run, Workdir)) for c in stage.commands)
        display = stage.name or f"stage-{index}"
        plans.append(StagePlan(index, stage, display, result.result, base_stage, total))
    plans = _with_deps(plans)
    if len(plans) == 1:
        plans[0] = attrs.evolve(plans[0], display="")
    target_index = len(plans) - 1
    if target:
        found = stage_index(plans, target)
        if found is None or target.isdigit():
            names = [p.stage.name for p in plans if p.stage.name]
            raise DockerfileError(
                with_suggestion(f'target stage "{target}" could not be found', target, names, True)
            )
        target_index = found
    order = _order(plans, target_index)
    return Plan(
        parsed,
        tuple(plans),
        tuple(order),
        target_index,
        global_args,
        dict(build_args),
        linter,
    )


def _with_deps(plans: list[StagePlan]) -> list[StagePlan]:
    out: list[StagePlan] = []
    for plan in plans:
        deps: list[int] = []
        if plan.base_stage is not None:
            deps.append(plan.base_stage)
        for command in plan.stage.commands:
            if isinstance(command, Copy) and command.from_:
                found = stage_index(plans, command.from_)
                if found is None:
                    continue
                if found >= plan.index:
                    raise DockerfileError(
                        f'cannot copy from stage "{command.from_}", it needs to be defined '
                        f'before current stage "{plan.display}"',
                        command.lines,
                    )
                deps.append(found)
        out.append(attrs.evolve(plan, deps=tuple(dict.fromkeys(deps))))
    return out


def _order(plans: list[StagePlan], target: int) -> list[int]:
    """The stages the target needs, each after the stages it depends on."""
    seen: list[int] = []

    def visit(index: int) -> None:
        if index in seen:
            return
        for dep in plans[index].deps:
            visit(dep)
        seen.append(index)

    visit(target)
    return seen
