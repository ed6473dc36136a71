"""Pieces of the build transcript that have exact upstream formats."""

from __future__ import annotations

import pytest

from dockersim.build.executor import human_bytes
from dockersim.build.report import BuildReport, Failure, Log, Status, Vertex
from dockersim.build.transcript import excerpt, plain, sending_context, tty


@pytest.mark.parametrize(
    ("size", "text"),
    [(2, "2B"), (999, "999B"), (1000, "1.00kB"), (1970, "1.97kB"), (3_380_000, "3.38MB")],
)
def test_human_bytes(size: int, text: str) -> None:
    assert human_bytes(size) == text


def test_excerpt_pads_two_lines_around_a_block() -> None:
    text = "FROM a\nRUN b\nRUN c \\\n  d\nRUN e\nRUN f\n"
    assert excerpt(text, "Dockerfile", (3, 4)) == (
        "Dockerfile:3\n--------------------\n"
        "   2 |     RUN b\n   3 | >>> RUN c \\\n   4 | >>>   d\n   5 |     RUN e\n"
        "--------------------\n"
    )


def test_excerpt_of_one_line_shows_more_context() -> None:
    text = "FROM a\nRUN b\n"
    assert excerpt(text, "Dockerfile", (1,)) == (
        "Dockerfile:1\n--------------------\n   1 | >>> FROM a\n   2 |     RUN b\n   3 |     \n"
        "--------------------\n"
    )


def test_plain_progress_with_logs_and_error() -> None:
    report = BuildReport(
        "buildkit",
        "FROM a\nRUN x\n",
        vertices=(
            Vertex(
                "[internal] load build definition from Dockerfile",
                statuses=(Status("transferring dockerfile: 14B"),),
            ),
            Vertex("[2/2] RUN x", 0.3, logs=(Log("out", 0.1), Log("more", 12.5)), error="boom"),
        ),
        failure=Failure("boom", (2,)),
    )
    assert plain(report) == (
        '#0 building with "default" instance using docker driver\n\n'
        "#1 [internal] load build definition from Dockerfile\n"
        "#1 transferring dockerfile: 14B done\n#1 DONE 0.0s\n\n"
        "#2 [2/2] RUN x\n#2 0.100 out\n#2 12.50 more\n#2 ERROR: boom\n"
        "------\n > [2/2] RUN x:\n0.100 out\n12.50 more\n------\n"
        "Dockerfile:2\n--------------------\n   1 |     FROM a\n   2 | >>> RUN x\n   3 |     \n"
        "--------------------\nERROR: failed to build: failed to solve: boom\n"
    )


def test_tty_final_screen() -> None:
    report = BuildReport(
        "buildkit",
        vertices=(
            Vertex("[internal] load metadata for docker.io/library/alpine:latest", 0.5),
            Vertex("[2/2] RUN apk add --no-cache curl", cached=True),
        ),
    )
    assert tty(report) == (
        "[+] Building 0.5s (2/2) FINISHED                                 docker:default\n"
        " => [internal] load metadata for docker.io/library/alpine:latest           0.5s\n"
        " => CACHED [2/2] RUN apk add --no-cache curl                               0.0s\n"
    )


def test_sending_context_last_update_only() -> None:
    assert sending_context(2048) == "Sending build context to Docker daemon  2.048kB\r\r\n"
