"""tar and gzip over a container's files; du and mount as Docker shows them; accounts."""

from __future__ import annotations

from dockersim.engine import Engine


def sh(engine: Engine, image: str, script: str, flags: str = "") -> tuple:
    engine.docker(f"pull -q {image}")
    result = engine.docker(["run", "--rm", *flags.split(), image, "sh", "-c", script])
    return result.stdout, result.stderr, result.exit_code


SETUP = "mkdir -p /src/sub && echo hi > /src/a.txt && echo yo > /src/sub/b && cd / && "


def test_tar_czf_then_list_and_extract(engine: Engine) -> None:
    script = (
        SETUP
        + "tar czf /tmp/s.tgz src && tar tzf /tmp/s.tgz && mkdir /dst && "
        + ("tar xzf /tmp/s.tgz -C /dst && cat /dst/src/sub/b")
    )
    assert sh(engine, "debian", script) == ("src/\nsrc/a.txt\nsrc/sub/\nsrc/sub/b\nyo\n", "", 0)


def test_tar_through_a_pipe_and_verbose_listing(engine: Engine) -> None:
    script = SETUP + "tar cf - src/a.txt | tar tvf -"
    assert sh(engine, "debian", script) == (
        "-rw-r--r-- root/root         3 2025-06-15 12:00 src/a.txt\n",
        "",
        0,
    )


def test_tar_errors_gnu(engine: Engine) -> None:
    script = "tar; echo $?; tar cf y.tar; echo $?; tar xf nope.tar; echo $?; tar cjf q src; echo $?"
    assert sh(engine, "debian", script) == (
        "2\n2\n2\n1\n",
        "tar: You must specify one of the '-Acdtrux', '--delete' or '--test-label' options\n"
        "Try 'tar --help' or 'tar --usage' for more information.\n"
        "tar: Cowardly refusing to create an empty archive\n"
        "Try 'tar --help' or 'tar --usage' for more information.\n"
        "tar: nope.tar: Cannot open: No such file or directory\n"
        "tar: Error is not recoverable: exiting now\n"
        "dockersim: not simulated in tar: option -j\n",
        0,
    )


def test_gzip_gunzip_zcat_round_trip(engine: Engine) -> None:
    script = (
        SETUP
        + "gzip src/a.txt && ls src && zcat src/a.txt.gz && gunzip src/a.txt.gz && cat src/a.txt"
    )
    assert sh(engine, "alpine", script) == ("a.txt.gz\nsub\nhi\nhi\n", "", 0)


def test_du_sizes_in_blocks_and_human(engine: Engine) -> None:
    script = SETUP + "du /src; du -sh /src; du -a -c src/sub"
    assert sh(engine, "debian", script) == (
        "8\t/src/sub\n16\t/src\n16K\t/src\n4\tsrc/sub/b\n8\tsrc/sub\n8\ttotal\n",
        "",
        0,
    )


def test_mount_lists_overlay_kernel_filesystems_and_the_container_mounts(engine: Engine) -> None:
    out, err, status = sh(
        engine, "debian", "mount | cut -d' ' -f1-5", "-v vol1:/data --tmpfs /run/x"
    )
    assert (err, status) == ("", 0)
    assert out.splitlines()[:1] + out.splitlines()[8:13] == [
        "overlay on / type overlay",
        "/dev/sda1 on /etc/resolv.conf type ext4",
        "/dev/sda1 on /etc/hostname type ext4",
        "/dev/sda1 on /etc/hosts type ext4",
        "/dev/sda1 on /data type ext4",
        "tmpfs on /run/x type tmpfs",
    ]


def test_useradd_then_su_runs_as_the_user(engine: Engine) -> None:
    script = (
        "useradd -m -s /bin/bash bob && tail -1 /etc/passwd && su bob -c id && "
        "su - bob -c pwd && useradd bob; echo $?"
    )
    assert sh(engine, "debian", script) == (
        "bob:x:1000:1000::/home/bob:/bin/bash\n"
        "uid=1000(bob) gid=1000(bob) groups=1000(bob)\n/home/bob\n9\n",
        "useradd: user 'bob' already exists\n",
        0,
    )


def test_debian_adduser_speaks_and_busybox_adduser_is_quiet(engine: Engine) -> None:
    assert sh(engine, "debian", "adduser --disabled-password --gecos '' ann && id ann") == (
        "info: Adding user `ann' ...\n"
        "info: Selecting UID/GID from range 1000 to 59999 ...\n"
        "info: Adding new group `ann' (1000) ...\n"
        "info: Adding new user `ann' (1000) with group `ann (1000)' ...\n"
        "info: Creating home directory `/home/ann' ...\n"
        "info: Copying files from `/etc/skel' ...\n"
        "info: Adding new user `ann' to supplemental / extra groups `users' ...\n"
        "info: Adding user `ann' to group `users' ...\n"
        "uid=1000(ann) gid=1000(ann) groups=1000(ann),100(users)\n",
        "",
        0,
    )
    assert sh(engine, "alpine", "adduser -D bob && tail -1 /etc/passwd && su bob -c whoami") == (
        "bob:x:1000:1000:Linux User,,,:/home/bob:/bin/sh\nbob\n",
        "",
        0,
    )


def test_chown_changes_the_owner(engine: Engine) -> None:
    script = "adduser -D bob && touch /f && chown bob:bob /f && stat -c '%u %g %U' /f; chown zz /f"
    assert sh(engine, "alpine", script) == (
        "1000 1000 bob\n",
        "chown: unknown user zz\n",
        1,
    )


def test_pager_passes_through_when_not_at_a_terminal(engine: Engine) -> None:
    assert sh(engine, "debian", "echo hi > /f; more /f") == ("hi\n", "", 0)
    assert sh(engine, "alpine", "echo x | less; echo y | more") == ("x\ny\n", "", 0)
