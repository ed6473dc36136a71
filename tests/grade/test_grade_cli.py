"""`dockersim grade` and `dockersim quiz ...` as commands: outputs, files and exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import QUIZZES, SMALL
from typer.testing import CliRunner

from dockersim.cli.app import app
from dockersim.grade.generate import generate_lifecycle

GOLDEN = Path(__file__).parent / "golden"


def invoke(*args: object) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def quiz(tmp_path: Path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL)
    return path


@pytest.fixture
def carol(tmp_path: Path) -> Path:
    path = tmp_path / "class" / "carol.txt"
    path.parent.mkdir()
    path.write_text("docker run -d --name web nginx\ndocker exec web ls /nope\n")
    (tmp_path / "class" / "carol.yaml").write_text("pause: B\ncode: 143\n")
    return path


def test_grade_one_student_in_gradescope_format(quiz: Path, carol: Path):
    # when
    code, out, err = invoke("grade", quiz, carol.parent, "--student", "carol", "--format",
                            "gradescope")  # fmt: skip
    # then: the same grade as the library gives, from the two files of the student
    assert (code, out, err) == (0, (GOLDEN / "carol.gradescope.json").read_text(), "")


def test_grade_a_class_writes_one_file_per_student_and_a_summary(quiz: Path, carol: Path):
    # given
    out_dir = carol.parent.parent / "results"
    # when
    code, out, err = invoke("grade", quiz, carol.parent, "-o", out_dir, "--format", "tap")
    # then
    assert (code, out) == (0, "")
    assert err == f"dockersim grade: 1 submissions, mean 50.0%; results in {out_dir}\n"
    assert sorted(p.name for p in out_dir.iterdir()) == ["carol.tap", "summary.csv"]
    assert (out_dir / "carol.tap").read_text() == (GOLDEN / "carol.tap").read_text()
    assert (out_dir / "summary.csv").read_text() == (
        "student,score,max_score,percent,gradable,pause,code,serve,message\n"
        "carol,4,8,50,yes,1,0,3,\n"
    )


def test_grade_a_class_without_output_prints_the_summary(quiz: Path, carol: Path):
    code, out, _ = invoke("grade", quiz, carol.parent, "--jobs", "1")
    assert (code, out.splitlines()[1]) == (0, "carol,4,8,50,yes,1,0,3,")


def test_fail_under_for_ci(quiz: Path, carol: Path):
    # given: carol's commands alone (no answers file) score 3 of 8
    code, _, err = invoke("grade", quiz, carol, "--student", "carol", "--fail-under", "40")
    assert (code, err) == (1, "dockersim grade: carol: 37.5% < 40%\n")
    assert invoke("grade", quiz, carol, "--student", "carol", "--fail-under", "37.5")[0] == 0


def test_grade_an_example_with_its_reference_solution():
    code, out, _ = invoke("grade", QUIZZES / "storage.yaml", QUIZZES / "storage" / "reference.yaml")
    assert (code, out.splitlines()[-1]) == (0, "Score: 12/12 points (100%)")


def test_error_a_missing_submission_is_a_scored_result(quiz: Path, tmp_path: Path):
    code, out, err = invoke("grade", quiz, tmp_path / "gone.yaml", "--format", "prairielearn")
    why = "gone.yaml: cannot read the file (No such file or directory)"
    assert (code, json.loads(out)) == (
        0,
        {"gradable": False, "format_errors": [why], "message": why},
    )
    assert err == f"dockersim grade: gone: {why}\n"


def test_error_an_invalid_quiz_exits_2(tmp_path: Path, carol: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("quiz: 1\ntitle: T\n")
    assert invoke("grade", bad, carol) == (
        2,
        "",
        f"{bad}:1:1: quiz needs the field 'questions'\n    quiz: 1\n    ^\n",
    )


def test_error_an_unknown_format_exits_2(quiz: Path, carol: Path):
    assert invoke("grade", quiz, carol, "--format", "html") == (
        2,
        "",
        "dockersim grade: unknown format 'html' (choose from text, json, gradescope, "
        "prairielearn, junit, tap)\n",
    )


def test_quiz_render_and_key(quiz: Path):
    assert invoke("quiz", "render", quiz, "--student", "carol") == (
        0,
        (GOLDEN / "carol.md").read_text(),
        "",
    )
    assert invoke("quiz", "key", quiz, "--student", "carol", "--format", "answers") == (
        0,
        (GOLDEN / "carol-answers.yaml").read_text(),
        "",
    )


def test_quiz_generate_writes_the_generated_quiz(tmp_path: Path):
    target = tmp_path / "gen.yaml"
    assert invoke("quiz", "generate", "--kind", "lifecycle", "--count", "3", "--seed", "4",
                  "-o", target) == (0, "", "")  # fmt: skip
    assert target.read_text() == generate_lifecycle(3, 4)


def test_quiz_validate_the_examples():
    paths = [QUIZZES / f"{n}.yaml" for n in ("lifecycle", "images", "networking", "storage")]
    code, out, _ = invoke("quiz", "validate", *paths, "--students", "2")
    assert (code, out) == (0, "".join(f"{p}: ok (2 sample students)\n" for p in paths))


def test_quiz_schema_is_json():
    code, out, _ = invoke("quiz", "schema")
    assert (code, json.loads(out)["title"]) == (0, "dockersim quiz, format 1")


def test_error_quiz_key_unknown_format_and_generate_unknown_kind(quiz: Path):
    assert invoke("quiz", "key", quiz, "--format", "pdf") == (
        2,
        "",
        "dockersim quiz key: unknown format 'pdf' (choose from markdown, answers)\n",
    )
    assert invoke("quiz", "generate", "--kind", "images") == (
        2,
        "",
        "dockersim quiz generate: unknown kind 'images' (choose from lifecycle)\n",
    )


def test_error_quiz_validate_reports_a_broken_reference_solution(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(SMALL.replace("-p ${port}:80 nginx", "nginx"))
    code, out, _ = invoke("quiz", "validate", broken, "--students", "1")
    assert code == 1
    assert out == (
        f"{broken}: student 'student-1': {broken}:32:9: the reference solution fails "
        "'tcp port 8006 on the host is published by container web': no running container "
        "publishes it\n"
    )


def test_schema_quiz_is_the_quiz_schema_and_schema_scenario_is_unchanged():
    from dockersim.grade.schema import dumps as quiz_schema
    from dockersim.scenario.schema import dumps as scenario_schema

    assert invoke("schema", "quiz") == (0, quiz_schema(), "")
    assert invoke("quiz", "schema") == (0, quiz_schema(), "")
    assert invoke("schema", "scenario") == (0, scenario_schema(), "")
    assert invoke("schema", "nope") == (
        2,
        "",
        "dockersim: unknown schema 'nope' (known: scenario, quiz)\n",
    )
