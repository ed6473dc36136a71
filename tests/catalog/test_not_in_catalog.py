"""What Docker Hub has and the offline copy does not: an honest note, never a false error.

`docker pull mysql` must not say the repository does not exist (it does, on Docker Hub); a name
Docker Hub never had keeps Docker's own error."""

from __future__ import annotations

import pytest

from dockersim import Engine
from dockersim.catalog import load
from dockersim.catalog.listing import chain_size, repositories_text, tags_text

NOTE = (
    "Error response from daemon: dockersim: {name} is on Docker Hub, but not in dockersim's "
    "offline copy of it (Docker Hub as on 2025-06-04); run '{listing}' to list {what}\n"
)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("pull sonarqube", "sonarqube"),  # an official image the catalog does not model
        ("pull jenkins/jenkins:lts", "jenkins/jenkins"),  # a community repository
        ("pull centos:7", "centos"),  # deprecated official image, still on Hub
    ],
)
def test_a_repository_on_hub_but_not_here_says_so(line: str, name: str) -> None:
    engine = Engine()
    result = engine.docker(line)
    assert result.exit_code == 1
    assert result.stderr == NOTE.format(
        name=name, listing="dockersim catalog", what="the images it has"
    )
    assert engine.docker("images -q").stdout == ""


def test_an_older_tag_on_hub_but_not_here_names_its_listing() -> None:
    result = Engine().docker("pull python:3.8-slim-bullseye")
    assert result.exit_code == 1
    assert result.stderr == NOTE.format(
        name="python:3.8-slim-bullseye", listing="dockersim catalog python", what="its tags"
    )


def test_run_reports_it_after_the_local_lookup() -> None:
    result = Engine().docker("run --rm ubuntu:16.04 true")
    assert result.exit_code == 125
    assert result.stderr.startswith(
        "Unable to find image 'ubuntu:16.04' locally\ndocker: Error response from daemon: "
        "dockersim: ubuntu:16.04 is on Docker Hub"
    )


@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        (
            "pull no-such-user/no-such-repo",
            "Error response from daemon: pull access denied for no-such-user/no-such-repo, "
            "repository does not exist or may require 'docker login': denied: requested access "
            "to the resource is denied\n",
        ),
        (
            "pull python:99",
            "Error response from daemon: manifest for python:99 not found: manifest unknown: "
            "manifest unknown\n",
        ),
        (  # "3.1" is not a prefix of "3.12": versions match whole dotted parts
            "pull python:3.120",
            "Error response from daemon: manifest for python:3.120 not found: manifest unknown: "
            "manifest unknown\n",
        ),
    ],
)
def test_names_hub_never_had_keep_dockers_errors(line: str, stderr: str) -> None:
    result = Engine().docker(line)
    assert (result.exit_code, result.stderr) == (1, stderr)


def test_the_catalog_wins_over_the_elsewhere_list() -> None:
    hub = load()
    assert hub.on_hub_only("library/python")  # listed, yet python pulls: the catalog has it
    assert Engine().docker("pull -q python:3.12").exit_code == 0


def test_listing_names_every_repository_and_counts_tags() -> None:
    hub = load()
    text = repositories_text(hub)
    lines = text.splitlines()
    assert lines[0].startswith("dockersim's offline Docker Hub (as on 2025-06-04): ")
    assert lines[2].split() == ["REPOSITORY", "TAGS", "DESCRIPTION"]
    table = lines[3 : lines.index("", 3)]
    rows = {line.split()[0]: int(line.split()[1]) for line in table}
    assert rows == {name: len(repo.tags) for name, repo in hub.repositories.items()}


def test_tags_listing_groups_tags_by_image_newest_first() -> None:
    hub = load()
    text = tags_text(hub, "python")
    assert text is not None
    rows = [line for line in text.splitlines()[3:] if line]
    keys = [row.split()[0] for row in rows]
    assert keys.index("python:3.12.11") < keys.index("python:3.9.23")
    row = next(r for r in rows if r.startswith("python:3.12.11 "))
    assert "1.02GB" in row and "3.12-bookworm" in row and "linux/arm64/v8" in row
    assert tags_text(hub, "sonarqube") is None


def test_chain_size_is_what_docker_images_shows_after_a_pull() -> None:
    engine = Engine()
    engine.docker("pull -q redis:8.0.2")
    shown = engine.docker("image inspect -f '{{.Size}}' redis:8.0.2").stdout.strip()
    assert int(shown) == chain_size(load(), "redis:8.0.2")
