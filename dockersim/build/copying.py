"""COPY and ADD for both builders: which files, where, the cache key and the layer.

The key parts are what BuildKit's file op depends on: the destination and options, and the
checksums of the source files (content and metadata, never the mtime); the classic builder
hashes the same sources into its `file:`/`dir:`/`multi:` strings (`build/checksum.py`).
"""

from __future__ import annotations

import hashlib
import posixpath

import attrs

from dockersim.build import instructions as ins
from dockersim.build.backend import BaseError
from dockersim.build.errors import DockerfileError
from dockersim.build.executor import Executor, FsResult, StageRun
from dockersim.build.plan import stage_index
from dockersim.build.steps import (
    Owner,
    StepError,
    copy_sources,
    dest_path,
    has_wildcards,
    layer_changes,
    match_sources,
    parse_chmod,
    resolve_owner,
    sources_checksum,
)
from dockersim.model.cowfs import CowFS
from dockersim.model.fs import FileEntry, Tree


@attrs.define
class CopyPlan:
    key_parts: list[object]
    files: dict[str, str]
    history: str
    source: Tree
    paths: list[str]
    dest: str
    owner: Owner | None
    chmod: int | None
    unpack: bool
    contents: list[FileEntry]


def copy_plan(self: Executor, run: StageRun, command: ins.Copy) -> CopyPlan:
    line = command.node.start_line
    try:
        sources = [self.expand(run, s, line) for s in command.sources]
        dest_text = self.expand(run, command.dest, line)
        chown = self.expand(run, command.chown, line) if command.chown else ""
        chmod_text = self.expand(run, command.chmod, line) if command.chmod else ""
    except DockerfileError as exc:
        raise StepError(exc.message) from None
    source, origin = _copy_source(self, command)
    paths: list[str] = []
    files: dict[str, str] = {}
    for src in sources:
        if command.is_add and src.startswith(("http://", "https://")):
            raise StepError(_url_error(src))
        matched = match_sources(source, src)
        if not matched and not has_wildcards(src):
            clean = posixpath.normpath("/" + src.lstrip("/"))
            raise StepError(
                f'failed to calculate checksum of ref {_ref_id(self)}: "{clean}": not found'
            )
        paths.extend(matched)
        files.update(sources_checksum(source, matched))
    tree = self.tree_of(run) if chown else {}
    owner = resolve_owner(tree, chown) if chown else (None if command.from_ else Owner(0, 0))
    chmod = parse_chmod(chmod_text) if chmod_text else None
    contents = [
        FileEntry.file(
            "/" + c.path.lstrip("/"),
            self.expand(run, c.data, line) if c.expand else c.data,
        )
        for c in command.contents
    ]
    dest = dest_path(dest_text, run.env.image.working_dir)
    history = "ADD" if command.is_add else "COPY"
    if command.parents:
        history += " --parents"
    if chown:
        history += f" --chown={chown}"
    if chmod_text:
        history += f" --chmod={chmod_text}"
    history += "".join(f" {s}" for s in sources)
    history += "".join(f" <<{c.path}" for c in command.contents)
    history += f" {dest_text}"
    key_parts: list[object] = [
        dest, chown, chmod_text, command.link, command.parents, list(command.excludes),
        command.is_add, origin, sorted(files.items()),
        [(c.path, hashlib.sha256(c.content).hexdigest()) for c in contents],
    ]  # fmt: skip
    return CopyPlan(
        key_parts,
        {k.lstrip("/"): v for k, v in files.items()},
        history,
        source,
        paths,
        dest,
        owner,
        chmod,
        command.is_add,
        contents,
    )


def _copy_source(self: Executor, command: ins.Copy) -> tuple[Tree, str]:
    if not command.from_:
        return self.context_tree(), "context"
    index = stage_index(self.plan.stages, command.from_)
    if index is not None and index in self.runs:
        return self.tree_of(self.runs[index]), f"stage:{index}"
    try:
        base = self.backend.resolve_base(command.from_, self.request.platform, False)
    except BaseError as exc:
        raise StepError(exc.message) from None
    return self.backend.base_tree(base), f"image:{base.image_id}"


def _ref_id(self: Executor) -> str:
    a = self.backend.new_hex()
    b = self.backend.new_hex()
    uuid = f"{a[:8]}-{a[8:12]}-{a[12:16]}-{a[16:20]}-{a[20:32]}"
    letters = "abcdefghijklmnopqrstuvwxyz0123456789"
    short = "".join(letters[int(b[i : i + 2], 16) % 36] for i in range(0, 50, 2))
    return f"{uuid}::{short}"


def apply_copy(self: Executor, run: StageRun, plan: CopyPlan) -> FsResult:
    tree = self.tree_of(run)
    fs = CowFS(tree)
    copy_sources(fs, plan.source, plan.paths, plan.dest, plan.owner, plan.chmod, plan.unpack)
    if plan.contents:
        extra = {e.path: e for e in plan.contents}
        copy_sources(fs, extra, sorted(extra), plan.dest, plan.owner, plan.chmod, False)
    return FsResult(layer_changes(fs, tree), 0.1)


def _url_error(url: str) -> str:
    host = url.split("://", 1)[1].split("/", 1)[0]
    return (
        f'failed to load cache key: Get "{url}": dial tcp: lookup {host}: no such host '
        "(dockersim has no network)"
    )
