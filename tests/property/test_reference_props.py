"""Properties of image references and digests (distribution/reference, go-digest, image-spec)."""

from __future__ import annotations

import re

from hypothesis import assume, given
from hypothesis import strategies as st

from dockersim.model.digest import Digest, InvalidDigest, chain_id, chain_ids, parse_digest
from dockersim.model.reference import (
    InvalidReference,
    Reference,
    parse_docker_ref,
    parse_reference,
)

HEX = "0123456789abcdef"
ALNUM = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
SEPARATORS = st.sampled_from([".", "_", "__", "-", "---"])


@st.composite
def path_components(draw: st.DrawFn) -> str:
    parts = [draw(ALNUM)]
    for _ in range(draw(st.integers(0, 2))):
        parts += [draw(SEPARATORS), draw(ALNUM)]
    return "".join(parts)


PATHS = st.lists(path_components(), min_size=1, max_size=3).map("/".join)
LABELS = st.from_regex(re.compile(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,5}[a-zA-Z0-9])?"), fullmatch=True)
HOSTS = st.one_of(
    st.lists(LABELS, min_size=2, max_size=3).map(".".join),
    st.sampled_from(["[::1]", "[2001:db8::1]", "[fc00:1:2:3:4:5:6:7]", "127.0.0.1"]),
)
PORTS = st.one_of(st.just(""), st.integers(1, 65535).map(":{}".format))
REGISTRIES = st.tuples(HOSTS, PORTS).map("".join)
DOMAINS = st.one_of(
    st.none(),
    st.sampled_from(["docker.io", "index.docker.io", "localhost", "localhost:5000", "Foo"]),
    REGISTRIES,
)
TAGS = st.from_regex(re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}"), fullmatch=True)
DIGESTS = st.one_of(
    st.text(HEX, min_size=64, max_size=64).map("sha256:{}".format),
    st.text(HEX, min_size=128, max_size=128).map("sha512:{}".format),
)


@st.composite
def reference_texts(draw: st.DrawFn) -> str:
    """A valid reference as a user might type it: [registry/]path[:tag][@digest]."""
    domain = draw(DOMAINS)
    text = draw(PATHS) if domain is None else f"{domain}/{draw(PATHS)}"
    if draw(st.booleans()):
        text += ":" + draw(TAGS)
    if draw(st.booleans()):
        text += "@" + draw(DIGESTS)
    return text


@given(reference_texts())
def test_normalized_form_is_a_fixed_point(text: str) -> None:
    """`ParseNormalizedNamed` "transform[s] a familiar name from Docker UI to a fully qualified
    reference": parsing the fully qualified string gives the same reference back."""
    ref = parse_reference(text)
    again = parse_reference(ref.normalized)
    assert (again, again.normalized) == (ref, ref.normalized)


@given(reference_texts())
def test_familiar_form_parses_back(text: str) -> None:
    """`familiarizeName` "returns a shortened version of the name familiar to the Docker UI":
    typing that short form again names the same image. (Not for a Docker Hub namespace that
    looks like a registry, e.g. `docker.io/localhost/x` familiarises to `localhost/x`.)"""
    ref = parse_reference(text)
    first = ref.path.split("/", 1)[0]
    assume(not (ref.is_default_domain and (first == "localhost" or "." in first)))
    assert parse_reference(ref.familiar) == ref


@given(REGISTRIES, PATHS)
def test_a_host_with_a_dot_or_a_port_is_the_registry(registry: str, path: str) -> None:
    """splitDockerDomain: a first component that "contains a '.' (e.g., "example.com" or
    "127.0.0.1")" or "a ':' (e.g., "example:5000", "::1", or "[::1]:5000")" is the domain."""
    assume(registry != "index.docker.io")
    ref = parse_reference(f"{registry}/{path}")
    assert (ref.domain, ref.path) == (registry, path)


@given(st.text(alphabet="aZ09._-:/@[]", max_size=30) | reference_texts())
def test_any_accepted_text_normalizes_stably(text: str) -> None:
    """Every string Docker accepts has one fully qualified form: whatever parses, its
    `String()` parses to the same reference; anything else fails with an upstream sentence."""
    try:
        ref = parse_reference(text)
    except InvalidReference:
        return
    assert parse_reference(ref.normalized) == ref


@given(reference_texts())
def test_parse_docker_ref_keeps_exactly_one_of_tag_and_digest(text: str) -> None:
    """ParseDockerRef "returns a reference that is either tagged or digested. For references
    containing both a tag and a digest, it returns a digested reference"."""
    ref = parse_reference(text)
    docker_ref = parse_docker_ref(text)
    expected_tag = None if ref.digest else (ref.tag or "latest")
    assert docker_ref == Reference(ref.domain, ref.path, expected_tag, ref.digest)


@given(st.sampled_from([("sha256", 64), ("sha384", 96), ("sha512", 128)]), st.data())
def test_digest_round_trip(algorithm_and_length: tuple[str, int], data: st.DataObject) -> None:
    """go-digest: a digest string is `algorithm:encoded` and `Parse` returns it unchanged."""
    algorithm, length = algorithm_and_length
    encoded = data.draw(st.text(HEX, min_size=length, max_size=length))
    digest = Digest(algorithm, encoded)
    assert (parse_digest(str(digest)), str(parse_digest(str(digest)))) == (digest, str(digest))


@given(st.text(alphabet="sha256:0123456789abcdefABCDEF+._-", max_size=80))
def test_parse_digest_accepts_or_says_why(text: str) -> None:
    """go-digest `Validate` fails only with ErrDigestInvalidFormat, ErrDigestInvalidLength or
    ErrDigestUnsupported; a digest it accepts prints back as the input."""
    try:
        digest = parse_digest(text)
    except InvalidDigest as err:
        assert str(err) in {
            "invalid checksum digest format",
            "invalid checksum digest length",
            "unsupported digest algorithm",
        }
    else:
        assert str(digest) == text


DIFF_IDS = st.lists(st.text(HEX, min_size=64, max_size=64).map(lambda h: Digest("sha256", h)))


@given(DIFF_IDS, DIFF_IDS)
def test_chain_ids_are_prefix_stable(lower: list[Digest], upper: list[Digest]) -> None:
    """image-spec: "ChainID(L₀|...|Lₙ₋₁|Lₙ) = Digest(ChainID(L₀|...|Lₙ₋₁) + " " +
    DiffID(Lₙ))": a layer's chain ID depends only on the layers below it, so an image built
    on another shares its base's chain IDs."""
    whole = chain_ids(lower + upper)
    assert whole[: len(lower)] == chain_ids(lower)
    assert len(whole) == len(lower) + len(upper)


@given(DIFF_IDS)
def test_chain_ids_are_a_pure_function(diff_ids: list[Digest]) -> None:
    """ChainID is computed from the diffIDs alone: same input, same IDs, input untouched, and
    each step is `chain_id(parent, diff_id)`."""
    before = list(diff_ids)
    first, second = chain_ids(diff_ids), chain_ids(tuple(diff_ids))
    steps: list[Digest] = []
    for diff_id in diff_ids:
        steps.append(chain_id(steps[-1] if steps else None, diff_id))
    assert (first, second, diff_ids) == (steps, steps, before)
