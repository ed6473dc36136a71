"""A node server keeps what it holds in memory from one request to the next, as the real
process does (the requests it answered are replayed), with its timers on the virtual clock;
the world saved and loaded again keeps it; a new process starts from nothing. And `node -e`
runs the event loop after the code, as a script does."""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine
from dockersim.engine.worldcheck import check_world

APP = "/home/student/app"
COUNTER = """\
const http = require('http');
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
    console.log(`request ${n} ${req.method} ${req.url}`);
    res.end(`n=${n} ticks=${ticks} names=${names.join(',')}\\n`);
  });
}).listen(3000, () => console.log('listening'));
"""


@pytest.fixture
def counter(engine: Engine) -> Engine:
    engine.host_write(f"{APP}/app.js", COUNTER)
    assert engine.docker("pull -q node:20").exit_code == 0
    ran = engine.docker(f"run -d --name web -p 8080:3000 -v {APP}:/app -w /app node:20 node app.js")
    assert ran.exit_code == 0
    return engine


def test_a_counter_counts_across_requests_and_timers_fire_on_the_clock(counter: Engine) -> None:
    assert counter.host("curl -s localhost:8080/").stdout == "n=1 ticks=0 names=\n"
    counter.advance(2.5)
    assert counter.host("curl -s -d ada localhost:8080/a").stdout == "n=2 ticks=2 names=ada\n"
    assert counter.docker("exec web curl -s -d bob localhost:3000/b").stdout == (
        "n=3 ticks=2 names=ada,bob\n"
    )
    counter.advance(10)
    assert counter.host("curl -s localhost:8080/").stdout == "n=4 ticks=12 names=ada,bob\n"
    assert counter.docker("logs web").stdout == (
        "listening\nrequest 1 GET /\nrequest 2 POST /a\nrequest 3 POST /b\nrequest 4 GET /\n"
    )


def test_the_saved_world_keeps_the_servers_memory(counter: Engine) -> None:
    counter.host("curl -s -d ada localhost:8080/")
    data = json.loads(json.dumps(counter.to_json()))
    check_world(data)
    (served,) = [c["served"] for c in data["containers"]]
    assert [(r["method"], r["path"], r["body"]) for r in served] == [("POST", "/", "ada")]
    again = Engine.from_json(data, catalog=counter.catalog)
    assert again.host("curl -s localhost:8080/").stdout == "n=2 ticks=0 names=ada\n"


def test_a_restart_starts_from_nothing(counter: Engine) -> None:
    counter.host("curl -s localhost:8080/")
    counter.host("curl -s localhost:8080/")
    assert counter.docker("restart -t 0 web").exit_code == 0
    assert counter.host("curl -s localhost:8080/").stdout == "n=1 ticks=0 names=\n"


@pytest.mark.parametrize(
    ("code", "out"),
    [
        ('setTimeout(()=>console.log("t"),10); console.log("a")', "a\nt\n"),
        ("Promise.resolve(3).then(v => console.log(v))", "3\n"),
        (
            "let i = 0; const t = setInterval(() => { if (++i === 3) clearInterval(t); "
            "console.log(i) }, 5)",
            "1\n2\n3\n",
        ),
    ],
)
def test_node_e_runs_its_timers_and_promises(engine: Engine, code: str, out: str) -> None:
    engine.docker("pull -q node:20")
    ran = engine.docker(["run", "--rm", "node:20", "node", "-e", code])
    assert (ran.stdout, ran.exit_code) == (out, 0)


def test_node_p_prints_the_value_before_the_timers(engine: Engine) -> None:
    engine.docker("pull -q node:20")
    ran = engine.docker(["run", "--rm", "node:20", "node", "-p", "setTimeout(() => "
                         "console.log('later'), 1); 6 * 7"])  # fmt: skip
    assert ran.stdout == "42\nlater\n"


def test_node_e_an_error_in_a_timer_and_a_thrown_error(engine: Engine) -> None:
    engine.docker("pull -q node:20")
    ran = engine.docker(["run", "--rm", "node:20", "node", "-e",
                         "setTimeout(() => process.exit(3), 5)"])  # fmt: skip
    assert ran.exit_code == 3
    ran = engine.docker(["run", "--rm", "node:20", "node", "-e", 'throw new Error("now")'])
    assert ran.exit_code == 1
    assert ran.stderr.startswith('[eval]:1\nthrow new Error("now")\n^\n\nError: now\n')
