"""RUN: a build container's process, run by the simulated userland on a copy-on-write tree.

Nothing of the learner's machine runs: `pip install`, `apt-get install` or `echo > file` are
the simulated programs, which really write into the container's filesystem; the changes
become the step's layer.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from dockersim.build.steps import StepError, layer_changes, resolve_owner
from dockersim.model.cowfs import CowFS
from dockersim.model.fs import IMAGE_FILE_AGE, Changeset, FileEntry, Tree
from dockersim.model.permfs import as_user, supplementary_groups
from dockersim.model.userland import (
    ExecError,
    ExecIsDirectory,
    ExecNotFound,
    Output,
    Proc,
    execute,
)


@attrs.frozen
class RunOutcome:
    #: None: the process never ends (a server, `sleep infinity`)
    exit_code: int | None
    outputs: tuple[Output, ...]
    duration: float
    changes: Changeset
    blocked_in: str = ""
    #: the runtime's text when the program could not be started at all
    start_error: str = ""


def run_command(
    tree: Tree,
    argv: Sequence[str],
    env: Sequence[str],
    cwd: str,
    user: str,
    hostname: str,
    now: float,
    arch: str,
    programs: Mapping[str, Callable[[Any], int]] | None = None,
) -> RunOutcome:
    fs = CowFS(tree)
    owner = resolve_owner(tree, user) if user else None
    variables: dict[str, str] = {}
    for item in env:
        key, _, value = item.partition("=")
        variables[key] = value
    variables.setdefault("HOSTNAME", hostname)
    variables.setdefault("HOME", _home(tree, owner.uid if owner else 0))
    workdir = cwd or "/"
    if fs.get(workdir) is None and workdir != "/":
        fs.mkdir(workdir, parents=True)
    uid, gid = (owner.uid, owner.gid) if owner else (0, 0)
    name = user.partition(":")[0]
    proc = Proc(
        fs=as_user(fs, uid, gid, supplementary_groups(fs, name) if uid else ()),
        env=variables,
        cwd=workdir,
        uid=uid,
        gid=gid,
        user=user.partition(":")[0] or "root",
        hostname=hostname,
        now=now,
        arch="aarch64" if arch == "arm64" else "x86_64",
        image_time=now - IMAGE_FILE_AGE,
        programs=programs or {},
    )
    try:
        timeline = execute(list(argv), proc)
    except ExecNotFound as exc:
        return RunOutcome(127, (), 0.0, (), start_error=_not_found(exc))
    except ExecIsDirectory as exc:
        return RunOutcome(126, (), 0.0, (), start_error=f'exec: "{exc.name}": is a directory')
    except ExecError as exc:
        return RunOutcome(126, (), 0.0, (), start_error=f'exec: "{exc.name}": permission denied')
    return RunOutcome(
        timeline.exit_code,
        timeline.outputs,
        timeline.duration,
        layer_changes(fs, tree),
        timeline.blocked_in,
    )


def _not_found(exc: ExecNotFound) -> str:
    if "/" in exc.name:
        return f'exec: "{exc.name}": stat {exc.name}: no such file or directory'
    return f'exec: "{exc.name}": executable file not found in $PATH'


def _home(tree: Tree, uid: int) -> str:
    entry = tree.get("/etc/passwd")
    if isinstance(entry, FileEntry) and entry.kind == "file":
        for line in entry.content.decode(errors="replace").splitlines():
            fields = line.split(":")
            if len(fields) > 5 and fields[2] == str(uid):
                return fields[5] or "/"
    return "/root" if uid == 0 else "/"


__all__ = ["RunOutcome", "StepError", "run_command"]
