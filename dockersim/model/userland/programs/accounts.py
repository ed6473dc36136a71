"""Accounts: useradd, groupadd, userdel, usermod (shadow-utils) over /etc/passwd, group,
shadow and gshadow, and the helpers `adduser` (adduser, addgroup) and `ownership` (su, chown,
chgrp) share."""

from __future__ import annotations

import posixpath

import attrs

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx

FIRST_UID = 1000
LAST_UID = 59999


def read_table(ctx: Ctx, path: str) -> list[list[str]]:
    try:
        text = ctx.fs.read(path).decode(errors="replace")
    except FsError:
        return []
    return [line.split(":") for line in text.splitlines() if line]


def append(ctx: Ctx, path: str, line: str) -> None:
    if path != "/etc/passwd" and path != "/etc/group" and not ctx.fs.exists(path):
        return
    ctx.fs.write(path, (line + "\n").encode(), append=True)
    ctx.touch(path)


def rewrite(ctx: Ctx, path: str, rows: list[list[str]]) -> None:
    if not ctx.fs.exists(path):
        return
    ctx.fs.write(path, "".join(":".join(r) + "\n" for r in rows).encode())
    ctx.touch(path)


def days(ctx: Ctx) -> int:
    return int(ctx.now() // 86400)


def next_id(rows: list[list[str]], low: int = FIRST_UID, high: int = LAST_UID) -> int:
    used = {int(r[2]) for r in rows if len(r) > 2 and r[2].isdigit()}
    taken = [u for u in used if low <= u <= high]
    candidate = max(taken) + 1 if taken else low
    while candidate in used:
        candidate += 1
    return candidate


def find_user(ctx: Ctx, name: str) -> list[str] | None:
    return next((r for r in read_table(ctx, "/etc/passwd") if r[0] == name and len(r) >= 7), None)


def find_group(ctx: Ctx, name: str) -> list[str] | None:
    return next((r for r in read_table(ctx, "/etc/group") if r[0] == name and len(r) >= 3), None)


def add_member(ctx: Ctx, group: str, user: str) -> None:
    for path in ("/etc/group", "/etc/gshadow"):
        rows = read_table(ctx, path)
        for row in rows:
            if row[0] == group and len(row) >= 4:
                members = [m for m in row[3].split(",") if m]
                if user not in members:
                    row[3] = ",".join([*members, user])
        rewrite(ctx, path, rows)


def make_home(ctx: Ctx, home: str, uid: int, gid: int) -> None:
    if ctx.fs.exists(home):
        return
    ctx.fs.mkdir(home, parents=True, mode=0o755)
    ctx.touch(home)
    set_owner(ctx, home, uid, gid)
    if ctx.fs.exists("/etc/skel"):
        for name in ctx.fs.listdir("/etc/skel"):
            source = ctx.fs.stat(posixpath.join("/etc/skel", name))
            if source.kind == "file":
                target = posixpath.join(home, name)
                ctx.fs.write(target, source.content, mode=source.mode)
                set_owner(ctx, target, uid, gid)


def set_owner(ctx: Ctx, path: str, uid: int, gid: int, follow: bool = True) -> None:
    real = ctx.fs.resolve(path, ctx.cwd, follow_last=follow)
    entry = ctx.fs.stat(real, follow=False)
    ctx.fs.put(attrs.evolve(entry, path=real, uid=uid, gid=gid))


def add_account(
    ctx: Ctx,
    name: str,
    uid: int,
    gid: int,
    gecos: str,
    home: str,
    shell: str,
    new_group: bool,
) -> None:
    if new_group:
        append(ctx, "/etc/group", f"{name}:x:{gid}:")
        append(ctx, "/etc/gshadow", f"{name}:!::")
    append(ctx, "/etc/passwd", f"{name}:x:{uid}:{gid}:{gecos}:{home}:{shell}")
    append(ctx, "/etc/shadow", f"{name}:!:{days(ctx)}:0:99999:7:::")


# --- shadow-utils -------------------------------------------------------------------------


@register("useradd")
def useradd(ctx: Ctx) -> int:
    opts, args = ctx.parse(
        ctx.argv[1:],
        "mMrUND",
        "sugGdcek",
        {
            "create-home": "m",
            "no-create-home": "M",
            "system": "r",
            "shell": "s=",
            "uid": "u=",
            "gid": "g=",
            "groups": "G=",
            "home-dir": "d=",
            "comment": "c=",
            "user-group": "U",
            "no-user-group": "N",
        },
        status=2,
    )
    if "D" in opts or "e" in opts or "k" in opts:
        raise ctx.not_simulated("options -D, -e, -k")
    if len(args) != 1:
        ctx.err.write(f"Usage: {ctx.name} [options] LOGIN\n")
        return 2
    name = args[0]
    if find_user(ctx, name) is not None:
        ctx.error(f"user '{name}' already exists")
        return 9
    passwd = read_table(ctx, "/etc/passwd")
    groups = read_table(ctx, "/etc/group")
    if "u" in opts:
        if not opts["u"].isdigit():
            ctx.error(f"invalid user ID '{opts['u']}'")
            return 3
        uid = int(opts["u"])
        if any(r[2] == str(uid) for r in passwd if len(r) > 2):
            ctx.error(f"UID {uid} is not unique")
            return 4
    else:
        uid = next_id(passwd, 100, 999) if "r" in opts else next_id(passwd)
    extra = [g for g in opts.get("G", "").split(",") if g]
    for group in extra:
        if find_group(ctx, group) is None:
            ctx.error(f"group '{group}' does not exist")
            return 6
    new_group = "g" not in opts and "N" not in opts
    if "g" in opts:
        found = find_group(ctx, opts["g"]) or next(
            (r for r in groups if len(r) > 2 and r[2] == opts["g"]), None
        )
        if found is None:
            ctx.error(f"group '{opts['g']}' does not exist")
            return 6
        gid = int(found[2])
    elif "N" in opts:
        gid = 100
    else:
        if find_group(ctx, name) is not None:
            ctx.error(f"group {name} exists - if you want to add this user to that group, use -g.")
            return 9
        gid = uid if not any(r[2] == str(uid) for r in groups if len(r) > 2) else next_id(groups)
    home = opts.get("d", f"/home/{name}")
    shell = opts.get("s", "/bin/sh")
    add_account(ctx, name, uid, gid, opts.get("c", ""), home, shell, new_group)
    for group in extra:
        add_member(ctx, group, name)
    if "m" in opts:
        make_home(ctx, home, uid, gid)
    return 0


@register("groupadd")
def groupadd(ctx: Ctx) -> int:
    opts, args = ctx.parse(ctx.argv[1:], "rf", "g", {"system": "r", "gid": "g=", "force": "f"}, 2)
    if len(args) != 1:
        ctx.err.write(f"Usage: {ctx.name} [options] GROUP\n")
        return 2
    name = args[0]
    if find_group(ctx, name) is not None:
        if "f" in opts:
            return 0
        ctx.error(f"group '{name}' already exists")
        return 9
    groups = read_table(ctx, "/etc/group")
    if "g" in opts:
        gid = int(opts["g"]) if opts["g"].isdigit() else -1
        if gid < 0:
            ctx.error(f"invalid group ID '{opts['g']}'")
            return 3
        if any(r[2] == str(gid) for r in groups if len(r) > 2):
            ctx.error(f"GID '{gid}' already exists")
            return 4
    else:
        gid = next_id(groups, 100, 999) if "r" in opts else next_id(groups)
    append(ctx, "/etc/group", f"{name}:x:{gid}:")
    append(ctx, "/etc/gshadow", f"{name}:!::")
    return 0


@register("userdel")
def userdel(ctx: Ctx) -> int:
    opts, args = ctx.parse(ctx.argv[1:], "rf", longs={"remove": "r", "force": "f"}, status=2)
    if len(args) != 1:
        ctx.err.write(f"Usage: {ctx.name} [options] LOGIN\n")
        return 2
    name = args[0]
    entry = find_user(ctx, name)
    if entry is None:
        ctx.error(f"user '{name}' does not exist")
        return 6
    for path in ("/etc/passwd", "/etc/shadow"):
        rewrite(ctx, path, [r for r in read_table(ctx, path) if r[0] != name])
    for path in ("/etc/group", "/etc/gshadow"):
        rows = read_table(ctx, path)
        kept = []
        for row in rows:
            if row[0] == name and len(row) > 3 and not row[3]:
                continue  # the user's own group, with no other member
            if len(row) > 3:
                row[3] = ",".join(m for m in row[3].split(",") if m and m != name)
            kept.append(row)
        rewrite(ctx, path, kept)
    if "r" in opts and ctx.fs.exists(entry[5]):
        ctx.fs.remove(entry[5], recursive=True)
    return 0


@register("usermod")
def usermod(ctx: Ctx) -> int:
    opts, args = ctx.parse(
        ctx.argv[1:],
        "aLU",
        "sGdcgul",
        {"append": "a", "shell": "s=", "groups": "G=", "home": "d=", "comment": "c="},
        status=2,
    )
    if len(args) != 1:
        ctx.err.write(f"Usage: {ctx.name} [options] LOGIN\n")
        return 2
    name = args[0]
    if find_user(ctx, name) is None:
        ctx.error(f"user '{name}' does not exist")
        return 6
    for flag in "LUgul":
        if flag in opts:
            raise ctx.not_simulated(f"option -{flag}")
    groups = [g for g in opts.get("G", "").split(",") if g]
    for group in groups:
        if find_group(ctx, group) is None:
            ctx.error(f"group '{group}' does not exist")
            return 6
    rows = read_table(ctx, "/etc/passwd")
    for row in rows:
        if row[0] == name and len(row) >= 7:
            row[6] = opts.get("s", row[6])
            row[5] = opts.get("d", row[5])
            row[4] = opts.get("c", row[4])
    rewrite(ctx, "/etc/passwd", rows)
    if "G" in opts:
        if "a" not in opts:
            for path in ("/etc/group", "/etc/gshadow"):
                table = read_table(ctx, path)
                for row in table:
                    if len(row) > 3 and row[0] not in groups:
                        row[3] = ",".join(m for m in row[3].split(",") if m and m != name)
                rewrite(ctx, path, table)
        for group in groups:
            add_member(ctx, group, name)
    return 0
