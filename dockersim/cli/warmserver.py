"""The warm process (see `cli/warm.py` for why it exists and what it promises).

    python -m dockersim.cli.warmserver SOCKET

It imports the whole command-line path once, then waits on SOCKET. For each connection from the
same user it receives a request (argument list, working directory, umask, environment) and the
client's standard input, output and error, forks, and the child becomes that command: the
client's file descriptors as 0, 1 and 2, its directory, umask and environment, fresh standard
streams and random state, then `dockersim.cli.main(args)`. The parent sends the client `pid N`
at once and `exit STATUS` when the child ends (a negative status: killed by that signal).

One process per user, interpreter and package: a lock file next to the socket. It exits after
`DOCKERSIM_WARM_IDLE` seconds without a command, on SIGTERM, or when a request finds that a
module it imported changed on disk since (it answers `stale`, and the client runs the command
itself and starts a new warm process). Single-threaded: children are watched through pidfds in
the same select loop as the socket, so forking never races another thread.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import importlib
import os
import pkgutil
import random
import selectors
import signal
import socket
import struct
import sys
from pathlib import Path
from typing import Any

from dockersim.cli import warm

#: what a command might import lazily, imported before the first fork (the rest: on demand)
SKIP = ("dockersim.web", "dockersim.api", "dockersim.testing", "dockersim.cli.warmserver")
#: seconds a client has to send its whole request
REQUEST_TIMEOUT = 5.0
#: the largest request accepted (arguments and environment)
MAX_REQUEST = 4 * 1024 * 1024
DEFAULT_IDLE = 1800.0


def preload() -> None:
    """Import every module of the package a command may reach, and the offline Hub."""
    import dockersim

    for info in pkgutil.walk_packages(dockersim.__path__, "dockersim."):
        name = info.name
        if name.startswith(SKIP) or name.endswith("__main__"):
            continue
        try:
            importlib.import_module(name)
        except Exception:
            continue
    try:
        from dockersim import catalog

        catalog.load()
    except Exception:
        pass


def code_stamp() -> dict[str, int]:
    """The modification times of the package's loaded source files and of its data (the
    offline Hub, the command table: YAML read at import or first use)."""
    import dockersim

    paths = [
        path
        for module in list(sys.modules.values())
        if getattr(module, "__name__", "").startswith("dockersim")
        and (path := getattr(module, "__file__", None))
    ]
    paths += [str(path) for path in Path(dockersim.__path__[0]).rglob("*.yaml")]
    paths += sorted({os.path.dirname(path) for path in paths})  # a file added or removed
    stamp = {}
    for path in paths:
        try:
            stamp[path] = os.stat(path).st_mtime_ns
        except OSError:
            stamp[path] = -1
    return stamp


def _changed(stamp: dict[str, int]) -> bool:
    for path, mtime in stamp.items():
        try:
            if os.stat(path).st_mtime_ns != mtime:
                return True
        except OSError:
            return True
    return False


class Server:
    def __init__(self, path: str, lock: int) -> None:
        self.path = path
        self.lock = lock
        self.bound = -1  # the inode of the socket file we made
        self.idle = _idle_seconds()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.selector = selectors.DefaultSelector()
        #: pidfd -> (pid, its client; None once the client went away)
        self.children: dict[int, tuple[int, socket.socket | None]] = {}
        self.stamp: dict[str, int] = {}
        self.stdio = [(s.encoding, s.errors) for s in (sys.stdin, sys.stdout, sys.stderr)]

    def bind(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        old = os.umask(0o177)
        try:
            self.listener.bind(self.path)
        finally:
            os.umask(old)
        self.bound = os.stat(self.path).st_ino
        self.listener.listen(64)
        self.selector.register(self.listener, selectors.EVENT_READ)

    def close(self) -> None:
        """Remove our socket (only ours) and give up the lock: a new warm process may start."""
        if self.listener.fileno() >= 0:
            try:
                if os.stat(self.path).st_ino == self.bound:
                    os.unlink(self.path)
            except OSError:
                pass
            self.listener.close()
        if self.lock >= 0:
            os.close(self.lock)
            self.lock = -1

    def serve(self) -> None:
        while True:
            events = self.selector.select(None if self.children else self.idle)
            if not events:
                return  # idle for long enough
            for key, _ in events:
                if key.fileobj is self.listener:
                    if not self.accept():
                        return
                elif key.data is not None:
                    self.hang_up(key.data)
                elif key.fd in self.children:
                    self.reap(key.fd)

    def accept(self) -> bool:
        """Serve one connection; False when this process must step aside."""
        try:
            client, _ = self.listener.accept()
        except OSError:
            return True
        try:
            request = self.receive(client)
        except (OSError, ValueError):
            client.close()
            return True
        if request is None:
            client.close()
            return True
        (args, cwd, umask, env), fds = request
        if _changed(self.stamp):
            for fd in fds:
                os.close(fd)
            self.close()  # the new warm process may bind at once
            _send(client, "stale")
            client.close()
            return False
        _read_ahead(env, cwd)
        pid = os.fork()
        if pid == 0:
            self.child(client, fds, args, cwd, umask, env)
        for fd in fds:
            os.close(fd)
        pidfd = os.pidfd_open(pid)
        self.children[pidfd] = (pid, client)
        self.selector.register(pidfd, selectors.EVENT_READ)
        _send(client, f"pid {pid}")
        # the client sends nothing more: its socket turns readable only when it went away
        self.selector.register(client, selectors.EVENT_READ, data=pidfd)
        return True

    def hang_up(self, pidfd: int) -> None:
        """The client went away before its command ended (killed, or its terminal closed):
        the command gets SIGHUP, as from a terminal that hung up, and its status goes nowhere."""
        pid, client = self.children[pidfd]
        if client is not None:
            self.selector.unregister(client)
            client.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGHUP)
        self.children[pidfd] = (pid, None)

    def receive(self, client: socket.socket) -> Any:
        """The request and the three descriptors, or None from another user or with bad
        framing."""
        creds = client.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
        _pid, uid, _gid = struct.unpack("3i", creds)
        if uid != os.getuid():
            return None
        client.settimeout(REQUEST_TIMEOUT)
        data, fds, _flags, _addr = socket.recv_fds(client, 65536, 3)
        if len(fds) != 3 or not data.startswith(warm.MAGIC):
            for fd in fds:
                os.close(fd)
            return None
        size = int.from_bytes(data[4:8], "big")
        if size > MAX_REQUEST:
            for fd in fds:
                os.close(fd)
            return None
        body = data[8:]
        while len(body) < size:
            chunk = client.recv(min(65536, size - len(body)))
            if not chunk:
                for fd in fds:
                    os.close(fd)
                return None
            body += chunk
        client.settimeout(None)
        return warm.decode(body), fds

    def child(
        self,
        client: socket.socket,
        fds: list[int],
        args: list[str],
        cwd: str,
        umask: int,
        env: dict[str, str],
    ) -> None:
        """Become the command (never returns)."""
        status = 1
        try:
            client.close()
            self.listener.close()
            os.close(self.lock)
            for pidfd, (_pid, other) in self.children.items():
                os.close(pidfd)
                if other is not None:
                    other.close()
            self.selector.close()
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.signal(signal.SIGINT, signal.default_int_handler)
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
                os.close(fd)
            os.umask(umask)
            os.environ.clear()
            os.environ.update(env)
            with contextlib.suppress(OSError):
                os.chdir(cwd)
            self._streams()
            random.seed()
            sys.argv = ["dockersim", *args]
            from dockersim.cli import main

            status = main(args)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except KeyboardInterrupt:
            _flush()
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.kill(os.getpid(), signal.SIGINT)
        except BaseException:
            import traceback

            traceback.print_exc()
            status = 1
        _flush()
        os._exit(status & 0xFF)

    def _streams(self) -> None:
        (in_enc, in_err), (out_enc, out_err), (err_enc, err_err) = self.stdio
        sys.stdin = open(0, encoding=in_enc, errors=in_err, closefd=False)  # noqa: SIM115
        sys.stdout = open(1, "w", encoding=out_enc, errors=out_err, closefd=False)  # noqa: SIM115
        sys.stderr = open(  # noqa: SIM115
            2, "w", buffering=1, encoding=err_enc, errors=err_err, closefd=False
        )

    def reap(self, pidfd: int) -> None:
        pid, client = self.children.pop(pidfd)
        self.selector.unregister(pidfd)
        if client is not None:
            self.selector.unregister(client)
        os.close(pidfd)
        try:
            _, status = os.waitpid(pid, 0)
            code = os.waitstatus_to_exitcode(status)
        except ChildProcessError:
            code = 1
        if client is not None:
            _send(client, f"exit {code}")
            client.close()


def _read_ahead(env: dict[str, str], cwd: str) -> None:
    """Read the command's world before forking (store.read_ahead): a command that changes
    nothing then starts with it read, and so does the next one."""
    from dockersim import store

    store.read_ahead(Path(cwd, store.home(env), store.STATE_FILE))


def _send(client: socket.socket, line: str) -> None:
    with contextlib.suppress(OSError):
        client.sendall(f"{line}\n".encode())


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()


def _idle_seconds() -> float:
    try:
        return max(0.1, float(os.environ.get(warm.IDLE_ENV, DEFAULT_IDLE)))
    except ValueError:
        return DEFAULT_IDLE


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m dockersim.cli.warmserver SOCKET\n")
        return 2
    path = argv[0]
    if not warm.private_dir(os.path.dirname(path)):
        return 1
    try:  # children are watched through pidfds (Linux 5.3): elsewhere, no warm process
        os.close(os.pidfd_open(os.getpid()))
    except (AttributeError, OSError):
        return 1
    lock = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 0  # another warm process serves this socket
    server = Server(path, lock)
    preload()
    server.stamp = code_stamp()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    server.bind()
    gc.collect()
    gc.freeze()  # children leave the shared pages alone
    try:
        server.serve()
    except SystemExit:
        pass
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
