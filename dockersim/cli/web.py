"""`dockersim web [LESSON.yaml ...]`: the lesson page in the browser (dockersim/web)."""

from __future__ import annotations

from typing import Annotated

import typer


def web(
    lessons: Annotated[
        list[str] | None,
        typer.Argument(metavar="[LESSON.yaml]...", help="lessons to show (none: a playground)"),
    ] = None,
    port: Annotated[
        int,
        typer.Option(
            "--port", min=0, max=65535, help="port on 127.0.0.1 (0 or a busy one: a free port)"
        ),
    ] = 8642,
    browser: Annotated[
        bool, typer.Option("--browser/--no-browser", help="open the page in the web browser")
    ] = True,
) -> None:
    """Serve the lesson page: the lesson, a terminal on the saved world, and its pictures."""
    from dockersim.web.server import serve

    raise typer.Exit(serve(lessons or [], port=port, browser=browser))
