"""Digests and IDs are pure functions of content (image-spec: content addressing)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dockersim.model.fs import FileEntry, changeset
from dockersim.model.image import ContainerConfig, HistoryEntry, ImageConfig
from dockersim.model.layer import Layer

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1, max_size=12)
paths = st.lists(names, min_size=1, max_size=4).map(lambda parts: "/" + "/".join(parts))
entries = st.lists(
    st.one_of(
        st.builds(FileEntry.file, paths, st.binary(max_size=64), st.sampled_from([0o644, 0o755])),
        st.builds(FileEntry.directory, paths),
        st.builds(FileEntry.symlink, paths, paths),
        st.builds(FileEntry.whiteout, paths),
    ),
    max_size=8,
)


@settings(max_examples=80, deadline=None)
@given(entries, st.integers(min_value=0, max_value=2**33))
def test_layer_digests_depend_only_on_content(items, mtime):
    """ "A layer's diffID is the digest over the layer's uncompressed tar archive": building the
    same changeset twice, in any input order, gives the same diffID and blob digest."""
    one = Layer.build(changeset(items), mtime)
    two = (
        Layer.build(changeset(list(reversed(items))), mtime)
        if len({e.path for e in items}) == len(items)
        else Layer.build(changeset(items), mtime)
    )
    assert (one.diff_id, one.blob_digest) == (two.diff_id, two.blob_digest)
    assert one.diff_id != one.blob_digest


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.text(max_size=20), max_size=4),
    st.one_of(st.none(), st.lists(st.text(max_size=10), max_size=3)),
    st.sampled_from(["amd64", "arm64"]),
)
def test_image_id_is_sha256_of_config_bytes(env, cmd, arch):
    """ "Each image's ID is given by the SHA256 hash of its configuration JSON"; equal configs
    have equal IDs, and any change of a field changes the ID."""
    layer = Layer.build(changeset([FileEntry.file("/f", "x")]))

    def make(environment):
        return ImageConfig(
            architecture=arch,
            os="linux",
            created="2025-01-01T00:00:00Z",
            config=ContainerConfig(env=environment, cmd=cmd),
            diff_ids=(layer.diff_id,),
            history=(HistoryEntry("2025-01-01T00:00:00Z", "ADD f /"),),
        )

    import hashlib

    first, second = make(env), make(list(env))
    assert first.id == second.id
    assert first.id.hex == hashlib.sha256(first.to_bytes()).hexdigest()
    assert make([*env, "EXTRA=1"]).id != first.id
