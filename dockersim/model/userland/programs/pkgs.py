"""apk (Alpine 3.22) and the language runtimes (`python3 -c`, `node -e`, `--version`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from dockersim.model.cowfs import FsError
from dockersim.model.fs import FileEntry
from dockersim.model.userland.caps import MEMORY_HIT, Heap
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.memory import PYTHON_BASE, allocation
from dockersim.model.userland.programs.pkglists import (
    APK_FILES,
    APK_PROVIDES,
    apk_packages,
    write_files,
)
from dockersim.model.userland.types import OutOfMemory

if TYPE_CHECKING:
    from dockersim.model.userland.programs.pystdlib import PyHost

APK_BASE_PACKAGES = 16
APK_BASE_MIB = 8
APK_DB = "/lib/apk/db/installed"


#: per Alpine branch: the index tags `apk update` shows, and its package count (est.)
APK_UPDATE = {
    "3.22": (("v3.22.0-44-g4c7d0e5a1f6", "v3.22.0-46-g0b1e1b2a2c3"), 26318),
    "3.21": (("v3.21.3-201-g1e9dd4b5b2b", "v3.21.3-202-g3a66b2e9e06"), 25397),
}


def _alpine_branch(ctx: Ctx) -> str:
    """The Alpine branch of the container (`3.22` from /etc/alpine-release `3.22.0`)."""
    try:
        text = ctx.fs.read("/etc/alpine-release").decode(errors="replace").strip()
    except FsError:
        return "3.22"
    branch = ".".join(text.split(".")[:2])
    return branch if branch in APK_UPDATE else "3.22"


def _apk_installed(ctx: Ctx) -> list[str]:
    try:
        text = ctx.fs.read("/etc/apk/world").decode(errors="replace")
    except FsError:
        return []
    return [w for w in text.split() if w]


@register("apk")
def apk(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    words = [a for a in args if not a.startswith("-")]
    update = "--update" in args or "-U" in args or "--no-cache" in args
    if not words:
        ctx.write(
            "apk-tools 2.14.9, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND "
            "[<ARGUMENTS>...]\n"
        )
        return 1
    command, names = words[0], words[1:]
    if command in ("add", "del", "update", "upgrade") and ctx.proc.uid != 0:
        ctx.err.write(
            "ERROR: Unable to lock database: Permission denied\n"
            "ERROR: Failed to open apk database: Permission denied\n"
        )
        return 99
    branch = _alpine_branch(ctx)
    version = f"v{branch}"
    table = apk_packages()[branch]
    names = [APK_PROVIDES.get(n, n) for n in names]
    cached = ctx.fs.exists("/var/cache/apk/APKINDEX.main.tar.gz")
    if command in ("update", "add") and (update or command == "update" or not cached):
        for repo in ("main", "community"):
            ctx.write(
                f"fetch https://dl-cdn.alpinelinux.org/alpine/{version}/{repo}/x86_64/"
                "APKINDEX.tar.gz\n"
            )
        ctx.rec.advance(0.5)
        if "--no-cache" not in args:
            ctx.fs.mkdir("/var/cache/apk", parents=True)
            ctx.fs.write("/var/cache/apk/APKINDEX.main.tar.gz", b"")
    if command == "update":
        tags, count = APK_UPDATE[branch]
        ctx.write(
            f"{tags[0]} [https://dl-cdn.alpinelinux.org/alpine/{version}/main]\n"
            f"{tags[1]} [https://dl-cdn.alpinelinux.org/alpine/{version}/community]\n"
            f"OK: {count} distinct packages available\n"
        )
        return 0
    if command != "add":
        ctx.err.write(f"apk: unrecognized command '{command}'\n")
        return 1
    unknown = [n for n in names if n not in table]
    if unknown:
        ctx.err.write("ERROR: unable to select packages:\n")
        for n in unknown:
            ctx.err.write(f"  {n} (no such package):\n    required by: world[{n}]\n")
        return 1
    world = _apk_installed(ctx)
    todo: list[str] = []
    for name in names:
        for dep in [*table[name][1], name]:
            if dep not in todo and dep not in world:
                todo.append(dep)
    total = len(todo)
    for i, name in enumerate(todo, 1):
        version_s, _deps, progs, _kb = table[name]
        ctx.write(f"({i}/{total}) Installing {name} ({version_s})\n")
        for path, prog in progs.items():
            ctx.fs.mkdir(path.rsplit("/", 1)[0], parents=True)
            ctx.fs.put(FileEntry.program(path, prog, ctx.proc.arch))
            ctx.proc.mtimes[path] = ctx.now()
        write_files(ctx.fs, ctx.proc.mtimes, ctx.now(), APK_FILES.get(name, {}))
        if name == "bash":
            ctx.write(f"Executing bash-{version_s}.post-install\n")
    if todo:
        busybox = "1.37.0-r18" if branch == "3.22" else "1.37.0-r12"  # est. for 3.21
        ctx.write(f"Executing busybox-{busybox}.trigger\n")
        if "ca-certificates" in todo:
            ctx.write("Executing ca-certificates-20241121-r2.trigger\n")
    world = world + [n for n in todo if n not in world]
    ctx.fs.mkdir("/etc/apk", parents=True)
    ctx.fs.write("/etc/apk/world", ("\n".join(world) + "\n").encode())
    kib = APK_BASE_MIB * 1024 + sum(table[n][3] for n in world if n in table)
    ctx.write(f"OK: {round(kib / 1024)} MiB in {APK_BASE_PACKAGES + len(world)} packages\n")
    return 0


def python_version(env: Mapping[str, str]) -> str:
    """The version `python3` reports: the image's PYTHON_VERSION, else Ubuntu 24.04's."""
    return env.get("PYTHON_VERSION", "3.12.3")


def _pyver(ctx: Ctx) -> str:
    return python_version(ctx.env)


def py_host(ctx: Ctx) -> PyHost:
    """What pyeval sees of this process's container: its files, clock and names."""
    from dockersim.model.userland.programs.pystdlib import PyHost

    net = getattr(ctx.proc, "net", None)
    resolve = getattr(net, "resolve", None)
    return PyHost(ctx.fs, ctx.cwd, ctx.proc.arch, resolve, ctx.now, ctx.rec.advance)


#: options that change nothing the model shows (buffering, bytecode files, optimisation, the
#: environment and site checks, the REPL banner)
QUIET_OPTIONS = frozenset(["-u", "-B", "-O", "-OO", "-E", "-s", "-S", "-I", "-q"])


@register("python3", "python")
def python(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    while args and args[0] in QUIET_OPTIONS:
        args = args[1:]
    version = _pyver(ctx)
    if args[:1] in (["--version"], ["-V"]):
        ctx.write(f"Python {version}\n")
        return 0
    if args[:1] == ["-c"] and len(args) > 1:
        return _run_python(ctx, args[1], args[2:], "<string>")
    if not args and ctx.out.is_tty:
        from dockersim.model.userland.programs.pyvalues import banner

        ctx.write(banner(version) + ">>> ")
        ctx.block(frozenset({"SIGINT"}))
    if not args or args[0] == "-":  # a script on standard input (a pipe, a file, a heredoc)
        return _run_python(ctx, ctx.read_file("-"), args[1:], "<stdin>")
    if not args[0].startswith("-"):
        try:
            source = ctx.read_file(args[0])
        except FsError:
            ctx.err.write(
                f"{ctx.argv[0]}: can't open file '{ctx.path(args[0])}': "
                "[Errno 2] No such file or directory\n"
            )
            return 2
        return _run_python(ctx, source, args[1:], args[0])
    raise ctx.not_simulated(f"option {args[0]}")


def _run_python(ctx: Ctx, code: str, argv: list[str], filename: str) -> int:
    """Run code in pyeval as this process: `-c`, a script file or standard input."""
    limit = ctx.proc.memory_limit
    if limit and PYTHON_BASE + allocation(code) > limit:
        raise OutOfMemory()
    from dockersim.model.userland.programs.pyeval import run_code

    heap = ctx.heap if ctx.heap is not None else Heap(ctx.proc.memory_limit)
    _, err, status = run_code(
        code, ctx.env, _pyver(ctx), ctx.proc.hostname, ctx.process_id, heap, ctx.write,
        py_host(ctx), ctx.name.rsplit("/", 1)[-1] or "python3", argv, filename,
    )  # fmt: skip
    if err:
        ctx.err.write(err)
    if heap.exhausted and ctx.fs.quota is not None:
        ctx.fs.quota.hit(MEMORY_HIT)
    return status


@register("node", "nodejs")
def node(ctx: Ctx) -> int:
    version = ctx.env.get("NODE_VERSION", "20.19.2")
    args = ctx.argv[1:]
    if args[:1] in (["--version"], ["-v"]):
        ctx.write(f"v{version}\n")
        return 0
    if args[:1] in (["-e"], ["-p"]) and len(args) > 1:
        m = re.fullmatch(r"\s*console\.log\(\s*(['\"])(.*)\1\s*\);?\s*", args[1])
        if m:
            ctx.write(m.group(2) + "\n")
        return 0
    if not args and ctx.out.is_tty:
        ctx.write(f'Welcome to Node.js v{version}.\nType ".help" for more information.\n> ')
        ctx.block(frozenset({"SIGINT"}))
    return 0
