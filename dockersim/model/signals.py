"""Signals: names and numbers, and what a blocked program does when one arrives.

PID 1 in a container ignores every signal whose default action would kill it unless the
program installed a handler (the kernel protects a namespace's init), so `docker stop` of a
`sleep` falls through to SIGKILL (137). Programs that handle signals exit as recorded here.
"""

from __future__ import annotations

from collections.abc import Mapping

NUMBERS = {
    "SIGHUP": 1,
    "SIGINT": 2,
    "SIGQUIT": 3,
    "SIGILL": 4,
    "SIGTRAP": 5,
    "SIGABRT": 6,
    "SIGBUS": 7,
    "SIGFPE": 8,
    "SIGKILL": 9,
    "SIGUSR1": 10,
    "SIGSEGV": 11,
    "SIGUSR2": 12,
    "SIGPIPE": 13,
    "SIGALRM": 14,
    "SIGTERM": 15,
    "SIGSTKFLT": 16,
    "SIGCHLD": 17,
    "SIGCONT": 18,
    "SIGSTOP": 19,
    "SIGTSTP": 20,
    "SIGTTIN": 21,
    "SIGTTOU": 22,
    "SIGURG": 23,
    "SIGXCPU": 24,
    "SIGXFSZ": 25,
    "SIGVTALRM": 26,
    "SIGPROF": 27,
    "SIGWINCH": 28,
    "SIGIO": 29,
    "SIGPWR": 30,
    "SIGSYS": 31,
}
NAMES = {number: name for name, number in NUMBERS.items()}

#: Signals whose default action is not to terminate: delivering them changes nothing.
HARMLESS = frozenset({"SIGCHLD", "SIGCONT", "SIGURG", "SIGWINCH", "SIGSTOP", "SIGTSTP"})

#: How the base userland's programs that handle signals exit: program -> signal -> exit code
#: (the engine's programs declare theirs: `dockersim.engine.programs.Program.exits`).
HANDLER_EXITS: dict[str, dict[str, int]] = {
    "top": {"SIGTERM": 143, "SIGINT": 130, "SIGHUP": 129, "SIGQUIT": 131},
    "node": {"SIGTERM": 143, "SIGINT": 130},
    "python3": {"SIGINT": 130},
    "bash": {"SIGHUP": 129},
}


def parse_signal(text: str) -> str | None:
    """`KILL`, `SIGKILL`, `9` -> `SIGKILL`; None if unknown (moby signal.ParseSignal)."""
    if text.isascii() and text.isdigit():
        return NAMES.get(int(text))
    name = text.upper()
    if not name.startswith("SIG"):
        name = "SIG" + name
    return name if name in NUMBERS else None


def exit_code_for(signal: str) -> int:
    """128 + the signal number: how Docker reports death by a signal."""
    return 128 + NUMBERS[signal]


def outcome(
    exits: Mapping[str, int], handles: tuple[str, ...] | frozenset[str], signal: str
) -> int | None:
    """The exit code after `signal` reaches PID 1, whose program exits on the signals it
    handles as `exits` says (-1: it lives on); None if it lives on."""
    if signal == "SIGKILL":
        return exit_code_for(signal)
    if signal in handles or signal in exits:
        code = exits.get(signal, exit_code_for(signal))
        return None if code < 0 else code
    return None
