"""adduser and addgroup: Debian's perl adduser 3.13x (its `info:` lines) and busybox's (quiet).

What needs a password typed (adduser without --disabled-password or -D) says it is not
simulated."""

from __future__ import annotations

from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.accounts import (
    FIRST_UID,
    LAST_UID,
    add_account,
    add_member,
    append,
    find_group,
    find_user,
    make_home,
    next_id,
    read_table,
)
from dockersim.model.userland.programs.base import Ctx


@register("adduser")
def adduser(ctx: Ctx) -> int:
    if ctx.busybox:
        return _busybox_adduser(ctx)
    args = ctx.argv[1:]
    flags = {a for a in args if a.startswith("--") and "=" not in a}
    values: dict[str, str] = {}
    names: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg in ("--gecos", "--comment", "--shell", "--home", "--uid", "--gid", "--ingroup"):
            if i >= len(args):
                ctx.err.write(f"adduser: option '{arg}' requires an argument\n")
                return 1
            values[arg] = args[i]
            i += 1
        elif arg.startswith("--"):
            known = ("--disabled-password", "--disabled-login", "--system", "--quiet", "-q")
            if arg not in known:
                raise ctx.not_simulated(f"option {arg}")
        elif arg.startswith("-"):
            raise ctx.not_simulated(f"option {arg}")
        else:
            names.append(arg)
    if len(names) == 2:
        return _debian_add_to_group(ctx, *names)
    if len(names) != 1:
        ctx.err.write("fatal: Only one or two names allowed.\n")
        return 1
    name = names[0]
    if find_user(ctx, name) is not None:
        ctx.err.write(f"fatal: The user `{name}' already exists.\n")
        return 1
    system = "--system" in flags
    if not system and not flags & {"--disabled-password", "--disabled-login"}:
        raise ctx.not_simulated("the password prompt (use --disabled-password)")
    quiet = "--quiet" in flags or "-q" in args
    passwd = read_table(ctx, "/etc/passwd")
    uid = (
        int(values["--uid"])
        if values.get("--uid", "").isdigit()
        else (next_id(passwd, 100, 999) if system else next_id(passwd))
    )

    def say(text: str) -> None:
        if not quiet:
            ctx.write(f"info: {text}\n")

    say(f"Adding {'system ' if system else ''}user `{name}' ...")
    if not system:
        say(f"Selecting UID/GID from range {FIRST_UID} to {LAST_UID} ...")
    group = values.get("--ingroup")
    if group is not None:
        found = find_group(ctx, group)
        if found is None:
            ctx.err.write(f"fatal: The group `{group}' does not exist.\n")
            return 1
        gid, new_group = int(found[2]), False
    elif system:
        gid, group, new_group = 65534, "nogroup", False
    else:
        groups = read_table(ctx, "/etc/group")
        gid = uid if not any(r[2] == str(uid) for r in groups if len(r) > 2) else next_id(groups)
        group, new_group = name, True
        say(f"Adding new group `{name}' ({gid}) ...")
    say(f"Adding new user `{name}' ({uid}) with group `{group} ({gid})' ...")
    home = values.get("--home", "/nonexistent" if system else f"/home/{name}")
    shell = values.get("--shell", "/usr/sbin/nologin" if system else "/bin/bash")
    gecos = values.get("--gecos", values.get("--comment", ""))
    add_account(ctx, name, uid, gid, gecos, home, shell, new_group)
    if system:
        if home == "/nonexistent":
            say(f"Not creating `{home}'.")
        return 0
    say(f"Creating home directory `{home}' ...")
    say("Copying files from `/etc/skel' ...")
    make_home(ctx, home, uid, gid)
    if find_group(ctx, "users") is not None:
        say(f"Adding new user `{name}' to supplemental / extra groups `users' ...")
        say(f"Adding user `{name}' to group `users' ...")
        add_member(ctx, "users", name)
    return 0


def _debian_add_to_group(ctx: Ctx, user: str, group: str) -> int:
    if find_user(ctx, user) is None:
        ctx.err.write(f"fatal: The user `{user}' does not exist.\n")
        return 1
    found = find_group(ctx, group)
    if found is None:
        ctx.err.write(f"fatal: The group `{group}' does not exist.\n")
        return 1
    ctx.write(f"info: Adding user `{user}' to group `{group}' ...\n")
    add_member(ctx, group, user)
    return 0


def _busybox_adduser(ctx: Ctx) -> int:
    opts, args = ctx.parse(ctx.argv[1:], "DSH", "hgsGuk")
    if not args:
        ctx.err.write(
            "BusyBox v1.37.0 (2025-05-26 20:04:45 UTC) multi-call binary.\n\n"
            "Usage: adduser [OPTIONS] USER [GROUP]\n\n"
            "Create new user, or add USER to GROUP\n\n"
            "\t-h DIR\t\tHome directory\n"
            "\t-g GECOS\tGECOS field\n"
            "\t-s SHELL\tLogin shell\n"
            "\t-G GRP\t\tGroup\n"
            "\t-S\t\tCreate a system user\n"
            "\t-D\t\tDon't assign a password\n"
            "\t-H\t\tDon't create home directory\n"
            "\t-u UID\t\tUser id\n"
            "\t-k SKEL\t\tSkeleton directory (/etc/skel)\n"
        )
        return 1
    if len(args) == 2:
        return _add_to_group(ctx, args[0], args[1])
    name = args[0]
    if find_user(ctx, name) is not None:
        ctx.error(f"user '{name}' in use")
        return 1
    if "D" not in opts and "S" not in opts:
        raise ctx.not_simulated("the password prompt (use -D)")
    passwd = read_table(ctx, "/etc/passwd")
    system = "S" in opts
    uid = (
        int(opts["u"])
        if opts.get("u", "").isdigit()
        else (next_id(passwd, 100, 999) if system else next_id(passwd))
    )
    if "G" in opts:
        found = find_group(ctx, opts["G"])
        if found is None:
            ctx.error(f"unknown group {opts['G']}")
            return 1
        gid, new_group = int(found[2]), False
    else:
        groups = read_table(ctx, "/etc/group")
        gid = uid if not any(r[2] == str(uid) for r in groups if len(r) > 2) else next_id(groups)
        new_group = True
    home = opts.get("h", f"/home/{name}")
    shell = opts.get("s", "/sbin/nologin" if system else "/bin/sh")
    gecos = opts.get("g", "Linux User,,,")
    add_account(ctx, name, uid, gid, gecos, home, shell, new_group)
    if "H" not in opts:
        make_home(ctx, home, uid, gid)
    return 0


@register("addgroup")
def addgroup(ctx: Ctx) -> int:
    if not ctx.busybox:
        flags = [a for a in ctx.argv[1:] if a.startswith("-")]
        names = [a for a in ctx.argv[1:] if not a.startswith("-")]
        if any(f not in ("--system", "--quiet") for f in flags):
            raise ctx.not_simulated(f"option {flags[0]}")
        if len(names) != 1:
            many = "fatal: Only one or two names allowed.\n"
            ctx.err.write(many if names else "fatal: No group name given.\n")  # est.
            return 1
        if find_group(ctx, names[0]) is not None:
            ctx.err.write(f"fatal: The group `{names[0]}' already exists.\n")
            return 1
        groups = read_table(ctx, "/etc/group")
        system = "--system" in flags
        gid = next_id(groups, 100, 999) if system else next_id(groups)
        if "--quiet" not in flags:
            ctx.write(
                f"info: Adding {'system ' if system else ''}group `{names[0]}' (GID {gid}) ...\n"
            )
        append(ctx, "/etc/group", f"{names[0]}:x:{gid}:")
        append(ctx, "/etc/gshadow", f"{names[0]}:!::")
        return 0
    opts, args = ctx.parse(ctx.argv[1:], "S", "g")
    if not args:
        ctx.err.write(
            "BusyBox v1.37.0 (2025-05-26 20:04:45 UTC) multi-call binary.\n\n"
            "Usage: addgroup [-g GID] [-S] [USER] GROUP\n\n"
            "Add a group or add a user to a group\n\n"
            "\t-g GID\tGroup id\n"
            "\t-S\tCreate a system group\n"
        )
        return 1
    if len(args) == 2:
        return _add_to_group(ctx, args[0], args[1])
    if find_group(ctx, args[0]) is not None:
        ctx.error(f"group '{args[0]}' in use")
        return 1
    groups = read_table(ctx, "/etc/group")
    if opts.get("g", "").isdigit():
        gid = int(opts["g"])
    else:
        gid = next_id(groups, 100, 999) if "S" in opts else next_id(groups)
    append(ctx, "/etc/group", f"{args[0]}:x:{gid}:")
    return 0


def _add_to_group(ctx: Ctx, user: str, group: str) -> int:
    """busybox `adduser USER GROUP` / `addgroup USER GROUP`: an existing user joins a group."""
    if find_user(ctx, user) is None:
        ctx.error(f"unknown user {user}")
        return 1
    if find_group(ctx, group) is None:
        ctx.error(f"unknown group {group}")
        return 1
    add_member(ctx, group, user)
    return 0
