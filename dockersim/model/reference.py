"""Image references (`nginx:1.27`, `localhost:5000/app@sha256:...`) as Docker parses them.

A port of the facts of distribution/reference (`regexp.go`, `reference.go`, `normalize.go`), the
package the docker CLI and moby use: the same regular expressions (ASCII, anchored at the end of
the text like Go's ``$``), the same order of checks and the same error sentences.

Grammar (``reference.go``)::

    reference        := name [ ":" tag ] [ "@" digest ]
    name             := [domain '/'] remote-name
    domain           := host [':' port-number]
    host             := domain-name | IPv4address | \\[ IPv6address \\]
    domain-name      := domain-component ['.' domain-component]*
    domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
    remote-name      := path-component ['/' path-component]*
    path-component   := /[a-z0-9]+/ [separator /[a-z0-9]+/]*
    separator        := /[_.]|__|[-]+/
    tag              := /[\\w][\\w.-]{0,127}/
    digest           := algorithm ":" /[0-9a-fA-F]{32,}/   (then validated by go-digest)
"""

from __future__ import annotations

import functools
import re

import attrs

from dockersim.model.digest import Digest, InvalidDigest, parse_digest

__all__ = [
    "DEFAULT_DOMAIN",
    "DEFAULT_TAG",
    "InvalidReference",
    "Reference",
    "is_full_image_id",
    "parse_any_reference",
    "parse_docker_ref",
    "parse_reference",
]

DEFAULT_DOMAIN = "docker.io"
LEGACY_DEFAULT_DOMAIN = "index.docker.io"
OFFICIAL_REPO_PREFIX = "library/"
DEFAULT_TAG = "latest"
NAME_TOTAL_LENGTH_MAX = 255

# distribution/reference's error sentences (`reference.go`).
ERR_INVALID_FORMAT = "invalid reference format"
ERR_TAG_INVALID_FORMAT = "invalid tag format"
ERR_NAME_CONTAINS_UPPERCASE = "repository name must be lowercase"
ERR_NAME_EMPTY = "repository name must have at least one component"
ERR_NAME_TOO_LONG = f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"

# Building blocks of `regexp.go`, with Go's classes spelled out for Python (`\w` is ASCII
# through re.ASCII, `[[:xdigit:]]` is `[0-9A-Fa-f]`).
_ALPHANUMERIC = r"[a-z0-9]+"
_SEPARATOR = r"(?:[._]|__|[-]+)"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_OPTIONAL_PORT = r"(?::[0-9]+)?"
_TAG = r"[\w][\w.-]{0,127}"
_DIGEST = r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}"
_IPV6 = r"\[(?:[a-fA-F0-9:]+)\]"
_DOMAIN_NAME = rf"{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*"
_HOST = rf"(?:{_DOMAIN_NAME}|{_IPV6})"
_DOMAIN_AND_PORT = _HOST + _OPTIONAL_PORT
_PATH_COMPONENT = rf"{_ALPHANUMERIC}(?:{_SEPARATOR}{_ALPHANUMERIC})*"
_REMOTE_NAME = rf"{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
_NAME = rf"(?:{_DOMAIN_AND_PORT}/)?{_REMOTE_NAME}"

_IDENTIFIER = re.compile(r"[a-f0-9]{64}", re.ASCII)


@functools.cache
def _reference_re() -> re.Pattern[str]:
    """`ReferenceRegexp`: groups name, tag, digest (compiled on first use: import stays cheap)."""
    return re.compile(rf"({_NAME})(?::({_TAG}))?(?:@({_DIGEST}))?", re.ASCII)


@functools.cache
def _anchored_name_re() -> re.Pattern[str]:
    """`anchoredNameRegexp`: groups domain (optional), path."""
    return re.compile(rf"(?:({_DOMAIN_AND_PORT})/)?({_REMOTE_NAME})", re.ASCII)


@functools.cache
def _tag_re() -> re.Pattern[str]:
    return re.compile(_TAG, re.ASCII)


class InvalidReference(ValueError):
    """A reference Docker rejects; `str()` is distribution/reference's (or go-digest's) text."""


@attrs.frozen
class Reference:
    """A named image reference, normalised (`domain` is `docker.io` for Docker Hub).

    `domain` may be empty in one corner Docker allows: a first component that looks like a
    registry but is not a valid host (`foo_bar.com/x`) stays part of the path.
    """

    domain: str
    path: str
    tag: str | None = None
    digest: str | None = None

    @property
    def name(self) -> str:
        """`Named.Name()`: domain and path, e.g. `docker.io/library/nginx`."""
        return f"{self.domain}/{self.path}" if self.domain else self.path

    @property
    def normalized(self) -> str:
        """The fully qualified string, tag and digest as given (no default tag added)."""
        return _with_suffixes(self.name, self.tag, self.digest)

    @property
    def familiar_name(self) -> str:
        """`FamiliarName`: the name without `docker.io/` and, for official images, `library/`."""
        if self.domain != DEFAULT_DOMAIN:
            return self.name
        rest = self.path.removeprefix(OFFICIAL_REPO_PREFIX)
        if rest != self.path and "/" not in rest:
            return rest
        return self.path

    @property
    def familiar(self) -> str:
        """`FamiliarString`: the familiar name with tag and digest, as Docker shows it."""
        return _with_suffixes(self.familiar_name, self.tag, self.digest)

    @property
    def is_default_domain(self) -> bool:
        """True for Docker Hub references (domain `docker.io`)."""
        return self.domain == DEFAULT_DOMAIN

    @property
    def is_name_only(self) -> bool:
        """`IsNameOnly`: neither tag nor digest."""
        return self.tag is None and self.digest is None

    def with_default_tag(self) -> Reference:
        """`TagNameOnly`: add the tag `latest` only when there is neither tag nor digest."""
        return attrs.evolve(self, tag=DEFAULT_TAG) if self.is_name_only else self

    def with_tag(self, tag: str) -> Reference:
        """`WithTag`: replace the tag (a digest is kept); ``invalid tag format`` if malformed."""
        if _tag_re().fullmatch(tag) is None:
            raise InvalidReference(ERR_TAG_INVALID_FORMAT)
        return attrs.evolve(self, tag=tag)

    def trimmed(self) -> Reference:
        """`TrimNamed`: the repository alone, without tag or digest."""
        return attrs.evolve(self, tag=None, digest=None)

    def __str__(self) -> str:
        return self.normalized


def _with_suffixes(name: str, tag: str | None, digest: str | None) -> str:
    text = name
    if tag is not None:
        text += ":" + tag
    if digest is not None:
        text += "@" + digest
    return text


def _go_lower(s: str) -> str:
    """Go's `strings.ToLower`: rune by rune, never growing a rune (`İ` becomes `i`)."""
    if s.isascii():
        return s.lower()
    out: list[str] = []
    for ch in s:
        low = ch.lower()
        out.append(low if len(low) == 1 else ("i" if ch == "\u0130" else ch))
    return "".join(out)


def _parse(text: str) -> Reference:
    """`Parse`: ``reference := name [":" tag] ["@" digest]``, no normalisation.

    Errors, in upstream's order: empty -> ``repository name must have at least one component``;
    no match -> ``repository name must be lowercase`` when the lowercased text would match, else
    ``invalid reference format``; path over 255 -> ``repository name must not be more than 255
    characters``; then go-digest's errors for the digest.
    """
    if text == "":
        raise InvalidReference(ERR_NAME_EMPTY)
    match = _reference_re().fullmatch(text)
    if match is None:
        lowered = _go_lower(text)
        if lowered != text and _reference_re().fullmatch(lowered) is not None:
            raise InvalidReference(ERR_NAME_CONTAINS_UPPERCASE)
        raise InvalidReference(ERR_INVALID_FORMAT)
    name, tag, digest = match.group(1, 2, 3)
    name_match = _anchored_name_re().fullmatch(name)
    assert name_match is not None  # the reference pattern embeds the name pattern
    domain, path = name_match.group(1) or "", name_match.group(2)
    if len(path) > NAME_TOTAL_LENGTH_MAX:
        raise InvalidReference(ERR_NAME_TOO_LONG)
    if digest is not None:
        try:
            parse_digest(digest)
        except InvalidDigest as err:
            raise InvalidReference(str(err)) from None
    return Reference(domain, path, tag, digest)


def _split_docker_domain(text: str) -> tuple[str, str]:
    """`splitDockerDomain`: pick the registry of a familiar name.

    No ``/`` -> Docker Hub, ``library/<text>``. Otherwise the first component is the registry
    if it is ``localhost``, contains ``.`` or ``:``, or has an uppercase letter;
    ``index.docker.io`` becomes ``docker.io``; anything else is a Docker Hub namespace. A
    one-component path on Docker Hub gets ``library/``.
    """
    first, slash, rest = text.partition("/")
    if not slash:
        return DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX + text
    if first == "localhost":
        domain, remainder = first, rest
    elif first == LEGACY_DEFAULT_DOMAIN:
        domain, remainder = DEFAULT_DOMAIN, rest
    elif "." in first or ":" in first or _go_lower(first) != first:
        domain, remainder = first, rest
    else:
        domain, remainder = DEFAULT_DOMAIN, text
    if domain == DEFAULT_DOMAIN and "/" not in remainder:
        remainder = OFFICIAL_REPO_PREFIX + remainder
    return domain, remainder


@functools.lru_cache(maxsize=1024)  # references are values: the same text, the same one
def parse_reference(text: str) -> Reference:
    """`ParseNormalizedNamed`: what the docker CLI does with `docker pull X`, `docker tag X Y`.

    1. 64 lowercase hex -> ``invalid repository name (<text>), cannot specify 64-byte
       hexadecimal strings``;
    2. split off the registry (`_split_docker_domain`);
    3. the remote name (up to the first ``:``) with an uppercase letter -> ``invalid reference
       format: repository name (<remote>) must be lowercase``;
    4. `Parse` of ``domain/remainder`` (its errors unchanged).
    """
    if _IDENTIFIER.fullmatch(text) is not None:
        raise InvalidReference(
            f"invalid repository name ({text}), cannot specify 64-byte hexadecimal strings"
        )
    domain, remainder = _split_docker_domain(text)
    remote = remainder.partition(":")[0]
    if _go_lower(remote) != remote:
        raise InvalidReference(
            f"{ERR_INVALID_FORMAT}: repository name ({remote}) must be lowercase"
        )
    return _parse(f"{domain}/{remainder}")


def parse_docker_ref(text: str) -> Reference:
    """`ParseDockerRef`: a tag and a digest together keep only the digest; a bare name gets
    `latest` (`gcr.io/busybox:latest@sha256:X` -> `gcr.io/busybox@sha256:X`)."""
    ref = parse_reference(text)
    if ref.tag is not None and ref.digest is not None:
        return attrs.evolve(ref, tag=None)
    return ref.with_default_tag()


def parse_any_reference(text: str) -> Reference | Digest:
    """`ParseAnyReference`, as moby's image lookup uses it: 64 hex -> the digest
    ``sha256:<hex>``; a valid digest string -> that digest; otherwise `parse_reference`."""
    if _IDENTIFIER.fullmatch(text) is not None:
        return Digest("sha256", text)
    try:
        return parse_digest(text)
    except InvalidDigest:
        return parse_reference(text)


def is_full_image_id(text: str) -> bool:
    """True for a full image ID: 64 lowercase hex, bare or prefixed with ``sha256:``."""
    return _IDENTIFIER.fullmatch(text.removeprefix("sha256:")) is not None
