"""yarn 1 as the node images ship it (`yarn`/`yarn install` [--production]
[--frozen-lockfile], `yarn add PKG`, `yarn run [SCRIPT]`, `yarn SCRIPT`), on npm.py's registry
and installer; and nodemon as node_modules/.bin has it (a stand-in executable: the real one is
a node script).

Simplifications: yarn.lock lists the direct dependencies with version and tarball, without
their integrity or their own dependencies; "Done in" is estimated from the number of packages.
nodemon prints its banner and runs `node SCRIPT`; restarting on a changed file is the
engine's (engine/programs/nodemon_watch.py: it needs the clock and the bind mounts).
"""

from __future__ import annotations

import json
import posixpath
import shlex

from dockersim.model.fs import FsError
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.npm import (
    Failed,
    deps_of,
    install_files,
    install_seconds,
    read_manifest,
    resolve_all,
    run_script,
    scripts_of,
    tree_of,
)
from dockersim.model.userland.programs.npmindex import Release

NODEMON_EXTENSIONS = {"2": "js,mjs,json", "3": "js,mjs,cjs,json"}


@register("yarn", "yarnpkg")
def yarn(ctx: Ctx) -> int:
    ctx.name = "yarn"
    args = ctx.argv[1:]
    version = ctx.env.get("YARN_VERSION", "1.22.22")
    if args[:1] in (["--version"], ["-v"]):
        ctx.write(version + "\n")
        return 0
    command = args[0] if args and not args[0].startswith("-") else "install"
    rest = args[1:] if args and not args[0].startswith("-") else args
    try:
        if command in ("install", "add"):
            return _yarn_install(ctx, version, command, rest)
        if command == "run":
            return _yarn_run(ctx, version, rest[:1], rest[1:])
        manifest = read_manifest(ctx, required=False) or {}
        if command in scripts_of(manifest):
            return _yarn_run(ctx, version, [command], rest)
    except Failed as exc:
        ctx.err.write(exc.text)
        return exc.status
    raise ctx.not_simulated(" ".join(["yarn", *args[:1]]))


def _yarn_install(ctx: Ctx, version: str, command: str, args: list[str]) -> int:
    known = ("--production", "--prod", "--frozen-lockfile", "--dev", "-D", "--non-interactive",
             "--silent")  # fmt: skip
    bad = [a for a in args if a.startswith("-") and a not in known]
    if bad:
        raise ctx.not_simulated(f"option {bad[0]}")
    dev = not any(a in ("--production", "--prod") for a in args)
    dev = dev and ctx.env.get("NODE_ENV") != "production"
    frozen = "--frozen-lockfile" in args
    lockfile = posixpath.join(ctx.cwd, "yarn.lock")
    has_lock = ctx.fs.exists(lockfile)
    ctx.write(f"yarn {command} v{version}\n")
    manifest = read_manifest(ctx, required=False)
    if manifest is None:
        manifest = {}
    notes = ""
    if "license" not in manifest:
        notes += "warning package.json: No license field\n"
    if ctx.fs.exists(posixpath.join(ctx.cwd, "package-lock.json")):
        notes += ("warning package-lock.json found. Your project contains lock files generated "
                  "by tools other than Yarn. It is advised not to mix package managers in order "
                  "to avoid resolution inconsistencies caused by unsynchronized lock files. To "
                  "clear this warning, remove package-lock.json.\n")  # fmt: skip
    ctx.err.write(notes)
    if not has_lock:
        ctx.write("info No lockfile found.\n")
    added = {a: "latest" for a in args if not a.startswith("-")} if command == "add" else {}
    ctx.write("[1/4] Resolving packages...\n")
    chosen = resolve_all(ctx, {**deps_of(manifest, dev), **added}, yarn=True)
    names, extra, _funding = tree_of(chosen)
    if frozen and has_lock and not _locked(ctx, lockfile, chosen):
        ctx.err.write("error Your lockfile needs to be updated, but yarn was run with "
                      "`--frozen-lockfile`.\ninfo Visit https://yarnpkg.com/en/docs/cli/install "
                      "for documentation about this command.\n")  # fmt: skip
        return 1
    integrity = posixpath.join(ctx.cwd, "node_modules", ".yarn-integrity")
    patterns = sorted(f"{r.name}@{s}" for r, s in chosen)
    stamp = json.dumps({"flags": [] if dev else ["production"], "topLevelPatterns": patterns})
    if has_lock and not added and _locked(ctx, lockfile, chosen) and _same(ctx, integrity, stamp):
        ctx.write("success Already up-to-date.\n")
        ctx.rec.advance(0.2)
        ctx.write("Done in 0.20s.\n")  # (est.: the time yarn 1 takes to check)
        return 0
    ctx.write("[2/4] Fetching packages...\n[3/4] Linking dependencies...\n"
              "[4/4] Building fresh packages...\n")  # fmt: skip
    install_files(ctx, names, chosen)
    ctx.fs.write(integrity, stamp.encode())
    if added:
        table = manifest.setdefault("dependencies", {})
        for release, _spec in chosen:
            if release.name in added:
                table[release.name] = "^" + release.version
        ctx.fs.write(posixpath.join(ctx.cwd, "package.json"),
                     (json.dumps(manifest, indent=2) + "\n").encode())  # fmt: skip
    if not frozen and (not has_lock or added):
        ctx.fs.write(lockfile, _yarn_lock(chosen).encode())
        ctx.write("success Saved lockfile.\n")
    if added:
        ctx.write(f"success Saved {len(added)} new dependenc{'y' if len(added) == 1 else 'ies'}.\n")
    took = install_seconds(len(names) + extra) * 2
    ctx.rec.advance(took)
    ctx.write(f"Done in {took:.2f}s.\n")
    return 0


def _same(ctx: Ctx, path: str, text: str) -> bool:
    try:
        return ctx.fs.read(path).decode("utf-8", "replace") == text
    except FsError:
        return False


def _yarn_lock(chosen: list[tuple[Release, str]]) -> str:
    out = "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n\n"
    for release, spec in sorted(chosen, key=lambda pair: pair[0].name):
        shown = f"^{release.version}" if spec == "latest" else spec
        out += (f'\n{release.name}@{shown}:\n  version "{release.version}"\n'
                f'  resolved "https://registry.yarnpkg.com/{release.name}/-/'
                f'{release.name.split("/")[-1]}-{release.version}.tgz"\n')  # fmt: skip
    return out


def _locked(ctx: Ctx, lockfile: str, chosen: list[tuple[Release, str]]) -> bool:
    text = ctx.fs.read(lockfile).decode("utf-8", "replace")
    return all(f"{release.name}@{spec}" in text or f'"{release.name}@{spec}' in text
               for release, spec in chosen)  # fmt: skip


def _yarn_run(ctx: Ctx, version: str, which: list[str], extra: list[str]) -> int:
    manifest = read_manifest(ctx, required=False) or {}
    scripts = scripts_of(manifest)
    ctx.write(f"yarn run v{version}\n")
    if not which:
        out = "".join(f"   - {k}\n      {v}\n" for k, v in scripts.items())
        ctx.write(f"info Project commands\n{out}" if out else "")
        ctx.err.write(
            "error There are no scripts specified inside package.json.\n" if not out else ""
        )
        return 0 if out else 1
    name = which[0]
    if name not in scripts:
        ctx.err.write(f'error Command "{name}" not found.\ninfo Visit https://yarnpkg.com/en/docs/'
                      "cli/run for documentation about this command.\n")  # fmt: skip
        return 1
    command = " ".join([scripts[name], *(shlex.quote(a) for a in extra)])
    ctx.write(f"$ {command}\n")
    started = ctx.now()
    status = run_script(ctx, command)
    if status:
        ctx.err.write(f"error Command failed with exit code {status}.\ninfo Visit "
                      "https://yarnpkg.com/en/docs/cli/run for documentation about this "
                      "command.\n")  # fmt: skip
        return status
    ctx.write(f"Done in {max(ctx.now() - started, 0.0) + 0.11:.2f}s.\n")
    return 0


# --- nodemon ---------------------------------------------------------------------------------


@register("nodemon")
def nodemon(ctx: Ctx) -> int:
    """nodemon as node_modules/.bin has it: its banner, then `node SCRIPT`. As a container's
    process, the engine restarts the script when a watched file changes (nodemon_watch.py)."""
    from dockersim.model.userland.programs.misc import _spawn

    ctx.name = "nodemon"
    args = [a for a in ctx.argv[1:] if a not in ("-L", "--legacy-watch")]
    if not args or args[0].startswith("-"):
        raise ctx.not_simulated(" ".join(["nodemon", *args[:1]]))
    version = "3.1.10"
    try:
        data = json.loads(ctx.fs.read(posixpath.join(ctx.cwd, "node_modules/nodemon/package.json")))
        version = str(data.get("version", version))
    except (FsError, ValueError):
        pass
    extensions = NODEMON_EXTENSIONS.get(version.split(".")[0], "js,mjs,cjs,json")
    command = " ".join(["node", *args])
    ctx.write(f"[nodemon] {version}\n[nodemon] to restart at any time, enter `rs`\n"
              f"[nodemon] watching path(s): *.*\n[nodemon] watching extensions: {extensions}\n"
              f"[nodemon] starting `{command}`\n")  # fmt: skip
    status = _spawn(ctx, ["node", *args])
    if status:
        ctx.write("[nodemon] app crashed - waiting for file changes before starting...\n")
        ctx.block(frozenset())
    else:
        ctx.write("[nodemon] clean exit - waiting for changes before restart\n")
        ctx.block(frozenset())
    return status
