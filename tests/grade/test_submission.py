"""Reading submissions: answers files, command files, transcripts, directories, and every way
they can be unreadable."""

from __future__ import annotations

import os
from pathlib import Path

from dockersim.grade import Limits, Submission, class_entries, read_submission

IDS = frozenset({"q1", "serve"})


def read(*paths: Path, follow: bool = True, limits: Limits | None = None) -> Submission:
    return read_submission(list(paths), "s", limits, IDS, follow=follow)


def test_an_answers_file_in_yaml_or_json(tmp_path: Path):
    # given
    (tmp_path / "a.yaml").write_text("q1: paused\nserve: [docker ps]\n")
    (tmp_path / "b.json").write_text('{"q1": 137}')
    # when / then
    assert read(tmp_path / "a.yaml") == Submission(
        "s", "a.yaml", {"q1": "paused", "serve": ["docker ps"]}
    )
    assert read(tmp_path / "b.json").answers == {"q1": 137}


def test_a_commands_file_named_after_a_question_belongs_to_it(tmp_path: Path):
    (tmp_path / "serve.sh").write_text("docker ps\n# question: q1\ndocker images\n")
    assert read(tmp_path / "serve.sh").commands == (("serve", "docker ps"), ("q1", "docker images"))


def test_one_students_directory_merges_its_files(tmp_path: Path):
    # given
    (tmp_path / "answers.yml").write_text("q1: A\n")
    (tmp_path / "serve.txt").write_text("$ docker run -d nginx\nabc\n")
    (tmp_path / ".secret").write_text("not read")
    (tmp_path / "notes").mkdir()
    # when
    submission = read(tmp_path)
    # then
    assert submission == Submission(
        "s", "answers.yml, serve.txt", {"q1": "A"}, (("serve", "docker run -d nginx"),)
    )


def test_a_class_directory_has_one_entry_per_student(tmp_path: Path):
    # given
    for name in ("bob.yaml", "alice.yaml", "alice.txt", ".git"):
        (tmp_path / name).write_text("x")
    (tmp_path / "carol").mkdir()
    (tmp_path / "out").mkdir()
    # when
    entries = class_entries(tmp_path, exclude=tmp_path / "out")
    # then
    assert entries == [
        ("alice", [tmp_path / "alice.txt", tmp_path / "alice.yaml"]),
        ("bob", [tmp_path / "bob.yaml"]),
        ("carol", [tmp_path / "carol"]),
    ]


def test_error_a_file_over_the_size_limit(tmp_path: Path):
    (tmp_path / "big.txt").write_text("docker ps\n" * 20)
    submission = read(tmp_path / "big.txt", limits=Limits(file_bytes=100))
    assert submission.error == "big.txt: the file is larger than 100 bytes"


def test_error_not_utf8_and_not_text(tmp_path: Path):
    (tmp_path / "latin.txt").write_bytes(b"docker ps \xe9\n")
    (tmp_path / "nul.txt").write_bytes(b"docker ps\x00\n")
    assert read(tmp_path / "latin.txt").error == "latin.txt: not UTF-8 text (byte 10)"
    assert read(tmp_path / "nul.txt").error == "nul.txt: not text (it holds NUL bytes)"


def test_error_a_symbolic_link_inside_a_submission_is_not_followed(tmp_path: Path):
    # given: a link that points at a file outside the submission
    outside = tmp_path / "outside.txt"
    outside.write_text("secret")
    student = tmp_path / "alice"
    student.mkdir()
    (student / "answers.txt").symlink_to(outside)
    # when / then
    assert read(student).error == "answers.txt: a symbolic link (not followed)"
    assert read(student / "answers.txt", follow=False).error == (
        "answers.txt: a symbolic link (not followed)"
    )


def test_error_a_special_file_is_not_read(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.txt")
    assert read(tmp_path / "pipe.txt").error == "pipe.txt: not a regular file"


def test_error_a_missing_file(tmp_path: Path):
    assert read(tmp_path / "nope.yaml").error == (
        "nope.yaml: cannot read the file (No such file or directory)"
    )


def test_error_answers_that_are_not_a_mapping_or_not_yaml(tmp_path: Path):
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    (tmp_path / "bad.yaml").write_text("q1: [a\n")
    (tmp_path / "python.yaml").write_text("q1: !!python/object:os.system x\n")
    assert read(tmp_path / "list.yaml").error == (
        "list.yaml: expected a mapping of question ids to answers"
    )
    assert read(tmp_path / "bad.yaml").error == (
        "bad.yaml:1:7: invalid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence at line 1, column 5)"
    )
    assert read(tmp_path / "python.yaml").error == (
        "python.yaml:1:5: unsupported YAML tag tag:yaml.org,2002:python/object:os.system"
    )


def test_error_too_many_files_in_a_directory(tmp_path: Path):
    for n in range(4):
        (tmp_path / f"{n}.txt").write_text("docker ps\n")
    assert read(tmp_path, limits=Limits(files=3)).error == f"{tmp_path.name}: more than 3 files"


def test_error_a_malformed_json_answers_file_is_invalid_json(tmp_path: Path):
    (tmp_path / "a.json").write_text('{"q1": "paused",\n "serve": }\n')
    (tmp_path / "b.JSON").write_text("{q1: paused}")
    assert read(tmp_path / "a.json").error == "a.json:2:11: invalid JSON: Expecting value"
    assert read(tmp_path / "b.JSON").error == (
        "b.JSON:1:2: invalid JSON: Expecting property name enclosed in double quotes"
    )
    assert read(tmp_path / "c.json").error.startswith("c.json: cannot read")


def test_error_json_nested_too_deeply(tmp_path: Path):
    (tmp_path / "a.json").write_text('{"q1": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert read(tmp_path / "a.json").error == "a.json: invalid JSON: nested too deeply"
