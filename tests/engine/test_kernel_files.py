"""The kernel's files in a container (model/kernelfs.py, engine/kernelfiles.py): the cgroup's
limits and the hostname read as on Linux; everything else the kernel has in /proc and /sys
says on stderr that dockersim does not simulate it, and the reading program fails. Nothing
there reads as missing when the kernel has it, nor as an empty directory."""

from __future__ import annotations

import pytest

from dockersim import Engine

CGROUP = "/sys/fs/cgroup"


@pytest.fixture(scope="module")
def engine() -> Engine:
    engine = Engine()
    for image in ("busybox", "ubuntu", "alpine"):
        assert engine.docker(f"pull -q {image}").exit_code == 0
    return engine


def run(engine: Engine, line: str) -> tuple[int, str, str]:
    got = engine.docker(line)
    return got.exit_code, got.stdout, got.stderr


@pytest.mark.parametrize(
    ("flags", "memory", "cpu", "pids"),
    [
        ("", "max", "max 100000", "max"),
        ("-m 64m --cpus 1.5 --pids-limit 100", "67108864", "150000 100000", "100"),
        ("--memory 10000000 --cpus 0.25", "9998336", "25000 100000", "max"),  # whole pages
        ("--pids-limit -1", "max", "max 100000", "max"),  # -1: unlimited
    ],
)
def test_the_containers_cgroup_holds_its_limits(
    engine: Engine, flags: str, memory: str, cpu: str, pids: str
) -> None:
    for image in ("busybox", "ubuntu"):
        files = " ".join(f"{CGROUP}/{name}" for name in ("memory.max", "cpu.max", "pids.max"))
        got = run(engine, f"run --rm {flags} {image} cat {files}")
        assert got == (0, f"{memory}\n{cpu}\n{pids}\n", "")


def test_the_hostname_file_is_the_containers(engine: Engine) -> None:
    got = run(engine, "run --rm --hostname box alpine cat /proc/sys/kernel/hostname")
    assert got == (0, "box\n", "")
    created = engine.docker("create busybox cat /proc/sys/kernel/hostname")
    cid = created.stdout.strip()
    assert run(engine, f"start -a {cid}") == (0, cid[:12] + "\n", "")


@pytest.mark.parametrize(
    ("image", "line", "said"),
    [
        ("busybox", "cat /proc/cpuinfo", "cat: can't open '/proc/cpuinfo': {}\n"),
        ("ubuntu", "cat /proc/meminfo", "cat: /proc/meminfo: {}\n"),
        ("busybox", "cat /proc/1/status", "cat: can't open '/proc/1/status': {}\n"),
        ("ubuntu", "cat /proc/self/status", "cat: /proc/self/status: {}\n"),
        ("alpine", "cat /sys/class/net/eth0/address",
         "cat: can't open '/sys/class/net/eth0/address': {}\n"),
        ("busybox", "ls /proc", "ls: can't open '/proc': {}\n"),
        ("ubuntu", "ls /sys/fs/cgroup",
         "ls: cannot open directory '/sys/fs/cgroup': {}\n"),
        ("busybox", "stat /proc/uptime", "stat: can't stat '/proc/uptime': {}\n"),
        ("busybox", "sh -c 'echo 1 > /proc/cpuinfo'", "sh: can't create /proc/cpuinfo: {}\n"),
    ],
)  # fmt: skip
def test_what_is_not_simulated_says_so(engine: Engine, image: str, line: str, said: str) -> None:
    status, out, err = run(engine, f"run --rm {image} {line}")
    assert status != 0
    assert out == ""
    assert err == said.format("dockersim: not simulated")


@pytest.mark.parametrize(
    ("image", "said"),
    [
        ("busybox", "cat: can't open '/proc/nonsense': No such file or directory\n"),
        ("ubuntu", "cat: /proc/nonsense: No such file or directory\n"),
    ],
)
def test_what_the_kernel_does_not_have_is_missing(engine: Engine, image: str, said: str) -> None:
    assert run(engine, f"run --rm {image} cat /proc/nonsense") == (1, "", said)


def test_procs_read_only_parts_refuse_writes(engine: Engine) -> None:
    got = run(engine, "run --rm busybox sh -c 'echo x > /proc/sys/kernel/hostname'")
    assert got == (1, "", "sh: can't create /proc/sys/kernel/hostname: Read-only file system\n")
    got = run(engine, f"run --rm ubuntu sh -c 'echo 1 > {CGROUP}/pids.max'")
    assert got == (2, "", f"sh: 1: cannot create {CGROUP}/pids.max: Read-only file system\n")


def test_the_kernels_roots_are_read_only_directories(engine: Engine) -> None:
    status, out, _ = run(engine, "run --rm busybox ls -ld /proc /sys")
    assert status == 0
    assert [line.split()[0] for line in out.splitlines()] == ["dr-xr-xr-x", "dr-xr-xr-x"]


@pytest.mark.parametrize(
    ("image", "line", "said"),
    [
        ("busybox", "find / -name passwd", ["find: /proc: {}", "find: /sys: {}"]),
        ("ubuntu", "find / -name passwd", ["find: '/proc': {}", "find: '/sys': {}"]),
        ("busybox", "du -s /", ["du: can't open '/proc': {}", "du: can't open '/sys': {}"]),
        ("ubuntu", "du -s /", ["du: cannot read directory '/proc': {}",
                               "du: cannot read directory '/sys': {}"]),
        ("busybox", "grep -r root /etc /proc", ["grep: /proc: {}"]),
        ("busybox", "tar cf /tmp/all.tar /", ["tar: removing leading '/' from member names",
                                              "tar: proc: {}", "tar: sys: {}"]),
    ],
)  # fmt: skip
def test_a_walk_over_the_kernels_files_says_so_and_goes_on(
    engine: Engine, image: str, line: str, said: list[str]
) -> None:
    status, out, err = run(engine, f"run --rm {image} {line}")
    assert status != 0
    assert err.splitlines() == [text.format("dockersim: not simulated") for text in said]
    if line.startswith("find"):  # what lies past /proc is still found
        assert "/etc/passwd" in out.splitlines()
        assert ("/bin/passwd" if image == "busybox" else "/usr/bin/passwd") in out.splitlines()
    if line.startswith("grep"):
        assert "/etc/passwd:root:x:0:0:root:/root:/bin/sh" in out.splitlines()


def test_the_daemon_does_not_see_them(engine: Engine) -> None:
    """docker cp reads the container's files as the daemon mounts them: no procfs or sysfs."""
    cid = engine.docker("run -d -m 64m busybox sleep 1000").stdout.strip()
    for path in ("/proc/cpuinfo", f"{CGROUP}/memory.max"):
        got = run(engine, f"cp {cid[:12]}:{path} -")
        assert got[0] == 1
        said = f"Could not find the file {path} in container {cid[:12]}"
        assert got[2] == f"Error response from daemon: {said}\n"  # (named as the client did)
    assert run(engine, f"exec {cid[:12]} cat {CGROUP}/memory.max") == (0, "67108864\n", "")


def test_a_path_that_leaves_them_reads_on(engine: Engine) -> None:
    got = run(engine, "run --rm busybox cat /proc/sys/kernel/../../../etc/hostname")
    assert got[0] == 0
    assert len(got[1].strip()) == 12


def test_a_user_other_than_root_sees_the_same(engine: Engine) -> None:
    got = run(
        engine,
        f"run --rm -u nobody -m 8m busybox sh -c 'find / -name passwd; cat {CGROUP}/memory.max'",
    )
    assert got == (
        0,  # (cat's)
        "/bin/passwd\n/etc/passwd\n8388608\n",
        "find: /proc: dockersim: not simulated\nfind: /sys: dockersim: not simulated\n",
    )


# --- a process's own files: /proc/self, /proc/PID ----------------------------------------------
def test_a_process_reads_its_own_command_line(engine: Engine) -> None:
    got = run(engine, "run --rm alpine cat /proc/self/cmdline")
    assert got == (0, "cat\0/proc/self/cmdline\0", "")
    got = engine.docker(["run", "--rm", "alpine", "sh", "-c", "cat /proc/1/cmdline; echo"])
    assert got.stdout == "sh\0-c\0cat /proc/1/cmdline; echo\0\n"  # PID 1 is the shell


def test_self_is_the_readers_pid(engine: Engine) -> None:
    script = "readlink /proc/self; readlink /proc/self; cat /proc/self/comm /proc/self/cgroup; true"
    got = engine.docker(["run", "--rm", "busybox", "sh", "-c", script])
    assert got.stdout == "7\n8\ncat\n0::/\n"  # each program a child of its own PID
    got = engine.docker(["run", "--rm", "busybox", "sh", "-c", "ls -l /proc/self /proc/mounts"])
    assert [line.split(None, 8)[8] for line in got.stdout.splitlines()] == [
        "/proc/mounts -> self/mounts",
        "/proc/self -> 1",  # (ls was exec'd: it is PID 1)
    ]


def test_environ_is_the_readers_own(engine: Engine) -> None:
    got = run(engine, "run --rm -e GREETING=hi alpine env -i A=1 B=2 cat /proc/self/environ")
    assert got == (0, "A=1\0B=2\0", "")
    got = engine.docker(["run", "--rm", "alpine", "sh", "-c", "cat /proc/1/environ; true"])
    assert got.stderr == "cat: can't open '/proc/1/environ': dockersim: not simulated\n"


def test_mounts_are_the_mount_tables_lines(engine: Engine) -> None:
    mounts = run(engine, "run --rm -v data:/data alpine cat /proc/mounts")[1].splitlines()
    listed = run(engine, "run --rm -v data:/data alpine mount")[1].splitlines()
    assert len(mounts) == len(listed) > 5
    assert mounts[0].startswith("overlay / overlay rw,relatime,lowerdir=/var/lib/docker/")
    assert "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0" in mounts
    assert "/dev/sda1 /data ext4 rw,relatime 0 0" in mounts
    assert all(line.endswith(" 0 0") for line in mounts)


def test_a_process_that_is_not_there_is_missing(engine: Engine) -> None:
    got = run(engine, "run --rm busybox cat /proc/99/cmdline")
    assert got == (1, "", "cat: can't open '/proc/99/cmdline': No such file or directory\n")
