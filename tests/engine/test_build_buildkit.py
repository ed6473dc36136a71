"""`docker build` with BuildKit (Docker 29 + buildx): whole transcripts, cache, configs."""

from __future__ import annotations

from pathlib import Path

import pytest

from dockersim.cli.realmachine import RealMachine
from dockersim.engine import Engine

DIGEST = "0b120ebf89a0d29bdc9cd3c537e39213ad15fda19a8dbec9ff07d4d759e54400"
CONFIG = "941b4bb3d46aa48a9fd91c4c32035517709c9f2fb3a77ebd843eb51ee34a0a29"
LAYER = "ee5f4e74fd33d00bb40badef248390fe7b0b1fe39ef5701eee0314b6f908e74e"
ALPINE = f"docker.io/library/alpine:latest@sha256:{DIGEST}"
HELLO = {
    "Dockerfile": (
        "FROM alpine\nWORKDIR /app\nCOPY hello.txt .\nRUN cat hello.txt > copy.txt\n"
        'CMD ["cat", "copy.txt"]\n'
    ),
    "hello.txt": "hello\n",
}
HEAD = (
    '#0 building with "default" instance using docker driver\n\n'
    "#1 [internal] load build definition from Dockerfile\n"
    "#1 transferring dockerfile: 95B done\n#1 DONE 0.0s\n\n"
    "#2 [internal] load metadata for docker.io/library/alpine:latest\n#2 DONE 0.5s\n\n"
    "#3 [internal] load .dockerignore\n#3 transferring context: 2B done\n#3 DONE 0.0s\n\n"
    "#4 [internal] load build context\n#4 transferring context: 101B done\n#4 DONE 0.0s\n\n"
    f"#5 [1/4] FROM {ALPINE}\n"
)
IMAGE_ID = "sha256:96c509eb68571ceee7a1e72cdf64d62a45eeaed4f674072018d72b1c6aca7225"


def put(engine: Engine, files: dict[str, str], base: str = "/home/student/app") -> None:
    for name, text in files.items():
        engine.host_write(f"{base}/{name}", text)


@pytest.fixture
def hello(engine: Engine) -> Engine:
    put(engine, HELLO)
    return engine


def test_first_build_downloads_runs_and_exports(hello: Engine) -> None:
    # when
    result = hello.docker("build -t hello app")
    # then
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == HEAD + (
        f"#5 resolve {ALPINE} done\n"
        f"#5 sha256:{DIGEST} 405B / 405B done\n"
        f"#5 sha256:{CONFIG} 581B / 581B done\n"
        f"#5 sha256:{LAYER} 3.80MB / 3.80MB 0.1s done\n"
        f"#5 extracting sha256:{LAYER}\n"
        f"#5 extracting sha256:{LAYER} 0.0s done\n"
        "#5 DONE 0.1s\n\n"
        "#6 [2/4] WORKDIR /app\n#6 DONE 0.0s\n\n"
        "#7 [3/4] COPY hello.txt .\n#7 DONE 0.1s\n\n"
        "#8 [4/4] RUN cat hello.txt > copy.txt\n#8 DONE 0.2s\n\n"
        "#9 exporting to image\n#9 exporting layers\n#9 exporting layers 0.1s done\n"
        f"#9 writing image {IMAGE_ID} done\n"
        "#9 naming to docker.io/library/hello:latest done\n#9 DONE 0.1s\n"
    )


def test_rebuild_is_cached_and_gives_the_same_image(hello: Engine) -> None:
    # given
    hello.docker("build -t hello app")
    # when
    result = hello.docker("build -t hello app")
    # then
    assert result.stderr == HEAD + (
        "#5 DONE 0.0s\n\n"
        "#6 [2/4] WORKDIR /app\n#6 CACHED\n\n"
        "#7 [3/4] COPY hello.txt .\n#7 CACHED\n\n"
        "#8 [4/4] RUN cat hello.txt > copy.txt\n#8 CACHED\n\n"
        "#9 exporting to image\n#9 exporting layers done\n"
        f"#9 writing image {IMAGE_ID} done\n"
        "#9 naming to docker.io/library/hello:latest done\n#9 DONE 0.0s\n"
    )


def test_the_image_runs_what_the_build_wrote(hello: Engine) -> None:
    hello.docker("build -t hello app")
    assert hello.docker("run --rm hello").stdout == "hello\n"


def test_changing_a_copied_file_rebuilds_from_that_copy(hello: Engine) -> None:
    # given
    hello.docker("build -t hello app")
    hello.host_write("/home/student/app/hello.txt", "bonjour\n")
    # when
    result = hello.docker("build -t hello app")
    # then
    lines = [line for line in result.stderr.splitlines() if line.startswith(("#6", "#7", "#8"))]
    assert lines == [
        "#6 [2/4] WORKDIR /app",
        "#6 CACHED",
        "#7 [3/4] COPY hello.txt .",
        "#7 DONE 0.1s",
        "#8 [4/4] RUN cat hello.txt > copy.txt",
        "#8 DONE 0.2s",
    ]
    assert hello.docker("run --rm hello").stdout == "bonjour\n"


def test_history_of_a_built_image(hello: Engine) -> None:
    hello.docker("build -t hello app")
    assert hello.docker(
        "history --no-trunc --format '{{.CreatedBy}}|{{.Size}}|{{.Comment}}' hello"
    ).stdout == (
        'CMD ["cat" "copy.txt"]|0B|buildkit.dockerfile.v0\n'
        "RUN /bin/sh -c cat hello.txt > copy.txt # buildkit|6B|buildkit.dockerfile.v0\n"
        "COPY hello.txt . # buildkit|6B|buildkit.dockerfile.v0\n"
        "WORKDIR /app|0B|buildkit.dockerfile.v0\n"
        'CMD ["/bin/sh"]|0B|buildkit.dockerfile.v0\n'
        "ADD alpine-minirootfs-3.22.0-x86_64.tar.gz / # buildkit|8.31MB|buildkit.dockerfile.v0\n"
    )


def test_base_image_is_not_listed_by_images(hello: Engine) -> None:
    hello.docker("build -t hello app")
    assert hello.docker("images --format '{{.Repository}}:{{.Tag}}'").stdout == "hello:latest\n"


def test_config_from_every_instruction(engine: Engine) -> None:
    # given
    put(
        engine,
        {
            "Dockerfile": (
                "FROM alpine\nARG PORT=8080\nENV APP_HOME=/srv APP_PORT=$PORT\n"
                "LABEL org.example.team=web version=1.0\nWORKDIR $APP_HOME\n"
                "USER nobody\nEXPOSE $PORT 53/udp\nVOLUME /data\nSTOPSIGNAL SIGINT\n"
                'ENTRYPOINT ["sh", "-c"]\nCMD ["echo hi"]\n'
            )
        },
    )
    # when
    engine.docker("build -t cfg app")
    result = engine.docker("image inspect -f '{{json .Config}}' cfg")
    # then
    assert result.stdout == (
        '{"User":"nobody","ExposedPorts":{"53/udp":{},"8080/tcp":{}},"Env":["PATH=/usr/local/sbin'
        ':/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","APP_HOME=/srv","APP_PORT=8080"],'
        '"Entrypoint":["sh","-c"],"Cmd":["echo hi"],"Volumes":{"/data":{}},"WorkingDir":"/srv",'
        '"Labels":{"org.example.team":"web","version":"1.0"},"StopSignal":"SIGINT",'
        '"ArgsEscaped":true,"Healthcheck":null,"OnBuild":null,"Shell":null}\n'
    )


def test_build_arg_in_history_and_cache(engine: Engine) -> None:
    # given
    put(engine, {"Dockerfile": "FROM alpine\nARG MODE=dev\nRUN echo $MODE > /mode\n"})
    engine.docker("build -t a app")
    # when
    result = engine.docker("build --build-arg MODE=prod -t a app")
    # then
    assert "#5 [2/2] RUN echo prod > /mode\n#5 DONE 0.2s\n" in result.stderr
    history = engine.docker("history --no-trunc --format '{{.CreatedBy}}' a").stdout
    assert history.splitlines()[:2] == [
        "RUN |1 MODE=prod /bin/sh -c echo $MODE > /mode # buildkit",
        "ARG MODE=prod",
    ]


def test_multi_stage_copy_from_and_scratch(engine: Engine) -> None:
    # given
    put(
        engine,
        {
            "Dockerfile": (
                "FROM alpine AS build\nRUN echo compiled > /out.txt\n"
                "FROM scratch\nCOPY --from=build /out.txt /out.txt\n"
            )
        },
    )
    # when
    result = engine.docker("build -t ms app")
    # then
    assert "#5 [build 2/2] RUN echo compiled > /out.txt\n" in result.stderr
    assert "#6 [stage-1 1/1] COPY --from=build /out.txt /out.txt\n#6 DONE 0.1s\n" in result.stderr
    inspect = engine.docker("image inspect -f '{{len .RootFS.Layers}} {{.Config.WorkingDir}}' ms")
    assert inspect.stdout == "1 /\n"


def test_target_stops_at_the_named_stage(engine: Engine) -> None:
    put(engine, {"Dockerfile": "FROM alpine AS one\nRUN touch /one\nFROM alpine\nRUN touch /two\n"})
    result = engine.docker("build --target one -t one app")
    assert "[stage-1" not in result.stderr
    assert "#5 [one 2/2] RUN touch /one\n" in result.stderr


def test_quiet_prints_only_the_image_id(hello: Engine) -> None:
    result = hello.docker("build -q -t hello app")
    assert (result.stdout, result.stderr) == (IMAGE_ID + "\n", "")


def test_on_a_terminal_the_final_screen(hello: Engine) -> None:
    hello.docker("build -t hello app")
    result = hello.docker("build -t hello app", tty=True)
    assert result.stderr == (
        "[+] Building 0.5s (9/9) FINISHED                                 docker:default\n"
        " => [internal] load build definition from Dockerfile                       0.0s\n"
        " => => transferring dockerfile: 95B                                        0.0s\n"
        " => [internal] load metadata for docker.io/library/alpine:latest           0.5s\n"
        " => [internal] load .dockerignore                                          0.0s\n"
        " => => transferring context: 2B                                            0.0s\n"
        " => [internal] load build context                                          0.0s\n"
        " => => transferring context: 101B                                          0.0s\n"
        " => [1/4] FROM docker.io/library/alpine:latest@sha256:0b120ebf89a0d29bdc9  0.0s\n"
        " => CACHED [2/4] WORKDIR /app                                              0.0s\n"
        " => CACHED [3/4] COPY hello.txt .                                          0.0s\n"
        " => CACHED [4/4] RUN cat hello.txt > copy.txt                              0.0s\n"
        " => exporting to image                                                     0.0s\n"
        " => => exporting layers                                                    0.0s\n"
        f" => => writing image {IMAGE_ID[:52]}  0.0s\n"
        " => => naming to docker.io/library/hello:latest                            0.0s\n"
    )


def test_warnings_are_summarised(engine: Engine) -> None:
    put(engine, {"Dockerfile": "from alpine\nENV A 1\nCMD echo $A\n"})
    result = engine.docker("build app")
    assert result.stderr.endswith(
        "\n 3 warnings found (use docker --debug to expand):\n"
        " - ConsistentInstructionCasing: Command 'from' should match the case of the command "
        "majority (uppercase) (line 1)\n"
        ' - LegacyKeyValueFormat: "ENV key=value" should be used instead of legacy "ENV key '
        'value" format (line 2)\n'
        " - JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended "
        "behavior related to OS signals (line 3)\n"
    )


def test_context_from_disk_honours_dockerignore(engine: Engine, tmp_path: Path) -> None:
    # given
    (tmp_path / "Dockerfile").write_text("FROM alpine\nCOPY . /ctx/\nRUN ls /ctx\n")
    (tmp_path / ".dockerignore").write_text("*.log\n")
    (tmp_path / "keep.txt").write_text("k")
    (tmp_path / "drop.log").write_text("d")
    engine.machine = RealMachine()  # the interactive CLI's machine: the real disk
    # when
    result = engine.docker(f"build -t disk {tmp_path}")
    # then
    assert "#7 0.100 Dockerfile\n#7 0.100 keep.txt\n" in result.stderr


def test_error_run_exit_status(engine: Engine) -> None:
    put(engine, {"Dockerfile": "FROM alpine\nRUN echo about to fail && exit 3\n"})
    result = engine.docker("build app")
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "#5 [2/2] RUN echo about to fail && exit 3\n#5 0.100 about to fail\n"
        '#5 ERROR: process "/bin/sh -c echo about to fail && exit 3" did not complete '
        "successfully: exit code: 3\n"
        "------\n > [2/2] RUN echo about to fail && exit 3:\n0.100 about to fail\n------\n"
        "Dockerfile:2\n--------------------\n   1 |     FROM alpine\n"
        "   2 | >>> RUN echo about to fail && exit 3\n   3 |     \n--------------------\n"
        'ERROR: failed to build: failed to solve: process "/bin/sh -c echo about to fail && '
        'exit 3" did not complete successfully: exit code: 3\n'
    )


def test_error_unknown_instruction(engine: Engine) -> None:
    put(engine, {"Dockerfile": "FROM alpine\nRNU echo hi\n"})
    result = engine.docker("build app")
    assert (result.exit_code, result.stderr) == (
        1,
        '#0 building with "default" instance using docker driver\n\n'
        "#1 [internal] load build definition from Dockerfile\n"
        "#1 transferring dockerfile: 24B done\n#1 DONE 0.0s\n"
        "Dockerfile:2\n--------------------\n   1 |     FROM alpine\n   2 | >>> RNU echo hi\n"
        "   3 |     \n--------------------\n"
        "ERROR: failed to build: failed to solve: dockerfile parse error on line 2: unknown "
        "instruction: RNU (did you mean RUN?)\n",
    )


def test_error_copy_source_missing(engine: Engine) -> None:
    put(engine, {"Dockerfile": "FROM alpine\nCOPY requirements.txt .\n"})
    result = engine.docker("build app")
    tail = result.stderr.split("#6 [2/2] COPY requirements.txt .\n", 1)[1]
    assert tail.startswith("#6 ERROR: failed to calculate checksum of ref ")
    assert tail.endswith(': "/requirements.txt": not found\n')
    assert "ERROR: failed to build: failed to solve: failed to compute cache key: " in tail


def test_error_empty_dockerfile(engine: Engine) -> None:
    put(engine, {"Dockerfile": ""})
    result = engine.docker("build app")
    assert result.stderr.endswith(
        "#1 DONE 0.0s\nERROR: failed to build: failed to solve: the Dockerfile cannot be empty\n"
    )


def test_error_missing_context(engine: Engine) -> None:
    result = engine.docker("build /no/such/dir")
    assert (result.exit_code, result.stderr) == (
        1,
        'ERROR: unable to prepare context: path "/no/such/dir" not found\n',
    )


def test_error_docker_buildkit_not_a_boolean(engine: Engine) -> None:
    result = engine.docker("DOCKER_BUILDKIT=maybe docker build .")
    assert (result.exit_code, result.stderr) == (
        1,
        "DOCKER_BUILDKIT environment variable expects boolean value: strconv.ParseBool: "
        'parsing "maybe": invalid syntax\n',
    )


def test_no_cache_runs_every_step(hello: Engine) -> None:
    hello.docker("build -t hello app")
    result = hello.docker("build --no-cache -t hello app")
    assert "CACHED" not in result.stderr


def test_built_layers_are_stored_with_their_own_digests(hello: Engine) -> None:
    # given a build whose RUN and COPY steps make layers (the build names each by its tar,
    # which the layer store then reuses)
    from dockersim.model.digest import sha256_of
    from dockersim.model.tarball import gzip_stored, tar_bytes

    # when
    assert hello.docker("build -t hello app").exit_code == 0
    # then each local layer's digests and sizes are those of its content's tar
    local = [r for r in hello.world.layers.values() if r.source == "local"]
    assert len(local) == 3  # WORKDIR, COPY and RUN
    for record in local:
        tar = tar_bytes(hello.world.layer_content[record.diff_id], record.mtime)
        blob = gzip_stored(tar)
        assert record.diff_id == str(sha256_of(tar))
        assert (record.blob_digest, record.compressed_size) == (str(sha256_of(blob)), len(blob))
