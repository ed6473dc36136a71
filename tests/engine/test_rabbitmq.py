"""rabbitmq-server in the rabbitmq images: its start log, the management UI and API, its
command-line tools, the entrypoint's refusal of deprecated variables, and its stop."""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine


def run(engine: Engine, line: str) -> tuple[str, str, int]:
    result = engine.docker(line)
    return result.stdout, result.stderr, result.exit_code


@pytest.fixture
def mq(engine: Engine) -> Engine:
    engine.docker("network create app")
    started = engine.docker("run -d --name mq --hostname rabbit1 --network app rabbitmq:management")
    assert started.exit_code == 0, started.stderr
    engine.docker("pull -q buildpack-deps:bookworm-curl")
    return engine


def curl(engine: Engine, args: str) -> tuple[str, str, int]:
    return run(engine, f"run --rm --network app buildpack-deps:bookworm-curl curl -s {args}")


def _messages(logs: str) -> list[str]:
    """The log's messages without their time stamps."""
    return [
        line.split("] ", 1)[1] if "+00:00 [" in line[:40] else line for line in logs.splitlines()
    ]


def test_the_start_log_has_the_banner_node_and_plugins(mq: Engine) -> None:
    logs = mq.docker("logs mq").stdout
    assert "\n  ##  ##      RabbitMQ 4.1.0\n  ##  ##\n" in logs
    assert "  Starting broker..." in logs
    messages = _messages(logs)
    assert "<0.254.0>  node           : rabbit@rabbit1" in messages
    assert "<0.254.0>  data dir       : /var/lib/rabbitmq/mnesia/rabbit@rabbit1" in messages
    assert "<0.812.0> started TCP listener on [::]:5672" in messages
    assert messages[-6:] == [
        " completed with 4 plugins.",
        "<0.254.0> Server startup complete; 4 plugins started.",
        "<0.254.0>  * rabbitmq_prometheus",
        "<0.254.0>  * rabbitmq_management",
        "<0.254.0>  * rabbitmq_management_agent",
        "<0.254.0>  * rabbitmq_web_dispatch",
    ]


@pytest.mark.parametrize("tag", ["rabbitmq:4.1.0", "rabbitmq:alpine"])
def test_the_plain_image_starts_three_plugins(engine: Engine, tag: str) -> None:
    assert engine.docker(f"run -d --name plain {tag}").exit_code == 0
    logs = engine.docker("logs plain")
    assert "env: can't execute" not in logs.stderr
    assert _messages(logs.stdout)[-4:] == [
        "<0.254.0> Server startup complete; 3 plugins started.",
        "<0.254.0>  * rabbitmq_prometheus",
        "<0.254.0>  * rabbitmq_web_dispatch",
        "<0.254.0>  * rabbitmq_management_agent",
    ]
    assert "Management plugin" not in logs.stdout


def test_version_3_13_has_its_banner(engine: Engine) -> None:
    engine.docker("run -d --name old rabbitmq:3-management")
    logs = engine.docker("logs old").stdout
    assert "  ##  ##      RabbitMQ 3.13.7\n" in logs
    assert "Copyright (c) 2007-2024 Broadcom Inc and/or its subsidiaries" in logs


def test_the_default_user_comes_from_the_environment(engine: Engine) -> None:
    engine.docker(
        "run -d --name mq -e RABBITMQ_DEFAULT_USER=admin -e RABBITMQ_DEFAULT_PASS=s3cret "
        "rabbitmq:management"
    )
    messages = _messages(engine.docker("logs mq").stdout)
    assert "<0.254.0> Created user 'admin'" in messages
    assert "<0.254.0> Successfully set user tags for user 'admin' to [administrator]" in messages
    out, _, code = run(engine, "exec mq rabbitmqctl list_users")
    assert (out, code) == ("Listing users ...\nuser\ttags\nadmin\t[administrator]\n", 0)


def test_deprecated_variables_are_refused(engine: Engine) -> None:
    engine.docker("run -d --name mq -e RABBITMQ_VM_MEMORY_HIGH_WATERMARK=0.5 rabbitmq")
    engine.advance(1)
    logs = engine.docker("logs mq")
    assert logs.stderr == (
        "error: RABBITMQ_VM_MEMORY_HIGH_WATERMARK is set but deprecated\n"
        "error: deprecated environment variables detected\n\n"
        "Please use a configuration file instead; visit "
        "https://www.rabbitmq.com/configure.html to learn more\n\n"
    )
    state = engine.docker("inspect -f '{{.State.Status}} {{.State.ExitCode}}' mq").stdout
    assert state.strip() == "exited 1"


def test_diagnostics_ping_and_list_queues(mq: Engine) -> None:
    assert run(mq, "exec mq rabbitmq-diagnostics ping") == (
        "Will ping rabbit@rabbit1. This only checks if the OS process is running and registered "
        "with epmd. Timeout: 60000 ms.\nPing succeeded\n",
        "",
        0,
    )
    assert run(mq, "exec mq rabbitmq-diagnostics -q ping") == ("Ping succeeded\n", "", 0)
    assert run(mq, "exec mq rabbitmqctl list_queues") == (
        "Timeout: 60.0 seconds ...\nListing queues for vhost / ...\n",
        "",
        0,
    )
    out, err, code = run(mq, "exec mq rabbitmqctl status")
    assert out.startswith("Status of node rabbit@rabbit1 ...\nRuntime\n")
    assert "RabbitMQ version: 4.1.0\n" in out and code == 0
    assert "not simulated" in err


def test_other_commands_and_a_stopped_node_are_honest(mq: Engine) -> None:
    _, err, code = run(mq, "exec mq rabbitmqctl add_user bob pw")
    assert (err, code) == (
        "dockersim: not simulated in rabbitmqctl: rabbitmqctl add_user bob pw\n",
        1,
    )
    mq.docker("pull -q rabbitmq")
    _, err, code = run(mq, "run --rm rabbitmq rabbitmqctl list_queues")
    assert code == 69
    assert err.startswith("Error: unable to perform an operation on node 'rabbit@")


def test_the_management_ui_and_api_answer(mq: Engine) -> None:
    out, _, code = curl(mq, "http://mq:15672/")
    assert code == 0
    assert out.startswith(
        "<!DOCTYPE html>\n<html>\n  <head>\n    <title>RabbitMQ Management</title>"
    )
    out, _, _ = curl(mq, "-u guest:guest http://mq:15672/api/overview")
    overview = json.loads(out)
    assert overview["rabbitmq_version"] == "4.1.0"
    assert overview["node"] == "rabbit@rabbit1"
    assert overview["object_totals"]["queues"] == 0
    assert curl(mq, "http://mq:15672/api/overview")[0] == (
        '{"error":"not_authorized","reason":"Not_Authorized"}'
    )
    out, _, code = curl(mq, "-i -u guest:wrong http://mq:15672/api/overview")
    assert out.startswith("HTTP/1.1 401 Unauthorized\r\n")
    assert 'www-authenticate: Basic realm="RabbitMQ Management"\r\n' in out


def test_amqp_port_is_not_http_and_plain_image_has_no_ui(engine: Engine) -> None:
    engine.docker("network create app")
    engine.docker("run -d --name mq --network app rabbitmq")
    engine.docker("pull -q buildpack-deps:bookworm-curl")
    line = "run --rm --network app buildpack-deps:bookworm-curl curl -sS http://mq:{}/"
    assert run(engine, line.format(5672))[1:] == (
        "curl: (1) Received HTTP/0.9 when not allowed\n",
        1,
    )
    assert run(engine, line.format(15672))[2] == 7


def test_sigterm_stops_it_cleanly(mq: Engine) -> None:
    assert mq.docker("stop mq").exit_code == 0
    messages = _messages(mq.docker("logs mq").stdout)
    assert "<0.64.0> SIGTERM received - shutting down" in messages
    assert messages[-1] == "<0.254.0> Halting Erlang VM with the following applications:"
    state = mq.docker("inspect -f '{{.State.Status}} {{.State.ExitCode}}' mq").stdout
    assert state.strip() == "exited 0"
