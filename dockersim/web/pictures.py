"""The pictures under the terminal: what `dockersim show` draws, as inline SVG for the page.

After each command the page gets the summary and the networks, plus the lifecycle and the
layer stack of the container (or image) the learner touched last. What changed is found by
comparing two `scenario.explain` snapshots; its names are passed to the drawing as
`highlight` and listed beside it. Drawings are `dockersim.pictures.draw`'s `svg` format (the
same as `dockersim show --format svg`), inlined in the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.scenario.explain import Snapshot


@attrs.frozen
class Changed:
    """The names of what one command changed, by kind of object."""

    containers: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    volumes: tuple[str, ...] = ()

    @property
    def names(self) -> frozenset[str]:
        return frozenset((*self.containers, *self.images, *self.networks, *self.volumes))


def changed(before: Snapshot, after: Snapshot) -> Changed:
    """What differs between two snapshots: new, removed or changed containers, new images
    (by their first reference), networks and volumes added or removed."""
    containers = [
        view.name
        for cid, view in after.containers.items()
        if cid not in before.containers
        or before.containers[cid].state() != view.state()
        or before.containers[cid].name != view.name
    ]
    containers += [v.name for cid, v in before.containers.items() if cid not in after.containers]
    images = [
        (view.refs or (image_id.removeprefix("sha256:")[:12],))[0]
        for image_id, view in after.images.items()
        if image_id not in before.images or before.images[image_id].refs != view.refs
    ]
    networks = sorted(set(before.networks) ^ set(after.networks))
    volumes = sorted(set(before.volumes) ^ set(after.volumes))
    return Changed(tuple(containers), tuple(images), tuple(networks), tuple(volumes))


@attrs.define
class Focus:
    """The container and image whose own pictures the page shows (the last ones touched)."""

    container: str = ""
    image: str = ""

    def follow(self, change: Changed, engine: Engine) -> None:
        from dockersim.errors import Error

        for name in reversed(change.containers):
            try:  # a removed container is no longer one to show
                engine.container_inspect(name)
            except (Error, AttributeError):
                continue
            self.container = name
            break
        if change.images:
            self.image = change.images[-1]


def draw_all(engine: Engine, focus: Focus, change: Changed) -> list[dict[str, Any]]:
    """The pictures for the page: `{kind, name, title, svg | text, changed}` each."""
    wanted: list[tuple[str, str | None, str]] = [
        ("summary", None, "The world"),
        ("network", None, "Networks"),
    ]
    if focus.container:
        wanted.append(("container", focus.container, f"Container {focus.container}"))
        wanted.append(("layers", focus.container, f"Layers of container {focus.container}"))
    elif focus.image:
        wanted.append(("layers", focus.image, f"Layers of image {focus.image}"))
    pictures: list[dict[str, Any]] = []
    for kind, name, title in wanted:
        picture = draw_one(engine, kind, name, change.names)
        if picture is None:  # the object is gone: stop showing it
            if kind == "container":
                focus.container = ""
            continue
        picture.update(kind=kind, name=name or "", title=title, changed=sorted(change.names))
        pictures.append(picture)
    return pictures


def draw_one(
    engine: Engine, kind: str, name: str | None, highlight: frozenset[str]
) -> dict[str, Any] | None:
    """One picture as `{"svg": ...}`, what changed outlined; None when the object named
    does not exist (any more)."""
    from dockersim.errors import Error
    from dockersim.pictures import draw

    try:
        return {"svg": draw(engine, kind, name, "svg", highlight=highlight)}
    except Error:
        return None
