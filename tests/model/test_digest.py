"""Vector tests for digests, short IDs and chain IDs (images-oci.md §1)."""

from __future__ import annotations

import pytest

from dockersim.model.digest import (
    EMPTY_JSON_DIGEST,
    EMPTY_TAR_DIFF_ID,
    Digest,
    InvalidDigest,
    chain_id,
    chain_ids,
    parse_digest,
    sha256_of,
    truncate_id,
)

HEX64 = "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"sha256:{HEX64}", Digest("sha256", HEX64)),
        ("sha384:" + "0" * 96, Digest("sha384", "0" * 96)),
        ("sha512:" + "a" * 128, Digest("sha512", "a" * 128)),
    ],
)
def test_parse_digest(text: str, expected: Digest) -> None:
    # when
    digest = parse_digest(text)
    # then
    assert (digest, str(digest)) == (expected, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "invalid checksum digest format"),
        (HEX64, "invalid checksum digest format"),
        (f":{HEX64}", "invalid checksum digest format"),
        ("sha256:", "invalid checksum digest format"),
        ("sha256", "invalid checksum digest format"),
        # length is checked before the character set
        ("sha256:" + HEX64.upper(), "invalid checksum digest format"),
        ("sha256:" + "g" * 64, "invalid checksum digest format"),
        ("sha256:" + "Z" * 63, "invalid checksum digest length"),
        ("sha256:" + HEX64[:40], "invalid checksum digest length"),
        ("sha256:" + HEX64 + "0", "invalid checksum digest length"),
        ("sha256:abc", "invalid checksum digest length"),
        (f"sha256:{HEX64}:", "invalid checksum digest length"),
        ("sha512:" + HEX64, "invalid checksum digest length"),
        # go-digest counts bytes: 32 two-byte characters pass the length check
        ("sha256:" + "é" * 32, "invalid checksum digest format"),
        # unregistered algorithms: "unsupported" only if the grammar holds
        ("md5:d41d8cd98f00b204e9800998ecf8427e", "unsupported digest algorithm"),
        ("blake3:" + HEX64, "unsupported digest algorithm"),
        ("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564", "unsupported digest algorithm"),
        (
            "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8",
            "unsupported digest algorithm",
        ),
        ("SHA256:" + HEX64, "invalid checksum digest format"),
        ("sha256_:" + HEX64, "invalid checksum digest format"),
        ("md5:a/b", "invalid checksum digest format"),
        ("md5:abc\n", "invalid checksum digest format"),
    ],
)
def test_error_parse_digest(text: str, message: str) -> None:
    with pytest.raises(InvalidDigest) as info:
        parse_digest(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"{}", "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"),
        (b"\0" * 1024, "sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"),
        (b"", "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ],
)
def test_sha256_of_well_known_content(data: bytes, expected: str) -> None:
    assert str(sha256_of(data)) == expected


def test_empty_constants_are_the_digests_of_their_content() -> None:
    assert (sha256_of(b"{}"), sha256_of(b"\0" * 1024)) == (EMPTY_JSON_DIGEST, EMPTY_TAR_DIFF_ID)


def test_digest_hex_and_short() -> None:
    digest = Digest("sha256", HEX64)
    assert (digest.hex, digest.short) == (HEX64, "44136fa355b3")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"sha256:{HEX64}", "44136fa355b3"),
        (HEX64, "44136fa355b3"),
        ("abc", "abc"),
        ("sha256:abc", "abc"),
        ("", ""),
        ("a:b:" + HEX64, "b:44136fa355"),
    ],
)
def test_truncate_id(text: str, expected: str) -> None:
    assert truncate_id(text) == expected


A, B, C = Digest("sha256", "a"), Digest("sha256", "b"), Digest("sha256", "c")
AB = "sha256:970a948bffa8de94d6e22d747ba8c95030e6e546909f98f54e99a13005e173a8"
ABC = "sha256:dee159b33409cefa3f6eda71539f006014283e9d9130c18a1dea7bd8a33c9b1b"


def parse_digest_unchecked(text: str) -> Digest:
    """Split `alg:encoded` without validation (the spec's fake digests are not valid)."""
    algorithm, _, encoded = text.partition(":")
    return Digest(algorithm, encoded)


def test_chain_ids_worked_values() -> None:
    assert [str(d) for d in chain_ids([A, B, C])] == ["sha256:a", AB, ABC]


def test_chain_id_of_a_base_layer_is_its_diff_id() -> None:
    assert chain_id(None, A) == A


def test_chain_id_on_a_parent() -> None:
    assert str(chain_id(parse_digest_unchecked(AB), C)) == ABC


def test_chain_ids_of_the_config_md_example() -> None:
    diff_ids = [
        Digest("sha256", "c6f988f4874bb0add23a778f753c65efe992244e148a1d2ec2a8b664fb66bbd1"),
        EMPTY_TAR_DIFF_ID,
    ]
    assert str(chain_ids(diff_ids)[-1]) == (
        "sha256:c3191d32a37d7159b2e30830937d2e30268ad6c375a773a8994911a3aba9b93f"
    )


def test_chain_ids_of_nothing() -> None:
    assert chain_ids([]) == []
