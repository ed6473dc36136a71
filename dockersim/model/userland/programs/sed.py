"""sed: GNU sed 4.9 and busybox sed, running the commands `sedscript` parses.

Addresses and ranges (`2p`, `1,3d`, `/re/p`, `$`, `1~2`, `/a/,+1`, `0,/re/`, `!`), blocks,
labels and branches, the hold space, `n`/`N`/`D`/`P`, `a`/`i`/`c`, `y`, `q`/`Q` with an exit
code, `=`, `r`, `-n`, `-i[SUFFIX]`, `-s`, `-E`/`-r`, `-e`, `-f`. What sed has beyond that
(`w`, `e`, `l`, `z`, `F`, `-z`) says it is not simulated."""

from __future__ import annotations

import contextlib

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs import register
from dockersim.model.userland.programs.base import BUSYBOX_BANNER, Ctx, UsageError
from dockersim.model.userland.programs.sedscript import (
    UNSIMULATED,
    Address,
    Command,
    Parser,
    SedError,
    check_groups,
    expand_replacement,
    labels,
)

GNU_USAGE = "Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n"
BUSYBOX_USAGE = (
    "Usage: sed [-i[SFX]] [-nrE] [-f FILE]... [-e CMD]... [FILE]...\n"
    "or: sed [-i[SFX]] [-nrE] CMD [FILE]...\n\n"
    "\t-e CMD\tAdd CMD to sed commands to be executed\n"
    "\t-f FILE\tAdd FILE contents to sed commands to be executed\n"
    "\t-i[SFX]\tEdit files in-place (otherwise write to stdout)\n"
    "\t\tOptionally back files up, appending SFX\n"
    "\t-n\tSuppress automatic printing of pattern space\n"
    "\t-r,-E\tUse extended regex syntax\n\n"
    "If no -e or -f, the first non-option argument is the sed command string.\n"
    "Remaining arguments are input files (stdin if there are none).\n"
)
GNU_VERSION = (
    "sed (GNU sed) 4.9\n"
    "Packaged by Debian\n"
    "Copyright (C) 2022 Free Software Foundation, Inc.\n"
    "License GPLv3+: GNU GPL version 3 or later <https://gnu.org/licenses/gpl.html>.\n"
    "This is free software: you are free to change and redistribute it.\n"
    "There is NO WARRANTY, to the extent permitted by law.\n\n"
    "Written by Jay Fenlason, Tom Lord, Ken Pizzini,\n"
    "Paolo Bonzini, Jim Meyering, and Assaf Gordon.\n\n"
    "This sed program was built with SELinux support.\n"
    "SELinux is disabled on this system.\n\n"
    "GNU sed home page: <https://www.gnu.org/software/sed/>.\n"
    "General help using GNU software: <https://www.gnu.org/gethelp/>.\n"
    "E-mail bug reports to: <bug-sed@gnu.org>.\n"
)


class _Quit(Exception):
    def __init__(self, status: int, autoprint: bool) -> None:
        super().__init__(status)
        self.status = status
        self.autoprint = autoprint


class Stream:
    """The input lines of one run (all files, or one with -i/-s), with look-ahead for `$`."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.pos = 0
        self.number = 0

    def next(self) -> str | None:
        if self.pos >= len(self.lines):
            return None
        line = self.lines[self.pos]
        self.pos += 1
        self.number += 1
        return line

    @property
    def last(self) -> bool:
        return self.pos >= len(self.lines)


class Machine:
    def __init__(self, ctx: Ctx, commands: list[Command], quiet: bool) -> None:
        self.ctx = ctx
        self.commands = commands
        self.labels = labels(commands)
        self.quiet = quiet
        self.hold = ""
        self.out: list[str] = []
        #: the pattern space when a command stops the run (q, n or N at the end)
        self.space = ""
        #: what `D` leaves to restart the cycle with
        self.restart: str | None = None

    def matches(self, addr: Address, space: str, stream: Stream) -> bool:
        if addr.kind == "line":
            return stream.number == addr.number
        if addr.kind == "last":
            return stream.last
        if addr.kind == "step":
            if addr.step <= 0:
                return stream.number == addr.number
            return stream.number >= addr.number and (stream.number - addr.number) % addr.step == 0
        if addr.kind == "re" and addr.regex is not None:
            return addr.regex.search(space) is not None
        return False

    def selected(self, cmd: Command, space: str, stream: Stream) -> bool:
        hit = self._selected(cmd, space, stream)
        return hit != cmd.negate

    def _selected(self, cmd: Command, space: str, stream: Stream) -> bool:
        if cmd.addr1 is None:
            return True
        if cmd.addr2 is None:
            return self.matches(cmd.addr1, space, stream)
        n = stream.number
        end = cmd.addr2
        if cmd.active:
            if end.kind in ("line", "plus", "mult"):
                if n >= cmd.end_line:
                    cmd.active = False
                return True
            if self.matches(end, space, stream):
                cmd.active = False
            return True
        first = cmd.addr1.kind == "zero"
        if first and n != 1:
            return False
        if not first and not self.matches(cmd.addr1, space, stream):
            return False
        if first:
            cmd.active = True
            if end.regex is not None and end.regex.search(space):
                cmd.active = False
            return True
        if end.kind == "line":
            cmd.end_line = end.number
            cmd.active = end.number > n
        elif end.kind == "plus":
            cmd.end_line = n + end.number
            cmd.active = end.number > 0
        elif end.kind == "mult":
            target = (
                n if end.number <= 0 or n % end.number == 0 else n + end.number - n % end.number
            )
            cmd.end_line = target
            cmd.active = target > n
        elif end.kind == "last":
            cmd.active = not stream.last
        else:
            cmd.active = True
        return True

    def run(self, stream: Stream) -> int:
        """Run the script over a stream; returns the exit status of q/Q or 0."""
        append: list[str] = []
        space_or_none = stream.next()
        while space_or_none is not None:
            space = space_or_none
            try:
                space, keep = self.cycle(space, stream, append)
            except _Quit as stop:
                if stop.autoprint and not self.quiet:
                    self.out.append(self.space + "\n")
                self.out.extend(append)
                return stop.status
            if keep and not self.quiet:
                self.out.append(space + "\n")
            self.out.extend(append)
            append.clear()
            if self.restart is not None:
                space_or_none = self.restart
                self.restart = None
                continue
            space_or_none = stream.next()
        return 0

    def cycle(self, space: str, stream: Stream, append: list[str]) -> tuple[str, bool]:
        """One cycle; returns the pattern space and whether it is printed at the end."""
        pc = 0
        substituted = False
        commands = self.commands
        while pc < len(commands):
            cmd = commands[pc]
            pc += 1
            self.space = space
            if cmd.name in ":}#":
                continue
            if not self.selected(cmd, space, stream):
                if cmd.name == "{":
                    pc = cmd.jump
                continue
            name = cmd.name
            if name == "{":
                continue
            if name in UNSIMULATED:
                raise self.ctx.not_simulated(f"command {name}")
            if name == "s":
                space, did = self.substitute(cmd, space)
                substituted = substituted or did
                if did and "p" in cmd.flags:
                    self.out.append(space + "\n")
            elif name == "p":
                self.out.append(space + "\n")
            elif name == "P":
                self.out.append(space.split("\n", 1)[0] + "\n")
            elif name == "d":
                return space, False
            elif name == "D":
                if "\n" not in space:
                    return space, False
                self.restart = space.split("\n", 1)[1]
                return space, False
            elif name == "=":
                self.out.append(f"{stream.number}\n")
            elif name in "ai":
                (append if name == "a" else self.out).append(cmd.text + "\n")
            elif name == "c":
                if cmd.addr2 is None or cmd.active is False or cmd.negate:
                    self.out.append(cmd.text + "\n")
                return space, False
            elif name == "r":
                with contextlib.suppress(FsError):  # GNU sed skips a file it cannot read
                    append.append(self.ctx.fs.read(cmd.text, self.ctx.cwd).decode(errors="replace"))
            elif name == "y":
                space = space.translate(str.maketrans(cmd.source, cmd.target))
            elif name == "h":
                self.hold = space
            elif name == "H":
                self.hold += "\n" + space
            elif name == "g":
                space = self.hold
            elif name == "G":
                space += "\n" + self.hold
            elif name == "x":
                space, self.hold = self.hold, space
            elif name in "nN":
                following = stream.next() if not stream.last else None
                if following is None:
                    self.space = space
                    if name == "N" and self.ctx.busybox:
                        raise _Quit(0, False)
                    raise _Quit(0, True)
                if name == "n":
                    if not self.quiet:
                        self.out.append(space + "\n")
                    self.out.extend(append)
                    append.clear()
                    space = following
                else:
                    space += "\n" + following
            elif name in "qQ":
                self.space = space
                raise _Quit(int(cmd.text or 0), name == "q")
            elif name in "btT":
                jump = (
                    name == "b"
                    or (name == "t" and substituted)
                    or (name == "T" and not substituted)
                )
                if name in "tT":
                    substituted = False
                if jump:
                    pc = self.labels[cmd.text] if cmd.text else len(commands)
        return space, True

    def substitute(self, cmd: Command, space: str) -> tuple[str, bool]:
        regex = cmd.regex
        if regex is None:
            return space, False
        digits = "".join(c for c in cmd.flags if c.isdigit())
        nth = int(digits) if digits else 1
        every = "g" in cmd.flags
        count = 0
        did = False
        pieces: list[str] = []
        last = 0
        for match in regex.finditer(space):
            count += 1
            if count < nth:
                continue
            pieces.append(space[last : match.start()])
            pieces.append(expand_replacement(cmd.replacement, match))
            last = match.end()
            did = True
            if not every:
                break
        if not did:
            return space, False
        pieces.append(space[last:])
        return "".join(pieces), True


def _usage(ctx: Ctx) -> int:
    if ctx.busybox:
        ctx.err.write(f"{BUSYBOX_BANNER}\n\n{BUSYBOX_USAGE}")
    else:
        ctx.err.write(GNU_USAGE)
    return 1


def _newline_kept(text: str, result: str) -> str:
    """sed leaves the last line without a newline when the input's last line had none."""
    if text and not text.endswith("\n") and result.endswith("\n"):
        return result[:-1]
    return result


def _split(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


@register("sed")
def sed(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args[:1] == ["--version"]:
        ctx.write("This is not GNU sed version 4.0\n" if ctx.busybox else GNU_VERSION)
        return 0
    if args[:1] == ["--help"] and not ctx.busybox:
        raise ctx.not_simulated("option --help")
    in_place: str | None = None
    scripts: list[str] = []
    files_given: list[str] = []
    quiet = extended = separate = False
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            files_given.extend(args[i:])
            break
        if arg.startswith("-i") or arg.startswith("--in-place"):
            in_place = arg.partition("=")[2] if arg.startswith("--") else arg[2:]
            continue
        if arg in ("-n", "--quiet", "--silent"):
            quiet = True
        elif arg in ("-E", "-r", "--regexp-extended"):
            extended = True
        elif arg in ("-s", "--separate"):
            separate = True
        elif arg in ("-e", "-f") or arg.startswith(("-e", "-f", "--expression")):
            value = arg[2:] if len(arg) > 2 and not arg.startswith("--") else ""
            if arg.startswith("--"):
                value = arg.partition("=")[2]
            if not value:
                if i >= len(args):
                    raise ctx.missing_arg(arg[1])
                value = args[i]
                i += 1
            if arg.startswith("-f"):
                try:
                    value = ctx.read_file(value).rstrip("\n")
                except FsError as exc:
                    ctx.error(f"couldn't open file {value}: {exc}")
                    return 1
            scripts.append(value)
        elif arg.startswith("-") and len(arg) > 1 and not arg.startswith("--"):
            flags = arg[1:]
            if all(c in "nErs" for c in flags):
                quiet = quiet or "n" in flags
                extended = extended or "E" in flags or "r" in flags
                separate = separate or "s" in flags
            elif "z" in flags or "u" in flags:
                raise ctx.not_simulated(f"option -{flags}")
            else:
                bad = next(c for c in flags if c not in "nErs")
                raise ctx.bad_option(bad)
        elif arg.startswith("--"):
            raise ctx.not_simulated(f"option {arg}")
        else:
            files_given.append(arg)
    if not scripts:
        if not files_given:
            return _usage(ctx)
        scripts.append(files_given.pop(0))
    try:
        commands = Parser("\n".join(scripts), extended, ctx.busybox).parse()
        check_groups(commands, ctx.busybox)
        machine = Machine(ctx, commands, quiet)
    except SedError as exc:
        ctx.error(str(exc))
        return 1
    return _run_files(ctx, machine, files_given or ["-"], in_place, separate)


def _run_files(
    ctx: Ctx, machine: Machine, names: list[str], in_place: str | None, separate: bool
) -> int:
    status = 0
    texts: list[tuple[str, str]] = []
    for name in names:
        try:
            if in_place is not None and name != "-" and ctx.fs.stat(name, ctx.cwd).is_dir:
                ctx.error(f"couldn't edit {name}: not a regular file")
                status = 4
                continue
            texts.append((name, ctx.read_file(name)))
        except FsError as exc:
            if ctx.busybox:  # busybox sed.c: fopen_or_warn, then EXIT_FAILURE
                ctx.error(f"can't open '{name}': {exc}")
                status = 1
                continue
            if exc.errno == "EISDIR":
                ctx.error(f"read error on {name}: {exc}")
            else:
                ctx.error(f"can't read {name}: {exc}")
            status = 2
    try:
        if in_place is not None or separate:
            for name, text in texts:
                machine.out = []
                code = machine.run(Stream(_split(text)))
                result = _newline_kept(text, "".join(machine.out))
                if in_place is not None and name != "-":
                    if in_place:
                        ctx.fs.write(name + in_place, text.encode(), ctx.cwd)
                    ctx.fs.write(name, result.encode(), ctx.cwd)
                    ctx.touch(name)
                else:
                    ctx.write(result)
                if code:
                    return code
            return status
        lines = [line for _, text in texts for line in _split(text)]
        code = machine.run(Stream(lines))
        ctx.write(_newline_kept(texts[-1][1] if texts else "", "".join(machine.out)))
        return code or status
    except UsageError:
        ctx.write("".join(machine.out))
        raise
