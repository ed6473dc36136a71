"""apt-get / apt: update writes package lists, install writes the programs (the lists are in
pkglists.py: June 2025 versions, estimated where marked)."""

from __future__ import annotations

from dockersim.model.cowfs import FsError
from dockersim.model.fs import FileEntry
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.pkglists import APT_FILES, UPDATE, apt_packages, write_files

LISTS = "/var/lib/apt/lists"


def codename(ctx: Ctx) -> str:
    try:
        text = ctx.fs.read("/etc/os-release").decode(errors="replace")
    except FsError:
        return "bookworm"
    for line in text.splitlines():
        if line.startswith("VERSION_CODENAME="):
            name = line.split("=", 1)[1].strip('"')
            return name if name in UPDATE else ("noble" if "ubuntu" in text else "bookworm")
    return "noble" if "ID=ubuntu" in text else "bookworm"


def _updated(ctx: Ctx) -> bool:
    try:
        return any(n.endswith("_Packages") for n in ctx.fs.listdir(LISTS))
    except FsError:
        return False


def _installed(ctx: Ctx, pkg: str) -> bool:
    return ctx.fs.exists(f"/usr/share/doc/{pkg}/copyright")


def _done(ctx: Ctx, text: str) -> str:
    return f"{text} Done\n" if ctx.out.is_tty else f"{text}\n"


@register("apt-get", "apt")
def apt_get(ctx: Ctx) -> int:
    is_apt = ctx.name.rsplit("/", 1)[-1] == "apt"
    args = ctx.argv[1:]
    opts = {a for a in args if a.startswith("-")}
    words = [a for a in args if not a.startswith("-")]
    if is_apt and not ctx.out.is_tty:
        ctx.err.write(
            "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"
        )
    if not words:
        ctx.write("apt 2.7.14 (amd64)\nUsage: apt-get [options] command\n")
        return 1
    command, names = words[0], words[1:]
    if command in ("update", "install", "upgrade", "remove", "purge") and ctx.proc.uid != 0:
        what = "lock-frontend" if command != "update" else "lists/lock"
        place = "/var/lib/dpkg/lock-frontend" if command != "update" else f"{LISTS}/lock"
        ctx.err.write(f"E: Could not open lock file {place} - open (13: Permission denied)\n")
        if command == "update":
            ctx.err.write("E: Unable to lock directory /var/lib/apt/lists/\n")
        else:
            ctx.err.write(
                f"E: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/{what}), "
                "are you root?\n"
            )
        return 100
    release = codename(ctx)
    if command == "update":
        return _update(ctx, release)
    if command == "install":
        return _install(ctx, release, names, "-y" in opts or "--yes" in opts or "-qq" in opts)
    if command in ("clean", "autoclean", "autoremove", "upgrade", "dist-upgrade"):
        ctx.write(
            _done(ctx, "Reading package lists...")
            + _done(ctx, "Building dependency tree...")
            + _done(ctx, "Reading state information...")
        )
        if command != "clean":
            ctx.write("Calculating upgrade...\n" if "upgrade" in command else "")
            ctx.write("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0
    ctx.err.write(f"E: Invalid operation {command}\n")
    return 100


def _update(ctx: Ctx, release: str) -> int:
    rows, fetched, seconds = UPDATE[release]
    for i, (url, suite, size) in enumerate(rows, 1):
        ctx.write(f"Get:{i} {url} {suite} [{size}]\n")
        host = url.split("//", 1)[1].replace("/", "_")
        name = suite.split(" ")[0].replace("/", "_")
        kind = "InRelease" if suite.endswith("InRelease") else "Packages"
        ctx.fs.mkdir(LISTS, parents=True)
        ctx.fs.write(f"{LISTS}/{host}_dists_{name}_{kind}", f"# {url} {suite}\n".encode())
    ctx.rec.advance(seconds)
    ctx.write(fetched + "\n")
    ctx.write(_done(ctx, "Reading package lists..."))
    return 0


def _closure(
    table: dict[str, tuple[str, list[str], dict[str, str]]], names: list[str]
) -> list[str]:
    out: list[str] = []
    todo = list(names)
    while todo:
        name = todo.pop(0)
        if name in out:
            continue
        out.append(name)
        todo.extend(table[name][1])
    return out


def _wrap(names: list[str]) -> str:
    lines: list[str] = []
    line = " "
    for name in names:
        if len(line) + len(name) + 1 > 79 and line.strip():
            lines.append(line)
            line = " "
        line += " " + name
    lines.append(line)
    return "\n".join(lines) + "\n"


def _install(ctx: Ctx, release: str, names: list[str], yes: bool) -> int:
    table = apt_packages()[release] if _updated(ctx) else {}
    ctx.write(
        _done(ctx, "Reading package lists...")
        + _done(ctx, "Building dependency tree...")
        + _done(ctx, "Reading state information...")
    )
    missing = [n for n in names if n not in table]
    if missing:
        for name in missing:
            ctx.err.write(f"E: Unable to locate package {name}\n")
        return 100
    if not names:
        ctx.write("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n")
        return 0
    wanted = [n for n in names if not _installed(ctx, n)]
    for name in names:
        if name not in wanted:
            ctx.write(f"{name} is already the newest version ({table[name][0]}).\n")
    todo = [n for n in _closure(table, wanted) if not _installed(ctx, n)]
    extra = sorted(n for n in todo if n not in wanted)
    if extra:
        ctx.write("The following additional packages will be installed:\n" + _wrap(extra))
    if todo:
        ctx.write("The following NEW packages will be installed:\n" + _wrap(sorted(todo)))
    ctx.write(f"0 upgraded, {len(todo)} newly installed, 0 to remove and 0 not upgraded.\n")
    if not todo:
        return 0
    size_kb = 180 * len(todo) + 97
    ctx.write(f"Need to get {size_kb:,} kB of archives.\n")
    ctx.write(f"After this operation, {size_kb * 3:,} kB of additional disk space will be used.\n")
    if extra and not yes:
        ctx.write("Do you want to continue? [Y/n] ")
        answer = ctx.stdin.read_line()
        if answer is None or answer.strip().lower() not in ("", "y", "yes"):
            ctx.write("Abort.\n")
            return 1
    mirror = (
        "http://archive.ubuntu.com/ubuntu" if release == "noble" else "http://deb.debian.org/debian"
    )
    suite = f"{release}/main" if release == "bookworm" else f"{release}-updates/main"
    order = sorted(todo)
    for i, name in enumerate(order, 1):
        version = table[name][0]
        ctx.write(f"Get:{i} {mirror} {suite} amd64 {name} amd64 {version} [180 kB]\n")
    ctx.rec.advance(1.0)
    ctx.err.write("debconf: delaying package configuration, since apt-utils is not installed\n")
    ctx.write(f"Fetched {size_kb:,} kB in 1s ({size_kb:,} kB/s)\n")
    for i, name in enumerate(order):
        version = table[name][0]
        deb_version = version.split(":", 1)[-1]
        ctx.write(f"Selecting previously unselected package {name}.\n")
        if i == 0:
            ctx.write("(Reading database ... 4381 files and directories currently installed.)\n")
        ctx.write(f"Preparing to unpack .../{i:02d}-{name}_{deb_version}_amd64.deb ...\n")
        ctx.write(f"Unpacking {name} ({version}) ...\n")
    for name in order:
        version, _deps, progs = table[name]
        ctx.write(f"Setting up {name} ({version}) ...\n")
        for path, prog in progs.items():
            ctx.fs.mkdir(path.rsplit("/", 1)[0], parents=True)
            ctx.fs.put(FileEntry.program(path, prog, ctx.proc.arch))
            ctx.proc.mtimes[path] = ctx.now()
        write_files(ctx.fs, ctx.proc.mtimes, ctx.now(), APT_FILES.get(name, {}))
        ctx.fs.mkdir(f"/usr/share/doc/{name}", parents=True)
        ctx.fs.write(
            f"/usr/share/doc/{name}/copyright",
            f"Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
            f"Upstream-Name: {name}\n".encode(),
        )
    libc = "2.39-0ubuntu8.4" if release == "noble" else "2.36-9+deb12u10"
    ctx.write(f"Processing triggers for libc-bin ({libc}) ...\n")
    return 0
