"""Untrusted submissions (`grade`) and lessons (`play`) never reach the real machine.

Written as an attacker would: every docker option that names a client-side file or reads the
client's environment, spelled the ways the docker CLI accepts (global flags, `--opt=value`,
aliases such as `image save` and `container export`, `NAME=value` prefixes, `~`, relative
paths, `..`), aimed at a real directory holding a secret file and at a real environment
variable. Each run is watched by a Python audit hook: no file under the target directory may
be opened, listed, created or removed, no process started and no socket opened; and no output
format may contain the secret file's content or the variable's value.
"""

from __future__ import annotations

import io
import os
import re
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from dockersim.grade import Grader, Submission, load_quiz_text
from dockersim.grade.writers import FORMATS as GRADE_FORMATS
from dockersim.grade.writers import render as render_grade
from dockersim.scenario.reporters import FORMATS as PLAY_FORMATS
from dockersim.scenario.session import play_file

SECRET = f"SECRET-FILE-{uuid.uuid4().hex}"
ENV_SECRET = f"SECRET-ENV-{uuid.uuid4().hex}"

#: `{d}` is the real target directory; run from inside it, so relative paths aim there too.
ATTACKS = [
    # writing files
    "docker save -o {d}/w1.tar busybox",
    "docker save --output={d}/w2.tar busybox",
    "docker image save --output {d}/w3.tar busybox",
    "docker --log-level debug save -o {d}/w4.tar busybox",
    "docker -l error image save -o{d}/w5.tar busybox",
    "docker save -o w6.tar busybox",
    "docker save -o ./w7.tar busybox",
    "docker save -o {d}/../{n}/w8.tar busybox",
    "docker run -d --name c1 busybox sleep 100",
    "docker export -o {d}/w9.tar c1",
    "docker container export --output={d}/w10.tar c1",
    "docker run --cidfile {d}/w11 busybox true",
    "docker create --cidfile={d}/w12 busybox",
    "docker container create --cidfile w13 busybox",
    "docker build --iidfile {d}/w14 -t x ctx",
    "docker buildx build --iidfile={d}/w15 ctx",
    "docker cp c1:/etc/passwd {d}/w16",
    "docker container cp c1:/etc {d}/w17",
    "docker cp c1:/etc/hostname w18",
    "docker --config {d}/w19 login -u a -p b",
    "DOCKER_CONFIG={d}/w20 docker login -u a -p b",
    "docker save busybox > {d}/w21.tar",
    "docker save -o {d}/w22.tar busybox | cat",
    # reading files
    "docker build {d}",
    "docker build .",
    "docker image build -f {d}/secret.txt {d}",
    "docker builder build --file=secret.txt .",
    "docker build -f {d}/Dockerfile -t leak {d}",
    "docker run --rm leak cat /secret.txt",
    "docker build - < {d}/Dockerfile",
    "docker run --rm --env-file {d}/secret.env busybox env",
    "docker run --rm --env-file=secret.env busybox env",
    "docker create --label-file {d}/secret.env busybox",
    "docker exec --env-file {d}/secret.env c1 env",
    "docker load -i {d}/secret.txt",
    "docker image load --input={d}/secret.txt",
    "docker import {d}/secret.txt imported",
    "docker image import secret.txt imported2",
    "docker cp {d}/secret.txt c1:/stolen",
    "docker cp {d} c1:/stolen-dir",
    "docker cp . c1:/stolen-cwd",
    "docker exec c1 cat /stolen",
    "docker --tlscacert {d}/secret.txt --tlsverify ps",
    "docker run --rm -v {d}:/mnt busybox cat /mnt/secret.txt",
    "docker run --rm --mount type=bind,source={d},target=/mnt busybox ls /mnt",
    # reading the environment
    "docker run --rm -e DOCKERSIM_ATTACK_SECRET busybox env",
    "docker run --rm --env=DOCKERSIM_ATTACK_SECRET busybox env",
    "docker exec -e DOCKERSIM_ATTACK_SECRET c1 env",
    "docker build --build-arg DOCKERSIM_ATTACK_SECRET -t envleak ctx",
    "docker build --build-arg=DOCKERSIM_ATTACK_SECRET --no-cache ctx",
    "docker run --rm envleak env",
    "docker run --rm -e HOME -e PATH -e USER busybox env",
    "cat {d}/secret.txt",
    "ls {d}",
    "env",
    "echo $DOCKERSIM_ATTACK_SECRET",
]


REFUSED = re.compile(r" [<>|] |buildx")


@pytest.fixture
def target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A real directory with secrets, the working directory; a secret in the environment;
    DOCKER_BUILDKIT=0 in the real environment (the legacy builder must not be chosen)."""
    directory = tmp_path / "target"
    directory.mkdir()
    (directory / "secret.txt").write_text(SECRET + "\n")
    (directory / "secret.env").write_text(f"LEAKED={SECRET}\nDOCKERSIM_ATTACK_SECRET\n")
    (directory / "Dockerfile").write_text("FROM busybox\nCOPY secret.txt /secret.txt\n")
    monkeypatch.setenv("DOCKERSIM_ATTACK_SECRET", ENV_SECRET)
    monkeypatch.setenv("DOCKER_BUILDKIT", "0")
    monkeypatch.chdir(directory)
    yield directory


def attack_lines(directory: Path) -> list[str]:
    return [line.format(d=directory, n=directory.name) for line in ATTACKS]


class Watch:
    """Audit events that touch `root`, or start processes, or open sockets."""

    WRITE_EVENTS = (
        "os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link", "os.chmod",
        "os.chown", "os.truncate", "os.utime", "shutil.copyfile", "shutil.rmtree",
    )  # fmt: skip
    ANY_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.fork",
                  "socket.connect", "socket.bind", "pty.spawn")  # fmt: skip
    active: Watch | None = None

    def __init__(self, root: Path) -> None:
        self.root = str(root.resolve())
        self.seen: list[tuple[str, str]] = []

    def __enter__(self) -> Watch:
        Watch.active = self
        return self

    def __exit__(self, *exc: object) -> None:
        Watch.active = None

    def event(self, name: str, args: tuple[object, ...]) -> None:
        if name in self.ANY_EVENTS:
            self.seen.append((name, repr(args[:2])))
            return
        if name in ("open", "os.listdir", "os.scandir", *self.WRITE_EVENTS):
            paths = args[:2] if name in ("os.rename", "os.symlink", "os.link") else args[:1]
            for arg in paths:
                if isinstance(arg, (str, bytes, os.PathLike)):
                    path = os.fsdecode(arg)
                    if os.path.abspath(path).startswith(self.root):
                        self.seen.append((name, path))


def _hook(name: str, args: tuple[object, ...]) -> None:
    watch = Watch.active
    if watch is not None:
        watch.event(name, args)


sys.addaudithook(_hook)


def assert_untouched(directory: Path, watch: Watch, texts: list[str]) -> None:
    assert watch.seen == []
    assert sorted(p.name for p in directory.iterdir()) == ["Dockerfile", "secret.env", "secret.txt"]
    assert not (directory.parent / "w8.tar").exists()
    leaks = [t for t in texts if SECRET in t or ENV_SECRET in t]
    assert leaks == []


QUIZ = """\
quiz: 1
title: Attack
seed: 1
images: [busybox:latest]
files:
  /home/student/ctx/Dockerfile: |
    FROM busybox
    ARG DOCKERSIM_ATTACK_SECRET
    ENV V=$DOCKERSIM_ATTACK_SECRET
questions:
  - id: q
    type: task
    prompt: Anything.
    checks:
      - container: {name: c1, state: running}
    solution:
      - docker run -d --name c1 busybox sleep 100
"""


def test_a_submission_reaches_nothing_of_the_grading_machine(target: Path) -> None:
    # given
    grader = Grader(load_quiz_text(QUIZ, "attack.yaml"))
    lines = tuple(("q", line) for line in attack_lines(target))
    # when
    with Watch(target) as watch:
        grade = grader.grade(Submission("mallory", "m.sh", {}, lines))
        texts = [render_grade(grade, fmt) for fmt in GRADE_FORMATS]
    # then: every line ran (in the simulation), and nothing real was touched or shown
    transcript = "".join(text for _, text in grade.transcripts)
    assert transcript.count("$ ") >= len(ATTACKS)
    assert "DEPRECATED: The legacy builder" not in transcript
    assert_untouched(target, watch, texts)


def test_a_lesson_reaches_nothing_of_the_machine_it_is_played_on(target: Path) -> None:
    # given: a lesson file (outside the target) whose steps are the attack lines
    lesson = target.parent / "lesson.yaml"
    document = {
        "dockersim": 1,
        "title": "Attack",
        "images": ["busybox"],
        "files": {"/home/student/ctx/Dockerfile": "FROM busybox\nARG DOCKERSIM_ATTACK_SECRET\n"},
        # lines the validator refuses (a shell operator, a flag buildx lacks) would stop the
        # whole lesson before it starts: leave them out so that everything else runs
        "steps": [{"run": line} for line in attack_lines(target) if not REFUSED.search(line)],
    }
    lesson.write_text(yaml.safe_dump(document))
    # when
    texts = []
    with Watch(target) as watch:
        for fmt in PLAY_FORMATS:
            out, err = io.StringIO(), io.StringIO()
            code, _ = play_file(lesson, out, err, fmt=fmt)
            assert code in (0, 1), err.getvalue()
            texts += [out.getvalue(), err.getvalue()]
    # then
    assert "DEPRECATED: The legacy builder" not in texts[0]
    assert texts[0].count("$ docker") >= 40
    assert_untouched(target, watch, texts)


def test_the_simulated_client_reads_and_writes_the_simulated_host(target: Path) -> None:
    """The same options work, on the simulated host: what the attacker wrote is there."""
    from dockersim import Engine

    engine = Engine(0)
    engine.docker("pull -q busybox")
    engine.host_write("/home/student/vars.env", "A=1\nDOCKERSIM_ATTACK_SECRET\nHOME\n")
    assert engine.docker("save -o out.tar busybox").exit_code == 0
    assert engine.host("ls out.tar").stdout == "out.tar\n"
    run = engine.docker("run --rm --env-file vars.env -e USER busybox env")
    assert run.stdout.splitlines()[1:4] == ["A=1", "HOME=/home/student", "USER=student"]
    assert ENV_SECRET not in run.stdout
