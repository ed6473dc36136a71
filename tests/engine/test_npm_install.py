"""npm and yarn in the node images: installing from the offline registry into node_modules,
package.json scripts, what the clients print; Express, uuid and dotenv as installed, serving
an app whose memory lasts across requests."""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine

APP = "/home/student/app"
MANIFEST = {
    "name": "app",
    "version": "1.0.0",
    "license": "MIT",
    "scripts": {"start": "node index.js", "test": 'echo "Error: no test specified" && exit 1'},
    "dependencies": {"express": "^4.18.2", "uuid": "^9.0.0"},
}
INDEX = """\
const express = require('express');
const { v4: uuid } = require('uuid');
const app = express();
app.use(express.json());
const items = [];
app.get('/', (req, res) => res.send('Hello World!'));
app.get('/items', (req, res) => res.json(items));
app.post('/items', (req, res) => {
  const item = { id: uuid(), name: req.body.name };
  items.push(item);
  res.status(201).send(item);
});
app.get('/items/:id', (req, res) => {
  const item = items.find(i => i.id === req.params.id);
  if (!item) return res.sendStatus(404);
  res.json(item);
});
app.listen(3000, () => console.log('Example app listening on port 3000'));
"""
RUN = f"run --rm -v {APP}:/app -w /app node:20"
ADDED = (
    "\nadded 68 packages, and audited 69 packages in 2s\n\n"
    "13 packages are looking for funding\n  run `npm fund` for details\n\n"
    "found 0 vulnerabilities\n"
)


@pytest.fixture
def project(engine: Engine) -> Engine:
    engine.host_write(f"{APP}/package.json", json.dumps(MANIFEST, indent=2) + "\n")
    engine.host_write(f"{APP}/index.js", INDEX)
    assert engine.docker("pull -q node:20").exit_code == 0
    return engine


def test_npm_install_then_up_to_date(project: Engine) -> None:
    ran = project.docker(f"{RUN} npm install")
    assert (ran.stdout, ran.exit_code) == (ADDED, 0)
    again = project.docker(f"{RUN} npm install").stdout
    assert again.startswith("\nup to date, audited 69 packages in 1s\n")
    listed = project.host(f"ls {APP}/node_modules/express {APP}/node_modules/uuid").stdout
    assert listed == (
        f"{APP}/node_modules/express:\nindex.js\npackage.json\n\n"
        f"{APP}/node_modules/uuid:\nindex.js\npackage.json\n"
    )
    lock = json.loads(project.host(f"cat {APP}/package-lock.json").stdout)
    assert lock["packages"]["node_modules/express"] == {"version": "4.21.2"}
    assert lock["packages"]["node_modules/uuid"] == {"version": "9.0.1"}


def test_npm_install_a_package_adds_it_with_a_caret(project: Engine) -> None:
    assert project.docker(f"{RUN} npm install dotenv").exit_code == 0
    manifest = json.loads(project.host(f"cat {APP}/package.json").stdout)
    assert manifest["dependencies"] == {
        "dotenv": "^16.5.0", "express": "^4.18.2", "uuid": "^9.0.0"
    }  # fmt: skip


def test_an_unknown_package_is_not_in_the_registry(project: Engine) -> None:
    ran = project.docker(f"{RUN} npm install nosuchpkg")
    assert ran.exit_code == 1
    assert ran.stderr.startswith(
        "npm error code E404\n"
        "npm error 404 Not Found - GET https://registry.npmjs.org/nosuchpkg - Not found\n"
        "npm error 404\nnpm error 404  'nosuchpkg@*' is not in this registry.\n"
    )
    assert "\nnpm error A complete log of this run can be found in: /root/.npm/_logs/" in ran.stderr


def test_npm_ci_needs_a_lock_file(project: Engine) -> None:
    ran = project.docker(f"{RUN} npm ci")
    assert ran.exit_code == 1
    assert ran.stderr.startswith("npm error code EUSAGE\nnpm error\nnpm error The `npm ci` command")


def test_npm_test_and_a_missing_script(project: Engine) -> None:
    ran = project.docker(f"{RUN} npm test")
    assert ran.exit_code == 1
    assert ran.stdout == (
        '\n> app@1.0.0 test\n> echo "Error: no test specified" && exit 1\n\n'
        "Error: no test specified\n"
    )
    missing = project.docker(f"{RUN} npm run dev")
    assert missing.exit_code == 1
    assert missing.stderr.startswith(
        'npm error Missing script: "dev"\nnpm error\nnpm error To see a list of scripts, run:\n'
        "npm error   npm run\n"
    )


def test_yarn_install_production_and_its_lock_file(project: Engine) -> None:
    ran = project.docker(f"{RUN} yarn install --production")
    assert ran.exit_code == 0
    assert ran.stdout == (
        "yarn install v1.22.22\ninfo No lockfile found.\n[1/4] Resolving packages...\n"
        "[2/4] Fetching packages...\n[3/4] Linking dependencies...\n"
        "[4/4] Building fresh packages...\nsuccess Saved lockfile.\nDone in 5.68s.\n"
    )
    lock = project.host(f"cat {APP}/yarn.lock").stdout
    assert 'express@^4.18.2:\n  version "4.21.2"\n' in lock
    again = project.docker(f"{RUN} yarn install --frozen-lockfile").stdout
    assert "info No lockfile found." not in again and again.endswith("s.\n")


def test_yarn_unknown_package_and_script(project: Engine) -> None:
    missing = project.docker(f"{RUN} yarn run dev")
    assert missing.exit_code == 1
    assert missing.stdout == "yarn run v1.22.22\n"
    assert missing.stderr.startswith('error Command "dev" not found.\n')
    bad = project.docker(f"{RUN} yarn add nosuchpkg")
    assert bad.exit_code == 1
    assert bad.stderr.startswith(
        'error An unexpected error occurred: "https://registry.yarnpkg.com/nosuchpkg: Not found".'
    )


def test_an_express_app_serves_and_keeps_its_items(project: Engine) -> None:
    assert project.docker(f"{RUN} npm install").exit_code == 0
    ran = project.docker(f"run -d --name web -p 3000:3000 -v {APP}:/app -w /app node:20 npm start")
    assert ran.exit_code == 0
    assert project.host("curl -si localhost:3000/").stdout == (
        "HTTP/1.1 200 OK\r\nX-Powered-By: Express\r\nContent-Type: text/html; charset=utf-8\r\n"
        'Content-Length: 12\r\nETag: W/"c-Lve95gjOVATpfV8EL5X4nxwjKHE"\r\n'
        "Date: Sun, 15 Jun 2025 12:00:02 GMT\r\nConnection: keep-alive\r\n"
        "Keep-Alive: timeout=5\r\n\r\nHello World!"
    )
    posted = project.host("curl -s -H 'Content-Type: application/json' "
                          "-d '{\"name\":\"milk\"}' localhost:3000/items").stdout  # fmt: skip
    item = json.loads(posted)
    assert item["name"] == "milk" and len(item["id"]) == 36 and item["id"][14] == "4"
    assert json.loads(project.host("curl -s localhost:3000/items").stdout) == [item]
    assert json.loads(project.host(f"curl -s localhost:3000/items/{item['id']}").stdout) == item
    assert project.host("curl -s localhost:3000/items/nope").stdout == "Not Found"
    page = project.host("curl -si localhost:3000/missing").stdout
    assert page.startswith("HTTP/1.1 404 Not Found\r\nX-Powered-By: Express\r\n"
                           "Content-Security-Policy: default-src 'none'\r\n")  # fmt: skip
    assert page.endswith("<pre>Cannot GET /missing</pre>\n</body>\n</html>\n")
    assert project.docker("logs web").stdout == (
        "\n> app@1.0.0 start\n> node index.js\n\nExample app listening on port 3000\n"
    )


def test_a_package_dockersim_does_not_run_says_so(project: Engine) -> None:
    project.host_write(f"{APP}/db.js", "const cors = require('cors');\n")
    project.docker(f"{RUN} npm install cors")
    ran = project.docker(f"{RUN} node db.js")
    assert ran.exit_code == 1
    assert ran.stderr == (
        "dockersim: not simulated in node: the package 'cors' (dockersim runs a subset of "
        "JavaScript)\n"
    )


def test_dotenv_reads_the_env_file(project: Engine) -> None:
    project.host_write(f"{APP}/.env", '# settings\nPORT=8080\nNAME="docker app"\n')
    project.host_write(f"{APP}/env.js", "require('dotenv').config();\n"
                       "console.log(process.env.PORT, process.env.NAME);\n")  # fmt: skip
    project.docker(f"{RUN} npm install dotenv")
    assert project.docker(f"{RUN} node env.js").stdout == "8080 docker app\n"


def test_the_workshops_dev_container_yarn_and_nodemon(engine: Engine) -> None:
    manifest = {"name": "101-app", "version": "1.0.0", "license": "MIT",
                "scripts": {"dev": "nodemon -L src/index.js"},
                "dependencies": {"express": "^4.18.2"},
                "devDependencies": {"nodemon": "^2.0.20"}}  # fmt: skip
    engine.host_write(f"{APP}/package.json", json.dumps(manifest))
    source = (
        "const express = require('express');\nconst app = express();\nlet n = 0;\n"
        "app.get('/', (req, res) => res.send('hits ' + (++n)));\n"
        "app.listen(3000, () => console.log('Listening on port 3000'));\n"
    )
    engine.host_write(f"{APP}/src/index.js", source)
    engine.docker("pull -q node:22-alpine")
    ran = engine.docker(["run", "-d", "--name", "dev", "-p", "127.0.0.1:3000:3000", "-w", "/app",
                         "-v", f"{APP}:/app", "node:22-alpine", "sh", "-c",
                         "yarn install && yarn run dev"])  # fmt: skip
    assert ran.exit_code == 0
    engine.advance(10)
    assert engine.host("curl -s localhost:3000/").stdout == "hits 1"
    assert engine.host("curl -s localhost:3000/").stdout == "hits 2"
    assert engine.docker("logs dev").stdout == (
        "yarn install v1.22.22\ninfo No lockfile found.\n[1/4] Resolving packages...\n"
        "[2/4] Fetching packages...\n[3/4] Linking dependencies...\n"
        "[4/4] Building fresh packages...\nsuccess Saved lockfile.\nDone in 7.54s.\n"
        "yarn run v1.22.22\n$ nodemon -L src/index.js\n[nodemon] 2.0.22\n"
        "[nodemon] to restart at any time, enter `rs`\n[nodemon] watching path(s): *.*\n"
        "[nodemon] watching extensions: js,mjs,json\n[nodemon] starting `node src/index.js`\n"
        "Listening on port 3000\n"
    )


@pytest.mark.parametrize(
    "names",
    [{}, {"express": "4.21.2"}, {"@types/node": "20.1.0", 'é"\\': "1.0.0", "a": "\u2028"}],
)
def test_install_texts_are_json_with_two_space_indents(names: dict[str, str]) -> None:
    from dockersim.model.userland.programs.npm import lock_text, manifest_text

    # package.json and the lock are json.dumps(..., indent=2) and a newline
    for name, version in names.items():
        manifest = {"name": name, "version": version, "main": "index.js"}
        assert manifest_text(name, version) == json.dumps(manifest, indent=2) + "\n"
    packages = {f"node_modules/{n}": {"version": v} for n, v in sorted(names.items())}
    lock = {"name": "", "lockfileVersion": 3, "requires": True, "packages": packages}
    assert lock_text(names) == json.dumps(lock, indent=2) + "\n"
