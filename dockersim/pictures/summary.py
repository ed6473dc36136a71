"""`dockersim show`: the world on one screen (images, containers, networks, volumes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.pictures.ink import Ink, box, dot_text, mermaid_text
from dockersim.pictures.layers import human_size, image_name

if TYPE_CHECKING:
    from dockersim.engine import Engine


@attrs.frozen
class Summary:
    #: (name, size, layer count)
    images: tuple[tuple[str, int, int], ...]
    #: (name, image, status text, state)
    containers: tuple[tuple[str, str, str, str], ...]
    #: (network name, container names)
    networks: tuple[tuple[str, tuple[str, ...]], ...]
    volumes: tuple[str, ...]


def summary_of(engine: Engine) -> Summary:
    images = sorted(
        (image_name(engine, image.id), engine.image_size(image), len(image.config.chain_ids))
        for image in engine.world.images.values()
    )
    containers = sorted(
        (
            c.display_name,
            _image_of(engine, c.image_id, c.image_ref),
            c.state.status_text(engine.now),
            c.state.status,
        )
        for c in engine.container_list()
    )
    graph = engine.graph()
    networks = sorted(
        (
            net.name,
            tuple(
                sorted(
                    c.display_name for cid in net.endpoints if (c := engine.container_by_id(cid))
                )
            ),
        )
        for net in graph.networks.values()
    )
    volumes = sorted(v.name for v in engine.world.volumes.values())
    return Summary(tuple(images), tuple(containers), tuple(networks), tuple(volumes))


def _image_of(engine: Engine, image_id: str, ref: str) -> str:
    return image_name(engine, image_id) if engine.image_by_id(image_id) is not None else ref


def text(world: Summary, ink: Ink) -> str:
    rows = [
        f"{name}  {human_size(size)}, {count} layer{'s' if count != 1 else ''}"
        for name, size, count in world.images
    ]
    out = box(f" images: {len(world.images)} ", rows or ["(none)"])
    lines, shown = [], []
    for name, image, status, state in world.containers:
        plain = f"{name}  {image}  {status or state}"
        colour = "green" if state == "running" else "yellow" if state == "paused" else "dim"
        lines.append(f"{ink(name, 'bold')}  {image}  {ink(status or state, colour)}")
        shown.append(len(plain))
    out += box(f" containers: {len(world.containers)} ", lines or ["(none)"], shown or None)
    nets = [f"{name}: {', '.join(members) or '(empty)'}" for name, members in world.networks]
    out += box(f" networks: {len(world.networks)} ", nets)
    out += box(f" volumes: {len(world.volumes)} ", list(world.volumes) or ["(none)"])
    out.append("More: dockersim show layers IMAGE|CONTAINER, show container NAME, show network")
    return "\n".join(out) + "\n"


def mermaid(world: Summary) -> str:
    out = ["flowchart LR"]
    ids = {name: f"I{n}" for n, (name, _, _) in enumerate(world.images, 1)}
    for name, size, _ in world.images:
        out.append(f'  {ids[name]}[("{mermaid_text(f"{name} {human_size(size)}")}")]')
    for n, (name, image, status, _) in enumerate(world.containers, 1):
        out.append(f'  C{n}["{mermaid_text(f"{name}: {status}")}"]')
        if image in ids:
            out.append(f"  C{n} --> {ids[image]}")
    names = {c[0]: f"C{n}" for n, c in enumerate(world.containers, 1)}
    for n, (name, members) in enumerate(world.networks, 1):
        out.append(f'  N{n}{{{{"{mermaid_text(name)}"}}}}')
        out += [f"  {names[m]} --- N{n}" for m in members if m in names]
    return "\n".join(out) + "\n"


def dot(world: Summary) -> str:
    out = ["digraph world {", "  rankdir=LR;"]
    ids = {name: f"I{n}" for n, (name, _, _) in enumerate(world.images, 1)}
    for name, size, _ in world.images:
        label = dot_text(f"{name} {human_size(size)}")
        out.append(f'  {ids[name]} [shape=cylinder, label="{label}"];')
    for n, (name, image, status, _) in enumerate(world.containers, 1):
        out.append(f'  C{n} [shape=box, label="{dot_text(f"{name}: {status}")}"];')
        if image in ids:
            out.append(f"  C{n} -> {ids[image]};")
    names = {c[0]: f"C{n}" for n, c in enumerate(world.containers, 1)}
    for n, (name, members) in enumerate(world.networks, 1):
        out.append(f'  N{n} [shape=hexagon, label="{dot_text(name)}"];')
        out += [f"  {names[m]} -> N{n} [dir=none];" for m in members if m in names]
    return "\n".join([*out, "}"]) + "\n"


def svg(world: Summary, highlight: frozenset[str] = frozenset()) -> str:
    """Four lists side by side in two rows (images and containers, networks and volumes),
    each item its own object."""
    from dockersim.pictures.svg import GAP, LINE, PAD, Canvas, Line, Rect, box_size, line

    colours = {"running": "ok", "paused": "warn", "restarting": "warn", "dead": "bad"}
    rows: dict[str, list[tuple[str, str, Line]]] = {
        "image": [
            (
                name,
                f"image {name}",
                line(
                    (name, "b"), f"  {human_size(size)}, {count} layer{'s' if count != 1 else ''}"
                ),
            )
            for name, size, count in world.images
        ],
        "container": [
            (
                name,
                f"container {name}: {status or state}",
                line((name, "b"), f"  {image}  ", (status or state, colours.get(state, "dim"))),
            )
            for name, image, status, state in world.containers
        ],
        "network": [
            (name, f"network {name}", line((name, "b"), f": {', '.join(members) or '(empty)'}"))
            for name, members in world.networks
        ],
        "volume": [(name, f"volume {name}", line(name)) for name in world.volumes],
    }
    titles = {
        "image": "images",
        "container": "containers",
        "network": "networks",
        "volume": "volumes",
    }
    sizes = {
        kind: box_size([line(f"{titles[kind]}: 00"), *(r for _, _, r in items)])
        for kind, items in rows.items()
    }
    canvas = Canvas(highlight)
    y: float = PAD
    for pair in (("image", "container"), ("network", "volume")):
        x: float = PAD
        height = max(sizes[kind][1] + (LINE if not rows[kind] else 0) for kind in pair)
        for kind in pair:
            items = rows[kind]
            width = sizes[kind][0] + 8
            canvas.open("list", "list", titles[kind], f"{len(items)} {titles[kind]}")
            canvas.rect(Rect(x, y, width, height))
            canvas.text(x + PAD, y + 19, line((f"{titles[kind]}: {len(items)}", "b")))
            if not items:
                canvas.text(x + PAD, y + 19 + LINE, line(("(none)", "dim")))
            for number, (name, label, row) in enumerate(items):
                top = y + 6 + (number + 1) * LINE
                canvas.row(
                    x + 4,
                    top,
                    width - 8,
                    row,
                    cls=f"row {kind}-row",
                    kind=kind,
                    name=name,
                    label=label,
                )
            canvas.close()
            x += width + GAP
        y += height + GAP
    desc = (
        f"The world: {len(world.images)} images, {len(world.containers)} containers, "
        f"{len(world.networks)} networks, {len(world.volumes)} volumes."
    )
    return canvas.document("the simulated world", desc)
