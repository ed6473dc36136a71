"""passwd and chpasswd over /etc/shadow: shadow-utils 4.13 with PAM (Debian bookworm, Ubuntu
noble) and busybox 1.37 (Alpine, busybox).

Texts: shadow's src/passwd.c and src/chpasswd.c (`passwd: password expiry information
changed.` after -l/-u/-d in 4.13; `-S` prints name, L/NP/P, the date of the last change and the
aging fields), busybox's loginutils/passwd.c and chpasswd.c (their notes go to stderr with the
applet's name). A new password is stored as a stand-in hash (`$y$j9T$` and a digest of the
text: no real crypto), so `-S` and sudo can tell set, locked and empty passwords apart.
Setting a password at a prompt is not simulated: `chpasswd` is the way scripts do it, and
that is modelled."""

from __future__ import annotations

import hashlib
import time

from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.accounts import days, find_user, read_table, rewrite
from dockersim.model.userland.programs.base import Ctx, UsageError, busybox_usage

SHADOW = "/etc/shadow"


def stand_in_hash(password: str) -> str:
    """What the simulator stores for a password: yescrypt's shape, a digest inside."""
    digest = hashlib.sha256(password.encode()).hexdigest()[:43]
    return f"$y$j9T${digest[:22]}${digest[22:]}"


def set_password(ctx: Ctx, name: str, field: str) -> bool:
    """Write `field` as NAME's password (and today as the last change); False without an
    entry in /etc/shadow."""
    rows = read_table(ctx, SHADOW)
    found = False
    for row in rows:
        if row[0] == name and len(row) >= 3:
            row[1] = field
            row[2] = str(days(ctx))
            found = True
    if found:
        rewrite(ctx, SHADOW, rows)
    return found


def shadow_field(ctx: Ctx, name: str) -> list[str] | None:
    return next((r for r in read_table(ctx, SHADOW) if r[0] == name and len(r) >= 2), None)


def _status_line(row: list[str]) -> str:
    field = row[1]
    state = "L" if field.startswith(("*", "!")) else ("NP" if field == "" else "P")
    last = row[2] if len(row) > 2 else ""
    when = (
        "never" if last in ("", "0") else time.strftime("%m/%d/%Y", time.gmtime(int(last) * 86400))
    )
    aging = [(row[i] if len(row) > i and row[i] else "-1") for i in (3, 4, 5, 6)]
    return f"{row[0]} {state} {when} {' '.join(aging)}\n"  # est.: the 4.13 date format


@register("passwd")
def passwd(ctx: Ctx) -> int:
    if ctx.busybox:
        return _busybox_passwd(ctx)
    opts, args = ctx.parse(
        ctx.argv[1:],
        "adehklqSus",
        "inrRPwx",
        {
            "all": "a",
            "delete": "d",
            "expire": "e",
            "help": "h",
            "lock": "l",
            "quiet": "q",
            "status": "S",
            "unlock": "u",
            "stdin": "s",
        },
        status=2,
    )
    for flag in "ahkeinrRPwxs":
        if flag in opts:
            raise ctx.not_simulated(f"option -{flag}")
    me = next((r for r in read_table(ctx, "/etc/passwd") if r[2:3] == [str(ctx.proc.uid)]), None)
    name = args[0] if args else (me[0] if me else "root")
    changes = [f for f in "ldu" if f in opts]
    if len(args) > 1 or (changes and not args) or (changes and "S" in opts):
        raise ctx.not_simulated("the usage text")
    if changes and ctx.proc.uid != 0:
        ctx.err.write("passwd: Permission denied.\n")
        return 1
    entry = find_user(ctx, name)
    if entry is None:
        ctx.err.write(f"passwd: user '{name}' does not exist\n")
        return 1
    if ctx.proc.uid != 0 and entry[2] != str(ctx.proc.uid):
        ctx.err.write(f"passwd: You may not view or modify password information for {name}.\n")
        return 1
    row = shadow_field(ctx, name)
    if "S" in opts:
        ctx.write(_status_line(row) if row else f"{name} {'P' if entry[1] else 'NP'}\n")
        return 0
    if not changes:
        raise ctx.not_simulated("setting a password at a prompt (use chpasswd)")
    field = row[1] if row else ""
    if "u" in opts and field.startswith("!"):
        if field == "!":
            ctx.err.write(
                "passwd: unlocking the password would result in a passwordless account.\n"
                "You should set a password with usermod -p to unlock the password of this "
                "account.\n"
            )
            return 1
        field = field[1:]
    if "d" in opts:
        field = ""
    if "l" in opts and not field.startswith("!"):
        field = "!" + field
    set_password(ctx, name, field)
    if "q" not in opts:
        ctx.write("passwd: password expiry information changed.\n")
    return 0


def _busybox_passwd(ctx: Ctx) -> int:
    opts, args = ctx.parse(ctx.argv[1:], "lud", "a")
    changes = [f for f in "lud" if f in opts]
    if changes and (ctx.proc.uid != 0 or not args):
        ctx.err.write(busybox_usage(ctx.name))
        return 1
    me = next((r for r in read_table(ctx, "/etc/passwd") if r[2:3] == [str(ctx.proc.uid)]), None)
    myname = me[0] if me else "root"
    name = args[0] if args else myname
    entry = find_user(ctx, name)
    if entry is None:
        ctx.error(f"unknown user {name}")
        return 1
    if ctx.proc.uid != 0 and entry[2] != str(ctx.proc.uid):
        ctx.error(f"{myname} can't change password for {name}")
        return 1
    if not changes:
        raise ctx.not_simulated("setting a password at a prompt (use chpasswd)")
    row = shadow_field(ctx, name)
    field = row[1] if row else entry[1]
    if "l" in opts:
        if field.startswith("!"):
            ctx.error(f"password for {name} is already locked")
            return 1
        field = "!" + field
    elif "u" in opts:
        if not field.startswith("!"):
            ctx.error(f"password for {name} is already unlocked")
            return 1
        field = field[1:]
    else:
        field = ""
    set_password(ctx, name, field)
    ctx.error(f"password for {name} changed by {myname}")
    return 0


@register("chpasswd")
def chpasswd(ctx: Ctx) -> int:
    if ctx.busybox and ctx.proc.uid != 0:
        ctx.error("permission denied (are you root?)")
        return 1
    opts, args = ctx.parse(ctx.argv[1:], "emh", "csR", status=2 if not ctx.busybox else 1)
    if opts or args:
        raise ctx.not_simulated("options" if opts else "operands")
    if ctx.proc.uid != 0:
        raise ctx.not_simulated("PAM's answer to a user who is not root")
    errors = False
    number = 0
    while True:
        line = ctx.stdin.read_line()
        if line is None:
            break
        number += 1
        name, colon, password = line.rstrip("\n").partition(":")
        if not colon:
            if ctx.busybox:
                ctx.error("missing new password")
                return 1
            ctx.error(f"line {number}: missing new password")
            errors = True
            continue
        if find_user(ctx, name) is None:
            if ctx.busybox:
                ctx.error(f"unknown user {name}")
                return 1
            raise ctx.not_simulated("PAM's answer for an unknown user")
        set_password(ctx, name, stand_in_hash(password))
        if ctx.busybox:
            ctx.error(f"password for '{name}' changed")
    if errors:
        raise UsageError(1)
    return 0
