"""The images tutorials name that hub-2025-06.d/tutorials.yaml adds: pulled, listed and run."""

from __future__ import annotations

import pytest
from fragments import assert_resolves

from dockersim.engine import Engine

TAGS = {
    "node:24-alpine": "node:24.1.0-alpine3.22",
    "node:24.1.0-alpine3.22": "node:24.1.0-alpine3.22",
    "node:current-alpine": "node:24.1.0-alpine3.22",
    "node:18-alpine": "node:18.20.8-alpine3.21",
    "node:hydrogen-alpine": "node:18.20.8-alpine3.21",
    "ubuntu:18.04": "ubuntu:bionic-20230530",
    "ubuntu:bionic": "ubuntu:bionic-20230530",
    "ubuntu:12.04": "ubuntu:precise-20170331",
    "alpine:3.5": "alpine:3.5",
}


@pytest.mark.parametrize(("reference", "key"), sorted(TAGS.items()))
def test_tags_resolve(reference: str, key: str) -> None:
    assert_resolves(reference, key)


@pytest.mark.parametrize(
    ("image", "command", "expected"),
    [
        ("node:24-alpine", "node --version", "v24.1.0\n"),
        ("node:18-alpine", "node --version", "v18.20.8\n"),
        ("node:20-alpine", "cat /etc/alpine-release", "3.22.0\n"),
        ("ubuntu:18.04", "grep PRETTY /etc/os-release", 'PRETTY_NAME="Ubuntu 18.04.6 LTS"\n'),
        ("ubuntu:12.04", "grep VERSION= /etc/os-release",
         'VERSION="12.04.5 LTS, Precise Pangolin"\n'),
        ("alpine:3.5", "cat /etc/alpine-release", "3.5.2\n"),
    ],
)  # fmt: skip
def test_images_run(image: str, command: str, expected: str) -> None:
    engine = Engine(seed=0)
    result = engine.docker(["run", "--rm", image, "sh", "-c", command])
    assert (result.stdout, result.exit_code) == (expected, 0)


def test_mysql_8_0_is_the_catalogs() -> None:
    assert_resolves("mysql:8.0", "mysql:8.0.42")


def test_old_tags_list_with_their_sizes() -> None:
    engine = Engine(seed=0)
    for image in ("ubuntu:18.04", "alpine:3.5"):
        assert engine.docker(["pull", "-q", image]).exit_code == 0
    table = engine.docker("images --format {{.Repository}}:{{.Tag}}={{.Size}}").stdout
    assert table.splitlines() == ["ubuntu:18.04=63.2MB", "alpine:3.5=3.99MB"]
