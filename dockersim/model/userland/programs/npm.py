"""npm 10 as the node images ship it (yarn 1 and nodemon are in yarn.py), installing from the
offline registry (npmindex.py) into node_modules, and running package.json scripts.

`npm install` / `npm i` [PKG[@RANGE]...] [-D] [--omit=dev|--production], `npm ci`, `npm run
[SCRIPT]`, `npm start`, `npm test`; `yarn` / `yarn install` [--production]
[--frozen-lockfile], `yarn add PKG`, `yarn run [SCRIPT]`, `yarn SCRIPT`. They print what the
real clients print (npm's "added N packages, and audited N+1 packages in Xs", funding and
audit lines; yarn's four steps and "Done in Xs."); a package the registry does not have fails
as npm (E404) and yarn do. A script runs as `sh -c SCRIPT` with node_modules/.bin first on
PATH. Simplifications: the time they take is estimated from the number of packages; lock
files list the packages with their versions, without integrity hashes; a package's
dependencies are folders with their package.json only (their code is not needed: the
installed packages' own code is npmcode.py's); the audit finds nothing.
"""

from __future__ import annotations

import json
import math
import posixpath
import shlex
from typing import Any

from dockersim.model.fs import FsError, program_stub
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import Ctx
from dockersim.model.userland.programs.npmindex import TREE_VERSIONS, Release, find

NPM_VERSIONS = {"18": "10.8.2", "20": "10.8.2", "22": "10.9.2", "24": "11.3.0"}
REGISTRY = "https://registry.npmjs.org"


class Failed(Exception):
    """The client stops: what it printed on stderr is written, and its status."""

    def __init__(self, text: str, status: int = 1) -> None:
        super().__init__(text)
        self.text = text
        self.status = status


# --- the project ---------------------------------------------------------------------------------


def read_manifest(ctx: Ctx, required: bool = True) -> dict[str, Any] | None:
    path = posixpath.join(ctx.cwd, "package.json")
    try:
        data = json.loads(ctx.fs.read(path).decode("utf-8", "replace"))
    except FsError:
        if not required:
            return None
        raise Failed(_npm_error(ctx, [
            "code ENOENT", "syscall open", f"path {path}", "errno -2",
            f"enoent Could not read package.json: Error: ENOENT: no such file or directory, "
            f"open '{path}'", "enoent This is related to npm not being able to find a file.",
            "enoent"])) from None  # fmt: skip
    except ValueError as exc:
        raise Failed(
            _npm_error(
                ctx, ["code EJSONPARSE", f"path {path}", f"JSON.parse Invalid package.json: {exc}"]
            )
        ) from None
    return data if isinstance(data, dict) else {}


def deps_of(manifest: dict[str, Any], dev: bool) -> dict[str, str]:
    out: dict[str, str] = {}
    for key in ("dependencies", "devDependencies") if dev else ("dependencies",):
        table = manifest.get(key)
        if isinstance(table, dict):
            out.update({str(k): str(v) for k, v in table.items()})
    return out


def _log_line(ctx: Ctx) -> str:
    import time

    stamp = time.strftime("%Y-%m-%dT%H_%M_%S", time.gmtime(ctx.now()))
    home = ctx.env.get("HOME", "/root")
    return f"A complete log of this run can be found in: {home}/.npm/_logs/{stamp}_000Z-debug-0.log"


def _npm_error(ctx: Ctx, lines: list[str]) -> str:
    return "".join(f"npm error {line}".rstrip() + "\n" for line in [*lines, _log_line(ctx)])


def resolve_all(ctx: Ctx, wanted: dict[str, str], yarn: bool) -> list[tuple[Release, str]]:
    out = []
    for name, spec in wanted.items():
        release = find(name, spec)
        if release is None:
            if yarn:
                raise Failed(
                    f'error An unexpected error occurred: "https://registry.yarnpkg.com/{name}: '
                    f'Not found".\ninfo If you think this is a bug, please open a bug report with '
                    f'the information provided in "{ctx.cwd.rstrip("/")}/yarn-error.log".\n'
                    "info Visit https://yarnpkg.com/en/docs/cli/install for documentation about "
                    "this command.\n"
                )
            if name in _known():
                raise Failed(_npm_error(ctx, [
                    "code ETARGET", f"notarget No matching version found for {name}@{spec}.",
                    "notarget In most cases you or one of your dependencies are requesting",
                    "notarget a package version that doesn't exist."]))  # fmt: skip
            shown = "*" if spec in ("", "latest") else spec
            raise Failed(_npm_error(ctx, [
                "code E404", f"404 Not Found - GET {REGISTRY}/{name} - Not found", "404",
                f"404  '{name}@{shown}' is not in this registry.", "404",
                "404 Note that you can also install from a",
                "404 tarball, folder, http url, or git url."]))  # fmt: skip
        out.append((release, spec))
    return out


def _known() -> set[str]:
    from dockersim.model.userland.programs.npmindex import releases

    return set(releases())


def tree_of(chosen: list[tuple[Release, str]]) -> tuple[dict[str, str], int, int]:
    """What node_modules holds: name -> version (what the index knows), how many more
    packages only counted, and how many ask for funding."""
    names: dict[str, str] = {}
    extra = funding = 0
    for release, _spec in sorted(chosen, key=lambda pair: -len(pair[0].tree) - pair[0].extra):
        if release.name in names:
            continue
        names[release.name] = release.version
        for name in release.tree:
            names.setdefault(name, TREE_VERSIONS.get(name, ""))
        extra += release.extra
        funding += release.funding
    for release, _spec in chosen:
        names[release.name] = release.version
    return names, extra, funding


def install_files(ctx: Ctx, names: dict[str, str], chosen: list[tuple[Release, str]]) -> None:
    from dockersim.model.userland.programs.jsmodules import STAND_IN
    from dockersim.model.userland.programs.npmcode import CODE
    from dockersim.model.userland.programs.npmcode_db import FILES

    top = {release.name for release, _ in chosen}
    base = posixpath.join(ctx.cwd, "node_modules")
    for name, version in sorted(names.items()):
        folder = posixpath.join(base, name)
        ctx.fs.mkdir(folder, parents=True)
        ctx.fs.write(posixpath.join(folder, "package.json"), manifest_text(name, version).encode())
        if name in CODE:
            code = CODE[name]
        elif name in top:
            code = f"{STAND_IN}the package '{name}' */\n"
        else:
            continue
        ctx.fs.write(posixpath.join(folder, "index.js"), code.encode())
        for rel, text in FILES.get(name, {}).items():
            ctx.fs.mkdir(posixpath.dirname(posixpath.join(folder, rel)), parents=True)
            ctx.fs.write(posixpath.join(folder, rel), text.encode())
    if "nodemon" in names:
        ctx.fs.mkdir(posixpath.join(base, ".bin"), parents=True)
        ctx.fs.write(posixpath.join(base, ".bin", "nodemon"),
                     program_stub("nodemon", ctx.proc.arch), mode=0o755)  # fmt: skip
    ctx.fs.write(posixpath.join(base, ".package-lock.json"), lock_text(names).encode())


def manifest_text(name: str, version: str) -> str:
    """An installed package's package.json: `json.dumps` of name, version and main with
    `indent=2`, and a newline (written out here: json's indented encoder is pure Python, and
    an install writes one for each of a hundred packages)."""
    return (
        f'{{\n  "name": {json.dumps(name)},\n  "version": {json.dumps(version)},\n'
        '  "main": "index.js"\n}\n'
    )


def lock_text(names: dict[str, str]) -> str:
    """node_modules/.package-lock.json: `json.dumps` of the lock with `indent=2`, and a
    newline, written out as `manifest_text` is."""
    head = '{\n  "name": "",\n  "lockfileVersion": 3,\n  "requires": true,\n  "packages": '
    if not names:
        return head + "{}\n}\n"
    entries = ",\n".join(
        f'    {json.dumps(f"node_modules/{n}")}: {{\n      "version": {json.dumps(v)}\n    }}'
        for n, v in sorted(names.items())
    )
    return f"{head}{{\n{entries}\n  }}\n}}\n"


def _installed(ctx: Ctx, names: dict[str, str]) -> bool:
    return all(ctx.fs.exists(posixpath.join(ctx.cwd, "node_modules", n, "package.json"))
               for n in names)  # fmt: skip


def install_seconds(count: int) -> float:
    """How long an install of `count` packages takes (est.)."""
    return 0.8 + count * 0.03


# --- npm -------------------------------------------------------------------------------------


@register("npm")
def npm(ctx: Ctx) -> int:
    ctx.name = "npm"
    args = ctx.argv[1:]
    major = ctx.env.get("NODE_VERSION", "20").split(".")[0]
    if args[:1] in (["--version"], ["-v"]):
        ctx.write(NPM_VERSIONS.get(major, "10.8.2") + "\n")
        return 0
    command = args[0] if args else ""
    try:
        if command in ("init", "create", "innit"):
            from dockersim.model.userland.programs.npm_init import npm_init

            return npm_init(ctx, args[1:], NPM_VERSIONS.get(major, "10.8.2"), read_manifest)
        if command in ("ls", "list"):
            from dockersim.model.userland.programs.npm_ls import npm_ls

            return npm_ls(ctx, args[1:], read_manifest(ctx, required=False) or {}, _npm_error)
        if command in ("install", "i", "add", "ci", "clean-install"):
            return _npm_install(ctx, command, args[1:])
        if command in ("run", "run-script"):
            return _npm_run(ctx, args[1:2], args[2:])
        if command in ("start", "test", "t", "stop", "restart"):
            return _npm_run(ctx, ["test" if command == "t" else command], args[1:])
    except Failed as exc:
        ctx.err.write(exc.text)
        return exc.status
    raise ctx.not_simulated(" ".join(["npm", *args[:1]]) or "npm")


def _npm_install(ctx: Ctx, command: str, args: list[str]) -> int:
    dev = not any(a in ("--production", "--omit=dev") for a in args)
    dev = dev and ctx.env.get("NODE_ENV") != "production"
    to_dev = any(a in ("-D", "--save-dev") for a in args)
    packages = [a for a in args if not a.startswith("-")]
    bad = [a for a in args if a.startswith("-") and a not in
           ("--production", "--omit=dev", "-D", "--save-dev", "--save", "-S")]  # fmt: skip
    if bad:
        raise ctx.not_simulated(f"option {bad[0]}")
    manifest = read_manifest(ctx, required=not packages) or {}
    if command in ("ci", "clean-install"):
        if not ctx.fs.exists(posixpath.join(ctx.cwd, "package-lock.json")):
            raise Failed(_npm_error(ctx, [
                "code EUSAGE", "",
                "The `npm ci` command can only install with an existing package-lock.json or",
                "npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or",
                "later to generate a package-lock.json file, then try again.", "",
                "Clean install a project", "", "Usage:", "npm ci", "",
                "Options:", "[--install-strategy <hoisted|nested|shallow|linked>] ...", "",
                'Run "npm help ci" for more info']))  # est.: the options abridged  # fmt: skip
        if ctx.fs.exists(posixpath.join(ctx.cwd, "node_modules")):
            ctx.fs.remove(posixpath.join(ctx.cwd, "node_modules"), recursive=True)
    added_specs: dict[str, str] = {}
    for item in packages:
        name, _, spec = item[1:].partition("@") if item.startswith("@") else item.partition("@")
        name = "@" + name if item.startswith("@") else name
        added_specs[name] = spec or "latest"
    chosen = resolve_all(ctx, {**deps_of(manifest, dev), **added_specs}, yarn=False)
    names, extra, funding = tree_of(chosen)
    fresh = not _installed(ctx, names)
    if added_specs:
        key = "devDependencies" if to_dev else "dependencies"
        table = manifest.setdefault(key, {})
        for release, _spec in chosen:
            if release.name in added_specs:
                table[release.name] = "^" + release.version
        manifest[key] = dict(sorted(table.items()))
        ctx.fs.write(posixpath.join(ctx.cwd, "package.json"),
                     (json.dumps(manifest, indent=2) + "\n").encode())  # fmt: skip
    install_files(ctx, names, chosen)
    entries = {f"node_modules/{n}": {"version": v} for n, v in sorted(names.items())}
    lock = {"name": manifest.get("name", posixpath.basename(ctx.cwd)),
            "version": manifest.get("version", ""), "lockfileVersion": 3, "requires": True,
            "packages": entries}  # fmt: skip
    ctx.fs.write(posixpath.join(ctx.cwd, "package-lock.json"),
                 (json.dumps(lock, indent=2) + "\n").encode())  # fmt: skip
    count = len(names) + extra
    took = install_seconds(count if fresh else 0)
    ctx.rec.advance(took)
    seconds = f"{max(1, math.floor(took))}s"
    if fresh:
        head = f"added {count} packages, and audited {count + 1} packages in {seconds}"
    else:
        head = f"up to date, audited {count + 1} packages in {seconds}"
    if not count:
        head = f"up to date, audited 1 package in {seconds}"
    out = f"\n{head}\n"
    if funding:
        noun = "package is" if funding == 1 else "packages are"
        out += f"\n{funding} {noun} looking for funding\n  run `npm fund` for details\n"
    ctx.write(out + "\nfound 0 vulnerabilities\n")
    return 0


def scripts_of(manifest: dict[str, Any]) -> dict[str, str]:
    table = manifest.get("scripts")
    return {str(k): str(v) for k, v in table.items()} if isinstance(table, dict) else {}


def _npm_run(ctx: Ctx, which: list[str], extra: list[str]) -> int:
    manifest = read_manifest(ctx) or {}
    scripts = scripts_of(manifest)
    label = f"{manifest['name']}@{manifest.get('version', '')}" if manifest.get("name") else ""
    if not which:
        return _list_scripts(ctx, label, scripts)
    name = which[0]
    script = scripts.get(name)
    if script is None and name == "start" and ctx.fs.exists(posixpath.join(ctx.cwd, "server.js")):
        script = "node server.js"
    if script is None:
        raise Failed(_npm_error(ctx, [f'Missing script: "{name}"', "", "To see a list of "
                                      "scripts, run:", "  npm run"]))  # fmt: skip
    if extra[:1] == ["--"]:
        extra = extra[1:]
    command = " ".join([script, *(shlex.quote(a) for a in extra)])
    ctx.write(f"\n> {label} {name}\n> {command}\n\n" if label else f"\n> {name}\n> {command}\n\n")
    status = run_script(ctx, command)
    if status:
        ctx.err.write(_npm_error(ctx, [f"code {status}", f"path {ctx.cwd}", "command failed",
                                       f"command sh -c {command}"]))  # fmt: skip
    return status


def _list_scripts(ctx: Ctx, label: str, scripts: dict[str, str]) -> int:
    lifecycle = ("test", "start", "stop", "restart")
    first = [(k, v) for k, v in scripts.items() if k in lifecycle]
    rest = [(k, v) for k, v in scripts.items() if k not in lifecycle]
    out = ""
    if first:
        out += f"Lifecycle scripts included in {label}:\n"
        out += "".join(f"  {k}\n    {v}\n" for k, v in first)
    if rest:
        out += ("\n" if first else "") + "available via `npm run-script`:\n"
        out += "".join(f"  {k}\n    {v}\n" for k, v in rest)
    ctx.write(out)
    return 0


def run_script(ctx: Ctx, command: str) -> int:
    """`sh -c COMMAND` with node_modules/.bin first on PATH."""
    from dockersim.model.userland.programs.misc import _spawn

    env = dict(ctx.env)
    env["PATH"] = posixpath.join(ctx.cwd, "node_modules/.bin") + ":" + env.get("PATH", "")
    env["npm_lifecycle_event"] = command
    outer = ctx.env
    ctx.env = env
    try:
        return _spawn(ctx, ["sh", "-c", command])
    finally:
        ctx.env = outer
