"""What `import NAME` finds in site-packages: the packages `pip install` wrote there.

pip (pip.py) writes each package's top-level module as `NAME/__init__.py` holding its
`__version__` line, so pyeval imports it: `NAME.__version__` is the installed version (with
the DeprecationWarning Flask 3 prints for it), `NAME.__file__` its path; anything else the
package defines is code dockersim does not run, and says so.
"""

from __future__ import annotations

import re

from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.userland.programs.pyvalues import Module

_VERSION = re.compile(r"""^__version__\s*=\s*["']([^"']+)["']""", re.MULTILINE)


def site_dirs(version: str, home: str = "/root") -> list[str]:
    """Where CPython of `version` looks for installed packages, in order."""
    short = ".".join(version.split(".")[:2])
    return [
        f"{home}/.local/lib/python{short}/site-packages",
        f"/usr/local/lib/python{short}/site-packages",
        "/usr/lib/python3/dist-packages",
        f"/usr/lib/python{short}/site-packages",
    ]


def site_module(name: str, fs: CowFS | None, version: str, home: str = "/root") -> Module | None:
    """The installed package `name` (a top-level name, or a dotted one), or None."""
    if fs is None or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*", name):
        return None
    relative = name.replace(".", "/")
    for base in site_dirs(version, home):
        for path in (f"{base}/{relative}/__init__.py", f"{base}/{relative}.py"):
            try:
                source = fs.read(path).decode(errors="replace")
            except FsError:
                continue
            attrs: dict[str, object] = {"__name__": name, "__file__": path}
            found = _VERSION.search(source)
            if found is not None:
                attrs["__version__"] = found.group(1)
            module = Module(name, attrs, f"from '{path}'")
            module.site = True
            return module
    return None


def version_warning(module: Module, filename: str) -> str:
    """The warning Flask 3 prints when its `__version__` is read (from the caller's line)."""
    if module.name != "flask":
        return ""
    version = str(module.attrs.get("__version__", ""))
    removed = "3.2" if version.startswith("3.1") else "3.1"  # est. for 3.0.x
    return (
        f"{filename}:1: DeprecationWarning: The '__version__' attribute is deprecated and will "
        f"be removed in Flask {removed}. Use feature detection or "
        "'importlib.metadata.version(\"flask\")' instead.\n"
    )
