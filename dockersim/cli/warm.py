"""The client side of the warm process: `dockersim docker`, `dockersim host` and `dockersim
play` without paying for Python's imports on every command.

A command line costs little to run but much to start: importing the engine, the model and the
docker front end takes around 100 ms, far more than loading the world and running the command.
So, like the Docker CLI talking to its daemon (or Python's own multiprocessing forkserver), the
first `dockersim docker` command starts a *warm process* in the background
(`cli/warmserver.py`): a Python process that has imported everything and waits on a unix socket.
Every later command connects, hands over its argument list, working directory, environment,
umask and its standard input, output and error (the file descriptors themselves), and the warm
process forks a child that runs the command exactly as this process would have: it loads the
world from disk under the world's lock, runs the command, saves. The output goes straight to the
caller's terminal or pipe; the child's exit status comes back here and becomes ours. Signals
this process receives (Ctrl-C, a terminal resize) are passed on to the child.

What a command prints, saves and returns does not depend on the path taken: the child runs the
same code on the same world file with the same environment. The warm process holds no world,
only imported code. It keeps no state between commands, runs as the user, answers only the
user's own connections (its socket lives in a directory only the user can open), exits after
`DOCKERSIM_WARM_IDLE` seconds (default 1,800) without a command, and steps aside when the
installed package changes. `DOCKERSIM_WARM=0` turns it off: every command then runs in its own
process, as it does when no warm process is there yet (the first command, which starts one).

This module is on every command's path, so it imports only what Python has loaded already
(os, sys) and small C modules.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # not typing's: this module is on every command's path
if TYPE_CHECKING:
    import _socket

#: "0" runs every command in its own process
ENV = "DOCKERSIM_WARM"
#: seconds without a command after which the warm process exits
IDLE_ENV = "DOCKERSIM_WARM_IDLE"
#: the first bytes of a request: the protocol's name and version
MAGIC = b"DSW1"
#: the signals a client passes on to the command's process
FORWARDED = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT", "SIGWINCH", "SIGUSR1", "SIGUSR2", "SIGCONT")


def enabled() -> bool:
    return os.environ.get(ENV, "1").strip() not in ("0", "false", "no", "off")


def runtime_dir() -> str:
    """A directory only this user can use: `$XDG_RUNTIME_DIR/dockersim`, else
    `/tmp/dockersim-UID`."""
    base = os.environ.get("XDG_RUNTIME_DIR", "")
    if base and os.path.isdir(base):
        return os.path.join(base, "dockersim")
    return f"/tmp/dockersim-{os.getuid()}"


def private_dir(path: str) -> bool:
    """Make `path` if needed; True only if it is a real directory of ours that no one else can
    open (never follow a link someone else planted in /tmp)."""
    import stat

    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError:
        return False
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid == os.getuid() and st.st_mode & 0o077 == 0


def socket_path() -> str:
    """The socket of the warm process for this interpreter and this installed package: another
    virtual environment or checkout gets its own."""
    import zlib

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    key = zlib.crc32(f"{sys.executable}\0{package}".encode(errors="surrogateescape"))
    return os.path.join(runtime_dir(), f"warm-{key:08x}.sock")


def encode(args: list[str]) -> bytes:
    """The request after MAGIC: NUL-separated fields, the count of arguments first."""
    fields = [str(len(args)), *args, os.getcwd(), f"{_umask():o}"]
    fields += [f"{k}={v}" for k, v in os.environ.items()]
    body = b"\0".join(os.fsencode(f) for f in fields)
    return MAGIC + len(body).to_bytes(4, "big") + body


def decode(body: bytes) -> tuple[list[str], str, int, dict[str, str]]:
    fields = [os.fsdecode(f) for f in body.split(b"\0")]
    count = int(fields[0])
    args = fields[1 : 1 + count]
    cwd, umask = fields[1 + count], int(fields[2 + count], 8)
    env = dict(item.partition("=")[::2] for item in fields[3 + count :] if "=" in item)
    return args, cwd, umask, env


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def run(args: list[str]) -> int | None:
    """Run `dockersim ARGS` in the warm process; None when there is none to run it (the caller
    runs the command itself; a warm process is started for the next command)."""
    if not enabled():
        return None
    directory = runtime_dir()
    if not private_dir(directory):
        return None
    path = socket_path()
    import _socket

    sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        sock.connect(path)
        request = encode(args)
        import array

        fds = array.array("i", [0, 1, 2])
        sock.sendmsg([request], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, fds)])
    except OSError:
        sock.close()
        start_server(path)
        return None
    return _wait(sock, path)


def _wait(sock: _socket.socket, path: str) -> int | None:
    import signal

    lines = _Lines(sock)
    pending: list[int] = []
    child = 0

    def forward(signum: int, _frame: object) -> None:
        if child:
            os.kill(child, signum)
        else:
            pending.append(signum)

    def suspend(_signum: int, _frame: object) -> None:  # Ctrl-Z: the command stops with us
        if child:
            os.kill(child, signal.SIGSTOP)
        os.kill(os.getpid(), signal.SIGSTOP)

    for name in FORWARDED:
        signal.signal(getattr(signal, name), forward)
    signal.signal(signal.SIGTSTP, suspend)
    first = lines.next()
    if not first.startswith("pid "):  # "stale" (the package changed) or nothing: not started
        if first == "stale":
            start_server(path)
        return None
    child = int(first[4:])
    for signum in pending:
        os.kill(child, signum)
    last = lines.next()
    if not last.startswith("exit "):
        sys.stderr.write("dockersim: the warm process ended before the command did\n")
        return 1
    status = int(last[5:])
    if status >= 0:
        return status
    # the command was killed by a signal: so are we, as a shell expects
    signal.signal(-status, signal.SIG_DFL)
    os.kill(os.getpid(), -status)
    return 128 - status


class _Lines:
    """Newline-terminated replies from the warm process."""

    def __init__(self, sock: _socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def next(self) -> str:
        while b"\n" not in self.buffer:
            try:
                chunk = self.sock.recv(256)
            except OSError:
                chunk = b""
            if not chunk:
                return ""
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


def start_server(path: str) -> None:
    """Start the warm process in the background, in its own session, with this process's
    environment; it outlives us. A second one started at the same time finds the first one's
    lock and leaves."""
    import contextlib
    import subprocess

    with contextlib.suppress(OSError):
        subprocess.Popen(
            [sys.executable, "-m", "dockersim.cli.warmserver", path],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            close_fds=True,
        )
