"""grep, awk ({print $N}), find (-name, -type) and xargs."""

from __future__ import annotations

import fnmatch
import posixpath
import re

from dockersim.model.cowfs import FsError
from dockersim.model.userland import resolve
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx

POSIX_CLASSES = {
    "[:alpha:]": "a-zA-Z",
    "[:digit:]": "0-9",
    "[:alnum:]": "a-zA-Z0-9",
    "[:upper:]": "A-Z",
    "[:lower:]": "a-z",
    "[:space:]": r" \t\n\r\f\v",
    "[:blank:]": r" \t",
    "[:punct:]": r"!-/:-@\[-`{-~",
    "[:xdigit:]": "0-9A-Fa-f",
}


def to_python(pattern: str, extended: bool) -> str:
    """A POSIX basic/extended regular expression as a Python one."""
    out: list[str] = []
    i = 0
    in_bracket = False
    while i < len(pattern):
        c = pattern[i]
        if in_bracket:
            cls = next((k for k in POSIX_CLASSES if pattern.startswith(k, i)), None)
            if cls:
                out.append(POSIX_CLASSES[cls])
                i += len(cls)
                continue
            if c == "]" and not (out and out[-1] in ("[", "[^")):
                in_bracket = False
            out.append("\\\\" if c == "\\" else c)
            i += 1
            continue
        if c == "[":
            in_bracket = True
            if pattern.startswith("[^", i):
                out.append("[^")
                i += 2
            else:
                out.append("[")
                i += 1
            continue
        if c == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if not extended and nxt in "(){}|+?":
                out.append(nxt)
            elif nxt in "<>":
                out.append(r"\b")
            else:
                out.append("\\" + nxt)
            i += 2
            continue
        if not extended and c in "(){}|+?":
            out.append("\\" + c)
        else:
            out.append(c)
        i += 1
    return "".join(out)


@register("grep", "egrep", "fgrep")
def grep(ctx: Ctx) -> int:
    opts, args = ctx.parse(
        ctx.argv[1:],
        "ivncrRlLqsEFwxhHoZ",
        "efmABC",
        {
            "ignore-case": "i",
            "invert-match": "v",
            "line-number": "n",
            "count": "c",
            "recursive": "r",
            "quiet": "q",
            "silent": "q",
            "extended-regexp": "E",
            "fixed-strings": "F",
            "color": "Z",
            "color=": "Z",
            "colour=": "Z",
        },
        status=2,
    )
    base = ctx.name.rsplit("/", 1)[-1]
    if "e" in opts:
        patterns = [opts["e"]]
    elif args:
        patterns = [args.pop(0)]
    else:
        if ctx.busybox:
            from dockersim.model.userland.programs.base import busybox_usage

            ctx.err.write(busybox_usage("grep"))
            return 1
        ctx.err.write(f"Usage: {ctx.name} [OPTION]... PATTERNS [FILE]...\n")
        ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
        return 2
    fixed = "F" in opts or base == "fgrep"
    extended = "E" in opts or base == "egrep"
    flags = re.IGNORECASE if "i" in opts else 0
    try:
        regexes = []
        for pat in patterns[0].split("\n"):
            body = re.escape(pat) if fixed else to_python(pat, extended)
            if "w" in opts:
                body = rf"(?<!\w)(?:{body})(?!\w)"
            if "x" in opts:
                body = rf"^(?:{body})$"
            regexes.append(re.compile(body, flags))
    except re.error:
        ctx.error("Unmatched ( or \\(" if not ctx.busybox else "bad regex")
        return 2
    recursive = "r" in opts or "R" in opts
    files = args or (["."] if recursive else ["-"])
    targets: list[str] = []
    status_err = False
    for name in files:
        if name != "-" and recursive and ctx.fs.exists(name, ctx.cwd):
            entry = ctx.fs.stat(name, ctx.cwd)
            if entry.kind == "dir":
                real = ctx.fs.resolve(name, ctx.cwd)

                def unlisted(path: str, exc: FsError, name: str = name, real: str = real) -> None:
                    nonlocal status_err
                    if "s" not in opts:
                        ctx.error(f"{name.rstrip('/') + path[len(real) :]}: {exc}")
                    status_err = True

                for p in ctx.fs.walk(real, unlisted):
                    e = ctx.fs.get(p)
                    if e is not None and e.kind == "file":
                        targets.append(
                            name.rstrip("/") + p[len(real) :] if name != "." else p[len(real) + 1 :]
                        )
                continue
        targets.append(name)
    show_names = ("H" in opts or len(targets) > 1 or recursive) and "h" not in opts
    found_any = False
    for name in targets:
        try:
            if name != "-" and ctx.fs.stat(name, ctx.cwd).kind == "dir":
                ctx.error(f"{name}: Is a directory")
                status_err = True
                continue
            text = ctx.read_file(name)
        except FsError as exc:
            if "s" not in opts:
                ctx.error(f"{name}: {exc}")
            status_err = True
            continue
        shown = "(standard input)" if name == "-" else name
        count = 0
        for number, line in enumerate(text.splitlines(), 1):
            hit = any(rx.search(line) for rx in regexes)
            if hit == ("v" in opts):
                continue
            count += 1
            found_any = True
            if "q" in opts:
                return 0
            if "l" in opts or "c" in opts or "L" in opts:
                continue
            prefix = (shown + ":" if show_names else "") + (f"{number}:" if "n" in opts else "")
            if "o" in opts and "v" not in opts:
                for rx in regexes:
                    for m in rx.finditer(line):
                        ctx.write(prefix + m.group(0) + "\n")
            else:
                ctx.write(prefix + line + "\n")
        if "c" in opts:
            ctx.write((shown + ":" if show_names else "") + f"{count}\n")
        if "l" in opts and count:
            ctx.write(shown + "\n")
        if "L" in opts and not count:
            ctx.write(shown + "\n")
    if status_err and not ("q" in opts and found_any):
        return 2
    return 0 if found_any else 1


@register("awk")
def awk(ctx: Ctx) -> int:
    opts, args = ctx.parse(ctx.argv[1:], "", "Fv")
    if not args:
        ctx.err.write("usage: awk [-F value] [-v var=value] [--] 'program text' [file ...]\n")
        return 2
    program = args.pop(0).strip()
    m = re.fullmatch(r"\{\s*print\s*(.*?)\s*;?\s*\}", program)
    if not m:
        ctx.error("this simulator's awk only runs '{print $N, ...}' programs")
        return 2
    items = [x.strip() for x in re.split(r"\s*,\s*", m.group(1))] if m.group(1) else ["$0"]
    sep = opts.get("F")
    status = 0
    for name in args or ["-"]:
        try:
            text = ctx.read_file(name)
        except FsError:
            ctx.error(f'cannot open "{name}" (No such file or directory)')
            status = 2
            continue
        for line in text.splitlines():
            fields = line.split(sep) if sep and sep != " " else line.split()
            values = []
            for item in items:
                if item == "NF":
                    values.append(str(len(fields)))
                elif re.fullmatch(r"\$\d+", item):
                    k = int(item[1:])
                    values.append(line if k == 0 else (fields[k - 1] if k <= len(fields) else ""))
                elif item == "$NF":
                    values.append(fields[-1] if fields else "")
                else:
                    values.append(item.strip('"'))
            ctx.write(" ".join(values) + "\n")
    return status


@register("find")
def find(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    roots: list[str] = []
    while args and not args[0].startswith("-") and args[0] not in ("(", "!"):
        roots.append(args.pop(0))
    name_pats: list[tuple[str, bool]] = []
    kind: str | None = None
    maxdepth: int | None = None
    mindepth = 0
    i = 0
    while i < len(args):
        a = args[i]
        if a in ("-name", "-iname") and i + 1 < len(args):
            name_pats.append((args[i + 1], a == "-iname"))
            i += 2
        elif a == "-type" and i + 1 < len(args):
            kind = args[i + 1]
            i += 2
        elif a == "-maxdepth" and i + 1 < len(args):
            maxdepth = int(args[i + 1])
            i += 2
        elif a == "-mindepth" and i + 1 < len(args):
            mindepth = int(args[i + 1])
            i += 2
        elif a == "-print":
            i += 1
        else:
            if ctx.busybox:
                ctx.error(f"unrecognized: {a}")
            else:
                ctx.error(f"unknown predicate `{a}'")
            return 1
    status = 0
    kinds = {"f": "file", "d": "dir", "l": "symlink"}
    top = ""
    root = ""

    def unlisted(path: str, exc: FsError) -> None:  # it says so and goes on, status 1
        nonlocal status
        rel = path[len(top) :].lstrip("/") if top != "/" else path.lstrip("/")
        shown = root if not rel else (root.rstrip("/") + "/" + rel if root != "/" else "/" + rel)
        ctx.error(f"{shown}: {exc}" if ctx.busybox else f"'{shown}': {exc}")
        status = 1

    for root in roots or ["."]:
        try:
            top = ctx.fs.resolve(root, ctx.cwd)
            ctx.fs.stat(top)
        except FsError as exc:
            ctx.error(f"'{root}': {exc}")
            status = 1
            continue
        for path in ctx.fs.walk(top, unlisted):
            rel = path[len(top) :].lstrip("/") if top != "/" else path.lstrip("/")
            depth = rel.count("/") + 1 if rel else 0
            if (maxdepth is not None and depth > maxdepth) or depth < mindepth:
                continue
            entry = ctx.fs.get(path) if path != "/" else ctx.fs.stat("/")
            if entry is None:
                continue
            if kind and kinds.get(kind) != entry.kind:
                continue
            base = posixpath.basename(path) or "/"
            if rel == "":
                base = posixpath.basename(root.rstrip("/")) or root
            if any(
                not (
                    fnmatch.fnmatchcase(base.lower(), p.lower())
                    if ci
                    else fnmatch.fnmatchcase(base, p)
                )
                for p, ci in name_pats
            ):
                continue
            shown = (
                root if not rel else (root.rstrip("/") + "/" + rel if root != "/" else "/" + rel)
            )
            ctx.write(shown + "\n")
    return status


@register("xargs")
def xargs(ctx: Ctx) -> int:
    opts, cmd = ctx.parse(ctx.argv[1:], "0rt", "nIL")
    cmd = cmd or ["echo"]
    text = ctx.read_file("-")
    items = text.split("\0") if "0" in opts else text.split()
    items = [x for x in items if x]
    if "I" in opts:
        batches = [[c.replace(opts["I"], item) for c in cmd] for item in text.splitlines() if item]
    else:
        count = opts.get("n", "")
        if "n" in opts and not (count.isascii() and count.isdigit()):
            ctx.err.write(f'xargs: invalid number "{count}" for -n option\n')
            return 1
        n = int(count) if "n" in opts else max(len(items), 1)
        if n < 1:
            ctx.err.write(f"xargs: value {count} for -n option should be >= 1\n")
            return 1
        batches = [cmd + items[k : k + n] for k in range(0, max(len(items), 1), n)]
        if not items and "r" in opts:
            batches = []
    status = 0
    from dockersim.model.userland.io import Reader

    for argv in batches:
        ctx.rec.step()
        sub = Ctx(
            ctx.proc,
            argv,
            ctx.env,
            ctx.cwd,
            Reader(""),
            ctx.out,
            ctx.err,
            ctx.rec,
            ctx.flavour,
            ctx.name,
            ctx.spawn,
        )
        try:
            assert ctx.spawn is not None
            code = ctx.spawn(argv, sub)
        except resolve.NotFound:
            ctx.error(f"{argv[0]}: No such file or directory")
            return 127
        except (resolve.IsDirectory, resolve.NoPermission):
            ctx.error(f"{argv[0]}: Permission denied")
            return 126
        if code:
            status = 123
    return status
