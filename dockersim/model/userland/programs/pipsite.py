"""site-packages as pip sees it: the installed distributions (their dist-info), and writing
or removing one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.model.cowfs import FsError
from dockersim.model.fs import FileEntry
from dockersim.model.userland.programs import pkgindex as index

if TYPE_CHECKING:
    from dockersim.model.userland.programs.pip import Pip


@attrs.define
class Installed:
    """A distribution in site-packages (from its dist-info)."""

    name: str
    version: str
    requires: list[str]
    info: str = ""

    @property
    def key(self) -> str:
        return index.canonical(self.name)

    @property
    def modules(self) -> tuple[str, ...]:
        return index.imports(self.key)

    @property
    def scripts(self) -> tuple[str, ...]:
        return index.scripts(self.key)

    @property
    def has_version(self) -> bool:
        return self.key not in index.NO_VERSION

    def files(self, run: Pip) -> list[str]:
        """Its directories and scripts (what uninstalling removes)."""
        return [f"{run.site}/{m}" for m in self.modules] + [
            f"/usr/local/bin/{s}" for s in self.scripts
        ]


def installed(run: Pip) -> dict[str, Installed]:
    """What site-packages holds, by canonical name (pip itself always)."""
    found: dict[str, Installed] = {"pip": Installed("pip", run.version, [])}
    fs = run.ctx.fs
    parts = tuple(int(p) for p in run.python.split(".")[:2] if p.isdigit())
    if (parts < (3, 12) and fs.exists(f"{run.site}/setuptools")) or parts < (3, 10):
        found["setuptools"] = Installed("setuptools", "58.1.0" if parts < (3, 10) else "65.5.1", [])
        found["wheel"] = Installed("wheel", "0.45.1", [])
    try:
        names = fs.listdir(run.site)
    except FsError:
        return found
    for name in names:
        if not name.endswith(".dist-info"):
            continue
        try:
            text = fs.read(f"{run.site}/{name}/METADATA").decode(errors="replace")
        except FsError:
            continue
        fields = [line.partition(": ") for line in text.splitlines()]
        meta = {k: v for k, _, v in fields if k in ("Name", "Version")}
        requires = [v.split(";")[0].strip() for k, _, v in fields if k == "Requires-Dist"]
        if "Name" in meta:
            dist = Installed(meta["Name"], meta.get("Version", ""), requires, name)
            found[dist.key] = dist
    return found


SUMMARY = {
    "flask": "A simple framework for building complex web applications.",
    "requests": "Python HTTP for Humans.",
    "django": "A high-level Python web framework that encourages rapid development and clean, pragmatic design.",  # noqa: E501
    "numpy": "Fundamental package for array computing in Python",
    "pandas": "Powerful data structures for data analysis, time series, and statistics",
    "redis": "Python client for Redis database and key-value store",
    "pip": "The PyPA recommended tool for installing Python packages.",
    "werkzeug": "The comprehensive WSGI web application library.",
    "jinja2": "A very fast and expressive template engine.",
    "click": "Composable command line interface toolkit",
    "fastapi": "FastAPI framework, high performance, easy to learn, fast to code, ready for production",  # noqa: E501
    "uvicorn": "The lightning-fast ASGI server.",
    "gunicorn": "WSGI HTTP Server for UNIX",
    "pytest": "pytest: simple powerful testing with Python",
    "python-dotenv": "Read key-value pairs from a .env file and set them as environment variables",
    "sqlalchemy": "Database Abstraction Library",
    "pymongo": "PyMongo - the Official MongoDB Python driver",
    "psycopg2-binary": "psycopg2 - Python-PostgreSQL Database Adapter",
}


def remove(run: Pip, dist: Installed) -> None:
    """Delete an installed distribution's files."""
    for path in [*dist.files(run), f"{run.site}/{dist.info}"]:
        try:
            run.ctx.fs.remove(path, recursive=True)
        except FsError:
            continue


def write_dist(run: Pip, dist: Installed, summary: str = "") -> None:
    """Lay out an installed distribution in site-packages (its module, dist-info, scripts)."""
    fs = run.ctx.fs
    for module in dist.modules:
        fs.mkdir(f"{run.site}/{module}", parents=True)
        line = f'__version__ = "{dist.version}"\n' if dist.has_version else "# (stand-in)\n"
        fs.write(f"{run.site}/{module}/__init__.py", line.encode())
    info = f"{run.site}/{dist.info}"
    fs.mkdir(info, parents=True)
    requires = "".join(f"Requires-Dist: {r}\n" for r in dist.requires)
    fs.write(
        f"{info}/METADATA",
        f"Metadata-Version: 2.4\nName: {dist.name}\nVersion: {dist.version}\n"
        f"Summary: {summary or SUMMARY.get(dist.key, '')}\n{requires}".encode(),
    )
    fs.write(f"{info}/INSTALLER", b"pip\n")
    for script in dist.scripts:
        fs.mkdir("/usr/local/bin", parents=True)
        fs.put(FileEntry.program(f"/usr/local/bin/{script}", script, run.ctx.proc.arch))
        run.ctx.proc.mtimes[f"/usr/local/bin/{script}"] = run.ctx.now()
