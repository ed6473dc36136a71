"""What a simulated program gets (`Ctx`) and the helpers most programs share."""

from __future__ import annotations

import posixpath
from collections.abc import Callable

import attrs

from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.userland.caps import LINE_BYTES, MEMORY_HIT, Heap
from dockersim.model.userland.io import HeldReader, Reader, Recorder, Sink, text_of
from dockersim.model.userland.jobs import JobView
from dockersim.model.userland.types import Blocked, MemoryExhausted, Proc, ProcInfo

BUSYBOX_BANNER = "BusyBox v1.37.0 (2025-05-26 20:04:45 UTC) multi-call binary."


class UsageError(Exception):
    """Bad command line; the program has already printed the message."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


NOT_SIMULATED_STATUS = 1


def not_simulated_text(program: str, what: str | None = None) -> str:
    """The line a program prints for what dockersim does not model: the whole program
    (`what` None) or a part of it (an option, a subcommand)."""
    if what is None:
        return (
            f"dockersim: not simulated: {program} (the image has this program; "
            "dockersim does not model what it does)\n"
        )
    return f"dockersim: not simulated in {program}: {what}\n"


@attrs.define
class Ctx:
    proc: Proc
    argv: list[str]
    env: dict[str, str]
    cwd: str
    stdin: Reader
    out: Sink
    err: Sink
    rec: Recorder
    flavour: str = "gnu"  # "gnu" | "busybox"
    name: str = ""
    #: run another command (xargs, find -exec, env, nohup, timeout): argv, stdin -> status
    spawn: Callable[[list[str], Ctx], int] | None = None
    #: the process tree's memory (caps.Heap) and the nesting level of the shell that started
    #: this program (a shell it runs is one level deeper)
    heap: Heap | None = None
    depth: int = 0
    #: what the program holds of the heap (what it read); given back when it ends
    held: int = 0
    #: the background jobs of the shell that started it (`ps` lists them, `kill` ends them):
    #: given, or made by `job_view` when first asked (most programs never ask)
    _jobs: JobView | None = attrs.field(default=None, alias="jobs")
    job_view: Callable[[], JobView] | None = attrs.field(default=None, repr=False)
    #: its PID (0: the process context's own, `proc.pid`), the shells above it that still run
    #: (a shell that forked it rather than exec'd it: `ps` lists them), and the PID its shell
    #: gives the next process it forks (a shell this program is goes on from there)
    pid: int = 0
    parents: tuple[ProcInfo, ...] = ()
    next_pid: int = 0

    @property
    def jobs(self) -> JobView | None:
        jobs = self._jobs
        if jobs is None and self.job_view is not None:
            jobs = self._jobs = self.job_view()
        return jobs

    @property
    def fs(self) -> CowFS:
        return self.proc.fs

    @property
    def process_id(self) -> int:
        """Its PID (`pid`, else the process context's own)."""
        return self.pid or self.proc.pid

    @property
    def busybox(self) -> bool:
        return self.flavour == "busybox"

    @property
    def musl(self) -> bool:
        return self.busybox and self.fs.exists("/etc/alpine-release")

    def write(self, text: str) -> None:
        self.out.write(text)

    def error(self, message: str) -> None:
        self.err.write(f"{self.name}: {message}\n")

    def now(self) -> float:
        return self.rec.epoch()

    def path(self, name: str) -> str:
        """Absolute, normalised path of an operand (symlinks not resolved)."""
        return posixpath.normpath(posixpath.join(self.cwd, name)) if name else self.cwd

    def touch(self, path: str) -> None:
        try:
            real = self.fs.resolve(path, self.cwd)
        except FsError:
            return
        self.proc.mtimes[real] = self.now()

    def read_file(self, name: str) -> str:
        """A file's text (`-` is stdin); raises FsError.

        What is read is held until the program ends, with LINE_BYTES a line (many programs
        split it into lines): a program reading more than the process tree's memory holds
        says it ran out ("memory exhausted", status 1) instead of building millions of
        lines."""
        held = 0
        if name == "-":
            held = len(self.stdin.data) if isinstance(self.stdin, HeldReader) else 0
            text = self.stdin.read_all()
        else:
            text = text_of(self.fs.read(name, self.cwd))
        self.hold(max(len(text) - held, 0) + LINE_BYTES * text.count("\n"))
        return text

    def hold(self, size: int) -> None:
        if self.heap is None or size <= 0:
            return
        try:
            self.heap.need_input(size)
        except MemoryExhausted:
            self.error("out of memory" if self.busybox else "memory exhausted")
            if self.fs.quota is not None:
                self.fs.quota.hit(MEMORY_HIT)
            raise UsageError(1) from None
        self.heap.charge_input(size)
        self.held += size

    def block(self, handles: frozenset[str] = frozenset()) -> None:
        raise Blocked(self.name, handles)

    def not_simulated(self, what: str) -> UsageError:
        """Say on stderr that part of this program is not modelled and return the error to
        raise (status 1): `dockersim: not simulated in tar: option -j`. Never a silent
        success."""
        self.err.write(not_simulated_text(self.name, what))
        return UsageError(1)

    # --- command lines --------------------------------------------------------------------
    def bad_option(self, opt: str, long: bool = False, status: int = 1) -> UsageError:
        """Print the invalid-option text of this flavour and return the error to raise."""
        if self.busybox:
            if self.musl:
                self.err.write(f"{self.name}: unrecognized option: {opt}\n")
            elif long:
                self.err.write(f"{self.name}: unrecognized option '--{opt}'\n")
            else:
                self.err.write(f"{self.name}: invalid option -- '{opt}'\n")
            self.err.write(busybox_usage(self.name))
            return UsageError(1)
        if long:
            self.err.write(f"{self.name}: unrecognized option '--{opt}'\n")
        else:
            self.err.write(f"{self.name}: invalid option -- '{opt}'\n")
        self.err.write(f"Try '{self.name} --help' for more information.\n")
        return UsageError(status)

    def missing_arg(self, opt: str, status: int = 1) -> UsageError:
        if self.busybox:
            if self.musl:
                self.err.write(f"{self.name}: option requires an argument: {opt}\n")
            else:
                self.err.write(f"{self.name}: option requires an argument -- '{opt}'\n")
            self.err.write(busybox_usage(self.name))
            return UsageError(1)
        self.err.write(f"{self.name}: option requires an argument -- '{opt}'\n")
        self.err.write(f"Try '{self.name} --help' for more information.\n")
        return UsageError(status)

    def parse(
        self,
        args: list[str],
        flags: str,
        with_arg: str = "",
        longs: dict[str, str] | None = None,
        status: int = 1,
        numeric: str = "",
    ) -> tuple[dict[str, str], list[str]]:
        """getopt-style parsing (GNU permutes operands and options; busybox too).

        Returns ({flag: value or ""}, operands). `longs` maps long names to a short flag
        (a trailing "=" means it takes a value). `numeric` is a flag that `-5` means (`head`).
        """
        opts: dict[str, str] = {}
        operands: list[str] = []
        longs = longs or {}
        i = 0
        while i < len(args):
            arg = args[i]
            i += 1
            if arg == "--":
                operands.extend(args[i:])
                break
            if arg.startswith("--") and len(arg) > 2:
                name, eq, value = arg[2:].partition("=")
                key = _long_match(name, longs)
                if key is None:
                    raise self.bad_option(arg[2:] if self.musl else name, long=True, status=status)
                target = longs[key]
                if target.endswith("="):
                    if not eq:
                        if i >= len(args):
                            raise self.missing_arg(key, status)
                        value = args[i]
                        i += 1
                    opts[target[:-1]] = value
                else:
                    opts[target] = ""
                continue
            if arg.startswith("-") and len(arg) > 1:
                if numeric and arg[1:].isdigit():
                    opts[numeric] = arg[1:]
                    continue
                j = 1
                while j < len(arg):
                    c = arg[j]
                    j += 1
                    if c in with_arg:
                        value = arg[j:]
                        if not value:
                            if i >= len(args):
                                raise self.missing_arg(c, status)
                            value = args[i]
                            i += 1
                        opts[c] = value
                        break
                    if c not in flags:
                        raise self.bad_option(c, status=status)
                    opts[c] = ""
                continue
            operands.append(arg)
        return opts, operands


def write_failure(name: str, reason: str, busybox: bool) -> str:
    """What a program whose standard output cannot be written says before it exits 1
    (GNU's close_stdout and its special cases; busybox's bb_perror_msg)."""
    if not busybox and name == "yes":
        return f"yes: standard output: {reason}"
    if not busybox and name in ("head", "tail"):
        return f"{name}: error writing 'standard output': {reason}"
    return f"{name}: write error: {reason}"


def _long_match(name: str, longs: dict[str, str]) -> str | None:
    if name in longs:
        return name
    hits = [k for k in longs if k.startswith(name)]
    return hits[0] if len(hits) == 1 else None


BUSYBOX_USAGE = {
    "ps": (
        "Usage: ps [-o COL1,COL2=HEADER] [-T]\n\nShow list of processes\n\n"
        "\t-o COL1,COL2=HEADER\tSelect columns for display\n\t-T\t\t\tShow threads\n"
    ),
    "ls": (
        "Usage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...\n\n"
        "List directory contents\n\n"
        "\t-1\tOne column output\n"
        "\t-a\tInclude names starting with .\n"
        "\t-A\tLike -a, but exclude . and ..\n"
        "\t-x\tList by lines\n"
        "\t-d\tList directory names, not contents\n"
        "\t-L\tFollow symlinks\n"
        "\t-H\tFollow symlinks on command line\n"
        "\t-R\tRecurse\n"
        "\t-p\tAppend / to directory names\n"
        "\t-F\tAppend indicator (one of */=@|) to names\n"
        "\t-l\tLong format\n"
        "\t-i\tList inode numbers\n"
        "\t-n\tList numeric UIDs and GIDs instead of names\n"
        "\t-s\tList allocated blocks\n"
        "\t-lc\tList ctime\n"
        "\t-lu\tList atime\n"
        "\t--full-time\tList full date/time\n"
        "\t-h\tHuman readable sizes (1K 243M 2G)\n"
        "\t--group-directories-first\n"
        "\t-S\tSort by size\n"
        "\t-X\tSort by extension\n"
        "\t-v\tSort by version\n"
        "\t-t\tSort by mtime\n"
        "\t-tc\tSort by ctime\n"
        "\t-tu\tSort by atime\n"
        "\t-r\tReverse sort order\n"
        "\t-w N\tFormat N columns wide\n"
        "\t--color[={always,never,auto}]\n"
    ),
    "cat": "Usage: cat [-nbvteA] [FILE]...\n\nPrint FILEs to stdout\n",
    "head": (
        "Usage: head [OPTIONS] [FILE]...\n\nPrint first 10 lines of FILEs (or stdin) to stdout.\n"
    ),
    "tail": (
        "Usage: tail [OPTIONS] [FILE]...\n\nPrint last 10 lines of FILEs (or stdin) to stdout.\n"
    ),
    "grep": (
        "Usage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | "
        "-f FILE... } [FILE]...\n\nSearch for PATTERN in FILEs (or stdin)\n"
    ),
}


def busybox_usage(applet: str) -> str:
    usage = BUSYBOX_USAGE.get(applet, f"Usage: {applet} [OPTIONS]\n")
    return f"{BUSYBOX_BANNER}\n\n{usage}"


def fs_message(exc: FsError) -> str:
    return str(exc)
