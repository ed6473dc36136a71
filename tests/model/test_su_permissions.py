"""`su USER -c CMD` runs CMD with USER's permissions: Unix permission checks, and the files it
makes are USER's (before, su changed the user's name and IDs but not what it could read)."""

from __future__ import annotations

from dockersim.engine import Engine


def test_su_on_debian_meets_permissions_and_owns_what_it_makes():
    engine = Engine()
    engine.docker("pull -q debian:bookworm")
    script = (
        "echo s2 > /tmp/y; chmod 600 /tmp/y; useradd -m bob;"
        ' su bob -c "cat /tmp/y; echo mine > ~/f; stat -c %U:%G ~/f; touch /root/z";'
        " cat /tmp/y"
    )
    got = engine.docker(["run", "--rm", "debian:bookworm", "sh", "-c", script])
    assert got.stdout == "bob:bob\ns2\n"
    assert got.stderr == (
        "cat: /tmp/y: Permission denied\ntouch: cannot touch '/root/z': Permission denied\n"
    )


def test_su_on_alpine_meets_permissions():
    engine = Engine()
    engine.docker("pull -q alpine")
    script = 'echo s2 > /tmp/y; chmod 600 /tmp/y; adduser -D bob; su bob -c "cat /tmp/y"'
    got = engine.docker(["run", "--rm", "alpine", "sh", "-c", script])
    assert (got.exit_code, got.stderr) == (1, "cat: can't open '/tmp/y': Permission denied\n")
