"""pip (the python images' own): install (names, pins, `-r`), uninstall, list, freeze, show.

Packages come from the offline index (pkgindex.py); what pip installs is written to
site-packages as a real installation is laid out: the package's top-level module (with its
`__version__`, which pyeval's `import` reads), `NAME-VERSION.dist-info/METADATA` (which `pip
list/freeze/show` read back) and its console scripts in /usr/local/bin. Resolution follows
pip's resolver for what lessons meet (no backtracking): the requested packages first, then the
unpinned ones by depth and name; the install order is pip's topological weights. The pip of
each image: 25.1.1 with Python 3.13, else 25.0.1 (est. before 3.12), with its notice and the
root-user warning.
"""

from __future__ import annotations

import re

import attrs

from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.pipinstall import install, requirement_name
from dockersim.model.userland.programs.pipsite import SUMMARY, Installed, installed, remove
from dockersim.model.userland.programs.pkgs import python_version

LATEST = "25.1.1"
_USAGE = """
Usage:   
  pip <command> [options]

Commands:
  install                     Install packages.
  download                    Download packages.
  uninstall                   Uninstall packages.
  freeze                      Output installed packages in requirements format.
  inspect                     Inspect the python environment.
  list                        List installed packages.
  show                        Show information about installed packages.
  check                       Verify installed packages have compatible dependencies.
  config                      Manage local and global configuration.
  search                      Search PyPI for packages.
  cache                       Inspect and manage pip's wheel cache.
  index                       Inspect information available from package indexes.
  wheel                       Build wheels from your requirements.
  hash                        Compute hashes of package archives.
  completion                  A helper command used for command completion.
  debug                       Show information useful for debugging.
  help                        Show help for commands.
"""  # noqa: W291  (pip's own trailing spaces)


def pip_version(python: str) -> str:
    """The pip an official python image of that version carries (June 2025)."""
    parts = tuple(int(p) for p in python.split(".")[:2] if p.isdigit())
    if parts >= (3, 13):
        return LATEST
    return "25.0.1"  # est. for 3.9-3.11


@attrs.define
class Pip:
    """One pip run: where it installs, which pip it is, what it was told."""

    ctx: Ctx
    python: str
    version: str
    site: str
    quiet: bool = False

    def say(self, text: str) -> None:
        if not self.quiet:
            self.ctx.write(text)

    def root_warning(self, options: set[str]) -> None:
        quiet = "--root-user-action=ignore" in options
        if self.ctx.proc.uid != 0 or quiet or self.ctx.env.get("PIP_ROOT_USER_ACTION") == "ignore":
            return
        self.ctx.err.write(
            "WARNING: Running pip as the 'root' user can result in broken permissions and "
            "conflicting behaviour with the system package manager, possibly rendering your "
            "system unusable. It is recommended to use a virtual environment instead: "
            "https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you know "
            "what you are doing and want to suppress this warning.\n"
        )

    def notice(self, options: set[str]) -> None:
        off = self.ctx.env.get("PIP_DISABLE_PIP_VERSION_CHECK", "") not in ("", "0", "false")
        if self.version == LATEST or off or "--disable-pip-version-check" in options:
            return
        self.ctx.err.write(
            f"\n[notice] A new release of pip is available: {self.version} -> {LATEST}\n"
            "[notice] To update, run: pip install --upgrade pip\n"
        )


@register("pip", "pip3")
def pip(ctx: Ctx) -> int:
    python = python_version(ctx.env)
    short = ".".join(python.split(".")[:2])
    run = Pip(ctx, python, pip_version(python), f"/usr/local/lib/python{short}/site-packages")
    args = ctx.argv[1:]
    options = {a for a in args if a.startswith("-")}
    words = [a for a in args if not a.startswith("-")]
    run.quiet = bool(options & {"-q", "--quiet"})
    if not args:
        ctx.write(_USAGE)
        return 0
    if args[0] in ("--version", "-V"):
        ctx.write(f"pip {run.version} from {run.site}/pip (python {short})\n")
        return 0
    command = words[0] if words else ""
    handlers = {
        "install": install,
        "uninstall": uninstall,
        "list": pip_list,
        "freeze": freeze,
        "show": show,
    }
    if command in handlers:
        return handlers[command](run, args[args.index(command) + 1 :])
    if command in (
        "download",
        "inspect",
        "check",
        "config",
        "search",
        "cache",
        "index",
        "wheel",
        "hash",
        "completion",
        "debug",
        "help",
    ):
        raise ctx.not_simulated(f"pip {command}")
    if not command:
        raise ctx.not_simulated(f"option {sorted(options)[0]}")
    ctx.err.write(f'ERROR: unknown command "{command}"\n')
    return 1


def _table(rows: list[tuple[str, str]]) -> str:
    """pip's table: each column as wide as its widest cell, header and dashes first."""
    rows = [("Package", "Version"), *rows]
    widths = [max(len(row[i]) for row in rows) for i in (0, 1)]
    rows.insert(1, ("-" * widths[0], "-" * widths[1]))
    return "".join(f"{name.ljust(widths[0])} {version}".rstrip() + "\n" for name, version in rows)


def pip_list(run: Pip, args: list[str]) -> int:
    unknown = [a for a in args if a.startswith("-") and a not in ("--no-cache-dir",)]
    if unknown:
        raise run.ctx.not_simulated(f"option {unknown[0]} of pip list")
    found = installed(run)
    rows = [(d.name, d.version) for d in sorted(found.values(), key=lambda d: d.key)]
    run.ctx.write(_table(rows))
    run.notice(set(args))
    return 0


def freeze(run: Pip, args: list[str]) -> int:
    if [a for a in args if a != "--all"]:
        raise run.ctx.not_simulated(f"option {args[0]} of pip freeze")
    hidden = {"pip"} if "--all" not in args else set()
    if tuple(int(p) for p in run.python.split(".")[:2]) < (3, 12) and "--all" not in args:
        hidden |= {"setuptools", "wheel", "distribute"}
    for dist in sorted(installed(run).values(), key=lambda d: d.key):
        if dist.key not in hidden:
            run.ctx.write(f"{dist.name}=={dist.version}\n")
    return 0


def show(run: Pip, args: list[str]) -> int:
    names = [a for a in args if not a.startswith("-")]
    if not names:
        run.ctx.err.write("ERROR: Please provide a package name or names.\n")
        return 1
    found = installed(run)
    missing = [n for n in names if _key(n) not in found]
    shown = [found[_key(n)] for n in names if _key(n) in found]
    for i, dist in enumerate(shown):
        required_by = sorted(
            (d.name for d in found.values() if dist.key in _needs(d)),
            key=str.lower,
        )
        if i:
            run.ctx.write("---\n")
        run.ctx.write(
            f"Name: {dist.name}\nVersion: {dist.version}\n"
            f"Summary: {SUMMARY.get(dist.key, '')}\nHome-page: \nAuthor: \nAuthor-email: \n"
            f"License: \nLocation: {run.site}\n"
            f"Requires: {', '.join(sorted(map(requirement_name, dist.requires), key=str.lower))}\n"
            f"Required-by: {', '.join(required_by)}\n"
        )
    if missing:
        run.ctx.err.write(f"WARNING: Package(s) not found: {', '.join(missing)}\n")
        return 1
    return 0


def _needs(dist: Installed) -> set[str]:
    """The projects a distribution requires, by canonical name."""
    return {_key(requirement_name(r)) for r in dist.requires}


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def uninstall(run: Pip, args: list[str]) -> int:
    options = {a for a in args if a.startswith("-")}
    yes = bool(options & {"-y", "--yes"})
    names = [a for a in args if not a.startswith("-")]
    if not names:
        run.ctx.err.write(
            'ERROR: You must give at least one requirement to uninstall (see "pip help '
            'uninstall")\n'
        )
        return 1
    found = installed(run)
    for name in names:
        dist = found.get(_key(re.split(r"[=<>!~\[ ]", name)[0]))
        if dist is None:
            run.ctx.err.write(f"WARNING: Skipping {name} as it is not installed.\n")
            continue
        run.say(f"Found existing installation: {dist.name} {dist.version}\n")
        run.say(f"Uninstalling {dist.name}-{dist.version}:\n")
        if not yes:
            shown = [f"{p}/*" if "/bin/" not in p else p for p in dist.files(run)]
            paths = sorted([*shown, f"{run.site}/{dist.info}/*"])
            run.ctx.write("  Would remove:\n" + "".join(f"    {p}\n" for p in paths))
            run.ctx.write("Proceed (Y/n)? ")
            answer = run.ctx.stdin.read_line()
            if answer is None:
                run.ctx.write("\n")
                run.ctx.err.write("ERROR: Exception:\nEOFError: EOF when reading a line\n")
                return 2
            if answer.strip().lower() not in ("", "y", "yes"):
                continue
        remove(run, dist)
        run.say(f"  Successfully uninstalled {dist.name}-{dist.version}\n")
    run.root_warning(options)
    return 0
