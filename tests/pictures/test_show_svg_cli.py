"""`dockersim show --format svg` as a process against a temporary DOCKERSIM_HOME."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dockersim.pictures.svg import NS
from tests.pictures.test_show_cli import dockersim

pytestmark = pytest.mark.subprocess


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("show-svg")
    for line in (
        ["pull", "-q", "busybox"],
        ["network", "create", "appnet"],
        ["run", "-d", "--name", "web", "--network", "appnet", "busybox", "sleep", "99"],
    ):
        assert dockersim(path, "docker", *line).returncode == 0
    return path


@pytest.mark.parametrize(
    ("args", "kind", "name"),
    [
        ((), "container", "web"),
        (("layers", "busybox"), "layer", None),
        (("container", "web"), "state", "running"),
        (("network", "appnet"), "network", "appnet"),
    ],
)
def test_show_as_svg(home: Path, args: tuple[str, ...], kind: str, name: str | None) -> None:
    # when
    shown = dockersim(home, "show", *args, "--format", "svg")
    # then
    assert (shown.returncode, shown.stderr) == (0, "")
    assert shown.stdout.startswith(f'<svg xmlns="{NS}" class="dockersim" ')
    assert shown.stdout.endswith("</svg>\n")
    root = ET.fromstring(shown.stdout)
    found = {g.attrib["data-name"] for g in root.iter(f"{{{NS}}}g") if g.get("data-kind") == kind}
    assert found and (name is None or name in found)
    assert "\x1b" not in shown.stdout


def test_show_help_names_svg(home: Path) -> None:
    shown = dockersim(home, "show", "network", "--help")
    assert shown.returncode == 0
    assert "svg" in shown.stdout


def test_error_show_svg_of_nothing(home: Path) -> None:
    shown = dockersim(home, "show", "layers", "nope", "--format", "svg")
    assert (shown.returncode, shown.stdout, shown.stderr) == (
        1,
        "",
        "dockersim: no such image or container: nope\n",
    )
