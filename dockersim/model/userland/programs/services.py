"""service (Debian's and Ubuntu's /usr/sbin/service, from init-system-helpers): the init
scripts in /etc/init.d run with `env -i` and the action given, `--status-all` asking each
script for its status. A container runs no systemd (/run/systemd/system is absent), so every
call goes to the scripts, as the real script does there.

Facts from init-system-helpers' script/service (the usage and version lines go to stderr; a
missing script is first read by the openrc check's `grep -q`, which says so on stderr, then
`NAME: unrecognized service`, status 1; `--status-all` prints ` [ + ]`/` [ - ]` on stdout and
` [ ? ]` on stderr for a script whose status output mentions "usage:")."""

from __future__ import annotations

import posixpath

import attrs

from dockersim.model.cowfs import FsError
from dockersim.model.userland import resolve
from dockersim.model.userland.io import Buffer, Reader
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.apt import codename
from dockersim.model.userland.programs.base import Ctx

SERVICEDIR = "/etc/init.d"
USAGE = "Usage: service < option > | --status-all | [ service_name [ command | --full-restart ] ]\n"

#: init-system-helpers per release (the script's __VERSION__)
VERSIONS = {"bookworm": "1.65.2", "noble": "1.66ubuntu1", "jammy": "1.62"}

#: what --status-all skips by name (the script's is_ignored_file and its own list)
IGNORED = frozenset(
    (
        "skeleton",
        "README",
        "rc",
        "rcS",
        "single",
        "reboot",
        "bootclean.sh",
        "functions",
        "halt",
        "killall",
        "linuxconf",
        "kudzu",
    )
)

#: what `env -i` keeps of the caller's environment
KEPT = (
    "LANG",
    "LANGUAGE",
    "LC_CTYPE",
    "LC_NUMERIC",
    "LC_TIME",
    "LC_COLLATE",
    "LC_MONETARY",
    "LC_MESSAGES",
    "LC_PAPER",
    "LC_NAME",
    "LC_ADDRESS",
    "LC_TELEPHONE",
    "LC_MEASUREMENT",
    "LC_IDENTIFICATION",
    "LC_ALL",
    "PATH",
    "TERM",
)


def _executable(ctx: Ctx, path: str) -> bool:
    try:
        entry = ctx.fs.stat(path)
    except FsError:
        return False
    return entry.kind == "file" and bool(entry.mode & 0o111)


def _run_script(ctx: Ctx, name: str, args: list[str], out: object = None) -> int:
    """Run /etc/init.d/NAME with `args` under `env -i` (the kept variables, empty when unset,
    as the script passes them); `out` (a Buffer) takes stdout and stderr both."""
    assert ctx.spawn is not None
    env = {key: ctx.env.get(key, "") for key in KEPT}
    path = posixpath.join(SERVICEDIR, name)
    sink = out if isinstance(out, Buffer) else None
    sub = attrs.evolve(
        ctx,
        argv=[path, *args],
        env=env,
        cwd="/",
        stdin=ctx.stdin if sink is None else Reader(""),
        out=sink or ctx.out,
        err=sink or ctx.err,
    )
    try:
        return ctx.spawn([path, *args], sub)
    except (resolve.NotFound, resolve.IsDirectory, resolve.NoPermission):
        ctx.err.write(f"env: '{path}': Permission denied\n")
        return 126


def _status_all(ctx: Ctx) -> int:
    try:
        names = sorted(n for n in ctx.fs.listdir(SERVICEDIR) if not n.startswith("."))
    except FsError:  # the catalog does not hold the image's /etc/init.d: say so, invent nothing
        raise ctx.not_simulated(
            "--status-all on this image (its /etc/init.d is not in dockersim's offline copy)"
        ) from None
    status = 0
    for name in names:
        if name in IGNORED or name.endswith((".dpkg-dist", ".dpkg-old")):
            continue
        if not _executable(ctx, posixpath.join(SERVICEDIR, name)):
            continue
        buffer = Buffer()
        code = _run_script(ctx, name, ["status"], buffer)
        text = buffer.text
        if "dockersim: not simulated" in text:
            ctx.err.write(text)  # the script's program is a stand-in: no row to make up
            status = 1
        elif "usage:" in text.lower():
            ctx.err.write(f" [ ? ]  {name}\n")
        elif code == 0 and text.strip():
            ctx.write(f" [ + ]  {name}\n")
        else:
            ctx.write(f" [ - ]  {name}\n")
    return status


@register("service")
def service(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if not args:
        ctx.err.write(USAGE)
        return 1
    if ctx.spawn is None:
        raise ctx.not_simulated("running init scripts")
    name = action = ""
    options: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        rest = len(args) - i
        if arg in ("--help", "-h") or arg.startswith("--h"):
            ctx.err.write(USAGE)
            return 0
        if arg in ("--version", "-V"):
            ctx.err.write(f"service ver. {VERSIONS.get(codename(ctx), VERSIONS['bookworm'])}\n")
            return 0
        if not name and rest == 1 and arg == "--status-all":
            return _status_all(ctx)
        if rest == 2 and args[i + 1] == "--full-restart":
            name = arg
            if _executable(ctx, posixpath.join(SERVICEDIR, name)):
                _run_script(ctx, name, ["stop"])
                return _run_script(ctx, name, ["start"])
            i += 1  # the script goes on with ACTION still empty
        elif not name:
            name = arg
        elif not action:
            action = arg
        else:
            options.append(arg)
        i += 1
    path = posixpath.join(SERVICEDIR, name)
    if not ctx.fs.exists(path):
        # update_openrc_started_symlinks greps the script for an openrc-run line first
        ctx.err.write(f"grep: {path}: No such file or directory\n")
    if not _executable(ctx, path):
        ctx.err.write(f"{name}: unrecognized service\n")
        return 1
    return _run_script(ctx, name, [a for a in [action, *options] if a])
