"""`--explain`: what one step changed in the world, as a few lines and small diagrams.

A `Snapshot` records what a learner can see change: images (and their layer stacks), layers
in the store, containers and their states, files in each container's writable layer,
volumes, networks, files on the host, and the virtual clock. `changes(before, after)` says
the difference: a pulled image as its stack of layers (top first, each marked new or already
there), a container's state as `created → running`, files as `docker diff` shows them.
`pictures(before, after)` names the pictures (`dockersim/pictures`) that `play --explain`
draws after the step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from dockersim.model.humanize import human_size_with_precision
from dockersim.model.network import PREDEFINED
from dockersim.model.reference import InvalidReference, parse_reference
from dockersim.scenario.durations import format_duration

if TYPE_CHECKING:
    from dockersim.engine import Engine

MAX_FILES = 8


@attrs.frozen
class ImageView:
    refs: tuple[str, ...]
    layers: tuple[str, ...]  # chain IDs, base first


@attrs.frozen
class ContainerView:
    name: str
    image: str
    status: str
    exit_code: int
    oom_killed: bool

    def state(self) -> str:
        if self.status in ("exited", "dead"):
            oom = ", OOM-killed" if self.oom_killed else ""
            return f"{self.status} ({self.exit_code}{oom})"
        return self.status


@attrs.frozen
class Snapshot:
    now: float
    images: dict[str, ImageView]
    layers: dict[str, tuple[str, int]]  # chain ID -> (short blob digest, size)
    containers: dict[str, ContainerView]
    files: dict[str, tuple[tuple[str, str], ...]]
    volumes: tuple[str, ...]
    networks: tuple[str, ...]
    host_files: tuple[str, ...]
    #: network name -> IDs of the containers on it
    members: dict[str, frozenset[str]] = attrs.Factory(dict)
    #: volume name -> its files: path -> (kind, size, a digest of the content)
    volume_files: dict[str, dict[str, tuple[str, int, int]]] = attrs.Factory(dict)


def _familiar(ref: str) -> str:
    try:
        return parse_reference(ref).familiar
    except InvalidReference:
        return ref


def _names(table: Any) -> tuple[str, ...]:
    if not isinstance(table, dict):
        return ()
    return tuple(sorted(str(getattr(v, "name", k)) for k, v in table.items()))


def take(engine: Engine) -> Snapshot:
    world = engine.world
    images = {
        image_id: ImageView(
            tuple(_familiar(r) for r in engine.references_of(image_id)),
            tuple(str(c) for c in image.config.chain_ids),
        )
        for image_id, image in world.images.items()
    }
    layers = {
        chain: (layer.blob_digest.removeprefix("sha256:")[:12], layer.size)
        for chain, layer in world.layers.items()
    }
    containers = {}
    files = {}
    for cid, item in world.containers.items():
        state = item.state
        containers[cid] = ContainerView(
            item.display_name, item.image_ref, state.status, state.exit_code, state.oom_killed
        )
        files[cid] = tuple(engine.container_fs(item).diff())
    return Snapshot(
        now=world.now,
        images=images,
        layers=layers,
        containers=containers,
        files=files,
        volumes=_names(getattr(world, "volumes", None)),
        networks=_names(getattr(world, "networks", None)),
        host_files=tuple(sorted(world.host_upper)),
        members={
            net.name: frozenset(net.endpoints) for net in getattr(world, "networks", {}).values()
        },
        volume_files={
            name: {
                path: (entry.kind, entry.size, hash((entry.content, entry.target, entry.mode)))
                for path, entry in data.items()
                if path != "/"
            }
            for name, data in world.volume_data.items()
        },
    )


def changes(before: Snapshot, after: Snapshot) -> list[str]:
    """Lines describing what changed (empty when nothing did)."""
    out: list[str] = []
    if after.now > before.now:
        out.append(f"clock: {format_duration(after.now - before.now)} of virtual time passed")
    out += _images(before, after)
    out += _containers(before, after)
    for what, old, new in (
        ("volume", before.volumes, after.volumes),
        ("network", before.networks, after.networks),
        ("host file", before.host_files, after.host_files),
    ):
        out += [f"+ {what} {name}" for name in new if name not in old]
        out += [f"- {what} {name}" for name in old if name not in new]
    out += _volume_contents(before, after)
    return out


def _volume_contents(before: Snapshot, after: Snapshot) -> list[str]:
    """Files added (A), changed (C) or deleted (D) in each volume that is still there, as
    `docker diff` marks them, with paths inside the volume."""
    out: list[str] = []
    for name, new in sorted(after.volume_files.items()):
        old = before.volume_files.get(name, {})
        diff = [("A" if p not in old else "C", p) for p, v in new.items() if old.get(p) != v]
        diff += [("D", p) for p in old if p not in new]
        if diff:  # under `+ volume NAME` for a new one
            out.append(f"~ volume {name}:" if name in before.volumes else f"  in volume {name}:")
            out += _file_list(sorted(diff, key=lambda item: item[1]))
    return out


def pictures(before: Snapshot, after: Snapshot) -> list[tuple[str, str]]:
    """The pictures worth showing after a step, as (kind, name) for `pictures.draw`: the
    layers of an image pulled or built, the lifecycle of a container whose state changed
    (or that was created), the network created or that a container joined or left (a new
    container on a predefined network, as every plain `docker run` is, does not count).
    At most one of each kind, the most recent."""
    out: list[tuple[str, str]] = []
    new_images = [i for i in after.images if i not in before.images]
    if new_images:
        view = after.images[new_images[-1]]
        out.append(("layers", view.refs[0] if view.refs else new_images[-1]))
    moved = [
        cid
        for cid, view in after.containers.items()
        if cid not in before.containers or before.containers[cid].state() != view.state()
    ]
    if moved:
        out.append(("container", moved[-1]))
    joined = [
        name
        for name, members in after.members.items()
        if name not in before.members
        or any(_joined(before, after, name, cid) for cid in members ^ before.members[name])
    ]
    if joined:
        out.append(("network", joined[-1]))
    return out


def _joined(before: Snapshot, after: Snapshot, network: str, cid: str) -> bool:
    """Whether a container coming onto or leaving `network` is news: `network connect` or
    `disconnect` on a container that stayed in its state, or a new container on a network
    the learner made (starting, stopping and removing change endpoints too, and say so)."""
    if cid not in after.containers:
        return False
    if cid in before.containers:
        return before.containers[cid].state() == after.containers[cid].state()
    return network not in PREDEFINED


def _images(before: Snapshot, after: Snapshot) -> list[str]:
    out: list[str] = []
    for image_id, view in after.images.items():
        short = image_id.removeprefix("sha256:")[:12]
        name = ", ".join(view.refs) or "<none>"
        old = before.images.get(image_id)
        if old is None:
            count = len(view.layers)
            out.append(f"+ image {name} ({short}), {count} layer{'s' if count != 1 else ''}:")
            out += _stack(view.layers, before, after)
        elif old.refs != view.refs:
            gained = [r for r in view.refs if r not in old.refs]
            lost = [r for r in old.refs if r not in view.refs]
            out += [f"+ tag {r} -> image {short}" for r in gained]
            out += [f"- tag {r} (image {short})" for r in lost]
    for image_id, view in before.images.items():
        if image_id not in after.images:
            short = image_id.removeprefix("sha256:")[:12]
            out.append(f"- image {', '.join(view.refs) or '<none>'} ({short}) removed")
    gone = [c for c in before.layers if c not in after.layers]
    if gone:
        out.append(f"- {len(gone)} layer{'s' if len(gone) != 1 else ''} deleted from the store")
    return out


def _stack(chain: tuple[str, ...], before: Snapshot, after: Snapshot) -> list[str]:
    """A layer stack, top layer first, as a box: short digest, size, new or shared."""
    rows = []
    for chain_id in reversed(chain):
        short, size = after.layers.get(chain_id, ("?", 0))
        note = "shared, already here" if chain_id in before.layers else "new"
        rows.append(f"{short}  {human_size_with_precision(size, 3):>7}  {note}")
    width = max(len(r) for r in rows) if rows else 0
    lines = ["  ┌" + "─" * (width + 2) + "┐"]
    lines += [f"  │ {r.ljust(width)} │" for r in rows]
    lines.append("  └" + "─" * (width + 2) + "┘")
    return lines


def _containers(before: Snapshot, after: Snapshot) -> list[str]:
    out: list[str] = []
    for cid, view in after.containers.items():
        old = before.containers.get(cid)
        label = f"container {view.name} ({cid[:12]})"
        if old is None:
            out.append(f"+ {label} from {view.image}: {view.state()}")
        elif old.state() != view.state():
            out.append(f"~ {label}: {old.state()} → {view.state()}")
        elif old.name != view.name:
            out.append(f"~ container {old.name} renamed to {view.name}")
        new_files = [f for f in after.files.get(cid, ()) if f not in before.files.get(cid, ())]
        if new_files:
            out.append(f"  in the writable layer of {view.name} (docker diff):")
            out += _file_list(new_files)
    for cid, view in before.containers.items():
        if cid not in after.containers:
            count = len(before.files.get(cid, ()))
            plural = "change" if count == 1 else "changes"
            lost = f"; its writable layer ({count} {plural}) is gone" if count else ""
            out.append(f"- container {view.name} ({cid[:12]}) removed{lost}")
    return out


def _file_list(files: list[tuple[str, str]]) -> list[str]:
    shown = [f"    {kind} {path}" for kind, path in files[:MAX_FILES]]
    more = len(files) - MAX_FILES
    return shown + ([f"    ... and {more} more"] if more > 0 else [])
