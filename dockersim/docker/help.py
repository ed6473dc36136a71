"""`docker ... --help` and the CLI's usage-error texts, byte for byte as docker CLI 29 prints them.

`render_help` follows docker/cli `cli/cobra.go` (`usageTemplate`, `helpTemplate`, the command
groups and `hideUnsupportedFeatures` in cmd/docker/docker.go) and pflag's `FlagUsagesWrapped`
(flag.go) for the option columns. `flag_error` is `FlagErrorFunc`; `args_error` is
cli/required.go.
"""

from __future__ import annotations

import attrs

from dockersim.docker.spec import CommandSpec, CommandTable, FlagSpec, load

ADDITIONAL_HELP = "For more help on how to use Docker, head to https://docs.docker.com/go/guides/"
EXPERIMENTAL = (
    "\n\nEXPERIMENTAL:\n"
    "  {path} is an experimental feature.\n"
    "  Experimental features provide early access to product functionality. These\n"
    "  features may change between releases without warning, or can be removed from a\n"
    "  future release. Learn more about experimental features in our documentation:\n"
    "  https://docs.docker.com/go/experimental/"
)
_ESCAPES = {"\a": r"\a", "\b": r"\b", "\f": r"\f", "\n": r"\n", "\r": r"\r", "\t": r"\t",
            "\v": r"\v", "\\": "\\\\"}  # fmt: skip
#: pflag UnquoteUsage: how a type is named after the flag in --help.
_VARNAMES = {"bool": "", "float64": "float", "int64": "int", "uint64": "uint",
             "stringSlice": "strings", "intSlice": "ints"}  # fmt: skip
_MIN_NAME_PADDING = 11  # cobra minNamePadding


@attrs.frozen
class HelpContext:
    """What the daemon told the CLI, which hides commands and flags from --help.

    `swarm`: "inactive", "worker" or "manager" (the `Swarm` header of /_ping); `width`: the
    terminal width (80 when stdin is not a terminal); `tty`: stdout is a terminal (the last
    line is then bold).
    """

    swarm: str = "inactive"
    experimental: bool = False
    ostype: str = "linux"
    width: int = 80
    tty: bool = False


def quote(text: str, *, rune: bool = False) -> str:
    """Go's `%q` (strconv.Quote, or QuoteRune with `rune=True`)."""
    mark = "'" if rune else '"'
    out = []
    for ch in text:
        if ch == mark:
            out.append("\\" + ch)
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
    return mark + "".join(out) + mark


# --- usage errors ---------------------------------------------------------------------------


def flag_error(spec: CommandSpec, err: str) -> str:
    """cli/cobra.go `FlagErrorFunc` as main prints it (exit status 125)."""
    return (
        f"{err}\n\nUsage:  {spec.use_line}\n\n"
        f"Run '{spec.command_path} --help' for more information\n"
    )


def _plural(count: int) -> str:
    return "argument" if count == 1 else "arguments"


def args_error(spec: CommandSpec, args: list[str]) -> str | None:
    """The argument-count error for `args` (exit status 1), or None when they fit.

    cli/required.go; the root's "unknown command" (cmd/docker/docker.go); cobra's own
    `ExactArgs` text for `cobra_exact` (docker context use).
    """
    rule, count = spec.args, len(args)
    path, usage = spec.command_path, spec.use_line
    tail = f"\n\nUsage:  {usage}\n\nRun '{path} --help' for more information\n"
    if rule.kind == "root" and args:
        run = "Run 'docker --help' for more information"
        return f"docker: unknown command: docker {args[0]}\n\n{run}\n"
    if rule.kind == "none" and args and spec.has_subcommands:
        return f"docker: unknown command: {path} {args[0]}{tail}"
    if rule.kind == "none" and args:
        return f"docker: '{path}' accepts no arguments{tail}"
    if rule.kind == "min" and count < rule.low:
        return (
            f"docker: '{path}' requires at least {rule.low} {_plural(rule.low)}\n\n"
            f"Usage:  {usage}\n\nSee '{path} --help' for more information\n"
        )
    if rule.kind == "max" and count > rule.high:
        return f"docker: '{path}' requires at most {rule.high} {_plural(rule.high)}{tail}"
    if rule.kind == "exact" and count != rule.low:
        return f"docker: '{path}' requires {rule.low} {_plural(rule.low)}{tail}"
    if rule.kind == "range" and not rule.low <= count <= rule.high:
        return (
            f"docker: '{path}' requires at least {rule.low} and at most {rule.high} "
            f"{_plural(rule.high)}{tail}"
        )
    if rule.kind == "cobra_exact" and count != rule.low:
        return f"accepts {rule.low} arg(s), received {count}\n"
    return None


def version_text(table: CommandTable | None = None) -> str:
    """`docker --version` (cli/cobra.go SetVersionTemplate)."""
    table = table or load()
    return f"Docker version {table.cli_version}, build {table.cli_git_commit}\n"


# --- visibility (cmd/docker/docker.go hideUnsupportedFeatures, isSupported) -----------------


def _swarm_hides(requirement: str | None, ctx: HelpContext) -> bool:
    if requirement == "manager":
        return ctx.swarm != "manager"
    if requirement == "active":
        return ctx.swarm == "inactive"
    return False


def _flag_shown(flag: FlagSpec, ctx: HelpContext) -> bool:
    if flag.hidden or (flag.experimental and not ctx.experimental):
        return False
    if flag.ostype and ctx.ostype and flag.ostype != ctx.ostype:
        return False
    return not _swarm_hides(flag.swarm or None, ctx)


def _command_shown(spec: CommandSpec, ctx: HelpContext) -> bool:
    """cobra `IsAvailableCommand` after docker hid what the daemon does not support."""
    if spec.hidden or spec.call_path == "help" or (spec.experimental and not ctx.experimental):
        return False
    if spec.ostype and ctx.ostype and spec.ostype != ctx.ostype:
        return False
    return not _swarm_hides(spec.swarm, ctx)


def unsupported(spec: CommandSpec, ctx: HelpContext, table: CommandTable | None = None) -> str:
    """`isSupported`: why this daemon cannot run `spec` (or ""), e.g. `docker checkpoint`."""
    table = table or load()
    current: CommandSpec | None = spec
    while current is not None:
        if current.ostype and ctx.ostype and current.ostype != ctx.ostype:
            return (
                f"{spec.command_path} is only supported on a Docker daemon running on "
                f"{current.ostype}, but the Docker daemon is running on {ctx.ostype}"
            )
        if current.experimental and not ctx.experimental:
            return (
                f"{spec.command_path} is only supported on a Docker daemon with "
                "experimental features enabled"
            )
        current = table.parent(current)
    return ""


# --- the help template ----------------------------------------------------------------------


def _wrap_n(width: int, slop: int, text: str) -> tuple[str, str]:
    """pflag `wrapN`: split `text` at the last blank before `width` (newlines win)."""
    if width + slop > len(text):
        return text, ""
    head = text[:width]
    cut = max(head.rfind(" "), head.rfind("\t"), head.rfind("\n"))
    if cut <= 0:
        return text, ""
    newline = head.rfind("\n")
    if 0 < newline < cut:
        return text[:newline], text[newline + 1 :]
    return text[:cut], text[cut + 1 :]


def wrap(indent: int, cols: int, text: str) -> str:
    """pflag `wrap`: `text` wrapped to `cols` columns, continuation lines indented."""
    if cols == 0:
        return text.replace("\n", "\n" + " " * indent)
    room, out = cols - indent, ""
    if room < 24:
        indent, room, out = 16, cols - 16, "\n" + " " * 16
    if room < 24:
        return text.replace("\n", out)
    room -= 5
    pad = "\n" + " " * indent
    line, text = _wrap_n(room, 5, text)
    out += line.replace("\n", pad)
    while text:
        line, text = _wrap_n(room, 5, text)
        out += pad + line.replace("\n", pad)
    return out


def flag_usages(flags: list[FlagSpec], cols: int) -> str:
    """pflag `FlagUsagesWrapped(cols)` for the visible `flags` (sorted by name)."""
    rows = []
    for flag in sorted(flags, key=lambda f: f.name):
        if flag.short and not flag.short_deprecated:
            left = f"  -{flag.short}, --{flag.name}"
        else:
            left = f"      --{flag.name}"
        varname = _VARNAMES.get(flag.type, flag.type)
        if varname:
            left += " " + varname
        usage = flag.usage
        if not flag.default_is_zero:
            shown = quote(flag.default) if flag.type == "string" else flag.default
            usage += f" (default {shown})"
        rows.append((left, usage))
    width = max((len(left) for left, _ in rows), default=0) + 1
    return "".join(
        f"{left} {' ' * (width - len(left))} {wrap(width + 2, cols, usage)}\n"
        for left, usage in rows
    )


def _listing(title: str, specs: list[CommandSpec], pad: int) -> str:
    if not specs:
        return ""
    return f"\n\n{title}" + "".join(f"\n  {(s.name + ' ').ljust(pad + 1)}{s.short}" for s in specs)


def render_help(
    spec: CommandSpec, ctx: HelpContext | None = None, table: CommandTable | None = None
) -> str:
    """`docker <command> --help` on stdout (also what a bare group prints on stderr)."""
    ctx, table = ctx or HelpContext(), table or load()
    reason = unsupported(spec, ctx, table)
    if reason:
        return reason + "\n"
    flags = [f for f in spec.flags if _flag_shown(f, ctx)]
    if spec.has_subcommands:
        out = f"Usage:  {spec.command_path}{' [OPTIONS]' if flags else ''} COMMAND"
    else:
        out = f"Usage:  {spec.use_line}"
    out += "\n\n" + (spec.long or spec.short).strip()
    chain: CommandSpec | None = spec
    while chain is not None and not chain.experimental_cli:
        chain = table.parent(chain)
    if chain is not None:
        out += EXPERIMENTAL.format(path=spec.command_path)
    if spec.aliases or spec.alias_text:
        prefix = " ".join(("docker", *spec.words[:-1]))
        text = spec.alias_text or ", ".join(
            [spec.command_path] + [f"{prefix} {a}" for a in spec.aliases]
        )
        out += f"\n\nAliases:\n  {text}"
    cols = ctx.width - 1
    if not spec.is_root and flags:
        out += "\n\nOptions:\n" + flag_usages(flags, cols).rstrip()
    children = table.children(spec)
    pad = max([_MIN_NAME_PADDING] + [len(c.name) for c in children])
    shown = [c for c in children if _command_shown(c, ctx)]
    groups = [c for c in shown if c.has_subcommands]
    top = [c for c in shown if c.top is not None and spec.is_root]
    out += _listing("Common Commands:", sorted(top, key=lambda c: c.top or 0), pad)
    out += _listing("Management Commands:", [c for c in groups if c.swarm is None], pad)
    out += _listing("Swarm Commands:", [c for c in groups if c.swarm is not None], pad)
    out += _listing("Commands:", [c for c in shown if not c.has_subcommands and c not in top], pad)
    if spec.is_root and flags:
        out += "\n\nGlobal Options:\n" + flag_usages(flags, cols).rstrip()
    if spec.has_subcommands:
        out += f"\n\nRun '{spec.command_path} COMMAND --help' for more information on a command."
    if spec.is_root:
        out += "\n\n" + (f"\x1b[1m{ADDITIONAL_HELP}\x1b[0m" if ctx.tty else ADDITIONAL_HELP)
    return out + "\n"


def render_bare(spec: CommandSpec, ctx: HelpContext | None = None) -> str:
    """What `docker`, `docker image`, ... print on stderr when run without a subcommand."""
    return spec.bare_help_prefix + render_help(spec, ctx)
