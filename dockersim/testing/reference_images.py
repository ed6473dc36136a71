"""The image part of the reference host: tags, digest references, `pull`, `tag` and `rmi`.

An image is known by a key, the catalog repository it was pulled from (`busybox`, `alpine`);
`tags` maps a normalised tag (`busybox:latest`, `app:1`) to a key, `digests` a key to the
repositories it has a digest reference in (a pull records one). `rmi` follows the graphdriver
image store, which dockersim implements (lifecycle-moby.md §7; moby
daemon/images/image_delete.go): by tag, the last reference of an image in use needs `-f` (and
with `-f` the image stays, untagged, while a running container uses it); by ID, a running
container always blocks it, a stopped one or references in several repositories need `-f`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dockersim.testing.outcome import Outcome


@dataclass(kw_only=True)
class ImagesModel:
    """Mixin of `reference.Host`: what `docker images -a` should list."""

    images: set[str] = field(default_factory=set)
    tags: dict[str, str] = field(default_factory=dict)
    digests: dict[str, set[str]] = field(default_factory=dict)
    catalog: tuple[str, ...] = ("busybox", "alpine")

    def image_users(self, key: str) -> tuple[bool, bool]:
        """(a container uses the image, a running one does); the host answers."""
        raise NotImplementedError

    def pull(self, repo: str) -> Outcome:
        self.images.add(repo)
        self.tags[f"{repo}:latest"] = repo
        self.digests.setdefault(repo, set()).add(repo)
        return Outcome(0, changes=True)

    def tag(self, source: str, target: str) -> Outcome:
        key = self.tags.get(normalise(source))
        if key is None:
            return Outcome(1, changes=False)
        self.tags[normalise(target)] = key
        return Outcome(0, changes=True)

    def tags_of(self, key: str) -> list[str]:
        return sorted(t for t, k in self.tags.items() if k == key)

    def rmi(self, ref: str, force: bool, ids: dict[str, str]) -> Outcome:
        """`docker rmi [-f] REF`, REF a tag or an image ID prefix (`ids`: key -> full ID)."""
        by_id = [k for k in self.images if ids[k].removeprefix("sha256:").startswith(ref)]
        key = by_id[0] if by_id else self.tags.get(normalise(ref))
        if key is None:
            return Outcome(0 if force else 1, changes=False)
        users, running = self.image_users(key)
        tags = self.tags_of(key)
        repos = {t.partition(":")[0] for t in tags} | self.digests.get(key, set())
        single = len(tags) <= 1 and len(repos) <= 1
        if not by_id:
            if not force and single and users:
                return Outcome(1, changes=False)  # must force: a container uses it
            tag = normalise(ref)
            del self.tags[tag]
            repo = tag.partition(":")[0]
            if not any(t.partition(":")[0] == repo for t in self.tags_of(key)):
                self.digests.get(key, set()).discard(repo)
            if not self.tags_of(key) and not self.digests.get(key) and not (force and running):
                self._delete_image(key)
            return Outcome(0, changes=True)
        if single:
            if running or (users and not force):
                return Outcome(1, changes=False)
        elif running or not force:
            return Outcome(1, changes=False)  # running user, or referenced in several repos
        self._delete_image(key)
        return Outcome(0, changes=True)

    def _delete_image(self, key: str) -> None:
        for tag in self.tags_of(key):
            del self.tags[tag]
        self.digests.pop(key, None)
        self.images.discard(key)

    def expected_images(self, ids: dict[str, str]) -> list[str]:
        """`docker images -a --format '{{.Repository}}:{{.Tag}} {{.ID}}'`, sorted."""
        lines = []
        for key in self.images:
            short = ids[key].removeprefix("sha256:")[:12]
            tags = self.tags_of(key)
            tagged = {t.partition(":")[0] for t in tags}
            # docker/cli imageFormatTaggedAndDigest: a row per tag, then one per repository
            # that has only a digest reference
            names = tags + [f"{r}:<none>" for r in self.digests.get(key, ()) if r not in tagged]
            lines += [f"{n} {short}" for n in names or ["<none>:<none>"]]
        return sorted(lines)


def normalise(ref: str) -> str:
    """`busybox` -> `busybox:latest` (the references the machine uses have no registry)."""
    return ref if ":" in ref else f"{ref}:latest"
