"""ruby, gem, bundle and irb of the ruby images.

The version comes from the image's rbconfig (`/usr/local/lib/ruby/<abi>/rbconfig/...`).
`ruby -e` and `ruby FILE` run programs made of `puts`, `print` and `p` of string literals and
integer arithmetic, one statement a line or `;`-separated; anything else, and irb, says it
is not simulated.
"""

from __future__ import annotations

import ast
import re
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.engine.programs.langbase import listdir, read_text, unquote_c

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx

#: ruby -v's date and revision, and the RubyGems and Bundler versions it ships (est.: from
#: the Ruby release notes as remembered, not checked against the built image)
RELEASES = {
    "3.4.4": ("2025-05-14 revision a38531fd3f) +PRISM", "3.6.7", "2.6.7"),
    "3.3.8": ("2025-04-09 revision b200bad6cd)", "3.5.22", "2.5.22"),
}


def ruby_version(ctx: Ctx) -> str:
    for abi in listdir(ctx, "/usr/local/lib/ruby"):
        text = read_text(ctx, f"/usr/local/lib/ruby/{abi}/rbconfig/version.rb") or ""
        found = re.search(r'RUBY_VERSION = "([\d.]+)"', text)
        if found:
            return found.group(1)
    return ""


def description(ctx: Ctx) -> str:
    number = ruby_version(ctx)
    platform = ctx.proc.arch + "-linux" + ("-musl" if ctx.musl or _alpine(ctx) else "")
    stamp = RELEASES.get(number, ("", "", ""))[0]
    return f"ruby {number} ({stamp} [{platform}]"


def _alpine(ctx: Ctx) -> bool:
    return ctx.fs.exists("/etc/alpine-release")


def ruby(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args in (["-v"], ["--version"]):
        ctx.write(description(ctx) + "\n")
        return 0
    if len(args) == 2 and args[0] == "-e":
        return _run(ctx, args[1], "-e")
    if len(args) == 1 and not args[0].startswith("-"):
        source = read_text(ctx, ctx.path(args[0]))
        if source is None:
            ctx.err.write(f"ruby: No such file or directory -- {args[0]} (LoadError)\n")
            return 1
        return _run(ctx, source, args[0])
    raise ctx.not_simulated(
        f"ruby {' '.join(args)}" if args else "ruby reading a program from stdin"
    )


def _run(ctx: Ctx, source: str, where: str) -> int:
    out: list[str] = []
    for statement in re.split(r"[;\n]", source):
        text = statement.strip()
        if not text or text.startswith("#"):
            continue
        printed = _statement(text)
        if printed is None:
            ctx.write("".join(out))
            raise ctx.not_simulated(f"ruby {where}: {text}")
        out.append(printed)
    ctx.write("".join(out))
    return 0


def _statement(text: str) -> str | None:
    match = re.fullmatch(r"(puts|print|p)(?:\s*\(?\s*(.*?)\s*\)?)?", text)
    if match is None:
        return None
    verb, rest = match.group(1), (match.group(2) or "").strip()
    if not rest:
        return "\n" if verb == "puts" else ""
    value = _value(rest)
    if value is None:
        return None
    shown, is_text = value
    if verb == "p":
        return (_inspect(shown) if is_text else shown) + "\n"
    if verb == "print":
        return shown
    return shown if shown.endswith("\n") else shown + "\n"


def _value(text: str) -> tuple[str, bool] | None:
    double = re.fullmatch(r'"((?:[^"\\#]|\\.)*)"', text)
    if double:
        body = unquote_c(double.group(1))
        return (body, True) if body is not None else None
    single = re.fullmatch(r"'([^'\\]*)'", text)
    if single:
        return single.group(1), True
    if not re.fullmatch(r"[\d\s+\-*/()]+", text):
        return None
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return None
    number = _integer(tree.body)
    return (str(number), False) if number is not None else None


def _integer(node: ast.expr) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _integer(node.operand)
        return -inner if inner is not None else None
    if isinstance(node, ast.BinOp):
        left, right = _integer(node.left), _integer(node.right)
        if left is None or right is None or abs(left) > 10**18 or abs(right) > 10**18:
            return None
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div) and right != 0:
            return left // right  # Ruby's Integer#/ floors, as Python's //
    return None


def _inspect(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + escaped.replace("\t", "\\t") + '"'


def gem(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args in (["-v"], ["--version"]):
        ctx.write(RELEASES.get(ruby_version(ctx), ("", "", ""))[1] + "\n")
        return 0
    raise ctx.not_simulated(f"gem {' '.join(args)}" if args else "gem without a command")


def bundle(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args in (["-v"], ["--version"], ["version"]):
        ctx.write(f"Bundler version {RELEASES.get(ruby_version(ctx), ('', '', ''))[2]}\n")
        return 0
    raise ctx.not_simulated(f"bundle {' '.join(args)}" if args else "bundle install")


def irb(ctx: Ctx) -> int:
    raise ctx.not_simulated("irb (the Ruby REPL)")


PROGRAM = Program(
    ruby, commands={"ruby": ruby, "gem": gem, "bundle": bundle, "bundler": bundle, "irb": irb}
)
