"""Content digests (`sha256:<hex>`), short IDs and layer chain IDs.

Validation follows opencontainers/go-digest v1.0.0 (`digest.go`, `algorithm.go`), which Docker
uses for every digest it parses, with the algorithms a docker binary registers: sha256, sha384
and sha512. Chain IDs follow image-spec `config.md` "Layer ChainID" (moby keys its layer store
by them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

__all__ = [
    "EMPTY_JSON_DIGEST",
    "EMPTY_TAR_DIFF_ID",
    "Digest",
    "InvalidDigest",
    "chain_id",
    "chain_ids",
    "parse_digest",
    "sha256_of",
    "truncate_id",
]

# go-digest's error sentences (`digest.go`: ErrDigestInvalidFormat, ErrDigestInvalidLength,
# ErrDigestUnsupported).
ERR_FORMAT = "invalid checksum digest format"
ERR_LENGTH = "invalid checksum digest length"
ERR_UNSUPPORTED = "unsupported digest algorithm"

# Registered algorithm -> hash size in bytes (the encoded form is hex: twice as many characters).
_ALGORITHM_SIZES: dict[str, int] = {"sha256": 32, "sha384": 48, "sha512": 64}

# go-digest `DigestRegexpAnchored`: the grammar an unregistered digest must still satisfy for
# the error to be "unsupported" rather than "format".
_GRAMMAR = re.compile(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+", re.ASCII)
_LOWER_HEX = re.compile(r"[a-f0-9]+", re.ASCII)

_SHORT_LEN = 12


class InvalidDigest(ValueError):
    """A digest string go-digest rejects; `str()` is go-digest's exact sentence."""


@attrs.frozen
class Digest:
    """A content digest: `algorithm:encoded`.

    The constructor does not validate (upstream tests use fakes such as `sha256:a`); use
    `parse_digest` for text from a user.
    """

    algorithm: str
    encoded: str

    def __str__(self) -> str:
        return f"{self.algorithm}:{self.encoded}"

    @property
    def hex(self) -> str:
        """The encoded part (go-digest `Digest.Encoded`/`Hex`)."""
        return self.encoded

    @property
    def short(self) -> str:
        """The first 12 characters of the encoded part, as `docker images` shows an ID."""
        return self.encoded[:_SHORT_LEN]


def parse_digest(text: str) -> Digest:
    """Parse and validate `text` as go-digest v1.0.0 `Parse` does.

    Grammar: ``algorithm ":" encoded``. Checks, in go-digest's order:

    1. no ``:``, or ``:`` first or last -> ``invalid checksum digest format``;
    2. algorithm not registered -> ``unsupported digest algorithm`` when the whole string
       matches ``[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+``, else
       ``invalid checksum digest format``;
    3. encoded length (in bytes) not twice the hash size -> ``invalid checksum digest length``;
    4. encoded not lowercase hex -> ``invalid checksum digest format``.
    """
    i = text.find(":")
    if i <= 0 or i + 1 == len(text):
        raise InvalidDigest(ERR_FORMAT)
    algorithm, encoded = text[:i], text[i + 1 :]
    size = _ALGORITHM_SIZES.get(algorithm)
    if size is None:
        if _GRAMMAR.fullmatch(text) is None:
            raise InvalidDigest(ERR_FORMAT)
        raise InvalidDigest(ERR_UNSUPPORTED)
    if len(encoded.encode("utf-8")) != 2 * size:
        raise InvalidDigest(ERR_LENGTH)
    if _LOWER_HEX.fullmatch(encoded) is None:
        raise InvalidDigest(ERR_FORMAT)
    return Digest(algorithm, encoded)


def sha256_of(data: bytes) -> Digest:
    """The sha256 digest of `data` (go-digest `FromBytes`)."""
    import hashlib  # deferred: loading OpenSSL doubles this module's import time

    return Digest("sha256", hashlib.sha256(data).hexdigest())


def chain_id(parent: Digest | None, diff_id: Digest) -> Digest:
    """The chain ID of a layer on top of the stack whose chain ID is `parent`.

    ``ChainID(L0) = DiffID(L0)``;
    ``ChainID(L0|...|Ln) = sha256(ChainID(L0|...|Ln-1) + " " + DiffID(Ln))``.
    """
    if parent is None:
        return diff_id
    return sha256_of(f"{parent} {diff_id}".encode())


def chain_ids(diff_ids: Sequence[Digest]) -> list[Digest]:
    """The chain ID of every prefix of `diff_ids`, base first (image-spec `identity.ChainIDs`)."""
    result: list[Digest] = []
    parent: Digest | None = None
    for diff_id in diff_ids:
        parent = chain_id(parent, diff_id)
        result.append(parent)
    return result


def truncate_id(s: str) -> str:
    """Drop everything up to and including the first ``:``, keep 12 characters.

    moby `stringid.TruncateID` (also docker/cli `formatter.TruncateID`).
    """
    _, sep, rest = s.partition(":")
    return (rest if sep else s)[:_SHORT_LEN]


# The diffID of an empty layer: a tar archive of two 512-byte zero end blocks
# (moby `daemon/internal/layer/empty.go` `DigestSHA256EmptyTar`).
EMPTY_TAR_DIFF_ID = Digest(
    "sha256", "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef"
)
# The digest of `{}` (image-spec `manifest.md`, "Guidance for an Empty Descriptor").
EMPTY_JSON_DIGEST = Digest(
    "sha256", "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
)
