"""`docker system df`: the Local Volumes row and the verbose sections count real usage."""

from __future__ import annotations

from dockersim.engine import Engine


def test_volumes_row_counts_links_sizes_and_reclaimable(engine: Engine) -> None:
    engine.docker("volume create used")
    engine.docker("volume create idle")
    engine.docker("run -d --name box -v used:/data busybox sleep 1000")
    engine.docker(["run", "--rm", "-v", "idle:/d", "busybox", "sh", "-c", "echo hello > /d/x"])
    out = engine.docker("system df").stdout
    row = next(line for line in out.splitlines() if line.startswith("Local Volumes"))
    assert row.split()[2:] == ["2", "1", "6B", "6B", "(100%)"]
    verbose = engine.docker("system df -v").stdout
    assert "\nidle          0         6B\nused          1         0B\n" in verbose
    containers = verbose.split("Containers space usage:\n\n", 1)[1].split("\n\n", 1)[0]
    assert containers.splitlines()[1].split()[:6] == [
        engine.container_get("box").id[:12],
        "busybox",
        '"sleep',
        '1000"',
        "1",
        "0B",
    ]
