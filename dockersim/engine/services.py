"""The long-running programs of the official images: what they print and how they wait.

Registered into the userland's program table on first use. Their start-up texts come from the
catalog (the real images' output, with the time filled in); each then waits for a signal, and
`model/signals.py` says how it exits on each one.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dockersim.model.host import KERNEL

if TYPE_CHECKING:
    from dockersim.model.userland.programs.base import Ctx


def _text(name: str) -> str:
    from dockersim import catalog

    value = catalog.load().output(name)
    return value if isinstance(value, str) else ""


def _nginx_ts(ctx: Ctx) -> str:
    return _nginx_stamp(ctx.now())


def _nginx_stamp(now: float) -> str:
    return datetime.fromtimestamp(now, UTC).strftime("%Y/%m/%d %H:%M:%S")


def _redis_ts(ctx: Ctx) -> str:
    return _redis_stamp(ctx.now())


def _redis_stamp(now: float) -> str:
    moment = datetime.fromtimestamp(now, UTC)
    return moment.strftime("%d %b %Y %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def _apache_ts(ctx: Ctx) -> str:
    moment = datetime.fromtimestamp(ctx.now(), UTC)
    return moment.strftime("%a %b %d %H:%M:%S.") + f"{moment.microsecond:06d} {moment.year}"


def nginx(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    version = ctx.env.get("NGINX_VERSION", "1.27.5")
    if ctx.proc.pid == 1 and ctx.fs.exists("/docker-entrypoint.sh"):
        _nginx_entrypoint(ctx)
    if "-v" in args:
        ctx.err.write(f"nginx version: nginx/{version}\n")
        return 0
    if "-V" in args:
        ctx.err.write(f"nginx version: nginx/{version}\nbuilt by gcc 12.2.0 (Debian 12.2.0-14) \n")
        return 0
    if "-t" in args:
        ctx.err.write(
            "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n"
            "nginx: configuration file /etc/nginx/nginx.conf test is successful\n"
        )
        return 0
    view = getattr(ctx.proc, "net", None)
    if view is not None and view.host_port_taken(80):
        return _nginx_bind_failure(ctx)
    _nginx_runtime_files(ctx)
    start = _text("nginx_master_start").replace("{ts}", _nginx_ts(ctx))
    start = start.replace("{kernel}", KERNEL)
    workers = [
        f"{{ts}} [notice] 1#1: start worker process {pid}\n"
        for pid in nginx_worker_pids(ctx.proc.ncpu)
    ]
    lines = start.splitlines(keepends=True)
    head = [line for line in lines if "start worker process " not in line]
    ctx.err.write("".join(head) + "".join(workers).replace("{ts}", _nginx_ts(ctx)))
    ctx.block(frozenset({"SIGQUIT", "SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1", "SIGWINCH"}))
    return 0


NGINX_CONF = "/etc/nginx/conf.d/default.conf"


def _nginx_entrypoint(ctx: Ctx) -> None:
    """/docker-entrypoint.sh with `nginx` as $1: its helper scripts, then `exec nginx`.

    The IPv6 helper adds `listen  [::]:80;` to the packaged default.conf (a change `docker
    diff` shows); a changed, read-only or already-edited file gets the helper's other notes.
    """
    from dockersim import catalog
    from dockersim.model.cowfs import FsError

    data = catalog.load()
    raw = data.outputs.get("nginx_entrypoint_variants")
    variants: dict[str, str] = dict(raw) if isinstance(raw, dict) else {}
    checksum = True
    note = ""
    try:
        current: str | None = ctx.fs.read(NGINX_CONF).decode()
    except FsError:
        current = None
    if current is None:
        note, checksum = (
            f"10-listen-on-ipv6-by-default.sh: info: {NGINX_CONF} is not a file or does not exist",
            False,
        )
    elif not _writable(ctx, NGINX_CONF):
        note, checksum = variants.get("readonly", ""), False
    elif "listen  [::]:80;" in current:
        note, checksum = variants.get("restart", ""), False
    elif current != data.texts.get("nginx_default_conf_1_27_5"):
        note = variants.get("default_conf_changed", "")
    else:
        edited = current.replace(
            "    listen       80;\n", "    listen       80;\n    listen  [::]:80;\n", 1
        )
        ctx.fs.write(NGINX_CONF, edited.encode())
        ctx.touch(NGINX_CONF)
    if ctx.env.get("NGINX_ENTRYPOINT_QUIET_LOGS"):
        return
    text = _text("nginx_entrypoint_start")
    if note:
        prefix = "10-listen-on-ipv6-by-default.sh: info: "
        text = text.replace(f"{prefix}Enabled listen on IPv6 in {NGINX_CONF}\n", note + "\n")
        if not checksum:
            text = text.replace(f"{prefix}Getting the checksum of {NGINX_CONF}\n", "")
    ctx.out.write(text)


def _writable(ctx: Ctx, path: str) -> bool:
    from dockersim.model.cowfs import FsError

    try:
        ctx.fs.write(path, b"", append=True)
    except FsError:
        return False
    return True


def _nginx_runtime_files(ctx: Ctx) -> None:
    """What a starting nginx master writes: its pid file and the proxy's temp directories."""
    from dockersim.model.cowfs import FsError

    try:
        ctx.fs.write("/run/nginx.pid", b"1\n")
        ctx.touch("/run/nginx.pid")
        for kind in ("client", "proxy", "fastcgi", "uwsgi", "scgi"):
            path = f"/var/cache/nginx/{kind}_temp"
            if not ctx.fs.exists(path):
                ctx.fs.mkdir(path, parents=True, mode=0o700)
                ctx.touch(path)
    except FsError:  # a read-only root filesystem: nginx fails here in Docker too (simplified)
        pass


def _nginx_bind_failure(ctx: Ctx) -> int:
    """Host networking and port 80 already taken: nginx retries five times, then gives up."""
    for attempt in range(5):
        if attempt:
            ctx.rec.advance(0.5)
        for address in ("0.0.0.0:80", "[::]:80"):
            message = f"bind() to {address} failed (98: Address already in use)"
            ctx.err.write(f"{_nginx_ts(ctx)} [emerg] 1#1: {message}\nnginx: [emerg] {message}\n")
    ctx.err.write(
        f"{_nginx_ts(ctx)} [emerg] 1#1: still could not bind()\n"
        "nginx: [emerg] still could not bind()\n"
    )
    return 1


def redis_server(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if "--version" in args or "-v" in args:
        ctx.out.write("Redis server v=8.0.2 sha=00000000:1 malloc=jemalloc-5.3.0 bits=64 build=0\n")
        return 0
    text = _text("redis_8_0_2_start").replace("{ts}", _redis_ts(ctx))
    if ctx.proc.pid != 1 or not ctx.fs.exists("/usr/local/bin/docker-entrypoint.sh"):
        text = text.removeprefix("Starting Redis Server\n")
    ctx.out.write(text)
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


def postgres(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if "--version" in args or "-V" in args:
        major = ctx.env.get("PG_MAJOR", "16")
        version = ctx.env.get("PG_VERSION", "16.9").split("-", 1)[0]
        ctx.out.write(f"postgres (PostgreSQL) {version if '.' in version else major}\n")
        return 0
    password = ctx.env.get("POSTGRES_PASSWORD", "")
    trust = ctx.env.get("POSTGRES_HOST_AUTH_METHOD", "") == "trust"
    if not password and not trust:
        ctx.err.write(_text("postgres_missing_password_stderr"))
        return 1
    first = _text("postgres_first_start_16_9")
    ctx.out.write(first.replace("{ts}", _nginx_ts(ctx).replace("/", "-") + ".000 UTC"))
    ctx.block(frozenset({"SIGTERM", "SIGINT", "SIGQUIT"}))
    return 0


def httpd(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if "-v" in args:
        ctx.out.write(
            "Server version: Apache/2.4.63 (Unix)\nServer built:   May 23 2025 00:00:00\n"
        )
        return 0
    ctx.err.write(_text("httpd_start").replace("{apache_ts}", _apache_ts(ctx)))
    ctx.block(frozenset({"SIGWINCH", "SIGTERM", "SIGINT"}))
    return 0


def hello(ctx: Ctx) -> int:
    ctx.out.write(_text("hello_world"))
    return 0


def registry(ctx: Ctx) -> int:
    ctx.err.write(
        'time="{ts}" level=info msg="listening on [::]:5000" go.version=go1.20.8 '
        "instance.id=00000000-0000-0000-0000-000000000000 service=registry version=2.8.3\n".replace(
            "{ts}", datetime.fromtimestamp(ctx.now(), UTC).strftime("%Y-%m-%dT%H:%M:%S.000000000Z")
        )
    )
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


@functools.cache
def nginx_worker_pids(ncpu: int) -> list[int]:
    """nginx's workers (`worker_processes auto`: one per CPU), as PIDs in the container."""
    return [29 + i for i in range(ncpu)]


def shutdown_output(program: str, sig: str, now: float, ncpu: int) -> tuple[str, str] | None:
    """What a server logs when a signal makes it exit: (stream, text), or None."""
    if program == "nginx":
        ts = _nginx_stamp(now)
        workers = nginx_worker_pids(ncpu)
        if sig == "SIGQUIT":
            lines = _text("nginx_sigquit_per_worker").splitlines(keepends=True)
            head, per_worker, tail = lines[0], lines[1:6], lines[6:]
            text = head + "".join(
                line.replace("{w}", str(w)) for w in workers for line in per_worker
            )
            text += "".join(tail)
        elif sig in ("SIGTERM", "SIGINT"):
            number = {"SIGTERM": 15, "SIGINT": 2}[sig]
            text = f"{{ts}} [notice] 1#1: signal {number} ({sig}) received, exiting\n"
            for w in workers:
                text += f"{{ts}} [notice] {w}#{w}: exiting\n{{ts}} [notice] {w}#{w}: exit\n"
            for w in workers:
                text += (
                    f"{{ts}} [notice] 1#1: signal 17 (SIGCHLD) received from {w}\n"
                    f"{{ts}} [notice] 1#1: worker process {w} exited with code 0\n"
                )
            text += "{ts} [notice] 1#1: exit\n"
        else:
            return None
        return "stderr", text.replace("{ts}", ts)
    if program == "redis-server" and sig in ("SIGTERM", "SIGINT"):
        text = _text("redis_sigterm").replace("SIGTERM", sig)
        text = text.replace("{epoch}", str(int(now))).replace("{ts}", _redis_stamp(now))
        return "stdout", text
    return None


@functools.cache
def install() -> None:
    """Add these programs to the userland (once per process), with the Python programs of
    `build/` (`python app.py`, `flask`, `pip install -r`) that built images run."""
    from dockersim.model.userland import register

    register("nginx", "nginx-debug")(nginx)
    register("redis-server")(redis_server)
    register("postgres")(postgres)
    register("httpd")(httpd)
    register("hello")(hello)
    register("registry")(registry)
    from dockersim.engine import netprograms

    netprograms.install()
    from dockersim.engine.redis import redis_cli

    register("redis-cli")(redis_cli)
    from dockersim.build import pyprograms

    pyprograms.install()
