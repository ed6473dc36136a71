"""Small gaps the tutorials met: /proc and /sys, -t shells that stay up, busybox's words,
the prune prompt, and `docker search` beyond the catalog."""

from __future__ import annotations

from dockersim.engine import Engine


def test_ls_root_lists_proc_and_sys_docker_mounts(engine: Engine) -> None:
    result = engine.docker("run --rm busybox ls /")
    assert result.stdout.split() == [
        "bin", "dev", "etc", "home", "lib", "lib64", "proc", "root", "sys", "tmp", "usr", "var",
    ]  # fmt: skip
    mounts = engine.docker("run --rm busybox mount").stdout.splitlines()
    assert [m for m in mounts if " on /proc " in m or " on /sys " in m] == [
        "proc on /proc type proc (rw,nosuid,nodev,noexec,relatime)",
        "sysfs on /sys type sysfs (ro,nosuid,nodev,noexec,relatime)",
    ]


def test_a_shell_on_a_tty_stays_up(engine: Engine) -> None:
    # given
    engine.docker("run -dt --name dt alpine")
    engine.docker("create -it --name it ubuntu")
    engine.docker("create -t --name tty ubuntu")
    engine.docker("create --name plain alpine")
    # when
    for name in ("it", "tty", "plain"):
        engine.docker(f"start {name}")
    engine.advance(5)
    # then
    states = engine.docker("ps -a --format {{.Names}}={{.State}}").stdout.split()
    assert sorted(states) == ["dt=running", "it=running", "plain=exited", "tty=running"]


def test_busybox_words_its_errors() -> None:
    engine = Engine(seed=0)
    for image in ("busybox", "debian"):
        engine.docker(["pull", "-q", image])
    script = "stat x; sed p x; echo $?; rm x; cat x; ls x"
    result = engine.docker(["run", "--rm", "busybox", "sh", "-c", script])
    assert result.stderr == (
        "stat: can't stat 'x': No such file or directory\n"
        "sed: can't open 'x': No such file or directory\n"
        "rm: can't remove 'x': No such file or directory\n"
        "cat: can't open 'x': No such file or directory\n"
        "ls: x: No such file or directory\n"
    )
    assert result.stdout == "1\n"
    gnu = engine.docker(["run", "--rm", "debian", "sh", "-c", "stat x; sed p x"])
    assert gnu.stderr == (
        "stat: cannot stat 'x': No such file or directory\n"
        "sed: can't read x: No such file or directory\n"
    )


def test_container_prune_reads_its_answer(engine: Engine) -> None:
    engine.docker("create --name gone alpine")
    no = engine.docker("container prune", stdin="n\n")
    assert no.stdout == (
        "WARNING! This will remove all stopped containers.\n"
        "Are you sure you want to continue? [y/N] "
    )
    assert engine.docker("ps -aq").stdout != ""
    yes = engine.docker("container prune", stdin="y\n")
    assert "Deleted Containers:\n" in yes.stdout
    assert engine.docker("ps -aq").stdout == ""


def test_search_answers_from_the_popular_index(engine: Engine) -> None:
    result = engine.docker("search --limit 4 nginx")
    assert result.stdout.splitlines() == [
        "NAME                  DESCRIPTION                                     STARS     OFFICIAL",
        "nginx                 Official build of Nginx.                        20810     [OK]",
        "jwilder/nginx-proxy   Automated Nginx reverse proxy for docker con…   2300      ",
        "linuxserver/nginx     An Nginx container, brought to you by LinuxS…   220       ",
        "bitnami/nginx         Bitnami container image for NGINX               200       ",
    ]
    official = engine.docker("search --filter is-official=true --format {{.Name}} redis").stdout
    assert official == "redis\n"
