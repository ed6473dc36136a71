"""`dockersim web [LESSON.yaml ...]`: the lesson page in the browser (dockersim/web)."""

from __future__ import annotations

from pathlib import Path
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
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            metavar="DIR",
            help="write a static site to DIR instead (the simulator runs in the browser, with "
            "Pyodide; docs/web-export.md)",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="with --export: write into a DIR that is not empty")
    ] = False,
    pyodide: Annotated[
        Path | None,
        typer.Option(
            "--pyodide",
            metavar="PATH",
            help="with --export: the Pyodide npm package (folder or .tgz) instead of the cache",
        ),
    ] = None,
) -> None:
    """Serve the lesson page: the lesson, a terminal on the saved world, and its pictures."""
    if export is not None:
        from dockersim.web.export import main as export_main

        argv = [str(export), *(lessons or [])]
        argv += ["--force"] if force else []
        argv += ["--pyodide", str(pyodide)] if pyodide is not None else []
        raise typer.Exit(export_main(argv))
    from dockersim.web.server import serve

    raise typer.Exit(serve(lessons or [], port=port, browser=browser))
