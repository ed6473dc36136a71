"""Small tools: getopt (util-linux; busybox's prints the same), envsubst (GNU gettext),
iconv (glibc's and musl's, for the common encodings), whereis (util-linux) and w (procps)."""

from __future__ import annotations

import codecs
import posixpath
import re
import time

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx

# --- getopt ---------------------------------------------------------------------------------


def _quote(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def _getopt_specs(ctx: Ctx) -> tuple[str | None, list[str], list[str], bool]:
    """(short option string, long option specs, parameters, quoting) from getopt's own
    command line; the first form (`getopt optstring params`) is unquoted."""
    args = ctx.argv[1:]
    shorts: str | None = None
    longs: list[str] = []
    i = 0
    if args and not args[0].startswith("-"):
        return args[0], [], args[1:], False
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            break
        name, eq, value = arg.partition("=")
        if arg in ("-o", "--options") or arg.startswith("-o") or (eq and name == "--options"):
            if eq and name == "--options":
                shorts = value
            elif arg.startswith("-o") and arg != "-o":
                shorts = arg[2:]
            elif i < len(args):
                shorts, i = args[i], i + 1
            else:
                raise ctx.missing_arg("o", 2)
        elif arg in ("-l", "--longoptions") or arg.startswith("-l") or name == "--longoptions":
            if eq and name == "--longoptions":
                longs += value.replace(",", " ").split()
            elif arg.startswith("-l") and arg != "-l":
                longs += arg[2:].replace(",", " ").split()
            elif i < len(args):
                longs += args[i].replace(",", " ").split()
                i += 1
            else:
                raise ctx.missing_arg("l", 2)
        elif arg in ("-n", "--name", "-s", "--shell"):
            if arg in ("-s", "--shell"):
                raise ctx.not_simulated(f"option {arg}")
            if i >= len(args):
                raise ctx.missing_arg(arg.lstrip("-")[0], 2)
            i += 1
        elif arg in ("-a", "--alternative", "-u", "--unquoted", "-q", "--quiet"):
            raise ctx.not_simulated(f"option {arg}")
        elif arg in ("-T", "--test"):
            return None, [], ["--test"], True
        elif arg in ("-V", "--version"):
            return None, [], ["--version"], True
        elif arg in ("-h", "--help"):
            return None, [], ["--help"], True
        elif arg.startswith("-"):
            raise ctx.bad_option(arg[2:] if arg.startswith("--") else arg[1], arg[:2] == "--", 2)
        elif shorts is None:
            shorts = arg
        else:
            i -= 1
            break
    return shorts, longs, args[i:], True


@register("getopt")
def getopt(ctx: Ctx) -> int:
    shorts, longs, params, quoted = _getopt_specs(ctx)
    if shorts is None and params == ["--test"]:
        return 4
    if shorts is None and params == ["--version"]:
        if ctx.busybox:
            raise ctx.not_simulated("option --version")
        ubuntu = ctx.fs.exists("/etc/lsb-release")
        ctx.write(f"getopt from util-linux {'2.39.3' if ubuntu else '2.38.1'}\n")
        return 0
    if shorts is None and params == ["--help"]:
        raise ctx.not_simulated("option --help")
    if shorts is None:
        ctx.error("missing optstring argument")
        if not ctx.busybox:
            ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
        return 2
    q = _quote if quoted else (lambda s: s)
    posix = shorts.startswith("+") or "POSIXLY_CORRECT" in ctx.env
    shorts = shorts.lstrip("+-")
    long_table: dict[str, str] = {}
    for spec in longs:
        name = spec.rstrip(":")
        long_table[name] = spec[len(name) :]
    out: list[str] = []
    rest: list[str] = []
    status = 0
    i = 0
    while i < len(params):
        arg = params[i]
        i += 1
        if arg == "--":
            rest += params[i:]
            break
        if arg.startswith("--") and len(arg) > 2:
            name, eq, value = arg[2:].partition("=")
            hits = [k for k in long_table if k == name] or [
                k for k in long_table if k.startswith(name)
            ]
            if len(hits) != 1:
                what = "is ambiguous" if hits else None
                if what:
                    ctx.error(f"option '--{name}' is ambiguous")
                else:
                    ctx.error(f"unrecognized option '--{name}'")
                status = 1
                continue
            key = hits[0]
            kind = long_table[key]
            if kind == ":":
                if not eq:
                    if i >= len(params):
                        ctx.error(f"option '--{key}' requires an argument")
                        status = 1
                        continue
                    value, i = params[i], i + 1
                out += [f"--{key}", q(value)]
            elif kind == "::":
                out += [f"--{key}", q(value)]
            elif eq:
                ctx.error(f"option '--{key}' doesn't allow an argument")
                status = 1
            else:
                out.append(f"--{key}")
            continue
        if arg.startswith("-") and len(arg) > 1:
            j = 1
            while j < len(arg):
                c = arg[j]
                j += 1
                at = shorts.find(c)
                if c == ":" or at < 0:
                    ctx.err.write(f"{ctx.name}: invalid option -- '{c}'\n")
                    status = 1
                    continue
                kind = "::" if shorts[at + 1 : at + 3] == "::" else shorts[at + 1 : at + 2]
                if kind == ":":
                    value = arg[j:]
                    if not value:
                        if i >= len(params):
                            ctx.err.write(f"{ctx.name}: option requires an argument -- '{c}'\n")
                            status = 1
                            break
                        value, i = params[i], i + 1
                    out += [f"-{c}", q(value)]
                    break
                if kind == "::":
                    out += [f"-{c}", q(arg[j:])]
                    break
                out.append(f"-{c}")
            continue
        if posix:
            rest += params[i - 1 :]
            break
        rest.append(arg)
    ctx.write("".join(f" {w}" for w in [*out, "--", *map(q, rest)]) + "\n")
    return status


# --- envsubst -------------------------------------------------------------------------------

_VAR = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")


@register("envsubst")
def envsubst(ctx: Ctx) -> int:
    opts, args = ctx.parse(ctx.argv[1:], "vhV", "", {"variables": "v", "help": "h", "version": "V"})
    if "V" in opts:
        ctx.write(
            "envsubst (GNU gettext-runtime) 0.21\n"
            "Copyright (C) 2003-2020 Free Software Foundation, Inc.\n"
            "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>\n"
            "This is free software: you are free to change and redistribute it.\n"
            "There is NO WARRANTY, to the extent permitted by law.\n"
            "Written by Bruno Haible.\n"
        )
        return 0
    if "h" in opts:
        raise ctx.not_simulated("option --help")
    if len(args) > 1:
        ctx.error("too many arguments")
        return 1
    if "v" in opts:
        if not args:
            ctx.error("missing arguments")
            return 1
        for m in _VAR.finditer(args[0]):
            ctx.write((m.group(1) or m.group(2)) + "\n")
        return 0
    allowed = {m.group(1) or m.group(2) for m in _VAR.finditer(args[0])} if args else None
    text = ctx.read_file("-")

    def sub(m: re.Match[str]) -> str:
        name = m.group(1) or m.group(2)
        if allowed is not None and name not in allowed:
            return m.group(0)
        return ctx.env.get(name, "")

    ctx.write(_VAR.sub(sub, text))
    return 0


# --- iconv ----------------------------------------------------------------------------------

_CODECS = {
    "UTF-8": "utf-8",
    "UTF8": "utf-8",
    "ASCII": "ascii",
    "US-ASCII": "ascii",
    "ANSI_X3.4-1968": "ascii",
    "LATIN1": "latin-1",
    "ISO-8859-1": "latin-1",
    "ISO8859-1": "latin-1",
    "ISO_8859-1": "latin-1",
    "L1": "latin-1",
    "ISO-8859-15": "iso8859-15",
    "LATIN-9": "iso8859-15",
    "UTF-16LE": "utf-16-le",
    "UTF-16BE": "utf-16-be",
    "UTF-32LE": "utf-32-le",
    "UTF-32BE": "utf-32-be",
    "CP1252": "cp1252",
    "WINDOWS-1252": "cp1252",
}


def _codec(ctx: Ctx, name: str) -> str:
    upper = name.upper()
    if "//" in upper:
        raise ctx.not_simulated(f"the suffix //{upper.split('//', 1)[1]}")
    found = _CODECS.get(upper)
    if found is None:
        raise ctx.not_simulated(f"encoding {name}")
    return found


@register("iconv")
def iconv(ctx: Ctx) -> int:
    opts, files = ctx.parse(
        ctx.argv[1:],
        "lcs",
        "fto",
        {"from-code=": "f", "to-code=": "t", "output=": "o", "list": "l", "silent": "s"},
    )
    for flag in ("l", "c", "o"):
        if flag in opts:
            raise ctx.not_simulated(f"option -{flag}")
    source = _codec(ctx, opts.get("f", "UTF-8"))
    target = _codec(ctx, opts.get("t", "UTF-8"))
    status = 0
    for name in files or ["-"]:
        try:
            data = ctx.fs.read(name, ctx.cwd) if name != "-" else ctx.read_file("-").encode()
        except FsError as exc:
            what = "cannot open input file" if not ctx.musl else "cannot open"
            reason = "No such file or directory" if "No such" in str(exc) else str(exc)
            ctx.error(f"{what} `{name}': {reason}" if not ctx.musl else f"{name}: {reason}")
            status = 1
            continue
        if source not in ("utf-8", "ascii", "utf-16-le", "utf-16-be") and not data.isascii():
            raise ctx.not_simulated(f"reading non-ASCII {opts.get('f')} bytes")
        text = data.decode(source, errors="surrogateescape")
        converted: list[bytes] = []
        pos = 0
        for ch in text:
            try:
                if "\udc80" <= ch <= "\udcff":
                    raise UnicodeError
                piece = codecs.encode(ch, target)
            except UnicodeError:
                if ctx.musl:
                    raise ctx.not_simulated("unconvertible input") from None
                ctx.out.write(b"".join(converted).decode("utf-8", errors="surrogateescape"))
                ctx.error(f"illegal input sequence at position {pos}")
                return 1
            converted.append(piece)
            pos += len(ch.encode(source, errors="surrogateescape"))
        out = b"".join(converted)
        if target != "utf-8" and not out.isascii():
            # streams carry text here: bytes that are not UTF-8 cannot travel through them
            raise ctx.not_simulated(f"writing non-ASCII {opts.get('t')} bytes")
        ctx.out.write(out.decode("utf-8", errors="surrogateescape"))
    return status


# --- whereis --------------------------------------------------------------------------------

_BIN_DIRS = (
    "/usr/bin",
    "/usr/sbin",
    "/usr/lib",
    "/usr/lib64",
    "/etc",
    "/usr/etc",
    "/usr/games",
    "/usr/local/bin",
    "/usr/local/sbin",
    "/usr/local/etc",
    "/usr/local/lib",
    "/usr/local/games",
    "/usr/include",
    "/usr/local",
    "/usr/libexec",
    "/usr/share",
)


def _dirs(ctx: Ctx, base: tuple[str, ...]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for d in [*base, *ctx.env.get("PATH", "").split(":")]:
        try:
            real = ctx.fs.resolve(d, "/")
            if ctx.fs.stat(real).kind != "dir":
                continue
        except FsError:
            continue
        if real not in seen:
            seen.add(real)
            out.append(d)
    return out


def _matches(ctx: Ctx, directory: str, name: str) -> list[str]:
    try:
        entries = sorted(ctx.fs.listdir(directory))
    except FsError:
        return []
    return [
        posixpath.join(directory, e)
        for e in entries
        if e == name or (e.startswith(name + ".") and not e.endswith((".so", ".a")))
    ]


@register("whereis")
def whereis(ctx: Ctx) -> int:
    opts, names = ctx.parse(ctx.argv[1:], "bmsulV", "", {"version": "V"})
    if "V" in opts:
        ubuntu = ctx.fs.exists("/etc/lsb-release")
        ctx.write(f"whereis from util-linux {'2.39.3' if ubuntu else '2.38.1'}\n")
        return 0
    if set(opts) & set("sul"):
        raise ctx.not_simulated(f"option -{sorted(set(opts) & set('sul'))[0]}")
    if not names:
        ctx.error("not enough arguments")
        ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
        return 1
    want_bin = "b" in opts or "m" not in opts
    want_man = "m" in opts or "b" not in opts
    bins = _dirs(ctx, _BIN_DIRS) if want_bin else []
    for name in names:
        base = posixpath.basename(name).split(".")[0] if "/" in name else name
        found: list[str] = []
        for d in bins:
            found += _matches(ctx, d, base)
        if want_man:
            try:
                sections = sorted(ctx.fs.listdir("/usr/share/man"))
            except FsError:
                sections = []
            for section in sections:
                if section.startswith("man"):
                    found += _matches(ctx, f"/usr/share/man/{section}", base)
        ctx.write(f"{base}:" + "".join(f" {f}" for f in found) + "\n")
    return 0


# --- w --------------------------------------------------------------------------------------


@register("w")
def w(ctx: Ctx) -> int:
    """A container has no login sessions: the uptime line and the column header only."""
    opts, _users = ctx.parse(
        ctx.argv[1:], "hsfuoiV", "", {"no-header": "h", "short": "s", "version": "V"}
    )
    if "V" in opts:
        ctx.write("w from procps-ng 4.0.4\n")
        return 0
    if "h" in opts:
        return 0
    clock = time.strftime("%H:%M:%S", time.gmtime(ctx.now()))
    # the same figures `uptime` prints (programs/system.py)
    ctx.write(f" {clock} up 1 day,  2:03,  0 user,  load average: 0.08, 0.05, 0.01\n")
    if "s" in opts:
        ctx.write("USER     TTY      FROM              IDLE WHAT\n")  # est.
    else:
        ctx.write("USER     TTY      FROM             LOGIN@   IDLE   JCPU   PCPU WHAT\n")
    return 0
