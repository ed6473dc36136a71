"""`docker exec`: another process in a running container, through the same userland."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from dockersim.engine import errors
from dockersim.engine._base import EngineBase

if TYPE_CHECKING:
    from dockersim.model.container import Container
    from dockersim.model.userland import Timeline


class ExecOps(EngineBase):
    def exec_target(self, ref: str) -> Container:
        """The container a new process is started in: the daemon refuses a paused one, and
        one that is not running (or is restarting)."""
        self.engine.settle()
        container = self.engine.container_get(ref)
        state = container.state
        if state.paused:
            raise errors.exec_paused(ref)
        if not state.running or state.restarting:
            raise errors.not_running(container.id)
        return container

    def container_exec(
        self,
        ref: str,
        argv: list[str],
        env: list[str] | None = None,
        workdir: str = "",
        stdin: str = "",
        user: str | None = None,
        tty: bool = False,
        interactive: bool = False,
        exec_id: str = "",
    ) -> Timeline:
        """`POST /containers/{id}/exec` + start; the timeline of what the command did.
        With a terminal and input (`-it`), a program that reads lines there (a shell, a
        REPL) is typed `stdin` line by line, as a terminal shows it. The events are
        exec_create, exec_start and exec_die; given the `exec_id` of an instance the API
        created (and logged, `exec_created`), only exec_start: the API logs the end
        (`exec_died`) when it sees it."""
        from dockersim.model.userland import (
            ExecIsDirectory,
            ExecNotFound,
            ExecPermission,
            ProcInfo,
            execute,
        )

        container = self.exec_target(ref)
        proc = self.engine.proc_for(container, env, user)
        proc.tty = tty  # an exec has its own terminal (-t) or none, whatever PID 1 has
        if workdir:
            proc.cwd = workdir
        proc.pid = container.next_pid
        container.next_pid += 1
        api = bool(exec_id)  # (an instance the API created: its create is logged)
        exec_id = self.exec_events(container, argv, proc.pid, exec_id, created=api)
        proc.processes = lambda: self.engine.container_processes(container)
        proc.stdin = stdin
        try:
            program = self.engine.line_program(argv, proc, tty) if tty and interactive else None
            if program is not None:
                # a shell typed into stays one of the container's processes while it runs,
                # on a terminal of its own (pts/0 is the main process's when it has one)
                others = self.engine.container_processes(container)
                own_tty = f"pts/{sum(1 for p in others if p.tty.startswith('pts/'))}"
                this = ProcInfo(
                    proc.pid, 0, proc.user, " ".join(argv), self.now, tty=own_tty, argv=tuple(argv)
                )
                proc.tty_name = own_tty
                proc.processes = lambda: [*self.engine.container_processes(container), this]
            timeline = self.engine.feed(program, stdin) if program else execute(argv, proc)
        except ExecNotFound as exc:
            raise errors.exec_start_failed(exc.name, missing=True) from None
        except (ExecIsDirectory, ExecPermission) as exc:
            raise errors.exec_start_failed(exc.name, missing=False) from None
        if timeline.exit_code is not None and not api:  # monitor.go: when the process ends
            self.exec_died(container.id, exec_id, timeline.exit_code, self.now + timeline.duration)
        return timeline

    def exec_events(
        self,
        container: Container,
        argv: list[str],
        pid: int,
        exec_id: str = "",
        created: bool = False,
    ) -> str:
        """exec.go: `exec_create: CMD` (unless it was logged when the exec was `created`) and
        `exec_start: CMD`, each with the exec's ID; with no `exec_id`, one derived from the
        container and the process, as a health probe's is (no seeded draw)."""
        if not exec_id:
            exec_id = hashlib.sha256(f"{container.id}/exec/{pid}".encode()).hexdigest()
        if not created:
            self.exec_created(container, argv, exec_id)
        self.emit("container", f"exec_start: {' '.join(argv)}", container.id, execID=exec_id)
        return exec_id

    def exec_created(self, container: Container, argv: list[str], exec_id: str) -> None:
        """`POST /containers/{id}/exec` (exec.go ContainerExecCreate): `exec_create: CMD`."""
        self.emit("container", f"exec_create: {' '.join(argv)}", container.id, execID=exec_id)

    def exec_died(
        self, container_id: str, exec_id: str, code: int, at: float | None = None
    ) -> None:
        """monitor.go: the exec's process ended (`at`, default now): `exec_die` with its exit
        code, unless its container is gone."""
        if container_id in self.world.containers:
            self.emit_at(self.now if at is None else at, "container", "exec_die", container_id,
                         execID=exec_id, exitCode=str(code))  # fmt: skip
