"""amazonlinux 2023/2 and openjdk 25-ea+25 of hub-2025-06.d/amazon-and-openjdk.yaml, pulled and run.

Facts: official-images ef9c9781c665 (tags), amazonlinux/container-images (Dockerfile),
docker-library/openjdk d0ae688 (Dockerfiles), repo-info (history, dates, amd64 compressed sizes),
public transcripts of Amazon Linux's /etc/os-release and bash, a jcmd thread dump of 25-ea+25-3096.
Uncompressed sizes and the program lists are estimates (marked in the fragment).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fragments import DEFAULT_PATH, assert_pulls, assert_resolves, fragment, run

from dockersim.engine import Engine

AL2023 = "amazonlinux:2023.7.20250512.0"
AL2 = "amazonlinux:2.0.20250512.0"
OL9 = "openjdk:25-ea-25-jdk-oraclelinux9"
BOOKWORM = "openjdk:25-ea-25-jdk-bookworm"
SLIM = "openjdk:25-ea-25-jdk-slim-bookworm"


def ea_tags(suffix: str) -> list[str]:
    tail = f"-{suffix}" if suffix else ""
    return [
        f"{t}{tail}" for t in ("25-ea-25-jdk", "25-ea-25", "25-ea-jdk", "25-ea", "25-jdk", "25")
    ]


TAGS: dict[str, str] = {
    "amazonlinux:latest": AL2023,
    "amazonlinux:2023": AL2023,
    "amazonlinux:2023.7.20250512.0": AL2023,
    "amazonlinux:2": AL2,
    "amazonlinux:2.0.20250512.0": AL2,
    **{f"openjdk:{t}": OL9 for s in ("", "oraclelinux9", "oracle") for t in ea_tags(s)},
    **{f"openjdk:{t}": BOOKWORM for t in ea_tags("bookworm")},
    **{f"openjdk:{t}": SLIM for s in ("slim-bookworm", "slim") for t in ea_tags(s)},
}
#: one tag of each image, pulled on both platforms
PULLED = [
    "amazonlinux:latest",
    "amazonlinux:2",
    "openjdk:25",
    "openjdk:25-bookworm",
    "openjdk:25-slim",
]


def test_every_fragment_image_is_tagged() -> None:
    assert set(TAGS.values()) == set(fragment("amazon-and-openjdk.yaml")["images"])
    assert len(TAGS) == 41


def test_library_tags_are_all_here() -> None:
    """The Linux tags of library/openjdk's 25 oraclelinux9, bookworm and slim-bookworm entries
    and library/amazonlinux's 2023 and 2 entries, and nothing more."""
    repos = fragment("amazon-and-openjdk.yaml")["repositories"]
    found = {f"{name}:{tag}" for name in ("amazonlinux", "openjdk") for tag in repos[name]["tags"]}
    assert found == set(TAGS)


@pytest.mark.parametrize("reference", sorted(TAGS))
def test_tags_resolve(reference: str) -> None:
    assert_resolves(reference, TAGS[reference])


@pytest.mark.parametrize("reference", PULLED)
@pytest.mark.parametrize("platform", ["linux/amd64", "linux/arm64/v8"])
def test_every_image_pulls_on_both_platforms(reference: str, platform: str) -> None:
    e = assert_pulls(reference, platform, TAGS[reference])
    _, out, _ = run(e, f"image inspect --format '{{{{.Architecture}}}}' {reference}")
    assert out == ("arm64\n" if "arm64" in platform else "amd64\n")


@pytest.mark.parametrize(
    "reference",
    [
        "amazonlinux:1",
        "amazonlinux:2018.03",
        "amazonlinux:2018.03.0.20231218.0",
        "amazonlinux:2023.6.20241010.1",
        "openjdk:8",
        "openjdk:11",
        "openjdk:17",
        "openjdk:17-jdk-slim",
        "openjdk:8-jre-alpine",
        "openjdk:25-oraclelinux8",
        "openjdk:25-ea-25-jdk-slim-bullseye",
    ],
)
def test_tags_left_out_are_named_as_on_hub(reference: str) -> None:
    status, _, err = run(Engine(), f"pull {reference}")
    assert status == 1
    assert f"{reference} is on Docker Hub, but not in dockersim's offline copy" in err


def test_openjdk_has_no_latest_tag() -> None:
    status, _, err = run(Engine(), "pull openjdk")
    assert status == 1
    assert err.endswith(
        "manifest for openjdk:latest not found: manifest unknown: manifest unknown\n"
    )


def config_of(e: Engine, reference: str) -> dict[str, Any]:
    status, out, err = run(e, f"image inspect {reference}")
    assert (status, err) == (0, "")
    config: dict[str, Any] = json.loads(out)[0]["Config"]
    return config


def history(e: Engine, reference: str) -> str:
    status, out, _ = run(
        e, f"history --no-trunc --format '{{{{.CreatedBy}}}}|{{{{.Comment}}}}' {reference}"
    )
    assert status == 0
    return out


@pytest.mark.parametrize("tag", ["2023", "2"])
def test_amazonlinux_config_and_history(tag: str) -> None:
    e = Engine()
    assert run(e, f"pull -q amazonlinux:{tag}")[0] == 0
    config = config_of(e, f"amazonlinux:{tag}")
    assert (config["Env"], config["Cmd"], config.get("Entrypoint"), config.get("Labels")) == (
        [DEFAULT_PATH],
        ["/bin/bash"],
        None,
        None,
    )
    assert history(e, f"amazonlinux:{tag}") == (
        'CMD ["/bin/bash"]|buildkit.dockerfile.v0\n'
        "COPY /rootfs/ / # buildkit|buildkit.dockerfile.v0\n"
    )


def test_amazonlinux_2023_release_files() -> None:
    status, out, _ = run(
        Engine(), "run --rm amazonlinux cat /etc/system-release /etc/amazon-linux-release"
    )
    line = "Amazon Linux release 2023.7.20250512 (Amazon Linux)\n"
    assert (status, out) == (0, line + line)
    status, out, _ = run(Engine(), "run --rm amazonlinux:2023 cat /etc/os-release")
    assert (status, out) == (
        0,
        'NAME="Amazon Linux"\n'
        'VERSION="2023"\n'
        'ID="amzn"\n'
        'ID_LIKE="fedora"\n'
        'VERSION_ID="2023"\n'
        'PLATFORM_ID="platform:al2023"\n'
        'PRETTY_NAME="Amazon Linux 2023.7.20250512"\n'
        'ANSI_COLOR="0;33"\n'
        'CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2023"\n'
        'HOME_URL="https://aws.amazon.com/linux/amazon-linux-2023/"\n'
        'DOCUMENTATION_URL="https://docs.aws.amazon.com/linux/"\n'
        'SUPPORT_URL="https://aws.amazon.com/premiumsupport/"\n'
        'BUG_REPORT_URL="https://github.com/amazonlinux/amazon-linux-2023"\n'
        'VENDOR_NAME="AWS"\n'
        'VENDOR_URL="https://aws.amazon.com/"\n'
        'SUPPORT_END="2029-06-30"\n',
    )


def test_amazonlinux_2_release_files() -> None:
    status, out, _ = run(Engine(), "run --rm amazonlinux:2 cat /etc/os-release /etc/system-release")
    assert (status, out) == (
        0,
        'NAME="Amazon Linux"\n'
        'VERSION="2"\n'
        'ID="amzn"\n'
        'ID_LIKE="centos rhel fedora"\n'
        'VERSION_ID="2"\n'
        'PRETTY_NAME="Amazon Linux 2"\n'
        'ANSI_COLOR="0;33"\n'
        'CPE_NAME="cpe:2.3:o:amazon:amazon_linux:2"\n'
        'HOME_URL="https://amazonlinux.com/"\n'
        'SUPPORT_END="2026-06-30"\n'
        "Amazon Linux release 2 (Karoo)\n",
    )


@pytest.mark.parametrize(
    ("tag", "platform", "version", "host", "year"),
    [
        ("2023", "linux/amd64", "5.2.15(1)-release", "x86_64-amazon-linux-gnu", "2022"),
        ("2", "linux/amd64", "4.2.46(2)-release", "x86_64-koji-linux-gnu", "2011"),
    ],
)
def test_amazonlinux_bash_version(
    tag: str, platform: str, version: str, host: str, year: str
) -> None:
    status, out, _ = run(
        Engine(),
        f"run --rm --platform {platform} amazonlinux:{tag} "
        "bash -c 'echo $BASH_VERSION; bash --version'",
    )
    assert status == 0
    assert out.startswith(
        f"{version}\nGNU bash, version {version} ({host})\n"
        f"Copyright (C) {year} Free Software Foundation, Inc.\n"
    )


@pytest.mark.parametrize(
    ("tag", "command"),
    [
        ("2023", "dnf install -y git"),
        ("2023", "yum -y install git"),
        ("2023", "rpm -qa"),
        ("2", "yum install -y git"),
        ("2", "rpm -q bash"),
    ],
)
def test_amazonlinux_package_tools_are_honest(tag: str, command: str) -> None:
    status, out, err = run(Engine(), f"run --rm amazonlinux:{tag} {command}")
    program = command.split()[0]
    assert (status, out) == (1, "")
    assert err.endswith(
        f"dockersim: not simulated: {program} (the image has this program; "
        "dockersim does not model what it does)\n"
    )


def test_amazonlinux_2023_has_dnf_and_2_has_yum_only() -> None:
    e = Engine()
    status, out, _ = run(e, "run --rm amazonlinux sh -c 'readlink /usr/bin/dnf /usr/bin/yum'")
    assert (status, out) == (0, "dnf-3\ndnf-3\n")
    status, out, _ = run(e, "run --rm amazonlinux:2 sh -c 'ls /usr/bin/yum; ls /usr/bin/dnf'")
    assert (status, out) == (2, "/usr/bin/yum\n")


@pytest.mark.parametrize(
    ("tag", "home"),
    [
        ("25", "/usr/java/openjdk-25"),
        ("25-bookworm", "/usr/local/openjdk-25"),
        ("25-slim", "/usr/local/openjdk-25"),
    ],
)
def test_openjdk_config(tag: str, home: str) -> None:
    e = Engine()
    assert run(e, f"pull -q openjdk:{tag}")[0] == 0
    config = config_of(e, f"openjdk:{tag}")
    assert config["Env"] == [
        f"PATH={home}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        f"JAVA_HOME={home}",
        "LANG=C.UTF-8",
        "JAVA_VERSION=25-ea+25",
    ]
    assert (config["Cmd"], config.get("Entrypoint")) == (["jshell"], None)
    lines = history(e, f"openjdk:{tag}").splitlines()
    assert lines[:5] == [
        'CMD ["jshell"]|buildkit.dockerfile.v0',
        lines[1],
        "ENV JAVA_VERSION=25-ea+25|buildkit.dockerfile.v0",
        "ENV LANG=C.UTF-8|buildkit.dockerfile.v0",
        f"ENV PATH={home}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        "|buildkit.dockerfile.v0",
    ]
    assert lines[1].startswith("RUN set -eux;   arch=")  # docker history shows tabs as spaces
    assert lines[1].endswith("javac --version;  java --version # buildkit|buildkit.dockerfile.v0")


@pytest.mark.parametrize(
    ("tag", "base"),
    [
        ("25", "oraclelinux:9-slim"),
        ("25-bookworm", "buildpack-deps:bookworm-scm"),
        ("25-slim", "debian:bookworm-slim"),
    ],
)
def test_openjdk_sits_on_its_dockerfiles_base(tag: str, base: str) -> None:
    e = Engine()
    assert run(e, f"pull -q openjdk:{tag}")[0] == 0
    assert run(e, f"pull -q {base}")[0] == 0
    layers = {
        ref: json.loads(run(e, f"image inspect {ref}")[1])[0]["RootFS"]["Layers"]
        for ref in (f"openjdk:{tag}", base)
    }
    assert layers[f"openjdk:{tag}"][: len(layers[base])] == layers[base]
    assert len(layers[f"openjdk:{tag}"]) == len(layers[base]) + 2


JAVA_VERSION_TEXT = (
    'openjdk version "25-ea" 2025-09-16\n'
    "OpenJDK Runtime Environment (build 25-ea+25-3096)\n"
    "OpenJDK 64-Bit Server VM (build 25-ea+25-3096, mixed mode, sharing)\n"
)


@pytest.mark.parametrize("tag", ["25", "25-bookworm", "25-slim"])
def test_openjdk_version_lines(tag: str) -> None:
    e = Engine()
    status, out, err = run(e, f"run --rm openjdk:{tag} java -version")
    assert (status, out) == (0, "")
    assert err.endswith(JAVA_VERSION_TEXT)
    status, out, _ = run(e, f"run --rm openjdk:{tag} java --version")
    assert (status, out) == (0, JAVA_VERSION_TEXT.replace(' version "25-ea"', " 25-ea"))
    status, out, _ = run(e, f"run --rm openjdk:{tag} sh -c 'javac -version; jshell --version'")
    assert (status, out) == (0, "javac 25-ea\njshell 25-ea\n")


def test_openjdk_oraclelinux_alternatives_and_release() -> None:
    e = Engine()
    status, out, _ = run(
        e,
        "run --rm openjdk:25 sh -c "
        "'readlink /usr/java/latest /usr/bin/java /etc/alternatives/java; "
        "cat $JAVA_HOME/release | head -3'",
    )
    assert (status, out) == (
        0,
        "/usr/java/openjdk-25\n/etc/alternatives/java\n/usr/java/openjdk-25/bin/java\n"
        'IMPLEMENTOR="Oracle Corporation"\n'
        'JAVA_RUNTIME_VERSION="25-ea+25-3096"\n'
        'JAVA_VERSION="25"\n',
    )


def test_openjdk_jshell_and_package_tools_are_honest() -> None:
    e = Engine()
    status, out, err = run(e, "run --rm openjdk:25-slim")
    assert (status, out) == (1, "")
    assert err.endswith("dockersim: not simulated in jshell: the Java REPL\n")
    status, out, err = run(e, "run --rm openjdk:25 microdnf install -y git")
    assert (status, out) == (1, "")
    assert err.endswith(
        "dockersim: not simulated: microdnf (the image has this program; "
        "dockersim does not model what it does)\n"
    )
