"""mount (listing), umount and du, as a container on Docker's overlay2 store sees them.

`mount` lists the overlay root, the kernel filesystems Docker mounts, the daemon's bind mounts
of /etc/resolv.conf, hostname and hosts, and the container's volumes, binds and tmpfs mounts,
in /proc/self/mountinfo's words (util-linux and busybox print the same lines). Mounting and
unmounting need CAP_SYS_ADMIN, which a container does not have: both fail as they do there."""

from __future__ import annotations

import hashlib
import math
import posixpath

from dockersim.model.cowfs import FsError
from dockersim.model.mountfs import MountedFS
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.listing import blocks_of

#: the kernel filesystems runc mounts in every container, as /proc/self/mounts lists them
KERNEL_MOUNTS = (
    "proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)",
    "tmpfs on /dev type tmpfs (rw,nosuid,size=65536k,mode=755,inode64)",
    "devpts on /dev/pts type devpts (rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666)",
    "sysfs on /sys type sysfs (ro,nosuid,nodev,noexec,relatime)",
    "cgroup on /sys/fs/cgroup type cgroup2 (ro,nosuid,nodev,noexec,relatime)",
    "mqueue on /dev/mqueue type mqueue (rw,nosuid,nodev,noexec,relatime)",
    "shm on /dev/shm type tmpfs (rw,nosuid,nodev,noexec,relatime,size=65536k,inode64)",
)
#: what runc masks and makes read-only under /proc after the mounts above
PROC_MASKS = (
    "proc on /proc/bus type proc (ro,nosuid,nodev,noexec,relatime)",
    "proc on /proc/fs type proc (ro,nosuid,nodev,noexec,relatime)",
    "proc on /proc/irq type proc (ro,nosuid,nodev,noexec,relatime)",
    "proc on /proc/sys type proc (ro,nosuid,nodev,noexec,relatime)",
    "proc on /proc/sysrq-trigger type proc (ro,nosuid,nodev,noexec,relatime)",
    "tmpfs on /proc/acpi type tmpfs (ro,relatime,inode64)",
    "tmpfs on /proc/interrupts type tmpfs (rw,nosuid,size=65536k,mode=755,inode64)",
    "tmpfs on /proc/kcore type tmpfs (rw,nosuid,size=65536k,mode=755,inode64)",
    "tmpfs on /proc/keys type tmpfs (rw,nosuid,size=65536k,mode=755,inode64)",
    "tmpfs on /proc/timer_list type tmpfs (rw,nosuid,size=65536k,mode=755,inode64)",
    "tmpfs on /proc/scsi type tmpfs (ro,relatime,inode64)",
    "tmpfs on /sys/firmware type tmpfs (ro,relatime,inode64)",
)
DISK = "/dev/sda1"


def _short_id(seed: str, n: int) -> str:
    """A stand-in for overlay2's 26-character link names (est.: real ones are random)."""
    digest = hashlib.sha256(f"{seed}:{n}".encode()).hexdigest().upper()
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "".join(alphabet[int(digest[i : i + 2], 16) % 32] for i in range(0, 52, 2))


def mount_lines(ctx: Ctx) -> list[str]:
    seed = ctx.proc.hostname
    base = "/var/lib/docker/overlay2"
    lower = ":".join(f"{base}/l/{_short_id(seed, n)}" for n in range(2))
    layer = hashlib.sha256(seed.encode()).hexdigest()
    root_mode = "ro" if ctx.fs.read_only else "rw"
    lines = [
        f"overlay on / type overlay ({root_mode},relatime,lowerdir={lower},"
        f"upperdir={base}/{layer}/diff,workdir={base}/{layer}/work,nouserxattr)",
        *KERNEL_MOUNTS,
    ]
    mounts = ctx.fs.mounts if isinstance(ctx.fs, MountedFS) else []
    etc = {m.destination: m for m in mounts if m.kind == "etc"}
    for path in ("/etc/resolv.conf", "/etc/hostname", "/etc/hosts"):
        if path in etc:
            lines.append(f"{DISK} on {path} type ext4 (rw,relatime)")
    shown = (m for m in mounts if m.kind not in ("etc", "kernel"))  # kernel: KERNEL_MOUNTS
    for point in sorted(shown, key=lambda m: m.destination):
        mode = "ro" if point.read_only else "rw"
        if point.kind == "tmpfs":
            lines.append(
                f"tmpfs on {point.destination} type tmpfs ({mode},nosuid,nodev,noexec,relatime,"
                "inode64)"
            )
        else:
            lines.append(f"{DISK} on {point.destination} type ext4 ({mode},relatime)")
    lines.extend(PROC_MASKS)
    return lines


@register("mount")
def mount(ctx: Ctx) -> int:
    opts, args = ctx.parse(ctx.argv[1:], "alrvnfwt", "to", {"types": "t=", "options": "o="})
    if args:
        if ctx.busybox:
            ctx.error("permission denied (are you root?)")
        else:
            target = args[-1] if args else ""
            ctx.error(f"{target}: permission denied.")
            ctx.err.write(
                "       dmesg(1) may have more information after failed mount system call.\n"
            )
        return 255 if ctx.busybox else 32
    lines = mount_lines(ctx)
    if "t" in opts:
        kinds = opts["t"].split(",")
        lines = [line for line in lines if line.split(" type ", 1)[1].split(" ", 1)[0] in kinds]
    ctx.write("".join(line + "\n" for line in lines))
    return 0


@register("umount")
def umount(ctx: Ctx) -> int:
    _opts, args = ctx.parse(ctx.argv[1:], "alrfnv", "t")
    if not args:
        if ctx.busybox:
            ctx.err.write(
                "BusyBox v1.37.0 (2025-05-26 20:04:45 UTC) multi-call binary.\n\n"
                "Usage: umount [-rlfda] [-t FSTYPE] FILESYSTEM|DIRECTORY\n"
            )
            return 1
        ctx.err.write("Usage:\n umount [-hV]\n umount -a [options]\n")  # est.
        return 1
    target = args[0]
    if ctx.busybox:
        ctx.error(f"can't unmount {target}: Operation not permitted")
        return 1
    ctx.error(f"{target}: must be superuser to unmount.")
    return 32


# --- du -------------------------------------------------------------------------------------


def _human(kib: int) -> str:
    """du -h: GNU rounds up to one decimal under 10 (1.5K, 12K, 4.0K); busybox alike."""
    value = float(kib)
    units = "KMGTP"
    i = 0
    while value >= 1024 and i < len(units) - 1:
        value /= 1024
        i += 1
    if i == 0:
        return f"{kib}K" if kib >= 10 else f"{kib:.1f}K"
    if value < 10:
        return f"{math.ceil(value * 10) / 10:.1f}{units[i]}"
    return f"{math.ceil(value)}{units[i]}"


class _Du:
    def __init__(self, ctx: Ctx, opts: dict[str, str], depth: int | None) -> None:
        self.ctx = ctx
        self.opts = opts
        self.depth = depth
        self.failed = False

    def show(self, kib: int, path: str) -> None:
        if "h" in self.opts:
            size = _human(kib) if kib else "0"
        elif "m" in self.opts:
            size = str(math.ceil(kib / 1024))
        else:
            size = str(kib)
        self.ctx.write(f"{size}\t{path}\n")

    def visit(self, path: str, shown: str, level: int) -> int:
        fs = self.ctx.fs
        try:
            entry = fs.stat(path, follow="L" in self.opts)
        except FsError as exc:
            if self.ctx.busybox:
                self.ctx.error(f"{shown}: {exc}")
            else:
                self.ctx.error(f"cannot access '{shown}': {exc}")
            self.failed = True
            return 0
        kib = blocks_of(entry)
        if entry.kind != "dir":
            listed = "a" in self.opts and "s" not in self.opts
            if (listed or level == 0) and (self.depth is None or level <= self.depth):
                self.show(kib, shown)
            return kib
        try:
            names = sorted(fs.listdir(path))
        except FsError as exc:  # (/proc: not simulated)
            if self.ctx.busybox:
                self.ctx.error(f"can't open '{shown}': {exc}")
            else:
                self.ctx.error(f"cannot read directory '{shown}': {exc}")
            self.failed = True
            names = []
        for name in names:
            kib += self.visit(posixpath.join(path, name), posixpath.join(shown, name), level + 1)
        summary = "s" in self.opts
        within = self.depth is None or level <= self.depth
        if (summary and level == 0) or (not summary and within):
            self.show(kib, shown)
        return kib


@register("du")
def du(ctx: Ctx) -> int:
    if ctx.argv[1:2] in (["--help"], ["--version"]) and not ctx.busybox:
        raise ctx.not_simulated(f"option {ctx.argv[1]}")
    opts, args = ctx.parse(
        ctx.argv[1:],
        "sahckmLxl",
        "d",
        {
            "summarize": "s",
            "all": "a",
            "human-readable": "h",
            "total": "c",
            "max-depth": "d=",
        },
    )
    depth: int | None = None
    if "d" in opts:
        if not opts["d"].isdigit():
            ctx.error(f"invalid maximum depth '{opts['d']}'")
            if not ctx.busybox:
                ctx.err.write("Try 'du --help' for more information.\n")
            return 1
        depth = int(opts["d"])
    if "s" in opts and depth is not None and depth > 0 and not ctx.busybox:  # GNU only
        ctx.error(f"warning: summarizing conflicts with --max-depth={depth}")
        ctx.err.write("Try 'du --help' for more information.\n")
        return 1
    walker = _Du(ctx, opts, depth)
    total = 0
    for name in args or ["."]:
        total += walker.visit(ctx.path(name), name, 0)
    if "c" in opts:
        walker.show(total, "total")
    return 1 if walker.failed else 0
