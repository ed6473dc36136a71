"""File programs: cat, touch, mkdir, rm, rmdir, cp, mv, ln, chmod, basename, dirname."""

from __future__ import annotations

import posixpath

import attrs

from dockersim.model.cowfs import FsError
from dockersim.model.fs import FileEntry
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx, UsageError, busybox_usage


def missing_operand(ctx: Ctx, what: str = "operand") -> UsageError:
    if ctx.busybox:
        ctx.err.write(busybox_usage(ctx.name))
        return UsageError(1)
    ctx.error(f"missing {what}")
    ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
    return UsageError(1)


@register("cat")
def cat(ctx: Ctx) -> int:
    opts, files = ctx.parse(ctx.argv[1:], "nbvteAsuE", longs={"number": "n"})
    status = 0
    text_parts: list[str] = []
    for name in files or ["-"]:
        try:
            entry = None if name == "-" else ctx.fs.stat(name, ctx.cwd)
            if entry is not None and entry.kind == "dir":
                raise FsError("EISDIR", name)
            text_parts.append(ctx.read_file(name))
        except FsError as exc:
            status = 1
            _flush(ctx, text_parts, "n" in opts)
            text_parts = []
            if ctx.busybox:
                if exc.errno == "EISDIR":
                    ctx.error("read error: Is a directory")
                else:
                    ctx.error(f"can't open '{name}': {exc}")
            else:
                ctx.error(f"{name}: {exc}")
    _flush(ctx, text_parts, "n" in opts)
    return status


def _flush(ctx: Ctx, parts: list[str], number: bool) -> None:
    text = "".join(parts)
    if number and text:
        lines = text.split("\n")
        tail = lines.pop() if lines and lines[-1] == "" else None
        numbered = [f"{i:6d}\t{line}" for i, line in enumerate(lines, 1)]
        text = "\n".join(numbered) + ("\n" if tail is not None else "")
    ctx.write(text)


@register("touch")
def touch(ctx: Ctx) -> int:
    _opts, files = ctx.parse(ctx.argv[1:], "acmh", "drt")
    if not files:
        raise missing_operand(ctx, "file operand")
    status = 0
    for name in files:
        try:
            if not ctx.fs.exists(name, ctx.cwd):
                ctx.fs.write(name, b"", ctx.cwd, append=True)
            ctx.touch(name)
        except FsError as exc:
            status = 1
            if ctx.busybox:
                ctx.error(f"{name}: {exc}")
            else:
                ctx.error(f"cannot touch '{name}': {exc}")
    return status


@register("mkdir")
def mkdir(ctx: Ctx) -> int:
    opts, dirs = ctx.parse(ctx.argv[1:], "pv", "m", {"parents": "p", "verbose": "v", "mode=": "m"})
    if not dirs:
        raise missing_operand(ctx)
    mode = int(opts["m"], 8) if "m" in opts and opts["m"].isdigit() else 0o755
    status = 0
    for name in dirs:
        try:
            made = _missing_dirs(ctx, name) if "p" in opts else [name]
            ctx.fs.mkdir(name, ctx.cwd, parents="p" in opts, mode=mode)
            for path in made:  # `-p`: each directory it made is new, not only the last
                ctx.touch(path)
            if "v" in opts:
                ctx.write(f"mkdir: created directory '{name}'\n")
        except FsError as exc:
            status = 1
            what = "can't" if ctx.busybox else "cannot"
            ctx.error(f"{what} create directory '{name}': {exc}")
    return status


def _missing_dirs(ctx: Ctx, name: str) -> list[str]:
    """The directories `mkdir -p name` will create, outermost first."""
    parts = [part for part in ctx.path(name).split("/") if part]
    paths = ["/" + "/".join(parts[: i + 1]) for i in range(len(parts))]
    return [path for path in paths if not ctx.fs.exists(path)]


@register("rmdir")
def rmdir(ctx: Ctx) -> int:
    _opts, dirs = ctx.parse(ctx.argv[1:], "pv", longs={"parents": "p"})
    if not dirs:
        raise missing_operand(ctx)
    status = 0
    for name in dirs:
        try:
            entry = ctx.fs.stat(name, ctx.cwd, follow=False)
            if entry.kind != "dir":
                raise FsError("ENOTDIR", name)
            ctx.fs.remove(name, ctx.cwd)
        except FsError as exc:
            status = 1
            if ctx.busybox:
                ctx.error(f"'{name}': {exc}")
            else:
                ctx.error(f"failed to remove '{name}': {exc}")
    return status


@register("rm")
def rm(ctx: Ctx) -> int:
    opts, files = ctx.parse(
        ctx.argv[1:], "rRfivd", longs={"recursive": "r", "force": "f", "verbose": "v"}
    )
    force = "f" in opts
    recursive = "r" in opts or "R" in opts
    if not files:
        if force:
            return 0
        raise missing_operand(ctx)
    status = 0
    for name in files:
        if posixpath.basename(name.rstrip("/")) in (".", ".."):
            ctx.error(f"refusing to remove '.' or '..' directory: skipping '{name}'")
            status = 1
            continue
        try:
            entry = ctx.fs.stat(name, ctx.cwd, follow=False)
        except FsError as exc:
            if not force:
                status = 1
                what = "can't" if ctx.busybox else "cannot"
                ctx.error(f"{what} remove '{name}': {exc}")
            continue
        real = ctx.fs.resolve(name, ctx.cwd, follow_last=False)
        if real == "/" and recursive:
            if ctx.busybox:
                ctx.error("can't remove '/'")
            else:
                ctx.error("it is dangerous to operate recursively on '/'")
                ctx.error("use --no-preserve-root to override this failsafe")
            status = 1
            continue
        if entry.kind == "dir" and not recursive:
            status = 1
            if ctx.busybox:
                ctx.error(f"'{name}' is a directory")
            else:
                ctx.error(f"cannot remove '{name}': Is a directory")
            continue
        try:
            ctx.fs.remove(name, ctx.cwd, recursive=True)
            if "v" in opts:
                ctx.write(f"removed '{name}'\n")
        except FsError as exc:
            status = 1
            what = "can't" if ctx.busybox else "cannot"
            ctx.error(f"{what} remove '{name}': {exc}")
    return status


def _copy_tree(ctx: Ctx, src: str, dst: str, recursive: bool, move: bool) -> None:
    """Copy (or move) `src` to `dst`, directories depth first; iterative, so a tree as deep
    as PATH_MAX allows never exhausts the stack."""
    todo = [(src, dst)]
    while todo:
        src, dst = todo.pop()
        todo.extend(reversed(_copy_one(ctx, src, dst, recursive, move)))


def _copy_one(ctx: Ctx, src: str, dst: str, recursive: bool, move: bool) -> list[tuple[str, str]]:
    """Copy one entry; for a directory, the (source, destination) pairs of its children."""
    fs = ctx.fs
    entry = fs.stat(src, ctx.cwd, follow=not move and not recursive)
    if entry.kind == "symlink" and not move:
        entry = fs.stat(src, ctx.cwd)
    dst_real = posixpath.normpath(posixpath.join(ctx.cwd, dst))
    if entry.kind == "dir":
        if not fs.exists(dst_real):
            fs.mkdir(dst_real, mode=entry.mode)
        src_real = fs.resolve(src, ctx.cwd)
        return [
            (posixpath.join(src_real, child), posixpath.join(dst_real, child))
            for child in fs.listdir(src_real)
        ]
    parent = fs.resolve(posixpath.dirname(dst_real))
    target = posixpath.join(parent, posixpath.basename(dst_real))
    existing = fs.get(target)
    if existing is not None and existing.kind == "symlink":
        target = fs.resolve(target)
    if entry.kind == "symlink":
        if existing is not None:
            fs.remove(target)
        fs.symlink(entry.target, target)
        return []
    uid, gid = (entry.uid, entry.gid) if move else (ctx.proc.uid, ctx.proc.gid)
    if fs.get(parent) is None and parent != "/":
        raise FsError("ENOENT", dst)
    fs.put(attrs.evolve(entry, path=target, uid=uid, gid=gid))
    if move:
        old = ctx.proc.mtimes.get(fs.resolve(src, ctx.cwd, follow_last=False))
        if old is not None:
            ctx.proc.mtimes[target] = old
    else:
        ctx.proc.mtimes[target] = ctx.now()
    return []


def _target(ctx: Ctx, srcs: list[str], dest: str) -> tuple[bool, str]:
    try:
        is_dir = ctx.fs.stat(dest, ctx.cwd).kind == "dir"
    except FsError:
        is_dir = False
    return is_dir, dest


@register("cp")
def cp(ctx: Ctx) -> int:
    opts, args = ctx.parse(
        ctx.argv[1:], "rRafpvdPLnuiT", longs={"recursive": "r", "archive": "a", "force": "f"}
    )
    recursive = bool({"r", "R", "a"} & set(opts))
    return _copy_or_move(ctx, args, recursive, move=False)


@register("mv")
def mv(ctx: Ctx) -> int:
    _opts, args = ctx.parse(ctx.argv[1:], "fivnuT", longs={"force": "f"})
    return _copy_or_move(ctx, args, True, move=True)


def _copy_or_move(ctx: Ctx, args: list[str], recursive: bool, move: bool) -> int:
    if not args:
        raise missing_operand(ctx, "file operand")
    if len(args) == 1:
        if ctx.busybox:
            raise missing_operand(ctx)
        ctx.error(f"missing destination file operand after '{args[0]}'")
        ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
        return 1
    *srcs, dest = args
    is_dir, _ = _target(ctx, srcs, dest)
    if len(srcs) > 1 and not is_dir:
        ctx.error(f"target '{dest}' is not a directory")
        return 1
    status = 0
    for src in srcs:
        try:
            entry = ctx.fs.stat(src, ctx.cwd, follow=not move)
        except FsError as exc:
            status = 1
            if ctx.busybox:
                ctx.error(f"can't {'rename' if move else 'stat'} '{src}': {exc}")
            else:
                ctx.error(f"cannot stat '{src}': {exc}")
            continue
        if entry.kind == "dir" and not recursive:
            status = 1
            if ctx.busybox:
                ctx.error(f"omitting directory '{src}'")
            else:
                ctx.error(f"-r not specified; omitting directory '{src}'")
            continue
        out = posixpath.join(dest, posixpath.basename(src.rstrip("/"))) if is_dir else dest
        try:
            src_real = ctx.fs.resolve(src, ctx.cwd, follow_last=False)
            out_real = posixpath.normpath(posixpath.join(ctx.cwd, out))
            if src_real == out_real or out_real.startswith(src_real.rstrip("/") + "/"):
                if src_real == out_real:
                    ctx.error(f"'{src}' and '{out}' are the same file")
                else:
                    verb = "move" if move else "copy"
                    ctx.error(f"cannot {verb} '{src}' to a subdirectory of itself, '{out}'")
                status = 1
                continue
            if move and ctx.fs.exists(out_real) and ctx.fs.stat(out_real).kind == "dir":
                ctx.fs.remove(out_real, recursive=True)
            _copy_tree(ctx, src, out, recursive, move)
            if move:
                ctx.fs.remove(src, ctx.cwd, recursive=True)
        except FsError as exc:
            status = 1
            verb = "move" if move else "create regular file"
            ctx.error(f"cannot {verb} '{out}': {exc}")
    return status


@register("ln")
def ln(ctx: Ctx) -> int:
    opts, args = ctx.parse(ctx.argv[1:], "sfnvTr", longs={"symbolic": "s", "force": "f"})
    if not args:
        raise missing_operand(ctx, "file operand")
    if len(args) == 1:
        args.append(posixpath.basename(args[0]))
    *targets, link = args
    try:
        is_dir = ctx.fs.stat(link, ctx.cwd).kind == "dir" and "n" not in opts
    except FsError:
        is_dir = False
    status = 0
    for target in targets:
        path = posixpath.join(link, posixpath.basename(target)) if is_dir else link
        try:
            if "f" in opts and ctx.fs.get(ctx.fs.resolve(path, ctx.cwd, follow_last=False)):
                ctx.fs.remove(path, ctx.cwd)
            if "s" in opts:
                ctx.fs.symlink(target, path, ctx.cwd)
                ctx.proc.mtimes[ctx.fs.resolve(path, ctx.cwd, follow_last=False)] = ctx.now()
            else:
                entry = ctx.fs.stat(target, ctx.cwd)
                if entry.kind == "dir":
                    ctx.error(f"{target}: hard link not allowed for directory")
                    status = 1
                    continue
                real = posixpath.normpath(posixpath.join(ctx.cwd, path))
                if ctx.fs.get(real) is not None:
                    raise FsError("EEXIST", path)
                ctx.fs.put(attrs.evolve(entry, path=real))
                source = ctx.fs.resolve(target, ctx.cwd)  # one inode: one time
                if source in ctx.proc.mtimes:
                    ctx.proc.mtimes[real] = ctx.proc.mtimes[source]
        except FsError as exc:
            status = 1
            if ctx.busybox:
                ctx.error(f"{path}: {exc}")
            elif "s" in opts:
                ctx.error(f"failed to create symbolic link '{path}': {exc}")
            else:
                ctx.error(f"failed to create hard link '{path}': {exc}")
    return status


def _parse_mode(spec: str, old: int, is_dir: bool) -> int | None:
    if spec.isdigit():  # `chmod 9 f`: an invalid mode, not a crash
        return int(spec, 8) if set(spec) <= set("01234567") else None
    mode = old
    for clause in spec.split(","):
        who = ""
        i = 0
        while i < len(clause) and clause[i] in "ugoa":
            who += clause[i]
            i += 1
        if i >= len(clause) or clause[i] not in "+-=":
            return None
        op = clause[i]
        perms = clause[i + 1 :]
        bits = 0
        for p in perms:
            if p == "r":
                bits |= 0o444
            elif p == "w":
                bits |= 0o222
            elif p == "x":
                bits |= 0o111
            elif p == "X":
                bits |= 0o111 if is_dir or old & 0o111 else 0
            elif p == "s":
                bits |= 0o6000
            elif p == "t":
                bits |= 0o1000
            else:
                return None
        mask = 0
        for w in who or "a":
            mask |= {"u": 0o4700, "g": 0o2070, "o": 0o1007, "a": 0o7777}[w]
        if not who:
            mask &= ~0o022 | 0o7000 if op == "+" else mask
        if op == "+":
            mode |= bits & mask
        elif op == "-":
            mode &= ~(bits & mask)
        else:
            mode = (mode & ~mask) | (bits & mask)
    return mode


@register("chmod")
def chmod(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    recursive = False
    while args and args[0] in ("-R", "-v", "-f", "-c"):
        recursive = recursive or args[0] == "-R"
        args = args[1:]
    if len(args) < 2:
        if args:
            if ctx.busybox:
                raise missing_operand(ctx)
            ctx.error(f"missing operand after '{args[0]}'")
            ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
            return 1
        raise missing_operand(ctx)
    spec, files = args[0], args[1:]
    status = 0
    for name in files:
        paths = [name]
        try:
            entry = ctx.fs.stat(name, ctx.cwd)
            if recursive and entry.kind == "dir":
                paths = list(ctx.fs.walk(ctx.fs.resolve(name, ctx.cwd)))
            for p in paths:
                e = ctx.fs.stat(p, ctx.cwd)
                mode = _parse_mode(spec, e.mode & 0o7777, e.kind == "dir")
                if mode is None:
                    ctx.error(f"invalid mode: '{spec}'")
                    if not ctx.busybox:
                        ctx.err.write(f"Try '{ctx.name} --help' for more information.\n")
                    return 1
                ctx.fs.chmod(p, mode, ctx.cwd)
        except FsError as exc:
            status = 1
            if ctx.busybox:
                ctx.error(f"{name}: {exc}")
            elif exc.errno == "EPERM":
                ctx.error(f"changing permissions of '{name}': {exc}")
            else:
                ctx.error(f"cannot access '{name}': {exc}")
    return status


@register("basename")
def basename(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if not args:
        raise missing_operand(ctx)
    name = args[0].rstrip("/") or "/"
    base = posixpath.basename(name) or "/"
    if len(args) > 1 and base.endswith(args[1]) and base != args[1]:
        base = base[: -len(args[1])]
    ctx.write(base + "\n")
    return 0


@register("dirname")
def dirname(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if not args:
        raise missing_operand(ctx)
    for arg in args:
        stripped = arg.rstrip("/") or "/"
        d = posixpath.dirname(stripped) if "/" in stripped else "."
        ctx.write((d.rstrip("/") or "/") + "\n")
    return 0


@register("realpath", "readlink")
def realpath(ctx: Ctx) -> int:
    opts, args = ctx.parse(ctx.argv[1:], "fenqsmz")
    if not args:
        raise missing_operand(ctx)
    status = 0
    for arg in args:
        try:
            if ctx.name.endswith("readlink") and "f" not in opts and "e" not in opts:
                entry = ctx.fs.stat(arg, ctx.cwd, follow=False)
                if entry.kind != "symlink":
                    status = 1
                    continue
                ctx.write(entry.target + "\n")
                continue
            ctx.fs.stat(arg, ctx.cwd)
            ctx.write(ctx.fs.resolve(arg, ctx.cwd) + "\n")
        except FsError as exc:
            status = 1
            if not ctx.name.endswith("readlink"):
                ctx.error(f"{arg}: {exc}")
    return status


def entry_of(ctx: Ctx, path: str) -> FileEntry:
    return ctx.fs.stat(path, ctx.cwd)
