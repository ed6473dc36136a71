"""`dockersim show layers IMAGE|CONTAINER`: the layer stack, top to bottom.

Each layer comes with its size (the layer store's), the history entry that made it, and the
other local images that hold the same layer: the store keeps it once, and a pull that finds it
prints `Already exists`. History entries that made no layer (ENV, CMD, ...) are shown between
the layers as config-only steps. A container adds its writable layer on top, with what
`docker diff` lists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from dockersim.errors import NotFound
from dockersim.model.humanize import human_size_with_precision
from dockersim.model.reference import parse_reference
from dockersim.pictures import NothingToShow
from dockersim.pictures.ink import Ink, box, dot_text, mermaid_text, shorten

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.engine.world import ImageRecord

WIDTH = 64


def human_size(size: int) -> str:
    """Sizes as `docker history` and `docker images` print them (3 significant digits)."""
    return human_size_with_precision(size, 3)


@attrs.frozen
class Layer:
    chain_id: str
    size: int
    created_by: str
    shared_with: tuple[str, ...] = ()


@attrs.frozen
class Step:
    """A history entry that changed only the config (no layer)."""

    created_by: str


@attrs.frozen
class Stack:
    title: str
    #: image layers and config-only steps, newest first
    rows: tuple[Layer | Step, ...]
    #: a container's writable layer: what `docker diff` lists (None for an image)
    changes: tuple[tuple[str, str], ...] | None = None
    #: what the stack belongs to: ("image", its name) or ("container", its name)
    subject: tuple[str, str] = ("image", "")

    @property
    def layers(self) -> list[Layer]:
        return [row for row in self.rows if isinstance(row, Layer)]


def image_name(engine: Engine, image_id: str) -> str:
    """The image's first tag as `docker images` spells it, else its short ID."""
    refs = engine.references_of(image_id)
    tagged = [parse_reference(ref).familiar for ref in refs if "@" not in ref]
    return tagged[0] if tagged else image_id.removeprefix("sha256:")[:12]


def stack_of(engine: Engine, name: str) -> Stack:
    """A container (looked up first, as `docker inspect` does) or an image."""
    try:
        container = engine.container_get(name)
    except NotFound:
        pass
    else:
        image = engine.image_by_id(container.image_id)
        top = engine.world.rw_layers.get(container.id)
        image_text = image_name(engine, image.id) if image is not None else container.image_ref
        title = f"container {container.display_name} ({container.short_id}) on {image_text}"
        changes = tuple(engine.container_fs(container).diff())
        subject = ("container", container.display_name)
        return Stack(title, _rows(engine, image, top), changes, subject)
    try:
        image = engine.image_get(name)
    except NotFound:
        raise NothingToShow(f"no such image or container: {name}") from None
    short = image.id.removeprefix("sha256:")[:12]
    named = image_name(engine, image.id)
    return Stack(f"image {named} ({short})", _rows(engine, image, None), None, ("image", named))


def _rows(engine: Engine, image: ImageRecord | None, top: str | None) -> tuple[Layer | Step, ...]:
    world = engine.world
    chains = [str(c) for c in image.config.chain_ids] if image is not None else []
    if top is None and chains:
        top = chains[-1]
    made_by: dict[str, str] = {}
    steps_after: dict[int, list[str]] = {}
    index = 0
    for entry in image.config.history if image is not None else ():
        if entry.empty_layer or index >= len(chains):
            steps_after.setdefault(index, []).append(entry.created_by)
        else:
            made_by[chains[index]] = entry.created_by
            index += 1
    walk: list[str] = []
    while top is not None and top in world.layers:
        walk.append(top)
        top = world.layers[top].parent
    rows: list[Layer | Step] = []
    for position, chain in enumerate(reversed(walk)):
        rows.extend(Step(text) for text in steps_after.get(position, ()))
        record = world.layers[chain]
        own = image.id if image is not None else ""
        rows.append(Layer(chain, record.size, made_by.get(chain, ""), _sharing(engine, chain, own)))
    rows.extend(Step(text) for text in steps_after.get(len(walk), ()))
    return tuple(reversed(rows))


def _sharing(engine: Engine, chain: str, own: str) -> tuple[str, ...]:
    names = [
        image_name(engine, other.id)
        for other in engine.world.images.values()
        if other.id != own and chain in {str(c) for c in other.config.chain_ids}
    ]
    return tuple(sorted(names))


def _layer_lines(layer: Layer) -> list[str]:
    lines = [f"{human_size(layer.size):>8}  {shorten(layer.created_by or '(unknown)', WIDTH)}"]
    lines.append(f"{'':8}  {layer.chain_id.removeprefix('sha256:')[:12]}")
    if layer.shared_with:
        lines.append(f"{'':8}  shared with {', '.join(layer.shared_with)}")
    return lines


def _counted(stack: Stack) -> str:
    """ "1 layer, 4.42MB": how many layers and their total size."""
    layers = stack.layers
    total = human_size(sum(layer.size for layer in layers))
    return f"{len(layers)} layer{'s' if len(layers) != 1 else ''}, {total}"


def text(stack: Stack, ink: Ink) -> str:
    layers = stack.layers
    out = [f"{ink(stack.title, 'bold')}: {_counted(stack)}", ""]
    if stack.changes is not None:
        body = [f"{kind} {path}" for kind, path in stack.changes] or ["(no changes yet)"]
        shown = [len(line) for line in body]
        out += box(" writable layer (docker diff) ", [ink(b, "green") for b in body], shown)
    number = len(layers)
    for row in stack.rows:
        if isinstance(row, Step):
            out.append(ink(f"  · {shorten(row.created_by, WIDTH)}  (config only)", "dim"))
            continue
        lines = _layer_lines(row)
        title = f" layer {number}{' (top)' if number == len(layers) else ''} "
        out += box(
            title,
            [ink(line, "cyan") if "shared" in line else line for line in lines],
            [len(line) for line in lines],
        )
        number -= 1
    if any(layer.shared_with for layer in layers):
        out += ["", "A shared layer is stored once; pulling it again says `Already exists`."]
    return "\n".join(out) + "\n"


def mermaid(stack: Stack) -> str:
    out = ["flowchart TB", f'  title["{mermaid_text(stack.title)}"]']
    previous = "title"
    if stack.changes is not None:
        changes = "<br/>".join(f"{k} {p}" for k, p in stack.changes) or "(no changes yet)"
        out.append(f'  rw["writable layer<br/>{mermaid_text(changes)}"]')
        out.append(f"  {previous} --> rw")
        previous = "rw"
    number = len(stack.layers)
    for row in stack.layers:
        label = f"layer {number}: {human_size(row.size)}<br/>{shorten(row.created_by, WIDTH)}"
        if row.shared_with:
            label += f"<br/>shared with {', '.join(row.shared_with)}"
        out.append(f'  L{number}["{mermaid_text(label)}"]')
        out.append(f"  {previous} --> L{number}")
        previous = f"L{number}"
        number -= 1
    return "\n".join(out) + "\n"


def dot(stack: Stack) -> str:
    out = ["digraph layers {", "  rankdir=TB;", "  node [shape=box];"]
    out.append(f'  title [shape=plaintext, label="{dot_text(stack.title)}"];')
    previous = "title"
    if stack.changes is not None:
        changes = "\\n".join(dot_text(f"{k} {p}") for k, p in stack.changes)
        label = "writable layer\\n" + (changes or "(no changes yet)")
        out.append(f'  rw [label="{label}", style=dashed];')
        out.append(f"  {previous} -> rw;")
        previous = "rw"
    number = len(stack.layers)
    for row in stack.layers:
        parts = [f"layer {number}: {human_size(row.size)}", shorten(row.created_by, WIDTH)]
        if row.shared_with:
            parts.append(f"shared with {', '.join(row.shared_with)}")
        label = "\\n".join(dot_text(p) for p in parts)
        out.append(f'  L{number} [label="{label}"];')
        out.append(f"  {previous} -> L{number};")
        previous = f"L{number}"
        number -= 1
    return "\n".join([*out, "}"]) + "\n"


def svg(stack: Stack, highlight: frozenset[str] = frozenset()) -> str:
    """The stack as boxes, top first: the writable layer (dashed), then each layer with its
    size, instruction, chain ID and sharing; config-only steps as dim lines between them."""
    from dockersim.pictures.svg import GAP, PAD, Canvas, Line, box_size, line

    kind, name = stack.subject
    heading = line((stack.title, "b"), f": {_counted(stack)}")
    changes: list[Line] | None = None
    if stack.changes is not None:
        colours = {"A": "ok", "C": "warn", "D": "bad"}
        changes = [line(("writable layer (docker diff)", "b"))]
        changes += [line((f"{k} {p}", colours.get(k, ""))) for k, p in stack.changes]
        if not stack.changes:
            changes.append(line(("(no changes yet)", "dim")))
    boxes: list[tuple[Layer, list[Line]]] = []
    number = len(stack.layers)
    for row in stack.layers:
        top = " (top)" if number == len(stack.layers) else ""
        lines = [
            line((f"layer {number}{top}", "b")),
            line(f"{human_size(row.size)}  {shorten(row.created_by or '(unknown)', WIDTH)}"),
            line((row.chain_id.removeprefix("sha256:")[:12], "dim")),
        ]
        if row.shared_with:
            lines.append(line((f"shared with {', '.join(row.shared_with)}", "accent")))
        boxes.append((row, lines))
        number -= 1
    width = max(box_size(lines)[0] for lines in [[heading], *(b for _, b in boxes)])
    if changes is not None:
        width = max(width, box_size(changes)[0])
    canvas = Canvas(highlight)
    rect = canvas.box(
        PAD, PAD, [heading], cls=kind, kind=kind, name=name, label=stack.title, width=width
    )
    y = rect.bottom + GAP
    if changes is not None:
        label = f"the writable layer of {name}: {len(stack.changes or ())} changes"
        rect = canvas.box(
            PAD, y, changes, cls="writable", kind="writable-layer", name=name, label=label,
            width=width,
        )  # fmt: skip
        y = rect.bottom + GAP
    layers = iter(boxes)
    for item in stack.rows:
        if isinstance(item, Step):
            step = line((f"· {shorten(item.created_by, WIDTH)}  (config only)", "dim"))
            label = f"config-only step: {item.created_by}"
            rect = canvas.row(
                PAD, y, width, step, cls="step", kind="step", name=item.created_by, label=label
            )
            y = rect.bottom + 2
            continue
        layer, lines = next(layers)
        shared = f", shared with {', '.join(layer.shared_with)}" if layer.shared_with else ""
        label = f"layer {layer.chain_id}: {human_size(layer.size)}{shared}"
        cls = "layer shared" if layer.shared_with else "layer"
        rect = canvas.box(
            PAD, y, lines, cls=cls, kind="layer", name=layer.chain_id, label=label, width=width
        )
        y = rect.bottom + GAP
    if any(layer.shared_with for layer in stack.layers):
        note = "A shared layer is stored once; pulling it again says `Already exists`."
        canvas.text(PAD, y + 13, line((note, "dim")))
    desc = f"{stack.title}: {_counted(stack)}; the layer stack, top layer first."
    return canvas.document(f"layers of {kind} {name}", desc)
