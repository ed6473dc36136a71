"""Vector tests for image references (distribution/reference `ParseNormalizedNamed` & co).

Vectors come from images-oci.md §5.5/§5.6 and distribution/reference's `reference_test.go`,
`normalize_test.go`; each valid row and each error text was also checked against the real
docker CLI 28.2.2 (`docker pull X` parses with ParseNormalizedNamed before talking to the
daemon and prints the TagNameOnly form or the error).
"""

from __future__ import annotations

import pytest

from dockersim.model.digest import Digest
from dockersim.model.reference import (
    InvalidReference,
    Reference,
    is_full_image_id,
    parse_any_reference,
    parse_docker_ref,
    parse_reference,
)

F64 = "f" * 64
SHA_F = "sha256:" + F64
SHA512_F = "sha512:" + "f" * 128
BUSYBOX = "sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa"
REDIS_HEX = "dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c"
HEX64 = "1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a"
SONG = "thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev"
A255 = "a/" * 127 + "a"
LONG_NS = "_".join(["this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255"] * 4)

# Valid references, two lines each:
#     input | domain | tag | digest
#         path | normalized | familiar
# `-` is "none" (an empty domain), `=` is "the input unchanged", {NAME} is one of SUBS.
VALID_TABLE = """
    # §5.5 table
    ubuntu | docker.io | - | -
        library/ubuntu | docker.io/library/ubuntu | =
    library/ubuntu:20.04 | docker.io | 20.04 | -
        library/ubuntu | docker.io/library/ubuntu:20.04 | ubuntu:20.04
    docker.io/ubuntu | docker.io | - | -
        library/ubuntu | docker.io/library/ubuntu | ubuntu
    index.docker.io/library/ubuntu:latest | docker.io | latest | -
        library/ubuntu | docker.io/library/ubuntu:latest | ubuntu:latest
    dmcgowan/myapp | docker.io | - | -
        dmcgowan/myapp | docker.io/dmcgowan/myapp | =
    localhost:5000/foo | localhost:5000 | - | -
        foo | = | =
    localhost/foo | localhost | - | -
        foo | = | =
    localhost:5000 | docker.io | 5000 | -
        library/localhost | docker.io/library/localhost:5000 | =
    Foo/bar | Foo | - | -
        bar | = | =
    busybox:latest@{BB} | docker.io | latest | {BB}
        library/busybox | docker.io/library/busybox:latest@{BB} | =
    # §5.6 cases
    foo_bar.com:8080 | docker.io | 8080 | -
        library/foo_bar.com | docker.io/library/foo_bar.com:8080 | =
    [2001:db8::1]/repo | [2001:db8::1] | - | -
        repo | = | =
    dock__er/docker | docker.io | - | -
        dock__er/docker | docker.io/dock__er/docker | =
    docker---rules/docker | docker.io | - | -
        docker---rules/docker | docker.io/docker---rules/docker | =
    registry.io/foo/project--id.module--name.ver---sion--name | registry.io | - | -
        foo/project--id.module--name.ver---sion--name | = | =
    ubuntu:{T128} | docker.io | {T128} | -
        library/ubuntu | docker.io/library/ubuntu:{T128} | =
    ubuntu:_tag | docker.io | _tag | -
        library/ubuntu | docker.io/library/ubuntu:_tag | =
    lowercase:Uppercase | docker.io | Uppercase | -
        library/lowercase | docker.io/library/lowercase:Uppercase | =
    # common forms and upstream normalize_test.go
    nginx:1.27 | docker.io | 1.27 | -
        library/nginx | docker.io/library/nginx:1.27 | =
    docker.io/library/nginx | docker.io | - | -
        library/nginx | = | nginx
    docker.io/library/foo/bar | docker.io | - | -
        library/foo/bar | = | library/foo/bar
    index.docker.io/fooo/bar | docker.io | - | -
        fooo/bar | docker.io/fooo/bar | fooo/bar
    store/foo/bar | docker.io | - | -
        store/foo/bar | docker.io/store/foo/bar | =
    other/library | docker.io | - | -
        other/library | docker.io/other/library | =
    library/ubuntu-12.04-base | docker.io | - | -
        library/ubuntu-12.04-base | docker.io/library/ubuntu-12.04-base | ubuntu-12.04-base
    127.0.0.1:8000/private/moonbase | 127.0.0.1:8000 | - | -
        private/moonbase | = | =
    127.0.0.1:8000/privatebase | 127.0.0.1:8000 | - | -
        privatebase | = | =
    example.com/private/moonbase | example.com | - | -
        private/moonbase | = | =
    example.com:8000/privatebasee | example.com:8000 | - | -
        privatebasee | = | =
    FOO/bar | FOO | - | -
        bar | = | =
    Docker/docker | Docker | - | -
        docker | = | =
    DOCKER/docker | DOCKER | - | -
        docker | = | =
    INDEX.DOCKER.IO/foo | INDEX.DOCKER.IO | - | -
        foo | = | =
    registry-1.docker.io/library/ubuntu | registry-1.docker.io | - | -
        library/ubuntu | = | =
    test.com/foo | test.com | - | -
        foo | = | =
    test_com/foo | docker.io | - | -
        test_com/foo | docker.io/test_com/foo | =
    docker/migrator | docker.io | - | -
        docker/migrator | docker.io/docker/migrator | =
    test.com:8080/foo | test.com:8080 | - | -
        foo | = | =
    test-com:8080/foo | test-com:8080 | - | -
        foo | = | =
    xn--n3h.com/foo | xn--n3h.com | - | -
        foo | = | =
    xn--n3h.com:18080/foo | xn--n3h.com:18080 | - | -
        foo | = | =
    redis@sha256:{RD} | docker.io | - | sha256:{RD}
        library/redis | docker.io/library/redis@sha256:{RD} | =
    dmcgowan/myapp@sha256:{RD} | docker.io | - | sha256:{RD}
        dmcgowan/myapp | docker.io/dmcgowan/myapp@sha256:{RD} | =
    # a digest-looking string is a repository `sha256` with a 64-hex tag
    sha256:{RD} | docker.io | {RD} | -
        library/sha256 | docker.io/library/sha256:{RD} | =
    {R63} | docker.io | - | -
        library/{R63} | docker.io/library/{R63} | =
    dbcc1 | docker.io | - | -
        library/dbcc1 | docker.io/library/dbcc1 | =
    # a 64-hex name is allowed after a registry; its familiar form is the bare hex
    docker.io/{H64} | docker.io | - | -
        library/{H64} | docker.io/library/{H64} | {H64}
    {SONG} | docker.io | - | -
        library/{SONG} | docker.io/library/{SONG} | =
    # without a slash there is never a registry
    localhost | docker.io | - | -
        library/localhost | docker.io/library/localhost | =
    example.com | docker.io | - | -
        library/example.com | docker.io/library/example.com | =
    192.168.0.1 | docker.io | - | -
        library/192.168.0.1 | docker.io/library/192.168.0.1 | =
    192.168.0.1:80 | docker.io | 80 | -
        library/192.168.0.1 | docker.io/library/192.168.0.1:80 | =
    test.com:tag | docker.io | tag | -
        library/test.com | docker.io/library/test.com:tag | =
    # registries: IPv4, IPv6, ports (upstream reference_test.go)
    192.168.0.1:8/debian | 192.168.0.1:8 | - | -
        debian | = | =
    192.168.1.1:5000/repo:5050 | 192.168.1.1:5000 | 5050 | -
        repo | = | =
    [fc00::1]:5000/docker | [fc00::1]:5000 | - | -
        docker | = | =
    [fc00:1:2:3:4:5:6:7]:5000/library/debian | [fc00:1:2:3:4:5:6:7]:5000 | - | -
        library/debian | = | =
    [2001:db8:1:2:3:4:5:6]/repo:tag | [2001:db8:1:2:3:4:5:6] | tag | -
        repo | = | =
    [2001:db8::]:5000/repo | [2001:db8::]:5000 | - | -
        repo | = | =
    [::1]:5000/repo | [::1]:5000 | - | -
        repo | = | =
    [2001:db8::1]:5000/repo:tag@{SF} | [2001:db8::1]:5000 | tag | {SF}
        repo | = | =
    test:5000/repo | test:5000 | - | -
        repo | = | =
    test:5000/repo@{SF} | test:5000 | - | {SF}
        repo | = | =
    sub-dom1.foo.com/bar/baz/quux:some-long-tag | sub-dom1.foo.com | some-long-tag | -
        bar/baz/quux | = | =
    b.gcr.io/test.example.com/my-app:test.example.com | b.gcr.io | test.example.com | -
        test.example.com/my-app | = | =
    xn--7o8h.com/myimage:xn--7o8h.com@{S5} | xn--7o8h.com | xn--7o8h.com | {S5}
        myimage | = | =
    foo/foo_bar.com:8080 | docker.io | 8080 | -
        foo/foo_bar.com | docker.io/foo/foo_bar.com:8080 | =
    # a first component without '.', ':' or uppercase is a Docker Hub namespace
    a/a/a/a | docker.io | - | -
        a/a/a/a | docker.io/a/a/a/a | =
    d/docker | docker.io | - | -
        d/docker | docker.io/d/docker | =
    jess/t | docker.io | - | -
        jess/t | docker.io/jess/t | =
    # a registry-like first component that is not a valid host stays in the path
    foo_bar.com/x | - | - | -
        foo_bar.com/x | = | =
    # under docker.io, `localhost/` familiarises to what re-parses as the localhost registry
    docker.io/localhost/foo | docker.io | - | -
        localhost/foo | = | localhost/foo
    # only the path counts towards 255 characters, and `library/` is part of it
    {A247} | docker.io | - | -
        library/{A247} | docker.io/library/{A247} | =
    example.com/{A255F} | example.com | - | -
        {A255F} | = | =
    {A255}:tag-puts-this-over-max | docker.io | tag-puts-this-over-max | -
        {A255} | docker.io/{A255}:tag-puts-this-over-max | =
    # registered digest algorithms besides sha256
    ubuntu@{S3} | docker.io | - | {S3}
        library/ubuntu | docker.io/library/ubuntu@{S3} | =
    ubuntu@{S5} | docker.io | - | {S5}
        library/ubuntu | docker.io/library/ubuntu@{S5} | =
"""

SUBS = {
    "S5": SHA512_F,
    "S3": "sha384:" + "a" * 96,
    "SF": SHA_F,
    "BB": BUSYBOX,
    "RD": REDIS_HEX,
    "R63": REDIS_HEX[:63],
    "H64": HEX64,
    "SONG": SONG,
    "A255": A255,
    "A255F": "a" * 255,
    "A247": "a" * 247,
    "T128": "T" * 128,
}

Row = tuple[str, str, str | None, str | None, str, str]


def _rows(table: str) -> list[tuple[str, Row]]:
    """Parse VALID_TABLE into (input, (domain, path, tag, digest, normalized, familiar))."""
    lines = [ln.strip().format(**SUBS) for ln in table.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    rows: list[tuple[str, Row]] = []
    for head, tail in zip(lines[::2], lines[1::2], strict=True):
        text, domain, tag, digest = head.split(" | ")
        path, normalized, familiar = tail.split(" | ")
        rows.append(
            (
                text,
                (
                    "" if domain == "-" else domain,
                    path,
                    None if tag == "-" else tag,
                    None if digest == "-" else digest,
                    text if normalized == "=" else normalized,
                    text if familiar == "=" else familiar,
                ),
            )
        )
    return rows


VALID = _rows(VALID_TABLE)

LOWER = "invalid reference format: repository name ({}) must be lowercase"
FORMAT = "invalid reference format"

# input -> exact error text
INVALID: list[tuple[str, str]] = [
    ("", FORMAT),
    ("UPPER", LOWER.format("library/UPPER")),
    ("foo/Bar", LOWER.format("foo/Bar")),
    ("Uppercase:tag", LOWER.format("library/Uppercase")),
    ("test:5000/Uppercase/lowercase:tag", LOWER.format("Uppercase/lowercase")),
    ("docker/Docker", LOWER.format("docker/Docker")),
    ("docker.io/docker/Docker", LOWER.format("docker/Docker")),
    (f"ubuntu@SHA256:{F64}", LOWER.format("library/ubuntu@SHA256")),
    ("İmage", LOWER.format("library/İmage")),
    ("Foo_bar/x", "repository name must be lowercase"),
    ("İ.com/x", "repository name must be lowercase"),
    ("a" * 248, "repository name must not be more than 255 characters"),
    ("a/" * 128 + "a:tag", "repository name must not be more than 255 characters"),
    (LONG_NS + "/docker", "repository name must not be more than 255 characters"),
    (HEX64, f"invalid repository name ({HEX64}), cannot specify 64-byte hexadecimal strings"),
    (
        REDIS_HEX,
        f"invalid repository name ({REDIS_HEX}), cannot specify 64-byte hexadecimal strings",
    ),
    ("ubuntu@sha256:" + "f" * 40, "invalid checksum digest length"),
    (f"ubuntu@{SHA_F}0", "invalid checksum digest length"),
    ("repo@sha256:" + "f" * 34, "invalid checksum digest length"),
    ("ubuntu@sha256:" + "F" * 64, "invalid checksum digest format"),
    ("ubuntu:tag@MD5:" + "f" * 32, "invalid checksum digest format"),
    ("ubuntu@md5:" + "f" * 32, "unsupported digest algorithm"),
    (f"validname@invaliddigest:{F64}", "unsupported digest algorithm"),
    ("ubuntu@sha256:abc", FORMAT),
    ("ubuntu@sha256:", FORMAT),
    (":justtag", FORMAT),
    (f"@{SHA_F}", FORMAT),
    ("aa/asdf$$^/aa", FORMAT),
    ("[2001:db8::1]", FORMAT),
    ("[2001:db8::1]:5000", FORMAT),
    ("[2001:db8::1]:tag", FORMAT),
    ("[fe80::1%eth0]:5000/repo", FORMAT),
    ("[fe80::1%@invalidzone]:5000/repo", FORMAT),
    ("[2001:db8:3:4::192.0.2.33]:5000/debian", FORMAT),
    ("fc00::1:5000/debian", FORMAT),
    ("foo_bar.com:8080/app", FORMAT),
    ("https://github.com/docker/docker", FORMAT),
    ("-docker", FORMAT),
    ("-docker/docker", FORMAT),
    ("-docker.io/docker/docker", FORMAT),
    ("docker-/docker", FORMAT),
    ("-docker-/docker", FORMAT),
    ("____/____", FORMAT),
    ("_docker/_docker", FORMAT),
    ("dock..er/docker", FORMAT),
    ("dock_.er/docker", FORMAT),
    ("dock-.er/docker", FORMAT),
    ("docker/", FORMAT),
    ("docker///docker", FORMAT),
    ("docker.io/docker///docker", FORMAT),
    ("ubuntu\n", FORMAT),
    ("ubuntu:" + "a" * 129, FORMAT),
    ("ubuntu:.tag", FORMAT),
    ("ubuntu:-tag", FORMAT),
    ("ubuntu:tag:tag", FORMAT),
    ("ubuntu tag", FORMAT),
]


@pytest.mark.parametrize(("text", "expected"), VALID, ids=[v[0][:60] for v in VALID])
def test_parse_reference(
    text: str, expected: tuple[str, str, str | None, str | None, str, str]
) -> None:
    # when
    ref = parse_reference(text)
    # then
    assert (ref.domain, ref.path, ref.tag, ref.digest, ref.normalized, ref.familiar) == expected


@pytest.mark.parametrize(("text", "message"), INVALID, ids=[v[0][:60] for v in INVALID])
def test_error_parse_reference(text: str, message: str) -> None:
    with pytest.raises(InvalidReference) as info:
        parse_reference(text)
    assert str(info.value) == message


def test_vector_tables_are_complete() -> None:
    assert (len(VALID), len(INVALID)) == (77, 56)


def test_spellings_of_one_image_are_one_hashable_value() -> None:
    # when
    refs = {parse_reference(t) for t in ["nginx", "library/nginx", "index.docker.io/nginx"]}
    # then
    assert refs == {Reference("docker.io", "library/nginx")}


def test_reference_properties_of_an_official_image() -> None:
    # given
    ref = parse_reference("nginx:1.27")
    # then
    assert (ref.name, ref.familiar_name, str(ref), ref.is_default_domain, ref.is_name_only) == (
        "docker.io/library/nginx",
        "nginx",
        "docker.io/library/nginx:1.27",
        True,
        False,
    )


def test_reference_properties_of_a_private_registry() -> None:
    ref = parse_reference("localhost:5000/team/app@" + SHA_F)
    assert (ref.name, ref.familiar_name, ref.is_default_domain) == (
        "localhost:5000/team/app",
        "localhost:5000/team/app",
        False,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ubuntu", "docker.io/library/ubuntu:latest"),
        ("ubuntu:22.04", "docker.io/library/ubuntu:22.04"),
        (f"ubuntu@{SHA_F}", f"docker.io/library/ubuntu@{SHA_F}"),
        (f"ubuntu:22.04@{SHA_F}", f"docker.io/library/ubuntu:22.04@{SHA_F}"),
        ("localhost:5000/foo", "localhost:5000/foo:latest"),
    ],
)
def test_with_default_tag(text: str, expected: str) -> None:
    assert str(parse_reference(text).with_default_tag()) == expected


def test_with_tag_replaces_the_tag_and_keeps_the_digest() -> None:
    ref = parse_reference(f"test.com:8000/foo:old@{SHA_F}")
    assert ref.with_tag("TAG5").familiar == f"test.com:8000/foo:TAG5@{SHA_F}"


def test_with_tag_on_a_bare_name() -> None:
    assert parse_reference("redis").with_tag("7.2").familiar == "redis:7.2"


@pytest.mark.parametrize("tag", ["-foo", ".foo", "", "a" * 129, "a:b", "a/b"])
def test_error_with_tag(tag: str) -> None:
    with pytest.raises(InvalidReference) as info:
        parse_reference("busybox").with_tag(tag)
    assert str(info.value) == "invalid tag format"


def test_trimmed_drops_tag_and_digest() -> None:
    ref = parse_reference(f"busybox:1.36@{SHA_F}").trimmed()
    assert ref == Reference("docker.io", "library/busybox")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("busybox", "docker.io/library/busybox:latest"),
        ("busybox:1.36", "docker.io/library/busybox:1.36"),
        (f"busybox@{SHA_F}", f"docker.io/library/busybox@{SHA_F}"),
        (f"gcr.io/library/busybox:latest@{SHA_F}", f"gcr.io/library/busybox@{SHA_F}"),
        (f"docker.io/library/busybox:latest@{BUSYBOX}", f"docker.io/library/busybox@{BUSYBOX}"),
    ],
)
def test_parse_docker_ref(text: str, expected: str) -> None:
    assert str(parse_docker_ref(text)) == expected


def test_error_parse_docker_ref() -> None:
    with pytest.raises(InvalidReference) as info:
        parse_docker_ref("UPPER")
    assert str(info.value) == LOWER.format("library/UPPER")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (REDIS_HEX, Digest("sha256", REDIS_HEX)),
        (f"sha256:{REDIS_HEX}", Digest("sha256", REDIS_HEX)),
        (SHA512_F, Digest("sha512", "f" * 128)),
        ("redis", Reference("docker.io", "library/redis")),
        ("redis:latest", Reference("docker.io", "library/redis", "latest")),
        (REDIS_HEX[:63], Reference("docker.io", f"library/{REDIS_HEX[:63]}")),
        ("sha256:abc", Reference("docker.io", "library/sha256", "abc")),
        ("dbcc1", Reference("docker.io", "library/dbcc1")),
    ],
)
def test_parse_any_reference(text: str, expected: Reference | Digest) -> None:
    assert parse_any_reference(text) == expected


def test_error_parse_any_reference() -> None:
    with pytest.raises(InvalidReference) as info:
        parse_any_reference("UPPER")
    assert str(info.value) == LOWER.format("library/UPPER")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (REDIS_HEX, True),
        (f"sha256:{REDIS_HEX}", True),
        (REDIS_HEX[:63], False),
        (REDIS_HEX + "0", False),
        (REDIS_HEX.upper(), False),
        (f"sha512:{REDIS_HEX}", False),
        (f"sha256:sha256:{REDIS_HEX}", False),
        (REDIS_HEX[:12], False),
        ("nginx", False),
        (REDIS_HEX + "\n", False),
    ],
)
def test_is_full_image_id(text: str, expected: bool) -> None:
    assert is_full_image_id(text) is expected
