"""sudo 1.9 (where the image has it: `apt-get install sudo`, `apk add sudo`): root runs the
command, `-u USER` runs it as that user (as `su` does); another caller needs a sudoers rule,
and without NOPASSWD a password, which a container with no terminal cannot give.

Texts from sudo's sources: src/tgetpass.c (`a terminal is required to read the password; ...`),
plugins/sudoers/logging.c (`a password is required`). The sudoers files read are /etc/sudoers
(the package's default when the file is absent: root and, on Debian and Ubuntu, %sudo) and
/etc/sudoers.d/*; a rule is `WHO HOST=(RUNAS) [NOPASSWD:] COMMANDS`, only `ALL` commands are
modelled. Reading a password at a terminal is not simulated."""

from __future__ import annotations

import posixpath

import attrs

from dockersim.model.cowfs import FsError
from dockersim.model.userland import resolve
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.accounts import find_user, read_table
from dockersim.model.userland.programs.base import Ctx

#: Debian's and Ubuntu's secure_path (Debian's sudoers; Ubuntu adds /snap/bin)
SECURE_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
NO_TERMINAL = (
    "sudo: a terminal is required to read the password; either use the -S option to read "
    "from standard input or configure an askpass helper\n"
)


def _sudoers_lines(ctx: Ctx) -> list[str]:
    """The rule lines, read as root (sudo is setuid root; the files are mode 0440)."""
    saved = ctx.proc.uid
    ctx.proc.uid = 0
    try:
        return _read_sudoers(ctx)
    finally:
        ctx.proc.uid = saved


def _read_sudoers(ctx: Ctx) -> list[str]:
    try:
        text = ctx.fs.read("/etc/sudoers").decode(errors="replace")
    except FsError:
        # the package's own file: Alpine leaves %wheel commented out
        text = "root ALL=(ALL:ALL) ALL\n" + ("" if ctx.musl else "%sudo ALL=(ALL:ALL) ALL\n")
    lines = text.splitlines()
    try:
        names = sorted(ctx.fs.listdir("/etc/sudoers.d"))
    except FsError:
        names = []
    for name in names:
        if "." in name or name.endswith("~"):
            continue  # sudo skips these names in an includedir
        try:
            lines += ctx.fs.read(posixpath.join("/etc/sudoers.d", name)).decode().splitlines()
        except (FsError, UnicodeDecodeError):
            continue
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _groups_of(ctx: Ctx, user: list[str]) -> set[str]:
    groups = set()
    for row in read_table(ctx, "/etc/group"):
        if len(row) >= 4 and (row[2] == user[3] or user[0] in row[3].split(",")):
            groups.add(row[0])
    return groups


def _rule(ctx: Ctx, user: list[str]) -> str | None:
    """'nopasswd', 'passwd' or None (no rule names the user)."""
    groups = _groups_of(ctx, user)
    found: str | None = None
    for line in _sudoers_lines(ctx):
        if line.startswith(("Defaults", "@include", "Cmnd_Alias", "User_Alias", "Host_Alias")):
            continue
        who = line.split(None, 1)[0]
        names = {w.strip() for w in who.split(",")}
        if user[0] in names or any(f"%{g}" in names for g in groups) or "ALL" in names:
            found = "nopasswd" if "NOPASSWD:" in line.replace(" ", "") else "passwd"
    return found


@register("sudo")
def sudo(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    target = "root"
    non_interactive = False
    i = 0
    while i < len(args) and args[i].startswith("-") and args[i] != "-":
        arg = args[i]
        i += 1
        if arg == "--":
            break
        if arg in ("-u", "--user"):
            if i >= len(args):
                raise ctx.not_simulated("the usage text")
            target = args[i]
            i += 1
        elif arg.startswith("-u") and len(arg) > 2:
            target = arg[2:]
        elif arg in ("-n", "--non-interactive"):
            non_interactive = True
        elif arg in ("-E", "-H", "--preserve-env", "--set-home"):
            continue
        else:
            raise ctx.not_simulated(f"option {arg}")
    command = args[i:]
    if not command:
        raise ctx.not_simulated("the usage text")
    runas = find_user(ctx, target)
    if runas is None:
        ctx.err.write(f"sudo: unknown user {target}\n")  # est.
        ctx.err.write("sudo: error initializing audit plugin sudoers_audit\n")  # est.
        return 1
    if ctx.proc.uid != 0:
        me = next(
            (r for r in read_table(ctx, "/etc/passwd") if r[2:3] == [str(ctx.proc.uid)]), None
        )
        if me is None:
            raise ctx.not_simulated("a caller with no passwd entry")
        if me is not None and _rule(ctx, me) != "nopasswd":
            if non_interactive:
                ctx.err.write("sudo: a password is required\n")
                return 1
            if ctx.proc.tty:
                raise ctx.not_simulated("reading a password at a terminal")
            ctx.err.write(NO_TERMINAL + "sudo: a password is required\n")
            return 1
    return _run_as(ctx, runas, command)


def _run_as(ctx: Ctx, runas: list[str], command: list[str]) -> int:
    if ctx.spawn is None:
        raise ctx.not_simulated("running a command")
    caller = ctx.proc.user
    env = {k: v for k, v in ctx.env.items() if k in ("TERM", "LANG", "LC_ALL", "DISPLAY")}
    env.update(
        {
            "PATH": SECURE_PATH,
            "HOME": runas[5],
            "USER": runas[0],
            "LOGNAME": runas[0],
            "SHELL": runas[6] or "/bin/sh",
            "SUDO_USER": caller,
            "SUDO_UID": str(ctx.proc.uid),
            "SUDO_GID": str(ctx.proc.gid),
            "SUDO_COMMAND": " ".join(command),
        }
    )
    proc = ctx.proc
    saved = (proc.uid, proc.gid, proc.user)
    proc.uid, proc.gid, proc.user = int(runas[2]), int(runas[3]), runas[0]
    sub = attrs.evolve(ctx, argv=command, env=env)
    try:
        return ctx.spawn(command, sub)
    except resolve.NotFound:
        ctx.err.write(f"sudo: {command[0]}: command not found\n")
        return 1
    except (resolve.IsDirectory, resolve.NoPermission):
        ctx.err.write(f"sudo: unable to execute {command[0]}: Permission denied\n")
        return 1
    finally:
        proc.uid, proc.gid, proc.user = saved
