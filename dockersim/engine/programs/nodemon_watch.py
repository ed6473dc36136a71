"""nodemon watching a node script's files, on the virtual clock.

nodemon 2.x watches the working directory through chokidar 3 (`lib/monitor/watch.js`): by
default with the kernel's notifications (inotify, at once on a Linux bind mount); with `-L`
(`--legacy-watch`) by polling (`usePolling`), each file stat'ed every `--polling-interval`
milliseconds, 100 by default (nodemon's `doc/cli/options.txt`). Its `delay` has no default:
without `--delay` the restart is not debounced but made on the change seen. It then logs
`[nodemon] restarting due to changes...`, signals the script (SIGUSR2), and when it has gone
`[nodemon] starting \\`node src/index.js\\``; the new script's own start lines follow.

A file changed on the host (`dockersim host`, a lesson's command line) is seen through the
container's bind mounts: `schedule` puts the moment nodemon notices it on the container's
clock (`exit_at` with runtime's WAKE code), and node_wake's `restart_now` brings the script
up again then (`node_http.started`), so `docker logs` shows the restart with nothing else
looking. A file changed another way (inside the container) is noticed lazily, when the
server is next asked, at the moment nodemon would have seen it all the same.
Simplifications: the polls are counted from when nodemon first started the script; the
script's shutdown and the new start take no time (all at the moment of the change seen).
"""

from __future__ import annotations

import json
import math
import posixpath
import shlex
from collections.abc import Iterable
from typing import TYPE_CHECKING

from dockersim.model.fs import FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.cowfs import CowFS

#: the extensions nodemon watches (2.x: js,mjs,json; 3.x adds cjs)
WATCHED = (".js", ".mjs", ".cjs", ".json")
#: chokidar's polling interval under `-L` without `--polling-interval` (seconds)
POLL = 0.1
RESTARTING = "[nodemon] restarting due to changes...\n"


def words(args: list[str]) -> list[str]:
    """Command-line arguments split into words (`sh -c "yarn run dev"`'s script too)."""
    out: list[str] = []
    for arg in args:
        try:
            out += shlex.split(arg) if " " in arg else [arg]
        except ValueError:
            out.append(arg)
    return out


def restart_time(container: Container) -> float | None:
    """When nodemon last restarted the script (its mark in `Container.served`), or None."""
    for entry in reversed(container.served):
        if "restart" in entry:
            return float(entry["restart"])
    return None


def watched(path: str) -> bool:
    """Whether nodemon's default rules watch the file: its extension, outside node_modules
    and dot directories (chokidar is told to ignore both)."""
    return path.endswith(WATCHED) and "/node_modules/" not in path and "/." not in path


def _command_words(container: Container, fs: CowFS, cwd: str) -> list[str] | None:
    """The words of the nodemon command line the container runs (its own command, or the
    package.json script npm or yarn runs), or None when it does not run nodemon."""
    words_ = words([container.path, *container.args])
    if any(posixpath.basename(w) == "nodemon" for w in words_):
        return words_
    if not any(posixpath.basename(w) in ("npm", "yarn", "yarnpkg") for w in words_):
        return None
    try:
        scripts = json.loads(fs.read(posixpath.join(cwd, "package.json"))).get("scripts", {})
    except (FsError, ValueError, AttributeError):
        return None
    if not isinstance(scripts, dict):
        return None
    for script in scripts.values():
        if isinstance(script, str) and "nodemon" in script:
            return words([script])
    return None


def runs_nodemon(container: Container, fs: CowFS, cwd: str) -> bool:
    """Whether the container's command runs the script under nodemon (itself, or in the
    package.json script npm or yarn runs)."""
    return _command_words(container, fs, cwd) is not None


def polls(container: Container, fs: CowFS, cwd: str) -> bool:
    """Whether nodemon polls (`-L`, `--legacy-watch`)."""
    words = _command_words(container, fs, cwd) or []
    return "-L" in words or "--legacy-watch" in words


def latest_change(engine: Engine, container: Container, cwd: str) -> float:
    """When a file nodemon watches (under the working directory) last changed: in the
    container, or on the host through a bind mount."""
    inside = engine.world.mtimes.get(container.id, {})
    latest = max((t for p, t in inside.items() if p.startswith(cwd + "/") and watched(p)),
                 default=0.0)  # fmt: skip
    for source, target in _binds(container, cwd):
        for path, moment in engine.world.host_mtimes.items():
            inner = target + path[len(source) :]
            if path.startswith(source + "/") and watched(path) and inner.startswith(cwd + "/"):
                latest = max(latest, moment)
    return latest


def _binds(container: Container, cwd: str) -> list[tuple[str, str]]:
    """(host source, container target) of the bind mounts over or under the directory."""
    found = []
    for mount in container.mounts:
        if mount.get("Type") != "bind":
            continue
        source, target = str(mount.get("Source", "")), str(mount.get("Destination", ""))
        if target == cwd or target.startswith(cwd + "/") or cwd.startswith(target + "/"):
            found.append((source, target))
    return found


def first_start(container: Container) -> float | None:
    """When nodemon first started the script in this process, as its log says (its watch
    begins then)."""
    since = container.state.started_at or 0.0
    return next((at for at, _, text in container.logs
                 if at >= since and "[nodemon] starting `" in text), None)  # fmt: skip


def noticed(
    engine: Engine, container: Container, fs: CowFS, cwd: str, begun: float | None
) -> float | None:
    """The moment nodemon sees the latest change to a watched file made after `begun` (when
    it last (re)started the script): at once, or at the first poll after it; None if none."""
    if begun is None:
        return None
    changed = latest_change(engine, container, cwd)
    if changed <= begun:
        return None
    if not polls(container, fs, cwd):
        return changed
    origin = first_start(container) or begun
    ticks = math.floor(round((changed - origin) / POLL, 6)) + 1
    return origin + ticks * POLL


def schedule(engine: Engine, paths: Iterable[str]) -> None:
    """Files changed on the host: each running nodemon that sees one through a bind mount
    is woken when it notices (runtime's WAKE; node_wake brings the script up again)."""
    from dockersim.engine.runtime import WAKE

    changed = [p for p in paths if watched(p)]
    if not changed:
        return
    for container in list(engine.world.containers.values()):
        if container.blocked_in not in ("node", "nodejs") or container.exit_at is not None:
            continue
        state = container.state
        if not state.running or state.paused:
            continue
        cwd = container.config.working_dir or "/"
        binds = _binds(container, cwd)
        if not any(p.startswith(source + "/") for source, _ in binds for p in changed):
            continue
        fs = engine.container_fs(container)
        if not runs_nodemon(container, fs, cwd):
            continue
        at = noticed(engine, container, fs, cwd, restart_time(container) or first_start(container))
        if at is not None:
            container.exit_at = max(at, engine.now)
            container.exit_code_at = WAKE
