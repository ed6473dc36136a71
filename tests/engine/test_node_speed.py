"""A node server kept in memory between requests (engine/programs/node_live.py) answers
exactly as the replay of node_http.py would: each story here is played twice, once with the
kept server and once replaying every request from the start, and every output must match.
Also: the kept server is really used, forgotten when it must be, separate per container, and
a world saved and loaded by other processes answers the same; the parse cache is bounded and
hands out trees that cannot be changed through it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from dockersim.engine import Engine
from dockersim.engine.programs import node_http, node_live
from dockersim.model.userland.io import Recorder
from dockersim.model.userland.programs import jsparsed
from dockersim.model.userland.programs.jsvalues import JSSyntaxError

APP = "/home/student/app"
COUNTER = """\
const http = require('http');
const fs = require('fs');
const greet = require('./greet');
let n = 0;
let ticks = 0;
const names = [];
setInterval(() => { ticks++; }, 1000);
http.createServer((req, res) => {
  n++;
  let body = '';
  req.on('data', chunk => body += chunk);
  req.on('end', () => {
    if (body) names.push(body);
    if (req.url === '/boom') throw new Error('boom ' + n);
    if (req.url === '/spin') { let i = 0; while (i < 400) i++; }
    const motd = fs.readFileSync('/app/motd.txt', 'utf8').trim();
    console.log(`request ${n} ${req.method} ${req.url}`);
    res.end(`${greet} n=${n} ticks=${ticks} names=${names.join(',')} motd=${motd}\\n`);
  });
}).listen(3000, () => console.log('listening'));
"""
RUN = "run -d --name {name} -p {port}:3000 -v {app}:/app -w /app node:20 node app.js"

Story = Callable[[Engine], list[str]]


def _server(engine: Engine, name: str = "web", port: int = 8080, app: str = APP) -> None:
    engine.host_write(f"{app}/app.js", COUNTER)
    engine.host_write(f"{app}/greet.js", "module.exports = 'hello';\n")
    engine.host_write(f"{app}/motd.txt", "sunny\n")
    assert engine.docker("pull -q node:20").exit_code == 0
    ran = engine.docker(RUN.format(name=name, port=port, app=app))
    assert ran.exit_code == 0, ran.stderr


def _both(story: Story, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """The story's outputs with the kept server, and replaying every request."""
    kept = story(Engine())
    with monkeypatch.context() as patch:
        patch.setattr(node_live, "take", lambda *args: None)
        replayed = story(Engine())
    return kept, replayed


def _curl(engine: Engine, args: str) -> str:
    ran = engine.host(f"curl -s {args}")
    return f"{ran.exit_code} {ran.stdout!r} {ran.stderr!r}"


def _counting(engine: Engine) -> list[str]:
    _server(engine)
    out = [_curl(engine, "localhost:8080/")]
    engine.advance(2.5)
    out.append(_curl(engine, "-d ada localhost:8080/a"))
    out.append(engine.docker("exec web curl -s -d bob localhost:3000/b").stdout)
    engine.advance(10)
    out.append(_curl(engine, "localhost:8080/"))
    engine.host_write(f"{APP}/motd.txt", "rainy\n")  # read by each request: seen at once
    out.append(_curl(engine, "localhost:8080/"))
    engine.host_write(f"{APP}/greet.js", "module.exports = 'hi';\n")  # a module changed
    out.append(_curl(engine, "localhost:8080/"))
    out.append(_curl(engine, "localhost:8080/boom"))  # the handler throws half-way
    out.append(_curl(engine, "-d eve localhost:8080/"))
    out.append(engine.docker("logs web").stdout + engine.docker("logs web 2>&1").stderr)
    return out


def test_the_kept_server_answers_as_the_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    kept, replayed = _both(_counting, monkeypatch)
    assert kept == replayed
    assert kept[0] == "0 'hello n=1 ticks=0 names= motd=sunny\\n' ''"
    assert kept[3] == "0 'hello n=4 ticks=12 names=ada,bob motd=sunny\\n' ''"
    assert kept[4] == "0 'hello n=5 ticks=12 names=ada,bob motd=rainy\\n' ''"
    assert kept[5].startswith("0 'hi n=6 ")


def test_the_kept_server_is_used_and_forgotten_when_the_world_changes(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _server(engine)
    (container,) = engine.world.containers.values()
    assert not node_live.is_kept(container)
    assert _curl(engine, "localhost:8080/").startswith("0 'hello n=1 ")
    assert node_live.is_kept(container)
    booted = []

    def counting(start: float, steps: int, out: int) -> Recorder:
        booted.append(start)
        return Recorder(start, steps, out)

    monkeypatch.setattr(node_http, "Recorder", counting)
    assert _curl(engine, "localhost:8080/").startswith("0 'hello n=2 ")
    assert _curl(engine, "localhost:8080/").startswith("0 'hello n=3 ")
    assert booted == []  # (no replay: the kept server answered)
    engine.docker("run -d --name other alpine sleep 100")  # an event: replayed once
    assert _curl(engine, "localhost:8080/").startswith("0 'hello n=4 ")
    assert _curl(engine, "localhost:8080/").startswith("0 'hello n=5 ")
    assert len(booted) == 1
    assert engine.docker("restart -t 0 web").exit_code == 0  # a new process
    assert _curl(engine, "localhost:8080/").startswith("0 'hello n=1 ")
    assert len(booted) == 2


def test_two_containers_from_one_image_keep_their_own_memory(engine: Engine) -> None:
    _server(engine, "one", 8081, APP)
    _server(engine, "two", 8082, APP + "2")
    assert _curl(engine, "-d a localhost:8081/").startswith("0 'hello n=1 ticks=0 names=a ")
    assert _curl(engine, "-d b localhost:8082/").startswith("0 'hello n=1 ticks=0 names=b ")
    assert _curl(engine, "-d c localhost:8081/").startswith("0 'hello n=2 ticks=0 names=a,c ")
    assert _curl(engine, "localhost:8082/").startswith("0 'hello n=2 ticks=0 names=b ")


def test_a_world_loaded_again_replays_to_the_same_memory(engine: Engine) -> None:
    _server(engine)
    _curl(engine, "-d ada localhost:8080/")
    again = Engine.from_json(json.loads(json.dumps(engine.to_json())), catalog=engine.catalog)
    (container,) = again.world.containers.values()
    assert not node_live.is_kept(container)
    assert _curl(again, "-d bob localhost:8080/").startswith("0 'hello n=2 ticks=0 names=ada,bob")
    # the first engine goes on with its own server, which never saw bob
    assert _curl(engine, "localhost:8080/").startswith("0 'hello n=2 ticks=0 names=ada ")


def _nodemon(engine: Engine) -> list[str]:
    manifest = {"name": "app", "version": "1.0.0", "license": "MIT",
                "scripts": {"dev": "nodemon -L index.js"},
                "dependencies": {"express": "^4.18.2"},
                "devDependencies": {"nodemon": "^2.0.20"}}  # fmt: skip
    engine.host_write(f"{APP}/package.json", json.dumps(manifest))
    source = (
        "const express = require('express');\nconst app = express();\nlet n = 0;\n"
        "app.get('/', (req, res) => res.send('{word} ' + (++n)));\n"
        "app.listen(3000, () => console.log('Listening on port 3000'));\n"
    )
    engine.host_write(f"{APP}/index.js", source.replace("{word}", "hits"))
    engine.docker("pull -q node:22-alpine")
    ran = engine.docker(["run", "-d", "--name", "dev", "-p", "127.0.0.1:3000:3000", "-w", "/app",
                         "-v", f"{APP}:/app", "node:22-alpine", "sh", "-c",
                         "yarn install && yarn run dev"])  # fmt: skip
    assert ran.exit_code == 0
    engine.advance(10)
    out = [_curl(engine, "localhost:3000/"), _curl(engine, "localhost:3000/")]
    engine.host_write(f"{APP}/index.js", source.replace("{word}", "visits"))
    engine.advance(2)
    out += [_curl(engine, "localhost:3000/"), _curl(engine, "localhost:3000/")]
    out.append(engine.docker("logs dev").stdout)
    return out


def test_nodemon_restarts_the_kept_server_on_a_changed_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kept, replayed = _both(_nodemon, monkeypatch)
    assert kept == replayed
    assert [line.split()[1:3] for line in kept[:4]] == [
        ["'hits", "1'"],
        ["'hits", "2'"],
        ["'visits", "1'"],
        ["'visits", "2'"],
    ]
    assert "[nodemon] restarting due to changes...\n" in kept[4]


def _spinning(engine: Engine) -> list[str]:
    _server(engine)
    out = [_curl(engine, "localhost:8080/spin") for _ in range(6)]
    return [*out, engine.docker("logs web").stdout, engine.docker("logs web").stderr]


def test_the_step_budget_bites_at_the_same_request(monkeypatch: pytest.MonkeyPatch) -> None:
    """The budget covers the start and every request the process answered, kept or replayed
    alike (here a small one, so that a few requests use it up)."""
    monkeypatch.setattr(node_http, "Recorder", lambda start, steps, out: Recorder(start, 3000, out))
    kept, replayed = _both(_spinning, monkeypatch)
    assert kept == replayed
    answered = [line for line in kept[:6] if "n=" in line]
    assert 0 < len(answered) < 6  # some answered, then the budget was used up
    assert "dockersim: the request failed in node" in kept[7]


def _forever(engine: Engine) -> list[str]:
    _server(engine)
    engine.host_write(f"{APP}/app.js", COUNTER.replace("while (i < 400) i++;", "for (;;) i++;"))
    assert engine.docker("restart -t 0 web").exit_code == 0
    out = [_curl(engine, "localhost:8080/"), _curl(engine, "localhost:8080/spin")]
    out.append(_curl(engine, "localhost:8080/"))
    return [*out, engine.docker("logs web").stdout, engine.docker("logs web").stderr]


def test_a_handler_spinning_forever_still_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    kept, replayed = _both(_forever, monkeypatch)
    assert kept == replayed
    assert kept[0].startswith("0 'hello n=1 ")
    assert "n=" not in kept[1]
    assert kept[2].startswith("0 'hello n=2 ")  # (the failed request is not replayed)
    assert "dockersim: the request failed in node" in kept[4]


@pytest.mark.subprocess
def test_separate_processes_answer_as_one(tmp_path: Path) -> None:
    """The CLI: each command a process of its own (no warm process), the world saved
    between them: each request replays, and answers as the one process's kept server."""
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, DOCKERSIM_HOME=str(tmp_path), DOCKERSIM_WARM="0", PYTHONPATH=root)

    def dockersim(*args: str) -> str:
        ran = subprocess.run([sys.executable, "-m", "dockersim.cli", *args], env=env,
                             capture_output=True, text=True, timeout=120, cwd="/")  # fmt: skip
        assert ran.returncode == 0, ran.stderr
        return ran.stdout

    app = (
        'const http = require("http"); let n = 0; const names = [];'
        ' http.createServer((req, res) => { n++; let b = "";'
        ' req.on("data", c => b += c);'
        ' req.on("end", () => { if (b) names.push(b); res.end(`n=${n} ${names}`); });'
        " }).listen(3000);"
    )
    dockersim("host", "mkdir", "-p", "app")
    dockersim("host", "sh", "-c", f"printf '%s\\n' '{app}' > app/app.js")
    dockersim("docker", "run", "-d", "--name", "web", "-p", "8080:3000", "-v",
              "/home/student/app:/app", "-w", "/app", "node:20", "node", "app.js")  # fmt: skip
    got = [dockersim("host", "curl", "-s", "-d", name, "localhost:8080/") for name in "abc"]
    assert got == ["n=1 a", "n=2 a,b", "n=3 a,b,c"]


def test_parse_keeps_trees_that_cannot_be_changed_through_it() -> None:
    text = "let a = 1; function f(x) { return x + a; }"
    first = jsparsed.parse(text)
    first.clear()
    again = jsparsed.parse(text)
    assert [n.kind for n in again] == ["decl", "funcdecl"]
    assert jsparsed.parse(text, function=True) == again
    for _ in range(2):  # a syntax error is raised each time, never remembered as a tree
        with pytest.raises(JSSyntaxError):
            jsparsed.parse("let = ;")


def test_parse_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsparsed, "_parsed", {})
    monkeypatch.setattr(jsparsed, "_parsed_chars", [0])
    monkeypatch.setattr(jsparsed, "PARSED_MAX", 4)
    for i in range(10):
        jsparsed.parse(f"x = {i};")
    assert list(jsparsed._parsed) == [(f"x = {i};", False) for i in range(6, 10)]
    assert jsparsed._parsed_chars[0] == sum(len(f"x = {i};") for i in range(6, 10))
    monkeypatch.setattr(jsparsed, "PARSED_CHARS", 40)
    jsparsed.parse("y = '" + "z" * 20 + "';")
    assert jsparsed._parsed_chars[0] <= 40
