"""The `dockersim` command.

`dockersim docker ...` is the hot path: a warm process that has imported everything runs it
(`cli/warm.py`), or else it goes straight to the docker front end without importing typer.
`play` goes the same ways (a lesson set pays its imports at every run). Everything else goes
through the typer app in `cli/app.py`.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """The `dockersim` command. A reader that goes away (`... | head -1`) ends it quietly, with
    the status a program killed by SIGPIPE has, as the docker CLI does; so does Ctrl-C."""
    for stream in (sys.stdout, sys.stderr):
        # bytes a container wrote that are not UTF-8 (`gzip -c`) travel as surrogate escapes
        # (model/userland/io.py): they reach the terminal or file as those very bytes
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="surrogateescape")
    try:
        return _main(argv)
    except KeyboardInterrupt:  # Ctrl-C before a command's own handling (imports, a load):
        return 130  # the CLI's status for a command its SIGINT ended (128 + 2), no traceback
    except BrokenPipeError:
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush is silent
        return 141


#: what the warm process runs: docker, host and play commands, and shell completion's candidates
WARM = ("docker", "host", "play", "__complete")


def _main(argv: list[str] | None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if argv is None and args[:1] == ["docker"]:
        import gc

        # imports and the world's load build objects that live to the end and no garbage:
        # no collection walks them (run_docker freezes them and collects again after the load)
        gc.disable()
    if argv is None and args and args[0] in WARM:
        from dockersim.cli import warm  # a warm process runs it (cli/warm.py), if there is one

        status = warm.run(args)
        if status is not None:
            return status
    if argv is None:  # the whole process: attrs reuses the code an earlier one compiled
        from dockersim import attrscode
        from dockersim.cli import parsecache

        attrscode.arm()
        parsecache.arm()  # and node's modules reuse the trees an earlier one parsed
    if args and args[0] == "docker":
        from dockersim.cli.docker import run_docker

        return run_docker(args[1:], whole_process=argv is None)
    if args and args[0] == "host":
        from dockersim.cli.host import run_host

        return run_host(args[1:])
    if args and args[0] == "play":  # lessons start many processes: no typer either
        from dockersim.cli.play import run_play

        return run_play(args[1:])
    from dockersim.cli.app import run_app

    return run_app(args)
