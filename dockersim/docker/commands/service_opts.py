"""The `service create` flags beyond name, mode, replicas, ports and networks (docker/cli
cli/command/service/opts.go ToService, opts/swarmopts secret.go and config.go, opts/mount.go,
parse.go ParseSecrets/ParseConfigs): turned into the `extra` spec fields of
`engine.service_create` (`Service.spec_json` keys).

Flags of the real set that dockersim does not model say "not simulated" when given.
"""

from __future__ import annotations

import csv
import shlex
from typing import Any

import attrs

from dockersim.docker.context import CommandFailed, Context
from dockersim.docker.help import flag_error
from dockersim.docker.options import Options
from dockersim.errors import DockerError, InvalidParameter

#: flags of addServiceFlags/newCreateCommand that are accepted but not modelled
NOT_MODELLED = (
    "cap-add", "cap-drop", "credential-spec", "dns", "dns-option", "dns-search", "env-file",
    "generic-resource", "group", "host", "init", "isolation", "limit-pids", "log-driver",
    "log-opt", "max-concurrent", "memory-swap", "memory-swappiness", "no-healthcheck",
    "no-resolve-image", "oom-score-adj", "placement-pref", "read-only", "replicas-max-per-node",
    "restart-window", "rollback-delay", "rollback-failure-action", "rollback-max-failure-ratio",
    "rollback-monitor", "rollback-order", "rollback-parallelism", "stop-grace-period",
    "stop-signal", "sysctl", "tty", "ulimit", "update-max-failure-ratio", "update-monitor",
    "health-start-interval",
)  # fmt: skip

_SECOND = 10**9


@attrs.frozen
class ExtraOptions(Options):
    """The flags `extra_spec` reads (the create command's options class derives from it)."""

    secret: list[str]
    config: list[str]
    mount: list[str]
    restart_condition: str
    restart_delay: int
    restart_max_attempts: int
    health_cmd: str
    health_interval: int
    health_timeout: int
    health_start_period: int
    health_retries: int
    limit_cpu: int
    limit_memory: int
    reserve_cpu: int
    reserve_memory: int
    hostname: str
    user: str
    workdir: str
    entrypoint: str
    label: list[str]
    container_label: list[str]
    update_failure_action: str


def _bad(ctx: Context, opts: Options, flag: str, value: str, why: str) -> CommandFailed:
    """A Value.Set error as cobra reports it (exit status 125)."""
    text = flag_error(opts.spec, f'invalid argument "{value}" for "--{flag}" flag: {why}')
    ctx.err(text)
    return CommandFailed(125)


def _file_ref(ctx: Context, opts: Options, flag: str, value: str) -> tuple[str, str, str, str, int]:
    """SecretOpt.Set / ConfigOpt.Set: `NAME` or `source=NAME[,target=...,uid,gid,mode]`."""
    fields = next(csv.reader([value]), [])
    if len(fields) == 1 and "=" not in fields[0]:
        return (fields[0], fields[0], "0", "0", 0o444)
    name = target = ""
    uid = gid = "0"
    mode = 0o444
    for field in fields:
        key, eq, val = field.partition("=")
        if not eq or not key:
            raise _bad(ctx, opts, flag, value, f"invalid field '{field}' must be a key=value pair")
        key = key.lower()
        if key in ("source", "src"):
            name = val
        elif key == "target":
            target = val
        elif key == "uid":
            uid = val
        elif key == "gid":
            gid = val
        elif key == "mode":
            try:
                mode = (
                    int(val, 0) if not (val.startswith("0") and val[1:].isdigit()) else int(val, 8)
                )
            except ValueError:
                why = f'invalid mode specified: strconv.ParseUint: parsing "{val}": invalid syntax'
                raise _bad(ctx, opts, flag, value, why) from None
        else:
            raise _bad(ctx, opts, flag, value, f"invalid field in {flag} request: {key}")
    if not name:
        raise _bad(ctx, opts, flag, value, "source is required")
    return (name, target or name, uid, gid, mode)


def _mount(ctx: Context, opts: Options, value: str) -> tuple[str, str, str, bool]:
    """MountOpt.Set for the volume and bind types."""
    from dockersim.docker.commands.run_opts import OptionError, parse_mount

    try:
        kind, source, target, readonly = parse_mount(value)
    except OptionError as exc:
        ctx.err(flag_error(opts.spec, exc.message))
        raise CommandFailed(125) from None
    if kind == "tmpfs":
        raise ctx.fail("dockersim: not simulated in service create: --mount type=tmpfs")
    return (kind, source, target, readonly)


def extra_spec(ctx: Context, opts: ExtraOptions) -> dict[str, Any]:
    """The spec fields these flags set, after the CLI's own checks (ToService)."""
    for flag in NOT_MODELLED:
        if opts.given(flag):
            raise ctx.fail(f"dockersim: not simulated in service create: option --{flag}")
    extra: dict[str, Any] = {}
    for flag, refs in (("secret", opts.secret), ("config", opts.config)):
        parsed = [_file_ref(ctx, opts, flag, value) for value in refs]
        _check_references(ctx, flag, parsed)
        if parsed:
            extra[flag + "s"] = [list(r) for r in parsed]
    if opts.mount:
        extra["mounts"] = [list(_mount(ctx, opts, m)) for m in opts.mount]
    condition = opts.restart_condition or "any"
    if condition not in ("none", "on-failure", "any"):  # moby convert/service.go
        raise ctx.daemon_fail(InvalidParameter(f'invalid RestartCondition: "{condition}"'))
    if opts.given("restart-condition") or opts.restart_delay or opts.restart_max_attempts:
        delay = opts.restart_delay / _SECOND if opts.given("restart-delay") else 5.0
        extra["restart"] = [condition, delay, opts.restart_max_attempts]
    if opts.health_cmd:
        extra["health_cmd"] = ["CMD-SHELL", opts.health_cmd]
    health = (opts.health_interval, opts.health_timeout, opts.health_start_period)
    if any(health) or opts.health_retries:
        extra["health"] = [*(h / _SECOND for h in health), opts.health_retries]
    if opts.limit_cpu or opts.limit_memory:
        extra["limits"] = [opts.limit_cpu, opts.limit_memory]
    if opts.reserve_cpu or opts.reserve_memory:
        extra["reservations"] = [opts.reserve_cpu, opts.reserve_memory]
    if "{{" in opts.hostname:
        raise ctx.fail("dockersim: not simulated in service create: --hostname templates")
    for field in ("hostname", "user", "workdir"):
        if getattr(opts, field):
            extra[field] = getattr(opts, field)
    if opts.entrypoint:
        try:
            extra["entrypoint"] = shlex.split(opts.entrypoint)
        except ValueError as exc:
            raise _bad(ctx, opts, "entrypoint", opts.entrypoint, str(exc)) from None
    if opts.container_label:
        extra["container_labels"] = dict(_pairs(opts.container_label))
    action = opts.update_failure_action or "pause"
    if action not in ("pause", "continue", "rollback"):
        raise ctx.daemon_fail(InvalidParameter(f"unrecognized update failure action {action}"))
    if action != "pause":
        extra["update_failure_action"] = action
    return extra


def labels(opts: ExtraOptions) -> tuple[tuple[str, str], ...]:
    return tuple(_pairs(opts.label))


def _pairs(items: list[str]) -> list[tuple[str, str]]:
    """opts.ConvertKVStringsToMap: `k=v`, or `k` with an empty value."""
    return [(k, v) for k, _, v in (item.partition("=") for item in items)]


def _check_references(ctx: Context, flag: str, refs: list[tuple[str, str, str, str, int]]) -> None:
    """parse.go ParseSecrets/ParseConfigs: one target per reference, every name known."""
    seen: set[str] = set()
    for name, target, *_ in refs:
        if flag == "secret" and target in seen:
            raise ctx.fail(f"duplicate secret target for {name} not allowed")
        if flag == "config" and target in seen:
            raise ctx.fail(f"duplicate config target for {name} not allowed")
        seen.add(target)
    if not refs:
        return
    try:
        known = {str(o["name"]) for o in ctx.engine.swarm_object_list(flag)}
    except DockerError:  # not a manager: the create itself says so
        return
    for name, *_ in refs:
        if name not in known:
            raise ctx.fail(f"{flag} not found: {name}")
