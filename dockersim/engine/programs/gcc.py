"""gcc and g++: `--version` (the gcc image's own build, or Debian's gcc-12), and compiling a
one-file C hello world.

`gcc hello.c [-o NAME]` understands a `main` that only calls `printf` or `puts` with string
literals (and `return 0;`): it writes an executable that prints those lines. Any other
program or option says it is not simulated.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.engine.programs.langbase import (
    STRING,
    body_lines,
    listdir,
    read_text,
    unquote_c,
    write_built,
)

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx

NOTICE = (
    "This is free software; see the source for copying conditions.  There is NO\n"
    "warranty; not even for MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.\n\n"
)
#: gcc's copyright year by release (est. for 14.3 and 13.3: the year of the series' .1)
YEARS = {"15": "2025", "14": "2024", "13": "2023", "12": "2022"}


def local_version(ctx: Ctx) -> str:
    """The version of the gcc built into /usr/local (the gcc image), or ''."""
    for triplet in listdir(ctx, "/usr/local/lib/gcc"):
        found = listdir(ctx, f"/usr/local/lib/gcc/{triplet}")
        if found:
            return found[-1]
    return ""


def _version_text(ctx: Ctx, tool: str, debian: bool) -> str:
    if debian:
        return (
            f"{tool} (Debian 12.2.0-14) 12.2.0\nCopyright (C) 2022 Free Software Foundation, Inc.\n"
        )
    number = local_version(ctx)
    year = YEARS.get(number.split(".")[0], "")
    return f"{tool} (GCC) {number}\nCopyright (C) {year} Free Software Foundation, Inc.\n"


def _compiler(ctx: Ctx, tool: str, debian: bool) -> int:
    args = ctx.argv[1:]
    if args == ["--version"]:  # gcc names itself as it was called (cc, gcc-12, g++)
        ctx.write(_version_text(ctx, posixpath.basename(ctx.name), debian) + NOTICE)
        return 0
    if not args:
        ctx.err.write(f"{ctx.name}: fatal error: no input files\ncompilation terminated.\n")
        return 1
    output = "a.out"
    sources = list(args)
    if len(args) == 3 and args[1] == "-o":
        output, sources = args[2], [args[0]]
    elif len(args) == 3 and args[0] == "-o":
        output, sources = args[1], [args[2]]
    if len(sources) != 1 or sources[0].startswith("-") or not sources[0].endswith(".c"):
        raise ctx.not_simulated(f"{tool} {' '.join(args)}")
    source = read_text(ctx, ctx.path(sources[0]))
    if source is None:
        ctx.err.write(
            f"{ctx.name}: error: {sources[0]}: No such file or directory\n"
            f"{ctx.name}: fatal error: no input files\ncompilation terminated.\n"
        )
        return 1
    printed = _hello_output(source)
    if printed is None:
        raise ctx.not_simulated(f"{tool} of this program (only printf/puts of strings)")
    write_built(ctx, output, printed)
    return 0


def _hello_output(source: str) -> str | None:
    if not re.search(r"^#include\s*<stdio\.h>\s*$", source, re.M):
        return None
    lines = body_lines(source, r"int\s+main\s*\(\s*(void)?\s*\)\s*\{")
    if lines is None:
        return None
    out = []
    for line in lines:
        printf = re.fullmatch(rf"printf\s*\(\s*{STRING}\s*\)\s*;", line)
        puts = re.fullmatch(rf"puts\s*\(\s*{STRING}\s*\)\s*;", line)
        if re.fullmatch(r"return\s+0\s*;", line):
            continue
        found = printf or puts
        text = unquote_c(found.group(1)) if found else None
        if text is None or (printf and "%" in text.replace("%%", "")):
            return None
        out.append(text.replace("%%", "%") if printf else text + "\n")
    return "".join(out)


def gcc(ctx: Ctx) -> int:
    return _compiler(ctx, "gcc", debian=False)


def gpp(ctx: Ctx) -> int:
    return _compiler(ctx, "g++", debian=False)


def gcc12(ctx: Ctx) -> int:
    return _compiler(ctx, "gcc", debian=True)


def gpp12(ctx: Ctx) -> int:
    return _compiler(ctx, "g++", debian=True)


PROGRAM = Program(gcc, commands={"gcc": gcc, "g++": gpp, "gcc-12": gcc12, "g++-12": gpp12})
