"""The OS base images and python/node tags of hub-2025-06.d/os-and-runtimes.yaml, as pulled and run.

Facts: docker-library/official-images at ef9c9781c665 (2025-06-04) for the tags (node 18 from
the commit before 7a83369b17 dropped it), docker-library/python and nodejs/docker-node at the
listed GitCommits for configs and history, repo-info for python 3.13.4 and 3.11.13 layers, the
distributions' os-release files. Sizes not found are the fragment's estimates (marked there).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fragments import DEFAULT_PATH, assert_pulls, assert_resolves, fragment, run

from dockersim.engine import Engine

PY_PATH = "PATH=/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


# one tag people type per new image, with the image it must resolve to
TAGS = {
    "alpine:3.19": "alpine:3.19.7",
    "alpine:3.20": "alpine:3.20.6",
    "ubuntu:20.04": "ubuntu:focal-20250404",
    "ubuntu:rolling": "ubuntu:plucky-20250521",
    "debian:bullseye": "debian:bullseye-20250520",
    "debian:11-slim": "debian:bullseye-20250520-slim",
    "debian:trixie": "debian:trixie-20250520",
    "debian:testing-slim": "debian:trixie-20250520-slim",
    "python:latest": "python:3.13.4",
    "python:3.13-slim": "python:3.13.4-slim",
    "python:alpine": "python:3.13.4-alpine3.22",
    "python:3.12-alpine": "python:3.12.11-alpine3.22",
    "python:3.11": "python:3.11.13",
    "python:3.11-slim-bookworm": "python:3.11.13-slim",
    "python:3.11-alpine3.22": "python:3.11.13-alpine3.22",
    "python:3.10": "python:3.10.18",
    "python:3.10-slim": "python:3.10.18-slim",
    "python:3.9-slim": "python:3.9.23-slim",
    "python:3.9-alpine": "python:3.9.23-alpine3.22",
    "node:latest": "node:24.1.0",
    "node:22-alpine": "node:22.16.0-alpine3.22",
    "node:lts-alpine3.21": "node:22.16.0-alpine3.21",
    "node:22-slim": "node:22.16.0-slim",
    "node:20-alpine": "node:20.19.2-alpine3.22",
    "node:iron-bookworm-slim": "node:20.19.2-slim",
    "node:18": "node:18.20.8",
}
# spellings of the same images
ALIASES = {
    "python:3": "python:3.13.4",
    "python:3.13": "python:3.13.4",
    "python:3.13.4-bookworm": "python:3.13.4",
    "python:bookworm": "python:3.13.4",
    "python:slim": "python:3.13.4-slim",
    "python:3.13.4-alpine3.22": "python:3.13.4-alpine3.22",
    "python:3.9-slim-bookworm": "python:3.9.23-slim",
    "node:current": "node:24.1.0",
    "node:24-bookworm": "node:24.1.0",
    "node:22.16.0-alpine3.22": "node:22.16.0-alpine3.22",
    "node:jod-alpine": "node:22.16.0-alpine3.22",
    "node:20.19-alpine3.22": "node:20.19.2-alpine3.22",
    "node:hydrogen": "node:18.20.8",
    "debian:oldstable": "debian:bullseye-20250520",
    "debian:stable-slim": "debian:bookworm-20250520-slim",
    "ubuntu:focal": "ubuntu:focal-20250404",
    "ubuntu:plucky": "ubuntu:plucky-20250521",
}


def test_every_fragment_image_is_tagged_here() -> None:
    assert set(TAGS.values()) == set(fragment("os-and-runtimes.yaml")["images"])


@pytest.mark.parametrize("reference", sorted({**TAGS, **ALIASES}))
def test_tags_resolve(reference: str) -> None:
    assert_resolves(reference, {**TAGS, **ALIASES}[reference])


@pytest.mark.parametrize("reference", sorted(TAGS))
@pytest.mark.parametrize("platform", ["linux/amd64", "linux/arm64/v8"])
def test_every_new_tag_pulls_on_both_platforms(reference: str, platform: str) -> None:
    assert_pulls(reference, platform, TAGS[reference])


OS_RELEASE = {
    "alpine:3.19": 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.19.7\n'
    'PRETTY_NAME="Alpine Linux v3.19"\n'
    'HOME_URL="https://alpinelinux.org/"\n'
    'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
    "python:3.13-alpine": 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.0\n'
    'PRETTY_NAME="Alpine Linux v3.22"\nHOME_URL="https://alpinelinux.org/"\n'
    'BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
    "ubuntu:20.04": 'NAME="Ubuntu"\nVERSION="20.04.6 LTS (Focal Fossa)"\n'
    "ID=ubuntu\nID_LIKE=debian\n"
    'PRETTY_NAME="Ubuntu 20.04.6 LTS"\nVERSION_ID="20.04"\nHOME_URL="https://www.ubuntu.com/"\n'
    'SUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\n'
    'PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\n'
    "VERSION_CODENAME=focal\nUBUNTU_CODENAME=focal\n",
    "debian:bullseye-slim": 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\n'
    'NAME="Debian GNU/Linux"\n'
    'VERSION_ID="11"\nVERSION="11 (bullseye)"\nVERSION_CODENAME=bullseye\nID=debian\n'
    'HOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\n'
    'BUG_REPORT_URL="https://bugs.debian.org/"\n',
    "debian:trixie": 'PRETTY_NAME="Debian GNU/Linux trixie/sid"\nNAME="Debian GNU/Linux"\n'
    'VERSION_CODENAME=trixie\nID=debian\nHOME_URL="https://www.debian.org/"\n'
    'SUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
}


@pytest.mark.parametrize("reference", sorted(OS_RELEASE))
def test_os_release_as_the_image_prints_it(reference: str) -> None:
    e = Engine()
    assert run(e, f"pull -q {reference}")[0] == 0
    assert run(e, f"run --rm {reference} cat /etc/os-release") == (0, OS_RELEASE[reference], "")


@pytest.mark.parametrize(
    ("reference", "first_line"),
    [
        ("alpine:3.20", 'NAME="Alpine Linux"'),
        ("ubuntu:rolling", 'PRETTY_NAME="Ubuntu 25.04"'),
        ("python:latest", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"'),
        ("node:lts-alpine3.21", 'NAME="Alpine Linux"'),
        ("node:18", 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"'),
    ],
)
def test_os_release_first_lines(reference: str, first_line: str) -> None:
    e = Engine()
    assert run(e, f"pull -q {reference}")[0] == 0
    status, out, _ = run(e, f"run --rm {reference} head -n 1 /etc/os-release")
    assert (status, out) == (0, first_line + "\n")


def test_version_files() -> None:
    e = Engine()
    for reference in ("alpine:3.19", "alpine:3.20", "debian:11", "debian:trixie-slim"):
        assert run(e, f"pull -q {reference}")[0] == 0
    assert run(e, "run --rm alpine:3.19 cat /etc/alpine-release")[1] == "3.19.7\n"
    assert run(e, "run --rm alpine:3.20 cat /etc/alpine-release")[1] == "3.20.6\n"
    assert run(e, "run --rm debian:11 cat /etc/debian_version")[1] == "11.11\n"
    assert run(e, "run --rm debian:trixie-slim cat /etc/debian_version")[1] == "trixie/sid\n"


def inspect_config(e: Engine, reference: str) -> dict[str, Any]:
    assert run(e, f"pull -q {reference}")[0] == 0
    status, out, err = run(e, f"image inspect {reference}")
    assert (status, err) == (0, "")
    config: dict[str, Any] = json.loads(out)[0]["Config"]
    return config


def test_python_latest_config() -> None:
    config = inspect_config(Engine(), "python:latest")
    assert config["Env"] == [
        PY_PATH,
        "GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305",
        "PYTHON_VERSION=3.13.4",
        "PYTHON_SHA256=27b15a797562a2971dce3ffe31bb216042ce0b995b39d768cf15f784cc757365",
    ]
    assert config["Cmd"] == ["python3"] and config.get("Entrypoint") is None


def test_python_3_11_keeps_lang_and_its_release_key() -> None:
    config = inspect_config(Engine(), "python:3.11-alpine")
    assert config["Env"] == [
        PY_PATH,
        "LANG=C.UTF-8",
        "GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D",
        "PYTHON_VERSION=3.11.13",
        "PYTHON_SHA256=8fb5f9fbc7609fa822cb31549884575db7fd9657cbffb89510b5d7975963a83a",
    ]


def test_node_configs() -> None:
    e = Engine()
    latest = inspect_config(e, "node:latest")
    assert latest["Env"] == [DEFAULT_PATH, "NODE_VERSION=24.1.0", "YARN_VERSION=1.22.22"]
    assert (latest["Entrypoint"], latest["Cmd"]) == (["docker-entrypoint.sh"], ["node"])
    assert inspect_config(e, "node:18")["Env"][1] == "NODE_VERSION=18.20.8"
    assert inspect_config(e, "node:20-alpine")["Env"][1] == "NODE_VERSION=20.19.2"


def test_ubuntu_focal_labels_and_alpine_cmd() -> None:
    e = Engine()
    focal = inspect_config(e, "ubuntu:20.04")
    assert focal["Labels"] == {
        "org.opencontainers.image.ref.name": "ubuntu",
        "org.opencontainers.image.version": "20.04",
    }
    assert focal["Cmd"] == ["/bin/bash"]
    assert inspect_config(e, "alpine:3.19")["Cmd"] == ["/bin/sh"]
    assert inspect_config(e, "debian:bullseye")["Cmd"] == ["bash"]


def test_history_of_python_slim_is_buildkit_text() -> None:
    e = Engine()
    assert run(e, "pull -q python:3.13-slim")[0] == 0
    status, out, _ = run(e, "history --no-trunc --format '{{.CreatedBy}}' python:3.13-slim")
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == 'CMD ["python3"]'
    assert "ENV PYTHON_VERSION=3.13.4" in lines
    assert lines[-1] == "# debian.sh --arch 'amd64' out/ 'bookworm' '@1747699200'"
    assert any(
        line.startswith("RUN /bin/sh -c set -eux;") and "savedAptMark" in line for line in lines
    )


def test_python_and_node_run() -> None:
    e = Engine()
    for reference in ("python:3.13", "node:22-alpine", "python:3.9-alpine", "node:18"):
        assert run(e, f"pull -q {reference}")[0] == 0
    assert run(e, 'run --rm python:3.13 python -c "print(1)"') == (0, "1\n", "")
    assert run(e, 'run --rm node:22-alpine node -e "console.log(1)"') == (0, "1\n", "")
    assert run(e, "run --rm python:3.13 python --version") == (0, "Python 3.13.4\n", "")
    assert run(e, "run --rm python:3.9-alpine python3 --version") == (0, "Python 3.9.23\n", "")
    assert run(e, "run --rm node:22-alpine --version") == (0, "v22.16.0\n", "")
    assert run(e, "run --rm node:18 node -v") == (0, "v18.20.8\n", "")


def test_alpine_images_have_no_bash() -> None:
    e = Engine()
    assert run(e, "pull -q python:3.13-alpine")[0] == 0
    status, _, _ = run(e, "run --rm python:3.13-alpine bash")
    assert status == 127
    assert run(e, "run --rm python:3.13-alpine sh -c 'id node; command -v bash'")[0] == 1


def test_node_alpine_user() -> None:
    e = Engine()
    assert run(e, "pull -q node:22-alpine")[0] == 0
    out = run(e, "run --rm node:22-alpine grep node /etc/passwd")[1]
    assert out == "node:x:1000:1000:Linux User,,,:/home/node:/bin/sh\n"


def pull_lines(e: Engine, reference: str) -> list[str]:
    status, out, err = run(e, f"pull {reference}")
    assert (status, err) == (0, "")
    return out.splitlines()


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        ("python:3.12", "python:3.13", 4),  # buildpack-deps:bookworm
        ("python:3.12-slim", "python:3.13-slim", 1),  # debian:bookworm-slim
        ("alpine:latest", "python:3.13-alpine", 1),
        ("alpine:3.21", "node:lts-alpine3.21", 1),
        ("node:22", "node:latest", 4),
        ("python:3.13-alpine", "node:22-alpine", 1),
    ],
)
def test_children_share_their_parents_layers(first: str, second: str, shared: int) -> None:
    e = Engine()
    pull_lines(e, first)
    lines = pull_lines(e, second)
    exists = [line for line in lines if line.endswith(": Already exists")]
    assert len(exists) == shared
    assert lines.index(exists[-1]) == len(exists)  # right after the "Pulling from" line


# `docker images` SIZE: the sum of the fragment's layer sizes (estimates where marked there)
SIZES = {
    "alpine:3.19": "7.38MB",
    "alpine:3.20": "7.8MB",
    "ubuntu:20.04": "72.8MB",
    "debian:bullseye": "124MB",
    "debian:bullseye-slim": "80.6MB",
    "python:latest": "1.02GB",
    "python:3.13-slim": "121MB",
    "python:3.13-alpine": "44.8MB",
    "node:latest": "1.13GB",
    "node:22-alpine": "165MB",
    "node:20-alpine": "140MB",
}


def test_docker_images_sizes() -> None:
    e = Engine()
    for reference in SIZES:
        assert run(e, f"pull -q {reference}")[0] == 0
    status, out, _ = run(e, "images --format '{{.Repository}}:{{.Tag}} {{.Size}}'")
    assert status == 0
    shown = dict(line.split(" ") for line in out.splitlines())
    assert {ref: shown[ref] for ref in SIZES} == SIZES


def test_cited_compressed_sizes() -> None:
    """repo-info amd64 manifests of June 2025 (the python-specific layers)."""
    images = fragment("os-and-runtimes.yaml")["images"]

    def own(key: str) -> list[int]:
        return [h["compressed"] for h in images[key]["history"] if not h.get("empty_layer")]

    assert own("python:3.13.4") == [6_161_721, 27_392_938, 249]
    assert own("python:3.13.4-slim") == [3_511_825, 12_577_220, 250]
    assert own("python:3.11.13") == [6_161_665, 24_313_978, 250]
    assert images["python:3.13.4"]["created"] == "2025-06-04T02:30:59Z"
    assert images["python:3.11.13"]["created"] == "2025-06-03T23:02:53Z"
