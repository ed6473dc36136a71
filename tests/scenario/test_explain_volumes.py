"""`play --explain`: what a container wrote into a volume is part of what changed, though
the container (`--rm`) is gone and the volume already existed."""

from __future__ import annotations

from dockersim.scenario import load_text, play, render

HEAD = "dockersim: 1\ntitle: T\nseed: 1\nsteps:\n"
WRITE = 'docker run --rm -v notes:/data alpine sh -c "echo kept > /data/notes.txt"'


def played(body: str) -> str:
    scenario, _ = load_text(HEAD + body, "t.yaml")
    report, _ = play(scenario, explain_all=True)
    return render(report, color=False)


def after(out: str, command: str) -> str:
    return out.split(f"$ {command}\n", 1)[1].split("\n\n$ ", 1)[0]


def test_a_file_written_into_an_existing_volume_is_a_change():
    out = played(
        "  - run: docker pull -q alpine\n"
        "  - run: docker volume create notes\n"
        f"  - run: '{WRITE}'\n"
        f"  - run: '{WRITE}'\n"
        "  - run: docker run --rm -v notes:/data alpine rm /data/notes.txt\n"
    )
    first, second = out.split(f"$ {WRITE}\n")[1:3]
    assert first == "  What changed:\n    ~ volume notes:\n        A /notes.txt\n\n"
    assert "nothing changed" in second.split("\n\n$ ")[0]  # the same content again
    removed = after(out, "docker run --rm -v notes:/data alpine rm /data/notes.txt")
    assert removed.startswith("  What changed:\n    ~ volume notes:\n        D /notes.txt\n")


def test_a_changed_file_is_marked_c():
    out = played(
        "  - run: docker pull -q alpine\n"
        f"  - run: '{WRITE}'\n"
        '  - run: docker run --rm -v notes:/data alpine sh -c "echo new > /data/notes.txt"\n'
    )
    changed = after(out, 'docker run --rm -v notes:/data alpine sh -c "echo new > /data/notes.txt"')
    assert changed.startswith("  What changed:\n    ~ volume notes:\n        C /notes.txt\n")
    created = after(out, WRITE)  # the first run made the volume: its file under it
    assert created.startswith(
        "  What changed:\n    + volume notes\n      in volume notes:\n        A /notes.txt"
    )
