"""`--rm` containers: removed when they exit or are stopped, but not by `docker restart`
(spec lifecycle-moby.md, moby's HasBeenManuallyRestarted)."""

from __future__ import annotations

from dockersim.engine import Engine


def names(engine: Engine) -> str:
    return engine.docker(["ps", "-a", "--format", "{{.Names}} {{.State}}"]).stdout


def test_restart_keeps_an_autoremove_container(engine: Engine) -> None:
    assert engine.docker("run -d --rm --name wx busybox top").exit_code == 0
    restarted = engine.docker("restart wx")
    assert (restarted.exit_code, restarted.stdout) == (0, "wx\n")
    assert names(engine) == "wx running\n"


def test_stop_after_a_restart_still_removes_it(engine: Engine) -> None:
    engine.docker("run -d --rm --name wx busybox top")
    engine.docker("restart wx")
    assert engine.docker("stop wx").exit_code == 0
    assert names(engine) == ""


def test_rename_to_a_taken_name_says_it_could_not_allocate(engine: Engine) -> None:
    engine.docker("create --name aa busybox")
    engine.docker("create --name rr busybox")
    result = engine.docker("rename aa rr")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error response from daemon: Error when allocating new name: "
        'Conflict. The container name "/rr"'
    )
