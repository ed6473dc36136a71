"""Differential harness: the same docker command line on dockersim and on a real podman.

`SimBackend` runs a line through `Engine.docker(...)`; `PodmanBackend` turns the same line into
a podman argv (rootful podman 4.3.1, a private containers.conf, a private --root/--runroot,
`--network none`, a locally imported busybox image; see shared/spec/oracle.md) and runs it.
Both answer with a `dockersim.result.Result`. `observe` reads what a learner would compare:
`inspect .State.Status`/`.State.ExitCode` and the `ps -a` STATUS column. Everything that differs
for reasons that are not lifecycle semantics (IDs, durations, image names, podman's wording) is
rewritten by a *named* normaliser from `NORMALISERS`, so a test says which ones it applies.

The harness never decides what counts as a bug: a test compares the two observations and keeps
its own allow-list of known podman/Docker differences.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from dockersim.result import Result

if TYPE_CHECKING:
    from dockersim.engine import Engine

Normaliser = Callable[[str], str]

#: The image name the learner types, and what it is called on each side.
SIM_IMAGE = "busybox"
PODMAN_IMAGE = "localbb:1"
#: Every spelling of the image either side may print (Docker's familiar and full names,
#: podman's `localhost/` name, oracle.md "Where podman is not Docker").
IMAGE_SPELLINGS = (
    "docker.io/library/busybox:latest",
    "docker.io/library/busybox",
    "busybox:latest",
    "busybox",
    f"localhost/{PODMAN_IMAGE}",
    PODMAN_IMAGE,
)
#: busybox applets linked into the local podman image (oracle.md "An image without a registry").
APPLETS: tuple[str, ...] = ("sh", "echo", "sleep", "cat", "ls", "true", "false", "env", "id")
APPLETS += ("hostname", "touch", "rm", "mkdir", "top", "kill", "ps")

# --- normalisers ----------------------------------------------------------------------------

_FULL_ID = re.compile(r"\b[0-9a-f]{64}\b")
_SHORT_ID = re.compile(r"\b[0-9a-f]{12}\b")
#: go-units HumanDuration outputs (lifecycle-moby.md §4.2).
_DURATION = re.compile(
    r"Less than a second|About a minute|About an hour|"
    r"\d+ (?:seconds?|minutes|hours|days|weeks|months|years)"
)
_IMAGE = re.compile(
    r"(?<![\w./:-])(?:" + "|".join(re.escape(s) for s in IMAGE_SPELLINGS) + r")(?![\w./:-])"
)


def normalise_ids(text: str) -> str:
    """Full (64-hex) and short (12-hex) IDs become `<ID>` / `<ID12>`."""
    return _SHORT_ID.sub("<ID12>", _FULL_ID.sub("<ID>", text))


def normalise_durations(text: str) -> str:
    """`Up 3 seconds` -> `Up <dur>`, `Exited (137) 2 seconds ago` -> `Exited (137) <dur> ago`."""
    return _DURATION.sub("<dur>", text)


def normalise_images(text: str) -> str:
    """Any spelling of the test image (dockersim's busybox, podman's localbb) -> `<busybox>`."""
    return _IMAGE.sub("<busybox>", text)


def normalise_podman_status(text: str) -> str:
    """podman 4.3.1's `ps` STATUS wording -> Docker's, one line at a time.

    podman (cmd/podman/containers/ps.go `State()`) prints `Up 3 seconds ago` where Docker prints
    `Up 3 seconds`, and a bare `Paused` where Docker prints `Up 3 seconds (Paused)`
    (lifecycle-moby.md §4.1). Run after `normalise_durations`: a paused container's duration
    is not printed by podman, so it becomes `<dur>`. Exited/Created wording already agree.
    """
    out = []
    for line in text.split("\n"):
        line = re.sub(r"\bUp (<dur>|\S.*?) ago$", r"Up \1", line)
        line = re.sub(r"(^|\|)Paused$", r"\1Up <dur> (Paused)", line)
        out.append(line)
    return "\n".join(out)


NORMALISERS: dict[str, Normaliser] = {
    "ids": normalise_ids,
    "durations": normalise_durations,
    "images": normalise_images,
    "podman-status": normalise_podman_status,
}


def normalise(text: str, names: Sequence[str]) -> str:
    """Apply the named normalisers, in the order given."""
    for name in names:
        text = NORMALISERS[name](text)
    return text


#: podman exits 125 (or 2 for `rm` of a running container) where the docker CLI exits 1:
#: docker exits 1 for every daemon error of these commands (lifecycle-moby.md §0, "How the CLI
#: turns a daemon error into stderr and an exit status"). `run` keeps its code: both CLIs use
#: 125 for their own errors, 126/127 for exec failures and the container's code otherwise.
ONE_ON_ERROR = frozenset(
    ("create", "start", "stop", "kill", "pause", "unpause", "restart", "rm", "inspect", "wait")
)


def normalise_podman_cli_status(command: str, code: int) -> int:
    return 1 if command in ONE_ON_ERROR and code != 0 else code


# --- backends -------------------------------------------------------------------------------


class Backend:
    """One side of the comparison: a docker command line in, what the CLI produced out."""

    label = "?"

    def docker(self, line: str) -> Result:
        raise NotImplementedError


class SimBackend(Backend):
    label = "dockersim"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def docker(self, line: str) -> Result:
        return self.engine.docker(line)


#: docker run/create flags that take a value (enough for the lines the parity tests type).
_VALUE_FLAGS = frozenset(
    {"--name", "-e", "--env", "-v", "--volume", "-p", "--publish", "--network", "--restart"}
    | {"-w", "--workdir", "-u", "--user", "--entrypoint", "-h", "--hostname", "-l", "--label"}
    | {"-m", "--memory", "--cpus", "--stop-signal", "--stop-timeout", "--pull", "--platform"}
)


def image_position(args: Sequence[str]) -> int | None:
    """Index of the image in `run`/`create` args (after the command word), or None."""
    i = 1
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return i + 1 if i + 1 < len(args) else None
        if not arg.startswith("-") or arg == "-":
            return i
        if arg in _VALUE_FLAGS:
            i += 2
            continue
        i += 1
    return None


def to_podman_args(args: Sequence[str], image_map: Mapping[str, str]) -> list[str]:
    """A docker argv (without `docker`) as the podman argv that does the same thing here.

    - `run`/`create`: `--network none` (oracle.md: no network for these tests), and the image
      is renamed through `image_map` (dockersim's `busybox` is podman's local `localbb:1`).
    - `rm -f`: `-t 0`. Docker's `rm -f` SIGKILLs at once (lifecycle-moby.md §2.1); podman's
      first tries a stop with the default 10 s timeout, which ends in the same state, slower.
    """
    out = list(args)
    if not out:
        return out
    command = out[0]
    if command in ("run", "create"):
        pos = image_position(out)
        if pos is not None and out[pos] in image_map:
            out[pos] = image_map[out[pos]]
        out[1:1] = ["--network", "none"]
    elif command == "rm" and any(
        a in ("-f", "--force") or (a.startswith("-") and not a.startswith("--") and "f" in a)
        for a in out[1:]
    ):
        out[1:1] = ["-t", "0"]
    return out


WORKDIR_PREFIX = "dockersim-podman-"


class PodmanUnavailable(RuntimeError):
    """podman is missing or cannot run a container here; the message says why."""


@attrs.define
class PodmanBackend(Backend):
    """A rootful podman with its own config, store and image, all under one temporary folder."""

    workdir: Path
    timeout: float = 60.0
    image_map: dict[str, str] = attrs.field(
        factory=lambda: {SIM_IMAGE: PODMAN_IMAGE, f"{SIM_IMAGE}:latest": PODMAN_IMAGE}
    )
    label = "podman"

    @classmethod
    def start(cls, busybox: str = "/bin/busybox") -> PodmanBackend:
        """Set up a private podman and prove it runs a container; raise PodmanUnavailable."""
        exe = shutil.which("podman")
        if exe is None:
            raise PodmanUnavailable("podman is not installed (run .ci/install-podman.sh)")
        if os.geteuid() != 0:
            raise PodmanUnavailable("rootful podman needs root")
        if not os.path.isfile(busybox):
            raise PodmanUnavailable(f"{busybox} is missing (apt-get install busybox-static)")
        cls.sweep_stale()
        backend = cls(Path(tempfile.mkdtemp(prefix=WORKDIR_PREFIX)))
        try:
            (backend.workdir / "owner.pid").write_text(str(os.getpid()))
            backend._configure()
            backend._import_image(busybox)
            probe = backend.podman("run", "--rm", "--network", "none", PODMAN_IMAGE, "true")
            if probe.exit_code != 0:
                raise PodmanUnavailable(
                    "podman cannot run a container here: " + probe.stderr.strip()[-300:]
                )
        except (PodmanUnavailable, OSError, subprocess.SubprocessError) as exc:
            backend.close()
            if isinstance(exc, PodmanUnavailable):
                raise
            raise PodmanUnavailable(f"podman setup failed: {exc}") from exc
        return backend

    @classmethod
    def sweep_stale(cls) -> None:
        """Close the folders of earlier runs whose process died before its own cleanup."""
        for path in Path(tempfile.gettempdir()).glob(WORKDIR_PREFIX + "*"):
            try:
                pid = int((path / "owner.pid").read_text())
                os.kill(pid, 0)
            except ProcessLookupError:
                cls(path).close()
            except (OSError, ValueError):
                continue

    def _configure(self) -> None:
        # oracle.md: the stock nofile ulimit is above this machine's hard limit, and crun
        # refuses the mixed cgroup layout, so: our own nofile, runc, cgroupfs, a file event log.
        import resource

        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        nofile = 1048576 if hard == resource.RLIM_INFINITY else hard
        (self.workdir / "containers.conf").write_text(
            "[containers]\n"
            f'default_ulimits = ["nofile={nofile}:{nofile}", "nproc=32768:32768"]\n'
            "[engine]\n"
            'runtime = "runc"\n'
            'events_logger = "file"\n'
            'cgroup_manager = "cgroupfs"\n'
        )

    def _import_image(self, busybox: str) -> None:
        rootfs = self.workdir / "rootfs"
        (rootfs / "bin").mkdir(parents=True)
        shutil.copy2(busybox, rootfs / "bin" / "busybox")
        for applet in APPLETS:
            (rootfs / "bin" / applet).symlink_to("busybox")
        tar = subprocess.run(
            ["tar", "-C", str(rootfs), "-c", "."],
            capture_output=True,
            check=True,
            timeout=self.timeout,
        )
        done = self._run(["import", "-", PODMAN_IMAGE], stdin=tar.stdout)
        if done.exit_code != 0:
            raise PodmanUnavailable("podman import failed: " + done.stderr.strip()[-300:])

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["CONTAINERS_CONF"] = str(self.workdir / "containers.conf")
        return env

    def _run(self, args: Sequence[str], stdin: bytes = b"") -> Result:
        argv = [
            "podman",
            "--root", str(self.workdir / "root"),
            "--runroot", str(self.workdir / "run"),
            "--tmpdir", str(self.workdir / "tmp"),
            *args,
        ]  # fmt: skip
        try:
            done = subprocess.run(
                argv, input=stdin, capture_output=True, env=self._env(), timeout=self.timeout
            )
        except subprocess.TimeoutExpired as exc:
            return Result(124, "", f"timed out after {exc.timeout}s: {shlex.join(argv)}\n")
        return Result(
            done.returncode,
            done.stdout.decode(errors="replace"),
            done.stderr.decode(errors="replace"),
        )

    def podman(self, *args: str) -> Result:
        """A raw podman command on this private store (no translation)."""
        return self._run(args)

    def docker(self, line: str) -> Result:
        return self._run(to_podman_args(shlex.split(line), self.image_map))

    def pid(self, name: str) -> int:
        got = self.podman("inspect", "-f", "{{.State.Pid}}", name)
        try:
            return int(got.stdout.strip() or 0)
        except ValueError:
            return 0

    def wait_signal_caught(self, name: str, sig: int = signal.SIGTERM, limit: float = 2.0) -> bool:
        """Wait until PID 1 of `name` has a handler for `sig` (from /proc/PID/status SigCgt).

        A freshly started busybox `top` installs its SIGTERM handler a moment after exec; a stop
        before that is ignored by PID 1 and ends in SIGKILL (137) instead of 143. Docker has the
        same race; dockersim's clock is virtual and has none, so the real side waits it out.
        """
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            pid = self.pid(name)
            if pid > 0:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    status = ""
                for line in status.splitlines():
                    if line.startswith("SigCgt:") and int(line.split()[1], 16) >> (sig - 1) & 1:
                        return True
            time.sleep(0.02)
        return False

    def wait_settled(self, name: str, running_too: bool = False, limit: float = 3.0) -> None:
        """Wait out podman's transient states, which Docker's CLI never shows.

        podman's `kill` may return before conmon has recorded the exit (Docker's waits for it:
        `running_too`), and an exited container is `stopped` until conmon's cleanup makes it
        `exited` (podman's libpod/define/containerstate.go; Docker has no such state).
        """
        transient = {"stopping", "stopped"} | ({"running"} if running_too else set())
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            got = self.podman("inspect", "-f", "{{.State.Status}}", name)
            if got.exit_code != 0 or got.stdout.strip() not in transient:
                return
            time.sleep(0.05)

    def close(self) -> None:
        """Remove every container and image, reset the store, unmount and delete the folder.

        Every podman state lives under `workdir` (--root, --runroot and --tmpdir: with the shared
        default /run/libpod, one store's `system reset` makes another podman believe the host
        rebooted and forget containers that still run). A container that survives anyway is
        found by its runc bundle under `workdir` and deleted before the folder goes.
        """
        if (self.workdir / "containers.conf").exists() and shutil.which("podman"):
            self._run(["rm", "-a", "-f", "-t", "0"])
            self._run(["system", "reset", "-f"])
        self._delete_runc_leftovers()
        for sub in ("root", "run"):
            path = self.workdir / sub
            if path.exists():
                subprocess.run(
                    ["umount", "-R", str(path)], capture_output=True, check=False, timeout=30
                )
        shutil.rmtree(self.workdir, ignore_errors=True)

    def _delete_runc_leftovers(self) -> None:
        runc = shutil.which("runc")
        if runc is None:
            return
        try:
            listed = subprocess.run(
                [runc, "list", "--format", "json"], capture_output=True, timeout=30, check=False
            )
            entries = json.loads(listed.stdout or b"null") or []
        except (OSError, ValueError, subprocess.SubprocessError):
            return
        mine = str(self.workdir) + os.sep
        for entry in entries:
            if str(entry.get("bundle", "")).startswith(mine):
                subprocess.run(
                    [runc, "delete", "--force", str(entry["id"])],
                    capture_output=True,
                    timeout=30,
                    check=False,
                )


# --- observations ---------------------------------------------------------------------------

#: The three readings compared after every step.
INSPECT_LINE = "inspect -f '{{.State.Status}} {{.State.ExitCode}}' "
PS_LINE = "ps -a --format '{{.Names}}|{{.Image}}|{{.Status}}'"


@attrs.frozen
class Observation:
    """What one side showed after one step, normalised.

    `status` is the CLI exit status of the step itself; `state`/`exit_code` come from inspect
    (`removed`/None when inspect finds no such container); `ps` is the sorted `ps -a` lines.
    """

    status: int
    state: str
    exit_code: int | None
    ps: tuple[str, ...]
    stdout: str = ""


def observe(
    backend: Backend, name: str, result: Result, command: str, normalisers: Sequence[str]
) -> Observation:
    """Read inspect and `ps -a` after a step whose CLI result was `result`."""
    status = result.exit_code
    if isinstance(backend, PodmanBackend):
        status = normalise_podman_cli_status(command, status)
    got = backend.docker(INSPECT_LINE + shlex.quote(name))
    state, exit_code = "removed", None
    if got.exit_code == 0:
        fields = got.stdout.split()
        state, exit_code = fields[0], int(fields[1])
    ps = backend.docker(PS_LINE)
    lines = normalise(ps.stdout, normalisers).strip("\n")
    return Observation(
        status=status,
        state=state,
        exit_code=exit_code,
        ps=tuple(sorted(line for line in lines.split("\n") if line)),
        stdout=normalise(result.stdout, normalisers),
    )


def describe(label: str, obs: Observation) -> str:
    return (
        f"{label}: cli={obs.status} state={obs.state} ExitCode={obs.exit_code} "
        f"ps={list(obs.ps)} stdout={obs.stdout!r}"
    )


@contextlib.contextmanager
def started_podman() -> Iterator[PodmanBackend]:
    """A podman backend for a test module, closed afterwards; the tests skip (with the reason)
    when podman is not usable here."""
    import pytest

    try:
        backend = PodmanBackend.start()
    except PodmanUnavailable as exc:
        pytest.skip(f"podman unusable, parity tests skipped: {exc}")
    try:
        yield backend
    finally:
        backend.close()
