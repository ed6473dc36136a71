"""Errors of the image commands: Docker's texts, stdout/stderr placement, exit statuses, and the
state left unchanged.

Expected texts: docs/research/image-commands.md §1.1, §2, §5.1, §6, §7.1, lifecycle-moby.md §0
(exit statuses), and docker/cli v29.1.3 read directly: cli/command/image/pull.go,
vendored containerd/platforms/platforms.go (Parse), cli/command/inspect/inspector.go,
cli/command/system/inspect.go, cli/required.go, cli/cobra.go.
"""

from __future__ import annotations

import pytest

from dockersim.engine import Engine


def engine(*commands: str) -> Engine:
    e = Engine()
    for command in commands:
        r = e.docker(command)
        assert r.exit_code == 0, (command, r.stderr)
    return e


def short(digest: object) -> str:
    return str(digest).split(":", 1)[-1][:12]


ZERO = "sha256:" + "0" * 64


# --- pull ------------------------------------------------------------------------------------

PULL_ERRORS = [
    (
        "pull foo",
        "Using default tag: latest\n",
        "Error response from daemon: pull access denied for foo, repository does not exist or "
        "may require 'docker login': denied: requested access to the resource is denied\n",
    ),
    (
        "pull me/nothing:1",
        "",
        "Error response from daemon: pull access denied for me/nothing, repository does not "
        "exist or may require 'docker login': denied: requested access to the resource is "
        "denied\n",
    ),
    (
        "pull nginx:nope",
        "",
        "Error response from daemon: manifest for nginx:nope not found: manifest unknown: "
        "manifest unknown\n",
    ),
    (
        f"pull nginx@{ZERO}",
        "",
        f"Error response from daemon: manifest for nginx@{ZERO} not found: manifest unknown: "
        "manifest unknown\n",
    ),
    (
        "pull --platform linux/s390x nginx",
        "Using default tag: latest\nlatest: Pulling from library/nginx\n",
        "no matching manifest for linux/s390x in the manifest list entries\n",
    ),
    (
        "pull scratch",
        "Using default tag: latest\n",
        "Error response from daemon: 'scratch' is a reserved name\n",
    ),
    (
        "pull Nginx",
        "",
        "invalid reference format: repository name (library/Nginx) must be lowercase\n",
    ),
    ("pull nginx:", "", "invalid reference format\n"),
    ("pull -a nginx:latest", "", "tag can't be used with --all-tags/-a\n"),
    (
        "pull localhost:5000/x",
        "Using default tag: latest\n",
        'Error response from daemon: Get "http://localhost:5000/v2/": dial tcp 127.0.0.1:5000: '
        "connect: connection refused\n",
    ),
]


@pytest.mark.parametrize(("line", "stdout", "stderr"), PULL_ERRORS)
def test_error_pull(line: str, stdout: str, stderr: str) -> None:
    e = engine("pull -q alpine")
    before = e.dumps()
    r = e.docker(line)
    assert (r.exit_code, r.stdout, r.stderr) == (1, stdout, stderr)
    assert e.dumps() == before


def test_error_pull_quiet_still_prints_the_error() -> None:
    r = Engine().docker("pull -q nginx:nope")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr.startswith("Error response from daemon: manifest for nginx:nope not found")


# docker/cli pull.go parses --platform with platforms.Parse before calling the daemon
@pytest.mark.parametrize(
    ("platform", "message"),
    [
        ("foo", '"foo": unknown operating system or architecture: invalid argument'),
        ("linux/*", '"linux/*": wildcards not yet supported: invalid argument'),
    ],
)
def test_error_pull_bad_platform_is_a_client_error(platform: str, message: str) -> None:
    e = Engine()
    before = e.dumps()
    r = e.docker(["pull", "--platform", platform, "nginx"])
    assert (r.exit_code, r.stdout, r.stderr) == (1, "Using default tag: latest\n", message + "\n")
    assert e.dumps() == before


def test_pull_os_only_platform_means_the_host_architecture() -> None:
    e = engine("pull -q nginx")
    r = e.docker("pull --platform linux nginx")
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout.endswith(
        "Status: Image is up to date for nginx:latest\ndocker.io/library/nginx:latest\n"
    )


# --- tag -------------------------------------------------------------------------------------

TAG_ERRORS = [
    ("tag nope x", "Error response from daemon: No such image: nope:latest"),
    ("tag nope:1.0 x", "Error response from daemon: No such image: nope:1.0"),
    (
        "tag Foo x",
        'error parsing reference: "Foo" is not a valid repository/tag: invalid reference format: '
        "repository name (library/Foo) must be lowercase",
    ),
    (
        "tag alpine Foo",
        'error parsing reference: "Foo" is not a valid repository/tag: invalid reference format: '
        "repository name (library/Foo) must be lowercase",
    ),
    (
        "tag alpine a:b:c",
        'error parsing reference: "a:b:c" is not a valid repository/tag: invalid reference format',
    ),
    (f"tag alpine x@{ZERO}", "refusing to create a tag with a digest reference"),
    (
        "tag alpine sha256",
        "Error response from daemon: refusing to create an ambiguous tag using digest algorithm "
        "as name",
    ),
]


@pytest.mark.parametrize(("line", "stderr"), TAG_ERRORS)
def test_error_tag(line: str, stderr: str) -> None:
    e = engine("pull -q alpine")
    before = e.dumps()
    r = e.docker(line)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", stderr + "\n")
    assert e.dumps() == before


# --- inspect / history -----------------------------------------------------------------------


def test_error_image_inspect_missing_prints_empty_array() -> None:
    r = Engine().docker("image inspect nope")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "[]\n",
        "Error response from daemon: No such image: nope:latest\n",
    )


def test_error_docker_inspect_missing_object() -> None:
    r = Engine().docker("inspect nope")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "[]\n", "error: no such object: nope\n")


def test_error_inspect_found_and_missing_prints_found_ones() -> None:
    e = engine("pull -q alpine")
    r = e.docker("image inspect -f '{{.Os}}' alpine nope alpine")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "linux\nlinux\n",
        "Error response from daemon: No such image: nope:latest\n",
    )
    r = e.docker("inspect -f '{{.Os}}' nope1 alpine nope2")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "linux\n",
        "error: no such object: nope1\nerror: no such object: nope2\n",
    )


def test_error_inspect_format_with_no_object_prints_an_empty_line() -> None:
    r = Engine().docker("inspect -f '{{.Id}}' nope")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "\n", "error: no such object: nope\n")


@pytest.mark.parametrize("command", ["inspect", "image inspect"])
def test_error_inspect_template_parse_error_exits_64(command: str) -> None:
    e = engine("pull -q alpine")
    r = e.docker(f"{command} -f '{{{{.Id' alpine")
    assert (r.exit_code, r.stdout, r.stderr) == (
        64,
        "",
        "template parsing error: template: :1: unclosed action\n",
    )


@pytest.mark.parametrize("command", ["inspect", "image inspect"])
def test_error_inspect_template_unknown_field(command: str) -> None:
    r = engine("pull -q alpine").docker(f"{command} -f '{{{{.Nope}}}}' alpine")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "\n",
        'template parsing error: template: :1:2: executing "" at <.Nope>: map has no entry for '
        'key "Nope"\n',
    )


def test_error_inspect_unknown_type() -> None:
    r = engine("pull -q alpine").docker("inspect --type foo alpine")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        'unknown type: "foo": must be one of "config", "container", "image", "network", '
        '"node", "plugin", "secret", "service", "task", "volume"\n',
    )


def test_error_inspect_type_image_missing() -> None:
    r = Engine().docker("inspect --type image nope")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "[]\n",
        "Error response from daemon: No such image: nope:latest\n",
    )


def test_inspect_size_flag_on_an_image_warns() -> None:
    r = engine("pull -q alpine").docker("inspect -s -f '{{.Os}}' alpine")
    assert (r.exit_code, r.stdout, r.stderr) == (
        0,
        "linux\n",
        "WARNING: --size ignored for image\n",
    )


def test_error_image_inspect_platform_that_does_not_match() -> None:
    r = engine("pull -q nginx").docker("image inspect --platform linux/arm64 nginx")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "[]\n",
        "Error response from daemon: image with reference nginx was found but its platform "
        "(linux/amd64) does not match the specified platform (linux/arm64)\n",
    )


def test_error_history_missing_image() -> None:
    r = Engine().docker("history nope")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        "Error response from daemon: No such image: nope:latest\n",
    )


# --- images filters --------------------------------------------------------------------------


def test_error_images_filter_without_equals_is_a_flag_error() -> None:
    r = Engine().docker("images --filter foo")
    assert (r.exit_code, r.stdout, r.stderr) == (
        125,
        "",
        'invalid argument "foo" for "-f, --filter" flag: bad format of filter (expected '
        "name=value)\n\nUsage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n\n"
        "Run 'docker images --help' for more information\n",
    )


@pytest.mark.parametrize(
    ("flag", "message"),
    [
        ("foo=bar", "invalid filter 'foo'"),
        ("dangling=maybe", "invalid filter 'dangling=[maybe]'"),
        ("before=nope", "No such image: nope:latest"),
        ("since=nope:1", "No such image: nope:1"),
    ],
)
def test_error_images_filter_daemon_errors(flag: str, message: str) -> None:
    r = engine("pull -q alpine").docker(f"images --filter {flag}")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        f"Error response from daemon: {message}\n",
    )


def test_error_images_template_parse_error() -> None:
    r = Engine().docker("images --format '{{'")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        "template parsing error: template: :1: unclosed action\n",
    )


# --- unknown commands, flags, argument counts ------------------------------------------------


def usage_error(message: str, usage: str, path: str, verb: str = "Run") -> str:
    return f"{message}\n\nUsage:  {usage}\n\n{verb} 'docker {path} --help' for more information\n"


FLAG_ERRORS = [
    (
        "pull --bogus nginx",
        usage_error("unknown flag: --bogus", "docker pull [OPTIONS] NAME[:TAG|@DIGEST]", "pull"),
    ),
    (
        "images -z",
        usage_error(
            "unknown shorthand flag: 'z' in -z",
            "docker images [OPTIONS] [REPOSITORY[:TAG]]",
            "images",
        ),
    ),
    (
        "history -H=maybe nginx",
        usage_error(
            'invalid argument "maybe" for "-H, --human" flag: strconv.ParseBool: parsing "maybe": '
            "invalid syntax",
            "docker history [OPTIONS] IMAGE",
            "history",
        ),
    ),
    (
        "search --limit abc x",
        usage_error(
            'invalid argument "abc" for "--limit" flag: strconv.ParseInt: parsing "abc": '
            "invalid syntax",
            "docker search [OPTIONS] TERM",
            "search",
        ),
    ),
    (
        "push --platform",
        usage_error(
            "flag needs an argument: --platform", "docker push [OPTIONS] NAME[:TAG]", "push"
        ),
    ),
    (
        "image prune --all=x",
        usage_error(
            'invalid argument "x" for "-a, --all" flag: strconv.ParseBool: parsing "x": '
            "invalid syntax",
            "docker image prune [OPTIONS]",
            "image prune",
        ),
    ),
    (
        "rmi --bogus x",
        usage_error("unknown flag: --bogus", "docker rmi [OPTIONS] IMAGE [IMAGE...]", "rmi"),
    ),
]


@pytest.mark.parametrize(("line", "stderr"), FLAG_ERRORS)
def test_error_flags_exit_125(line: str, stderr: str) -> None:
    e = engine("pull -q nginx")
    before = e.dumps()
    r = e.docker(line)
    assert (r.exit_code, r.stdout, r.stderr) == (125, "", stderr)
    assert e.dumps() == before


ARG_ERRORS = [
    (
        "pull",
        "docker: 'docker pull' requires 1 argument",
        "docker pull [OPTIONS] NAME[:TAG|@DIGEST]",
    ),
    ("push", "docker: 'docker push' requires 1 argument", "docker push [OPTIONS] NAME[:TAG]"),
    (
        "tag nginx",
        "docker: 'docker tag' requires 2 arguments",
        "docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]",
    ),
    ("history", "docker: 'docker history' requires 1 argument", "docker history [OPTIONS] IMAGE"),
    (
        "images a b",
        "docker: 'docker images' requires at most 1 argument",
        "docker images [OPTIONS] [REPOSITORY[:TAG]]",
    ),
    (
        "system df x",
        "docker: 'docker system df' accepts no arguments",
        "docker system df [OPTIONS]",
    ),
    ("search", "docker: 'docker search' requires 1 argument", "docker search [OPTIONS] TERM"),
    ("logout a b", "docker: 'docker logout' requires at most 1 argument", "docker logout [SERVER]"),
    (
        "image prune x",
        "docker: 'docker image prune' accepts no arguments",
        "docker image prune [OPTIONS]",
    ),
]


@pytest.mark.parametrize(("line", "message", "usage"), ARG_ERRORS)
def test_error_argument_counts_exit_1(line: str, message: str, usage: str) -> None:
    path = message.split("'")[1].removeprefix("docker ")
    r = Engine().docker(line)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", usage_error(message, usage, path))


@pytest.mark.parametrize(
    ("line", "message", "usage"),
    [
        (
            "rmi",
            "docker: 'docker rmi' requires at least 1 argument",
            "docker rmi [OPTIONS] IMAGE [IMAGE...]",
        ),
        (
            "image inspect",
            "docker: 'docker image inspect' requires at least 1 argument",
            "docker image inspect [OPTIONS] IMAGE [IMAGE...]",
        ),
        (
            "inspect",
            "docker: 'docker inspect' requires at least 1 argument",
            "docker inspect [OPTIONS] NAME|ID [NAME|ID...]",
        ),
    ],
)
def test_error_requires_at_least_one_argument_says_see(line: str, message: str, usage: str) -> None:
    """cli/required.go RequiresMinArgs ends with "See '... --help'" (the others say "Run")."""
    r = Engine().docker(line)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", usage_error(message, usage, line, "See"))


def test_error_unknown_command() -> None:
    r = Engine().docker("imagez")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        "docker: unknown command: docker imagez\n\nRun 'docker --help' for more information\n",
    )


# --- bad input never gives a traceback and leaves the state unchanged ------------------------

FAILING = [
    "pull foo",
    "pull nginx:nope",
    "pull --platform linux/s390x nginx",
    "pull Nginx",
    "pull scratch",
    "pull ''",
    "pull @sha256:abc",
    "pull nginx@md5:abc",
    "tag nope x",
    "tag nginx Foo",
    "tag nginx ''",
    "rmi nope",
    "rmi nginx@sha256:zzz",
    "image inspect nope",
    "inspect nope",
    "history nope",
    "images --filter foo=bar",
    "images --filter dangling=maybe",
    "images --filter since=",
    "images --bogus",
    "push nginx",
    "push me/web:1",
    "push ''",
    "login -u '' -p x",
    "login -u me --password-stdin",
    "search --limit 200 x",
    "search --filter stars=abc x",
    "image prune",
    "image prune -a",
    "manifest inspect nginx:nope",
    "manifest inspect ''",
    "pull",
    "imagez",
    "image bogus",
]


@pytest.mark.parametrize("line", FAILING)
def test_error_bad_input_changes_nothing(line: str) -> None:
    e = engine("pull -q nginx", "tag nginx web:1")
    e.docker("rmi web:1")
    before = e.dumps()
    r = e.docker(line)
    assert isinstance(r.exit_code, int)
    assert "Traceback" not in r.stderr
    assert e.dumps() == before, line
    if line.startswith("image prune"):
        assert r.exit_code == 0
    else:
        assert r.exit_code != 0 and r.stderr.strip() != ""
