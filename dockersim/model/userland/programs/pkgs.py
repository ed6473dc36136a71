"""apk (Alpine 3.22), pip (python images) and the language runtimes' --version."""

from __future__ import annotations

import re
from collections.abc import Mapping

from dockersim.model.cowfs import FsError
from dockersim.model.fs import FileEntry
from dockersim.model.userland.caps import MEMORY_HIT, Heap
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.memory import PYTHON_BASE, allocation
from dockersim.model.userland.types import OutOfMemory

APK_BASE_PACKAGES = 16
APK_BASE_MIB = 8
# name -> (version, dependencies, programs, KiB) for Alpine 3.22 (est.)
APK: dict[str, tuple[str, list[str], dict[str, str], int]] = {
    "curl": (
        "8.14.1-r1",
        [
            "brotli-libs",
            "c-ares",
            "libunistring",
            "libidn2",
            "nghttp2-libs",
            "libpsl",
            "zstd-libs",
            "libcurl",
        ],
        {"/usr/bin/curl": "curl"},
        260,
    ),
    "brotli-libs": ("1.1.0-r2", [], {}, 900),
    "c-ares": ("1.34.5-r0", [], {}, 240),
    "libunistring": ("1.3-r0", [], {}, 1400),
    "libidn2": ("2.3.7-r0", [], {}, 140),
    "nghttp2-libs": ("1.65.0-r0", [], {}, 170),
    "libpsl": ("0.21.5-r3", [], {}, 70),
    "zstd-libs": ("1.5.7-r0", [], {}, 680),
    "libcurl": ("8.14.1-r1", [], {}, 600),
    "bash": (
        "5.2.37-r0",
        ["ncurses-terminfo-base", "libncursesw", "readline"],
        {"/bin/bash": "bash"},
        1300,
    ),
    "ncurses-terminfo-base": ("6.5_p20250503-r0", [], {}, 100),
    "libncursesw": ("6.5_p20250503-r0", [], {}, 390),
    "readline": ("8.2.13-r1", [], {}, 280),
    "python3": (
        "3.12.11-r0",
        [
            "libbz2",
            "libffi",
            "gdbm",
            "xz-libs",
            "mpdecimal",
            "libpanelw",
            "sqlite-libs",
            "python3-pyc",
            "python3-pycache-pyc0",
            "pyc",
        ],
        {"/usr/bin/python3": "python3"},
        40000,
    ),
    "libbz2": ("1.0.8-r6", [], {}, 80),
    "libffi": ("3.4.8-r0", [], {}, 50),
    "gdbm": ("1.24-r0", [], {}, 120),
    "xz-libs": ("5.8.1-r0", [], {}, 200),
    "mpdecimal": ("4.0.1-r0", [], {}, 250),
    "libpanelw": ("6.5_p20250503-r0", [], {}, 20),
    "sqlite-libs": ("3.49.2-r0", [], {}, 1000),
    "python3-pyc": ("3.12.11-r0", [], {}, 10),
    "python3-pycache-pyc0": ("3.12.11-r0", [], {}, 8000),
    "pyc": ("3.12.11-r0", [], {}, 10),
    "git": ("2.49.0-r0", ["libexpat", "pcre2"], {"/usr/bin/git": "git"}, 9000),
    "libexpat": ("2.7.0-r0", [], {}, 150),
    "pcre2": ("10.43-r1", [], {}, 600),
}
APK_DB = "/lib/apk/db/installed"


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
    version = "v3.22"
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
        ctx.write(
            "v3.22.0-44-g4c7d0e5a1f6 [https://dl-cdn.alpinelinux.org/alpine/v3.22/main]\n"
            "v3.22.0-46-g0b1e1b2a2c3 [https://dl-cdn.alpinelinux.org/alpine/v3.22/community]\n"
            "OK: 26318 distinct packages available\n"
        )
        return 0
    if command != "add":
        ctx.err.write(f"apk: unrecognized command '{command}'\n")
        return 1
    unknown = [n for n in names if n not in APK]
    if unknown:
        ctx.err.write("ERROR: unable to select packages:\n")
        for n in unknown:
            ctx.err.write(f"  {n} (no such package):\n    required by: world[{n}]\n")
        return 1
    world = _apk_installed(ctx)
    todo: list[str] = []
    for name in names:
        for dep in [*APK[name][1], name]:
            if dep not in todo and dep not in world:
                todo.append(dep)
    total = len(todo)
    for i, name in enumerate(todo, 1):
        version_s, _deps, progs, _kb = APK[name]
        ctx.write(f"({i}/{total}) Installing {name} ({version_s})\n")
        for path, prog in progs.items():
            ctx.fs.put(FileEntry.program(path, prog, ctx.proc.arch))
            ctx.proc.mtimes[path] = ctx.now()
        if name == "bash":
            ctx.write(f"Executing bash-{version_s}.post-install\n")
    if todo:
        ctx.write("Executing busybox-1.37.0-r18.trigger\n")
        if "ca-certificates" in todo:
            ctx.write("Executing ca-certificates-20241121-r2.trigger\n")
    world = world + [n for n in todo if n not in world]
    ctx.fs.mkdir("/etc/apk", parents=True)
    ctx.fs.write("/etc/apk/world", ("\n".join(world) + "\n").encode())
    kib = APK_BASE_MIB * 1024 + sum(APK[n][3] for n in world if n in APK)
    ctx.write(f"OK: {round(kib / 1024)} MiB in {APK_BASE_PACKAGES + len(world)} packages\n")
    return 0


# name -> (version, [deps], wheel size, extra console scripts)
PIP: dict[str, tuple[str, list[str], str, list[str]]] = {
    "flask": (
        "3.1.1",
        ["blinker", "click", "itsdangerous", "jinja2", "werkzeug"],
        "103 kB",
        ["flask"],
    ),
    "blinker": ("1.9.0", [], "8.5 kB", []),
    "click": ("8.2.1", [], "102 kB", []),
    "itsdangerous": ("2.2.0", [], "16 kB", []),
    "jinja2": ("3.1.6", ["markupsafe"], "134 kB", []),
    "markupsafe": ("3.0.2", [], "23 kB", []),
    "werkzeug": ("3.1.3", ["markupsafe"], "224 kB", []),
    "requests": ("2.32.4", ["charset-normalizer", "idna", "urllib3", "certifi"], "64 kB", []),
    "charset-normalizer": ("3.4.2", [], "148 kB", ["normalizer"]),
    "idna": ("3.10", [], "70 kB", []),
    "urllib3": ("2.4.0", [], "128 kB", []),
    "certifi": ("2025.6.15", [], "157 kB", []),
    "redis": ("6.2.0", [], "278 kB", []),
}
PIP_MIN = {
    "blinker": ">=1.9.0",
    "click": ">=8.1.3",
    "itsdangerous": ">=2.2.0",
    "jinja2": ">=3.1.2",
    "werkzeug": ">=3.1.0",
    "markupsafe": ">=2.1.1",
    "charset-normalizer": "<4,>=2",
    "idna": "<4,>=2.5",
    "urllib3": "<3,>=1.21.1",
    "certifi": ">=2017.4.17",
}


def python_version(env: Mapping[str, str]) -> str:
    """The version `python3` reports: the image's PYTHON_VERSION, else Ubuntu 24.04's."""
    return env.get("PYTHON_VERSION", "3.12.3")


def _pyver(ctx: Ctx) -> str:
    return python_version(ctx.env)


def _wheel(name: str, version: str, pyver: str) -> str:
    if name == "markupsafe":
        tag = "cp" + "".join(pyver.split(".")[:2])
        return f"MarkupSafe-{version}-{tag}-{tag}-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"
    if name == "charset-normalizer":
        tag = "cp" + "".join(pyver.split(".")[:2])
        return (
            f"charset_normalizer-{version}-{tag}-{tag}-manylinux_2_17_x86_64."
            "manylinux2014_x86_64.whl"
        )
    return f"{name.replace('-', '_')}-{version}-py3-none-any.whl"


@register("pip", "pip3")
def pip(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    pyver = _pyver(ctx)
    short = ".".join(pyver.split(".")[:2])
    site = f"/usr/local/lib/python{short}/site-packages"
    if args[:1] in (["--version"], ["-V"]):
        ctx.write(f"pip 25.0.1 from {site}/pip (python {short})\n")
        return 0
    if not args or args[0] != "install":
        ctx.write("\nUsage:   \n  pip <command> [options]\n")
        return 0 if not args else 1
    names = [re.split(r"[=<>!~\[]", a)[0].lower() for a in args[1:] if not a.startswith("-")]
    status = 0
    todo: list[str] = []
    for name in names:
        if name not in PIP:
            ctx.err.write(
                f"ERROR: Could not find a version that satisfies the requirement {name} "
                "(from versions: none)\n"
            )
            ctx.err.write(f"ERROR: No matching distribution found for {name}\n")
            return 1
        if ctx.fs.exists(f"{site}/{name.replace('-', '_')}"):
            ctx.write(f"Requirement already satisfied: {name} in {site} ({PIP[name][0]})\n")
            continue
        queue = [(name, "")]
        while queue:
            pkg, parent = queue.pop(0)
            if pkg in todo:
                continue
            if ctx.fs.exists(f"{site}/{pkg.replace('-', '_')}"):
                ctx.write(
                    f"Requirement already satisfied: {pkg}{PIP_MIN.get(pkg, '')} in {site} "
                    f"(from {parent}) ({PIP[pkg][0]})\n"
                )
                continue
            todo.append(pkg)
            version = PIP[pkg][0]
            ctx.write(
                f"Collecting {pkg}{PIP_MIN.get(pkg, '') if parent else ''}"
                f"{f' (from {parent})' if parent else ''}\n"
            )
            ctx.write(f"  Downloading {_wheel(pkg, version, pyver)}.metadata\n")
            queue.extend((d, pkg) for d in PIP[pkg][1])
    for pkg in todo:
        ctx.write(f"Downloading {_wheel(pkg, PIP[pkg][0], pyver)} ({PIP[pkg][2]})\n")
    if todo:
        ctx.rec.advance(1.0)
        ctx.write(f"Installing collected packages: {', '.join(reversed(todo))}\n")
        for pkg in todo:
            version, _deps, _size, scripts = PIP[pkg]
            mod = pkg.replace("-", "_")
            ctx.fs.mkdir(f"{site}/{mod}", parents=True)
            ctx.fs.write(f"{site}/{mod}/__init__.py", f'__version__ = "{version}"\n'.encode())
            ctx.fs.mkdir(f"{site}/{mod}-{version}.dist-info", parents=True)
            ctx.fs.write(
                f"{site}/{mod}-{version}.dist-info/METADATA",
                f"Metadata-Version: 2.4\nName: {pkg}\nVersion: {version}\n".encode(),
            )
            for script in scripts:
                ctx.fs.put(FileEntry.program(f"/usr/local/bin/{script}", script, ctx.proc.arch))
        done = " ".join(f"{p}-{PIP[p][0]}" for p in sorted(todo))
        ctx.write(f"Successfully installed {done}\n")
    if ctx.proc.uid == 0:
        ctx.err.write(
            "WARNING: Running pip as the 'root' user can result in broken permissions and "
            "conflicting behaviour with the system package manager, possibly rendering your "
            "system unusable. It is recommended to use a virtual environment instead: "
            "https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you know "
            "what you are doing and want to suppress this warning.\n"
        )
    ctx.err.write(
        "\n[notice] A new release of pip is available: 25.0.1 -> 25.1.1\n"
        "[notice] To update, run: pip install --upgrade pip\n"
    )
    return status


@register("python3", "python")
def python(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    version = _pyver(ctx)
    if args[:1] in (["--version"], ["-V"]):
        ctx.write(f"Python {version}\n")
        return 0
    if args[:1] == ["-c"] and len(args) > 1:
        limit = ctx.proc.memory_limit
        if limit and PYTHON_BASE + allocation(args[1]) > limit:
            raise OutOfMemory()
        from dockersim.model.userland.programs.pyeval import run_code

        heap = ctx.heap if ctx.heap is not None else Heap(ctx.proc.memory_limit)
        _, err, status = run_code(
            args[1], ctx.env, version, ctx.proc.hostname, ctx.proc.pid, heap, ctx.write
        )
        if err:
            ctx.err.write(err)
        if heap.exhausted and ctx.fs.quota is not None:
            ctx.fs.quota.hit(MEMORY_HIT)
        return status
    if not args and ctx.out.is_tty:
        from dockersim.model.userland.programs.pyvalues import banner

        ctx.write(banner(version) + ">>> ")
        ctx.block(frozenset({"SIGINT"}))
    if args and not args[0].startswith("-"):
        try:
            ctx.fs.stat(args[0], ctx.cwd)
        except FsError:
            ctx.err.write(
                f"{ctx.argv[0]}: can't open file '{ctx.path(args[0])}': "
                "[Errno 2] No such file or directory\n"
            )
            return 2
    return 0


NPM = {"20": "10.8.2", "22": "10.9.2", "24": "11.3.0"}


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


@register("npm")
def npm(ctx: Ctx) -> int:
    major = ctx.env.get("NODE_VERSION", "20").split(".")[0]
    if ctx.argv[1:2] in (["--version"], ["-v"]):
        ctx.write(NPM.get(major, "10.8.2") + "\n")
        return 0
    ctx.name = "npm"
    raise ctx.not_simulated(" ".join(["npm", *ctx.argv[1:2]]) or "npm")


@register("yarn", "yarnpkg")
def yarn(ctx: Ctx) -> int:
    """Yarn 1 as the node images ship it: its version; the rest is not simulated yet."""
    if ctx.argv[1:2] in (["--version"], ["-v"]):
        ctx.write(ctx.env.get("YARN_VERSION", "1.22.22") + "\n")
        return 0
    ctx.name = "yarn"
    raise ctx.not_simulated(" ".join(["yarn", *ctx.argv[1:2]]))
