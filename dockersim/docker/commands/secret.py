"""`docker secret create/ls/inspect/rm` and `docker config create/ls/inspect/rm` (docker/cli
cli/command/secret and cli/command/config: create.go, ls.go, inspect.go, remove.go,
formatter.go). One set of handlers serves both: the command's path names the kind.
"""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Any

import attrs

from dockersim.docker.context import Context, daemon_text
from dockersim.docker.options import Options
from dockersim.docker.render.formatter import FormatError, format_rows
from dockersim.errors import DockerError, NotFound
from dockersim.model.humanize import human_duration

if TYPE_CHECKING:
    from dockersim.docker.commands.inspect import Found

#: formatter.go defaultSecretTableFormat / defaultConfigTableFormat and their headers
TABLES = {
    "secret": "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.CreatedAt}}\t{{.UpdatedAt}}",
    "config": "table {{.ID}}\t{{.Name}}\t{{.CreatedAt}}\t{{.UpdatedAt}}",
}
HEADERS = {
    "ID": "ID",
    "Name": "NAME",
    "Driver": "DRIVER",
    "CreatedAt": "CREATED",
    "UpdatedAt": "UPDATED",
    "Labels": "LABELS",
}


def _kind(opts: Options) -> str:
    return opts.spec.path.split()[0]


@attrs.frozen
class CreateOptions(Options):
    label: list[str]
    template_driver: str


def run_create(ctx: Context, opts: CreateOptions) -> None:
    kind = _kind(opts)
    name, *rest = opts.args
    if opts.given("driver"):
        raise ctx.fail("dockersim: not simulated in secret create: option --driver")
    if opts.template_driver:
        raise ctx.fail(f"dockersim: not simulated in {kind} create: option --template-driver")
    try:
        data = _read(ctx, kind, rest[0] if rest else "")
    except ValueError as exc:
        raise ctx.fail(str(exc)) from None
    labels = tuple((k, v) for k, _, v in (item.partition("=") for item in opts.label))
    try:
        object_id = ctx.engine.swarm_object_create(kind, name, data, labels)
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    ctx.line(object_id)


def _read(ctx: Context, kind: str, filename: str) -> bytes:
    """readSecretData / readConfigData: stdin for `-`, else the file on the CLI's machine."""
    from dockersim.model.machine import MachineError

    if filename == "-":
        stdin = ctx.stdin
        data = stdin.encode() if isinstance(stdin, str) else stdin
        if not data:
            raise ValueError(_wrap(kind, filename, "error reading from STDIN: data is empty"))
        return data
    if not filename:
        raise ValueError("secret file is required")
    try:
        data = ctx.machine.read(filename)
    except MachineError as exc:
        raise ValueError(_wrap(kind, filename, f"error reading from {filename}: {exc}")) from None
    if not data:
        raise ValueError(_wrap(kind, filename, f"error reading from {filename}: data is empty"))
    return data


def _wrap(kind: str, filename: str, text: str) -> str:
    """config/create.go wraps the reader's error once more."""
    return f'error reading content from "{filename}": {text}' if kind == "config" else text


@attrs.frozen
class LsOptions(Options):
    quiet: bool
    format: str
    filter: list[str]


def run_ls(ctx: Context, opts: LsOptions) -> None:
    from dockersim.docker.commands.tasks import natural_key

    kind = _kind(opts)
    if opts.filter:
        raise ctx.fail(f"dockersim: not simulated in {kind} ls: --filter")
    try:
        objects = ctx.engine.swarm_object_list(kind)
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    objects.sort(key=lambda o: natural_key(str(o["name"])))
    if opts.quiet and not opts.format:
        ctx.out("".join(f"{o['id']}\n" for o in objects))
        return
    now = ctx.engine.now
    rows = [
        {
            "ID": o["id"],
            "Name": o["name"],
            "Driver": "",
            "CreatedAt": human_duration(now - float(o["created"])) + " ago",
            "UpdatedAt": human_duration(now - float(o["updated"])) + " ago",
            "Labels": ",".join(f"{k}={v}" for k, v in dict(o.get("labels", {})).items()),
        }
        for o in objects
    ]
    try:
        ctx.out(format_rows(opts.format, rows, HEADERS, TABLES[kind]))
    except FormatError as exc:
        raise ctx.fail(str(exc)) from None


def document(ctx: Context, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """moby api/types/swarm Secret / Config: a secret's data is never returned."""
    spec: dict[str, Any] = {"Name": data["name"], "Labels": dict(data.get("labels", {}))}
    if kind == "config":
        spec["Data"] = data["data"]
    return {
        "ID": data["id"],
        "Version": {"Index": int(data.get("version", 0)) + 10},  # est.: the raft index
        "CreatedAt": ctx.engine.rfc3339(float(data["created"])),
        "UpdatedAt": ctx.engine.rfc3339(float(data["updated"])),
        "Spec": spec,
    }


@attrs.frozen
class InspectOptions(Options):
    format: str
    pretty: bool


def run_inspect(ctx: Context, opts: InspectOptions) -> None:
    from dockersim.docker.commands.inspect import inspect_objects, template_data

    kind = _kind(opts)
    fmt = "pretty" if opts.pretty else opts.format
    if fmt.startswith("pretty") and fmt != "pretty":
        raise ctx.fail("cannot supply extra formatting options to the pretty template")
    try:
        ctx.engine.swarm_object_list(kind)
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    if fmt == "pretty":
        _pretty(ctx, kind, opts.args)
        return

    def getter(ctx: Context, ref: str) -> Found:
        found = ctx.engine.swarm_object_get(kind, ref)
        doc = document(ctx, kind, found)
        return doc, lambda: template_data(doc)

    inspect_objects(ctx, fmt, opts.args, [getter], kind=kind)


def _pretty(ctx: Context, kind: str, refs: tuple[str, ...]) -> None:
    """secretInspectPrettyTemplate / configInspectPrettyTemplate (as written, tabs and all);
    the first error ends it before anything is printed (formatter.Context.Write)."""
    from dockersim.docker.commands.node_json import _go_time, _pretty

    blocks: list[str] = []
    for ref in refs:
        try:
            found = ctx.engine.swarm_object_get(kind, ref)
        except DockerError as exc:
            raise ctx.fail(daemon_text(exc)) from None
        doc = document(ctx, kind, found)
        labels = doc["Spec"]["Labels"]
        created = _pretty(_go_time(doc["CreatedAt"]))
        updated = _pretty(_go_time(doc["UpdatedAt"]))
        label_lines = (
            ["Labels:"] + [f" - {k}={v}" if v else f" - {k}" for k, v in sorted(labels.items())]
            if labels
            else []
        )
        if kind == "secret":
            lines = [f"ID:              {doc['ID']}", f"Name:              {doc['Spec']['Name']}"]
            lines += label_lines
            lines += [
                "Driver:            ",
                f"Created at:        {created}",
                f"Updated at:        {updated}",
            ]
        else:
            lines = [f"ID:\t\t\t{doc['ID']}", f"Name:\t\t\t{doc['Spec']['Name']}"]
            lines += label_lines
            lines += [
                f"Created at:            \t{created}",
                f"Updated at:            \t{updated}",
                "Data:",
                base64.b64decode(doc["Spec"]["Data"]).decode("utf-8", "replace"),
            ]
        blocks.append("\n".join(lines) + "\n")
    ctx.out("".join(blocks))


def run_rm(ctx: Context, opts: Options) -> None:
    kind = _kind(opts)
    failures: list[str] = []
    for ref in opts.args:
        try:
            ctx.engine.swarm_object_remove(kind, ref)
        except NotFound as exc:
            failures.append(daemon_text(exc))
            continue
        except DockerError as exc:
            if "swarm" in str(exc) and not ctx.engine.swarm_active():
                raise ctx.daemon_fail(exc) from None
            failures.append(daemon_text(exc))
            continue
        ctx.line(ref)
    if failures:
        raise ctx.fail("\n".join(failures))
