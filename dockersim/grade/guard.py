"""Docker command lines the grader refuses to run: those that would reach the grading machine.

The simulator keeps containers, images and the host's files in memory, but a few docker CLI
options name files on the *real* disk or read the real environment, as the docker CLI does:
`save -o` and `export -o` write a file, `load -i` and `import FILE` read one, `build` reads a
context directory that is not on the simulated host, `--iidfile`, `--cidfile`, `--env-file` and
the other `*file` options name files, `--build-arg NAME` (without `=`) reads the environment,
and the global `--config`/`--tls*` options name files. A submission must never touch the
grading machine, so `refusal()` names the reason and the grader prints it as the command's
error instead of running it (exit status 1, like a docker CLI error).
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from dockersim.engine.host import HOST_HOME
from dockersim.errors import Error

if TYPE_CHECKING:
    from dockersim.engine import Engine

_BUILD = ("image build", "builder build")
_GLOBAL_FILES = ("config", "tlscacert", "tlscert", "tlskey")


def refusal(argv: list[str], engine: Engine) -> str | None:
    """Why the grader may not run `docker <argv>`, or None when it is safe."""
    from dockersim.docker import flags, spec

    try:
        options, rest = flags.parse_global(argv)
        command, rest = spec.load().lookup(rest)
        parsed = flags.parse(command, rest)
    except flags.UsageError:
        return None  # docker prints the usage error itself, nothing runs
    except (Error, ValueError):
        return None
    for name in sorted(options.set):
        if name in _GLOBAL_FILES:
            return _says(f"--{name}", "names a file on the grading machine")
    path = command.path
    for name in sorted(parsed.set):
        if name.endswith("file") and not (path in _BUILD and name == "file"):
            return _says(f"--{name}", "names a file on the grading machine")
    values = parsed.values
    if path in ("image save", "container export") and values.get("output"):
        return _says("-o", "writes a file on the grading machine")
    if path == "image load" and values.get("input"):
        return _says("-i", "reads a file on the grading machine")
    if path == "image import" and parsed.args and parsed.args[0] != "-":
        return _says(parsed.args[0], "is a file or URL outside the simulation")
    if path in _BUILD:
        return _build_refusal(parsed.args, values, engine)
    return None


def _says(what: str, why: str) -> str:
    return f"dockersim grade: refused: {what} {why}; use the simulated host's files instead"


def _build_refusal(args: list[str], values: dict[str, object], engine: Engine) -> str | None:
    build_args = values.get("build-arg") or []
    for item in build_args if isinstance(build_args, list) else []:
        if "=" not in str(item):
            return _says(f"--build-arg {item}", "reads the grading machine's environment")
    context = args[0] if args else ""
    if context == "-":
        return None
    if "://" in context or context.startswith("git@"):
        return _says(context, "is a remote build context")
    fs = engine.host_fs()
    directory = posixpath.normpath(posixpath.join(HOST_HOME, context))
    dockerfile = str(values.get("file") or "")
    wanted = (
        posixpath.normpath(posixpath.join(HOST_HOME, dockerfile))
        if dockerfile
        else posixpath.join(directory, "Dockerfile")
    )
    entry = fs.get(fs.resolve(directory)) if fs.exists(directory) else None
    if entry is None or entry.kind != "dir" or not fs.exists(wanted):
        return _says(
            f"the build context {context}", "is not a directory with a Dockerfile on the host"
        )
    return None
