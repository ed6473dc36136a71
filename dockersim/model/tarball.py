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
from collections.abc import Iterable

from dockersim.model.fs import FileEntry, normalize

WHITEOUT_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"


def tar_bytes(entries: Iterable[FileEntry], mtime: int = 0) -> bytes:
    """The uncompressed layer tar (its sha256 is the layer's diffID).

    USTAR headers as Go's archive/tar writes them, a PAX header only for a name or link target
    that does not fit, and the two zero blocks at the end.
    """
    out = bytearray()
    for entry in entries:
        if entry.path == "/":
            continue
        name, typeflag, mode, linkname, data = _fields(entry)
        if len(name.encode()) > 100 or len(linkname.encode()) > 100:
            records = b""
            if len(name.encode()) > 100:
                records += _pax_record("path", name)
            if len(linkname.encode()) > 100:
                records += _pax_record("linkpath", linkname)
            pax_name = "PaxHeaders.0/" + posixpath.basename(name.rstrip("/"))[:80]
            out += _header(pax_name, b"x", 0o644, 0, 0, len(records), mtime, "")
            out += _padded(records)
        out += _header(name, typeflag, mode, entry.uid, entry.gid, len(data), mtime, linkname)
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


def _octal(value: int, width: int) -> bytes:
    return f"{value:0{width - 1}o}".encode() + b"\0"


def _header(
    name: str, typeflag: bytes, mode: int, uid: int, gid: int, size: int, mtime: int, link: str
) -> bytes:
    raw_name = name.encode()[:100]
    header = bytearray(512)
    header[0 : len(raw_name)] = raw_name
    header[100:108] = _octal(mode & 0o7777, 8)
    header[108:116] = _octal(uid, 8)
    header[116:124] = _octal(gid, 8)
    header[124:136] = _octal(size, 12)
    header[136:148] = _octal(mtime, 12)
    header[148:156] = b"        "
    header[156:157] = typeflag
    raw_link = link.encode()[:100]
    header[157 : 157 + len(raw_link)] = raw_link
    header[257:265] = b"ustar\x0000"
    header[329:337] = _octal(0, 8)
    header[337:345] = _octal(0, 8)
    header[148:156] = f"{sum(header):06o}".encode() + b"\0 "
    return bytes(header)


def _padded(data: bytes) -> bytes:
    remainder = len(data) % 512
    return data + bytes(512 - remainder) if remainder else data


def entries_from_tar(data: bytes) -> list[FileEntry]:
    """Read a layer tar back into changeset entries (whiteouts recognised)."""
    out: list[FileEntry] = []
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tar:
        for info in tar.getmembers():
            name = info.name[2:] if info.name.startswith("./") else info.name
            path = normalize(name)
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
