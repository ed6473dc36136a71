"""What the in-process speed-ups keep (issue 14): each cache answers exactly as the work it
saves, and is passed over as soon as what it was derived from changes.

- a command is found where the image has it (`resolve.find`'s table shared by every fresh
  container of an image) until the container's own layer or a mount changes a path the search
  looked at;
- `--user` is read from the container's /etc/passwd, also when that file was edited;
- `network inspect` keeps its `Containers` until an endpoint joins, leaves or is renamed.
"""

from __future__ import annotations

import json

from dockersim.engine import Engine


def _engine() -> Engine:
    engine = Engine()
    assert engine.docker("pull -q busybox").exit_code == 0
    return engine


def test_a_program_written_over_the_images_is_the_one_run() -> None:
    # given: a container found `sleep` where the image has it, and one that wrote its own
    engine = _engine()
    first = engine.docker("run --rm busybox sh -c 'command -v sleep'")
    # when: a container puts a script earlier in PATH than the image's /bin/sleep
    script = "mkdir -p /usr/local/bin && printf '#!/bin/sh\\necho mine\\n' > /usr/local/bin/sleep"
    second = engine.docker(
        f'run --rm busybox sh -c "{script} && chmod +x /usr/local/bin/sleep && sleep 5"'
    )
    third = engine.docker("run --rm busybox sh -c 'command -v sleep'")
    # then: that container runs its own; the next fresh one the image's again
    assert first.stdout == "/bin/sleep\n"
    assert (second.stdout, second.exit_code) == ("mine\n", 0)
    assert third.stdout == "/bin/sleep\n"


def test_a_missing_program_is_missing_in_every_container() -> None:
    # given / when: the same unknown command twice (the second answered from the table)
    engine = _engine()
    results = [engine.docker("run --rm busybox nosuchprogram") for _ in range(2)]
    # then: both fail as runc does
    for result in results:
        assert result.exit_code == 127
        assert 'exec: "nosuchprogram": executable file not found in $PATH' in result.stderr


def test_a_volume_over_a_path_dir_hides_the_images_program() -> None:
    # given: a fresh container found `sleep` in /bin
    engine = _engine()
    assert engine.docker("run --rm busybox sh -c 'command -v sleep'").stdout == "/bin/sleep\n"
    # when: an empty tmpfs is mounted over /bin
    result = engine.docker("run --rm --tmpfs /bin busybox sleep 1")
    # then: nothing is found there any more
    assert result.exit_code == 127
    assert 'exec: "sleep": executable file not found in $PATH' in result.stderr


def test_the_user_is_read_from_the_containers_own_passwd() -> None:
    # given: busybox's passwd names nobody, and a container that adds a user of its own
    engine = _engine()
    nobody = engine.docker("run --rm --user nobody busybox id")
    added = engine.docker(
        "run --rm busybox sh -c \"echo 'me:x:1234:1234::/home/me:/bin/sh' >> /etc/passwd"
        ' && su me -c id"'
    )
    missing = engine.docker("run --rm --user me busybox id")
    # then: each is read from the file the process sees
    assert (nobody.stdout, nobody.exit_code) == (
        "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n",
        0,
    )
    assert added.stdout.startswith("uid=1234(me) gid=1234")
    assert missing.exit_code == 125
    assert missing.stderr.startswith(
        "docker: Error response from daemon: unable to find user me: no matching entries in"
        " passwd file\n"
    )


def _containers(engine: Engine) -> dict[str, dict[str, str]]:
    result = engine.docker("network inspect bridge")
    assert result.exit_code == 0
    document: list[dict[str, dict[str, dict[str, str]]]] = json.loads(result.stdout)
    return document[0]["Containers"]


def test_network_inspect_follows_joins_renames_and_leaves() -> None:
    # given: one running container on the bridge, inspected once
    engine = _engine()
    engine.docker("run -d --name one busybox sleep 1000")
    before = _containers(engine)
    # when: another joins, the first is renamed, then stopped
    engine.docker("run -d --name two busybox sleep 1000")
    joined = _containers(engine)
    engine.docker("rename one first")
    renamed = _containers(engine)
    engine.docker("stop -t 0 first")
    left = _containers(engine)
    # then: every inspect shows the network as it is
    assert sorted(c["Name"] for c in before.values()) == ["one"]
    assert sorted(c["Name"] for c in joined.values()) == ["one", "two"]
    assert sorted(c["Name"] for c in renamed.values()) == ["first", "two"]
    assert [(c["Name"], c["IPv4Address"]) for c in left.values()] == [("two", "172.17.0.3/16")]
