"""go: `go version`, `go env NAME...`, and `go run`/`go build` of a one-file hello world.

The version is the image's /usr/local/go/VERSION (`$GOROOT/VERSION`). `go run FILE.go` and
`go build FILE.go` understand a `package main` whose `main` only calls `fmt.Println` with
string literals; any other program, command or option says it is not simulated.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.engine.programs.langbase import (
    GOARCH,
    STRING,
    body_lines,
    read_text,
    unquote_c,
    write_built,
)
from dockersim.model.userland.programs.base import UsageError

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx

GOROOT = "/usr/local/go"


def version(ctx: Ctx) -> str:
    text = read_text(ctx, f"{GOROOT}/VERSION") or ""
    return text.split("\n", 1)[0].strip() or "devel"


def environment(ctx: Ctx) -> dict[str, str]:
    """`go env` for the variables this model knows, as the image's go reports them."""
    home = ctx.env.get("HOME", "/root")
    gopath = ctx.env.get("GOPATH") or f"{home}/go"
    arch = GOARCH.get(ctx.proc.arch, ctx.proc.arch)
    has_cc = any(
        ctx.fs.exists(posixpath.join(d, "gcc")) for d in ctx.env.get("PATH", "").split(":") if d
    )
    return {
        "GOARCH": arch,
        "GOBIN": ctx.env.get("GOBIN", ""),
        "GOCACHE": ctx.env.get("GOCACHE") or f"{home}/.cache/go-build",
        "GOFLAGS": ctx.env.get("GOFLAGS", ""),
        "GOHOSTARCH": arch,
        "GOHOSTOS": "linux",
        "GOMODCACHE": ctx.env.get("GOMODCACHE") or f"{gopath.split(':')[0]}/pkg/mod",
        "GOOS": "linux",
        "GOPATH": gopath,
        "GOPROXY": ctx.env.get("GOPROXY") or "https://proxy.golang.org,direct",
        "GOROOT": GOROOT,
        "GOSUMDB": ctx.env.get("GOSUMDB") or "sum.golang.org",
        "GOTOOLCHAIN": ctx.env.get("GOTOOLCHAIN") or "auto",
        "GOVERSION": version(ctx),
        "CGO_ENABLED": ctx.env.get("CGO_ENABLED") or ("1" if has_cc else "0"),
        "GO111MODULE": ctx.env.get("GO111MODULE", ""),
    }


def go(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    try:
        return _command(ctx, args)
    except UsageError as exc:
        return exc.status


def _command(ctx: Ctx, args: list[str]) -> int:
    if not args:
        raise ctx.not_simulated("go without a command (its usage text)")
    command, rest = args[0], args[1:]
    if command == "version" and not rest:
        arch = GOARCH.get(ctx.proc.arch, ctx.proc.arch)
        ctx.write(f"go version {version(ctx)} linux/{arch}\n")
        return 0
    if command == "env" and rest and not any(a.startswith("-") for a in rest):
        known = environment(ctx)
        for name in rest:
            if name not in known:
                raise ctx.not_simulated(f"go env {name}")
            ctx.write(known[name] + "\n")
        return 0
    if command in ("run", "build"):
        return _compile(ctx, command, rest)
    raise ctx.not_simulated(f"go {' '.join(args)}")


def _compile(ctx: Ctx, command: str, rest: list[str]) -> int:
    output = None
    if command == "build" and len(rest) == 3 and rest[0] == "-o":
        output, rest = rest[1], rest[2:]
    if len(rest) != 1 or not rest[0].endswith(".go"):
        raise ctx.not_simulated(f"go {command} {' '.join(rest)} (only one .go file)")
    source = read_text(ctx, ctx.path(rest[0]))
    if source is None:
        raise ctx.not_simulated(f"go {command} of a file that does not exist")
    printed = _hello_output(source)
    if printed is None:
        raise ctx.not_simulated(f"go {command} of this program (only fmt.Println of strings)")
    if command == "run":
        ctx.write(printed)
        return 0
    target = output or posixpath.basename(rest[0])[: -len(".go")]
    write_built(ctx, target, printed)
    return 0


def _hello_output(source: str) -> str | None:
    if not re.search(r"^package main\s*$", source, re.M):
        return None
    if not re.search(r'^import\s+(\(\s*"fmt"\s*\)|"fmt")\s*$', source, re.M | re.S):
        return None
    lines = body_lines(source, r"func main\(\)\s*\{")
    if lines is None:
        return None
    out = []
    for line in lines:
        match = re.fullmatch(rf"fmt\.Println\({STRING}\)", line.rstrip(";"))
        text = unquote_c(match.group(1)) if match else None
        if text is None:
            return None
        out.append(text + "\n")
    return "".join(out)


PROGRAM = Program(go)
