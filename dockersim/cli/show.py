"""`dockersim show [layers|container|network]`: pictures of the saved world (dockersim/pictures)."""

from __future__ import annotations

import enum
import os
import sys
from typing import Annotated

import typer

from dockersim.errors import Error


class Format(enum.StrEnum):
    text = "text"
    mermaid = "mermaid"
    dot = "dot"
    svg = "svg"


FormatOption = Annotated[
    Format,
    typer.Option(
        "--format",
        help="text (colour on a terminal unless NO_COLOR), mermaid, dot or svg (standalone, "
        "drawn by dockersim itself: no Graphviz needed)",
    ),
]


def _show(kind: str, name: str | None, fmt: Format) -> None:
    """Load the world, catch its clock up (not saved: showing changes nothing), draw."""
    from dockersim import store
    from dockersim.cli import clock
    from dockersim.pictures import draw

    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    try:
        with store.locked() as path:
            engine, _ = store.load(path)
            clock.catch_up(engine)
            picture = draw(engine, kind, name, fmt.value, color=color)
    except Error as exc:
        sys.stderr.write(f"dockersim: {exc}\n")
        raise typer.Exit(1) from None
    sys.stdout.write(picture)


app = typer.Typer(help="Draw the simulated world: layers, a container's lifecycle, networks.")


@app.callback(invoke_without_command=True)
def summary(ctx: typer.Context, fmt: FormatOption = Format.text) -> None:
    """With no subcommand: the world on one screen."""
    if ctx.invoked_subcommand is not None:
        return
    _show("summary", None, fmt)


@app.command()
def layers(name: str, fmt: FormatOption = Format.text) -> None:
    """The layer stack of an image or a container, top to bottom."""
    _show("layers", name, fmt)


@app.command()
def container(name: str, fmt: FormatOption = Format.text) -> None:
    """A container's lifecycle: its state, the commands that leave it, its restart policy."""
    _show("container", name, fmt)


@app.command()
def network(
    name: Annotated[str | None, typer.Argument()] = None, fmt: FormatOption = Format.text
) -> None:
    """The networks: hosts, bridges, containers with addresses and aliases, ports, names."""
    _show("network", name, fmt)
