"""`DOCKER_BUILDKIT=0 docker build`: the legacy builder's stream, cache and images."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine

LEGACY = {"DOCKER_BUILDKIT": "0"}
DEPRECATED = (
    "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n"
    "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0\n"
    "            environment-variable.\n\n"
)
FILES = {
    "Dockerfile": (
        "FROM alpine\nENV GREETING=hello\nWORKDIR /app\nCOPY hello.txt .\n"
        'RUN cat hello.txt && echo oops >&2\nCMD ["cat", "hello.txt"]\n'
    ),
    "hello.txt": "hello\n",
}


@pytest.fixture
def app(engine: Engine) -> Engine:
    engine.docker("pull alpine")
    for name, text in FILES.items():
        engine.host_write(f"/home/student/app/{name}", text)
    return engine


def test_first_build_streams_every_step(app: Engine) -> None:
    # when
    result = app.docker("build -t hello app", env=LEGACY)
    # then
    assert (result.exit_code, result.stderr) == (0, DEPRECATED)
    assert result.stdout == (
        "Sending build context to Docker daemon  1.151kB\r\r\n"
        "Step 1/6 : FROM alpine\n ---> 941b4bb3d46a\n"
        "Step 2/6 : ENV GREETING=hello\n ---> Running in 1e2feb89414c\n"
        " ---> Removed intermediate container 1e2feb89414c\n ---> 2b684affc2e4\n"
        "Step 3/6 : WORKDIR /app\n ---> Running in 5c6e433715ba\n"
        " ---> Removed intermediate container 5c6e433715ba\n ---> 51417105f520\n"
        "Step 4/6 : COPY hello.txt .\n ---> 1b0fe67f7790\n"
        "Step 5/6 : RUN cat hello.txt && echo oops >&2\n ---> Running in 795b929e9a9a\n"
        "hello\n\x1b[91moops\n\x1b[0m ---> Removed intermediate container 795b929e9a9a\n"
        " ---> 6ce6bdddb64d\n"
        'Step 6/6 : CMD ["cat", "hello.txt"]\n ---> Running in 1710cf5327ac\n'
        " ---> Removed intermediate container 1710cf5327ac\n ---> d55f3fea78e7\n"
        "Successfully built d55f3fea78e7\nSuccessfully tagged hello:latest\n"
    )


def test_rebuild_uses_the_cache(app: Engine) -> None:
    app.docker("build -t hello app", env=LEGACY)
    result = app.docker("DOCKER_BUILDKIT=0 docker build -t hello app")
    assert result.stdout == (
        "Sending build context to Docker daemon  1.151kB\r\r\n"
        "Step 1/6 : FROM alpine\n ---> 941b4bb3d46a\n"
        "Step 2/6 : ENV GREETING=hello\n ---> Using cache\n ---> 2b684affc2e4\n"
        "Step 3/6 : WORKDIR /app\n ---> Using cache\n ---> 51417105f520\n"
        "Step 4/6 : COPY hello.txt .\n ---> Using cache\n ---> 1b0fe67f7790\n"
        "Step 5/6 : RUN cat hello.txt && echo oops >&2\n ---> Using cache\n ---> 6ce6bdddb64d\n"
        'Step 6/6 : CMD ["cat", "hello.txt"]\n ---> Using cache\n ---> d55f3fea78e7\n'
        "Successfully built d55f3fea78e7\nSuccessfully tagged hello:latest\n"
    )


def test_history_shows_the_local_parent_chain(app: Engine) -> None:
    app.docker("build -t hello app", env=LEGACY)
    result = app.docker("history --format '{{.ID}} {{.CreatedBy}}' hello")
    assert result.stdout.splitlines()[:6] == [
        'd55f3fea78e7 /bin/sh -c #(nop)  CMD ["cat" "hello.txt"]',
        "6ce6bdddb64d /bin/sh -c cat hello.txt && echo oops >&2",
        "1b0fe67f7790 /bin/sh -c #(nop) COPY file:5c06594400f37673…",
        "51417105f520 /bin/sh -c #(nop) WORKDIR /app",
        "2b684affc2e4 /bin/sh -c #(nop)  ENV GREETING=hello",
        '941b4bb3d46a CMD ["/bin/sh"]',
    ]


def test_intermediate_images_only_with_all(app: Engine) -> None:
    app.docker("build -t hello app", env=LEGACY)
    assert app.docker("images -q").stdout == "d55f3fea78e7\n941b4bb3d46a\n"
    assert len(app.docker("images -a -q").stdout.split()) == 6


def test_error_run_exit_code_is_the_commands(app: Engine) -> None:
    app.host_write("/home/student/app/Dockerfile", "FROM alpine\nRUN exit 3\n")
    result = app.docker("build app", env=LEGACY)
    assert (result.exit_code, result.stderr) == (
        3,
        DEPRECATED + "The command '/bin/sh -c exit 3' returned a non-zero code: 3\n",
    )


def test_error_parse_error_comes_from_the_daemon(app: Engine) -> None:
    app.host_write("/home/student/app/Dockerfile", "FROM alpine\nRNU x\n")
    result = app.docker("build app", env=LEGACY)
    assert (result.exit_code, result.stderr) == (
        1,
        DEPRECATED + "Error response from daemon: dockerfile parse error on line 2: unknown "
        "instruction: RNU (did you mean RUN?)\n",
    )


def test_error_copy_missing_file(app: Engine) -> None:
    app.host_write("/home/student/app/Dockerfile", "FROM alpine\nCOPY nope /x\n")
    result = app.docker("build app", env=LEGACY)
    assert result.stderr == DEPRECATED + (
        "COPY failed: file not found in build context or excluded by .dockerignore: "
        "stat nope: file does not exist\n"
    )


def test_error_run_mount_needs_buildkit(app: Engine) -> None:
    app.host_write(
        "/home/student/app/Dockerfile", "FROM alpine\nRUN --mount=type=cache,target=/c true\n"
    )
    result = app.docker("build app", env=LEGACY)
    assert result.stderr.endswith(
        "the --mount option requires BuildKit. Refer to https://docs.docker.com/go/buildkit/ "
        "to learn how to build images with BuildKit enabled\n"
    )
