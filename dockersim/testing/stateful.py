"""A Hypothesis state machine for a whole simulated Docker host, shipped so anyone can run it.

`LifecycleMachine` drives an engine only through docker command lines and checks every result
against `dockersim.testing.reference.Host`, a deliberately dumb model of Docker's rules:

- rules: `run -d` and `create` of busybox or alpine programs that keep running (`sleep 1000`),
  exit 0 (`true`) or exit 3 (`sh -c 'exit 3'`), with a name from a small pool (so names clash),
  `-v VOLUME:/data`, `-p PORT:80` from two host ports (so binds clash), `--rm`, `--restart` and
  `--network`; start, stop [-t], kill [-s TERM], pause, unpause, restart [-t], rm [-f], port;
  network create/rm/connect/disconnect; volume create/rm [-f]; pull, tag, rmi [-f] by tag or
  ID; the clock moving on (`engine.advance`), so exits and restart policies play out; and a
  save/load of the world in the middle of it all (the state file's checks and round trip);
- each command's exit status is the model's, and a command that fails entirely leaves
  `engine.to_json()` unchanged (where Docker itself leaves state behind, e.g. the Created
  container of a `run` whose port is taken, the model says so);
- invariants, through `ps -a`, `ps`, `inspect -f`, `volume ls`, `network ls`, `images -a`:
  every container's state, exit code, restart count, error, networks, IP addresses and volumes;
  which running container holds which host port; which volumes, networks and tags exist; plus
  the clock, IP addresses unique per network, and the layer store's reference counts;
- no Python exception ever escapes `engine.docker`.

Names live in Bundles that are consumed only when a removal really succeeded (a failed `rm`
puts the name back). Subclass with `engine_factory` set to a callable returning a fresh engine
whose only content is catalog images pulled as they are (none, or e.g. busybox).
"""

from __future__ import annotations

import json
import re
import shlex
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from hypothesis import note
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    MultipleResults,
    RuleBasedStateMachine,
    consumes,
    invariant,
    multiple,
    rule,
)

from dockersim.engine.worldcheck import check_world
from dockersim.testing.invariants import check_layer_store, check_references
from dockersim.testing.outcome import UNMODELLED, Outcome
from dockersim.testing.quirks import QUIRKS
from dockersim.testing.reference import (
    PREDEFINED_NETWORKS,
    PROGRAMS,
    RUNNING,
    TABLE,
    Host,
    RunSpec,
)

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.result import Result

__all__ = ["QUIRKS", "TABLE", "LifecycleMachine"]

# names with a letter that is not hex, so no name is ever taken for an ID prefix
NAMES = ("web", "job", "api", "svc", "tmp", "log")
PORTS = (8080, 8081)
VOLUMES = ("vol1", "vol2")
NETWORKS = ("net1", "net2")
RESTARTS = ("no", "always", "on-failure", "on-failure:2", "unless-stopped")
CATALOG = ("busybox", "alpine")
RUN_IMAGES = (*CATALOG, "app:1")
TAG_TARGETS = ("app:1", "app:2", "busybox:latest")
RMI_REFS = (*CATALOG, "app:1", "app:2", "id:busybox", "id:alpine")
COMMANDS = (
    "start",
    "stop",
    "stop -t 0",
    "stop -t 3",
    "kill",
    "kill -s TERM",
    "pause",
    "unpause",
    "restart",
    "restart -t 0",
)
ADVANCES = (0.05, 0.1, 0.3, 1, 5, 10, 30, 120, 1000)
#: what `run`/`create` are given; the weights keep most lines valid (a few clash on purpose:
#: `--rm` with a restart policy, an image no registry has, a name or a port already taken)
RUN_SPECS = st.builds(
    RunSpec,
    name=st.sampled_from(NAMES),
    image=st.sampled_from(("busybox", "busybox", "busybox", "alpine", "app:1")),
    program=st.sampled_from(sorted(PROGRAMS)),
    restart=st.sampled_from(("no", "no", *RESTARTS)),
    auto_remove=st.sampled_from((False, False, False, True)),
    port=st.none() | st.sampled_from(PORTS),
    volume=st.none() | st.sampled_from(VOLUMES),
    network=st.none() | st.none() | st.sampled_from((*NETWORKS, "bridge")),
)
INSPECT = (
    "{{.Name}}|{{.State.Status}}|{{.State.ExitCode}}|{{.RestartCount}}|"
    "{{if .State.Error}}error{{end}}|"
    "{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}} {{end}}|"
    "{{range .Mounts}}{{.Name}} {{end}}"
)


class LifecycleMachine(RuleBasedStateMachine):
    """Subclass with `engine_factory` set (a callable returning a fresh Engine). `quirks` are
    the reference's switches for known engine differences (dockersim.testing.quirks)."""

    engine_factory: Callable[[], Engine]
    quirks: ClassVar[frozenset[str]] = frozenset(QUIRKS)
    _image_ids: ClassVar[dict[str, str]] = {}
    containers = Bundle("containers")
    networks = Bundle("networks")
    volumes = Bundle("volumes")

    def __init__(self) -> None:
        super().__init__()
        self.engine = type(self).engine_factory()
        self.ids = self._catalog_ids()
        self.ref = Host(now=self.engine.now, quirks=self.quirks)
        self._adopt_images()

    # --- set-up ------------------------------------------------------------------------------
    def _catalog_ids(self) -> dict[str, str]:
        """The image ID of each catalog image, from a scratch engine (once per class)."""
        cls = type(self)
        if not cls._image_ids:
            scratch = cls.engine_factory()
            for repo in CATALOG:
                assert scratch.docker(["pull", repo]).exit_code == 0
            for repo in CATALOG:
                found = scratch.docker(["inspect", "-f", "{{.Id}}", repo]).stdout.strip()
                cls._image_ids = {**cls._image_ids, repo: found}
        return dict(cls._image_ids)

    def _adopt_images(self) -> None:
        """The reference starts from the factory's engine: empty but for pulled images."""
        for command in (["ps", "-aq"], ["volume", "ls", "-q"]):
            assert self.query(command) == [], f"engine_factory's engine has {command[0]}s"
        assert sorted(self.query(["network", "ls", "--format", "{{.Name}}"])) == sorted(
            PREDEFINED_NETWORKS
        )
        shorts = {v.removeprefix("sha256:")[:12]: k for k, v in self.ids.items()}
        for line in self.query(["images", "-a", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"]):
            tag, short = line.split()
            assert tag == f"{shorts.get(short)}:latest", f"not a pulled catalog image: {line}"
            self.ref.pull(shorts[short])

    # --- running commands --------------------------------------------------------------------
    def docker(self, argv: Sequence[str], expect: Outcome, stdout: str | None = None) -> Result:
        """Run one command line the model predicted; check its status (and `stdout` if given)
        and, if it must not change anything, that the world is byte-identical afterwards."""
        before = None if expect.changes else self.engine.dumps()
        result = self._call(argv)
        line = shlex.join(argv)
        note(f"$ docker {line} -> {result.exit_code} {result.stderr.strip()[:300]}")
        assert result.exit_code == expect.status, (
            f"docker {line}: exit {result.exit_code}, the model says {expect.status}\n"
            f"{result.stderr}"
        )
        if expect.status != 0:
            assert result.stderr, f"docker {line} failed without a word"
        if stdout is not None:
            assert result.stdout == stdout, f"docker {line} printed {result.stdout!r}"
        if before is not None:
            assert self.engine.dumps() == before, f"docker {line} changed the world"
        return result

    def query(self, argv: Sequence[str]) -> list[str]:
        result = self._call(argv)
        assert result.exit_code == 0, (argv, result.stderr)
        return result.stdout.splitlines()

    def _call(self, argv: Sequence[str]) -> Result:
        try:
            return self.engine.docker(list(argv))
        except Exception as exc:  # any exception is a bug: the CLI never shows a traceback
            raise AssertionError(f"docker {shlex.join(argv)} raised {exc!r}") from exc

    def _new(self, name: str, existed: bool) -> MultipleResults[str]:
        return multiple(name) if not existed and name in self.ref.boxes else multiple()

    # --- containers --------------------------------------------------------------------------
    @rule(target=containers, spec=RUN_SPECS)
    def run(self, spec: RunSpec) -> MultipleResults[str]:
        return self._create(spec, start=True)

    @rule(target=containers, spec=RUN_SPECS)
    def create(self, spec: RunSpec) -> MultipleResults[str]:
        return self._create(spec, start=False)

    def _create(self, spec: RunSpec, start: bool) -> MultipleResults[str]:
        """`docker run -d ...` (start) or `docker create ...`."""
        existed = spec.name in self.ref.boxes
        expect = self.ref.create(spec, start=start)
        argv = ["run", "-d"] if start else ["create"]
        argv += ["--name", spec.name]
        if spec.restart != "no" or spec.auto_remove:
            argv += ["--restart", spec.restart]
        argv += ["--rm"] if spec.auto_remove else []
        argv += ["-p", f"{spec.port}:80"] if spec.port else []
        argv += ["-v", f"{spec.volume}:/data"] if spec.volume else []
        argv += ["--network", spec.network] if spec.network else []
        result = self.docker([*argv, spec.image, *PROGRAMS[spec.program][0]], expect)
        if expect.status == 0:
            assert re.fullmatch(r"[0-9a-f]{64}\n", result.stdout), result.stdout
        return self._new(spec.name, existed)

    @rule(name=containers, command=st.sampled_from(COMMANDS))
    def lifecycle(self, name: str, command: str) -> None:
        """start, stop, kill, pause, unpause, restart; the name may be gone already (`--rm`)."""
        verb, *flag = command.split()
        expect = self.ref.lifecycle(verb, name, flag[1] if flag else None)
        self.docker([verb, *flag, name], expect, stdout=f"{name}\n" if expect.status == 0 else "")

    @rule(target=containers, name=consumes(containers), force=st.booleans())
    def remove(self, name: str, force: bool) -> MultipleResults[str]:
        existed = name in self.ref.boxes
        expect = self.ref.lifecycle("rm -f" if force else "rm", name)
        said = f"{name}\n" if expect.status == 0 and existed else ""
        self.docker(["rm", "-f", name] if force else ["rm", name], expect, stdout=said)
        return multiple(name) if name in self.ref.boxes else multiple()

    @rule(name=containers)
    def port(self, name: str) -> None:
        box = self.ref.boxes.get(name)
        result = self.docker(["port", name], Outcome(0 if box else 1, changes=False))
        owner = self.ref.port_owners()
        held = [p for p, n in owner.items() if n == name]
        want = "".join(f"80/tcp -> 0.0.0.0:{p}\n80/tcp -> [::]:{p}\n" for p in held)
        assert result.stdout == (want if box else ""), result.stdout

    # --- networks and volumes ----------------------------------------------------------------
    @rule(target=networks, name=st.sampled_from(NETWORKS))
    def network_create(self, name: str) -> MultipleResults[str]:
        expect = self.ref.network_create(name)
        if expect is UNMODELLED:
            note(f"(skipped: network create {name}, a container still names it)")
            return multiple()
        self.docker(["network", "create", name], expect)
        return multiple(name) if expect.status == 0 else multiple()

    @rule(target=networks, name=consumes(networks))
    def network_rm(self, name: str) -> MultipleResults[str]:
        expect = self.ref.network_rm(name)
        said = f"{name}\n" if expect.status == 0 else ""
        self.docker(["network", "rm", name], expect, stdout=said)
        return multiple(name) if name in self.ref.networks else multiple()

    @rule(
        net=st.sampled_from((*NETWORKS, "bridge")),
        name=containers,
        connect=st.booleans(),
    )
    def network_connect(self, net: str, name: str, connect: bool) -> None:
        op = self.ref.network_connect if connect else self.ref.network_disconnect
        expect = op(net, name)
        verb = "connect" if connect else "disconnect"
        if expect is UNMODELLED:
            note(f"(skipped: network {verb} {net} {name}, a restarting container)")
            return
        self.docker(["network", verb, net, name], expect, stdout="")

    @rule(target=volumes, name=st.sampled_from(VOLUMES))
    def volume_create(self, name: str) -> MultipleResults[str]:
        self.docker(["volume", "create", name], self.ref.volume_create(name), stdout=f"{name}\n")
        return multiple(name)

    @rule(target=volumes, name=consumes(volumes), force=st.booleans())
    def volume_rm(self, name: str, force: bool) -> MultipleResults[str]:
        self._volume_rm(name, force)
        return multiple(name) if name in self.ref.volumes else multiple()

    @rule(name=st.sampled_from(VOLUMES), force=st.booleans())
    def volume_rm_any_name(self, name: str, force: bool) -> None:
        self._volume_rm(name, force)

    def _volume_rm(self, name: str, force: bool) -> None:
        expect = self.ref.volume_rm(name, force)
        said = f"{name}\n" if expect.status == 0 else ""  # `-f` of a missing one says it too
        self.docker(["volume", "rm", *(["-f"] if force else []), name], expect, stdout=said)

    # --- images ------------------------------------------------------------------------------
    @rule(repo=st.sampled_from(CATALOG))
    def pull(self, repo: str) -> None:
        self.docker(["pull", repo], self.ref.pull(repo))

    @rule(source=st.sampled_from(RUN_IMAGES), new=st.sampled_from(TAG_TARGETS))
    def tag(self, source: str, new: str) -> None:
        self.docker(["tag", source, new], self.ref.tag(source, new), stdout="")

    @rule(ref=st.sampled_from(RMI_REFS), force=st.booleans())
    def rmi(self, ref: str, force: bool) -> None:
        if ref.startswith("id:"):
            ref = self.ids[ref.removeprefix("id:")].removeprefix("sha256:")[:12]
        expect = self.ref.rmi(ref, force, self.ids)
        self.docker(["rmi", *(["-f"] if force else []), ref], expect)

    # --- time and persistence ----------------------------------------------------------------
    @rule(seconds=st.sampled_from(ADVANCES))
    def advance(self, seconds: float) -> None:
        note(f"(the clock moves {seconds} s)")
        self.ref.advance(seconds)
        self.engine.advance(seconds)

    @rule()
    def save_and_load(self) -> None:
        """The world goes through its JSON form (what the state file holds), passes the state
        file's checks (a world that would not load again is never saved), and carries on."""
        note("(the world is saved and loaded)")
        saved = self.engine.dumps()
        check_world(json.loads(saved))
        self.engine = type(self.engine).from_json(json.loads(saved), catalog=self.engine.catalog)
        assert self.engine.dumps() == saved

    # --- invariants --------------------------------------------------------------------------
    @invariant()
    def clock_agrees(self) -> None:
        assert self.engine.now == self.ref.now, (self.engine.now, self.ref.now)

    @invariant()
    def containers_agree(self) -> None:
        boxes = self.ref.boxes
        rows = self.query(["ps", "-a", "--format", "{{.Names}}|{{.State}}|{{.Ports}}"])
        want = {f"{n}|{b.status}|{self.ref.expected_ports(b)}" for n, b in boxes.items()}
        assert sorted(rows) == sorted(want)
        listed = self.query(["ps", "--format", "{{.Names}}"])
        assert sorted(listed) == sorted(n for n, b in boxes.items() if b.status in RUNNING)
        if not boxes:
            return
        addresses: Counter[tuple[str, str]] = Counter()
        for line in self.query(["inspect", "-f", INSPECT, *boxes]):
            name, status, code, count, error, nets, mounts = line.split("|")
            box = boxes[name.lstrip("/")]
            got = (status, int(code), int(count), bool(error), mounts.split())
            volumes = [box.volume] if box.volume else []
            assert got == (box.status, box.exit_code, box.restart_count, box.error, volumes), (
                line,
                box,
            )
            attached = dict(item.split("=") for item in nets.split())
            assert sorted(attached) == sorted(box.networks), (line, box)
            live = box.status in ("running", "paused")
            assert all(bool(ip) == live for ip in attached.values()), (line, box)
            addresses.update((net, ip) for net, ip in attached.items() if ip)
        assert all(n == 1 for n in addresses.values()), f"IP address used twice: {addresses}"

    @invariant()
    def volumes_networks_images_agree(self) -> None:
        assert sorted(self.query(["volume", "ls", "-q"])) == sorted(self.ref.volumes)
        networks = self.query(["network", "ls", "--format", "{{.Name}}"])
        assert sorted(networks) == sorted({*PREDEFINED_NETWORKS, *self.ref.networks})
        images = self.query(["images", "-a", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}"])
        assert sorted(images) == self.ref.expected_images(self.ids)

    @invariant()
    def layer_store_consistent(self) -> None:
        check_layer_store(self.engine)
        check_references(self.engine)
