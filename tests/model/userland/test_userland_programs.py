"""The programs inside containers: real formats and error texts, and their filesystem effects."""

from __future__ import annotations

import pytest
from userland_fixtures import NOW, OS_RELEASE_UBUNTU, alpine_tree, debian_tree, out, proc

from dockersim.model.fs import FileEntry
from dockersim.model.userland import (
    ExecIsDirectory,
    ExecNotFound,
    ExecPermission,
    ProcInfo,
    execute,
    run_shell,
)


def run(script: str, shell: str = "dash", **kw: object) -> tuple[str, str, int | None]:
    fs = alpine_tree() if shell == "ash" else debian_tree()
    return out(run_shell(script, proc(fs, **kw), shell))


PROGRAM_CASES = [
    ("mkdir -p /srv/a/b && touch /srv/a/f && ls /srv/a", "b\nf\n", "", 0),
    ("mkdir /tmp/x /tmp/x", "", "mkdir: cannot create directory '/tmp/x': File exists\n", 1),
    ("mkdir /e && ls -l /e", "total 0\n", "", 0),
    ("rm /nope", "", "rm: cannot remove '/nope': No such file or directory\n", 1),
    ("mkdir /d; rm /d", "", "rm: cannot remove '/d': Is a directory\n", 1),
    (
        "mkdir -p /d/e; touch /d/e/f; rm -rf /d; ls /d",
        "",
        "ls: cannot access '/d': No such file or directory\n",
        2,
    ),
    (
        "echo x > /tmp/a; cp /tmp/a /tmp/b; mv /tmp/b /tmp/c; ls /tmp; cat /tmp/c",
        "a\nc\nx\n",
        "",
        0,
    ),
    ("cp /etc /tmp/e", "", "cp: -r not specified; omitting directory '/etc'\n", 1),
    ("ln -s /etc/hostname /tmp/h; cat /tmp/h", "abc\n", "", 0),
    ("cat /nope", "", "cat: /nope: No such file or directory\n", 1),
    ("ls -z", "", "ls: invalid option -- 'z'\nTry 'ls --help' for more information.\n", 2),
    ("head -n 1 /etc/passwd", "root:x:0:0:root:/root:/bin/bash\n", "", 0),
    ("printf 'a\\nb\\nc\\n' | tail -n 2", "b\nc\n", "", 0),
    ("printf 'a b\\nc\\n' | wc", "      2       3       6\n", "", 0),
    ("wc -l /etc/group", "3 /etc/group\n", "", 0),
    ("printf 'b\\na\\nb\\n' | sort | uniq -c", "      1 a\n      2 b\n", "", 0),
    ("grep -n root /etc/passwd", "1:root:x:0:0:root:/root:/bin/bash\n", "", 0),
    ("grep -c nologin /etc/passwd", "2\n", "", 0),
    ("grep zzz /etc/passwd; echo $?", "1\n", "", 0),
    ("echo hello world | sed 's/world/there/'", "hello there\n", "", 0),
    ("echo 'a:b:c' | cut -d: -f2", "b\n", "", 0),
    ("echo 'a b c' | awk '{print $2}'", "b\n", "", 0),
    ("seq 3", "1\n2\n3\n", "", 0),
    ("basename /a/b.txt .txt; dirname /a/b.txt", "b\n/a\n", "", 0),
    ("id", "uid=0(root) gid=0(root) groups=0(root)\n", "", 0),
    ("whoami; hostname", "root\nabc123\n", "", 0),
    ("date", "Sun Jun 15 12:00:00 UTC 2025\n", "", 0),
    ("sleep 60; date +%H:%M:%S", "12:01:00\n", "", 0),
    ("uname; uname -r; uname -m", "Linux\n6.8.0-60-generic\nx86_64\n", "", 0),
    ("which ls; which nope; echo $?", "/usr/bin/ls\n1\n", "", 0),
    ("find /etc -name 'pass*'", "/etc/passwd\n", "", 0),
    ("echo /etc/passwd | xargs cat | head -n 1", "root:x:0:0:root:/root:/bin/bash\n", "", 0),
    ("env -i A=1 env", "A=1\n", "", 0),
    ("test -f /etc/passwd && [ 3 -gt 2 ] && echo ok", "ok\n", "", 0),
    ("ps", "", "sh: 1: ps: not found\n", 127),
    (
        "sleep x",
        "",
        "sleep: invalid time interval 'x'\nTry 'sleep --help' for more information.\n",
        1,
    ),
    # a digit of another script is no number to coreutils 9.1 (a Python `\d` took it)
    (
        "sleep \u0663",
        "",
        "sleep: invalid time interval '\u0663'\nTry 'sleep --help' for more information.\n",
        1,
    ),
    ("sleep 007 .5s; date +%H:%M:%S", "12:00:07\n", "", 0),
]


@pytest.mark.parametrize(("script", "stdout", "stderr", "code"), PROGRAM_CASES)
def test_gnu_programs(script: str, stdout: str, stderr: str, code: int) -> None:
    assert run(script) == (stdout, stderr, code)


BUSYBOX_CASES = [
    ("cat /nope", "", "cat: can't open '/nope': No such file or directory\n", 1),
    ("rm /nope", "", "rm: can't remove '/nope': No such file or directory\n", 1),
    ("ls /nope", "", "ls: /nope: No such file or directory\n", 1),
    ("mkdir /tmp", "", "mkdir: can't create directory '/tmp': File exists\n", 1),
    ("echo -e 'a\\tb'", "a\tb\n", "", 0),
    ("ps", "PID   USER     TIME  COMMAND\n    1 root      0:00 ps\n", "", 0),
    (
        "id",
        "uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),10(wheel)\n",
        "",
        0,
    ),
    (
        "ls -l /etc/alpine-release",
        "-rw-r--r--    1 root     root             7 May 20 00:00 /etc/alpine-release\n",
        "",
        0,
    ),
    ("curl", "", "sh: curl: not found\n", 127),
]


@pytest.mark.parametrize(("script", "stdout", "stderr", "code"), BUSYBOX_CASES)
def test_busybox_applets(script: str, stdout: str, stderr: str, code: int) -> None:
    assert run(script, "ash") == (stdout, stderr, code)


def test_error_busybox_unknown_option_prints_usage() -> None:
    stdout, stderr, code = run("ls -z", "ash")
    lines = stderr.splitlines()
    assert (stdout, code) == ("", 1)
    assert lines[:4] == [
        "ls: unrecognized option: z",
        "BusyBox v1.37.0 (2025-05-26 20:04:45 UTC) multi-call binary.",
        "",
        "Usage: ls [-1AaCxdLHRFplinshrSXvctu] [-w WIDTH] [FILE]...",
    ]


def test_ls_long_format() -> None:
    fs = debian_tree(
        extra=(
            FileEntry.directory("/srv/site"),
            FileEntry.file("/srv/site/index.html", "x" * 615),
            FileEntry.file("/srv/site/run.sh", "#!/bin/sh\n", 0o755),
            FileEntry.directory("/srv/site/img"),
            FileEntry.symlink("/srv/site/latest", "index.html"),
        )
    )
    t = run_shell("echo new > /srv/site/new.txt; ls -l /srv/site", proc(fs))
    assert out(t) == (
        "total 16\n"
        "drwxr-xr-x 2 root root 4096 May 20 00:00 img\n"
        "-rw-r--r-- 1 root root  615 May 20 00:00 index.html\n"
        "lrwxrwxrwx 1 root root   10 May 20 00:00 latest -> index.html\n"
        "-rw-r--r-- 1 root root    4 Jun 15 12:00 new.txt\n"
        "-rwxr-xr-x 1 root root   10 May 20 00:00 run.sh\n",
        "",
        0,
    )


def test_ls_la_shows_dot_entries() -> None:
    t = run_shell("mkdir /w; touch /w/.hidden; ls -a /w; ls /w", proc(debian_tree()))
    assert out(t) == (".\n..\n.hidden\n", "", 0)


def test_apt_get_install_needs_update_first() -> None:
    p = proc(debian_tree())
    before = run_shell("apt-get install -y curl", p)
    assert out(before) == (
        "Reading package lists...\nBuilding dependency tree...\nReading state information...\n",
        "E: Unable to locate package curl\n",
        100,
    )
    update = run_shell("apt-get update", p)
    assert (
        update.stdout.splitlines()[0]
        == "Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]"
    )
    assert update.stdout.endswith("Reading package lists...\n") and update.exit_code == 0
    install = run_shell("apt-get install -y curl && test -x /usr/bin/curl; echo $?", p)
    lines = install.stdout.splitlines()
    assert "The following NEW packages will be installed:" in lines
    assert "Setting up curl (7.88.1-10+deb12u12) ..." in lines
    assert lines[-1] == "0"
    assert p.fs.exists("/usr/bin/curl") and p.fs.exists("/usr/share/doc/curl/copyright")


def test_apt_get_update_on_ubuntu_uses_noble_archive() -> None:
    p = proc(debian_tree(os_release=OS_RELEASE_UBUNTU), tty=True)
    t = run_shell("apt-get update", p)
    assert (
        t.stdout.splitlines()[0]
        == "Get:1 http://archive.ubuntu.com/ubuntu noble InRelease [256 kB]"
    )
    assert t.stdout.endswith("Reading package lists... Done\n") and t.duration == 3.0


def test_apk_add_curl() -> None:
    p = proc(alpine_tree())
    t = run_shell("apk add curl", p, "ash")
    assert t.stdout == (
        "fetch https://dl-cdn.alpinelinux.org/alpine/v3.22/main/x86_64/APKINDEX.tar.gz\n"
        "fetch https://dl-cdn.alpinelinux.org/alpine/v3.22/community/x86_64/APKINDEX.tar.gz\n"
        "(1/9) Installing brotli-libs (1.1.0-r2)\n"
        "(2/9) Installing c-ares (1.34.5-r0)\n"
        "(3/9) Installing libunistring (1.3-r0)\n"
        "(4/9) Installing libidn2 (2.3.7-r0)\n"
        "(5/9) Installing nghttp2-libs (1.65.0-r0)\n"
        "(6/9) Installing libpsl (0.21.5-r3)\n"
        "(7/9) Installing zstd-libs (1.5.7-r0)\n"
        "(8/9) Installing libcurl (8.14.1-r1)\n"
        "(9/9) Installing curl (8.14.1-r1)\n"
        "Executing busybox-1.37.0-r18.trigger\n"
        "OK: 12 MiB in 25 packages\n"
    )
    assert out(run_shell("apk add nope", p, "ash")) == (
        "",
        "ERROR: unable to select packages:\n  nope (no such package):\n"
        "    required by: world[nope]\n",
        1,
    )


def test_pip_install_flask_writes_site_packages() -> None:
    fs = debian_tree(extra=(FileEntry.program("/usr/local/bin/pip", "pip", "x86_64"),))
    p = proc(fs, env={"PYTHON_VERSION": "3.12.11"})
    t = run_shell("pip install flask", p)
    lines = t.stdout.splitlines()
    assert lines[0] == "Collecting flask"
    assert "Downloading flask-3.1.1-py3-none-any.whl (103 kB)" in lines
    assert lines[-1] == (
        "Successfully installed blinker-1.9.0 click-8.2.1 flask-3.1.1 itsdangerous-2.2.0 "
        "jinja2-3.1.6 markupsafe-3.0.2 werkzeug-3.1.3"
    )
    assert fs.exists("/usr/local/lib/python3.12/site-packages/flask/__init__.py")


def test_python_and_node_versions_come_from_env() -> None:
    fs = debian_tree(
        extra=(
            FileEntry.program("/usr/local/bin/python3", "python3", "x86_64"),
            FileEntry.program("/usr/local/bin/node", "node", "x86_64"),
        )
    )
    p = proc(fs, env={"PYTHON_VERSION": "3.12.11", "NODE_VERSION": "20.19.2"})
    assert out(run_shell("python3 --version; node --version", p)) == (
        "Python 3.12.11\nv20.19.2\n",
        "",
        0,
    )


def test_execute_runs_programs_and_scripts() -> None:
    fs = debian_tree(
        extra=(FileEntry.file("/entry.sh", '#!/bin/sh\necho "args: $*"\nfoo\n', 0o755),)
    )
    p = proc(fs)
    assert out(execute(["echo", "hi"], p)) == ("hi\n", "", 0)
    assert out(execute(["/entry.sh", "a", "b"], p)) == (
        "args: a b\n",
        "/entry.sh: 3: foo: not found\n",
        127,
    )


def test_error_execute_raises_for_the_runtime() -> None:
    fs = debian_tree(extra=(FileEntry.file("/noexec", "x"),))
    p = proc(fs)
    with pytest.raises(ExecNotFound) as missing:
        execute(["ps"], p)
    assert missing.value.name == "ps"
    with pytest.raises(ExecIsDirectory):
        execute(["/tmp"], p)
    with pytest.raises(ExecPermission):
        execute(["/noexec"], p)


def test_ps_lists_container_processes() -> None:
    procs = [ProcInfo(1, 0, "root", "sleep infinity", NOW - 60)]
    fs = alpine_tree()
    p = proc(fs, processes=lambda: procs)
    assert out(run_shell("ps", p, "ash")) == (
        "PID   USER     TIME  COMMAND\n"
        "    1 root      0:00 sleep infinity\n"
        "    2 root      0:00 ps\n",
        "",
        0,
    )
    t = run_shell("kill -TERM 1; kill 99", p, "ash")
    assert out(t) == ("", "sh: kill: can't kill pid 99: No such process\n", 1)
    assert p.killed == [(1, "SIGTERM")]


def test_only_the_upper_layer_changes() -> None:
    fs = debian_tree()
    lower = dict(fs.lower)
    run_shell("rm -rf /etc; mkdir /new; echo x > /tmp/x; apt-get update", proc(fs))
    assert dict(fs.lower) == lower
    assert {p for p, e in fs.upper.items() if e.kind == "whiteout"} >= {"/etc"}
    assert fs.exists("/new") and fs.exists("/tmp/x") and not fs.exists("/etc/passwd")
