"""Properties: the same scenario plays the same twice; no input makes validate or play raise."""

from __future__ import annotations

import copy
from pathlib import Path

import attrs
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockersim.scenario import check_text, load_text, play, render
from dockersim.scenario.yamlsafe import load_file

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted((ROOT / "scenarios").glob("*.yaml"))
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

COMMANDS = [
    "docker run --rm alpine:latest echo hi",
    "docker run -d --name box alpine:latest sleep 30",
    "docker create --name made alpine:latest true",
    "docker start made",
    "docker stop box",
    "docker pause box",
    "docker rm -f box",
    "docker ps -a",
    "docker images",
    "docker run alpine:latest sh -c 'exit 3'",
    "docker inspect --format '{{.State.Status}}' box",
    "echo hello > note.txt",
    "cat note.txt",
]
STEPS = st.one_of(
    st.builds(lambda c: {"run": c, "expect": {"exit": 0}}, st.sampled_from(COMMANDS)),
    st.builds(lambda s: {"advance": f"{s}s"}, st.integers(0, 120)),
    st.just({"daemon_restart": True}),
    st.just({"check": [{"container": {"name": "box", "state": "running"}}]}),
    st.just({"say": "Narration.", "explain": True, "run": "docker ps"}),
)


def playthrough(text: str) -> str:
    scenario, _ = load_text(text)
    report, _ = play(scenario, explain_all=True)
    return render(report, "text") + render(report, "json")


@FAST
@given(st.lists(STEPS, min_size=1, max_size=6), st.integers(0, 2**32))
def test_playing_a_scenario_twice_gives_identical_output(steps, seed):
    doc = {"dockersim": 1, "title": "P", "seed": seed, "images": ["alpine:latest"], "steps": steps}
    text = yaml.safe_dump(doc, sort_keys=False)
    assert playthrough(text) == playthrough(text)


KEYS = st.sampled_from(
    ["dockersim", "title", "steps", "run", "say", "check", "expect", "exit", "stdout",
     "container", "name", "state", "advance", "images", "files", "hosts", "on", "input",
     "capture", "contains", "regex", "lines", "x"]
)  # fmt: skip
VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-3, 1000),
        st.floats(allow_nan=True),
        st.text(max_size=12),
        st.sampled_from(["docker ps", "30s", "running", "alpine:latest", "(", "${X}"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=20,
)


def never_raises(text: str) -> None:
    problems = check_text(text, "r.yaml")
    if any(p.is_error for p in problems):
        return
    scenario, _ = load_text(text, "r.yaml")
    report, _ = play(attrs.evolve(scenario, steps=scenario.steps[:5]))
    render(report)


@FAST
@given(VALUES)
def test_random_yaml_documents_never_raise(data):
    never_raises(yaml.safe_dump(data))


@FAST
@given(st.text(max_size=200))
def test_random_text_never_raises(text):
    never_raises(text)


@FAST
@given(st.data())
def test_mutated_lessons_never_raise(data):
    lesson = data.draw(st.sampled_from(LESSONS))
    if data.draw(st.booleans()):
        text = lesson.read_text()
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 30))
        insert = data.draw(st.sampled_from(["", ":", "- ", "\n  ", "{", "'", "*a", "&a ", "\t"]))
        never_raises(text[:at] + insert + text[at + cut :])
        return
    doc = copy.deepcopy(load_file(lesson).data)
    steps = doc["steps"]
    index = data.draw(st.integers(0, len(steps) - 1))
    step = steps[index]
    key = data.draw(st.sampled_from(sorted(step)))
    step[key] = data.draw(VALUES)
    doc["steps"] = steps[max(0, index - 2) : index + 2]
    never_raises(yaml.safe_dump(doc, sort_keys=False))
