"""The cold `docker ps` path, second round (issue 14): lean saved records (schema version 3)
and `docker ps` columns computed a column at once and laid out without joining lines.

Each shortcut is checked against the long way on a world with containers in every state:
what a lean file reads back is the world that was saved (and what `docker` prints of it), an
older file with every field spelt out reads the same and is written lean only by a command
that changes something, and the fast table is the general path's table, byte for byte.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs
import pytest

from dockersim import store
from dockersim.docker.commands import ps
from dockersim.docker.render import formatter
from dockersim.docker.render.table import uniform_columns, uniform_table
from dockersim.engine import Engine
from dockersim.engine.world import SCHEMA_VERSION
from dockersim.engine.worldrecords import container_from_json, container_to_json

SETUP = (
    "pull -q busybox",
    "pull -q alpine",
    "network create mynet",
    "run -d --name web -p 8080:80 -p 127.0.0.1:9090:90/udp --expose 7000 busybox sleep 1000",
    "run -d --name paused busybox sleep 1000",
    "pause paused",
    "run -d --name flaky --restart on-failure:5 busybox sh -c 'exit 3'",
    "run -d --name hc --health-cmd true --health-interval 2s busybox sleep 1000",
    "create --name fresh -e A=1 -l x=y -t -i --stop-signal SIGINT alpine",
    "run --name done busybox sh -c 'echo out; echo err >&2; exit 2'",
    "run -d --name vol -v data:/data --read-only --memory 64m --network mynet busybox sleep 900",
    "run -d --name quoted busybox sh -c 'sleep 700'",
    "run --name files busybox sh -c 'echo hi > /made'",
    "run -d --name tabbed -l 'k=a\tb' -l 'wide=名前' --restart unless-stopped busybox sleep 99",
    "tag busybox mine/box:v1",
    "run -d --name gone mine/box:v1 sleep 500",
    "stop -t 0 gone",
    "rmi -f mine/box:v1",
)


@pytest.fixture(scope="module")
def engine() -> Engine:
    world = Engine()
    for line in SETUP:
        assert world.docker(line).exit_code == (2 if "exit 2" in line else 0), line
    world.advance(42.0)
    return world


def _names(engine: Engine) -> list[str]:
    return [c.display_name for c in engine.world.containers.values()]


def _full_record(container: Any) -> dict[str, Any]:
    """A container's record as version 2 wrote it: every field spelt out."""
    data = attrs.asdict(container, recurse=True, filter=lambda a, _v: "timers" not in a.name)
    for key in ("exit_at", "restart_at", "probe_at"):
        data[key] = data.pop(f"_{key}")
    data["logs"] = [list(item) for item in container.logs]
    data["handles"] = list(container.handles)
    return data


def test_a_lean_world_reads_back_as_the_world_saved(engine: Engine) -> None:
    text = engine.dumps()
    doc = json.loads(text)
    assert doc["version"] == SCHEMA_VERSION == 3
    again = Engine.from_json(json.loads(text))  # the checked path, as a file without a stamp
    assert again.dumps() == text
    commands = [
        "ps -a --no-trunc",
        "ps -a --format json",
        "inspect " + " ".join(_names(engine)),
        "diff files",
        "logs done",
        "port web",
    ]
    for line in commands:
        want, got = engine.docker(line), again.docker(line)
        assert (got.stdout, got.stderr, got.exit_code) == (want.stdout, want.stderr, want.exit_code)


def test_fields_at_their_defaults_are_left_out_and_others_kept(engine: Engine) -> None:
    doc = json.loads(engine.dumps())
    records = {c["name"]: c for c in doc["containers"]}
    quoted = records["/quoted"]
    assert set(quoted) == {
        "id", "name", "created", "image_id", "image_ref", "path", "args", "config",
        "host_config", "image_platform", "state", "serial", "networks", "exit_at",
    }  # fmt: skip
    assert quoted["host_config"] == {}
    assert set(quoted["state"]) == {"running", "pid", "started_at"}
    fresh = records["/fresh"]
    assert fresh["config"]["tty"] is True
    assert fresh["config"]["labels"] == {"x": "y"}
    assert records["/vol"]["host_config"] == {
        "memory": 64 * 1024 * 1024,
        "read_only": True,
        "network_mode": "mynet",
    }
    assert fresh["state"] == {}
    assert records["/flaky"]["host_config"]["restart_policy"] == {
        "name": "on-failure",
        "maximum_retry_count": 5,
    }
    assert records["/done"]["logs"][0][1:] == ["stdout", "out\n"]
    # a writable layer is kept only where the container wrote something
    made = records["/files"]["id"]
    assert doc["uppers"][made][0][0] == "/made"
    assert quoted["id"] not in doc["uppers"]
    assert quoted["id"] not in doc["opaques"]
    assert quoted["id"] not in doc["mtimes"]


def test_a_value_equal_to_its_default_but_of_another_type_is_kept(engine: Engine) -> None:
    container = engine.world.containers.by_name("/quoted")
    assert container is not None
    record = container_to_json(container)
    twin = container_from_json({**record, "next_pid": 2.0, "restart_delay": 0})
    back = container_to_json(twin)
    assert back["next_pid"] == 2.0 and type(back["next_pid"]) is float
    assert back["restart_delay"] == 0 and type(back["restart_delay"]) is int


def test_a_version_2_file_reads_the_same_and_is_written_lean_by_a_change(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dockersim.cli.docker import run_docker

    doc = json.loads(engine.dumps())
    doc["version"] = 2
    doc["containers"] = [_full_record(c) for c in engine.world.containers.values()]
    doc["uppers"] = {cid: [] for cid in engine.world.containers} | doc["uppers"]
    old = json.dumps(doc)
    path = tmp_path / store.STATE_FILE
    path.write_text(old)
    store._READ_AHEAD.clear()
    loaded, read = store.load(path)
    assert read == old
    assert loaded.dumps() == engine.dumps()
    monkeypatch.setenv("DOCKERSIM_HOME", str(tmp_path))
    monkeypatch.setenv("DOCKERSIM_CLOCK", "frozen")
    assert run_docker(["ps", "-a", "-q"]) == 0  # reads only: the old file stays as it was
    assert path.read_text() == old
    assert run_docker(["rm", "done"]) == 0
    saved = json.loads(path.read_text())
    assert saved["version"] == 3
    assert "/done" not in {c["name"] for c in saved["containers"]}
    assert all("exit_oom" not in c for c in saved["containers"])


FORMATS = [
    "",
    "table",
    "table {{.ID}}\t{{.Names}}\t{{.Labels}}",
    "table {{.Labels}}\t{{.Names}}",
    "table {{.Names}}\t{{.Status}}\t{{.State}}\t{{.Networks}}\t{{.Mounts}}\t{{.CreatedAt}}",
    "table {{.Names}}",
    "table {{.Image}}\t{{.Command}}\t{{.Size}}",
    "table x{{.Names}}\t{{.Ports}}",
    "{{.Names}}\t{{.Status}}",
]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("flags", ["-a", "-a --no-trunc", "", "-a -s"])
def test_the_fast_table_is_the_general_paths_table(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, fmt: str, flags: str
) -> None:
    argv = ["ps", *flags.split(), *(["--format", fmt] if fmt else [])]
    fast = engine.docker(argv)
    monkeypatch.setattr(formatter, "_columns_table", lambda *_: None)
    monkeypatch.setattr(ps._Row, "column", classmethod(lambda cls, field, rows: None))
    slow = engine.docker(argv)
    assert fast.exit_code == slow.exit_code == 0
    assert fast.stdout == slow.stdout
    assert fast.stdout.count("\n") > 1


def test_whole_columns_are_each_rows_fields(engine: Engine) -> None:
    from dockersim.docker.context import Context

    containers = engine.container_list()
    for no_trunc in (False, True):
        ctx = Context(engine=engine)
        rows = [ps._Row(ctx, c, no_trunc, {}) for c in containers]
        for field in ps._Row.COLUMNS:
            whole = ps._Row.column(field, rows)
            if whole is not None:
                assert whole == [row[field] for row in rows], field


@pytest.mark.parametrize(
    "columns",
    [
        [["A", "x\ty"], ["B", "z"]],  # a tab in a cell: its line has another cell
        [["A", "x\ny"], ["B", "z"]],
        [["A", "x\vy"], ["B", "z"]],
        [["A"]],
    ],
)
def test_uniform_columns_leave_what_breaks_a_line_to_the_writer(columns: list[list[str]]) -> None:
    assert uniform_columns(columns) is None


def test_uniform_columns_lay_out_as_uniform_table() -> None:
    columns = [["NAME", "名前", "ab…", "x"], ["ID", "1", "22", "333333333333"], ["Z", "", "", ""]]
    for some in (columns, columns[:2], columns[1:]):
        lines = ["\t".join(row) for row in zip(*some, strict=True)]
        assert uniform_columns(some) == uniform_table(lines)


@pytest.mark.parametrize("collecting", [True, False])
def test_ps_gives_the_collector_back_as_it_was(engine: Engine, collecting: bool) -> None:
    import gc

    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        table = engine.docker("ps -a")
        assert gc.isenabled() is collecting
        bad = engine.docker(["ps", "--format", "{{.Names"])
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
    assert table.stdout.startswith("CONTAINER ID   IMAGE ")
    assert bad.exit_code != 0
