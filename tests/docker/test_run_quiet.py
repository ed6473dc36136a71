"""`docker run -q` / `create -q` discard the pull's progress (create.go pullImage), but still say
that the image was not found locally and still report a failed pull."""

from __future__ import annotations

from dockersim.engine import Engine


def test_run_quiet_pulls_without_the_progress():
    got = Engine().docker("run -q --rm alpine echo hi")
    assert (got.exit_code, got.stdout) == (0, "hi\n")
    assert got.stderr == "Unable to find image 'alpine:latest' locally\n"


def test_create_quiet_prints_only_the_id():
    got = Engine().docker("create -q --name quiet busybox")
    assert got.exit_code == 0 and len(got.stdout.strip()) == 64
    assert got.stderr == "Unable to find image 'busybox:latest' locally\n"


def test_a_failed_pull_is_still_reported_with_quiet():
    got = Engine().docker("run -q --rm alpine:99 true")
    assert got.exit_code == 125
    assert got.stderr.startswith("Unable to find image 'alpine:99' locally\ndocker: ")
    assert "manifest for alpine:99 not found" in got.stderr
