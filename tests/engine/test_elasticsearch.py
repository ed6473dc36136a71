"""elasticsearch in the elasticsearch images: its start log and security banner, HTTPS and
Basic authentication on 9200, plain HTTP with security off, documents, and its stop."""

from __future__ import annotations

import json

from dockersim.engine import Engine

EXPECTED_HEALTH_KEYS = [
    "cluster_name",
    "status",
    "timed_out",
    "number_of_nodes",
    "number_of_data_nodes",
    "active_primary_shards",
    "active_shards",
    "relocating_shards",
    "initializing_shards",
    "unassigned_shards",
    "unassigned_primary_shards",
    "delayed_unassigned_shards",
    "number_of_pending_tasks",
    "number_of_in_flight_fetch",
    "task_max_waiting_in_queue_millis",
    "active_shards_percent_as_number",
]


def start(engine: Engine, options: str, tag: str = "elasticsearch:8.18.2") -> str:
    started = engine.docker(f"run -d --name es {options} {tag}")
    assert started.exit_code == 0, started.stderr
    engine.advance(5)
    logs = engine.docker("logs es")
    assert logs.stderr == ""
    return logs.stdout


def ex(engine: Engine, line: str) -> tuple[str, str, int]:
    result = engine.docker(f"exec es {line}")
    return result.stdout, result.stderr, result.exit_code


def test_default_run_logs_ecs_lines_then_the_security_banner(engine: Engine) -> None:
    out = start(engine, "")
    lines = out.splitlines()
    first = json.loads(lines[0])
    assert first["log.level"] == "INFO"
    assert first["message"] == "Using [jdk] native provider and native methods for [Linux]"
    assert first["elasticsearch.cluster.name"] == "docker-cluster"
    second = json.loads(lines[1])["message"]
    assert second.startswith("version[8.18.2], pid[73], build[docker/")
    assert "OS[Linux/6.8.0-60-generic/amd64]" in second
    messages = [json.loads(line)["message"] for line in lines if line.startswith("{")]
    assert "publish_address {172.17.0.2:9200}, bound_addresses {0.0.0.0:9200}" in messages
    assert any(m.startswith("started {") for m in messages)
    assert "✅ Elasticsearch security features have been automatically configured!" in out
    assert "ℹ️  Password for the elastic user (reset with " in out
    assert "ℹ️  HTTP CA certificate SHA-256 fingerprint:" in out


def test_security_on_https_and_basic_auth(engine: Engine) -> None:
    out = start(engine, "-e discovery.type=single-node")
    password = out.split("elastic user")[1].splitlines()[1].strip()
    assert len(password) == 20
    assert ex(engine, "curl http://localhost:9200") == (
        "",
        "curl: (52) Empty reply from server\n",
        52,
    )
    _, err, code = ex(engine, "curl https://localhost:9200")
    assert code == 60
    assert err.startswith("curl: (60) SSL certificate problem: self-signed certificate in ")
    body, _, code = ex(engine, "curl -s -k -u elastic:wrong https://localhost:9200")
    assert code == 0
    assert json.loads(body)["status"] == 401
    assert body.startswith(
        '{"error":{"root_cause":[{"type":"security_exception","reason":"unable to authenticate '
        'user [elastic] for REST request [/]","header":{"WWW-Authenticate":["Basic realm=\\"'
        'security\\", charset=\\"UTF-8\\"","Bearer realm=\\"security\\"","ApiKey"]}}]'
    )
    body, _, _ = ex(engine, "curl -s -k https://localhost:9200")
    assert "missing authentication credentials for REST request [/]" in body
    body, _, code = ex(
        engine,
        f"curl -s --cacert config/certs/http_ca.crt -u elastic:{password} https://localhost:9200",
    )
    assert code == 0
    banner = json.loads(body)
    assert banner["cluster_name"] == "docker-cluster"
    assert banner["tagline"] == "You Know, for Search"
    assert banner["version"]["number"] == "8.18.2"
    assert banner["version"]["build_flavor"] == "default"
    assert banner["version"]["build_type"] == "docker"
    assert body.startswith('{\n  "name" : "')
    assert body.endswith("\n}\n")


def test_elastic_password_is_used_and_no_password_is_printed(engine: Engine) -> None:
    out = start(engine, "-e discovery.type=single-node -e ELASTIC_PASSWORD=s3cret")
    assert out.startswith(
        "Created elasticsearch keystore in /usr/share/elasticsearch/config/elasticsearch.keystore\n"
    )
    assert "Password for the elastic user" not in out
    body, _, _ = ex(engine, "curl -s -k -u elastic:s3cret https://localhost:9200/_cluster/health")
    health = json.loads(body)
    assert list(health) == EXPECTED_HEALTH_KEYS
    assert health["status"] == "green"


def test_security_off_plain_http_from_another_container(engine: Engine) -> None:
    engine.docker("network create app")
    start(
        engine,
        "--network app -e discovery.type=single-node -e xpack.security.enabled=false",
        "elasticsearch:9.0.1",
    )
    body, _, code = ex(engine, "curl -s http://localhost:9200")
    assert code == 0
    assert json.loads(body)["version"]["number"] == "9.0.1"
    engine.docker("pull -q buildpack-deps:bookworm-curl")
    other = engine.docker("run --rm --network app buildpack-deps:bookworm-curl curl -s es:9200")
    assert other.exit_code == 0, other.stderr
    assert json.loads(other.stdout)["name"] == json.loads(body)["name"]
    https = engine.docker(
        "run --rm --network app buildpack-deps:bookworm-curl curl -s -k https://es:9200"
    )
    assert https.exit_code == 35


def test_documents_put_get_search(engine: Engine) -> None:
    start(engine, "-e discovery.type=single-node -e xpack.security.enabled=false")
    body, _, _ = ex(engine, "curl -s -X PUT localhost:9200/books/_doc/1 -d '{\"t\":1}'")
    assert body == (
        '{"error":"Content-Type header [application/x-www-form-urlencoded] is not supported",'
        '"status":406}'
    )
    put = "curl -s -X PUT localhost:9200/books/_doc/1 -H 'Content-Type: application/json'"
    body, _, _ = ex(engine, put + " -d '{\"t\":1}'")
    assert body == (
        '{"_index":"books","_id":"1","_version":1,"result":"created","_shards":'
        '{"total":2,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1}'
    )
    body, _, _ = ex(engine, "curl -s localhost:9200/books/_doc/1")
    assert body == (
        '{"_index":"books","_id":"1","_version":1,"_seq_no":0,"_primary_term":1,'
        '"found":true,"_source":{"t":1}}'
    )
    body, _, _ = ex(engine, "curl -s localhost:9200/books/_search")
    assert json.loads(body)["hits"]["total"] == {"value": 1, "relation": "eq"}
    body, _, _ = ex(engine, "curl -s localhost:9200/_cluster/health")
    assert json.loads(body)["status"] == "yellow"  # the replica has no second node
    body, _, _ = ex(engine, "curl -s localhost:9200/nope/_doc/1")
    assert json.loads(body)["error"]["type"] == "index_not_found_exception"
    body, _, _ = ex(engine, "curl -s localhost:9200/_nodes")
    assert body == "dockersim: not simulated in elasticsearch: GET /_nodes\n"


def test_stop_logs_the_last_lines_and_exits_143(engine: Engine) -> None:
    start(engine, "-e discovery.type=single-node")
    engine.docker("stop es")
    lines = engine.docker("logs es").stdout.splitlines()
    assert [json.loads(line)["message"] for line in lines[-4:]] == [
        "stopping ...",
        "stopped",
        "closing ...",
        "closed",
    ]
    status = engine.docker("inspect -f '{{.State.ExitCode}}' es").stdout.strip()
    assert status == "143"
