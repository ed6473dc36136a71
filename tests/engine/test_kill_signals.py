"""`docker kill -s SIG` (moby daemon/kill.go killWithSignal): every signal sent is a `kill` event;
a paused task is resumed after the signal that would stop it, so if it survives, it runs."""

from __future__ import annotations

from dockersim import Engine


def _actions(engine: Engine) -> list[str]:
    return [f"{e.action}:{dict(e.attributes).get('signal', '')}" for e in engine.system_events()
            if e.type == "container"]  # fmt: skip


def _status(engine: Engine, name: str) -> str:
    return engine.docker(["inspect", "-f", "{{.State.Status}}", name]).stdout.strip()


def test_a_signal_the_program_survives_is_still_a_kill_event() -> None:
    engine = Engine()
    engine.docker("run -d --name web nginx")
    assert engine.docker("kill -s HUP web").stdout == "web\n"
    assert _status(engine, "web") == "running"
    assert _actions(engine)[-1] == "kill:1"


def test_nginx_survives_the_signals_it_handles() -> None:
    engine = Engine()
    engine.docker("run -d --name web nginx")
    for sig in ("USR1", "WINCH"):
        assert engine.docker(f"kill -s {sig} web").exit_code == 0
        assert _status(engine, "web") == "running", sig
    engine.docker("kill -s QUIT web")
    assert engine.docker(["inspect", "-f", "{{.State.ExitCode}}", "web"]).stdout == "0\n"


def test_a_paused_task_is_resumed_after_a_signal_without_a_stop_signal() -> None:
    engine = Engine()
    engine.docker("run -d --name box busybox sleep 1000")
    engine.docker("pause box")
    assert engine.docker("kill -s USR1 box").exit_code == 0
    assert _status(engine, "box") == "running"
    assert _actions(engine)[-2:] == ["kill:10", "unpause:"]


def test_a_paused_task_stays_paused_for_a_signal_other_than_its_stop_signal() -> None:
    engine = Engine()
    engine.docker("run -d --name web nginx")  # STOPSIGNAL SIGQUIT
    engine.docker("pause web")
    engine.docker("kill -s USR1 web")
    assert _status(engine, "web") == "paused"
    assert _actions(engine)[-1] == "kill:10"
