"""`docker cp` (docker/cli cli/command/container/cp.go): between a container and the client's
machine (`ctx.machine`: the simulated host, or the real disk in the interactive CLI)."""

from __future__ import annotations

import posixpath
import tarfile

import attrs

from dockersim.docker.context import Context
from dockersim.docker.options import Options
from dockersim.errors import DockerError
from dockersim.model.fs import FileEntry
from dockersim.model.humanize import human_size
from dockersim.model.machine import MachineError, place_entries
from dockersim.model.tarball import tar_bytes


def _split(arg: str) -> tuple[str, str]:
    """`container:path` -> (container, path); a local path -> ("", path)."""
    if arg.startswith(("/", ".", "~")) or ":" not in arg:
        return "", arg
    name, _, path = arg.partition(":")
    return name, path


@attrs.frozen
class CpOptions(Options):
    quiet: bool
    follow_link: bool
    #: `-a`: what is copied into a container belongs to its user (the daemon's copyUIDGID)
    archive: bool


def run_cp(ctx: Context, opts: CpOptions) -> None:
    source, dest = opts.args
    src_ctr, src_path = _split(source)
    dst_ctr, dst_path = _split(dest)
    if src_ctr and dst_ctr:
        raise ctx.fail("copying between containers is not supported")
    if not src_ctr and not dst_ctr:
        raise ctx.fail("must specify at least one container source")
    try:
        if src_ctr and dst_path == "-":
            if opts.follow_link:  # cp.go: the link's target is what is asked for
                src_path = _link_target(ctx, src_ctr, src_path)
            ctx.out_bytes(ctx.engine.container_archive_tar(src_ctr, src_path)[0])
            return  # the CLI copies the daemon's tar stream to stdout and says nothing else
        if src_path == "-":
            _extract_stdin(ctx, dst_ctr, dst_path, opts.archive)
            size = 0  # the CLI counts only what it archives itself: "0B" for stdin
            shown = dest
        elif src_ctr:
            size = _copy_from(ctx, src_ctr, src_path, dst_path, opts.follow_link)
            shown = dst_path
        else:
            size = _copy_to(ctx, src_path, dst_ctr, dst_path, opts.archive)
            shown = dest
    except MachineError as exc:
        raise ctx.fail(str(exc)) from None
    except DockerError as exc:
        raise ctx.daemon_fail(exc) from None
    if not opts.quiet:
        ctx.err(f"Successfully copied {human_size(size)} to {shown}\n")


def _extract_stdin(ctx: Context, container: str, dest: str, archive: bool) -> None:
    """`docker cp - CONTAINER:DEST`: stdin is a tar extracted into the directory DEST, each
    entry with its owner and time."""
    from dockersim.model.tarball import entries_from_tar

    engine = ctx.engine
    if _dest_kind(ctx, container, dest) != "dir":
        raise ctx.fail(f'destination "{container}:{dest}" must be a directory')
    data = ctx.stdin
    raw = data.encode(errors="surrogateescape") if isinstance(data, str) else data
    mtimes: dict[str, float] = {}
    try:
        entries = entries_from_tar(raw, mtimes) if raw else []
    except (tarfile.TarError, ValueError, EOFError):
        raise ctx.daemon_fail("archive/tar: invalid tar header") from None
    tree = [FileEntry.directory("/"), *entries]
    engine.container_extract(container, dest, tree, "/", True, mtimes, archive)


def _link_target(ctx: Context, container: str, path: str) -> str:
    """`-L`: what the daemon's stat says a link at `path` resolves to (`path` if no link)."""
    try:
        stat = ctx.engine.container_stat_path(container, path)
    except DockerError:
        return path  # the archive request says what is missing
    return stat.link_target or path


def _dest_kind(ctx: Context, container: str, dest: str) -> str | None:
    """cp.go copyToContainer: the destination is looked at first (a link, at its target);
    None when it is not there (the copy may still make it)."""
    try:
        stat = ctx.engine.container_stat_path(container, dest)
        if stat.link_target:
            stat = ctx.engine.container_stat_path(container, stat.link_target)
    except DockerError:
        return None
    return stat.entry.kind


def _copy_from(ctx: Context, container: str, src: str, dest: str, follow: bool) -> int:
    """container:src -> dest on the client's machine: a link is copied as a link, unless
    `-L`, when its target is copied under the link's name (cp.go's rebase). What is placed
    belongs to the client's user and keeps its time in the container (the archive's)."""
    machine = ctx.machine
    target = machine.abspath(dest)
    parent = posixpath.dirname(target.rstrip("/")) or "/"
    if machine.stat(parent) is None:
        raise ctx.fail(f"lstat {parent}: no such file or directory")
    if follow:  # cp.go asks the daemon's stat first (the rebase below is its GetRebaseName)
        _link_target(ctx, container, src)
    entries, root, times = ctx.engine.container_archive(container, src, follow_link=follow)
    asked = posixpath.join("/", src.removesuffix("/.")).rstrip("/") or "/"
    if follow and root != asked and posixpath.basename(root) != posixpath.basename(asked):
        rebased = posixpath.join(posixpath.dirname(root), posixpath.basename(asked))
        times = {rebased + path[len(root) :]: when for path, when in times.items()}
        entries = [attrs.evolve(e, path=rebased + e.path[len(root) :]) for e in entries]
        root = rebased

    def kind_of(path: str) -> str | None:
        found = machine.stat(path)
        return found.kind if found is not None else None

    def put(entry: FileEntry, source: str) -> None:
        machine.put(entry, times.get(source))

    contents = src.endswith("/.")
    moved = place_entries(entries, root, target, contents, kind_of, put)
    return len(tar_bytes(moved))


def _copy_to(ctx: Context, src: str, container: str, dest: str, archive: bool) -> int:
    """src on the client's machine -> container:dest, each entry with its owner and time
    (the CLI's archive carries them; the daemon keeps them, `-a` aside)."""
    machine = ctx.machine
    root = machine.abspath(src.removesuffix("/.") or "/")
    if machine.stat(root) is None:
        raise ctx.fail(f"lstat {root}: no such file or directory")
    entries = machine.tree(machine.abspath(root))
    mtimes = {entry.path: float(int(machine.mtime(entry.path))) for entry in entries}
    contents = src.endswith("/.")
    _dest_kind(ctx, container, dest)  # cp.go looks first; the extraction decides the rest
    engine = ctx.engine
    return engine.container_extract(container, dest, entries, root, contents, mtimes, archive)
