"""`npm init` (the legacy questionnaire of init-package-json) as the npm of each node image
runs it: `npm init -y|--yes|-f|--force [--scope S] [-s]` writes package.json at once and
prints `Wrote to PATH:` with the JSON; without `-y` it asks its questions on stdin.

Facts (npm/cli lib/commands/init.js; npm/init-package-json lib/default-input.js and
init-package-json.js; npm/package-json normalize): npm 10.8 ships init-package-json 6 and
10.9 ships 7, whose output ends with `"description": ""` (the normaliser drops an empty
description when there is no README and init puts it back last); npm 11 ships 8, which adds
`"type": "commonjs"` and, with @npmcli/package-json 6.1.1, keeps the description third. The
name is the directory's, without a leading `node-` or a trailing `.js`/`-js`, spaces as
dashes, lower-cased; `main` is index.js, main.js, DIR.js or the first .js file; packages
already in node_modules become dependencies (test frameworks devDependencies) with `^`.
Simplifications: no `bin`/`repository` guesses (no .git/config or bin/ lookup), no npmrc
`init-*` settings; the interactive form validates the name's case and the version only.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from typing import Any

from dockersim.model.fs import FsError
from dockersim.model.userland.programs.base import Ctx

NO_TEST = 'echo "Error: no test specified" && exit 1'
TEST_PACKAGES = ("expresso", "mocha", "tap", "coffee-script", "coco", "streamline")
TEST_COMMANDS = {"tap": "tap test/*.js", "expresso": "expresso test", "mocha": "mocha"}
INTRO = (
    "This utility will walk you through creating a package.json file.\n"
    "It only covers the most common items, and tries to guess sensible defaults.\n\n"
    "See `npm help init` for definitive documentation on these fields\n"
    "and exactly what they do.\n\n"
    "Use `npm install <pkg>` afterwards to install a package and\n"
    "save it as a dependency in the package.json file.\n\n"
    "Press ^C at any time to quit.\n"
)
SEMVER = re.compile(
    r"^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$"
)


class Canceled(Exception):
    """stdin ended before the questionnaire did."""


def npm_init(
    ctx: Ctx, args: list[str], npm_version: str, read: Callable[..., dict[str, Any] | None]
) -> int:
    """`read` is npm's reader of package.json (it fails as npm does on bad JSON)."""
    yes = silent = False
    scope = ""
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg in ("-y", "--yes", "-f", "--force"):
            yes = True
            if arg in ("-f", "--force"):
                ctx.err.write("npm warn using --force Recommended protections disabled.\n")
        elif arg in ("-s", "--silent"):
            silent = True
        elif arg == "--scope" and rest:
            scope = rest.pop(0)
        elif arg.startswith("--scope="):
            scope = arg.partition("=")[2]
        elif arg.startswith("-"):
            raise ctx.not_simulated(f"option {arg}")
        else:
            raise ctx.not_simulated("npm init <initializer> (create-* packages)")
    eleven = int(npm_version.split(".")[0]) >= 11
    existing = read(ctx, required=False) or {}
    path = posixpath.join(ctx.cwd, "package.json")
    if not yes:
        ctx.write(INTRO)
    try:
        fields = _questionnaire(ctx, existing, yes, scope, eleven)
    except Canceled:
        ctx.write("\n")
        ctx.err.write("npm warn init canceled\n")  # est.: what npm prints when stdin ends
        return 0
    content = _assemble(existing, fields, eleven)
    shown = f"{path}:\n\n{json.dumps(content, indent=2, ensure_ascii=False)}\n\n"
    if not yes:
        ctx.write(f"About to write to {shown}\n")
        answer = _ask(ctx, "Is this OK?", "yes")
        if not answer.lower().startswith("y"):
            ctx.write("Aborted.\n")
            return 0
        if eleven:
            content = _sorted(content)
    ctx.fs.write(path, (json.dumps(content, indent=2, ensure_ascii=False) + "\n").encode())
    ctx.touch(path)
    if yes and not silent:
        ctx.write(f"Wrote to {shown}\n")
    return 0


def _ask(ctx: Ctx, prompt: str, default: str | None = None) -> str:
    ctx.write(f"{prompt} ({default}) " if default else f"{prompt} ")
    line = ctx.stdin.read_line()
    if line is None:
        raise Canceled
    return line.rstrip("\n").strip() or (default or "")


def nice_name(raw: str) -> str:
    name = re.sub(r"^node-|[.-]js$", "", raw)
    return re.sub(r"\s+", " ", name).replace(" ", "-").lower()


def _name(raw: str, scope: str) -> str:
    name = nice_name(raw)
    if scope:
        scope = scope if scope.startswith("@") else "@" + scope
        name = f"{scope}/{name.split('/', 1)[1]}" if name.startswith("@") else f"{scope}/{name}"
    return name


def _listing(ctx: Ctx, folder: str) -> list[str]:
    try:
        return sorted(ctx.fs.listdir(folder))
    except FsError:
        return []


def _main(ctx: Ctx) -> str:
    scripts = [f for f in _listing(ctx, ctx.cwd) if f.endswith(".js")]
    base = posixpath.basename(ctx.cwd.rstrip("/"))
    for choice in ("index.js", "main.js", f"{base}.js"):
        if choice in scripts:
            return choice
    return scripts[0] if scripts else "index.js"


def _directories(ctx: Ctx) -> dict[str, str] | None:
    found: dict[str, str] = {}
    for entry in _listing(ctx, ctx.cwd):
        if re.fullmatch(r"examples?", entry):
            found["example"] = entry
        elif re.fullmatch(r"tests?", entry):
            found["test"] = entry
        elif re.fullmatch(r"docs?", entry):
            found["doc"] = entry
        elif entry in ("man", "lib"):
            found[entry] = entry
    return found or None


def _deps(ctx: Ctx, test: bool, excluded: dict[str, Any]) -> dict[str, str] | None:
    folder = posixpath.join(ctx.cwd, "node_modules")
    if not ctx.fs.exists(folder):
        return None
    deps: dict[str, str] = {}
    for name in _listing(ctx, folder):
        if name.startswith(".") or (name in TEST_PACKAGES) != test or name in excluded:
            continue
        try:
            manifest = json.loads(ctx.fs.read(posixpath.join(folder, name, "package.json")))
        except (FsError, ValueError):
            continue
        if isinstance(manifest, dict) and manifest.get("version"):
            deps[name] = "^" + str(manifest["version"])
    return deps


def _questionnaire(
    ctx: Ctx, pkg: dict[str, Any], yes: bool, scope: str, eleven: bool
) -> dict[str, Any]:
    """What init-package-json's default input gives, in its order (None: nothing)."""
    base = posixpath.basename(ctx.cwd.rstrip("/"))
    out: dict[str, Any] = {}
    name = _name(str(pkg.get("name") or base), scope)
    suggested = name
    while not yes:
        name = _ask(ctx, "package name:", suggested)
        if name == name.lower():
            break
        ctx.err.write("Sorry, name can no longer contain capital letters.\n")
    out["name"] = name
    version = str(pkg["version"]) if SEMVER.match(str(pkg.get("version", ""))) else "1.0.0"
    suggested = version
    while not yes:
        version = _ask(ctx, "version:", suggested)
        if SEMVER.match(version):
            break
        ctx.err.write(f'Invalid version: "{version}"\n')
    out["version"] = version
    if not pkg.get("description"):
        out["description"] = "" if yes else _ask(ctx, "description:")
    if not pkg.get("main"):
        out["main"] = _main(ctx) if yes else _ask(ctx, "entry point:", _main(ctx))
    out["directories"] = _directories(ctx)
    if "dependencies" not in pkg:
        out["dependencies"] = _deps(ctx, False, pkg.get("devDependencies") or {})
    if "devDependencies" not in pkg:
        out["devDependencies"] = _deps(ctx, True, pkg.get("dependencies") or {})
    if "scripts" not in pkg:
        installed = _listing(ctx, posixpath.join(ctx.cwd, "node_modules"))
        command = next((v for k, v in reversed(TEST_COMMANDS.items()) if k in installed), None)
        test = command or NO_TEST if yes else _ask(ctx, "test command:", command) or NO_TEST
        out["scripts"] = {"test": test}
    if "repository" not in pkg:
        url = "" if yes else _ask(ctx, "git repository:")
        out["repository"] = {"type": "git", "url": url} if url else ""  # est.: url as typed
    if "keywords" not in pkg:
        words = "" if yes else _ask(ctx, "keywords:")
        out["keywords"] = [w for w in re.split(r"[\s,]+", words) if w]
    if "author" not in pkg:
        out["author"] = "" if yes else _ask(ctx, "author:")
    license_ = str(pkg.get("license") or "ISC")
    out["license"] = license_ if yes else _ask(ctx, "license:", license_)
    if eleven:
        kind = str(pkg.get("type") or "commonjs")
        out["type"] = kind if yes else _ask(ctx, "type:", kind)
    return out


def _assemble(pkg: dict[str, Any], fields: dict[str, Any], eleven: bool) -> dict[str, Any]:
    content = dict(pkg)
    if not eleven and not content.get("description"):
        content.pop("description", None)
    for key, value in fields.items():
        if value is not None and not (key == "description" and not eleven and not value):
            content[key] = value
    if not content.get("repository"):
        content.pop("repository", None)
    if not content.get("description"):
        content["description"] = fields.get("description", "")
    if content.get("dependencies") == {}:
        del content["dependencies"]
    return content


ORDER = [
    "name",
    "version",
    "private",
    "description",
    "keywords",
    "homepage",
    "bugs",
    "repository",
    "funding",
    "license",
    "author",
    "maintainers",
    "contributors",
    "type",
    "imports",
    "exports",
    "main",
    "browser",
    "types",
    "bin",
    "man",
    "directories",
    "files",
    "workspaces",
    "scripts",
    "config",
    "dependencies",
    "devDependencies",
    "peerDependencies",
    "peerDependenciesMeta",
    "optionalDependencies",
    "bundledDependencies",
    "bundleDependencies",
    "engines",
    "os",
    "cpu",
    "publishConfig",
    "devEngines",
    "licenses",
    "overrides",
]


def _sorted(content: dict[str, Any]) -> dict[str, Any]:
    """@npmcli/package-json's order for a saved file (npm 11's interactive init)."""
    known = {k: content[k] for k in ORDER if k in content}
    return {**known, **{k: v for k, v in content.items() if k not in known}}
