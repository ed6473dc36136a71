"""nginx: the entrypoint's helper scripts, the master and its workers, what it serves and logs."""

from __future__ import annotations

import functools
import posixpath
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs._texts import catalog_text, nginx_stamp, nginx_ts
from dockersim.engine.programs.http import HttpResponse, env_of, http_date, mime
from dockersim.model.cowfs import FsError
from dockersim.model.host import HOST_CPUS, KERNEL

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland import ProcInfo
    from dockersim.model.userland.programs.base import Ctx


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
    start = catalog_text("nginx_master_start").replace("{ts}", nginx_ts(ctx))
    start = start.replace("nginx/1.27.5", f"nginx/{version}")
    if ctx.fs.exists("/etc/alpine-release"):
        start = start.replace("gcc 12.2.0 (Debian 12.2.0-14) ", "gcc 14.2.0 (Alpine 14.2.0)")
    start = start.replace("{kernel}", KERNEL)
    workers = [
        f"{{ts}} [notice] 1#1: start worker process {pid}\n"
        for pid in nginx_worker_pids(ctx.proc.ncpu)
    ]
    lines = start.splitlines(keepends=True)
    head = [line for line in lines if "start worker process " not in line]
    ctx.err.write("".join(head) + "".join(workers).replace("{ts}", nginx_ts(ctx)))
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
    text = catalog_text("nginx_entrypoint_start")
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
            ctx.err.write(f"{nginx_ts(ctx)} [emerg] 1#1: {message}\nnginx: [emerg] {message}\n")
    ctx.err.write(
        f"{nginx_ts(ctx)} [emerg] 1#1: still could not bind()\n"
        "nginx: [emerg] still could not bind()\n"
    )
    return 1


@functools.cache
def nginx_worker_pids(ncpu: int) -> list[int]:
    """nginx's workers (`worker_processes auto`: one per CPU), as PIDs in the container."""
    return [29 + i for i in range(ncpu)]


NGINX_404 = (
    "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
    "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/{version}</center>\r\n"
    "</body>\r\n</html>\r\n"
)


NGINX_301 = (
    "<html>\r\n<head><title>301 Moved Permanently</title></head>\r\n<body>\r\n"
    "<center><h1>301 Moved Permanently</h1></center>\r\n"
    "<hr><center>nginx/{version}</center>\r\n</body>\r\n</html>\r\n"
)


def _nginx_listen(engine: Engine, container: Container) -> list[int]:
    fs = engine.container_fs(container)
    ports: list[int] = []
    try:
        names = fs.listdir("/etc/nginx/conf.d")
    except FsError:
        names = []
    for name in names:
        if not name.endswith(".conf"):
            continue
        try:
            text = fs.read(f"/etc/nginx/conf.d/{name}").decode(errors="replace")
        except FsError:
            continue
        for match in re.finditer(r"^\s*listen\s+(?:[\d.]+:)?(\d+)", text, re.MULTILINE):
            ports.append(int(match.group(1)))
    return ports or [80]


def _nginx(engine: Engine, container: Container, method: str, path: str) -> HttpResponse:
    version = env_of(container, "NGINX_VERSION", "1.27.5")
    fs = engine.container_fs(container)
    root = "/usr/share/nginx/html"
    clean = posixpath.normpath("/" + path.split("?", 1)[0].lstrip("/")) if path else "/"
    target = posixpath.join(root, clean.lstrip("/"))
    base = [("Server", f"nginx/{version}"), ("Date", http_date(engine.now))]
    try:
        entry = fs.stat(target)
        if entry.kind == "dir":
            if not path.endswith("/"):
                body = NGINX_301.format(version=version).encode()
                return HttpResponse(
                    301,
                    "Moved Permanently",
                    (
                        *base,
                        ("Content-Type", "text/html"),
                        ("Content-Length", str(len(body))),
                        ("Location", f"http://localhost{clean}/"),
                        ("Connection", "keep-alive"),
                    ),
                    body if method != "HEAD" else b"",
                )
            target = posixpath.join(target, "index.html")
            entry = fs.stat(target)
        content = fs.read(target)
    except FsError:
        body = NGINX_404.format(version=version).encode()
        return HttpResponse(
            404,
            "Not Found",
            (
                *base,
                ("Content-Type", "text/html"),
                ("Content-Length", str(len(body))),
                ("Connection", "keep-alive"),
            ),
            body if method != "HEAD" else b"",
        )
    mtime = engine.world.mtimes.get(container.id, {}).get(target, engine.now - 86400 * 60)
    etag = f'"{int(mtime):x}-{len(content):x}"'
    return HttpResponse(
        200,
        "OK",
        (
            *base,
            ("Content-Type", mime(target)),
            ("Content-Length", str(len(content))),
            ("Last-Modified", http_date(mtime)),
            ("Connection", "keep-alive"),
            ("ETag", etag),
            ("Accept-Ranges", "bytes"),
        ),
        content if method != "HEAD" else b"",
    )


def _access_log(
    engine: Engine,
    container: Container,
    peer: str,
    method: str,
    path: str,
    response: HttpResponse,
    agent: str,
) -> None:
    stamp = datetime.fromtimestamp(engine.now, UTC).strftime("%d/%b/%Y:%H:%M:%S +0000")
    line = (
        f'{peer} - - [{stamp}] "{method} {path or "/"} HTTP/1.1" {response.status} '
        f'{len(response.body)} "-" "{agent}" "-"\n'
    )
    container.logs.append((engine.now, "stdout", line))


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse:
    response = _nginx(engine, container, request.method, request.path)
    _access_log(
        engine, container, request.peer, request.method, request.path, response, request.agent
    )
    return response


def _processes(container: Container, started: float, user: str, tty: str) -> list[ProcInfo]:
    """The master (PID 1) and one worker per CPU, running as the image's `nginx` user (101)."""
    from dockersim.model.userland import ProcInfo

    argv = [container.path, *container.args]
    if argv[0].endswith("docker-entrypoint.sh"):  # it exec'd its arguments
        argv = argv[1:]
    master = f"nginx: master process {' '.join(argv)}"
    return [
        ProcInfo(1, 0, user, master, started, tty=tty),
        *(
            ProcInfo(pid, 1, "101", "nginx: worker process", started, tty=tty)
            for pid in nginx_worker_pids(HOST_CPUS)
        ),
    ]


def _shutdown(engine: Engine, container: Container, sig: str) -> tuple[str, str] | None:
    """What the master and its workers log when a signal stops them."""
    ts = nginx_stamp(engine.now)
    workers = nginx_worker_pids(HOST_CPUS)
    if sig == "SIGQUIT":
        lines = catalog_text("nginx_sigquit_per_worker").splitlines(keepends=True)
        head, per_worker, tail = lines[0], lines[1:6], lines[6:]
        said = head + "".join(line.replace("{w}", str(w)) for w in workers for line in per_worker)
        said += "".join(tail)
    elif sig in ("SIGTERM", "SIGINT"):
        number = {"SIGTERM": 15, "SIGINT": 2}[sig]
        said = f"{{ts}} [notice] 1#1: signal {number} ({sig}) received, exiting\n"
        for w in workers:
            said += f"{{ts}} [notice] {w}#{w}: exiting\n{{ts}} [notice] {w}#{w}: exit\n"
        for w in workers:
            said += (
                f"{{ts}} [notice] 1#1: signal 17 (SIGCHLD) received from {w}\n"
                f"{{ts}} [notice] 1#1: worker process {w} exited with code 0\n"
            )
        said += "{ts} [notice] 1#1: exit\n"
    else:
        return None
    return "stderr", said.replace("{ts}", ts)


PROGRAM = Program(
    nginx,
    ports=_nginx_listen,
    serve=_serve,
    processes=_processes,
    shutdown=_shutdown,
    # HUP reloads, USR1 reopens the logs, WINCH stops the workers: the master lives on
    exits={"SIGQUIT": 0, "SIGTERM": 0, "SIGINT": 0, "SIGHUP": -1, "SIGUSR1": -1, "SIGWINCH": -1},
    memory_mib=9.8,
)
