"""The warm process (cli/warm.py, cli/warmserver.py): commands it runs print, exit and save
exactly as commands run in their own process; terminals, signals and pipes behave the same;
it answers only through a private directory, steps aside when the package changes, and leaves
when idle."""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from ptyterm import Terminal

from dockersim.cli import warm, warmserver

pytestmark = pytest.mark.subprocess

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[Path]:
    """A private XDG_RUNTIME_DIR; the warm process started there is stopped afterwards."""
    directory = tmp_path / "run"
    directory.mkdir(mode=0o700)
    yield directory
    for lock in (directory / "dockersim").glob("*.lock"):
        _stop(lock)


def _stop(lock: Path) -> None:
    """SIGTERM every process holding this lock file (the warm process and nothing else)."""
    for pid in _holders(lock):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)


def _holders(lock: Path) -> list[int]:
    """The processes that have this file open."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            links = [os.readlink(fd) for fd in (proc / "fd").iterdir()]
        except OSError:
            continue
        if str(lock) in links:
            found.append(int(proc.name))
    return found


def _env(home: Path, runtime: Path | None, **extra: str) -> dict[str, str]:
    env = dict(os.environ, DOCKERSIM_HOME=str(home), DOCKERSIM_CLOCK="frozen")
    env["PYTHONPATH"] = str(ROOT)
    if runtime is None:
        env["DOCKERSIM_WARM"] = "0"
    else:
        env.update(DOCKERSIM_WARM="1", XDG_RUNTIME_DIR=str(runtime), DOCKERSIM_WARM_IDLE="60")
    env.update(extra)
    return env


def _run(env: dict[str, str], *args: str, stdin: bytes = b"", cwd: Path | None = None):
    return subprocess.run(
        [sys.executable, "-m", "dockersim.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=60,
    )


def _socket(runtime: Path) -> Path:
    return Path(warm_socket_path(runtime))


def warm_socket_path(runtime: Path) -> str:
    old = os.environ.get("XDG_RUNTIME_DIR")
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    try:
        return warm.socket_path()
    finally:
        if old is None:
            del os.environ["XDG_RUNTIME_DIR"]
        else:
            os.environ["XDG_RUNTIME_DIR"] = old


def _wait_for(path: Path, present: bool = True, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while path.exists() != present:
        assert time.monotonic() < end, f"{path} {'never appeared' if present else 'stayed'}"
        time.sleep(0.05)


def _started(home: Path, runtime: Path) -> Path:
    """Run one command (which starts the warm process) and wait until it listens."""
    first = _run(_env(home, runtime), "docker", "version", "--format", "{{.Server.Version}}")
    assert first.returncode == 0, first.stderr
    path = _socket(runtime)
    _wait_for(path)
    return path


SCRIPT: list[tuple[tuple[str, ...], bytes]] = [
    (("docker", "pull", "-q", "alpine"), b""),
    (("docker", "run", "-d", "--name", "web", "-p", "8080:80", "nginx"), b""),
    (("docker", "run", "--rm", "-i", "-e", "GREETING", "alpine", "sh", "-c", 'cat; echo $GREETING'),
     b"from stdin\n"),
    (("docker", "ps", "-a", "--no-trunc"), b""),
    (("docker", "inspect", "-f", "{{.State.Status}} {{.Name}}", "web"), b""),
    (("docker", "exec", "web", "nginx", "-v"), b""),
    (("docker", "build", "-q", "-t", "mine", "."), b""),
    (("docker", "run", "--rm", "mine"), b""),
    (("docker", "rm", "nosuch"), b""),
    (("docker", "nope"), b""),
    (("docker", "run", "--bad-flag", "alpine"), b""),
    (("host", "curl", "-s", "localhost:8080"), b""),
    (("docker", "stop", "web"), b""),
    (("docker", "logs", "web"), b""),
    (("docker", "images"), b""),
]  # fmt: skip


def test_commands_print_exit_and_save_as_they_do_in_their_own_process(tmp_path, runtime):
    outcomes = {}
    context = tmp_path / "context"  # the build context: a directory on the client's machine
    context.mkdir()
    (context / "Dockerfile").write_text('FROM alpine\nCMD ["echo", "built here"]\n')
    for label, use in (("cold", None), ("warm", runtime)):
        home = tmp_path / label
        home.mkdir()
        if use is not None:
            _started(home, use)
        else:  # the same first command
            _run(_env(home, None), "docker", "version", "--format", "{{.Server.Version}}")
        env = _env(home, use, GREETING="hello from the client")
        outcomes[label] = [
            (args, done.returncode, done.stdout, done.stderr)
            for args, stdin in SCRIPT
            for done in [_run(env, *args, stdin=stdin, cwd=context)]
        ]
        outcomes[label].append(("world", (home / "world.json").read_bytes()))
    for cold, warmed in zip(outcomes["cold"], outcomes["warm"], strict=True):
        assert warmed == cold
    codes = [outcome[1] for outcome in outcomes["warm"][:-1]]
    assert codes == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 125, 0, 0, 0, 0]


def test_a_command_really_runs_in_the_warm_process(tmp_path, runtime, capfd, monkeypatch):
    home = tmp_path / "home"
    _started(home, runtime)
    for name, value in _env(home, runtime).items():
        monkeypatch.setenv(name, value)
    assert _in_warm(["docker", "run", "--name", "box", "alpine", "echo", "hi"]) == 0
    assert _in_warm(["docker", "start", "nosuch"]) == 1
    out, err = capfd.readouterr()
    assert out.endswith("hi\n")
    assert "Error response from daemon: No such container: nosuch" in err
    assert "box" in _run(_env(home, None), "docker", "ps", "-a").stdout.decode()


def test_lessons_play_in_the_warm_process_as_in_their_own(tmp_path, runtime, capfd, monkeypatch):
    # given: a lesson that passes, one with a failing check and a file that is no lesson
    failing = tmp_path / "failing.yaml"
    failing.write_text(
        "dockersim: 1\ntitle: Failing\nsteps:\n"
        "  - run: docker run --rm alpine echo hi\n    expect: {stdout: {contains: bye}}\n"
    )
    broken = tmp_path / "broken.yaml"
    broken.write_text("steps: [\n")
    lessons = [str(ROOT / "scenarios" / "03-containers.yaml"), str(failing)]
    outcomes = {}
    # when: played by a process of its own, then by the warm process
    for label, use in (("cold", None), ("warm", runtime)):
        home = tmp_path / label
        home.mkdir()
        if use is not None:
            _started(home, use)
        env = _env(home, use)
        runs = [("play", *lessons), ("play", str(broken)), ("play", "--format", "json", *lessons)]
        outcomes[label] = [
            (done.returncode, done.stdout, done.stderr)
            for args in runs
            for done in [_run(env, *args, cwd=tmp_path)]
        ]
    # then: the same output and statuses (1: a check failed; 2: a file could not be played)
    assert outcomes["warm"] == outcomes["cold"]
    assert [code for code, _, _ in outcomes["warm"]] == [1, 2, 1]
    assert b"2 lessons: 1 passed, 1 failed" in outcomes["warm"][0][1]
    # and the warm process really ran it
    for name, value in _env(tmp_path / "warm", runtime).items():
        monkeypatch.setenv(name, value)
    capfd.readouterr()
    assert _in_warm(["play", lessons[0]]) == 0
    assert "PASSED" in capfd.readouterr().out


def _in_warm(args: list[str]) -> int | None:
    """`warm.run` from this process, its signal handlers put back afterwards."""
    names = (*warm.FORWARDED, "SIGTSTP")
    handlers = {name: signal.getsignal(getattr(signal, name)) for name in names}
    try:
        return warm.run(args)
    finally:
        for name, handler in handlers.items():
            signal.signal(getattr(signal, name), handler)


def test_without_a_warm_process_the_command_runs_itself_and_starts_one(tmp_path, runtime):
    home = tmp_path / "home"
    path = _socket(runtime)
    assert not path.exists()
    done = _run(_env(home, runtime), "docker", "run", "--rm", "alpine", "echo", "first")
    assert (done.returncode, done.stdout) == (0, b"first\n")
    _wait_for(path)
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_warm_off_starts_nothing(tmp_path, runtime):
    done = _run(_env(tmp_path / "home", runtime, DOCKERSIM_WARM="0"), "docker", "ps")
    assert done.returncode == 0
    time.sleep(0.5)
    assert not (runtime / "dockersim").exists()


def test_a_directory_others_can_open_is_never_used(tmp_path, runtime):
    shared = runtime / "dockersim"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    done = _run(_env(tmp_path / "home", runtime), "docker", "ps")
    assert done.returncode == 0
    time.sleep(0.5)
    assert list(shared.iterdir()) == []
    assert warm.private_dir(str(shared)) is False


def test_a_link_planted_in_place_of_the_directory_is_never_followed(tmp_path):
    target = tmp_path / "elsewhere"
    target.mkdir(mode=0o700)
    link = tmp_path / "dockersim"
    link.symlink_to(target)
    assert warm.private_dir(str(link)) is False


def test_a_terminal_session_through_the_warm_process(tmp_path, runtime):
    home = tmp_path / "home"
    _started(home, runtime)
    assert _run(_env(home, runtime), "docker", "pull", "-q", "alpine").returncode == 0
    env = {k: v for k, v in _env(home, runtime).items() if k != "DOCKERSIM_HOME"}
    terminal = Terminal(home, "docker", "run", "-it", "--rm", "alpine", "sh", **env)
    try:
        terminal.expect(r"/ # ")
        terminal.line("echo $((6*7))")
        terminal.expect(r"42\r\n")
        terminal.line("exit 4")
        assert terminal.wait() == 4
    finally:
        terminal.close()


def test_ctrl_c_reaches_the_command(tmp_path, runtime):
    home = tmp_path / "home"
    _started(home, runtime)
    env = {k: v for k, v in _env(home, runtime).items() if k != "DOCKERSIM_HOME"}
    made = _run(_env(home, runtime), "docker", "network", "create", "ctrlc")
    assert made.returncode == 0, made.stderr
    results = []
    for mode in ("1", "0"):
        env["DOCKERSIM_WARM"] = mode
        terminal = Terminal(home, "docker", "events", "--since", "0", **env)
        try:
            terminal.expect("network create")  # it runs (on a loaded machine: not before)
            terminal.type("\x03")
            results.append(terminal.wait())
        finally:
            terminal.close()
    assert results[0] == results[1]


def test_a_reader_that_went_away_ends_the_command_as_sigpipe_does(tmp_path, runtime):
    home = tmp_path / "home"
    _started(home, runtime)
    codes = []
    for use in (runtime, None):
        read, write = os.pipe()
        os.close(read)  # nobody will read what the command prints
        done = subprocess.run(
            [sys.executable, "-m", "dockersim.cli", "docker", "images"],
            env=_env(home, use),
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=60,
        )
        os.close(write)
        codes.append((done.returncode, done.stderr))
    assert codes[0] == codes[1] == (141, b"")


def test_a_client_killed_mid_command_hangs_up_its_command(tmp_path, runtime):
    home = tmp_path / "home"
    path = _started(home, runtime)
    (server,) = _holders(Path(f"{path}.lock"))
    children = Path(f"/proc/{server}/task/{server}/children")
    client = subprocess.Popen(
        [sys.executable, "-m", "dockersim.cli", "docker", "run", "-i", "alpine", "cat"],
        env=_env(home, runtime),
        stdin=subprocess.PIPE,  # held open: the command reads until its end
        stdout=subprocess.PIPE,
    )
    end = time.monotonic() + 30
    while not children.read_text().split():
        assert time.monotonic() < end, "the command never started"
        time.sleep(0.05)
    client.kill()
    client.wait()
    while children.read_text().split():
        assert time.monotonic() < end, "the command outlived its client"
        time.sleep(0.05)


def test_the_warm_process_leaves_when_idle(tmp_path, runtime):
    home = tmp_path / "home"
    env = _env(home, runtime, DOCKERSIM_WARM_IDLE="0.5")
    assert _run(env, "docker", "ps").returncode == 0
    path = _socket(runtime)
    _wait_for(path)
    _wait_for(path, present=False)
    assert _run(env, "docker", "ps").returncode == 0  # and the next command still works


def test_a_changed_module_makes_it_step_aside(tmp_path):
    source = tmp_path / "module.py"
    source.write_text("x = 1\n")
    stamp = {str(source): source.stat().st_mtime_ns}
    assert not warmserver._changed(stamp)
    os.utime(source, ns=(1, 1))
    assert warmserver._changed(stamp)
    assert any(path.endswith("commands.yaml") for path in warmserver.code_stamp())
    source.unlink()
    assert warmserver._changed(stamp)


def test_requests_round_trip_and_bad_framing_is_refused(tmp_path, runtime, monkeypatch):
    monkeypatch.setenv("ODD", "a=b\tc")
    monkeypatch.chdir(tmp_path)
    request = warm.encode(["docker", "run", "-e", "X=1", "alpine", "sh", "-c", "é \udcff"])
    assert request.startswith(warm.MAGIC)
    args, cwd, umask, env = warm.decode(request[8:])
    assert args == ["docker", "run", "-e", "X=1", "alpine", "sh", "-c", "é \udcff"]
    assert (cwd, env["ODD"]) == (str(tmp_path), "a=b\tc")
    assert 0 <= umask <= 0o777
    home = tmp_path / "home"
    path = _started(home, runtime)
    import array
    import socket

    for bad in (b"NOPE" + request[4:], warm.MAGIC + (10**9).to_bytes(4, "big")):
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(path))
            fds = array.array("i", [0, 1, 2])
            sock.sendmsg([bad], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, fds)])
            sock.settimeout(10)
            assert sock.recv(100) == b""  # closed without running anything
    assert _run(_env(home, runtime), "docker", "ps", "-q").returncode == 0
