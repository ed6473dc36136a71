"""file (file 5.44-5.46, installed with `apt-get install file` or `apk add file`): what a
path holds, from its bytes as libmagic's rules read them, for the kinds this simulator makes:
empty files, directories, symbolic links, text (ASCII, UTF-8, with its line terminators),
scripts by their `#!` line, gzip and tar archives, and the stand-in executables (described
as the ELF programs they stand for). `-b` leaves the names out, `-i`/`--mime-type` print MIME
types; names are padded so the descriptions line up, as file does. Anything else is "data"."""

from __future__ import annotations

import hashlib
import posixpath
import struct
import time

from dockersim.model.cowfs import FsError
from dockersim.model.fs import program_name
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx

#: interpreter (the `#!` program's base name) -> what file calls its scripts, MIME type
SCRIPTS = {
    "sh": ("POSIX shell script", "text/x-shellscript"),
    "dash": ("POSIX shell script", "text/x-shellscript"),
    "bash": ("Bourne-Again shell script", "text/x-shellscript"),
    "python": ("Python script", "text/x-script.python"),
    "python3": ("Python script", "text/x-script.python"),
    "perl": ("Perl script", "text/x-perl"),
    "node": ("Node.js script", "application/javascript"),
}


def _elf(ctx: Ctx, name: str) -> str:
    """The description of a stand-in executable: the ELF binary it stands for (est.: the
    BuildID is a stable made-up digest of the program's name)."""
    build = hashlib.sha1(name.encode()).hexdigest()
    if ctx.proc.arch in ("aarch64", "arm64"):
        arch, interp, abi = "ARM aarch64", "/lib/ld-linux-aarch64.so.1", "3.7.0"
    else:
        arch, interp, abi = "x86-64", "/lib64/ld-linux-x86-64.so.2", "3.2.0"
    head = f"ELF 64-bit LSB pie executable, {arch}, version 1 (SYSV), dynamically linked"
    if ctx.fs.exists("/etc/alpine-release"):
        loader = "/lib/ld-musl-aarch64.so.1" if "aarch64" in arch else "/lib/ld-musl-x86_64.so.1"
        return f"{head}, interpreter {loader}, stripped"
    return f"{head}, interpreter {interp}, BuildID[sha1]={build}, for GNU/Linux {abi}, stripped"


def _text(data: bytes) -> tuple[str, str] | None:
    """(description, charset) of text, or None for binary data."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\t\n\r\f\b\x1b" for c in text) or "\x7f" in text:
        return None
    ascii_only = all(ord(c) < 128 for c in text)
    kind = "ASCII text" if ascii_only else "Unicode text, UTF-8 text"
    notes = []
    longest = max((len(line) for line in text.split("\n")), default=0)
    if longest > 300:
        notes.append(f"with very long lines ({longest})")
    if "\r\n" in text:
        notes.append("with CRLF line terminators")
    elif "\n" not in text:
        notes.append("with no line terminators")
    return ", ".join([kind, *notes]), "us-ascii" if ascii_only else "utf-8"


def _gzip(data: bytes) -> str:
    parts = ["gzip compressed data"]
    flags = data[3]
    if flags & 0x08:
        start = 10 + (2 + struct.unpack("<H", data[10:12])[0] if flags & 0x04 else 0)
        end = data.find(b"\0", start)
        parts.append(f'was "{data[start:end].decode(errors="replace")}"')
    mtime = struct.unpack("<I", data[4:8])[0]
    if mtime:
        parts.append("last modified: " + time.strftime("%a %b %e %H:%M:%S %Y", time.gmtime(mtime)))
    if data[8] == 2:
        parts.append("max compression")
    elif data[8] == 4:
        parts.append("max speed")
    if data[9] == 3:
        parts.append("from Unix")
    parts.append(f"original size modulo 2^32 {struct.unpack('<I', data[-4:])[0]}")
    return ", ".join(parts)


def describe(ctx: Ctx, path: str) -> tuple[str, str]:
    """(description, MIME type with charset) of one path."""
    try:
        entry = ctx.fs.stat(path, ctx.cwd, follow=False)
    except FsError:
        name = path
        return f"cannot open `{name}' (No such file or directory)", "cannot open"
    if entry.kind == "symlink":
        target = entry.target or ""
        try:
            ctx.fs.stat(path, ctx.cwd)
        except FsError:
            return f"broken symbolic link to {target}", "inode/symlink; charset=binary"
        return f"symbolic link to {target}", "inode/symlink; charset=binary"
    if entry.kind == "dir":
        return "directory", "inode/directory; charset=binary"
    data = entry.content
    if not data:
        return "empty", "inode/x-empty; charset=binary"
    if program_name(data) is not None:
        return _elf(ctx, program_name(data) or ""), "application/x-pie-executable; charset=binary"
    if data[:2] == b"\x1f\x8b" and len(data) >= 18:
        return _gzip(data), "application/gzip; charset=binary"
    if len(data) >= 512 and data[257:263] == b"ustar ":
        return "POSIX tar archive (GNU)", "application/x-tar; charset=binary"
    if len(data) >= 512 and data[257:263] == b"ustar\0":
        return "POSIX tar archive", "application/x-tar; charset=binary"
    text = _text(data)
    if text is None:
        return "data", "application/octet-stream; charset=binary"
    description, charset = text
    first = data.split(b"\n", 1)[0].decode(errors="replace")
    if first.startswith("#!"):
        words = first[2:].split()
        prog = posixpath.basename(words[0]) if words else ""
        if prog == "env" and len(words) > 1:
            prog = words[1]
        kind, mime = SCRIPTS.get(prog.rstrip("0123456789."), SCRIPTS.get(prog, ("", "")))
        if not kind:
            kind = f"a {' '.join(words)} script"
            mime = "text/plain"
        return f"{kind}, {description} executable", f"{mime}; charset={charset}"
    return description, f"text/plain; charset={charset}"


@register("file")
def file(ctx: Ctx) -> int:
    opts, args = ctx.parse(
        ctx.argv[1:],
        "bihLN",
        longs={"brief": "b", "mime": "i", "mime-type": "T", "dereference": "L"},
    )
    if "L" in opts or "h" in opts:
        raise ctx.not_simulated("options -L, -h")
    if not args:
        ctx.err.write(
            "Usage: file [-bcCdEhikLlNnprsSvzZ0] [--apple] [--extension] [--mime-encoding]\n"
            "            [--mime-type] [-e <testname>] [-F <separator>]  [-f <namefile>]\n"
            "            [-m <magicfiles>] [-P <parameter=value>] [--exclude-quiet]\n"
            "            <file> ...\n"
            "       file -C [-m <magicfiles>]\n"
            "       file [--help]\n"
        )  # est.: file 5.44's usage text
        return 1
    width = max(len(a) for a in args)
    for name in args:
        description, mime = describe(ctx, name)
        if ("i" in opts or "T" in opts) and mime != "cannot open":
            description = mime.split(";")[0] if "T" in opts else mime
        if "b" in opts:
            ctx.write(description + "\n")
        elif "N" in opts:
            ctx.write(f"{name}: {description}\n")
        else:
            ctx.write(f"{name}:{' ' * (width - len(name))} {description}\n")
    return 0
