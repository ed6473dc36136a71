"""`dockersim explain build`: cached or not, and why (our own addition)."""

from __future__ import annotations

from dockersim.docker.commands.build import explain_command
from dockersim.engine import Engine

FILES = {
    "Dockerfile": (
        "FROM python:3.9\nWORKDIR /app\nCOPY requirements.txt .\n"
        'RUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n'
    ),
    "requirements.txt": "flask\n",
    "app.py": "print(1)\n",
}


def _project(engine: Engine) -> None:
    for name, text in FILES.items():
        engine.host_write(f"/home/student/app/{name}", text)


def test_explain_before_any_build(engine: Engine) -> None:
    _project(engine)
    assert explain_command(engine, ["-t", "x", "app"]) == (
        "BUILD   [2/5] WORKDIR /app\n        why: no earlier build ran this step\n"
        "BUILD   [3/5] COPY requirements.txt .\n"
        "        why: an earlier step was rebuilt ([2/5] WORKDIR /app), so every later step "
        "is too\n"
        "BUILD   [4/5] RUN pip install -r requirements.txt\n"
        "        why: an earlier step was rebuilt ([2/5] WORKDIR /app), so every later step "
        "is too\n"
        "BUILD   [5/5] COPY . .\n"
        "        why: an earlier step was rebuilt ([2/5] WORKDIR /app), so every later step "
        "is too\n"
    )


def test_explain_names_the_changed_file_and_changes_nothing(engine: Engine) -> None:
    # given
    _project(engine)
    engine.docker("build -t x app")
    engine.host_write("/home/student/app/app.py", "print(2)\n")
    images = engine.docker("images -a -q").stdout
    # when
    text = explain_command(engine, ["-t", "x", "app"])
    # then
    assert text == (
        "CACHED  [2/5] WORKDIR /app\nCACHED  [3/5] COPY requirements.txt .\n"
        "CACHED  [4/5] RUN pip install -r requirements.txt\n"
        "BUILD   [5/5] COPY . .\n        why: source files changed: app.py\n"
    )
    assert engine.docker("images -a -q").stdout == images


def test_explain_a_changed_instruction(engine: Engine) -> None:
    _project(engine)
    engine.docker("build -t x app")
    engine.host_write(
        "/home/student/app/Dockerfile",
        FILES["Dockerfile"].replace("pip install", "pip install --no-cache-dir"),
    )
    text = explain_command(engine, ["-t", "x", "app"])
    assert text.splitlines()[2:4] == [
        "BUILD   [4/5] RUN pip install --no-cache-dir -r requirements.txt",
        "        why: the instruction changed (it was: RUN pip install -r requirements.txt)",
    ]
