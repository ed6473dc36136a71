"""The builtins that set variables and positional parameters: local, read, set, shift."""

from __future__ import annotations

from dockersim.model.userland.builtins import builtin, err, is_number
from dockersim.model.userland.fds import IO
from dockersim.model.userland.interp import Shell
from dockersim.model.userland.types import ShellExit


@builtin("local")
def b_local(sh: Shell, argv: list[str], io: IO) -> int:
    if not sh.locals:
        if sh.dialect.name == "bash":
            err(sh, io, "local", "can only be used in a function")
            return 1
        err(sh, io, "local", "not in a function")
        return 2
    frame = sh.locals[-1]
    for arg in argv[1:]:
        name, eq, value = arg.partition("=")
        if name not in frame:
            frame[name] = sh.vars.get(name)
        if eq:
            sh.set_var(name, value)
        elif sh.dialect.name == "bash":
            sh.drop_var(name)
    return 0


@builtin("read")
def b_read(sh: Shell, argv: list[str], io: IO) -> int:
    raw = False
    names: list[str] = []
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        if a == "-r":
            raw = True
        elif a in ("-p", "-t", "-n", "-d", "-u"):
            i += 1
        elif a.startswith("-") and len(a) > 1 and not names:
            raw = raw or "r" in a
        else:
            names.append(a)
        i += 1
    names = names or ["REPLY"]
    line = io.stdin.read_line()
    if line is None:
        for name in names:
            sh.set_var(name, "")
        return 1
    status = 0 if line.endswith("\n") else 1
    text = line[:-1] if line.endswith("\n") else line
    if not raw:
        text = text.replace("\\\n", "")
        out: list[str] = []
        j = 0
        while j < len(text):
            if text[j] == "\\" and j + 1 < len(text):
                out.append(text[j + 1])
                j += 2
            else:
                out.append(text[j])
                j += 1
        text = "".join(out)
    ifs = sh.vars.get("IFS", " \t\n")
    white = "".join(c for c in ifs if c in " \t\n")
    text = text.strip(white) if white else text
    for k, name in enumerate(names):
        if k == len(names) - 1:
            sh.set_var(name, text.rstrip(white) if white else text)
            break
        pos = 0
        while pos < len(text) and text[pos] not in ifs:
            pos += 1
        sh.set_var(name, text[:pos])
        text = text[pos + 1 :].lstrip(white) if pos < len(text) else ""
    return status


@builtin("set")
def b_set(sh: Shell, argv: list[str], io: IO) -> int:
    args = argv[1:]
    if not args:
        for name in sorted(sh.vars):
            value = sh.vars[name]
            io.out.write(
                f"{name}='{value}'\n" if sh.dialect.name != "bash" else f"{name}={value}\n"
            )
        return 0
    flags = {"e": "errexit", "x": "xtrace", "u": "nounset", "f": "noglob"}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            sh.set_positional(args[i + 1 :])
            return 0
        if a[:1] in ("-", "+") and len(a) > 1:
            for c in a[1:]:
                if c in flags:
                    setattr(sh, flags[c], a[0] == "-")
            i += 1
            if "o" in a[1:] and i < len(args):  # `-o NAME`, also inside `-Eeo pipefail`
                opt = args[i]
                if opt in flags.values():
                    setattr(sh, opt, a[0] == "-")
                elif opt not in ("pipefail", "posix", "errtrace", "functrace", "noclobber"):
                    err(sh, io, "set", f"Illegal option -o {opt}")
                    return 2
                i += 1
            continue
        sh.set_positional(args[i:])
        return 0
    return 0


@builtin("shift")
def b_shift(sh: Shell, argv: list[str], io: IO) -> int:
    n = int(argv[1]) if len(argv) > 1 and is_number(argv[1]) else 1
    if n > len(sh.positional):
        if sh.dialect.name == "bash":
            return 1
        err(sh, io, "shift", "can't shift that many")
        raise ShellExit(2)
    sh.set_positional(sh.positional[n:])
    return 0
