"""Deterministic layer serialisation: the tar whose sha256 is the diffID, and its gzip blob.

The same changeset always gives the same bytes: every header field is fixed (mtime from the
layer's creation time, no user or group names, PAX only when a name needs it), whiteouts are
written AUFS-style as empty `.wh.<name>` files and opaque directories as `.wh..wh..opq`
(image-spec `layer.md`). The gzip stream uses stored (uncompressed) deflate blocks, so its bytes
do not depend on the zlib version: a valid gzip file whose digest is stable everywhere.
"""

from __future__ import annotations

import io
import posixpath
import struct
import tarfile
import zlib
from collections.abc import Iterable, Mapping

from dockersim.model.fs import FileEntry, normalize

WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"


def tar_bytes(
    entries: Iterable[FileEntry], mtime: int = 0, mtimes: Mapping[str, int] | None = None
) -> bytes:
    """The uncompressed layer tar (its sha256 is the layer's diffID).

    USTAR headers as Go's archive/tar writes them, a PAX header only for a name or link target
    that does not fit, and the two zero blocks at the end. Every entry has `mtime`, or its own
    time from `mtimes` (by path) when given (`docker cp`'s archives).
    """
    out = bytearray()
    for entry in entries:
        if entry.path == "/":
            continue
        when = mtime if mtimes is None else mtimes.get(entry.path, mtime)
        name, typeflag, mode, linkname, data = _fields(entry)
        if len(name.encode()) > 100 or len(linkname.encode()) > 100:
            records = b""
            if len(name.encode()) > 100:
                records += _pax_record("path", name)
            if len(linkname.encode()) > 100:
                records += _pax_record("linkpath", linkname)
            pax_name = "PaxHeaders.0/" + posixpath.basename(name.rstrip("/"))[:80]
            out += ustar_header(pax_name, b"x", 0o644, 0, 0, len(records), when, "")
            out += _padded(records)
        out += ustar_header(name, typeflag, mode, entry.uid, entry.gid, len(data), when, linkname)
        out += _padded(data)
    out += bytes(1024)
    return bytes(out)


def _fields(entry: FileEntry) -> tuple[str, bytes, int, str, bytes]:
    rel = entry.path.lstrip("/")
    if entry.kind == "whiteout":
        name = posixpath.join(posixpath.dirname(rel), WHITEOUT_PREFIX + posixpath.basename(rel))
        return name, b"0", 0o600, "", b""
    if entry.kind == "opaque":
        return posixpath.join(rel, OPAQUE_MARKER), b"0", 0o600, "", b""
    if entry.kind == "dir":
        return rel + "/", b"5", entry.mode, "", b""
    if entry.kind == "symlink":
        return rel, b"2", 0o777, entry.target, b""
    return rel, b"0", entry.mode, "", entry.content


def _pax_record(key: str, value: str) -> bytes:
    body = f" {key}={value}\n".encode()
    length = len(body) + 1
    while len(str(length)) + len(body) != length:
        length = len(str(length)) + len(body)
    return str(length).encode() + body


_MAGIC = b"ustar\x0000"
_ZERO8 = b"0000000\0"
#: what the checksum adds for the parts every header shares: the checksum field itself
#: (eight spaces while summing), the magic, and devmajor/devminor
_CONSTANT_SUM = sum(b" " * 8) + sum(_MAGIC) + 2 * sum(_ZERO8)


def ustar_header(
    name: str,
    typeflag: bytes,
    mode: int,
    uid: int,
    gid: int,
    size: int,
    mtime: int,
    link: str,
    prefix: str = "",
) -> bytes:
    """One 512-byte USTAR header as Go's archive/tar writes it (assembled whole: layer digests
    hash thousands of these). `prefix` is USTAR's field for the directory part of long names."""
    raw_name = name.encode()[:100]
    raw_link = link.encode()[:100]
    raw_prefix = prefix.encode()[:155]
    fields = b"%07o\0%07o\0%07o\0%011o\0%011o\0" % (mode & 0o7777, uid, gid, size, mtime)
    checksum = (
        sum(raw_name) + sum(fields) + typeflag[0] + sum(raw_link) + sum(raw_prefix)
        + _CONSTANT_SUM
    )  # fmt: skip
    return b"".join(
        (
            raw_name.ljust(100, b"\0"),
            fields,
            b"%06o\0 " % checksum,
            typeflag,
            raw_link.ljust(100, b"\0"),
            _MAGIC,
            bytes(64),
            _ZERO8,
            _ZERO8,
            raw_prefix.ljust(155, b"\0"),
            bytes(12),
        )
    )


def _padded(data: bytes) -> bytes:
    remainder = len(data) % 512
    return data + bytes(512 - remainder) if remainder else data


def entries_from_tar(data: bytes, mtimes: dict[str, float] | None = None) -> list[FileEntry]:
    """Read a layer tar back into changeset entries (whiteouts recognised); `mtimes`, when
    given, gets each member's modification time by its entry's path."""
    out: list[FileEntry] = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
        for info in tar.getmembers():
            name = info.name[2:] if info.name.startswith("./") else info.name
            path = normalize(name)
            if mtimes is not None:
                mtimes[path] = float(info.mtime)
            base = posixpath.basename(path)
            if base == OPAQUE_MARKER:
                out.append(FileEntry(posixpath.dirname(path), "opaque", 0o600))
            elif base.startswith(WHITEOUT_PREFIX):
                target = posixpath.join(posixpath.dirname(path), base[len(WHITEOUT_PREFIX) :])
                out.append(FileEntry.whiteout(target))
            elif info.isdir():
                out.append(FileEntry(path, "dir", info.mode, info.uid, info.gid))
            elif info.issym():
                out.append(
                    FileEntry(path, "symlink", 0o777, info.uid, info.gid, b"", info.linkname)
                )
            elif info.isfile():
                handle = tar.extractfile(info)
                content = handle.read() if handle is not None else b""
                out.append(FileEntry(path, "file", info.mode, info.uid, info.gid, content))
    return out


def gzip_stored(data: bytes) -> bytes:
    """A gzip member holding `data` in stored deflate blocks (RFC 1951 §3.2.4, RFC 1952)."""
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    blocks = bytearray()
    view = memoryview(data)
    offset = 0
    while True:
        chunk = view[offset : offset + 0xFFFF]
        offset += len(chunk)
        final = offset >= len(data)
        blocks.append(1 if final else 0)
        blocks += struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF)
        blocks += chunk
        if final:
            break
    trailer = struct.pack("<II", zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)
    return header + bytes(blocks) + trailer
