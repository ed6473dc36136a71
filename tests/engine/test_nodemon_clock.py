"""nodemon restarts on the virtual clock (engine/programs/nodemon_watch.py): a file changed on
the host through a bind mount is noticed at nodemon's next poll under `-L` (chokidar's
`usePolling`, every 100 ms by default; nodemon 2's `delay` has no default, so no debounce),
at once with the kernel's notifications without it; `docker logs` shows the restart and the
new script's start lines at that moment even when nothing asked the server in between."""

from __future__ import annotations

import json

from dockersim.engine import Engine
from dockersim.model.container import Container

APP = "/home/student/app"
SOURCE = (
    "const express = require('express');\nconst app = express();\nlet n = 0;\n"
    "app.get('/', (req, res) => res.send('hits ' + (++n)));\n"
    "app.listen(3000, () => console.log('Listening on port 3000'));\n"
)
#: yarn install ends 7.54 s after the start (test_npm_install.py): nodemon starts the script
#: then, at 12:00:07.54, and under -L polls at 07.54 + k * 0.1 s
STARTED = (
    "2025-06-15T12:00:07.540000000Z [nodemon] starting `node src/index.js`\n"
    "2025-06-15T12:00:07.540000000Z Listening on port 3000\n"
)


def _dev(engine: Engine, script: str = "nodemon -L src/index.js") -> Container:
    manifest = {"name": "101-app", "version": "1.0.0", "license": "MIT",
                "scripts": {"dev": script},
                "dependencies": {"express": "^4.18.2"},
                "devDependencies": {"nodemon": "^2.0.20"}}  # fmt: skip
    engine.host_write(f"{APP}/package.json", json.dumps(manifest))
    engine.host_write(f"{APP}/src/index.js", SOURCE)
    engine.docker("pull -q node:22-alpine")
    ran = engine.docker(["run", "-d", "--name", "dev", "-p", "127.0.0.1:3000:3000", "-w", "/app",
                         "-v", f"{APP}:/app", "node:22-alpine", "sh", "-c",
                         "yarn install && yarn run dev"])  # fmt: skip
    assert ran.exit_code == 0, ran.stderr
    engine.advance(10.25)  # (12:00:10.25)
    (container,) = engine.world.containers.values()
    return container


def _tail(engine: Engine, lines: int) -> str:
    logs = engine.docker("logs -t dev").stdout
    return "".join(logs.splitlines(keepends=True)[-lines:])


def test_the_restart_is_logged_at_the_next_poll_without_a_request(engine: Engine) -> None:
    # given
    _dev(engine)
    # when
    assert engine.host("sed -i s/hits/visits/ app/src/index.js").exit_code == 0
    engine.advance(1)
    # then: the change at 10.25 is seen at the poll of 10.34
    assert _tail(engine, 5) == STARTED + (
        "2025-06-15T12:00:10.340000000Z [nodemon] restarting due to changes...\n"
        "2025-06-15T12:00:10.340000000Z [nodemon] starting `node src/index.js`\n"
        "2025-06-15T12:00:10.340000000Z Listening on port 3000\n"
    )


def test_a_request_after_the_restart_meets_the_new_process(engine: Engine) -> None:
    # given
    _dev(engine)
    assert engine.host("curl -s localhost:3000/").stdout == "hits 1"
    engine.host("sed -i s/hits/visits/ app/src/index.js")
    engine.advance(2)
    # when
    answers = [engine.host("curl -s localhost:3000/").stdout for _ in range(2)]
    # then: the new code, its counter from zero, and the restart logged once
    assert answers == ["visits 1", "visits 2"]
    assert engine.docker("logs dev").stdout.count("[nodemon] restarting due to changes...") == 1
    assert _tail(engine, 3).startswith("2025-06-15T12:00:10.340000000Z [nodemon] restarting")


def test_before_the_poll_the_old_process_still_answers(engine: Engine) -> None:
    # given
    _dev(engine)
    assert engine.host("curl -s localhost:3000/").stdout == "hits 1"
    # when: asked at the moment of the change, before nodemon's poll
    engine.host("sed -i s/hits/visits/ app/src/index.js")
    early = engine.host("curl -s localhost:3000/").stdout
    engine.advance(0.2)
    late = engine.host("curl -s localhost:3000/").stdout
    # then: the same process answered at the change (its counter goes on; which text it
    # answers with is the replay's, node_http.py's documented simplification), the new
    # one after the poll
    assert early.endswith(" 2")
    assert late == "visits 1"
    assert engine.docker("logs dev").stdout.count("[nodemon] restarting due to changes...") == 1


def test_without_legacy_watch_the_change_is_seen_at_once(engine: Engine) -> None:
    # given
    _dev(engine, "nodemon src/index.js")
    # when
    engine.host("sed -i s/hits/visits/ app/src/index.js")
    engine.advance(1)
    # then
    assert _tail(engine, 3) == (
        "2025-06-15T12:00:10.250000000Z [nodemon] restarting due to changes...\n"
        "2025-06-15T12:00:10.250000000Z [nodemon] starting `node src/index.js`\n"
        "2025-06-15T12:00:10.250000000Z Listening on port 3000\n"
    )


def test_a_file_nodemon_does_not_watch_changes_nothing(engine: Engine) -> None:
    # given
    container = _dev(engine)
    # when: not one of js,mjs,json, and one under node_modules
    engine.host("echo notes > app/README.md && echo '{}' > app/node_modules/x.json")
    engine.advance(5)
    # then
    assert container.exit_at is None
    assert _tail(engine, 2) == STARTED
    assert engine.host("curl -s localhost:3000/").stdout == "hits 1"


def test_the_pending_restart_survives_a_saved_world(engine: Engine) -> None:
    # given: the change made, the world saved and loaded before the poll
    _dev(engine)
    engine.host("sed -i s/hits/visits/ app/src/index.js")
    again = Engine.from_json(json.loads(json.dumps(engine.to_json())), catalog=engine.catalog)
    # when
    again.advance(1)
    # then
    logs = again.docker("logs -t dev").stdout
    assert logs.endswith(
        "2025-06-15T12:00:10.340000000Z [nodemon] restarting due to changes...\n"
        "2025-06-15T12:00:10.340000000Z [nodemon] starting `node src/index.js`\n"
        "2025-06-15T12:00:10.340000000Z Listening on port 3000\n"
    )


def test_two_changes_restart_twice_each_at_its_poll(engine: Engine) -> None:
    # given
    _dev(engine)
    # when
    engine.host("sed -i s/hits/visits/ app/src/index.js")
    engine.advance(1.0)  # (12:00:11.25)
    engine.host("sed -i s/visits/views/ app/src/index.js")
    engine.advance(1.0)
    # then
    restarts = [line[:30] for line in engine.docker("logs -t dev").stdout.splitlines()
                if line.endswith("restarting due to changes...")]  # fmt: skip
    assert restarts == ["2025-06-15T12:00:10.340000000Z", "2025-06-15T12:00:11.340000000Z"]
    assert engine.host("curl -s localhost:3000/").stdout == "views 1"


def test_a_killed_container_is_not_restarted_by_nodemon(engine: Engine) -> None:
    # given
    container = _dev(engine)
    engine.host("sed -i s/hits/visits/ app/src/index.js")
    # when: killed before the poll
    assert engine.docker("kill dev").exit_code == 0
    engine.advance(5)
    # then
    assert not container.state.running
    assert "restarting due to changes" not in engine.docker("logs dev").stdout


def test_a_change_made_inside_the_container_is_seen_at_its_poll(engine: Engine) -> None:
    # given
    _dev(engine)
    # when: changed by `docker exec` (noticed when the server is next asked)
    assert engine.docker("exec dev sed -i s/hits/visits/ src/index.js").exit_code == 0
    engine.advance(1)
    answer = engine.host("curl -s localhost:3000/").stdout
    # then
    assert answer == "visits 1"
    assert _tail(engine, 3).startswith(
        "2025-06-15T12:00:10.340000000Z [nodemon] restarting due to changes...\n"
    )
