"""The course's last lesson: containerize a Flask app (images-and-containers.md)."""

from __future__ import annotations

from dockersim.engine import Engine

DOCKERFILE = """FROM python:3.9
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
EXPOSE 5000
CMD ["python", "app.py"]
"""
APP = """from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello():
    return "{greeting}"


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=5000)
"""
WERKZEUG = (
    "\x1b[31m\x1b[1mWARNING: This is a development server. Do not use it in a production "
    "deployment. Use a production WSGI server instead.\x1b[0m\n"
    " * Running on all addresses (0.0.0.0)\n"
    " * Running on http://127.0.0.1:5000\n"
    " * Running on http://172.17.0.2:5000\n"
    "\x1b[33mPress CTRL+C to quit\x1b[0m\n"
)


def _project(engine: Engine, greeting: str) -> None:
    engine.host_write("/home/student/flask-app/Dockerfile", DOCKERFILE)
    engine.host_write("/home/student/flask-app/requirements.txt", "flask\n")
    engine.host_write("/home/student/flask-app/app.py", APP.replace("{greeting}", greeting))


def test_build_run_change_rebuild(engine: Engine) -> None:
    # given: the project, built once
    _project(engine, "Hello, Docker!")
    first = engine.docker("build -t flask-app flask-app")
    assert first.exit_code == 0
    assert "Successfully installed blinker-1.9.0 click-8.1.8 flask-3.1.1" in first.stderr
    # when: it runs with its port published
    run = engine.docker("run -d --name web -p 5000:5000 flask-app")
    engine.advance(1)
    # then: Flask's start-up lines, and the app answers through the published port
    assert run.exit_code == 0
    logs = engine.docker("logs web")
    assert logs.stdout == " * Serving Flask app 'app'\n * Debug mode: off\n"
    assert logs.stderr == WERKZEUG
    assert engine.host("curl -s http://localhost:5000/").stdout == "Hello, Docker!"
    assert engine.docker("logs web").stderr.endswith('"GET / HTTP/1.1" 200 -\n')
    # when: only app.py changes and the image is rebuilt
    engine.docker("rm -f web")
    _project(engine, "Hello again!")
    second = engine.docker("build -t flask-app flask-app")
    # then: the pip layer comes from the cache, only the last COPY runs again
    steps = [
        line for line in second.stderr.splitlines() if line[:3] in ("#6 ", "#7 ", "#8 ", "#9 ")
    ]
    assert steps == [
        "#6 [2/5] WORKDIR /app",
        "#6 CACHED",
        "#7 [3/5] COPY requirements.txt .",
        "#7 CACHED",
        "#8 [4/5] RUN pip install -r requirements.txt",
        "#8 CACHED",
        "#9 [5/5] COPY . .",
        "#9 DONE 0.1s",
    ]
    engine.docker("run -d --name web2 -p 5000:5000 flask-app")
    engine.advance(1)
    assert engine.host("curl -s http://localhost:5000/").stdout == "Hello again!"


def test_forgetting_requirements_is_a_python_traceback(engine: Engine) -> None:
    # given: an image without flask installed
    engine.host_write(
        "/home/student/bare/Dockerfile",
        'FROM python:3.9\nCOPY app.py .\nCMD ["python", "app.py"]\n',
    )
    engine.host_write("/home/student/bare/app.py", APP.replace("{greeting}", "x"))
    engine.docker("build -t bare bare")
    # when
    result = engine.docker("run bare")
    # then
    assert (result.exit_code, result.stderr) == (
        1,
        "Traceback (most recent call last):\n"
        '  File "/app.py", line 1, in <module>\n'
        "    from flask import Flask\n"
        "ModuleNotFoundError: No module named 'flask'\n",
    )
