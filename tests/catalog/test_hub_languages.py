"""The language images of the E25 snapshot (hub-2025-06.d/languages.yaml): tags, configs,
parents and history as Docker Hub had them on 2025-06-04 (official-images ef9c9781c665)."""

from __future__ import annotations

import json

import pytest

from dockersim import catalog
from dockersim.engine import Engine

KEYS = sorted(
    key
    for key in catalog.load().images
    if key.split(":")[0] in {"golang", "eclipse-temurin", "ruby", "rust", "gcc", "tomcat"}
)


DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def inspect(engine: Engine, ref: str, fmt: str) -> str:
    result = engine.docker(f"image inspect --format '{fmt}' {ref}")
    assert result.exit_code == 0, result.stderr
    return result.stdout.strip()


def test_the_fragment_has_every_image_of_the_task() -> None:
    assert len(KEYS) == 22
    tags = {name: dict(catalog.load().repositories[name].tags) for name in ("golang", "tomcat")}
    assert tags["golang"]["latest"] == "golang:1.24.3"
    assert tags["golang"]["alpine"] == "golang:1.24.3-alpine"
    assert tags["tomcat"]["latest"] == "tomcat:11.0.7"
    temurin = dict(catalog.load().repositories["eclipse-temurin"].tags)
    assert temurin["latest"] == temurin["21"] == "eclipse-temurin:21.0.7_6-jdk-noble"
    assert temurin["21-jdk-alpine"] == "eclipse-temurin:21.0.7_6-jdk-alpine"
    assert dict(catalog.load().repositories["ruby"].tags)["latest"] == "ruby:3.4.4"
    assert dict(catalog.load().repositories["rust"].tags)["slim"] == "rust:1.87.0-slim"
    assert dict(catalog.load().repositories["gcc"].tags)["latest"] == "gcc:15.1.0"


@pytest.mark.parametrize("platform", ["linux/amd64", "linux/arm64"])
@pytest.mark.parametrize(
    "ref",
    [
        "golang", "golang:1.24-alpine", "golang:1.23", "eclipse-temurin", "eclipse-temurin:21-jre",
        "eclipse-temurin:21-alpine", "eclipse-temurin:17", "eclipse-temurin:11",
        "eclipse-temurin:8", "ruby", "ruby:3.4-slim", "ruby:alpine", "ruby:3.3", "rust",
        "rust:slim", "rust:1.87-alpine", "gcc", "gcc:14", "gcc:13", "tomcat", "tomcat:10.1",
        "tomcat:9.0",
    ],
)  # fmt: skip
def test_every_tag_pulls_on_both_platforms(engine: Engine, ref: str, platform: str) -> None:
    assert engine.docker(f"pull -q --platform {platform} {ref}").exit_code == 0
    arch = platform.split("/")[1]
    assert inspect(engine, ref, "{{.Architecture}}") == arch


def test_tags_hub_did_not_have_fail_as_on_hub(engine: Engine) -> None:
    result = engine.docker("pull golang:1.24.4")  # released 2025-06-05
    assert (result.exit_code, result.stderr) == (
        1,
        "Error response from daemon: manifest for golang:1.24.4 not found: "
        "manifest unknown: manifest unknown\n",
    )


def test_golang_config(engine: Engine) -> None:
    engine.docker("pull -q golang:1.24")
    config = json.loads(inspect(engine, "golang:1.24", "{{json .Config}}"))
    assert config["Env"] == [
        "PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "GOLANG_VERSION=1.24.3",
        "GOTOOLCHAIN=local",
        "GOPATH=/go",
    ]
    assert (config["Cmd"], config["WorkingDir"]) == (["bash"], "/go")


def test_temurin_config_and_entrypoint(engine: Engine) -> None:
    engine.docker("pull -q eclipse-temurin:21")
    config = json.loads(inspect(engine, "eclipse-temurin:21", "{{json .Config}}"))
    assert config["Entrypoint"] == ["/__cacert_entrypoint.sh"]
    assert config["Cmd"] == ["jshell"]
    assert "JAVA_HOME=/opt/java/openjdk" in config["Env"]
    assert "JAVA_VERSION=jdk-21.0.7+6" in config["Env"]
    engine.docker("pull -q eclipse-temurin:21-jre")
    assert inspect(engine, "eclipse-temurin:21-jre", "{{json .Config.Cmd}}") == "null"


def test_tomcat_config_and_parent(engine: Engine) -> None:
    engine.docker("pull -q tomcat")
    config = json.loads(inspect(engine, "tomcat", "{{json .Config}}"))
    assert config["ExposedPorts"] == {"8080/tcp": {}}
    assert config["Cmd"] == ["catalina.sh", "run"]
    assert config["Entrypoint"] is None
    assert config["WorkingDir"] == "/usr/local/tomcat"
    assert "CATALINA_HOME=/usr/local/tomcat" in config["Env"]
    assert "TOMCAT_VERSION=11.0.7" in config["Env"]
    assert catalog.load().images["tomcat:11.0.7"]["parent"] == "eclipse-temurin:21.0.7_6-jdk-noble"


def test_ruby_and_rust_configs(engine: Engine) -> None:
    engine.docker("pull -q ruby")
    env = json.loads(inspect(engine, "ruby", "{{json .Config.Env}}"))
    assert (
        env[0]
        == "PATH=/usr/local/bundle/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    )
    assert "GEM_HOME=/usr/local/bundle" in env
    assert inspect(engine, "ruby", "{{json .Config.Cmd}}") == '["irb"]'
    engine.docker("pull -q rust")
    labels = inspect(engine, "rust", "{{json .Config.Labels}}")
    assert json.loads(labels) == {
        "org.opencontainers.image.source": "https://github.com/rust-lang/docker-rust"
    }


def test_history_follows_the_dockerfile(engine: Engine) -> None:
    engine.docker("pull -q golang")
    lines = engine.docker("history --no-trunc --format {{.CreatedBy}} golang").stdout.splitlines()
    assert lines[:6] == [
        "WORKDIR /go",
        'RUN /bin/sh -c mkdir -p "$GOPATH/src" "$GOPATH/bin" && chmod -R 1777 "$GOPATH" # buildkit',
        "COPY /target/ / # buildkit",
        "ENV PATH=/go/bin:/usr/local/go/bin:" + DEFAULT_PATH,
        "ENV GOPATH=/go",
        "ENV GOTOOLCHAIN=local",
    ]


@pytest.mark.parametrize("key", KEYS)
def test_history_agrees_with_the_config(key: str) -> None:
    image = catalog.load().images[key]
    config, own = image["config"], [entry["created_by"] for entry in image["history"]]
    inherited = [entry.created_by for entry in catalog.load()._chain_history(key)]
    for item in config["Env"]:
        if not item.startswith("PATH="):
            assert any(line.startswith("ENV ") and item in line for line in inherited), (key, item)
    cmds = [line for line in own if line.startswith("CMD ")]
    if cmds:
        assert cmds[-1] == "CMD [" + " ".join(json.dumps(a) for a in config["Cmd"]) + "]"
    for entry in image["history"]:
        if not entry.get("empty_layer"):
            step = entry["created_by"].split(" ", 1)[0]
            assert step == "WORKDIR" or entry["created_by"].endswith(" # buildkit"), entry
    assert image["created"] == image["source_date_epoch"]
