"""The offline Python package index pip installs from (PyPI as in mid-June 2025).

One line a release: `name version wheel-bytes metadata-bytes tag [python] | requirements`.
`tag` is the wheel's: `py3` (py3-none-any), `py2` (py2.py3-none-any), `cp` (CPython
manylinux_2_17/2014), `cp28` (manylinux_2_28) or `cp27` (manylinux_2_27/2_28, numpy's); the
optional `>=3.X` is the release's Requires-Python. Requirements are written as in the
release's metadata (pip shows them so: `Werkzeug>=3.0.0` for flask 3.0.3, `werkzeug>=3.1.0`
for 3.1.1); `{py<3.10}` after one is its environment marker (`python_version < "3.10"`). PACKAGES gives each project's display name where its files are not named by the
lowercase name, its import names and console scripts. HISTORY lists every release of the
projects whose versions a bad pin lists (`from versions: ...`).

Sources: the projects' metadata on PyPI and pip logs from 2024-2025 for flask 3.0.3 and its
dependencies; sizes not seen in a log are estimates (est.), within a few per cent.
"""

# ruff: noqa: E501  (the tables are one release a line)

from __future__ import annotations

import re
from functools import cache

import attrs

_RELEASES = """
flask 3.1.1 103305 3000 py3 >=3.9 | blinker>=1.9.0; click>=8.1.3; importlib-metadata>=3.6.0 {py<3.10}; itsdangerous>=2.2.0; jinja2>=3.1.2; markupsafe>=2.1.1; werkzeug>=3.1.0
flask 3.1.0 102983 2700 py3 >=3.9 | Werkzeug>=3.1; Jinja2>=3.1.2; itsdangerous>=2.2; click>=8.1.3; blinker>=1.9; importlib-metadata>=3.6 {py<3.10}
flask 3.0.3 101735 3200 py3 >=3.8 | Werkzeug>=3.0.0; Jinja2>=3.1.2; itsdangerous>=2.1.2; click>=8.1.3; blinker>=1.6.2
flask 3.0.0 99724 3600 py3 >=3.8 | Werkzeug>=3.0.0; Jinja2>=3.1.2; itsdangerous>=2.1.2; click>=8.1.3; blinker>=1.6.2
flask 2.3.3 96112 3600 py3 >=3.8 | Werkzeug>=2.3.7; Jinja2>=3.1.2; itsdangerous>=2.1.2; click>=8.1.3; blinker>=1.6.2
flask 2.2.5 101820 3900 py3 >=3.7 | Werkzeug>=2.2.2; Jinja2>=3.0; itsdangerous>=2.0; click>=8.0
werkzeug 3.1.3 224498 3700 py3 >=3.9 | MarkupSafe>=2.1.1
jinja2 3.1.6 134899 2900 py3 >=3.7 | MarkupSafe>=2.0
markupsafe 3.0.2 23600 4000 cp >=3.9 |
itsdangerous 2.2.0 16234 1900 py3 >=3.8 |
click 8.2.1 102215 2500 py3 >=3.10 |
click 8.1.8 98188 2300 py3 >=3.7 |
blinker 1.9.0 8458 1600 py3 >=3.9 |
importlib-metadata 8.7.0 27656 5000 py3 >=3.9 | zipp>=3.20
zipp 3.23.0 10276 3600 py3 >=3.9 |
requests 2.32.4 64847 4900 py3 >=3.8 | charset_normalizer<4,>=2; idna<4,>=2.5; urllib3<3,>=1.21.1; certifi>=2017.4.17
requests 2.32.3 64928 4600 py3 >=3.8 | charset-normalizer<4,>=2; idna<4,>=2.5; urllib3<3,>=1.21.1; certifi>=2017.4.17
requests 2.31.0 62574 4600 py3 >=3.7 | charset-normalizer<4,>=2; idna<4,>=2.5; urllib3<3,>=1.21.1; certifi>=2017.4.17
charset-normalizer 3.4.2 148625 35000 cp >=3.7 |
idna 3.10 70442 10000 py3 >=3.6 |
urllib3 2.4.0 128680 6500 py3 >=3.9 |
certifi 2025.6.15 157650 2400 py3 >=3.7 |
django 5.2.3 8301237 4100 py3 >=3.10 | asgiref>=3.8.1; sqlparse>=0.3.1
django 5.1.11 8277000 4100 py3 >=3.10 | asgiref<4,>=3.8.1; sqlparse>=0.3.1
django 4.2.23 7993000 4100 py3 >=3.8 | asgiref<4,>=3.6.0; sqlparse>=0.3.1
asgiref 3.8.1 23828 9300 py3 >=3.8 |
sqlparse 0.5.3 44415 3900 py3 >=3.8 |
fastapi 0.115.12 95164 27000 py3 >=3.8 | starlette<0.47.0,>=0.40.0; pydantic!=1.8,!=1.8.1,!=2.0.0,!=2.0.1,!=2.1.0,<3.0.0,>=1.7.4; typing-extensions>=4.8.0
starlette 0.46.2 72037 6200 py3 >=3.9 | anyio<5,>=3.6.2
anyio 4.9.0 100916 4700 py3 >=3.9 | idna>=2.8; sniffio>=1.1
sniffio 1.3.1 10235 3900 py3 >=3.7 |
pydantic 2.11.7 444782 67000 py3 >=3.9 | annotated-types>=0.6.0; pydantic-core==2.33.2; typing-extensions>=4.12.2; typing-inspection>=0.4.0
pydantic-core 2.33.2 2000000 6800 cp >=3.9 | typing-extensions!=4.7.0,>=4.6.0
annotated-types 0.7.0 13643 15000 py3 >=3.8 |
typing-extensions 4.14.0 43839 3000 py3 >=3.9 |
typing-inspection 0.4.1 14552 2600 py3 >=3.9 | typing-extensions>=4.12.0
uvicorn 0.34.3 62431 6500 py3 >=3.9 | click>=7.0; h11>=0.8
h11 0.16.0 37515 8300 py3 >=3.8 |
gunicorn 23.0.0 85029 4400 py3 >=3.7 | packaging
packaging 25.0 66469 3300 py3 >=3.8 |
numpy 2.3.0 16600000 62000 cp27 >=3.11 |
numpy 2.2.6 16800000 62000 cp >=3.10 |
numpy 2.0.2 19500000 60000 cp >=3.9 |
numpy 1.26.4 18200000 61000 cp >=3.9 |
pandas 2.3.0 12000000 91000 cp >=3.9 | numpy>=1.22.4; python-dateutil>=2.8.2; pytz>=2020.1; tzdata>=2022.7
python-dateutil 2.9.0.post0 229892 8400 py2 |  six>=1.5
six 1.17.0 11050 1800 py2 |
pytz 2025.2 509225 22000 py2 |
tzdata 2025.2 347839 1400 py2 |
redis 6.2.0 278659 10000 py3 >=3.9 |
redis 5.0.8 255501 9300 py3 >=3.7 |
psycopg2-binary 2.9.10 3000000 4900 cp >=3.8 |
pymongo 4.13.1 1400000 22000 cp >=3.9 | dnspython<3.0.0,>=1.16.0
dnspython 2.7.0 313590 5800 py3 >=3.9 |
mysql-connector-python 9.3.0 33900000 7200 cp28 >=3.9 |
sqlalchemy 2.0.41 3300000 9600 cp >=3.7 | greenlet>=1; typing-extensions>=4.6.0
greenlet 3.2.3 605000 4100 cp >=3.9 |
pytest 8.4.0 363815 7700 py3 >=3.9 | iniconfig>=1; packaging>=20; pluggy<2,>=1.5; pygments>=2.7.2
iniconfig 2.1.0 6050 2700 py3 >=3.8 |
pluggy 1.6.0 20538 4800 py3 >=3.9 |
pygments 2.19.1 1225293 2500 py3 >=3.8 |
python-dotenv 1.1.0 20256 24000 py3 >=3.9 |
"""

#: project -> (display name (its wheels' prefix), import names, console scripts)
PACKAGES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "flask": ("flask", ("flask",), ("flask",)),
    "werkzeug": ("werkzeug", ("werkzeug",), ()),
    "jinja2": ("jinja2", ("jinja2",), ()),
    "importlib-metadata": ("importlib_metadata", ("importlib_metadata",), ()),
    "markupsafe": ("MarkupSafe", ("markupsafe",), ()),
    "charset-normalizer": ("charset_normalizer", ("charset_normalizer",), ("normalizer",)),
    "django": ("django", ("django",), ("django-admin",)),
    "sqlparse": ("sqlparse", ("sqlparse",), ("sqlformat",)),
    "fastapi": ("fastapi", ("fastapi",), ("fastapi",)),
    "pydantic-core": ("pydantic_core", ("pydantic_core",), ()),
    "annotated-types": ("annotated_types", ("annotated_types",), ()),
    "typing-extensions": ("typing_extensions", ("typing_extensions",), ()),
    "typing-inspection": ("typing_inspection", ("typing_inspection",), ()),
    "uvicorn": ("uvicorn", ("uvicorn",), ("uvicorn",)),
    "gunicorn": ("gunicorn", ("gunicorn",), ("gunicorn",)),
    "numpy": ("numpy", ("numpy",), ("f2py", "numpy-config")),
    "python-dateutil": ("python_dateutil", ("dateutil",), ()),
    "psycopg2-binary": ("psycopg2_binary", ("psycopg2",), ()),
    "pymongo": ("pymongo", ("pymongo", "bson", "gridfs"), ()),
    "dnspython": ("dnspython", ("dns",), ()),
    "mysql-connector-python": ("mysql_connector_python", ("mysql",), ()),
    "pytest": ("pytest", ("pytest", "_pytest"), ("pytest", "py.test")),
    "pygments": ("pygments", ("pygments",), ("pygmentize",)),
    "python-dotenv": ("python_dotenv", ("dotenv",), ("dotenv",)),
}
#: the packages whose top-level module has no `__version__`
NO_VERSION = frozenset(["python-dotenv", "six", "typing-extensions", "pytz", "tzdata"])

_FLASK = """0.1 0.2 0.3 0.3.1 0.4 0.5 0.5.1 0.5.2 0.6 0.6.1 0.7 0.7.1 0.7.2 0.8 0.8.1 0.9 0.10
    0.10.1 0.11 0.11.1 0.12 0.12.1 0.12.2 0.12.3 0.12.4 0.12.5 1.0 1.0.1 1.0.2 1.0.3 1.0.4 1.1.0
    1.1.1 1.1.2 1.1.3 1.1.4 2.0.0rc1 2.0.0rc2 2.0.0 2.0.1 2.0.2 2.0.3 2.1.0 2.1.1 2.1.2 2.1.3
    2.2.0 2.2.1 2.2.2 2.2.3 2.2.4 2.2.5 2.3.0 2.3.1 2.3.2 2.3.3 3.0.0 3.0.1 3.0.2 3.0.3 3.1.0
    3.1.1"""
#: every release of a project (for `from versions:`), where known; else the ones above (est.)
HISTORY: dict[str, str] = {"flask": _FLASK}


@attrs.frozen
class Release:
    name: str
    version: str
    size: int
    metadata: int
    tag: str
    python: tuple[int, int]
    requires: tuple[str, ...]


def canonical(name: str) -> str:
    """PEP 503's normalised project name (`Flask`, `python_dotenv` -> `python-dotenv`)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@cache
def releases() -> dict[str, list[Release]]:
    """Each project's releases in the index, newest first."""
    found: dict[str, list[Release]] = {}
    for line in _RELEASES.strip().splitlines():
        head, _, tail = line.partition("|")
        words = head.split()
        python = (3, 0)
        if len(words) > 5:
            major, minor = words[5].removeprefix(">=").split(".")
            python = (int(major), int(minor))
        requires = tuple(r.strip() for r in tail.split(";") if r.strip())
        release = Release(
            words[0], words[1], int(words[2]), int(words[3]), words[4], python, requires
        )
        found.setdefault(words[0], []).append(release)
    return found


def applies(requirement: str, python: str) -> tuple[str, bool]:
    """A requirement without its marker, and whether it applies to that Python."""
    text, _, marker = requirement.partition(" {py")
    if not marker:
        return requirement, True
    op, wanted = marker.rstrip("}")[:1], marker.rstrip("}")[1:].lstrip("=")
    mine = version_key(".".join(python.split(".")[:2]))
    limit = version_key(wanted)
    return text, (mine < limit) if op == "<" else (mine >= limit)


def history(name: str) -> list[str]:
    """Every version of a project pip would list, oldest first."""
    if name in HISTORY:
        return HISTORY[name].split()
    return sorted((r.version for r in releases().get(name, [])), key=version_key)


_VERSION = re.compile(r"(\d+(?:\.\d+)*)(?:(a|b|rc)(\d+))?(?:\.post(\d+))?(?:\.dev(\d+))?")


def version_key(text: str) -> tuple[object, ...]:
    """A sort key for PEP 440 versions (`2.0.0rc1` < `2.0.0` < `2.9.0.post0`); text that is
    not a version sorts first."""
    found = _VERSION.fullmatch(text.strip())
    if found is None:
        return ((-1,),)
    numbers = tuple(int(n) for n in found.group(1).split("."))
    while len(numbers) > 1 and numbers[-1] == 0:
        numbers = numbers[:-1]
    pre = (found.group(2), int(found.group(3))) if found.group(2) else ("~", 0)
    post = int(found.group(4)) if found.group(4) is not None else -1
    return (numbers, pre, post)


def is_version(text: str) -> bool:
    return _VERSION.fullmatch(text.strip()) is not None


def satisfies(version: str, specifier: str) -> bool:
    """True if `version` meets every clause of `specifier` (`>=2.5,<4`, `==3.0.*`, `~=1.4`,
    `!=1.8`)."""
    key = version_key(version)
    for clause in (c.strip() for c in specifier.split(",") if c.strip()):
        found = re.fullmatch(r"(===|==|!=|~=|>=|<=|>|<)\s*(\S+)", clause)
        if found is None:
            return False
        op, wanted = found.groups()
        if wanted.endswith(".*") and op in ("==", "!="):
            prefix = wanted[:-2].split(".")
            same = version.split(".")[: len(prefix)] == prefix
            if same != (op == "=="):
                return False
            continue
        other = version_key(wanted)
        if op == "~=":
            base = wanted.split(".")[:-1]
            if not (key >= other and version.split(".")[: len(base)] == base):
                return False
            continue
        checks = {
            "==": key == other,
            "===": version == wanted,
            "!=": key != other,
            ">=": key >= other,
            "<=": key <= other,
            ">": key > other,
            "<": key < other,
        }
        if not checks[op]:
            return False
    return True


def display(name: str) -> str:
    return PACKAGES.get(name, (name, (), ()))[0]


def imports(name: str) -> tuple[str, ...]:
    return PACKAGES.get(name, ("", (name.replace("-", "_"),), ()))[1]


def scripts(name: str) -> tuple[str, ...]:
    return PACKAGES.get(name, ("", (), ()))[2]


def wheel(release: Release, python: str, machine: str = "x86_64") -> str:
    """The wheel's file name for a CPython of version `python` on `machine`."""
    stem = f"{display(release.name).replace('-', '_')}-{release.version}"
    tag = "cp" + "".join(python.split(".")[:2])
    platforms = {
        "cp": f"manylinux_2_17_{machine}.manylinux2014_{machine}",
        "cp28": f"manylinux_2_28_{machine}",
        "cp27": f"manylinux_2_27_{machine}.manylinux_2_28_{machine}",
    }
    if release.tag in platforms:
        return f"{stem}-{tag}-{tag}-{platforms[release.tag]}.whl"
    return f"{stem}-{'py2.py3' if release.tag == 'py2' else 'py3'}-none-any.whl"


def size_text(size: float) -> str:
    """pip's format_size: `101 kB`, `9.5 kB`, `16.6 MB`."""
    if size > 1000 * 1000:
        return f"{size / 1000 / 1000:.1f} MB"
    if size > 10 * 1000:
        return f"{int(size / 1000)} kB"
    if size > 1000:
        return f"{size / 1000:.1f} kB"
    return f"{int(size)} bytes"
