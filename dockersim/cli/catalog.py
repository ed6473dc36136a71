"""`dockersim catalog [NAME]`: the images the offline Docker Hub holds."""

from __future__ import annotations

from typing import Annotated

import typer


def catalog(
    name: Annotated[
        str | None, typer.Argument(help="a repository (python, node, ...) to list its tags")
    ] = None,
) -> None:
    """List the offline Docker Hub's repositories, or one repository's images and tags."""
    from dockersim import catalog as hub_data
    from dockersim.catalog.listing import repositories_text, tags_text

    hub = hub_data.load()
    if name is None:
        typer.echo(repositories_text(hub), nl=False)
        return
    text = tags_text(hub, name.removeprefix("library/"))
    if text is None:
        where = "is on Docker Hub but " if hub.on_hub_only(name) else ""
        typer.echo(
            f"dockersim: {name} {where}is not in the offline catalog; "
            "'dockersim catalog' lists the repositories it has",
            err=True,
        )
        raise typer.Exit(1)
    typer.echo(text, nl=False)
