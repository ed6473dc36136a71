"""`docker run/create --platform`: the missing image is pulled for that platform, a local image
of another platform counts as missing (so that platform is pulled and takes the tag), and the
program inside sees the platform's machine."""

from __future__ import annotations

from dockersim.engine import Engine


def test_run_pulls_the_platform_asked_for_and_runs_as_it():
    engine = Engine()
    got = engine.docker("run --rm --platform linux/arm64 alpine uname -m")
    assert got.exit_code == 0 and got.stdout == "aarch64\n"
    assert got.stderr.startswith("Unable to find image 'alpine:latest' locally\n")
    assert engine.docker("image inspect alpine --format {{.Architecture}}").stdout == "arm64\n"


def test_a_local_image_of_another_platform_is_replaced_by_a_pull():
    engine = Engine()
    engine.docker("pull -q alpine")  # linux/amd64
    got = engine.docker("run --rm --platform linux/arm64 alpine uname -m")
    assert got.stdout == "aarch64\n"
    assert "Unable to find image 'alpine:latest' locally" in got.stderr
    again = engine.docker("run --rm --platform linux/arm64 alpine uname -m")  # now local
    assert (again.stdout, again.stderr) == ("aarch64\n", "")
    # the amd64 image lost its tag and is listed only with -a (CLI 29)
    assert engine.docker("images -q").stdout.count("\n") == 1
    assert engine.docker("images -aq").stdout.count("\n") == 2


def test_pull_never_refuses_an_image_of_another_platform():
    engine = Engine()
    engine.docker("pull -q alpine")
    got = engine.docker("run --rm --pull never --platform linux/arm64 alpine true")
    assert got.exit_code == 125
    assert got.stderr == (
        "docker: Error response from daemon: image with reference alpine was found but its "
        "platform (linux/amd64) does not match the specified platform (linux/arm64)\n\n"
        "Run 'docker run --help' for more information\n"
    )


def test_error_a_platform_the_cli_cannot_parse():
    got = Engine().docker("run --rm --platform linux/bogus alpine true")
    assert (got.exit_code, got.stderr) == (
        125,
        'docker: error parsing specified platform: "linux/bogus": unknown operating system or '
        "architecture: invalid argument\n\nRun 'docker run --help' for more information\n",
    )
