"""A shell's background jobs on virtual time: the job table bash, dash and busybox ash keep.

A job started with `&` runs to its end at once (the interpreter records when it ends,
`Job.end`, or that it never does), so the table can say at any virtual time whether a job is
still running. What each shell prints about its jobs and how it names them follow their
sources: bash 5.2 `jobs.c` (pretty_print_job, print_pipeline, printable_job_status,
reset_current, set_current_job, notify_of_job_status) and `builtins/common.c` (get_job_spec,
get_job_by_name); dash's `jobs.c` and busybox ash's `ash.c` (showjob, sprint_status, getjob,
set_curjob, makejob).

    bash   [1]+  Running                 sleep 100 &        the status padded to 24
    ash    [1]+  Running                    sleep 100       the command at column 33
    dash   [1] + Running                    sleep 100
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import attrs

from dockersim.model.userland.ast import AndOr, Node, Pipeline, Seq, Simple
from dockersim.model.userland.types import ProcInfo

if TYPE_CHECKING:
    from dockersim.model.userland.interp import Shell

#: strsignal(3) of glibc and musl (they agree on these), by signal number
SIGNAL_TEXT = {
    1: "Hangup",
    2: "Interrupt",
    3: "Quit",
    4: "Illegal instruction",
    5: "Trace/breakpoint trap",
    6: "Aborted",
    7: "Bus error",
    8: "Floating point exception",
    9: "Killed",
    10: "User defined signal 1",
    11: "Segmentation fault",
    12: "User defined signal 2",
    13: "Broken pipe",
    14: "Alarm clock",
    15: "Terminated",
    16: "Stack fault",
    24: "CPU time limit exceeded",
    25: "File size limit exceeded",
    26: "Virtual timer expired",
    27: "Profiling timer expired",
    29: "I/O possible",
    30: "Power failure",
    31: "Bad system call",
}
#: signals a program that does not catch them ignores (or is stopped by: not modelled)
HARMLESS = frozenset({0, 17, 18, 19, 20, 21, 22, 23, 28})


class NoSuchJob(Exception):
    """A job spec names no job (or, `ambiguous`, several); `str()` is the shell's words
    after `builtin: `."""

    def __init__(self, message: str, ambiguous: bool = False) -> None:
        super().__init__(message)
        self.ambiguous = ambiguous


@attrs.define(eq=False)
class Job:
    """One background job: its process, when it started and ends (epoch seconds; `end` is
    inf while it waits forever, in `blocked`), its exit status or the signal that ended it,
    and what `jobs` shows (`command`, the directory `wd` it started in)."""

    pid: int
    number: int
    started: float
    end: float = math.inf
    command: str = ""
    wd: str = ""
    status: int = 0
    signal: int = 0
    blocked: str = ""
    handles: frozenset[str] = frozenset()
    #: what `ps` shows for its process (the program, or the shell forked to run a list)
    process: str = ""
    #: when `jobs` last showed it (bash's J_NOTIFIED, for `jobs -n`); -1: never
    listed: float = -1.0

    def running(self, now: float) -> bool:
        return self.end > now

    @property
    def exit_status(self) -> int:
        """What `wait` and `fg` return: its status, or 128 + the signal that killed it."""
        return 128 + self.signal if self.signal else self.status

    def changed(self, now: float) -> bool:
        """Not shown by `jobs` since it started, or since it ended."""
        return self.listed < 0 or (not self.running(now) and self.listed < self.end)


class JobTable:
    """A shell's jobs, numbered as the shell numbers them, with its current (`%+`) and
    previous (`%-`) job.

    bash numbers a new job one past the highest in the table and makes the newest running
    job current (reset_current); dash and ash take the lowest free number and keep their
    jobs most recent first (`order`, their curjob list)."""

    def __init__(self, style: str) -> None:
        self.style = style
        self.jobs: list[Job] = []
        self.current = 0
        self.previous = 0
        self.order: list[int] = []

    # --- the table --------------------------------------------------------------------------
    def next_number(self) -> int:
        numbers = {job.number for job in self.jobs}
        if self.style == "bash":
            return max(numbers, default=0) + 1
        return min(n for n in range(1, len(numbers) + 2) if n not in numbers)

    def add(self, job: Job) -> None:
        self.jobs.append(job)
        self.jobs.sort(key=lambda j: j.number)
        if self.style == "bash":
            self._reset(job.started, job)
        else:
            self.order.insert(0, job.number)

    def remove(self, job: Job, now: float) -> None:
        self.jobs = [j for j in self.jobs if j is not job]
        if job.number in self.order:
            self.order.remove(job.number)
        if self.style == "bash" and job.number in (self.current, self.previous):
            self._reset(now)

    def get(self, number: int) -> Job | None:
        return next((job for job in self.jobs if job.number == number), None)

    def by_pid(self, pid: int) -> Job | None:
        return next((job for job in self.jobs if job.pid == pid), None)

    def copy(self) -> JobTable:
        """What a forked child that keeps the table holds (its `jobs` does not change the
        parent's)."""
        table = JobTable(self.style)
        table.jobs = [attrs.evolve(job) for job in self.jobs]
        table.current, table.previous, table.order = self.current, self.previous, [*self.order]
        return table

    def to_front(self, job: Job) -> None:
        """ash's and dash's `bg`: the job becomes the current one (set_curjob CUR_RUNNING)."""
        if job.number in self.order:
            self.order.remove(job.number)
        self.order.insert(0, job.number)

    def _reset(self, now: float, fresh: Job | None = None) -> None:
        """bash's reset_current with only running jobs (nothing is ever stopped here): the
        newest running job is current, the next newest previous (itself when alone)."""
        running = [j.number for j in self.jobs if j is fresh or j.running(now)]
        if not running:
            self.current = self.previous = 0
            return
        self.current = max(running)
        older = [n for n in running if n < self.current]
        self.previous = max(older) if older else self.current

    def mark(self, job: Job) -> str:
        if self.style == "bash":
            if job.number == self.current:
                return "+"
            return "-" if job.number == self.previous else " "
        if self.order and self.order[0] == job.number:
            return "+"
        return "-" if len(self.order) > 1 and self.order[1] == job.number else " "

    # --- job specs --------------------------------------------------------------------------
    def find(self, spec: str | None) -> Job:
        """The job `spec` names (None: the current job); raises NoSuchJob."""
        if self.style == "bash":
            return self._find_bash(spec)
        return self._find_ash(spec)

    def _find_bash(self, spec: str | None) -> Job:
        """get_job_spec: `N`, `%N`, `%`, `%%`, `%+`, `%-`, `%name` (a prefix), `%?text`."""
        if spec is None:
            return self._numbered(self.current, "current: no such job")
        word = spec[1:] if spec.startswith("%") else spec
        missing = f"{spec}: no such job"
        if word.isascii() and word.isdigit():
            return self._numbered(int(word), missing)
        if word in ("", "%", "+"):
            return self._numbered(self.current, missing)
        if word == "-":
            return self._numbered(self.previous, missing)
        if word.startswith("?"):
            found = [j for j in self.jobs if word[1:].lower() in j.command.lower()]
            word = word[1:]
        else:
            found = [j for j in self.jobs if j.command.startswith(word)]
        if len(found) > 1:
            raise NoSuchJob(f"{word}: ambiguous job spec", ambiguous=True)
        if not found:
            raise NoSuchJob(missing)
        return found[0]

    def _find_ash(self, spec: str | None) -> Job:
        """getjob: `%`, `%%`, `%+` (current), `%-` (previous), `%N`, `%name`, `%?text`."""
        missing = f"No such job: {spec}" if self.style == "dash" else f"{spec}: no such job"
        if spec is None or spec in ("%", "%%", "%+"):
            return self._numbered(self.order[0] if self.order else 0, "No current job")
        if not spec.startswith("%"):
            raise NoSuchJob(missing)
        if spec == "%-":
            return self._numbered(self.order[1] if len(self.order) > 1 else 0, "No previous job")
        word = spec[1:]
        if word.isascii() and word.isdigit():
            return self._numbered(int(word), missing)
        ordered = [job for n in self.order if (job := self.get(n)) is not None]
        if word.startswith("?"):
            found = [j for j in ordered if word[1:] in j.command]
        else:
            found = [j for j in ordered if j.command.startswith(word)]
        if len(found) > 1:
            raise NoSuchJob(f"{spec}: ambiguous", ambiguous=True)
        if not found:
            raise NoSuchJob(missing)
        return found[0]

    def _numbered(self, number: int, missing: str) -> Job:
        job = self.get(number)
        if job is None:
            raise NoSuchJob(missing)
        return job

    # --- what the shells print --------------------------------------------------------------
    def state(self, job: Job, now: float) -> str:
        """printable_job_status (bash) and sprint_status (dash, ash)."""
        if job.running(now):
            return "Running"
        if job.signal:
            return SIGNAL_TEXT.get(job.signal, f"Signal {job.signal}")
        if job.status == 0:
            return "Done"
        return f"Exit {job.status}" if self.style == "bash" else f"Done({job.status})"

    def line(self, job: Job, now: float, cwd: str, home: str, pids: bool = False) -> str:
        """One line of `jobs` (`jobs -l` with `pids`), as bash's print_pipeline or ash's and
        dash's showjob write it."""
        mark = self.mark(job)
        state = self.state(job, now)
        if self.style == "bash":
            pid = f"{job.pid:5d}" if pids else ""
            tail = " &" if job.running(now) else ""
            if job.wd != cwd:
                tail += f"  (wd: {polite(job.wd, home)})"
            return f"[{job.number}]{mark} {pid} {state:<24}{job.command}{tail}"
        head = f"[{job.number}]" + (f"{mark}  " if self.style == "ash" else f" {mark} ")
        head += (f"{job.pid} " if pids else "") + state
        return head + " " * max(33 - len(head), 1) + job.command

    def listing(self, now: float, cwd: str, home: str, mode: str = "", only: str = "") -> str:
        """`jobs` (mode "l" for -l, "p" for -p, "n" for -n; only "r" running, "s" stopped):
        the jobs that had ended are shown once, then forgotten."""
        shown = [] if only == "s" else self.jobs  # nothing is ever stopped
        if only == "r":
            shown = [job for job in shown if job.running(now)]
        if mode == "n":
            shown = [job for job in shown if job.changed(now)]
        if mode == "p":
            return "".join(f"{job.pid}\n" for job in self._in_shown_order(shown))
        return self._show(shown, now, cwd, home, mode == "l")

    def notices(self, now: float, cwd: str, home: str) -> str:
        """What an interactive shell prints (on stderr) before its next prompt: each job that
        has ended since it was last shown, after which it is forgotten. bash adds where the
        shell is now when it moved since the job started (`(wd now: ...)`)."""
        ended = [job for job in self.jobs if not job.running(now)]
        if self.style != "bash":
            return self._show(ended, now, cwd, home, False)
        lines = []
        for job in ended:
            lines.append(self.line(job, now, cwd, home) + "\n")
            if job.wd != cwd:
                lines.append(f"(wd now: {polite(cwd, home)})\n")
        for job in ended:
            self.remove(job, now)
        return "".join(lines)

    def _show(self, jobs: list[Job], now: float, cwd: str, home: str, pids: bool) -> str:
        """bash lists by number and forgets the ended jobs afterwards; ash and dash list the
        most recent first and free each ended job as soon as it is shown (so the marks of
        the ones after it move up)."""
        lines = []
        ended = []
        for job in self._in_shown_order(jobs):
            lines.append(self.line(job, now, cwd, home, pids) + "\n")
            job.listed = now
            if not job.running(now):
                if self.style == "bash":
                    ended.append(job)
                else:
                    self.remove(job, now)
        for job in ended:
            self.remove(job, now)
        return "".join(lines)

    def _in_shown_order(self, jobs: list[Job]) -> list[Job]:
        if self.style == "bash":
            return jobs
        rank = {number: i for i, number in enumerate(self.order)}
        return sorted(jobs, key=lambda job: rank.get(job.number, len(rank)))

    # --- processes --------------------------------------------------------------------------
    def processes(self, now: float, ppid: int, user: str, tty: str) -> list[ProcInfo]:
        """The jobs still running, as `ps` lists them (children of the shell)."""
        return [
            ProcInfo(job.pid, ppid, user, job.process, job.started, tty=tty, foreground=False)
            for job in self.jobs
            if job.running(now)
        ]

    def signal(self, pid: int, number: int, now: float) -> bool:
        """Deliver signal `number` to a job's process: False when no running job has that
        pid. A signal that a program does not ignore ends the job now."""
        job = self.by_pid(pid)
        if job is None or not job.running(now):
            return False
        if number not in HARMLESS:
            job.end, job.signal, job.blocked = now, number, ""
        return True

    # --- saving -----------------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        return {
            "current": self.current,
            "previous": self.previous,
            "order": list(self.order),
            "table": [
                {
                    "pid": job.pid,
                    "number": job.number,
                    "started": job.started,
                    "end": None if math.isinf(job.end) else job.end,
                    "command": job.command,
                    "wd": job.wd,
                    "status": job.status,
                    "signal": job.signal,
                    "blocked": job.blocked,
                    "handles": sorted(job.handles),
                    "process": job.process,
                    "listed": job.listed,
                }
                for job in self.jobs
            ],
        }

    @classmethod
    def restore(cls, style: str, state: object) -> JobTable:
        """The table a snapshot describes; raises ValueError naming what is wrong."""
        if not isinstance(state, dict):
            raise ValueError("expected an object")
        table = cls(style)
        table.current = _field(state, "current", int)
        table.previous = _field(state, "previous", int)
        table.order = [int(n) for n in _field(state, "order", list)]
        for item in _field(state, "table", list):
            if not isinstance(item, dict):
                raise ValueError("table: expected objects")
            end = item.get("end")
            table.jobs.append(
                Job(
                    _field(item, "pid", int),
                    _field(item, "number", int),
                    float(_field(item, "started", (int, float))),
                    math.inf if end is None else float(_field(item, "end", (int, float))),
                    _field(item, "command", str),
                    _field(item, "wd", str),
                    _field(item, "status", int),
                    _field(item, "signal", int),
                    _field(item, "blocked", str),
                    frozenset(str(s) for s in _field(item, "handles", list)),
                    _field(item, "process", str),
                    float(_field(item, "listed", (int, float))),
                )
            )
        return table


@attrs.frozen
class JobView:
    """The background jobs a program can see: those of the shell that runs it and of the
    shells that one comes from (a subshell's parent, the shell that started a script).
    `ps` lists them as children of the shell, `kill PID` ends them."""

    tables: tuple[JobTable, ...]
    shell_pid: int
    shell_command: str
    user: str
    tty: str

    def processes(self, now: float) -> list[ProcInfo]:
        """Each running job once (a substitution holds a copy of its shell's table)."""
        found: dict[int, ProcInfo] = {}
        for table in self.tables:
            for info in table.processes(now, self.shell_pid, self.user, self.tty):
                found.setdefault(info.pid, info)
        return list(found.values())

    def shell(self, started: float) -> ProcInfo:
        """The shell itself, for a `ps` that has no other list of processes."""
        return ProcInfo(self.shell_pid, 0, self.user, self.shell_command, started, tty=self.tty)

    def signal(self, pid: int, number: int, now: float) -> bool:
        """Signal the job with that pid in every table that holds it (copies included)."""
        return bool(sum(table.signal(pid, number, now) for table in self.tables))


def sees_jobs(sh: Shell, node: Node, substitution: bool = False) -> bool:
    """Whether a forked child keeps its shell's job table: bash keeps it in a command
    substitution, and every shell when the child runs just `jobs` (`kill $(jobs -p)`,
    `jobs | cat`: bash's jobs_hack, dash's and ash's forkchild)."""
    if substitution and sh.dialect.name == "bash":
        return True
    simple = single_command(node)
    return simple is not None and bool(simple.words) and simple.words[0].raw == "jobs"


def single_command(node: Node) -> Simple | None:
    """The simple command `node` is, under a list, and-or list or pipeline of one."""
    while True:
        if isinstance(node, Simple):
            return node
        if isinstance(node, Seq) and len(node.items) == 1 and not node.items[0][1]:
            node = node.items[0][0]
        elif isinstance(node, AndOr) and not node.rest:
            node = node.first
        elif isinstance(node, Pipeline) and len(node.cmds) == 1 and not node.negate:
            node = node.cmds[0]
        else:
            return None


def polite(directory: str, home: str) -> str:
    """bash's polite_directory_format: $HOME at the start shown as `~`."""
    if len(home) > 1 and (directory == home or directory.startswith(home + "/")):
        return "~" + directory[len(home) :]
    return directory


def _field(state: dict[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    value = state.get(key)
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{key}: expected {getattr(kind, '__name__', 'number')}")
    return value
