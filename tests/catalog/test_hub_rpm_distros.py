"""busybox musl/uclibc variants and fedora 42/41 of hub-2025-06.d/distros-rpm.yaml, pulled and run.

Facts: official-images ef9c9781c665 (tags), docker-library/busybox dist-amd64 4effb98 (image
configs, history lines, compressed sizes), fedora-cloud/docker-brew-fedora (Dockerfile),
fedora:42's /etc/os-release. Uncompressed sizes and fedora build dates are estimates (marked).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fragments import DEFAULT_PATH, assert_pulls, assert_resolves, fragment, run

from dockersim.engine import Engine

TAGS = {
    "busybox:musl": "busybox:1.37.0-musl",
    "busybox:uclibc": "busybox:1.37.0-uclibc",
    "fedora:latest": "fedora:42-20250601",
    "fedora:41": "fedora:41-20250601",
}
ALIASES = {
    "busybox:1.37.0-musl": "busybox:1.37.0-musl",
    "busybox:1.37-musl": "busybox:1.37.0-musl",
    "busybox:1-musl": "busybox:1.37.0-musl",
    "busybox:unstable-musl": "busybox:1.37.0-musl",
    "busybox:1.37.0-uclibc": "busybox:1.37.0-uclibc",
    "busybox:1.37-uclibc": "busybox:1.37.0-uclibc",
    "busybox:1-uclibc": "busybox:1.37.0-uclibc",
    "busybox:unstable-uclibc": "busybox:1.37.0-uclibc",
    "busybox:glibc": "busybox:1.37.0",
    "fedora:42": "fedora:42-20250601",
}


def test_every_fragment_image_is_tagged_here() -> None:
    assert set(TAGS.values()) == set(fragment("distros-rpm.yaml")["images"])


@pytest.mark.parametrize("reference", sorted({**TAGS, **ALIASES}))
def test_tags_resolve(reference: str) -> None:
    assert_resolves(reference, {**TAGS, **ALIASES}[reference])


@pytest.mark.parametrize("reference", sorted(TAGS))
@pytest.mark.parametrize("platform", ["linux/amd64", "linux/arm64/v8"])
def test_every_new_tag_pulls_on_both_platforms(reference: str, platform: str) -> None:
    assert_pulls(reference, platform, TAGS[reference])


@pytest.mark.parametrize(
    "reference", ["busybox:1.36-musl", "busybox:stable-uclibc", "fedora:43", "fedora:rawhide"]
)
def test_tags_left_out_are_named_as_on_hub(reference: str) -> None:
    status, _, err = run(Engine(), f"pull {reference}")
    assert status == 1
    assert f"{reference} is on Docker Hub, but not in dockersim's offline copy" in err


def config_of(e: Engine, reference: str) -> dict[str, Any]:
    status, out, err = run(e, f"image inspect {reference}")
    assert (status, err) == (0, "")
    config: dict[str, Any] = json.loads(out)[0]["Config"]
    return config


@pytest.mark.parametrize(
    ("variant", "line", "size"),
    [
        ("musl", "BusyBox 1.37.0 (musl), Alpine 3.22.0", "1.47MB"),
        ("uclibc", "BusyBox 1.37.0 (uclibc), Buildroot 2025.02.3, Debian 12", "1.29MB"),
    ],
)
def test_busybox_variant_config_and_history(variant: str, line: str, size: str) -> None:
    e = Engine()
    assert run(e, f"pull -q busybox:{variant}")[0] == 0
    config = config_of(e, f"busybox:{variant}")
    assert (config["Env"], config["Cmd"], config.get("Entrypoint")) == (
        [DEFAULT_PATH],
        ["sh"],
        None,
    )
    status, out, _ = run(
        e, f"history --no-trunc --format '{{{{.CreatedBy}}}}|{{{{.Size}}}}' busybox:{variant}"
    )
    assert (status, out) == (0, f"{line}|{size}\n")


def test_busybox_musl_has_no_utmp_applets_and_uclibc_has_them() -> None:
    e = Engine()
    status, out, err = run(e, "run --rm busybox:musl sh -c 'who; echo $?; ls /bin/ls /lib'")
    assert status == 1
    assert out == "127\n/bin/ls\n"
    assert "sh: who: not found\n" in err
    status, out, _ = run(e, "run --rm busybox:uclibc sh -c 'ls /bin/who /bin/busybox'")
    assert (status, out) == (0, "/bin/busybox\n/bin/who\n")


@pytest.mark.parametrize(("version", "name"), [("42", "Adams"), ("41", "Forty One")])
def test_fedora_config(version: str, name: str) -> None:
    e = Engine()
    assert run(e, f"pull -q fedora:{version}")[0] == 0
    config = config_of(e, f"fedora:{version}")
    assert config["Env"] == [
        DEFAULT_PATH,
        f"DISTTAG=f{version}container",
        f"FGC=f{version}",
        f"FBR=f{version}",
    ]
    assert (config["Cmd"], config.get("Entrypoint")) == (["/bin/bash"], None)
    assert config["Labels"] == {"maintainer": "Clement Verna <cverna@fedoraproject.org>"}
    status, out, _ = run(e, f"history --no-trunc --format '{{{{.CreatedBy}}}}' fedora:{version}")
    assert out == (
        'CMD ["/bin/bash"]\n'
        "ADD fedora-20250601.tar / # buildkit\n"
        f"ENV DISTTAG=f{version}container FGC=f{version} FBR=f{version}\n"
        "LABEL maintainer=Clement Verna <cverna@fedoraproject.org>\n"
    )
    status, out, _ = run(e, f"run --rm fedora:{version} cat /etc/fedora-release")
    assert (status, out) == (0, f"Fedora release {version} ({name})\n")


def test_fedora_42_os_release() -> None:
    status, out, _ = run(Engine(), "run --rm fedora cat /etc/os-release")
    assert status == 0
    assert out == (
        'NAME="Fedora Linux"\n'
        'VERSION="42 (Container Image)"\n'
        "RELEASE_TYPE=stable\n"
        "ID=fedora\n"
        "VERSION_ID=42\n"
        'VERSION_CODENAME=""\n'
        'PLATFORM_ID="platform:f42"\n'
        'PRETTY_NAME="Fedora Linux 42 (Container Image)"\n'
        'ANSI_COLOR="0;38;2;60;110;180"\n'
        "LOGO=fedora-logo-icon\n"
        'CPE_NAME="cpe:/o:fedoraproject:fedora:42"\n'
        'DEFAULT_HOSTNAME="fedora"\n'
        'HOME_URL="https://fedoraproject.org/"\n'
        'DOCUMENTATION_URL="https://docs.fedoraproject.org/en-US/fedora/f42/system-administrators-guide/"\n'
        'SUPPORT_URL="https://ask.fedoraproject.org/"\n'
        'BUG_REPORT_URL="https://bugzilla.redhat.com/"\n'
        'REDHAT_BUGZILLA_PRODUCT="Fedora"\n'
        "REDHAT_BUGZILLA_PRODUCT_VERSION=42\n"
        'REDHAT_SUPPORT_PRODUCT="Fedora"\n'
        "REDHAT_SUPPORT_PRODUCT_VERSION=42\n"
        "SUPPORT_END=2026-05-13\n"
        'VARIANT="Container Image"\n'
        "VARIANT_ID=container\n"
    )


def test_fedora_bash_version() -> None:
    host = "x86_64-redhat-linux-gnu"
    status, out, _ = run(Engine(), "run --rm fedora bash -c 'echo $BASH_VERSION; bash --version'")
    assert status == 0
    assert out.startswith(f"5.2.37(1)-release\nGNU bash, version 5.2.37(1)-release ({host})\n")


@pytest.mark.parametrize(
    "command", ["dnf install -y git curl", "dnf -y install git", "yum install -y git", "rpm -qa"]
)
def test_fedora_package_tools_are_honest(command: str) -> None:
    e = Engine()
    assert run(e, "pull -q fedora")[0] == 0
    status, out, err = run(e, f"run --rm fedora {command}")
    program = command.split()[0]
    assert (status, out) == (1, "")
    assert err == (
        f"dockersim: not simulated: {program} (the image has this program; "
        "dockersim does not model what it does)\n"
    )
