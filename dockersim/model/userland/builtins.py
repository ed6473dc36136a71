"""The shells' builtin commands."""

from __future__ import annotations

import contextlib
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING

from dockersim.model.cowfs import FsError
from dockersim.model.userland import resolve
from dockersim.model.userland.fds import IO, FuncReturn, LoopControl
from dockersim.model.userland.io import FileSink, Null, Reader
from dockersim.model.userland.printf import format_printf
from dockersim.model.userland.testcmd import Test, TestError
from dockersim.model.userland.textfmt import echo
from dockersim.model.userland.types import ShellExit

if TYPE_CHECKING:
    from dockersim.model.userland.interp import Shell

Builtin = Callable[["Shell", list[str], IO], int]
BUILTINS: dict[str, Builtin] = {}
SPECIAL = frozenset(
    {":", ".", "break", "continue", "eval", "exec", "exit", "export", "readonly", "return"}
    | {"set", "shift", "trap", "unset"}
)
#: Builtins a shell lacks (dash is small; busybox ash has most bash conveniences).
MISSING = {
    "dash": frozenset({"source", "declare", "typeset", "let", "[[", "shopt", "disown", "history"}),
    "ash": frozenset({"declare", "typeset", "shopt", "disown"}),
    "bash": frozenset(),
}
SIGNALS = {
    "HUP": 1,
    "INT": 2,
    "QUIT": 3,
    "KILL": 9,
    "USR1": 10,
    "USR2": 12,
    "PIPE": 13,
    "ALRM": 14,
    "TERM": 15,
    "CHLD": 17,
    "CONT": 18,
    "STOP": 19,
    "WINCH": 28,
}


def available(dialect: str, name: str) -> bool:
    return name not in MISSING.get(dialect, frozenset())


def builtin(*names: str) -> Callable[[Builtin], Builtin]:
    def decorate(fn: Builtin) -> Builtin:
        for name in names:
            BUILTINS[name] = fn
        return fn

    return decorate


def err(sh: Shell, io: IO, name: str, message: str) -> None:
    sh.error(f"{name}: {message}", io)


@builtin(":", "true")
def b_true(sh: Shell, argv: list[str], io: IO) -> int:
    return 0


@builtin("false")
def b_false(sh: Shell, argv: list[str], io: IO) -> int:
    return 1


@builtin("echo")
def b_echo(sh: Shell, argv: list[str], io: IO) -> int:
    style = {"dash": "dash", "bash": "bash", "ash": "busybox"}[sh.dialect.name]
    io.out.write(echo(argv[1:], style))
    return 0


@builtin("printf")
def b_printf(sh: Shell, argv: list[str], io: IO) -> int:
    """bash's, dash's and busybox ash's printf (formatting in `userland/printf.py`)."""
    dialect = sh.dialect.name
    args = argv[1:]
    target = ""
    usage = (
        "usage: printf [-v var] format [arguments]"
        if dialect == "bash"
        else "usage: printf format [arg ...]"
    )
    if dialect != "ash":
        while args and args[0].startswith("-") and args[0] != "-":
            option = args.pop(0)
            if option == "--":
                break
            if dialect == "dash":
                err(sh, io, "printf", f"Illegal option {option[:2]}")
                return 2
            if option.startswith("-v"):
                target = option[2:] or (args.pop(0) if args else "")
                if not target and option == "-v" and not args:
                    err(sh, io, "printf", "-v: option requires an argument")
                    io.err.write(f"printf: {usage}\n")
                    return 2
                continue
            err(sh, io, "printf", f"{option[:2]}: invalid option")
            io.err.write(f"printf: {usage}\n")
            return 2
    if not args:
        if dialect == "bash":
            io.err.write(f"printf: {usage}\n")
        else:
            err(sh, io, "printf", usage)
        return 2 if dialect != "ash" else 1
    if target and not resolve_name(target):
        err(sh, io, "printf", f"`{target}': not a valid identifier")
        return 2
    style = {"bash": "bash", "dash": "dash"}.get(dialect, "busybox")
    printed = format_printf(args[0], args[1:], style, sh.rec.epoch())
    for message in printed.messages:  # stderr first: the shells buffer printf's stdout
        if style == "busybox":
            io.err.write(f"sh: {message}\n")
        else:
            err(sh, io, "printf", message)
    if target:
        sh.set_var(target, printed.text)
    else:
        io.out.write(printed.text)
    return printed.status


@builtin("test", "[", "[[")
def b_test(sh: Shell, argv: list[str], io: IO) -> int:
    args = argv[1:]
    name = argv[0]
    if name == "[[":
        if args and args[-1] == "]]":
            args = args[:-1]
        name = "test"
    flavour = sh.dialect.name
    t = Test(sh.proc.fs, sh.cwd, sh.proc.uid, flavour, lambda p: sh.proc.mtimes.get(p, 0.0))
    try:
        return t.run(name, args)
    except TestError as exc:
        if flavour == "ash":
            io.err.write(f"{sh.dialect.arg0}: {exc}\n")
        else:
            err(sh, io, name, str(exc))
        return 2


@builtin("pwd")
def b_pwd(sh: Shell, argv: list[str], io: IO) -> int:
    if "-P" in argv[1:]:
        io.out.write(sh.proc.fs.resolve(sh.cwd) + "\n")
    else:
        io.out.write(sh.cwd + "\n")
    return 0


@builtin("cd")
def b_cd(sh: Shell, argv: list[str], io: IO) -> int:
    args = [a for a in argv[1:] if a not in ("-L", "-P")]
    show = False
    if not args:
        target = sh.vars.get("HOME", "")
        if not target:
            if sh.dialect.name == "bash":
                err(sh, io, "cd", "HOME not set")
                return 1
            return 0
    elif args[0] == "-":
        target = sh.vars.get("OLDPWD", "")
        if not target:
            err(sh, io, "cd", "OLDPWD not set")
            return 1
        show = True
    else:
        target = args[0]
    new = posixpath.normpath(posixpath.join(sh.cwd, target))
    if new.startswith("//"):
        new = "/" + new.lstrip("/")
    try:
        entry = sh.proc.fs.stat(new)
        if entry.kind != "dir":
            raise FsError("ENOTDIR", target)
    except FsError as exc:
        err_msg = sh.dialect.cd_error(target, str(exc))
        sh.error(err_msg, io)
        return sh.dialect.cd_status
    sh.set_var("OLDPWD", sh.cwd)
    sh.cwd = new
    sh.set_var("PWD", new)
    if show:
        io.out.write(new + "\n")
    return 0


@builtin("export", "readonly")
def b_export(sh: Shell, argv: list[str], io: IO) -> int:
    args = [a for a in argv[1:] if a != "-p"]
    if not args:
        for name in sorted(sh.exported if argv[0] == "export" else sh.vars):
            if name not in sh.vars:
                continue
            value = sh.vars[name]
            if sh.dialect.name == "bash":
                escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
                io.out.write(f'declare -x {name}="{escaped}"\n')
            else:
                quoted = "'" + value.replace("'", "'\"'\"'") + "'"
                io.out.write(f"{argv[0]} {name}={quoted}\n")
        return 0
    status = 0
    for arg in args:
        name, eq, value = arg.partition("=")
        if not resolve_name(name):
            if sh.dialect.name == "bash":
                err(sh, io, argv[0], f"`{arg}': not a valid identifier")
                status = 1
                continue
            err(sh, io, argv[0], f"{name}: bad variable name")
            raise ShellExit(2)
        if eq:
            sh.set_var(name, value)
        if argv[0] == "export":
            sh.exported.add(name)
    return status


def resolve_name(name: str) -> bool:
    return (
        bool(name)
        and (name[0].isalpha() or name[0] == "_")
        and all(c.isalnum() or c == "_" for c in name)
    )


@builtin("unset")
def b_unset(sh: Shell, argv: list[str], io: IO) -> int:
    funcs = "-f" in argv[1:]
    for name in argv[1:]:
        if name in ("-f", "-v"):
            continue
        if funcs:
            sh.drop_function(name)
        else:
            sh.unset_var(name)
    return 0


@builtin("exit")
def b_exit(sh: Shell, argv: list[str], io: IO) -> int:
    if sh.dialect.interactive and sh.dialect.name == "bash":
        io.err.write("exit\n")
    code = sh.status
    if len(argv) > 1:
        arg = argv[1]
        if not is_number(arg.lstrip("-")):
            if sh.dialect.name == "bash":
                err(sh, io, "exit", f"{arg}: numeric argument required")
            elif sh.dialect.name == "dash":
                err(sh, io, "exit", f"Illegal number: {arg}")
            else:
                err(sh, io, "exit", f"Illegal number: {arg}")
            code = 2
        else:
            code = int(arg) & 0xFF
    sh.run_exit_trap()
    raise ShellExit(code)


@builtin("return")
def b_return(sh: Shell, argv: list[str], io: IO) -> int:
    code = int(argv[1]) & 0xFF if len(argv) > 1 and is_number(argv[1].lstrip("-")) else sh.status
    if not sh.locals and not sh.sourcing:
        if sh.dialect.name == "bash":
            err(sh, io, "return", "can only `return' from a function or sourced script")
            return 1
        raise ShellExit(code)  # dash and ash: a top-level return ends the script
    raise FuncReturn(code)


def is_number(text: str) -> bool:
    """ASCII digits only: `int()` also takes `²` and other Unicode digits, the shells do not."""
    return text.isascii() and text.isdigit()


@builtin("break", "continue")
def b_break(sh: Shell, argv: list[str], io: IO) -> int:
    n = int(argv[1]) if len(argv) > 1 and is_number(argv[1]) else 1
    raise LoopControl(argv[0], max(n, 1))


@builtin("eval")
def b_eval(sh: Shell, argv: list[str], io: IO) -> int:
    saved = sh.io
    sh.io = io
    try:
        with sh.nested():
            return sh.run_text(" ".join(argv[1:]), sh.lineno)
    finally:
        sh.io = saved


@builtin(".", "source")
def b_source(sh: Shell, argv: list[str], io: IO) -> int:
    if len(argv) < 2:
        return 0
    name = argv[1]
    path = name
    if "/" not in name:
        for d in [*sh.get("PATH").split(":"), "."]:
            cand = posixpath.join(d or ".", name)
            if sh.proc.fs.exists(cand, sh.cwd):
                path = cand
                break
    try:
        text = sh.proc.fs.read(path, sh.cwd).decode(errors="replace")
    except FsError as exc:
        if sh.dialect.name == "dash":
            err(sh, io, argv[0], f"cannot open {name}: No such file")
            raise ShellExit(2) from None
        if sh.dialect.name == "bash":
            err(sh, io, name, str(exc))
            return 1
        io.err.write(f"{sh.dialect.arg0}: {argv[0]}: can't open '{name}': {exc}\n")
        raise ShellExit(2) from None
    saved = sh.io
    sh.io = io
    own = sh.arguments(argv[2:]) if len(argv) > 2 else contextlib.nullcontext()
    sh.sourcing += 1
    try:
        with own, sh.nested():  # without arguments, `set --` changes the caller's
            return sh.run_text(text)
    except FuncReturn as ret:  # `return` in a sourced file ends it
        return ret.code
    finally:
        sh.sourcing -= 1
        sh.io = saved


@builtin("exec")
def b_exec(sh: Shell, argv: list[str], io: IO) -> int:
    if len(argv) == 1:
        for stream in io.fds.values():  # kept open from now on: written through
            if isinstance(stream, FileSink):
                stream.buffered = False
                stream.flush()
        sh.io.fds.update(io.fds)
        return 0
    status = sh.run_command(argv[1:], sh.environ(), io, replace=True)  # (its PID, not a child)
    raise ShellExit(status)


@builtin("command")
def b_command(sh: Shell, argv: list[str], io: IO) -> int:
    args = argv[1:]
    if args and args[0] in ("-v", "-V"):
        status = 0
        for name in args[1:]:
            where = describe(sh, name)
            if where is None:
                status = 1
                if args[0] == "-V":
                    err(sh, io, "command", f"{name}: not found")
            elif args[0] == "-v":
                io.out.write((where[1] if where[0] == "file" else name) + "\n")
            else:
                io.out.write(_type_line(name, where) + "\n")
        return status
    if not args:
        return 0
    if args[0] in BUILTINS and available(sh.dialect.name, args[0]):
        return BUILTINS[args[0]](sh, args, io)
    return sh.run_command(args, sh.environ(), io)


def describe(sh: Shell, name: str) -> tuple[str, str] | None:
    if name in sh.funcs:
        return ("function", name)
    if name in BUILTINS and available(sh.dialect.name, name):
        return ("special" if name in SPECIAL else "builtin", name)
    try:
        found = resolve.find(sh.proc.fs, name, sh.environ(), sh.cwd)
    except (resolve.NotFound, resolve.IsDirectory, resolve.NoPermission):
        return None
    return ("file", found.path)


def _type_line(name: str, where: tuple[str, str]) -> str:
    kind, value = where
    if kind == "function":
        return f"{name} is a function"
    if kind == "special":
        return f"{name} is a special shell builtin"
    if kind == "builtin":
        return f"{name} is a shell builtin"
    return f"{name} is {value}"


@builtin("type")
def b_type(sh: Shell, argv: list[str], io: IO) -> int:
    status = 0
    for name in argv[1:]:
        where = describe(sh, name)
        if where is None:
            status = 1
            if sh.dialect.name == "bash":
                err(sh, io, "type", f"{name}: not found")
            else:
                io.out.write(f"{name}: not found\n")
                status = 127
            continue
        io.out.write(_type_line(name, where) + "\n")
    return status


@builtin("umask")
def b_umask(sh: Shell, argv: list[str], io: IO) -> int:
    if len(argv) == 1:
        io.out.write("0022\n")
    return 0


@builtin("hash", "alias", "unalias", "ulimit", "shopt")
def b_noop(sh: Shell, argv: list[str], io: IO) -> int:
    return 0


@builtin("trap")
def b_trap(sh: Shell, argv: list[str], io: IO) -> int:
    args = argv[1:]
    if not args:
        for sig, action in sh.traps.items():
            quoted = "'" + action.replace("'", "'\\''") + "'"
            io.out.write(f"trap -- {quoted} {sig}\n")
        return 0
    action = args[0]
    for spec in args[1:]:
        name = signal_name(spec)
        if name is None:
            err(sh, io, "trap", f"{spec}: bad trap")
            return 1
        sh.set_trap(name, None if action == "-" else action)
    return 0


def signal_name(spec: str) -> str | None:
    s = spec.upper()
    if s in ("0", "EXIT"):
        return "EXIT"
    if s.startswith("SIG"):
        s = s[3:]
    if is_number(s):
        for name, num in SIGNALS.items():
            if num == int(s):
                return name
        return None
    return s if s in SIGNALS else None


@builtin("let")
def b_let(sh: Shell, argv: list[str], io: IO) -> int:
    from dockersim.model.userland.arith import ArithError, evaluate

    value = 0
    for expr in argv[1:]:
        try:
            value = evaluate(expr, lambda n: sh.get(n, ""), sh.set_var)
        except ArithError as exc:
            err(sh, io, "let", str(exc))
            return 1
    return 0 if value else 1


def null_io() -> IO:
    return IO({0: Reader(""), 1: Null(), 2: Null()})
