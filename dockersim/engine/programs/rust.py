"""rustc and cargo of the rust images: versions, and `cargo new`.

The toolchain is the one `/usr/local/rustup/settings.toml` names as the default. `cargo new`
writes what cargo 1.87 writes (Cargo.toml with edition 2024, src/main.rs, a git repository
with its .gitignore); building and running are not simulated.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.engine.programs.langbase import read_text
from dockersim.model.cowfs import FsError

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx

#: version -> (rustc commit and date, cargo commit and date) as `--version` shows them
#: (est.: from the Rust 1.87.0 release as remembered)
BUILDS = {"1.87.0": ("17067e9ac 2025-05-09", "99624be96 2025-05-06")}


def toolchain(ctx: Ctx) -> str:
    home = ctx.env.get("RUSTUP_HOME") or "/usr/local/rustup"
    text = read_text(ctx, f"{home}/settings.toml") or ""
    found = re.search(r'default_toolchain = "([\d.]+)-', text)
    return found.group(1) if found else ""


def rustc(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    number = toolchain(ctx)
    if args in (["--version"], ["-V"]) and number in BUILDS:
        ctx.write(f"rustc {number} ({BUILDS[number][0]})\n")
        return 0
    raise ctx.not_simulated(f"rustc {' '.join(args)}" if args else "rustc without arguments")


def cargo(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    number = toolchain(ctx)
    if args in (["--version"], ["-V"]) and number in BUILDS:
        ctx.write(f"cargo {number} ({BUILDS[number][1]})\n")
        return 0
    if len(args) == 2 and args[0] == "new" and not args[1].startswith("-"):
        return _new(ctx, args[1])
    raise ctx.not_simulated(f"cargo {' '.join(args)}" if args else "cargo without a command")


MANIFEST = '[package]\nname = "{name}"\nversion = "0.1.0"\nedition = "2024"\n\n[dependencies]\n'
MAIN_RS = 'fn main() {\n    println!("Hello, world!");\n}\n'
GIT_FILES = {
    "HEAD": "ref: refs/heads/master\n",
    "config": (
        "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n"
        "\tlogallrefupdates = true\n"
    ),
    "description": "Unnamed repository; edit this file 'description' to name the repository.\n",
}


def _new(ctx: Ctx, path: str) -> int:
    name = posixpath.basename(path.rstrip("/"))
    target = ctx.path(path)
    if ctx.fs.exists(target):
        ctx.err.write(
            f"error: destination `{target}` already exists\n\n"
            "Use `cargo init` to initialize the directory\n"
        )
        return 101
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", name):
        raise ctx.not_simulated(f"cargo new with the package name `{name}`")
    try:
        ctx.fs.mkdir(f"{target}/src", parents=True)
        for directory in ("objects/info", "objects/pack", "refs/heads", "refs/tags", "info"):
            ctx.fs.mkdir(f"{target}/.git/{directory}", parents=True)
        for file, text in GIT_FILES.items():
            ctx.fs.write(f"{target}/.git/{file}", text.encode())
        ctx.fs.write(f"{target}/.gitignore", b"/target\n")
        ctx.fs.write(f"{target}/Cargo.toml", MANIFEST.format(name=name).encode())
        ctx.fs.write(f"{target}/src/main.rs", MAIN_RS.encode())
    except FsError as exc:
        ctx.err.write(f"error: failed to create `{path}`: {exc}\n")
        return 101
    ctx.err.write(
        f"    Creating binary (application) `{name}` package\n"
        "note: see more `Cargo.toml` keys and their definitions at "
        "https://doc.rust-lang.org/cargo/reference/manifest.html\n"
    )
    return 0


PROGRAM = Program(rustc, commands={"rustc": rustc, "cargo": cargo})
