"""redis: the server's keys live in memory (World.memory, by container) and in /data/dump.rdb
when it shuts down cleanly; `redis-cli` talks to it over the simulated network.

Simplifications: the dump is `REDIS0012` followed by JSON (not the RDB binary format), and is
written only at a clean shutdown (SIGTERM/SIGINT), as the official image's default save rules
would on `docker stop`; expiry times are accepted and ignored.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
from typing import TYPE_CHECKING

from dockersim.model.cowfs import CowFS, FsError

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx

DUMP = "/data/dump.rdb"
MAGIC = b"REDIS0012"
VERSION = "8.0.2"


def load_dump(fs: CowFS) -> dict[str, str]:
    """What a starting server reads back from its dump (nothing if there is none)."""
    try:
        data = fs.read(DUMP)
    except FsError:
        return {}
    if not data.startswith(MAGIC):
        return {}
    try:
        loaded = json.loads(data[len(MAGIC) :])
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in loaded.items()} if isinstance(loaded, dict) else {}


def save_dump(fs: CowFS, keys: dict[str, str]) -> None:
    # a read-only /data: the save fails and redis still exits (simplified)
    with contextlib.suppress(FsError):
        fs.write(DUMP, MAGIC + json.dumps(keys, sort_keys=True).encode())


# --- commands ------------------------------------------------------------------------------
Reply = str | int | None | list[str] | tuple[str, str]  # ("error", text) or ("status", text)


def execute(store: dict[str, str], words: list[str]) -> Reply:
    """One command against the keyspace: the reply redis sends."""
    if not words:
        return ("error", "ERR empty command")
    name, args = words[0].lower(), words[1:]
    arity = {"get": 1, "set": 2, "incr": 1, "decr": 1, "append": 2, "strlen": 1, "ttl": 1}
    if name in arity and len(args) < arity[name]:
        return ("error", f"ERR wrong number of arguments for '{name}' command")
    if name == "ping":
        return args[0] if args else ("status", "PONG")
    if name == "echo" and args:
        return args[0]
    if name == "set":
        store[args[0]] = args[1]
        return ("status", "OK")
    if name == "get":
        return store.get(args[0])
    if name == "mset" and args and len(args) % 2 == 0:
        store.update(zip(args[::2], args[1::2], strict=True))
        return ("status", "OK")
    if name == "mget" and args:
        return [store.get(k) or "" for k in args]
    if name in ("del", "unlink"):
        return sum(1 for k in args if store.pop(k, None) is not None)
    if name == "exists":
        return sum(1 for k in args if k in store)
    if name in ("incr", "decr", "incrby", "decrby"):
        step = 1 if name in ("incr", "decr") else None
        if step is None:
            if len(args) < 2 or not args[1].lstrip("-").isdigit():
                return ("error", "ERR value is not an integer or out of range")
            step = int(args[1])
        current = store.get(args[0], "0")
        if not current.lstrip("-").isdigit():
            return ("error", "ERR value is not an integer or out of range")
        value = int(current) + (step if name.startswith("incr") else -step)
        store[args[0]] = str(value)
        return value
    if name == "append":
        store[args[0]] = store.get(args[0], "") + args[1]
        return len(store[args[0]])
    if name == "strlen":
        return len(store.get(args[0], ""))
    if name == "keys" and args:
        return sorted(k for k in store if fnmatch.fnmatchcase(k, args[0]))
    if name == "dbsize":
        return len(store)
    if name in ("flushall", "flushdb"):
        store.clear()
        return ("status", "OK")
    if name in ("expire", "pexpire", "persist"):
        return 1 if args and args[0] in store else 0
    if name == "ttl":
        return -1 if args[0] in store else -2
    if name == "type" and args:
        return ("status", "string" if args[0] in store else "none")
    if name in ("save", "bgsave"):
        return ("status", "OK" if name == "save" else "Background saving started")
    shown = " ".join(f"'{a}'" for a in args[:3])
    return ("error", f"ERR unknown command '{words[0]}', with args beginning with: {shown}")


def render(reply: Reply, tty: bool) -> str:
    """How redis-cli prints a reply: formatted on a terminal, raw when piped."""
    if isinstance(reply, tuple):
        kind, text = reply
        return f"(error) {text}\n" if kind == "error" and tty else f"{text}\n"
    if reply is None:
        return "(nil)\n" if tty else "\n"
    if isinstance(reply, int):
        return f"(integer) {reply}\n" if tty else f"{reply}\n"
    if isinstance(reply, list):
        if not reply:
            return "(empty array)\n" if tty else ""
        if not tty:
            return "".join(f"{item}\n" for item in reply)
        return "".join(f'{i}) "{item}"\n' for i, item in enumerate(reply, 1))
    return f'"{reply}"\n' if tty else f"{reply}\n"


def redis_cli(ctx: Ctx) -> int:
    """`redis-cli [-h HOST] [-p PORT] [COMMAND ARGS...]` (commands from stdin when none)."""
    from dockersim.engine.netview import view_of

    args = ctx.argv[1:]
    host, port = "127.0.0.1", 6379
    words: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in ("-v", "--version"):
            ctx.write(f"redis-cli {VERSION}\n")
            return 0
        if arg in ("-h", "-p", "-n", "-a", "--user", "--pass") and i + 1 < len(args):
            if arg == "-h":
                host = args[i + 1]
            elif arg == "-p":
                if not args[i + 1].isdigit():
                    ctx.err.write(f"Unrecognized option or bad number of args for: '{arg}'\n")
                    return 1
                port = int(args[i + 1])
            i += 2
            continue
        if arg in ("--raw", "--no-raw", "--no-auth-warning"):
            i += 1
            continue
        words = args[i:]
        break
    view = view_of(ctx)
    outcome = view.connect(host, port) if view is not None else None
    target = outcome.target.container if outcome is not None and outcome.target else None
    if outcome is None or target is None or target.blocked_in != "redis-server":
        status = outcome.status if outcome is not None else "refused"
        reason = {
            "unresolved": "Name or service not known",
            "timeout": "Connection timed out",
        }.get(status, "Connection refused")
        ctx.err.write(f"Could not connect to Redis at {host}:{port}: {reason}\n")
        if not words and ctx.out.is_tty:
            ctx.write("not connected> ")
        return 1
    engine = view.engine_for(target) if view is not None else None
    if engine is None:
        return 1
    store = engine.world.memory.setdefault(target.id, {})
    tty = ctx.out.is_tty
    lines = [words] if words else [line.split() for line in ctx.proc.stdin.splitlines()]
    for line in lines:
        if line:
            ctx.write(render(execute(store, line), tty))
    return 0
