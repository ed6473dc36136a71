"""pip in the python images: install (names, pins, `-r`), list, freeze, show, uninstall.

The expected texts are pip 25.0.1's as a python:3.12 container prints them (the order of the
`Collecting` lines and of `Installing collected packages` follow pip's resolver and its
topological weights, checked against a real log of `pip install flask` for flask 3.0.3).
"""

from __future__ import annotations

import pytest

from dockersim import Engine
from dockersim.model.userland.programs import pkgindex
from dockersim.model.userland.programs.pipinstall import _install_order

SITE = "/usr/local/lib/python3.12/site-packages"
ROOT_WARNING = (
    "WARNING: Running pip as the 'root' user can result in broken permissions and conflicting "
    "behaviour with the system package manager, possibly rendering your system unusable. It is "
    "recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. Use "
    "the --root-user-action option if you know what you are doing and want to suppress this "
    "warning.\n"
)
NOTICE = (
    "\n[notice] A new release of pip is available: 25.0.1 -> 25.1.1\n"
    "[notice] To update, run: pip install --upgrade pip\n"
)
MARKUPSAFE = "MarkupSafe-3.0.2-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl"


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine(seed=0)
    assert engine.docker(["pull", "-q", "python:3.12-slim"]).exit_code == 0
    return engine


def run(engine: Engine, script: str) -> tuple[str, str, int]:
    result = engine.docker(["run", "--rm", "python:3.12-slim", "sh", "-c", script])
    return result.stdout, result.stderr, result.exit_code


def test_a_pinned_install_prints_what_pip_prints(engine: Engine) -> None:
    assert run(engine, "pip install flask==3.0.3") == (
        "Collecting flask==3.0.3\n"
        "  Downloading flask-3.0.3-py3-none-any.whl.metadata (3.2 kB)\n"
        "Collecting Werkzeug>=3.0.0 (from flask==3.0.3)\n"
        "  Downloading werkzeug-3.1.3-py3-none-any.whl.metadata (3.7 kB)\n"
        "Collecting Jinja2>=3.1.2 (from flask==3.0.3)\n"
        "  Downloading jinja2-3.1.6-py3-none-any.whl.metadata (2.9 kB)\n"
        "Collecting itsdangerous>=2.1.2 (from flask==3.0.3)\n"
        "  Downloading itsdangerous-2.2.0-py3-none-any.whl.metadata (1.9 kB)\n"
        "Collecting click>=8.1.3 (from flask==3.0.3)\n"
        "  Downloading click-8.2.1-py3-none-any.whl.metadata (2.5 kB)\n"
        "Collecting blinker>=1.6.2 (from flask==3.0.3)\n"
        "  Downloading blinker-1.9.0-py3-none-any.whl.metadata (1.6 kB)\n"
        "Collecting MarkupSafe>=2.0 (from Jinja2>=3.1.2->flask==3.0.3)\n"
        f"  Downloading {MARKUPSAFE}.metadata (4.0 kB)\n"
        "Downloading flask-3.0.3-py3-none-any.whl (101 kB)\n"
        "Downloading blinker-1.9.0-py3-none-any.whl (8.5 kB)\n"
        "Downloading click-8.2.1-py3-none-any.whl (102 kB)\n"
        "Downloading itsdangerous-2.2.0-py3-none-any.whl (16 kB)\n"
        "Downloading jinja2-3.1.6-py3-none-any.whl (134 kB)\n"
        "Downloading werkzeug-3.1.3-py3-none-any.whl (224 kB)\n"
        f"Downloading {MARKUPSAFE} (23 kB)\n"
        "Installing collected packages: MarkupSafe, itsdangerous, click, blinker, Werkzeug, "
        "Jinja2, flask\n"
        "Successfully installed Jinja2-3.1.6 MarkupSafe-3.0.2 Werkzeug-3.1.3 blinker-1.9.0 "
        "click-8.2.1 flask-3.0.3 itsdangerous-2.2.0\n",
        ROOT_WARNING + NOTICE,
        0,
    )


def test_what_pip_installed_is_listed_frozen_shown_and_imported(engine: Engine) -> None:
    script = (
        "export PIP_DISABLE_PIP_VERSION_CHECK=1; "
        "pip install -q --root-user-action=ignore requests; "
        "pip list; pip freeze; pip show requests; "
        "python -c 'import requests; print(requests.__version__)'"
    )
    out, err, status = run(engine, script)
    assert (err, status) == ("", 0)
    assert out == (
        "Package            Version\n"
        "------------------ ---------\n"
        "certifi            2025.6.15\n"
        "charset-normalizer 3.4.2\n"
        "idna               3.10\n"
        "pip                25.0.1\n"
        "requests           2.32.4\n"
        "urllib3            2.4.0\n"
        "certifi==2025.6.15\ncharset-normalizer==3.4.2\nidna==3.10\nrequests==2.32.4\n"
        "urllib3==2.4.0\n"
        "Name: requests\nVersion: 2.32.4\nSummary: Python HTTP for Humans.\nHome-page: \n"
        f"Author: \nAuthor-email: \nLicense: \nLocation: {SITE}\n"
        "Requires: certifi, charset_normalizer, idna, urllib3\nRequired-by: \n"
        "2.32.4\n"
    )


def test_an_installed_flask_imports_with_its_version_and_warning(engine: Engine) -> None:
    script = "pip install -q flask 2>/dev/null; python -c 'import flask; print(flask.__version__)'"
    assert run(engine, script) == (
        "3.1.1\n",
        "<string>:1: DeprecationWarning: The '__version__' attribute is deprecated and will be "
        "removed in Flask 3.2. Use feature detection or 'importlib.metadata.version(\"flask\")' "
        "instead.\n",
        0,
    )


def test_an_unknown_package_is_not_found(engine: Engine) -> None:
    assert run(engine, "pip install nosuchpkg") == (
        "",
        "ERROR: Could not find a version that satisfies the requirement nosuchpkg (from "
        "versions: none)\nERROR: No matching distribution found for nosuchpkg\n" + NOTICE,
        1,
    )


def test_an_unknown_version_lists_the_versions(engine: Engine) -> None:
    out, err, status = run(engine, "pip install flask==9.9")
    assert (out, status) == ("", 1)
    assert err.startswith(
        "ERROR: Could not find a version that satisfies the requirement flask==9.9 (from "
        "versions: 0.1, 0.2, 0.3, 0.3.1, "
    )
    assert "2.0.0rc1, 2.0.0rc2, 2.0.0, " in err
    assert err.endswith(
        "3.0.3, 3.1.0, 3.1.1)\nERROR: No matching distribution found for flask==9.9\n" + NOTICE
    )


def test_requirements_files_name_their_lines(engine: Engine) -> None:
    script = "printf 'redis==5.0.8\\n' > r.txt && pip install -r r.txt 2>/dev/null"
    assert run(engine, script) == (
        "Collecting redis==5.0.8 (from -r r.txt (line 1))\n"
        "  Downloading redis-5.0.8-py3-none-any.whl.metadata (9.3 kB)\n"
        "Downloading redis-5.0.8-py3-none-any.whl (255 kB)\n"
        "Installing collected packages: redis\n"
        "Successfully installed redis-5.0.8\n",
        "",
        0,
    )


def test_a_missing_requirements_file(engine: Engine) -> None:
    assert run(engine, "pip install -r nope.txt") == (
        "",
        "ERROR: Could not open requirements file: [Errno 2] No such file or directory: "
        "'nope.txt'\n",
        1,
    )


def test_satisfied_upgrade_and_uninstall(engine: Engine) -> None:
    script = (
        "pip install -q redis==5.0.8 2>/dev/null; pip install redis 2>/dev/null; "
        "pip install -U redis 2>/dev/null; pip uninstall -y redis 2>/dev/null; "
        "python -c 'import redis'"
    )
    out, err, status = run(engine, script)
    assert out == (
        f"Requirement already satisfied: redis in {SITE} (5.0.8)\n"
        "Collecting redis\n"
        "  Downloading redis-6.2.0-py3-none-any.whl.metadata (10.0 kB)\n"
        "Downloading redis-6.2.0-py3-none-any.whl (278 kB)\n"
        "Installing collected packages: redis\n"
        "  Attempting uninstall: redis\n"
        "    Found existing installation: redis 5.0.8\n"
        "    Uninstalling redis-5.0.8:\n"
        "      Successfully uninstalled redis-5.0.8\n"
        "Successfully installed redis-6.2.0\n"
        "Found existing installation: redis 6.2.0\n"
        "Uninstalling redis-6.2.0:\n"
        "  Successfully uninstalled redis-6.2.0\n"
    )
    assert err.endswith("ModuleNotFoundError: No module named 'redis'\n")
    assert status == 1


def test_big_wheels_show_a_progress_bar(engine: Engine) -> None:
    out, _, status = run(engine, "pip install numpy")
    assert status == 0
    assert (
        "Downloading numpy-2.3.0-cp312-cp312-manylinux_2_27_x86_64.manylinux_2_28_x86_64.whl "
        "(16.6 MB)\n   " + "━" * 40 + " 16.6/16.6 MB 45.2 MB/s eta 0:00:00\n"
    ) in out


def test_unmodelled_options_and_commands_say_so(engine: Engine) -> None:
    assert run(engine, "pip install --user flask") == (
        "",
        "dockersim: not simulated in pip: option --user of pip install\n",
        1,
    )
    assert run(engine, "pip download flask")[1:] == (
        "dockersim: not simulated in pip: pip download\n",
        1,
    )


def test_install_order_is_pips_topological_weights() -> None:
    graph = {
        "flask": ["werkzeug", "jinja2", "itsdangerous", "click", "blinker"],
        "werkzeug": ["markupsafe"],
        "jinja2": ["markupsafe"],
        "itsdangerous": [],
        "click": [],
        "blinker": [],
        "markupsafe": [],
    }
    assert _install_order(graph, set(graph)) == [
        "markupsafe",
        "itsdangerous",
        "click",
        "blinker",
        "werkzeug",
        "jinja2",
        "flask",
    ]


@pytest.mark.parametrize(
    ("version", "spec", "ok"),
    [
        ("3.1.1", ">=3.0.0", True),
        ("4.0", "<4,>=2", False),
        ("2.11.7", "!=1.8,!=2.0.0,<3.0.0,>=1.7.4", True),
        ("3.0.3", "==3.0.*", True),
        ("1.4.5", "~=1.4", True),
        ("2.0.0rc1", ">=2.0.0", False),
    ],
)
def test_version_specifiers(version: str, spec: str, ok: bool) -> None:
    assert pkgindex.satisfies(version, spec) is ok


def test_sizes_are_shown_as_pip_formats_them() -> None:
    assert [pkgindex.size_text(n) for n in (900, 8458, 101735, 16_600_000)] == [
        "900 bytes",
        "8.5 kB",
        "101 kB",
        "16.6 MB",
    ]
