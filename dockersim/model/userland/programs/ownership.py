"""su (run a command as another user: id and whoami see it), chown and chgrp (really
changing the owner of files), GNU and busybox."""

from __future__ import annotations

import posixpath

import attrs

from dockersim.model.cowfs import FsError
from dockersim.model.permfs import as_user, supplementary_groups
from dockersim.model.userland import resolve
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.accounts import find_user, read_table, set_owner
from dockersim.model.userland.programs.base import Ctx, UsageError


@register("su")
def su(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    login = False
    command: str | None = None
    shell_override: str | None = None
    names: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg in ("-", "-l", "--login"):
            login = True
        elif arg in ("-c", "--command"):
            if i >= len(args):
                raise ctx.missing_arg("c")
            command = args[i]
            i += 1
        elif arg in ("-s", "--shell"):
            if i >= len(args):
                raise ctx.missing_arg("s")
            shell_override = args[i]
            i += 1
        elif arg in ("-m", "-p"):
            continue
        elif arg.startswith("-"):
            raise ctx.not_simulated(f"option {arg}")
        else:
            names.append(arg)
            if command is None and i < len(args) and args[i] not in ("-c", "--command"):
                break
    name = names[0] if names else "root"
    entry = find_user(ctx, name)
    if entry is None:
        if ctx.busybox:
            ctx.error(f"unknown user {name}")
        else:
            ctx.error(
                f"user {name} does not exist or the user entry does not contain all the "
                "required fields"
            )
        return 1
    if ctx.proc.uid != 0:
        ctx.err.write("Password: \n")
        ctx.error("incorrect password" if ctx.busybox else "Authentication failure")
        return 1
    shell = shell_override or entry[6] or "/bin/sh"
    argv = [shell] + (["-c", command] if command is not None else []) + args[i:]
    if login:
        argv[0] = shell
    if ctx.spawn is None:
        raise ctx.not_simulated("running a shell")
    proc = ctx.proc
    saved = (proc.uid, proc.gid, proc.user, dict(ctx.env), ctx.cwd)
    saved_fs = proc.fs
    proc.uid, proc.gid, proc.user = int(entry[2]), int(entry[3]), entry[0]
    # the new user's view of the files: its permission checks (root: the files themselves)
    groups = supplementary_groups(saved_fs, entry[0])
    proc.fs = as_user(saved_fs, proc.uid, proc.gid, groups)
    env = dict(ctx.env)
    env.update({"HOME": entry[5], "SHELL": shell})
    if name != "root":
        env.update({"USER": entry[0], "LOGNAME": entry[0]})
    sub = attrs.evolve(ctx, argv=argv, env=env, cwd=entry[5] if login else ctx.cwd)
    try:
        return ctx.spawn(argv, sub)
    except (resolve.NotFound, resolve.IsDirectory, resolve.NoPermission):
        ctx.error(f"failed to execute {shell}: No such file or directory")
        return 1 if ctx.busybox else 126
    finally:
        proc.uid, proc.gid, proc.user = saved[0], saved[1], saved[2]
        proc.fs = saved_fs


def _owner_spec(ctx: Ctx, spec: str, group_only: bool) -> tuple[int | None, int | None] | None:
    users = {r[0]: r for r in read_table(ctx, "/etc/passwd") if len(r) > 3}
    groups = {r[0]: r for r in read_table(ctx, "/etc/group") if len(r) > 2}
    if group_only:
        user_part, group_part = "", spec
    else:
        user_part, _, group_part = spec.partition(":" if ":" in spec else ".")
    uid: int | None = None
    gid: int | None = None
    if user_part:
        if user_part in users:
            uid = int(users[user_part][2])
        elif user_part.isdigit():
            uid = int(user_part)
        else:
            if ctx.busybox:
                ctx.error(f"unknown user {user_part}")
            else:
                ctx.error(f"invalid user: '{spec}'")
            return None
    if group_part:
        if group_part in groups:
            gid = int(groups[group_part][2])
        elif group_part.isdigit():
            gid = int(group_part)
        else:
            if ctx.busybox:
                ctx.error(f"unknown group {group_part}")
            elif group_only:
                ctx.error(f"invalid group: '{spec}'")
            else:
                ctx.error(f"invalid group: '{spec}'")
            return None
    elif not group_only and spec.endswith(":") and user_part in users:
        gid = int(users[user_part][3])
    return uid, gid


@register("chown", "chgrp")
def chown(ctx: Ctx) -> int:
    group_only = posixpath.basename(ctx.name) == "chgrp"
    opts, args = ctx.parse(
        ctx.argv[1:], "RhfvcHLP", longs={"recursive": "R", "no-dereference": "h", "verbose": "v"}
    )
    if len(args) < 2:
        if not args:
            ctx.error("missing operand")
        else:
            ctx.error(f"missing operand after '{args[0]}'")
        if ctx.busybox:
            raise UsageError(1)
        ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
        return 1
    owner = _owner_spec(ctx, args[0], group_only)
    if owner is None:
        return 1
    uid, gid = owner
    status = 0
    for name in args[1:]:
        try:
            paths = [ctx.path(name)]
            if "R" in opts:
                top = ctx.fs.resolve(name, ctx.cwd)
                if ctx.fs.stat(top).kind == "dir":
                    paths = [top, *(p for p in ctx.fs.walk(top) if p != top)]
            for path in paths:
                entry = ctx.fs.stat(path, follow="h" not in opts)
                set_owner(
                    ctx,
                    path,
                    entry.uid if uid is None else uid,
                    entry.gid if gid is None else gid,
                    follow="h" not in opts,
                )
        except FsError as exc:
            if ctx.busybox:
                ctx.error(f"{name}: {exc}")
            else:
                ctx.error(f"cannot access '{name}': {exc}")
            status = 1
    return status
