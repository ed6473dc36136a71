"""The base userland's programs, by name (the shells, coreutils, busybox applets, apt, apk).

Modules of the userland register theirs here at import, and each module is imported the first
time one of its programs is looked up (`PROVIDERS`), so `docker run alpine echo hi` does not
import tar, pip or the Python evaluator. Programs an engine adds (servers,
network tools) are not registered: each process carries them (`Proc.programs`), and `lookup`
asks there first. A stand-in executable whose program is in neither says on stderr that it is
not simulated and exits 1 (`base.not_simulated_text`): never a silent success."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping

from dockersim.model.cowfs import FsError
from dockersim.model.userland.programs.base import Ctx, UsageError

ProgramFn = Callable[[Ctx], int]

REGISTRY: dict[str, ProgramFn] = {}


def register(*names: str) -> Callable[[ProgramFn], ProgramFn]:
    def decorate(fn: ProgramFn) -> ProgramFn:
        for name in names:
            REGISTRY[name] = fn
        return fn

    return decorate


def versionless(name: str) -> str:
    """A command name without its version (`python3.12` -> `python`), which runs the same
    program when the versioned name has none of its own."""
    return name.rstrip("0123456789.")


def lookup(name: str, extra: Mapping[str, ProgramFn] | None = None) -> ProgramFn | None:
    """The program for a name, from `extra` first, then the base userland's; versioned names
    fall back (`versionless`)."""
    base = versionless(name)
    for table in (extra, REGISTRY) if extra else (REGISTRY,):
        if table is REGISTRY:
            _provide(name)
            _provide(base)
        found = table.get(name)
        if found is None and base != name:
            found = table.get(base)
        if found is not None:
            return found
    return None


#: the programs running now, innermost last (a shell, then what it runs): who reads /proc/self
#: (an engine runs one command at a time: the API server holds its world's lock for each)
_RUNNING: list[Ctx] = []


def running() -> Ctx | None:
    """The program whose code runs now (the reader of a /proc file), if any."""
    return _RUNNING[-1] if _RUNNING else None


def run(fn: ProgramFn, ctx: Ctx) -> int:
    _RUNNING.append(ctx)
    try:
        return fn(ctx)
    except UsageError as exc:
        return exc.status
    except FsError as exc:  # a write the program did not expect to fail (the disk is full)
        ctx.error(str(exc))
        return 1
    finally:
        _RUNNING.pop()


#: module of this package -> the programs it registers: imported the first time one of them is
#: looked up (tests/model/test_program_providers.py keeps this true)
_MODULES: dict[str, str] = {
    "accounts": "groupadd useradd userdel usermod",
    "adduser": "addgroup adduser",
    "apt": "apt apt-get",
    "archive": "gunzip gzip tar zcat",
    "devtools": "git htop nano tree vi vim",
    "diffs": "cmp diff",
    "dumps": "hd hexdump od strings xxd",
    "expr": "expr",
    "fileops": "install mkfifo mktemp shuf split truncate",
    "files": "basename cat chmod cp dirname ln mkdir mv readlink realpath rm rmdir touch",
    "figlet": "figlet",
    "filetype": "file",
    "hashes": "base64 cksum md5sum sha1sum sha224sum sha256sum sha384sum sha512sum",
    "jq": "jq",
    "listing": "dir ls stat vdir",
    "misc": "docker-init nohup timeout tini",
    "moretools": "envsubst getopt iconv w whereis",
    "mounts": "du mount umount",
    "ownership": "chgrp chown su",
    "pager": "less more most",
    "passwords": "chpasswd passwd",
    "pip": "pip pip3",
    "npm": "npm",
    "pkgs": "apk node nodejs python python3",
    "procs": "kill ps top",
    "search": "awk egrep fgrep find grep xargs",
    "sed": "sed",
    "services": "service",
    "sessions": "ionice logname nice renice stty taskset tput users who",
    "sudo": "sudo",
    "system": (
        "arch clear date df echo env false free groups hostname id ldconfig nproc printenv printf "
        "pwd reset sleep sync test true tty uname uptime which whoami"
    ),
    "text": "cut head seq sort tail tee tr uniq wc yes",
    "textutils": "comm fold nl paste rev tac",
    "yarn": "nodemon yarn yarnpkg",
}
#: program name -> the module that registers it
PROVIDERS: dict[str, str] = {
    name: module for module, names in _MODULES.items() for name in names.split()
}


def _provide(name: str) -> None:
    """Import the module that registers `name`, if it is one of this package's and not yet in."""
    module = PROVIDERS.get(name)
    if module is not None and name not in REGISTRY:
        importlib.import_module(f"{__name__}.{module}")
