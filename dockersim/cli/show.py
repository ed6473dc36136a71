"""`dockersim show [layers|container|network]`: pictures of the saved world (dockersim/pictures)."""

from __future__ import annotations

import enum
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dockersim.errors import Error

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.pictures.draw import Ink


class Format(enum.StrEnum):
    text = "text"
    mermaid = "mermaid"
    dot = "dot"


FormatOption = Annotated[
    Format,
    typer.Option("--format", help="text (colour on a terminal unless NO_COLOR), mermaid or dot"),
]


def _show(draw: Callable[[Engine, Ink], str]) -> None:
    """Load the world, catch its clock up (not saved: showing changes nothing), draw."""
    from dockersim import store
    from dockersim.cli import clock
    from dockersim.pictures.draw import Ink

    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    try:
        with store.locked() as path:
            engine, _ = store.load(path)
            clock.catch_up(engine)
            picture = draw(engine, Ink(color))
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
    from dockersim.pictures import summary as pic

    _show(lambda engine, ink: _pick(pic, fmt, pic.summary_of(engine), ink))


@app.command()
def layers(name: str, fmt: FormatOption = Format.text) -> None:
    """The layer stack of an image or a container, top to bottom."""
    from dockersim.pictures import layers as pic

    _show(lambda engine, ink: _pick(pic, fmt, pic.stack_of(engine, name), ink))


@app.command()
def container(name: str, fmt: FormatOption = Format.text) -> None:
    """A container's lifecycle: its state, the commands that leave it, its restart policy."""
    from dockersim.pictures import lifecycle as pic

    _show(lambda engine, ink: _pick(pic, fmt, pic.lifecycle_of(engine, name), ink))


@app.command()
def network(
    name: Annotated[str | None, typer.Argument()] = None, fmt: FormatOption = Format.text
) -> None:
    """The networks: hosts, bridges, containers with addresses and aliases, ports, names."""
    from dockersim.pictures import network as pic

    _show(lambda engine, ink: _pick(pic, fmt, pic.topology_of(engine, name), ink))


def _pick(module: Any, fmt: Format, facts: object, ink: Ink) -> str:
    """The picture in the format asked: each module of pictures/ has text, mermaid and dot."""
    if fmt is Format.text:
        return str(module.text(facts, ink))
    return str(getattr(module, fmt.value)(facts))
