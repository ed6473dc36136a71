"""`npm ls` / `npm list` [--depth=0]: the project's direct dependencies as installed in
node_modules, drawn in ASCII as npm 10/11 draw it when the locale is not UTF-8 (the node
images set no LANG): `+-- express@4.21.2` ... `` `-- nodemon@3.1.10``. A dependency that is
not installed is `UNMET DEPENDENCY` and npm exits 1 with ELSPROBLEMS. Simplifications:
`--all`/deeper levels, extraneous and invalid packages are not drawn.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from typing import Any

from dockersim.model.fs import FsError
from dockersim.model.userland.programs.base import Ctx


def npm_ls(
    ctx: Ctx, args: list[str], manifest: dict[str, Any], npm_error: Callable[[Ctx, list[str]], str]
) -> int:
    """`manifest` is the project's package.json; `npm_error` words npm's error lines."""
    for arg in args:
        if arg not in ("--depth=0", "--depth", "0", "--omit=dev", "--prod", "--production"):
            raise ctx.not_simulated(f"npm ls {arg}")
    dev = not any(a in ("--omit=dev", "--prod", "--production") for a in args)
    name = str(manifest.get("name", ""))
    label = f"{name}@{manifest.get('version', '')} {ctx.cwd}" if name else ctx.cwd
    rows: list[str] = []
    missing: list[str] = []
    wanted: dict[str, str] = {}
    for key in ("dependencies", "devDependencies") if dev else ("dependencies",):
        table = manifest.get(key)
        if isinstance(table, dict):
            wanted.update({str(k): str(v) for k, v in table.items()})
    for dep, spec in sorted(wanted.items()):
        path = posixpath.join(ctx.cwd, "node_modules", dep, "package.json")
        try:
            version = str(json.loads(ctx.fs.read(path)).get("version", ""))
        except (FsError, ValueError, AttributeError):
            rows.append(f"UNMET DEPENDENCY {dep}@{spec}")
            missing.append(f"missing: {dep}@{spec}, required by {name}@{manifest.get('version')}")
            continue
        rows.append(f"{dep}@{version}")
    if not rows:
        ctx.write(f"{label}\n`-- (empty)\n\n")
        return 0
    lines = [("`-- " if i == len(rows) - 1 else "+-- ") + row for i, row in enumerate(rows)]
    ctx.write(label + "\n" + "".join(f"{line}\n" for line in lines) + "\n")
    if missing:
        ctx.err.write(npm_error(ctx, ["code ELSPROBLEMS", *missing]))
        return 1
    return 0
