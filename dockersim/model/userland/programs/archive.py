"""tar (GNU tar 1.34/1.35 and busybox) and gzip, gunzip, zcat over the container's files.

Archives are real: ustar records (`tarfile` on bytes in memory) and gzip streams (zlib, with
no name and a zero time in the header, so the same files give the same bytes). tar creates
(`c`), extracts (`x`) and lists (`t`), with `z`, `f`, `v`, `C DIR`; reading detects gzip as
both tars do. Other modes and compressors (`-j`, `-J`, `r`, `u`, `--delete`) are not
simulated and say so."""

from __future__ import annotations

import gzip
import io
import posixpath
import tarfile
import time
import zlib

from dockersim.model.cowfs import FsError
from dockersim.model.fs import FileEntry
from dockersim.model.userland.io import bytes_of, text_of
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import BUSYBOX_BANNER, Ctx, UsageError
from dockersim.model.userland.programs.listing import mode_string, mtime_of, names_table

TAR_SHORT = "ctxzfvCOpPkhmwoJjaAdruS"
TAR_LONGS = {
    "create": "c",
    "extract": "x",
    "get": "x",
    "list": "t",
    "gzip": "z",
    "gunzip": "z",
    "file": "f=",
    "verbose": "v",
    "directory": "C=",
    "to-stdout": "O",
}
GNU_TRY = "Try 'tar --help' or 'tar --usage' for more information.\n"
BUSYBOX_TAR_USAGE = (
    "Usage: tar c|x|t [-ZzJjahmvokO] [-f TARFILE] [-C DIR] [-T FILE] [-X FILE] "
    "[LONGOPT]... [FILE]...\n\n"
    "Create, extract, or list files from a tar file\n\n"
    "\tc\tCreate\n\tx\tExtract\n\tt\tList\n"
    "\t-f FILE\tName of TARFILE ('-' for stdin/out)\n"
    "\t-C DIR\tChange to DIR before operation\n"
    "\t-v\tVerbose\n"
    "\t-O\tExtract to stdout\n"
    "\t-m\tDon't restore mtime\n"
    "\t-o\tDon't restore user:group\n"
    "\t-k\tDon't replace existing files\n"
    "\t-Z\t(De)compress using compress\n"
    "\t-z\t(De)compress using gzip\n"
    "\t-J\t(De)compress using xz\n"
    "\t-j\t(De)compress using bzip2\n"
    "\t--lzma\t(De)compress using lzma\n"
    "\t-a\t(De)compress based on extension\n"
    "\t-h\tFollow symlinks\n"
    "\t-T FILE\tFile with names to include\n"
    "\t-X FILE\tFile with glob patterns to exclude\n"
    "\t--exclude PATTERN\tGlob pattern to exclude\n"
    "\t--overwrite\t\tReplace existing files\n"
    "\t--strip-components NUM\tNUM of leading components to strip\n"
    "\t--no-recursion\t\tDon't descend in directories\n"
    "\t--numeric-owner\t\tUse numeric user:group\n"
    "\t--no-same-permissions\tDon't restore access permissions\n"
)


def gzip_bytes(data: bytes) -> bytes:
    """A gzip member of `data` (deflate level 6, no name, time 0, OS unix)."""
    raw = gzip.compress(data, compresslevel=6, mtime=0)
    return raw[:9] + b"\x03" + raw[10:]


def gunzip_bytes(data: bytes) -> bytes | None:
    """The data of a gzip stream, or None when it is not one (or is damaged)."""
    if data[:2] != b"\x1f\x8b":
        return None
    try:
        return gzip.decompress(data)
    except (OSError, EOFError, zlib.error):
        return None


class _Tar:
    def __init__(self, ctx: Ctx) -> None:
        self.ctx = ctx
        self.failed = False
        self.users = names_table(ctx, "/etc/passwd")
        self.groups = names_table(ctx, "/etc/group")

    def error(self, text: str) -> None:
        self.ctx.error(text)
        self.failed = True

    def fatal(self, text: str) -> UsageError:
        self.ctx.error(text)
        if not self.ctx.busybox:
            self.ctx.error("Error is not recoverable: exiting now")
            return UsageError(2)
        return UsageError(1)

    # --- create ---------------------------------------------------------------------------
    def members(self, base: str, names: list[str]) -> list[tuple[str, FileEntry, str]]:
        """(name in the archive, entry, absolute path) for each operand and what is under it,
        depth first (GNU sorts a directory's names; busybox takes them as they come)."""
        out: list[tuple[str, FileEntry, str]] = []
        warned = False
        todo: list[tuple[str, str]] = []
        for name in names:
            member = posixpath.normpath(name)
            if member.startswith("/"):
                if not warned:
                    self.ctx.error(
                        "removing leading '/' from member names"
                        if self.ctx.busybox
                        else "Removing leading `/' from member names"
                    )
                warned = True
                member = member.lstrip("/") or "."
            todo.append((member, posixpath.normpath(posixpath.join(base, name))))
        for member, path in todo:
            self._walk(member, path, name_given=True, out=out)
        return out

    def _walk(
        self, member: str, path: str, name_given: bool, out: list[tuple[str, FileEntry, str]]
    ) -> None:
        fs = self.ctx.fs
        stack = [(member, path)]
        while stack:
            member, path = stack.pop()
            try:
                entry = fs.stat(path, follow=False)
            except FsError as exc:
                shown = member if name_given else path
                if self.ctx.busybox:
                    self.error(f"{shown}: {exc}")
                else:
                    self.error(f"{shown}: Cannot stat: {exc}")
                continue
            out.append((member, entry, path))
            if entry.kind == "dir":
                try:
                    names = fs.listdir(path)
                except FsError as exc:  # (/proc: not simulated) the directory goes in empty
                    shown = member if name_given else path
                    self.error(
                        f"{shown}: {exc}" if self.ctx.busybox else f"{shown}: Cannot open: {exc}"
                    )
                    continue
                if not self.ctx.busybox:
                    names = sorted(names)
                stack.extend(
                    (
                        posixpath.join(member, sub) if member != "." else sub,
                        posixpath.join(path, sub),
                    )
                    for sub in reversed(names)
                )

    def create(self, base: str, names: list[str], verbose: bool) -> bytes:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
            for member, entry, path in self.members(base, names):
                info = tarfile.TarInfo(member + ("/" if entry.kind == "dir" else ""))
                info.mode = entry.mode & 0o7777
                info.uid, info.gid = entry.uid, entry.gid
                info.uname = self.users.get(entry.uid, "")
                info.gname = self.groups.get(entry.gid, "")
                info.mtime = int(mtime_of(self.ctx, path))
                data = b""
                if entry.kind == "dir":
                    info.type = tarfile.DIRTYPE
                elif entry.kind == "symlink":
                    info.type = tarfile.SYMTYPE
                    info.linkname = entry.target
                else:
                    data = entry.content
                    info.size = len(data)
                tar.addfile(info, io.BytesIO(data) if data else None)
                if verbose:
                    self.verbose_line(info, long=False)
        return buf.getvalue()

    def verbose_line(self, info: tarfile.TarInfo, long: bool, out: bool = True) -> None:
        name = info.name + ("/" if info.isdir() and not info.name.endswith("/") else "")
        if not long:
            (self.ctx.out if out else self.ctx.err).write(name + "\n")
            return
        kind = "d" if info.isdir() else "l" if info.issym() else "-"
        entry = FileEntry("/", "file", info.mode)
        mode = kind + mode_string(entry)[1:]
        owner = f"{info.uname or info.uid}/{info.gname or info.gid}"
        stamp = time.gmtime(info.mtime)
        link = f" -> {info.linkname}" if info.issym() else ""
        if self.ctx.busybox:
            when = time.strftime("%Y-%m-%d %H:%M:%S", stamp)
            self.ctx.write(f"{mode} {owner} {info.size:9d} {when} {name}{link}\n")
            return
        when = time.strftime("%Y-%m-%d %H:%M", stamp)
        width = max(18 - len(owner), len(str(info.size)))  # GNU's ugswidth of 19
        self.ctx.write(f"{mode} {owner} {info.size:>{width}} {when} {name}{link}\n")

    # --- read -----------------------------------------------------------------------------
    def open(self, data: bytes, name: str, gz: bool) -> tarfile.TarFile:
        plain = gunzip_bytes(data)
        if gz and plain is None and data:
            if self.ctx.busybox:
                raise self.fatal("invalid magic")
            self.ctx.err.write("\ngzip: stdin: not in gzip format\n")
            self.ctx.error("Child returned status 1")
            raise self.fatal_quiet()
        raw = plain if plain is not None else data
        try:
            return tarfile.open(fileobj=io.BytesIO(raw), mode="r:")
        except tarfile.TarError:
            if self.ctx.busybox:
                raise self.fatal("invalid tar magic") from None
            self.ctx.error("This does not look like a tar archive")
            self.ctx.error("Exiting with failure status due to previous errors")
            raise UsageError(2) from None

    def fatal_quiet(self) -> UsageError:
        self.ctx.error("Error is not recoverable: exiting now")
        return UsageError(2)

    def extract(self, tar: tarfile.TarFile, base: str, verbose: bool, to_stdout: bool) -> None:
        fs = self.ctx.fs
        for info in tar.getmembers():
            if verbose:
                self.verbose_line(info, long=False, out=not to_stdout)
            if to_stdout:
                handle = tar.extractfile(info) if info.isfile() else None
                if handle is not None:
                    self.ctx.out.write(handle.read().decode(errors="replace"))
                continue
            path = posixpath.normpath(posixpath.join(base, info.name.lstrip("/")))
            try:
                parent = posixpath.dirname(path)
                if not fs.exists(parent):
                    fs.mkdir(parent, parents=True)
                if info.isdir():
                    if not fs.exists(path):
                        fs.mkdir(path)
                    fs.put(FileEntry(path, "dir", info.mode, info.uid, info.gid))
                elif info.issym():
                    if fs.exists(path) or fs.get(path) is not None:
                        fs.remove(path)
                    fs.put(
                        FileEntry(path, "symlink", 0o777, info.uid, info.gid, b"", info.linkname)
                    )
                elif info.isfile():
                    handle = tar.extractfile(info)
                    content = handle.read() if handle is not None else b""
                    fs.write(path, content)
                    fs.put(FileEntry(path, "file", info.mode, info.uid, info.gid, content))
                else:
                    raise self.ctx.not_simulated(f"member type of {info.name}")
            except FsError as exc:
                if self.ctx.busybox:
                    raise self.fatal(f"can't create '{info.name}': {exc}") from None
                self.error(f"{info.name}: Cannot open: {exc}")
                continue
            self.ctx.proc.mtimes[path] = float(info.mtime)


def _tar_usage(ctx: Ctx, message: str) -> int:
    if ctx.busybox:
        ctx.err.write(f"{BUSYBOX_BANNER}\n\n{BUSYBOX_TAR_USAGE}")
        return 1
    ctx.error(message)
    ctx.err.write(GNU_TRY)
    return 2


@register("tar")
def tar_program(ctx: Ctx) -> int:
    args = list(ctx.argv[1:])
    if args and args[0] == "--version" and not ctx.busybox:
        raise ctx.not_simulated("option --version")
    if args and args[0] in ("--help", "--usage") and not ctx.busybox:
        raise ctx.not_simulated(f"option {args[0]}")
    if args and not args[0].startswith("-"):
        args[0] = "-" + args[0]  # the old bundled form: `tar czf x.tgz dir`
    for flag in ("j", "J", "r", "u", "A", "d", "a", "S"):
        if any(a.startswith("-") and not a.startswith("--") and flag in a[1:] for a in args):
            raise ctx.not_simulated(f"option -{flag}")
    try:
        opts, names = ctx.parse(args, "ctxzvOpPkhmwo", "fC", TAR_LONGS, status=2)
    except UsageError as exc:
        raise UsageError(exc.status) from None
    modes = [m for m in "ctx" if m in opts]
    if len(modes) != 1:
        if len(modes) > 1:
            return _tar_usage(
                ctx,
                "You may not specify more than one '-Acdtrux', '--delete' or  '--test-label' "
                "option",
            )
        return _tar_usage(
            ctx, "You must specify one of the '-Acdtrux', '--delete' or '--test-label' options"
        )
    work = _Tar(ctx)
    base = ctx.path(opts.get("C", "."))
    archive = opts.get("f", "-")
    gz = "z" in opts
    verbose = "v" in opts
    if "c" in opts:
        if not names:
            if ctx.busybox:
                ctx.error("empty archive")
                return 1
            ctx.error("Cowardly refusing to create an empty archive")
            ctx.err.write(GNU_TRY)
            return 2
        if "C" in opts and not ctx.fs.exists(base):
            raise work.fatal(f"{opts['C']}: Cannot open: No such file or directory")
        data = work.create(base, names, verbose and archive != "-")
        if gz:
            data = gzip_bytes(data)
        if archive == "-":
            ctx.out.write(text_of(data))
        else:
            try:
                ctx.fs.write(archive, data, ctx.cwd)
            except FsError as exc:
                raise work.fatal(f"{archive}: Cannot open: {exc}") from None
            ctx.touch(archive)
        if work.failed:
            if not ctx.busybox:
                ctx.error("Exiting with failure status due to previous errors")
                return 2
            return 1
        return 0
    if archive == "-":
        data = bytes_of(ctx.stdin.read_all())
    else:
        try:
            data = ctx.fs.read(archive, ctx.cwd)
        except FsError as exc:
            if ctx.busybox:
                ctx.error(f"can't open '{archive}': {exc}")
                return 1
            raise work.fatal(f"{archive}: Cannot open: {exc}") from None
    if not data and not ctx.busybox:
        return 0
    tar = work.open(data, archive, gz)
    with tar:
        if "t" in opts:
            for info in tar.getmembers():
                work.verbose_line(info, long=verbose)
        else:
            if "C" in opts and not ctx.fs.exists(base):
                raise work.fatal(f"{opts['C']}: Cannot open: No such file or directory")
            work.extract(tar, base, verbose, "O" in opts)
    if work.failed:
        if not ctx.busybox:
            ctx.error("Exiting with failure status due to previous errors")
            return 2
        return 1
    return 0


# --- gzip ---------------------------------------------------------------------------------


@register("gzip", "gunzip", "zcat")
def gzip_program(ctx: Ctx) -> int:
    prog = posixpath.basename(ctx.name)
    args = ctx.argv[1:]
    if args[:1] in (["--version"], ["--help"], ["-h"], ["-V"], ["-L"]) and not ctx.busybox:
        raise ctx.not_simulated(f"option {args[0]}")
    opts, names = ctx.parse(
        args,
        "cdfkqrtvn123456789l",
        longs={
            "stdout": "c",
            "to-stdout": "c",
            "decompress": "d",
            "uncompress": "d",
            "force": "f",
            "keep": "k",
            "quiet": "q",
            "test": "t",
            "verbose": "v",
            "list": "l",
            "recursive": "r",
        },
    )
    for flag in "rlt":
        if flag in opts:
            raise ctx.not_simulated(f"option -{flag}")
    decompress = "d" in opts or prog in ("gunzip", "zcat")
    to_stdout = "c" in opts or prog == "zcat"
    if not names:
        names = ["-"]
    status = 0
    for name in names:
        if name == "-":
            data = bytes_of(ctx.stdin.read_all())
            if not decompress:
                if ctx.proc.tty and not ctx.busybox and "f" not in opts:
                    ctx.err.write(
                        f"{prog}: compressed data not written to a terminal. "
                        "Use -f to force compression.\n"
                        f"For help, type: {prog} -h\n"
                    )
                    return 1
                ctx.out.write(text_of(gzip_bytes(data)))
                continue
            plain = gunzip_bytes(data)
            if plain is None:
                ctx.err.write(
                    f"{prog}: invalid magic\n"
                    if ctx.busybox
                    else f"{prog}: stdin: not in gzip format\n"
                )
                return 1
            ctx.out.write(plain.decode(errors="replace"))
            continue
        status = max(status, _one(ctx, prog, name, decompress, to_stdout, opts))
    return status


def _one(
    ctx: Ctx, prog: str, name: str, decompress: bool, to_stdout: bool, opts: dict[str, str]
) -> int:
    fs = ctx.fs
    bare = not name.endswith((".gz", ".tgz", ".z")) and not fs.exists(name, ctx.cwd)
    if decompress and bare and fs.exists(name + ".gz", ctx.cwd):
        name += ".gz"
    try:
        entry = fs.stat(name, ctx.cwd)
        if entry.kind == "dir":
            if ctx.busybox:  # est.: busybox's words for a directory operand
                ctx.error(f"{name}: Is a directory")
            else:
                ctx.err.write(f"{prog}: {name} is a directory -- ignored\n")
            return 2 if not ctx.busybox else 1
        data = fs.read(name, ctx.cwd)
    except FsError as exc:
        if ctx.busybox:
            ctx.error(f"can't open '{name}': {exc}")
            return 1
        ctx.err.write(f"{prog}: {name}: {exc}\n")
        return 1
    if decompress:
        if not to_stdout and not name.endswith((".gz", ".tgz", ".z")):
            if ctx.busybox:  # est.
                ctx.error(f"{name}: unknown suffix - ignored")
            else:
                ctx.err.write(f"{prog}: {name}: unknown suffix -- ignored\n")
            return 2 if not ctx.busybox else 1
        plain = gunzip_bytes(data)
        if plain is None:
            if ctx.busybox:
                ctx.error("invalid magic")
            else:
                ctx.err.write(f"{prog}: {name}: not in gzip format\n")
            return 1
        if to_stdout:
            ctx.out.write(plain.decode(errors="replace"))
            return 0
        target = name[:-4] + ".tar" if name.endswith(".tgz") else name.rsplit(".", 1)[0]
        output = plain
    else:
        if name.endswith(".gz"):
            if ctx.busybox:
                return 0
            ctx.err.write(f"{prog}: {name} already has .gz suffix -- unchanged\n")
            return 2
        output = gzip_bytes(data)
        if to_stdout:
            ctx.out.write(text_of(output))
            return 0
        target = name + ".gz"
    if fs.exists(target, ctx.cwd) and "f" not in opts:
        if ctx.busybox:
            ctx.error(f"can't open '{target}': File exists")
            return 1
        ctx.err.write(f"{prog}: {target} already exists;\tnot overwritten\n")
        return 2
    fs.write(target, output, ctx.cwd, mode=entry.mode)
    ctx.proc.mtimes[ctx.fs.resolve(target, ctx.cwd)] = mtime_of(ctx, ctx.fs.resolve(name, ctx.cwd))
    if "k" not in opts:
        fs.remove(name, ctx.cwd)
    if "v" in opts:
        ratio = (
            100 - (len(output) * 100 // max(len(data), 1))
            if not decompress
            else 100 - (len(data) * 100 // max(len(output), 1))
        )
        ctx.err.write(f"{name}:\t{ratio:4.1f}% -- replaced with {target}\n")
    return 0
