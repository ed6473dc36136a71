"""Checksums and encodings: md5sum, sha1sum, sha224sum, sha256sum, sha384sum, sha512sum
(with `-c`), base64 and cksum, in GNU coreutils' and busybox's words."""

from __future__ import annotations

import base64 as b64
import binascii
import hashlib
import re

from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.operands import (
    from_bytes,
    meta,
    plural,
    read_bytes,
    to_bytes,
)

ALGORITHMS = {
    "md5sum": "md5",
    "sha1sum": "sha1",
    "sha224sum": "sha224",
    "sha256sum": "sha256",
    "sha384sum": "sha384",
    "sha512sum": "sha512",
}


@register(*ALGORITHMS)
def digest_sum(ctx: Ctx) -> int:
    meta(ctx)
    algo = ALGORITHMS[ctx.name]
    longs = {
        "check": "c",
        "binary": "b",
        "text": "t",
        "quiet": "q",
        "status": "s",
        "warn": "w",
        "strict": "S",
        "tag": "T",
        "zero": "z",
        "ignore-missing": "I",
    }
    flags = "cbtsw" if ctx.busybox else "cbtwz"
    opts, files = ctx.parse(ctx.argv[1:], flags, longs=None if ctx.busybox else longs)
    if "T" in opts or "z" in opts:
        raise ctx.not_simulated("option --tag/--zero")
    if "c" in opts:
        return _check(ctx, algo, files or ["-"], opts)
    status = 0
    for name in files or ["-"]:
        data = read_bytes(ctx, name)
        if data is None:
            status = 1
            continue
        marker = "*" if "b" in opts and not ctx.busybox else " "
        ctx.write(f"{hashlib.new(algo, data).hexdigest()} {marker}{name}\n")
    return status


_LINE = re.compile(r"([0-9a-fA-F]+) ([ *])(.*)")


def _check(ctx: Ctx, algo: str, lists: list[str], opts: dict[str, str]) -> int:
    quiet, silent = "q" in opts, "s" in opts
    width = hashlib.new(algo).digest_size * 2
    status = 0
    for listing in lists:
        data = read_bytes(ctx, listing)
        if data is None:
            status = 1
            continue
        bad_format = unreadable = mismatched = total = 0
        for line in from_bytes(data).splitlines():
            found = _LINE.fullmatch(line)
            if found is None or len(found[1]) != width:
                bad_format += 1
                if ctx.busybox and "w" in opts:
                    ctx.error("invalid format")
                continue
            total += 1
            expected, name = found[1].lower(), found[3]
            content = read_bytes(ctx, name)
            if content is None:
                unreadable += 1
                if not silent:
                    ctx.write(
                        f"{name}: FAILED\n" if ctx.busybox else f"{name}: FAILED open or read\n"
                    )
                continue
            if hashlib.new(algo, content).hexdigest() == expected:
                if not (quiet or silent):
                    ctx.write(f"{name}: OK\n")
            else:
                mismatched += 1
                if not silent:
                    ctx.write(f"{name}: FAILED\n")
        if ctx.busybox:
            failed = mismatched + unreadable + bad_format
            if failed:
                status = 1
                if not silent:
                    listed = total + bad_format
                    ctx.error(f"WARNING: {failed} of {listed} computed checksums did NOT match")
            continue
        shown = "standard input" if listing == "-" else listing
        if not total:
            ctx.error(f"{shown}: no properly formatted checksum lines found")
            status = 1
            continue
        if not silent:
            if bad_format:
                lines = plural(bad_format, "line is", "lines are")
                ctx.error(f"WARNING: {bad_format} {lines} improperly formatted")
            if unreadable:
                files = plural(unreadable, "listed file could not", "listed files could not")
                ctx.error(f"WARNING: {unreadable} {files} be read")
            if mismatched:
                sums = plural(mismatched, "computed checksum", "computed checksums")
                ctx.error(f"WARNING: {mismatched} {sums} did NOT match")
        if unreadable or mismatched:
            status = 1
    return status


@register("base64")
def base64(ctx: Ctx) -> int:
    meta(ctx)
    longs = {"decode": "d", "wrap": "w=", "ignore-garbage": "i"}
    opts, files = ctx.parse(ctx.argv[1:], "di", "w", longs=None if ctx.busybox else longs)
    if len(files) > 1:
        if ctx.busybox:
            ctx.error(f"extra operand '{files[1]}'")  # est.: busybox takes one FILE
        else:
            ctx.error(f"extra operand '{files[1]}'")
            ctx.err.write("Try 'base64 --help' for more information.\n")
        return 1
    wrap_text = opts.get("w", "76")
    if not wrap_text.isdigit():
        ctx.error(f"invalid wrap size: '{wrap_text}'")
        return 1
    data = read_bytes(ctx, files[0] if files else "-")
    if data is None:
        return 1
    if "d" in opts:
        cleaned = re.sub(rb"\s", b"", data)
        if "i" in opts:
            cleaned = re.sub(rb"[^A-Za-z0-9+/=]", b"", cleaned)
        try:
            plain = b64.b64decode(cleaned, validate=True)
        except (binascii.Error, ValueError):
            ctx.write(from_bytes(_decodable_prefix(cleaned)))
            ctx.error("invalid input")
            return 1
        ctx.write(from_bytes(plain))
        return 0
    encoded = b64.b64encode(data).decode()
    wrap = int(wrap_text)
    if wrap:
        lines = [encoded[i : i + wrap] for i in range(0, len(encoded), wrap)]
        ctx.write("".join(f"{line}\n" for line in lines))
    else:
        ctx.write(encoded)
    return 0


def _decodable_prefix(data: bytes) -> bytes:
    """What GNU base64 -d has written before it meets a bad character: the whole
    4-character groups before it."""
    good = re.match(rb"[A-Za-z0-9+/]*", data)
    head = good[0] if good else b""
    head = head[: len(head) // 4 * 4]
    return b64.b64decode(head) if head else b""


def _crc_table() -> list[int]:
    table = []
    for i in range(256):
        crc = i << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) if crc & 0x80000000 else crc << 1
        table.append(crc & 0xFFFFFFFF)
    return table


_CRC = _crc_table()


def posix_cksum(data: bytes) -> int:
    """The POSIX `cksum` CRC: polynomial 0x04C11DB7 over the data then its length."""
    crc = 0
    for byte in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC[(crc >> 24) ^ byte]
    n = len(data)
    while n:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ _CRC[(crc >> 24) ^ (n & 0xFF)]
        n >>= 8
    return ~crc & 0xFFFFFFFF


@register("cksum")
def cksum(ctx: Ctx) -> int:
    meta(ctx)
    opts, files = ctx.parse(ctx.argv[1:], "", "a" if not ctx.busybox else "")
    if opts.get("a", "crc") != "crc":
        raise ctx.not_simulated(f"option -a {opts['a']}")
    status = 0
    for name in files or ["-"]:
        data = read_bytes(ctx, name)
        if data is None:
            status = 1
            continue
        shown = "" if name == "-" else f" {name}"
        ctx.write(f"{posix_cksum(data)} {len(data)}{shown}\n")
    return status


__all__ = ["base64", "cksum", "digest_sum", "posix_cksum", "to_bytes"]
