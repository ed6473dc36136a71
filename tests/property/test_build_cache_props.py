"""The build cache, over random Dockerfiles (both builders)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dockersim.build.backend import BuildRequest
from dockersim.build.context import from_files
from dockersim.engine import Engine

Step = tuple[str, int]
STEPS = st.lists(
    st.tuples(st.sampled_from(["COPY", "RUN", "ENV", "WORKDIR"]), st.integers(0, 3)),
    min_size=1,
    max_size=8,
)
CONTENTS = st.lists(st.text("abc\n", min_size=0, max_size=6), min_size=4, max_size=4)


def _dockerfile(steps: list[Step]) -> str:
    lines = ["FROM alpine"]
    for n, (kind, k) in enumerate(steps):
        if kind == "COPY":
            lines.append(f"COPY f{k}.txt /copies/{n}/")
        elif kind == "RUN":
            lines.append(f"RUN echo {k} > /run{n}")
        elif kind == "ENV":
            lines.append(f"ENV V{n}={k}")
        else:
            lines.append(f"WORKDIR /w{k}")
    return "\n".join(lines) + "\n"


def _build(engine: Engine, steps: list[Step], contents: list[str], builder: str):  # type: ignore[no-untyped-def]
    files = {f"f{i}.txt": text for i, text in enumerate(contents)}
    context = from_files(files, _dockerfile(steps))
    request = BuildRequest(context, ("docker.io/library/p:latest",), builder=builder)
    report = engine.image_build(request)
    assert report.ok, report.failure
    return report


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS, contents=CONTENTS, builder=st.sampled_from(["buildkit", "classic"]))
def test_building_twice_hits_every_step_and_keeps_the_id(
    steps: list[Step], contents: list[str], builder: str
) -> None:
    """docs.docker.com build cache: "If a layer hasn't changed, Docker uses the cached
    version"; an unchanged Dockerfile and context give the same image again."""
    engine = Engine()
    engine.docker("pull alpine")
    first = _build(engine, steps, contents, builder)
    second = _build(engine, steps, contents, builder)
    assert all(step.cached for step in second.steps)
    assert second.image_id == first.image_id


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    steps=STEPS.filter(lambda s: any(kind == "COPY" for kind, _ in s)),
    contents=CONTENTS,
    builder=st.sampled_from(["buildkit", "classic"]),
)
def test_changing_one_file_rebuilds_from_its_copy_on(
    steps: list[Step], contents: list[str], builder: str
) -> None:
    """docs.docker.com build cache: "the contents of the file(s) in the image are examined and
    a checksum is calculated"; "Once the cache is invalidated, all subsequent Dockerfile
    commands generate new images and the cache isn't used"."""
    engine = Engine()
    engine.docker("pull alpine")
    changed = next(k for kind, k in steps if kind == "COPY")
    _build(engine, steps, contents, builder)
    edited = list(contents)
    edited[changed] += "!"
    report = _build(engine, steps, edited, builder)
    cached = [step.cached for step in report.steps]
    names = [step.name for step in report.steps]
    first = next(i for i, name in enumerate(names) if f"COPY f{changed}.txt" in name)
    assert cached == [i < first for i in range(len(cached))]
