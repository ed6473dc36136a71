"""What the language toolchains share: reading the version files of an image, and the small
executables their compilers write (`gcc hello.c`, `go build`).

A toolchain knows its version from a file the real image has (`/usr/local/go/VERSION`,
`$JAVA_HOME/release`, ...), never from the environment, which a user may change. What a
compiler "builds" is a stand-in executable (`built`) that carries the lines the program
prints; running it prints them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.model.cowfs import FsError
from dockersim.model.fs import PROGRAM_MAGIC, program_stub

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx

GOARCH = {"x86_64": "amd64", "aarch64": "arm64"}


def read_text(ctx: Ctx, path: str) -> str | None:
    """A file's text, or None when the image has no such file."""
    try:
        return ctx.fs.read(path).decode(errors="replace")
    except FsError:
        return None


def listdir(ctx: Ctx, path: str) -> list[str]:
    try:
        return sorted(ctx.fs.listdir(path))
    except FsError:
        return []


def unquote_c(text: str) -> str | None:
    """A C or Go string literal's body with its escapes (\\n \\t \\\\ \\"), or None when it
    has escapes this model does not know."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char == "\\":
            nxt = text[i + 1 : i + 2]
            mapped = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}.get(nxt)
            if mapped is None:
                return None
            out.append(mapped)
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


STRING = r'"((?:[^"\\]|\\.)*)"'
_BLANK = re.compile(r"\s*(//.*)?")


def body_lines(source: str, opening: str) -> list[str] | None:
    """The statements of the one function whose first line matches `opening` (a regex),
    when it is written one statement a line and closed by a `}` line; None otherwise."""
    lines = source.split("\n")
    for index, line in enumerate(lines):
        if re.fullmatch(opening, line.strip()):
            body: list[str] = []
            for inner in lines[index + 1 :]:
                if inner.strip() == "}":
                    return [b for b in body if not _BLANK.fullmatch(b)]
                body.append(inner.strip())
            return None
    return None


def write_built(ctx: Ctx, path: str, output: str) -> None:
    """Write the stand-in executable a compiler builds: running it prints `output`."""
    data = program_stub("built", ctx.proc.arch) + output.encode()
    ctx.fs.write(path, data, ctx.cwd)
    ctx.fs.chmod(path, 0o755, ctx.cwd)


def built(ctx: Ctx) -> int:
    """A program a compiler built here: it prints what its source printed."""
    from dockersim.model.userland import resolve

    try:
        found = resolve.find(ctx.fs, ctx.argv[0], ctx.env, ctx.cwd)
        data = ctx.fs.read(found.path, ctx.cwd)
    except (FsError, resolve.NotFound, resolve.IsDirectory, resolve.NoPermission):
        data = b""
    head = PROGRAM_MAGIC + b"built ("
    if data.startswith(head) and b"\n" in data:
        ctx.write(data.split(b"\n", 1)[1].decode(errors="replace"))
        return 0
    ctx.err.write("dockersim: not simulated: a compiled program run by another name\n")
    return 1


PROGRAM = Program(built)
