"""Grading a whole class in parallel over the CPU cores, surviving workers that die.

Each worker process loads the quiz once and keeps its starting worlds (`sandbox.Worlds`), so
a question's setup is played once per worker, not once per student. The parent loads the
catalog and the quiz before the workers start (with `fork` they inherit both). The grades
come back in the order of the students, so the output is the same whatever the number of
workers.

The parent hands each worker its students itself, at most `IN_FLIGHT` at a time over the
worker's own pipe, so it always knows which student a worker is grading: the oldest one it
was sent and has not answered. When a worker dies (the kernel's OOM killer, a `kill -9`) that
student gets a result that is not gradable and says why, the students queued behind it go to
the other workers, and a new worker takes its place; the class always finishes. A worker that
overruns its student's time limit by far (`HARD_GRACE`: one step of the simulation that never
reaches a deadline check) is killed the same way.

Each worker caps its own memory (`Limits.memory`, `limits.cap_memory`): past the cap the
question being graded scores 0 with the memory-limit message and the worker goes on. Workers
ignore SIGINT (a Ctrl-C in the terminal reaches the whole process group); the parent stops
them when it is interrupted or sent SIGTERM, and a worker whose parent vanished sees its pipe
close and exits.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import FrameType

from dockersim.grade.grader import Grade, Grader
from dockersim.grade.limits import Limits, cap_memory
from dockersim.grade.quizfile import Quiz, load_quiz
from dockersim.grade.submission import Submission, read_submission

Entry = tuple[str, list[Path]]

#: Students sent to a worker ahead of its answers (so it never waits for the parent).
IN_FLIGHT = 2
#: A worker still on one student this long past `Limits.seconds` (at least `HARD_GRACE`
#: seconds, or the time limit again if longer) is killed.
HARD_GRACE = 10.0
#: How long a stopping worker gets to exit after its pipe is closed.
JOIN_SECONDS = 5.0

#: The parent's ends of the workers' pipes; a forked worker closes its copies, so that each
#: worker sees its own pipe close when the parent goes away.
_PARENT_ENDS: list[Connection] = []


def grade_entry(grader: Grader, entry: Entry) -> Grade:
    """One student's grade; the files inside a class directory are never followed if links."""
    student, paths = entry
    submission = read_submission(paths, student, grader.limits, grader.ids, follow=False)
    return grader.grade(submission)


def not_graded(grader: Grader, entry: Entry, message: str) -> Grade:
    """A result that is not gradable: every item scores 0 with `message`."""
    student, paths = entry
    source = ", ".join(p.name for p in paths)
    return grader.grade(Submission(student, source, error=message))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def grade_class(
    quiz: Quiz, entries: Sequence[Entry], *, jobs: int = 0, limits: Limits | None = None
) -> list[Grade]:
    """Every student's grade, in the order of `entries`; `jobs` 0 = one per CPU core.

    With one job the students are graded in this process (whose memory the caller caps, as
    `dockersim grade` does); with more, in worker processes that cap their own."""
    limits = limits or Limits()
    grader = Grader(quiz, limits)
    jobs = jobs or default_jobs()
    jobs = min(jobs, len(entries))
    if jobs <= 1:
        return [grade_entry(grader, entry) for entry in entries]
    _warm(grader)
    return _Class(grader, entries, jobs).run()


# --- the workers ------------------------------------------------------------------------------


def _work(conn: Connection, quiz_path: str, limits: Limits, inherited: Grader | None) -> None:
    """A worker: grade each `(index, entry)` received, answer `(index, grade or error)`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler, which kills workers
    for end in _PARENT_ENDS:
        end.close()
    _PARENT_ENDS.clear()
    cap_memory(limits.memory)
    grader = inherited if inherited is not None else Grader(load_quiz(quiz_path), limits)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):  # the parent closed the pipe, or is gone
            return
        index, entry = message
        answer: Grade | str
        try:
            answer = grade_entry(grader, entry)
        except Exception as exc:  # a dockersim bug (or memory): this student, not the class
            answer = f"dockersim internal error: {type(exc).__name__}: {exc}"
        try:
            conn.send((index, answer))
        except (OSError, ValueError):
            return


class _Worker:
    """One worker process, its pipe and the indices of the students it was sent."""

    def __init__(self, process: BaseProcess, conn: Connection) -> None:
        self.process = process
        self.conn = conn
        self.sent: deque[int] = deque()
        #: when it began the oldest student it was sent (monotonic seconds)
        self.since = time.monotonic()
        self.overdue = False
        self.gone = False


class _Class:
    """The parent's side: hands students out, collects grades, replaces dead workers."""

    def __init__(self, grader: Grader, entries: Sequence[Entry], jobs: int) -> None:
        self.grader = grader
        self.entries = entries
        self.jobs = jobs
        self.grades: list[Grade | None] = [None] * len(entries)
        self.todo: deque[int] = deque(range(len(entries)))
        self.workers: list[_Worker] = []
        self.fork = "fork" in multiprocessing.get_all_start_methods()
        self.context = (
            multiprocessing.get_context("fork")
            if self.fork
            else multiprocessing.get_context("spawn")
        )
        seconds = grader.limits.seconds
        self.hard = seconds + max(HARD_GRACE, seconds) if seconds > 0 else 0.0

    def run(self) -> list[Grade]:
        with _on_sigterm(self._kill_all):
            try:
                while self.todo or any(w.sent for w in self.workers):
                    self._staff()
                    self._feed()
                    self._collect()
            finally:
                self._stop_all()
        assert all(g is not None for g in self.grades)
        return [g for g in self.grades if g is not None]

    def _staff(self) -> None:
        """As many workers as there are jobs, while students are waiting."""
        self.workers = [w for w in self.workers if not w.gone]
        while self.todo and len(self.workers) < self.jobs:
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        inherited = self.grader if self.fork else None
        args = (theirs, self.grader.quiz.file, self.grader.limits, inherited)
        process = self.context.Process(target=_work, args=args, daemon=True)
        _PARENT_ENDS.append(ours)
        try:
            process.start()
        finally:
            theirs.close()
        return _Worker(process, ours)

    def _feed(self) -> None:
        for worker in self.workers:
            while self.todo and len(worker.sent) < IN_FLIGHT:
                index = self.todo.popleft()
                if not worker.sent:
                    worker.since = time.monotonic()
                worker.sent.append(index)
                try:
                    worker.conn.send((index, self.entries[index]))
                except (OSError, ValueError):  # it died idle: `_collect` sees its sentinel
                    worker.sent.pop()
                    self.todo.appendleft(index)
                    break

    def _collect(self) -> None:
        """Wait for answers, deaths or the next overdue worker, and deal with each."""
        waiting: list[Connection | int] = [w.conn for w in self.workers if w.sent]
        waiting += [w.process.sentinel for w in self.workers]
        ready = set(wait(waiting, self._wait()))
        now = time.monotonic()
        for worker in list(self.workers):
            alive = True
            if worker.conn in ready:
                alive = self._receive(worker)
            if worker.process.sentinel in ready or not alive:
                self._receive(worker)  # what it sent before it died
                self._bury(worker)
            elif self.hard and worker.sent and now - worker.since > self.hard:
                worker.overdue = True
                worker.process.kill()
                self._bury(worker)

    def _wait(self) -> float | None:
        """Seconds until the next worker would be overdue (None: no time limit)."""
        if not self.hard:
            return None
        now = time.monotonic()
        due = [w.since + self.hard - now for w in self.workers if w.sent]
        return max(0.0, min(due)) + 0.01 if due else None

    def _receive(self, worker: _Worker) -> bool:
        """Take every answer waiting in the worker's pipe; False once the pipe is broken."""
        try:
            while worker.conn.poll():
                index, answer = worker.conn.recv()
                self._record(index, answer)
                if worker.sent and worker.sent[0] == index:
                    worker.sent.popleft()
                worker.since = time.monotonic()
        except (EOFError, OSError, pickle.UnpicklingError):
            return False
        return True

    def _record(self, index: int, answer: Grade | str) -> None:
        if isinstance(answer, str):
            answer = not_graded(self.grader, self.entries[index], answer)
        self.grades[index] = answer

    def _bury(self, worker: _Worker) -> None:
        """A dead worker: its current student is lost, the ones queued behind it go back."""
        worker.gone = True
        worker.process.join(JOIN_SECONDS)
        if worker.process.is_alive():  # its pipe broke but it lingers
            worker.process.kill()
            worker.process.join()
        _close(worker)
        if worker.sent:
            lost = worker.sent.popleft()
            why = _death(worker, self.grader.limits.seconds, self.hard)
            self.grades[lost] = not_graded(self.grader, self.entries[lost], why)
        self.todo.extendleft(reversed(worker.sent))
        worker.sent.clear()
        self.workers = [w for w in self.workers if not w.gone]

    def _kill_all(self) -> None:
        for worker in self.workers:
            if worker.process.pid is not None:
                with suppress(OSError):
                    os.kill(worker.process.pid, signal.SIGKILL)

    def _stop_all(self) -> None:
        """Close every pipe (a worker then exits), kill what is left, reap everyone."""
        for worker in self.workers:
            if worker.sent:  # interrupted: do not wait for the student it is grading
                worker.process.kill()
            _close(worker)
        deadline = time.monotonic() + JOIN_SECONDS
        for worker in self.workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
        self.workers = []


def _close(worker: _Worker) -> None:
    worker.conn.close()
    if worker.conn in _PARENT_ENDS:
        _PARENT_ENDS.remove(worker.conn)


def _death(worker: _Worker, seconds: float, hard: float) -> str:
    """Why the student a dead worker was grading has no grade."""
    code = worker.process.exitcode
    if worker.overdue:
        return (
            f"the grading worker was stopped after {hard:g} seconds on this submission "
            f"(the time limit is {seconds:g} seconds)"
        )
    if code is not None and code < 0:
        try:
            name = f": {signal.Signals(-code).name}"
        except ValueError:
            name = ""
        how = f"killed by signal {-code}{name}"
    else:
        how = f"exit status {code}"
    return f"the grading worker died while grading this submission ({how})"


@contextmanager
def _on_sigterm(kill_workers: Callable[[], None]) -> Iterator[None]:
    """On SIGTERM, kill the workers, then die of the signal as if no handler were set.

    Only in the main thread and where SIGTERM has its default action (a caller's own handler
    is left alone; the `finally` that stops the workers runs when it raises)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        kill_workers()
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _warm(grader: Grader) -> None:
    """Build the first student's starting worlds before the workers fork, so they share them."""
    from dockersim.grade.key import QuizKeyError
    from dockersim.grade.sandbox import SetupError
    from dockersim.scenario.problems import ScenarioError

    try:
        variant = grader.quiz.variant("")
        for question in variant.questions:
            grader.worlds.start(variant, question.setup)
    except (ScenarioError, QuizKeyError, SetupError):
        pass
