"""exec: create, start (hijacked, or detached), inspect, resize (moby daemon/exec.go and
daemon/server/router/container/exec.go).

An exec instance lives in the server's memory, as in the daemon's (`Server.execs`): the
saved world knows nothing of it. The process runs through the engine's `container_exec`,
as `dockersim docker exec` runs it; what it prints goes to the client as the world's clock
reaches each piece (at once when the clock is frozen), in stdcopy frames without a TTY.
A program that cannot be started is said in the stream, `"<error>\\r\\n"` on stdout, and its
exec gets runc's status (126 or 127), as moby's route writes it after the hijack.
"""

from __future__ import annotations

import base64
import secrets
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dockersim.api.handlers.base import POLL
from dockersim.api.handlers.streams import MULTIPLEXED, RAW, frame
from dockersim.api.http import ClientGone
from dockersim.api.routes import ApiError, Call, Reply, route, version_at_least
from dockersim.errors import DockerError, InvalidParameter

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.userland import Timeline

#: the exit status of an exec whose container stopped under it: the kernel kills what is
#: left in the container's PID namespace with SIGKILL when its PID 1 ends (128 + 9)
KILLED = 137


class ExecInstance:
    """container.ExecConfig, the part the API shows (backend.ExecInspect)."""

    def __init__(self, exec_id: str, container_id: str, options: dict[str, Any]) -> None:
        self.id = exec_id
        self.container_id = container_id
        cmd = [str(word) for word in options.get("Cmd") or []]
        self.entrypoint, self.args = cmd[0], cmd[1:]
        self.tty = bool(options.get("Tty"))
        self.open_stdin = bool(options.get("AttachStdin"))
        self.open_stdout = bool(options.get("AttachStdout"))
        self.open_stderr = bool(options.get("AttachStderr"))
        self.privileged = bool(options.get("Privileged"))
        self.user = str(options.get("User") or "")
        self.workdir = str(options.get("WorkingDir") or "")
        self.env = [str(item) for item in options.get("Env") or []]
        self.detach_keys = b""
        self.running = False
        self.exit_code: int | None = None
        self.pid = 0
        self.lock = threading.Lock()

    def document(self) -> dict[str, Any]:
        config: dict[str, Any] = {
            "tty": self.tty,
            "entrypoint": self.entrypoint,
            "arguments": self.args,
            "privileged": self.privileged,
        }
        if self.user:
            config["user"] = self.user
        return {
            "ID": self.id,
            "Running": self.running,
            "ExitCode": self.exit_code,
            "ProcessConfig": config,
            "OpenStdin": self.open_stdin,
            "OpenStderr": self.open_stderr,
            "OpenStdout": self.open_stdout,
            "CanRemove": False,
            "ContainerID": self.container_id,
            "DetachKeys": base64.b64encode(self.detach_keys).decode(),
            "Pid": self.pid,
        }


def _detach_keys(text: str) -> bytes:
    """moby/term ToBytes: `ctrl-<letter>` and single characters, comma separated."""
    out = bytearray()
    for key in text.split(","):
        key = key.strip()
        if len(key) == 1:
            out.append(ord(key))
        elif key.startswith("ctrl-") and len(key) == 6:
            letter = key[5].lower()
            if "a" <= letter <= "z":
                out.append(ord(letter) - ord("a") + 1)
            elif letter in "@[\\]^_":
                out.append("@[\\]^_".index(letter) + (0 if letter == "@" else 26))
            else:
                raise ValueError(key)
        else:
            raise ValueError(key)
    return bytes(out)


def _get(call: Call) -> ExecInstance:
    instance = call.server.execs.get(call.params["id"])
    if instance is None:
        raise ApiError(404, f"No such exec instance: {call.params['id']}")
    return instance


def _settle_instance(engine: Engine, instance: ExecInstance) -> None:
    """A running exec whose container is gone or stopped ended with it."""
    container = engine.container_by_id(instance.container_id)
    if instance.running and (container is None or not container.state.running):
        instance.running = False
        instance.exit_code = KILLED


@route("POST", "/containers/{name}/exec")
def create(call: Call) -> Reply:
    """postContainerExecCreate + daemon.ContainerExecCreate."""
    options = call.json_body(required=True)
    if not isinstance(options, dict):
        raise ApiError(400, "invalid JSON: cannot unmarshal into container.ExecOptions")
    cmd = options.get("Cmd")
    if not cmd or not isinstance(cmd, list):
        raise ApiError(400, "No exec command specified")
    keys = b""
    if options.get("DetachKeys"):
        try:
            keys = _detach_keys(str(options["DetachKeys"]))
        except ValueError:
            raise ApiError(500, f"Invalid escape keys ({options['DetachKeys']}) provided") from None
    exec_id = secrets.token_hex(32)
    with call.world.writing() as engine:
        container = engine.exec_target(call.params["name"])
        user = str(options.get("User") or "")
        if user:  # looked up at once, for an early exit (daemon/exec.go)
            try:
                engine.proc_for(container, None, user)
            except DockerError as exc:
                raise InvalidParameter(str(exc)) from None
        instance = ExecInstance(exec_id, container.id, options)
        instance.detach_keys = keys
        if not instance.user:
            instance.user = container.config.user
        engine.exec_created(container, [instance.entrypoint, *instance.args], exec_id)
    call.server.execs[exec_id] = instance
    return Reply(201, {"Id": exec_id})


@route("GET", "/exec/{id}/json")
def inspect(call: Call) -> Reply:
    instance = _get(call)
    with call.world.reading() as engine:
        if engine.container_by_id(instance.container_id) is None:
            raise ApiError(404, f"No such exec instance: {call.params['id']}")
        _settle_instance(engine, instance)
    return Reply(200, instance.document())


@route("POST", "/exec/{id}/resize")
def resize(call: Call) -> Reply:
    for key in ("h", "w"):
        text = call.arg(key)
        if not text.lstrip("-").isdigit():
            raise ApiError(400, f'strconv.Atoi: parsing "{text}": invalid syntax')
    _checked(call, _get(call))
    return Reply(200, raw=b"", content_type="")


def _checked(call: Call, instance: ExecInstance) -> None:
    """getExecConfig: the exec's container must still be there and running."""
    from dockersim.engine import errors

    with call.world.reading() as engine:
        container = engine.container_by_id(instance.container_id)
        if container is None:
            raise errors.no_such_container(call.params["id"])
        state = container.state
        if not state.running:
            raise errors.not_running(container.id)
        if state.paused:
            raise errors.exec_paused(container.id)
        if state.restarting:
            raise errors.not_running(container.id)


@route("POST", "/exec/{id}/start")
def start(call: Call) -> Reply | None:
    """postContainerExecStart: hijack (unless `Detach`), run, stream, close."""
    options = call.json_body()
    if not isinstance(options, dict):
        raise ApiError(400, "invalid JSON: cannot unmarshal into container.ExecStartOptions")
    instance = _get(call)
    _checked(call, instance)
    with instance.lock:
        if instance.exit_code is not None:
            raise ApiError(409, f"exec command {instance.id} has already run")
        if instance.running:
            raise ApiError(409, f"exec command {instance.id} is already running")
        instance.running = True
    if options.get("Detach"):
        running = _run(call, instance, "")
        if isinstance(running, DockerError):
            raise running
        threading.Thread(target=_follow, args=(call, instance, *running), daemon=True).start()
        return Reply(200, raw=b"", content_type="")
    conn = call.conn
    upgrade = call.request.wants_upgrade
    multiplexed = not instance.tty and version_at_least(call, "1.42")
    conn.hijack(MULTIPLEXED if multiplexed and upgrade else RAW, upgrade)
    if instance.tty and instance.open_stdin:
        try:
            if _exec_terminal(call, instance):
                return None
        except ClientGone:
            return None
    stdin = ""
    if instance.open_stdin and not instance.tty:  # what the client sends until it half-closes
        data = bytearray()
        try:
            while chunk := conn.rfile.read1(65536):
                data.extend(chunk)
        except (OSError, ValueError):
            pass
        stdin = data.decode("utf-8", "replace")

    def send(stream: str, text: str) -> None:
        if stream == "stderr" and not instance.open_stderr:
            return
        if stream == "stdout" and not instance.open_stdout:
            return
        if instance.tty:
            conn.write(text.replace("\n", "\r\n").encode("utf-8", "surrogateescape"))
        else:
            conn.write(frame(stream, text))

    try:
        running = _run(call, instance, stdin)
        if isinstance(running, DockerError):  # said in the stream, on stdout, as moby does
            text = f"{running}\r\n"
            conn.write(text.encode() if instance.tty else frame("stdout", text))
        else:
            _follow(call, instance, *running, send)
    except ClientGone:
        pass
    return None


def _exec_terminal(call: Call, instance: ExecInstance) -> bool:
    """`docker exec -it` into a program that reads lines: the client types into it as it
    runs (terminal.py). False when the program reads no lines: it runs as any exec, with
    no input (as it does for `dockersim docker exec -it`)."""
    from dockersim.api.handlers import terminal
    from dockersim.docker.live import DETACH_KEYS, ESCAPE_ERROR, TerminalFollow

    try:
        with call.world.writing() as engine:
            started = engine.terminal_exec(
                instance.container_id,
                [instance.entrypoint, *instance.args],
                env=instance.env,
                workdir=instance.workdir,
                user=instance.user or None,
                tty=True,
                exec_id=instance.id,
            )
            if started is None:
                return False
            container = engine.container_by_id(instance.container_id)
            assert container is not None  # checked before
            instance.pid = container.state.pid + started.pid - 1
            follow = TerminalFollow(
                started.id,
                started.container,
                None,
                engine.now,
                main=False,
                detachable=True,
                detach_message=ESCAPE_ERROR,
                keys=instance.detach_keys.decode("latin-1") or DETACH_KEYS,
            )
    except DockerError as exc:  # said in the stream, as moby does (see start)
        with instance.lock:
            instance.running = False
            instance.exit_code = exc.exit_status or 126
        call.conn.write(f"{exc}\r\n".encode())
        return True
    keys = terminal.Keys(call.conn)
    try:
        code = terminal.run_session(call, follow, keys, [])
    finally:
        keys.close()
    if code is not None:
        _finish(call, instance, code, terminal=True)
    return True


def _run(call: Call, instance: ExecInstance, stdin: str) -> tuple[Timeline, float] | DockerError:
    """Start the exec: its timeline and the world's time it started at, or the error that
    kept it from starting (its status is then runc's, 126 or 127)."""
    with call.world.writing() as engine:
        container = engine.container_by_id(instance.container_id)
        assert container is not None  # checked before
        instance.pid = container.state.pid + container.next_pid - 1
        started = engine.now
        try:
            timeline = engine.container_exec(
                instance.container_id,
                [instance.entrypoint, *instance.args],
                env=instance.env,
                workdir=instance.workdir,
                stdin=stdin,
                user=instance.user or None,
                tty=instance.tty,
                interactive=instance.open_stdin,
                exec_id=instance.id,
            )
        except DockerError as exc:
            with instance.lock:
                instance.running = False
                instance.exit_code = exc.exit_status or 126
            return exc
        if call.world.clock_frozen() and timeline.exit_code is not None:
            engine.settle(engine.now + timeline.duration)
    return timeline, started


def _follow(
    call: Call,
    instance: ExecInstance,
    timeline: Timeline,
    started: float,
    send: Callable[[str, str], None] | None = None,
) -> None:
    """Hand what the exec prints to `send` as the clock reaches it, until it ends (or its
    container stops under it)."""
    world = call.world
    outputs = list(timeline.outputs)
    while True:
        with world.reading() as engine:
            elapsed = engine.now - started
            alive = _alive(engine, instance)
            frozen = world.clock_frozen()
        while outputs and (frozen or outputs[0].at <= elapsed or not alive):
            item = outputs.pop(0)
            if send is not None:
                send(item.stream, item.text)
        if not alive:
            _finish(call, instance, KILLED)
            return
        ended = timeline.exit_code is not None and (frozen or elapsed >= timeline.duration)
        if ended and not outputs:
            _finish(call, instance, timeline.exit_code or 0)
            return
        if call.server.stopping.is_set():
            return
        time.sleep(POLL)


def _alive(engine: Engine, instance: ExecInstance) -> bool:
    container = engine.container_by_id(instance.container_id)
    return container is not None and container.state.running


def _finish(call: Call, instance: ExecInstance, code: int, terminal: bool = False) -> None:
    """The exec_die event (with its exit code) and the status inspect shows. A `terminal`'s
    program that ended by itself, its container running on, logged its own."""
    with call.world.writing() as engine:
        if not (terminal and _alive(engine, instance)):
            engine.exec_died(instance.container_id, instance.id, code)
    with instance.lock:
        instance.running = False
        instance.exit_code = code
