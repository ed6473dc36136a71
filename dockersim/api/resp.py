"""Redis's wire protocol (RESP2) on a published port: a real `redis-cli -p 6379` or the `redis`
PyPI client on the real machine reaches the keyspace of the simulated redis-server.

A command arrives as an array of bulk strings (`*1\\r\\n$4\\r\\nPING\\r\\n`) or as an inline
line (`PING\\r\\n`, split as Redis splits it); the reply is what redis-server sends: `+PONG`,
`-ERR ...`, `:1`, `$3\\r\\nbar`, `$-1` (nil) or an array. The commands are the ones the
simulated server keeps (engine/programs/redis_server.py `execute`); a command Redis has that the
model lacks is answered `-ERR dockersim: not simulated in redis-server: the X command`, never
as an unknown command. Protocol errors end the connection after the error, as Redis does.

`HELLO 3` switches to RESP3 (redis-py 8 asks for it first), where a nil is `_`; the commands
kept here answer nothing else that RESP3 would write differently.

Simplifications: keys and values are text (bytes that are not UTF-8 are replaced); no password
(`--requirepass`, AUTH) is simulated; HELLO lists no modules.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, BinaryIO

from dockersim.engine.programs.redis_server import Reply

if TYPE_CHECKING:
    from collections.abc import Callable

#: Redis's own limits are higher (1M array items, 512 MB strings): these keep a real client
#: from filling the simulator's memory.
MAX_ITEMS = 64 * 1024
MAX_BULK = 1024 * 1024
MAX_INLINE = 64 * 1024


class ProtocolError(Exception):
    """What Redis answers before it closes a connection that broke the protocol."""


def read_command(reader: BinaryIO) -> list[str] | None:
    """The words of the next command ([] for an empty inline line); None at EOF."""
    line = reader.readline(MAX_INLINE + 1)
    if not line:
        return None
    if len(line) > MAX_INLINE:
        raise ProtocolError("ERR Protocol error: too big inline request")
    if not line.startswith(b"*"):
        from dockersim.engine.programs.redis_cli import split_args

        words = split_args(line.decode("utf-8", "replace").rstrip("\r\n"))
        if words is None:
            raise ProtocolError("ERR Protocol error: unbalanced quotes in request")
        return words
    count = _number(line[1:])
    if count is None or count > MAX_ITEMS:
        raise ProtocolError("ERR Protocol error: invalid multibulk length")
    words = []
    for _ in range(max(count, 0)):
        head = reader.readline(MAX_INLINE + 1)
        if not head:
            return None
        if not head.startswith(b"$"):
            got = head[:1].decode("latin-1")
            raise ProtocolError(f"ERR Protocol error: expected '$', got '{got}'")
        size = _number(head[1:])
        if size is None or size < 0 or size > MAX_BULK:
            raise ProtocolError("ERR Protocol error: invalid bulk length")
        data = reader.read(size + 2)
        if len(data) < size + 2:
            return None
        words.append(data[:size].decode("utf-8", "replace"))
    return words


def _number(text: bytes) -> int | None:
    text = text.strip()
    if text.lstrip(b"-").isdigit():
        return int(text)
    return None


def _bulk(text: str | None, proto: int = 2) -> bytes:
    if text is None:
        return b"_\r\n" if proto == 3 else b"$-1\r\n"
    data = text.encode()
    return b"$%d\r\n%s\r\n" % (len(data), data)


def encode(reply: Reply, proto: int = 2) -> bytes:
    """A reply as redis-server sends it in RESP2 (or RESP3, where a nil is `_`)."""
    if isinstance(reply, tuple):
        kind, text = reply
        if kind == "status":
            return f"+{text}\r\n".encode()
        if kind == "unsupported":
            text = f"ERR dockersim: not simulated in redis-server: the {text.upper()} command"
        return f"-{text}\r\n".encode()
    if isinstance(reply, int):
        return f":{reply}\r\n".encode()
    if isinstance(reply, list):
        return b"*%d\r\n" % len(reply) + b"".join(_bulk(item, proto) for item in reply)
    return _bulk(reply, proto)


_IDS = itertools.count(3)  # est.: the first client of a fresh redis-server gets id 3


class Session:
    """One client connection: its protocol version (HELLO), id and name (CLIENT)."""

    def __init__(self) -> None:
        self.proto = 2
        self.id = next(_IDS)
        self.name: str | None = None

    def answer(self, store: dict[str, str], version: str, words: list[str]) -> bytes:
        """The bytes redis-server sends back for one command."""
        from dockersim.engine.programs.redis_server import execute

        name = words[0].lower()
        args = words[1:]
        if name == "mget" and args:  # a missing key is nil on the wire
            return b"*%d\r\n" % len(args) + b"".join(_bulk(store.get(k), self.proto) for k in args)
        if name == "quit":
            return b"+OK\r\n"
        if name == "hello":
            return self._hello(version, args)
        if name == "client" and args:
            return self._client(args)
        return encode(execute(store, words), self.proto)

    def _hello(self, version: str, args: list[str]) -> bytes:
        """HELLO [protover [SETNAME name]]: the server's facts, as a map in RESP3."""
        if args and args[0] not in ("2", "3"):
            if not args[0].isdigit():
                return b"-ERR Protocol version is not an integer or out of range\r\n"
            return b"-NOPROTO unsupported protocol version\r\n"
        rest = args[1:]
        if len(rest) == 2 and rest[0].lower() == "setname":
            self.name = rest[1]
        elif rest:  # AUTH: no password is simulated
            return encode(("unsupported", "hello auth"), self.proto)
        if args:
            self.proto = int(args[0])
        fields: list[tuple[str, bytes]] = [
            ("server", _bulk("redis")),
            ("version", _bulk(version)),
            ("proto", b":%d\r\n" % self.proto),
            ("id", b":%d\r\n" % self.id),
            ("mode", _bulk("standalone")),
            ("role", _bulk("master")),
            ("modules", b"*0\r\n"),  # simplified: Redis 8 lists its bundled modules here
        ]
        head = b"%%%d\r\n" % len(fields) if self.proto == 3 else b"*%d\r\n" % (2 * len(fields))
        return head + b"".join(_bulk(key) + value for key, value in fields)

    def _client(self, args: list[str]) -> bytes:
        sub = args[0].lower()
        if sub == "setinfo" and len(args) == 3:
            return b"+OK\r\n"
        if sub == "setname" and len(args) == 2:
            self.name = args[1] or None
            return b"+OK\r\n"
        if sub == "getname" and len(args) == 1:
            return _bulk(self.name, self.proto)
        if sub == "id" and len(args) == 1:
            return b":%d\r\n" % self.id
        return encode(("unsupported", f"client {sub}"), self.proto)


def serve(
    reader: BinaryIO,
    send: Callable[[bytes], None],
    run: Callable[[Session, list[str]], bytes | None],
    closed: Callable[[], bool],
) -> None:
    """Commands in, replies out, until EOF, QUIT, a protocol error, or `run` gives None (the
    server is gone)."""
    session = Session()
    while not closed():
        try:
            words = read_command(reader)
        except ProtocolError as error:
            send(f"-{error}\r\n".encode())
            return
        if words is None:
            return
        if not words:  # an empty inline line: Redis answers nothing
            continue
        reply = run(session, words)
        if reply is None:
            return
        send(reply)
        if words[0].lower() == "quit":
            return
