"""`node app.js` in a node image: the script from the container's filesystem, its modules,
its timers on the virtual clock (what `docker logs -t` shows), and node's errors."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine

APP = "/home/student/app"


@pytest.fixture(autouse=True)
def pulled(engine: Engine) -> None:
    assert engine.docker("pull -q node:20").exit_code == 0


def run(engine: Engine, files: dict[str, str], command: str = "node app.js",
        options: str = "") -> tuple[str, str, int]:  # fmt: skip
    for name, text in files.items():
        engine.host_write(f"{APP}/{name}", text)
    ran = engine.docker(f"run --name web {options} -v {APP}:/app -w /app node:20 {command}")
    return ran.stdout, ran.stderr, ran.exit_code


def test_a_script_requires_its_modules_and_json_and_core_modules(engine: Engine) -> None:
    files = {
        "app.js": "const path = require('path');\n"
                  "const { greet } = require('./lib');\n"
                  "const config = require('./config.json');\n"
                  "const os = require('node:os');\n"
                  "console.log(greet(config.name), __filename, path.join(__dirname, 'x'));\n"
                  "console.log(process.argv.slice(2), os.platform());\n",
        "lib/index.js": "module.exports.greet = name => `Hello, ${name}!`;\n",
        "config.json": '{"name": "Docker"}\n',
    }  # fmt: skip
    out, err, code = run(engine, files, "node app.js one two")
    assert (out, err, code) == (
        "Hello, Docker! /app/app.js /app/x\n[ 'one', 'two' ] linux\n",
        "",
        0,
    )


def test_a_package_in_node_modules_is_found_by_its_main(engine: Engine) -> None:
    files = {
        "app.js": "const shout = require('shout'); console.log(shout('hi'))\n",
        "node_modules/shout/package.json": '{"name": "shout", "main": "lib/shout.js"}\n',
        "node_modules/shout/lib/shout.js": "module.exports = s => s.toUpperCase() + '!'\n",
    }
    assert run(engine, files) == ("HI!\n", "", 0)


def test_timers_log_at_their_virtual_times(engine: Engine) -> None:
    files = {"app.js": "let n = 0;\n"
                       "const t = setInterval(() => { console.log('tick', ++n);"
                       " if (n === 3) clearInterval(t) }, 1000);\n"}  # fmt: skip
    _, _, code = run(engine, files)
    logs = engine.docker("logs -t web").stdout.splitlines()
    assert code == 0
    assert [line.split(" ", 1)[1] for line in logs] == ["tick 1", "tick 2", "tick 3"]
    assert [line[17:19] for line in logs] == ["01", "02", "03"]  # the seconds


def test_fs_writes_into_the_container(engine: Engine) -> None:
    files = {"app.js": "const fs = require('fs');\n"
                       "fs.mkdirSync('/data/todos', { recursive: true });\n"
                       "fs.writeFileSync('/data/todos/list.json', JSON.stringify(['a']));\n"
                       "console.log(fs.readdirSync('/data/todos'));\n"}  # fmt: skip
    assert run(engine, files) == ("[ 'list.json' ]\n", "", 0)
    assert engine.docker("cp web:/data/todos/list.json -").exit_code == 0


def test_an_uncaught_error_prints_where_and_the_stack(engine: Engine) -> None:
    files = {"app.js": "function load(item) {\n  return item.name.length;\n}\nload({});\n"}
    out, err, code = run(engine, files)
    assert (out, code) == ("", 1)
    assert err.startswith(
        "/app/app.js:2\n"
        "  return item.name.length;\n"
        "                   ^\n\n"
        "TypeError: Cannot read properties of undefined (reading 'length')\n"
        "    at load (/app/app.js:2:20)\n"
        "    at Object.<anonymous> (/app/app.js:4:1)\n"
        "    at Module._compile (node:internal/modules/cjs/loader:"
    )
    assert err.endswith("\n\nNode.js v20.19.2\n")


def test_a_missing_module_is_node_s_error(engine: Engine) -> None:
    out, err, code = run(engine, {"app.js": "const express = require('express');\n"})
    assert (out, code) == ("", 1)
    assert err.startswith(
        "/app/app.js:1\nconst express = require('express');\n                ^\n\n"
        "Error: Cannot find module 'express'\nRequire stack:\n- /app/app.js\n"
    )
    assert err.endswith(
        "  code: 'MODULE_NOT_FOUND',\n  requireStack: [ '/app/app.js' ]\n}\n\nNode.js v20.19.2\n"
    )


def test_a_missing_script_is_node_s_error(engine: Engine) -> None:
    out, err, code = run(engine, {}, "node server.js")
    assert (out, code) == ("", 1)
    assert "Error: Cannot find module '/app/server.js'\n" in err
    assert err.endswith("  code: 'MODULE_NOT_FOUND',\n  requireStack: []\n}\n\nNode.js v20.19.2\n")


def test_a_syntax_error_points_at_the_token(engine: Engine) -> None:
    _, err, code = run(engine, {"app.js": "const a = 1;\nlet b = ;\n"})
    assert code == 1
    assert err.startswith(
        "/app/app.js:2\nlet b = ;\n        ^\n\nSyntaxError: Unexpected token ';'\n"
    )


def test_process_exit_code_and_exit_code_property(engine: Engine) -> None:
    assert run(engine, {"app.js": "console.log('bye'); process.exit(3); console.log('no')"}) \
        == ("bye\n", "", 3)  # fmt: skip


def test_an_unhandled_rejection_ends_the_program(engine: Engine) -> None:
    files = {"app.js": "async function main() {\n  await null;\n  throw new Error('db down');\n}\n"
                       "main();\n"}  # fmt: skip
    _, err, code = run(engine, files)
    assert code == 1
    assert err == (
        "/app/app.js:3\n  throw new Error('db down');\n  ^\n\nError: db down\n"
        "    at main (/app/app.js:3:9)\n\nNode.js v20.19.2\n"
    )


def test_a_sigterm_handler_runs_on_docker_stop(engine: Engine) -> None:
    files = {"app.js": "setInterval(() => {}, 60000);\n"
                       "console.log('ready');\n"
                       "process.on('SIGTERM', () => { console.log('shutting down');"
                       " process.exit(0) });\n"}  # fmt: skip
    for name, text in files.items():
        engine.host_write(f"{APP}/{name}", text)
    assert (
        engine.docker(f"run -d --name web -v {APP}:/app -w /app node:20 node app.js").exit_code == 0
    )
    assert engine.docker("inspect -f '{{.State.Running}}' web").stdout == "true\n"
    assert engine.docker("stop web").exit_code == 0
    assert engine.docker("inspect -f '{{.State.ExitCode}}' web").stdout == "0\n"
    assert engine.docker("logs web").stdout == "ready\nshutting down\n"


def test_without_a_handler_node_as_pid_1_ignores_sigterm(engine: Engine) -> None:
    engine.host_write(f"{APP}/app.js", "setInterval(() => {}, 60000);\n")
    assert (
        engine.docker(f"run -d --name web -v {APP}:/app -w /app node:20 node app.js").exit_code == 0
    )
    assert engine.docker("stop web").exit_code == 0
    assert engine.docker("inspect -f '{{.State.ExitCode}}' web").stdout == "137\n"
