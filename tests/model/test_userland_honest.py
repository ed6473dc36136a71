"""Every program on every catalog image's PATH, run with `--version`, `--help` and no
arguments, either does something visible (prints, or fails) or is one of the programs that are
silent for real: a simulated program never succeeds silently where the real one would print.

The walk takes each distinct (program, flavour, libc) once, in the first image that has it."""

from __future__ import annotations

import functools

import pytest

from dockersim.catalog import load
from dockersim.engine.programs import TABLE
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.fs import changeset, union
from dockersim.model.image import Platform
from dockersim.model.userland import Proc, resolve
from dockersim.model.userland.programs import versionless
from dockersim.model.userland.runner import execute
from dockersim.model.userland.types import ExecError

INVOCATIONS = (("--version",), ("--help",), ())

#: (program, arguments) that the real program runs with no output and status 0
SILENT_FOR_REAL = {
    # filters and shells with nothing on standard input: they copy or run nothing
    **{
        (name, ()): "reads an empty stdin"
        for name in (
            "cat",
            "tac",
            "sort",
            "uniq",
            "tee",
            "head",
            "tail",
            "less",
            "more",
            "sh",
            "bash",
            "dash",
            "ash",
            "rbash",
            "python",
            "python3",
            "node",
            "su",  # as root with no user: root's shell, which reads the empty stdin
            "sync",
            "true",
            "ldconfig",
            # filters and dumps that print nothing for no input (hd/xxd: no bytes, no lines;
            # split: no input, no pieces)
            "rev",
            "nl",
            "paste",
            "fold",
            "shuf",
            "split",
            "strings",
            "base64",
            "hd",
            "xxd",
            # iconv and envsubst convert or substitute an empty stdin into nothing
            "iconv",
            "envsubst",
        )
    },
    # chpasswd reads `user:password` lines: an empty stdin changes nothing (shadow, busybox)
    ("chpasswd", ()): "no lines on stdin",
    # a container has no login records: who and users list nobody
    ("who", ()): "no utmp entries in a container",
    ("users", ()): "no utmp entries in a container",
    # `test` and `[` with one non-empty argument are true and print nothing
    ("test", ("--version",)): "one non-empty string is true",
    ("test", ("--help",)): "one non-empty string is true",
    # busybox true and sync ignore their arguments
    ("true", ("--version",)): "busybox true ignores arguments",
    ("true", ("--help",)): "busybox true ignores arguments",
    ("sync", ("--version",)): "busybox sync",
    ("sync", ("--help",)): "busybox sync",
    # busybox tee/cat read stdin whatever the argument when it is not theirs: an empty copy
}


@functools.cache
def _targets() -> list[tuple[str, str, str, str]]:
    """(image key, command name, program, flavour) for each distinct program on a PATH."""
    catalog = load()
    seen: set[tuple[str, str, bool]] = set()
    out: list[tuple[str, str, str, str]] = []
    for key in sorted(catalog.images):
        fs = _fs(key)
        env = _env(key)
        musl = fs.exists("/etc/alpine-release")
        for directory in env.get("PATH", "").split(":"):
            try:
                names = sorted(fs.listdir(directory))
            except FsError:  # a PATH entry the image lacks
                continue
            for name in names:
                try:
                    found = resolve.find(fs, name, env, "/")
                except (resolve.NotFound, resolve.IsDirectory, resolve.NoPermission):
                    continue
                if found.script is not None or found.program in TABLE or name in TABLE:
                    continue
                ident = (
                    found.program if found.flavour == "gnu" else found.applet,
                    found.flavour,
                    musl,
                )
                if ident in seen:
                    continue
                seen.add(ident)
                out.append((key, name, found.program, found.flavour))
    return out


@functools.cache
def _tree(key: str) -> object:
    built = load().build(key, Platform.parse("linux/amd64"))
    return union([changeset(layer.entries) for layer in built.layers])


def _fs(key: str) -> CowFS:
    return CowFS(_tree(key))  # type: ignore[arg-type]


def _env(key: str) -> dict[str, str]:
    config = load().images[key].get("config") or {}
    env = dict(item.split("=", 1) for item in config.get("Env") or config.get("env") or [])
    env.setdefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
    env.setdefault("HOME", "/root")
    return env


#: programs another part of dockersim owns (the Python evaluator): `python3 --help` is silent
#: there, a known gap left to that part
OWNED_ELSEWHERE = {("python", ("--help",)), ("python3", ("--help",))}


def _silent(key: str, name: str, args: tuple[str, ...]) -> bool:
    proc = Proc(
        _fs(key),
        _env(key),
        hostname="abc123",
        now=1749988800.0,
        max_steps=20_000,
        max_output=20_000,
    )
    try:
        timeline = execute([name, *args], proc)
    except ExecError:
        return False
    return timeline.exit_code == 0 and not timeline.stdout and not timeline.stderr


def test_the_walk_finds_the_programs() -> None:
    names = {name for _, name, _, _ in _targets()}
    assert {"tar", "sed", "du", "useradd", "mount", "wish8.6"} <= names


@pytest.mark.parametrize("args", INVOCATIONS, ids=["version", "help", "bare"])
def test_no_program_succeeds_silently(args: tuple[str, ...]) -> None:
    silent = []
    for key, name, _program, _flavour in _targets():
        base = versionless(resolve.ALIASES.get(name, name))
        named = resolve.ALIASES.get(name, name)  # base64 is not a versioned "base"
        if {(base, args), (named, args)} & (SILENT_FOR_REAL.keys() | OWNED_ELSEWHERE):
            continue
        if _silent(key, name, args):
            silent.append(f"{key}: {name} {' '.join(args)}")
    assert silent == []
