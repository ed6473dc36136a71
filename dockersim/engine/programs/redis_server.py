"""redis-server: its start-up and shutdown logs, its keys, and its dump on disk.

The server's keys live in memory (World.memory, by container) and in /data/dump.rdb when it
shuts down cleanly; `redis-cli` talks to it over the simulated network.

Simplifications: the dump is `REDIS0012` followed by JSON (not the RDB binary format), and is
written only at a clean shutdown (SIGTERM/SIGINT), as the official image's default save rules
would on `docker stop`; expiry times are accepted and ignored.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program
from dockersim.engine.programs._texts import catalog_text, redis_stamp, redis_ts
from dockersim.model.cowfs import CowFS, FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

#: ("error", text), ("status", text), or ("unsupported", command): a command Redis has that
#: this model does not (the client says so; it never answers "unknown command" for it)
Reply = str | int | None | list[str] | tuple[str, str]


DUMP = "/data/dump.rdb"


MAGIC = b"REDIS0012"


VERSION = "8.0.2"

#: Redis commands the model does not keep (hashes, lists, sets, sorted sets, streams, ...)
_OTHER_COMMANDS = """
    hset hget hmset hmget hgetall hdel hexists hincrby hincrbyfloat hkeys hvals hlen hsetnx
    hstrlen hscan lpush rpush lpushx rpushx lpop rpop lrange llen lindex lset linsert lrem
    ltrim lmove blpop brpop brpoplpush rpoplpush lpos sadd srem smembers sismember smismember
    scard spop srandmember sinter sunion sdiff sinterstore sunionstore sdiffstore smove sscan
    zadd zrem zrange zrangebyscore zrevrange zrevrangebyscore zscore zincrby zcard zcount
    zrank zrevrank zpopmin zpopmax zscan xadd xread xrange xlen xdel xtrim xgroup xreadgroup
    xack setex psetex setnx getset getdel getex getrange setrange incrbyfloat msetnx pttl
    pexpireat expireat expiretime rename renamenx copy move scan randomkey object dump
    restore sort touch select swapdb info config client auth hello multi exec discard watch
    unwatch subscribe unsubscribe psubscribe punsubscribe publish pubsub eval evalsha script
    function fcall monitor slowlog latency memory debug command acl role replicaof slaveof
    wait lastsave time shutdown bitcount bitop bitpos getbit setbit pfadd pfcount pfmerge
    geoadd geodist geopos georadius geosearch json.set json.get
"""
OTHER_COMMANDS = frozenset(_OTHER_COMMANDS.split())


def image_version(env: dict[str, str]) -> str:
    """The image's Redis version: REDIS_VERSION (7.x images) or the one in its download URL."""
    if env.get("REDIS_VERSION"):
        return env["REDIS_VERSION"]
    url = env.get("REDIS_DOWNLOAD_URL", "")
    name = url.rsplit("/", 1)[-1].removeprefix("redis-").removesuffix(".tar.gz")
    return name if name[:1].isdigit() else VERSION


def _start_log(version: str) -> str:
    """The start log (without the entrypoint's own "Starting Redis Server" line).

    Redis 8 images load their modules and say "Configuration loaded"; 7.x images have no
    modules and warn that no configuration file was given. modified=0 for 7.x: built from a
    release tarball without git (mkreleasehdr.sh finds no diff)."""
    if version.startswith("8."):
        text = catalog_text("redis_8_0_2_start").removeprefix("Starting Redis Server\n")
        return text.replace("Redis version=8.0.2,", f"Redis version={version},").replace(
            "RedisTimeSeries : 8.0.2", f"RedisTimeSeries : {version}"
        )
    return (
        "1:C {ts} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo\n"
        f"1:C {{ts}} * Redis version={version}, bits=64, commit=00000000, modified=0, pid=1,"
        " just started\n"
        "1:C {ts} # Warning: no config file specified, using the default config. In order to"
        " specify a config file use redis-server /path/to/redis.conf\n"
        "1:M {ts} * monotonic clock: POSIX clock_gettime\n"
        "1:M {ts} * Running mode=standalone, port=6379.\n"
        "1:M {ts} * Server initialized\n"
        "1:M {ts} * Ready to accept connections tcp\n"
    )


def redis_server(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    version = image_version(ctx.env)
    if "--version" in args or "-v" in args:
        dirty = 1 if version.startswith("8.") else 0
        ctx.out.write(
            f"Redis server v={version} sha=00000000:{dirty} malloc=jemalloc-5.3.0 bits=64 build=0\n"
        )
        return 0
    # "Starting Redis Server" is the redis 8 entrypoint's own line (its script echoes it)
    ctx.out.write(_start_log(version).replace("{ts}", redis_ts(ctx)))
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


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
    if name in OTHER_COMMANDS:
        return ("unsupported", name)
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
        return "".join(f"{i}) {quoted(item)}\n" for i, item in enumerate(reply, 1))
    return f"{quoted(reply)}\n" if tty else f"{reply}\n"


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\a": "\\a",
    "\b": "\\b",
}


def quoted(text: str) -> str:
    """A string as redis-cli shows it on a terminal (hiredis `sdscatrepr`): in double quotes,
    with backslash escapes, and each byte that is not printable ASCII as \\xHH."""
    out = []
    for byte in text.encode():
        char = chr(byte)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif 32 <= byte < 127:
            out.append(char)
        else:
            out.append(f"\\x{byte:02x}")
    return '"' + "".join(out) + '"'


def _ports(engine: Engine, container: Container) -> list[int]:
    return [6379]


def _started(engine: Engine, container: Container, fs: CowFS) -> None:
    """It reads its dump back into memory."""
    engine.world.memory[container.id] = load_dump(fs)


def _shutdown(engine: Engine, container: Container, sig: str) -> tuple[str, str] | None:
    """SIGTERM and SIGINT: it saves its keys to the dump and says so."""
    if sig not in ("SIGTERM", "SIGINT"):
        return None
    now = engine.now
    said = catalog_text("redis_sigterm").replace("SIGTERM", sig)
    said = said.replace("{epoch}", str(int(now))).replace("{ts}", redis_stamp(now))
    save_dump(engine.container_fs(container), engine.world.memory.get(container.id, {}))
    return "stdout", said


PROGRAM = Program(
    redis_server,
    ports=_ports,
    started=_started,
    shutdown=_shutdown,
    exits={"SIGTERM": 0, "SIGINT": 0},
    memory_mib=7.2,
)
