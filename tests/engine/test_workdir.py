"""`-w` / WORKDIR: the daemon makes a missing working directory at create, in the container's
writable layer (moby create_unix.go, container.SetupWorkingDirectory), and refuses one that is
a file in the image."""

from __future__ import annotations

from dockersim.engine import Engine


def test_a_missing_working_directory_is_made_at_create():
    engine = Engine()
    engine.docker("pull -q alpine")
    got = engine.docker(
        ["run", "--name", "wd", "-w", "/srv/x/", "alpine", "sh", "-c", "pwd; ls -ld ."]
    )
    assert got.exit_code == 0
    assert got.stdout.splitlines()[0] == "/srv/x"
    assert got.stdout.splitlines()[1].startswith("drwxr-xr-x")
    assert engine.docker("diff wd").stdout == "C /srv\nA /srv/x\n"
    inspect = engine.docker("inspect --format {{.Config.WorkingDir}} wd").stdout
    assert inspect == "/srv/x\n"  # cleaned, as moby stores it


def test_create_alone_makes_it_too():
    engine = Engine()
    engine.docker("pull -q busybox")
    engine.docker("create --name made -w /app busybox true")
    assert engine.docker("diff made").stdout == "A /app\n"


def test_error_a_working_directory_that_is_a_file():
    engine = Engine()
    engine.docker("pull -q alpine")
    got = engine.docker("run --name nope -w /etc/hostname/x alpine pwd")
    assert got.exit_code == 125
    assert got.stderr == (
        "docker: Error response from daemon: Cannot mkdir: /etc/hostname/x is not a directory\n\n"
        "Run 'docker run --help' for more information\n"
    )
    assert engine.docker("ps -aq").stdout == ""  # nothing was created
