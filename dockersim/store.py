"""The world saved between `dockersim` invocations.

One JSON file, `world.json`, in `$DOCKERSIM_HOME` (default: `$XDG_STATE_HOME/dockersim`, else
`~/.local/state/dockersim`). Every invocation holds an exclusive lock on `world.lock` from load
to save, so concurrent commands apply one after another and none is lost. A save writes a
temporary file, fsyncs it, renames it over the old one and fsyncs the directory: a crash leaves
either the old world or the new one. A file that cannot be read, or that a newer dockersim
wrote, is reported and never overwritten; a damaged one is named by its first bad field
(`engine/worldcheck.py`), and a world that would not load again is never written. Temporary
files of a save killed before its rename are removed by the next invocation, under the lock.

Each save also writes `.world.json.sha256`, the digest of the text it wrote and checked: a
file that still has that digest is the one dockersim wrote, and is read without checking it
field by field again (a check that costs more than reading a big world); any other file
(edited by hand, damaged, written by another version) is checked in full.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from dockersim.errors import StateError

if TYPE_CHECKING:
    from dockersim.engine import Engine

STATE_FILE = "world.json"
LOCK_FILE = "world.lock"
#: what a stamp is valid for: this package's world checker (a new release may check more)
SCHEMA_STAMP = "dockersim-world-check-1"


def home(environ: Mapping[str, str] | None = None) -> Path:
    """The state directory that `environ` (default: this process's environment) chooses."""
    env = os.environ if environ is None else environ
    explicit = env.get("DOCKERSIM_HOME")
    if explicit:
        return Path(explicit)
    base = env.get("HOME")
    default = str(Path(base) if base else Path.home()) + "/.local/state"
    state = env.get("XDG_STATE_HOME") or default
    return Path(state) / "dockersim"


@contextlib.contextmanager
def locked(directory: Path | None = None) -> Iterator[Path]:
    """Hold the world's lock; yields the state file's path."""
    root = directory or home()
    try:
        root.mkdir(parents=True, exist_ok=True)
        handle = open(root / LOCK_FILE, "a+b")  # noqa: SIM115 - held for the whole block
    except OSError as exc:
        raise StateError(
            f"dockersim: cannot use the state directory {root}: {exc.strerror}"
        ) from None
    with handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            _remove_stale_temporaries(root)
            yield root / STATE_FILE
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def identity(path: Path) -> tuple[int, int, int] | None:
    """Which saved file `path` is now (inode, modification time, size), None if there is none:
    a save replaces the file whole, so a new identity means another process saved since."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _remove_stale_temporaries(root: Path) -> None:
    """Delete what a save killed before its rename left behind (`.world.json.<pid>.tmp`).

    Saves write their temporary file under the lock this process now holds, so any such
    file belongs to a process that died mid-save.
    """
    for stale in root.glob(f".{STATE_FILE}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


#: worlds read ahead of a command by the warm process (cli/warmserver.py), each with the
#: identity of the file it was read from: path -> (identity, engine, text)
_READ_AHEAD: dict[Path, tuple[tuple[int, int, int], Engine, str]] = {}
#: how many worlds the warm process keeps read (the most recently used)
READ_AHEAD_WORLDS = 2


def read_ahead(path: Path) -> None:
    """Read the world at `path` now, for a later `load` of the very same file (the warm
    process, before it forks a command: the command starts with the world already read, in
    its own copy of memory). Quietly nothing when the file cannot be read: the command's own
    `load` says why."""
    path = Path(os.path.abspath(path))
    found = identity(path)
    cached = _READ_AHEAD.pop(path, None)
    if cached is not None and cached[0] == found:
        _READ_AHEAD[path] = cached  # most recently used last
        return
    if found is None:
        return
    try:
        engine, text = _load(path)
    except Exception:  # the command's own load reports it
        return
    if identity(path) != found:  # saved meanwhile: the command reads the new one itself
        return
    _READ_AHEAD[path] = (found, engine, text)
    while len(_READ_AHEAD) > READ_AHEAD_WORLDS:
        del _READ_AHEAD[next(iter(_READ_AHEAD))]


def load(path: Path) -> tuple[Engine, str]:
    """The saved engine and the exact text it was read from ("" for a new world)."""
    cached = _READ_AHEAD.pop(Path(os.path.abspath(path)), None) if _READ_AHEAD else None
    if cached is not None and cached[0] == identity(path):
        return cached[1], cached[2]
    return _load(path)


def _load(path: Path) -> tuple[Engine, str]:
    """Read the world with the cyclic garbage collector paused: decoding builds tens of
    thousands of objects and no garbage, and each collection it would trigger walks every
    object built so far (a tenth of the load of a world of 1,000 containers)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _read(path)
    finally:
        if collecting:
            gc.enable()


def _read(path: Path) -> tuple[Engine, str]:
    from dockersim.engine import Engine
    from dockersim.engine.world import SCHEMA_VERSION
    from dockersim.engine.worldfields import InvalidWorld

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Engine(), ""
    except (OSError, UnicodeDecodeError) as exc:
        raise _corrupt(path, str(exc)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _corrupt(path, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except ValueError:  # Python refuses integers of more than 4300 digits
        raise _corrupt(path, "not valid JSON (a number too long to read)") from None
    except RecursionError:
        raise _corrupt(path, "not valid JSON (nested too deeply)") from None
    version = data.get("version") if isinstance(data, dict) else None
    if type(version) is not int:
        raise _corrupt(path, "no version field")
    if version > SCHEMA_VERSION:
        raise StateError(
            f"dockersim: {path} was written by a newer dockersim (state version "
            f"{version}, this one reads up to {SCHEMA_VERSION}); upgrade dockersim or "
            "run `dockersim reset`"
        )
    try:
        if _verified(path, text):  # as this dockersim wrote and checked it
            from dockersim.engine.world import WorldJSON

            return Engine.from_json(WorldJSON(data)), text
        from dockersim.engine.worldcheck import check_world  # (a file this one did not write)

        check_world(data)  # before Engine.from_json, which reads the seed first
        return Engine.from_json(data), text
    except InvalidWorld as exc:
        raise _corrupt(path, str(exc)) from None
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        # worldcheck should have refused the file: say what broke rather than a traceback
        raise _corrupt(path, f"unexpected content ({exc!r})") from None


def _stamp(path: Path) -> Path:
    return path.with_name(f".{path.name}.sha256")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _verified(path: Path, text: str) -> bool:
    """Whether `text` is what a save of this dockersim wrote after checking it."""
    try:
        stamp = _stamp(path).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return False
    return stamp == f"{SCHEMA_STAMP}:{_digest(text)}"


def _corrupt(path: Path, why: str) -> StateError:
    return StateError(
        f"dockersim: cannot read the saved world {path}: {why}. It was left untouched; move it "
        "away or run `dockersim reset` to start a fresh world."
    )


def save(path: Path, engine: Engine, previous: str = "") -> str:
    """Atomically replace the saved world (skipped when nothing changed); returns the text
    the file now holds.

    A world that would not load again is not written: the file keeps the world as it was
    before the command, instead of a world every later command would refuse.
    """
    from dockersim.engine.worldcheck import InvalidWorld, check_world

    text = engine.dumps()
    if text == previous or (previous and _clockless(text) == _clockless(previous)):
        # nothing happened but time passing: the file keeps its older clock, from which the
        # next command catches up to the same world (cli/clock.py)
        return previous
    try:
        check_world(json.loads(text))
    except InvalidWorld as exc:
        raise StateError(
            f"dockersim: cannot save the world to {path}: it would not load again ({exc}); "
            "the world is kept as it was before this command. This is a dockersim bug: "
            "please report it."
        ) from None
    tmp = _temporary(path)
    try:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
        with contextlib.suppress(OSError):  # without it the next load checks the file in full
            _stamp(path).write_text(f"{SCHEMA_STAMP}:{_digest(text)}", encoding="ascii")
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StateError(f"dockersim: cannot save the world to {path}: {exc.strerror}") from None
    return text


#: the clock's fields in a saved world (the first host's and each other host's `now`, and the
#: real time of the save): what a command that only let time pass changes
_CLOCK = re.compile(r'"(?:now|wall)":[-+.0-9eE]+')


def _clockless(text: str) -> str:
    return _CLOCK.sub("", text)


def reset(directory: Path | None = None, clock: str = "real") -> Path:
    """Start a fresh world (the old file is replaced atomically under the lock) whose
    interactive clock is `clock` ("real" or "frozen": dockersim/cli/clock.py)."""
    from dockersim.engine import Engine

    engine = Engine()
    engine.world.clock = clock
    with locked(directory) as path:
        save(path, engine, previous="")
        return path
