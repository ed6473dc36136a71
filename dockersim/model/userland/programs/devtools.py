"""The tools tutorials install with apt or apk: git, tree, htop, vim/vi/nano (jq is in jq.py).

`git --version`, `git init`, `git config` (global and the repository's) and `git status` in a
repository without commits are git's; its other commands say they are not simulated. `tree`
draws the directory as tree 2 does. htop and the editors are full-screen programs: at a
terminal they say they are not simulated; without one they fail as the real ones do.
"""

from __future__ import annotations

import posixpath

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx

#: per distribution (os-release ID and VERSION_ID): the version each tool reports
VERSIONS = {
    "git": {
        "debian": "2.39.5",
        "ubuntu24": "2.43.0",
        "ubuntu22": "2.34.1",
        "alpine3.22": "2.49.0",
        "alpine3.21": "2.47.2",
    },
    "htop": {
        "debian": "3.2.2",
        "ubuntu24": "3.3.0",
        "ubuntu22": "3.0.5",
        "alpine3.22": "3.4.1",
        "alpine3.21": "3.3.0",
    },
    "tree": {
        "debian": "2.1.0",
        "ubuntu24": "2.1.1",
        "ubuntu22": "2.0.2",
        "alpine3.22": "2.2.1",
        "alpine3.21": "2.2.1",
    },
    "jq": {
        "debian": "1.6",
        "ubuntu24": "1.7.1",
        "ubuntu22": "1.6",
        "alpine3.22": "1.7.1",
        "alpine3.21": "1.7.1",
    },
}


def distro(ctx: Ctx) -> str:
    """`debian`, `ubuntu24`, `ubuntu22`, `alpine3.22` ... from /etc/os-release."""
    try:
        text = ctx.fs.read("/etc/os-release").decode(errors="replace")
    except FsError:
        return "debian"
    fields = dict(
        line.split("=", 1) for line in text.splitlines() if "=" in line and not line.startswith("#")
    )
    name = fields.get("ID", "debian").strip('"')
    version = fields.get("VERSION_ID", "").strip('"')
    if name == "ubuntu":
        return "ubuntu22" if version.startswith("22") else "ubuntu24"
    if name == "alpine":
        return "alpine" + ".".join(version.split(".")[:2])
    return "debian"


def tool_version(ctx: Ctx, tool: str) -> str:
    table = VERSIONS[tool]
    return table.get(distro(ctx), table["debian"])


# --- git ------------------------------------------------------------------------------------
_HINT = """hint: Using 'master' as the name for the initial branch. This default branch name
hint: is subject to change. To configure the initial branch name to use in all
hint: of your new repositories, which will suppress this warning, call:
hint: 
hint: 	git config --global init.defaultBranch <name>
hint: 
hint: Names commonly chosen instead of 'master' are 'main', 'trunk' and
hint: 'development'. The just-created branch can be renamed via this command:
hint: 
hint: 	git branch -m <name>
"""  # noqa: W291


def _repo(ctx: Ctx) -> str | None:
    """The work tree holding the current directory, or None."""
    here = ctx.cwd
    while True:
        if ctx.fs.exists(posixpath.join(here, ".git/HEAD")):
            return here
        if here == "/":
            return None
        here = posixpath.dirname(here)


def _config_file(ctx: Ctx, scope: str) -> str | None:
    if scope == "global":
        return posixpath.join(ctx.env.get("HOME", "/root"), ".gitconfig")
    repo = _repo(ctx)
    return posixpath.join(repo, ".git/config") if repo else None


def _read_config(ctx: Ctx, path: str) -> list[tuple[str, str]]:
    """(section.key, value) pairs of a git config file, in order."""
    try:
        text = ctx.fs.read(path).decode(errors="replace")
    except FsError:
        return []
    pairs: list[tuple[str, str]] = []
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower().replace(' "', ".").rstrip('"')
        elif "=" in line and section:
            key, _, value = line.partition("=")
            pairs.append((f"{section}.{key.strip().lower()}", value.strip().strip('"')))
    return pairs


def _write_config(ctx: Ctx, path: str, pairs: list[tuple[str, str]]) -> None:
    sections: dict[str, list[tuple[str, str]]] = {}
    for name, value in pairs:
        section, _, key = name.rpartition(".")
        sections.setdefault(section, []).append((key, value))
    text = ""
    for section, items in sections.items():
        head, _, sub = section.partition(".")
        text += f'[{head} "{sub}"]\n' if sub else f"[{head}]\n"
        text += "".join(f"\t{k} = {v}\n" for k, v in items)
    ctx.fs.write(path, text.encode())


def _git_config(ctx: Ctx, args: list[str]) -> int:
    scope = "local"
    words: list[str] = []
    listing = False
    for arg in args:
        if arg in ("--global", "--local"):
            scope = arg[2:]
        elif arg in ("-l", "--list"):
            listing = True
        elif arg.startswith("-"):
            raise ctx.not_simulated(f"git config {arg}")
        else:
            words.append(arg)
    path = _config_file(ctx, scope)
    if listing:
        files = [_config_file(ctx, "global"), _config_file(ctx, "local")]
        for file in [path] if scope == "global" else files:
            for name, value in _read_config(ctx, file) if file else []:
                ctx.write(f"{name}={value}\n")
        return 0
    if not words or "." not in words[0]:
        if words:
            ctx.err.write(f"error: key does not contain a section: {words[0]}\n")
            return 1
        raise ctx.not_simulated("git config without a key")
    if path is None:
        if len(words) == 1:
            found = [
                v
                for k, v in _read_config(ctx, _config_file(ctx, "global") or "")
                if k == words[0].lower()
            ]
            if found:
                ctx.write(found[-1] + "\n")
            return 0 if found else 1
        ctx.err.write("fatal: not in a git directory\n")
        return 128
    pairs = _read_config(ctx, path)
    key = words[0].lower()
    if len(words) == 1:
        found = [v for k, v in pairs if k == key]
        if not found and scope == "local":
            found = [v for k, v in _read_config(ctx, _config_file(ctx, "global") or "") if k == key]
        if found:
            ctx.write(found[-1] + "\n")
        return 0 if found else 1
    pairs = [(k, v) for k, v in pairs if k != key] + [(key, " ".join(words[1:2]))]
    _write_config(ctx, path, pairs)
    return 0


def _git_init(ctx: Ctx, args: list[str]) -> int:
    quiet = "-q" in args or "--quiet" in args
    words = [a for a in args if not a.startswith("-")]
    branch = next((a.split("=", 1)[1] for a in args if a.startswith("--initial-branch=")), None)
    if "-b" in args and args.index("-b") + 1 < len(args):
        branch = args[args.index("-b") + 1]
        words = [w for w in words if w != branch]
    if [
        a
        for a in args
        if a.startswith("-")
        and a not in ("-q", "--quiet", "-b")
        and not a.startswith("--initial-branch=")
    ]:
        raise ctx.not_simulated("these git init options")
    top = ctx.path(words[0]) if words else ctx.cwd
    git = posixpath.join(top, ".git")
    if ctx.fs.exists(posixpath.join(git, "HEAD")):
        if not quiet:
            ctx.write(f"Reinitialized existing Git repository in {git}/\n")
        return 0
    configured = [
        v
        for k, v in _read_config(ctx, _config_file(ctx, "global") or "")
        if k == "init.defaultbranch"
    ]
    if branch is None and not configured and not quiet:
        ctx.err.write(_HINT)
    name = branch or (configured[-1] if configured else "master")
    for sub in (
        "branches",
        "hooks",
        "info",
        "objects/info",
        "objects/pack",
        "refs/heads",
        "refs/tags",
    ):
        ctx.fs.mkdir(posixpath.join(git, sub), parents=True)
    ctx.fs.write(posixpath.join(git, "HEAD"), f"ref: refs/heads/{name}\n".encode())
    ctx.fs.write(
        posixpath.join(git, "description"),
        b"Unnamed repository; edit this file 'description' to name the repository.\n",
    )
    ctx.fs.write(
        posixpath.join(git, "config"),
        b"[core]\n\trepositoryformatversion = 0\n"
        b"\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n",
    )
    if not quiet:
        ctx.write(f"Initialized empty Git repository in {git}/\n")
    return 0


def _git_status(ctx: Ctx, args: list[str]) -> int:
    if args:
        raise ctx.not_simulated(f"git status {args[0]}")
    repo = _repo(ctx)
    if repo is None:
        ctx.err.write("fatal: not a git repository (or any of the parent directories): .git\n")
        return 128
    head = ctx.fs.read(posixpath.join(repo, ".git/HEAD")).decode(errors="replace")
    branch = head.strip().removeprefix("ref: refs/heads/")
    if ctx.fs.exists(posixpath.join(repo, ".git/index")):
        raise ctx.not_simulated("git status after git add")
    entries = sorted(n for n in ctx.fs.listdir(repo) if n != ".git")
    shown = []
    for name in entries:
        kind = ctx.fs.stat(posixpath.join(repo, name)).kind
        if kind == "dir" and not _has_files(ctx, posixpath.join(repo, name)):
            continue
        shown.append(name + "/" if kind == "dir" else name)
    ctx.write(f"On branch {branch}\n\nNo commits yet\n\n")
    if not shown:
        ctx.write('nothing to commit (create/copy files and use "git add" to track)\n')
        return 0
    prefix = posixpath.relpath(repo, ctx.cwd)
    ctx.write(
        'Untracked files:\n  (use "git add <file>..." to include in what will be committed)\n'
    )
    for name in shown:
        slash = "/" if name.endswith("/") else ""
        ctx.write(f"\t{posixpath.normpath(posixpath.join(prefix, name))}{slash}\n")
    ctx.write('\nnothing added to commit but untracked files present (use "git add" to track)\n')
    return 0


def _has_files(ctx: Ctx, path: str) -> bool:
    return any(ctx.fs.stat(p).kind != "dir" for p in ctx.fs.walk(path) if p != path)


@register("git")
def git(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args[:1] in (["--version"], ["version"], ["-v"]):
        ctx.write(f"git version {tool_version(ctx, 'git')}\n")
        return 0
    if not args:
        raise ctx.not_simulated("git's usage text (give a command)")
    commands = {"init": _git_init, "config": _git_config, "status": _git_status}
    if args[0] in commands:
        return commands[args[0]](ctx, args[1:])
    raise ctx.not_simulated(f"git {args[0]}")


# --- tree -----------------------------------------------------------------------------------
@register("tree")
def tree(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    hidden = dirs_only = False
    depth: int | None = None
    roots: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "-a":
            hidden = True
        elif arg == "-d":
            dirs_only = True
        elif arg == "-L" and i + 1 < len(args) and args[i + 1].isdigit():
            depth = int(args[i + 1])
            i += 1
        elif arg == "--version":
            version = tool_version(ctx, "tree")
            year = {"2.0.2": 2022, "2.1.0": 2022, "2.1.1": 2023}.get(version, 2024)  # est.
            ctx.write(
                f"tree v{version} © 1996 - {year} by Steve Baker, Thomas Moore, "
                "Francesc Rocher, Florian Sesser, Kyosuke Tokoro\n"
            )
            return 0
        elif arg.startswith("-"):
            raise ctx.not_simulated(f"option {arg}")
        else:
            roots.append(arg)
        i += 1
    counts = [0, 0]
    status = 0
    for root in roots or ["."]:
        try:
            if ctx.fs.stat(root, ctx.cwd).kind != "dir":
                raise FsError("ENOTDIR", root)
        except FsError:
            ctx.write(f"{root}  [error opening dir]\n")
            status = 2
            continue
        ctx.write(root + "\n")
        _tree(ctx, ctx.path(root), "", hidden, dirs_only, depth, 1, counts)
    dirs = f"{counts[0]} director{'y' if counts[0] == 1 else 'ies'}"
    files = "" if dirs_only else f", {counts[1]} file{'' if counts[1] == 1 else 's'}"
    ctx.write(f"\n{dirs}{files}\n")
    return status


def _tree(
    ctx: Ctx,
    path: str,
    prefix: str,
    hidden: bool,
    dirs_only: bool,
    depth: int | None,
    level: int,
    counts: list[int],
) -> None:
    if depth is not None and level > depth:
        return
    names = sorted(n for n in ctx.fs.listdir(path) if hidden or not n.startswith("."))
    entries = []
    for name in names:
        full = posixpath.join(path, name)
        entry = ctx.fs.stat(full, follow=False)
        is_dir = entry.kind == "dir"
        if dirs_only and not is_dir:
            continue
        entries.append((name, full, entry.kind, entry.target))
    for index, (name, full, kind, target) in enumerate(entries):
        last = index == len(entries) - 1
        shown = f"{name} -> {target}" if kind == "symlink" else name
        ctx.write(f"{prefix}{'└── ' if last else '├── '}{shown}\n")
        if kind == "dir":
            counts[0] += 1
            _tree(
                ctx,
                full,
                prefix + ("    " if last else "│   "),
                hidden,
                dirs_only,
                depth,
                level + 1,
                counts,
            )
        else:
            counts[1] += 1


# --- full-screen programs -------------------------------------------------------------------
@register("htop")
def htop(ctx: Ctx) -> int:
    if ctx.argv[1:2] in (["--version"], ["-V"]):
        ctx.write(f"htop {tool_version(ctx, 'htop')}\n")
        return 0
    if not ctx.out.is_tty and not ctx.env.get("TERM"):
        ctx.err.write("Error opening terminal: unknown.\n")
        return 1
    raise ctx.not_simulated("its full-screen display (try `ps aux` or `top -b -n 1`)")


@register("vim", "vi", "nano")
def editor(ctx: Ctx) -> int:
    name = posixpath.basename(ctx.argv[0]) if ctx.argv else "vim"
    if not ctx.out.is_tty and not ctx.env.get("TERM") and name == "nano":
        ctx.err.write("Error opening terminal: unknown.\n")
        return 1
    if not ctx.out.is_tty and name != "nano" and not ctx.busybox:
        ctx.err.write("Vim: Warning: Output is not to a terminal\n")
        ctx.err.write("Vim: Warning: Input is not from a terminal\n")
        ctx.err.write("Vim: Error reading input, exiting...\nVim: Finished.\n")
        return 1
    raise ctx.not_simulated(
        "the full-screen editor (write files with echo/printf/cat > FILE, or docker cp)"
    )
