"""`npm init` as the npm of each node image runs it: the package.json init-package-json
writes (npm 10: description last; npm 11: description third and `"type": "commonjs"`), the
name from the directory, and the questionnaire without -y."""

from __future__ import annotations

import json

import pytest

from dockersim.model.cowfs import CowFS
from dockersim.model.fs import FileEntry, changeset, union
from dockersim.model.userland import Proc, run_shell

NO_TEST = 'echo \\"Error: no test specified\\" && exit 1'
NPM10 = f"""{{
  "name": "app",
  "version": "1.0.0",
  "main": "index.js",
  "scripts": {{
    "test": "{NO_TEST}"
  }},
  "keywords": [],
  "author": "",
  "license": "ISC",
  "description": ""
}}"""
NPM11 = f"""{{
  "name": "app",
  "version": "1.0.0",
  "description": "",
  "main": "index.js",
  "scripts": {{
    "test": "{NO_TEST}"
  }},
  "keywords": [],
  "author": "",
  "license": "ISC",
  "type": "commonjs"
}}"""


def sh(script: str, node: str = "20.19.2", stdin: str = "") -> tuple[str, str, int | None]:
    entries = [
        FileEntry.directory("/tmp", 0o1777),
        FileEntry.directory("/root", 0o700),
        FileEntry.directory("/app"),
        *[FileEntry.program(f"/bin/{n}", n, "x86_64") for n in ("sh", "cat", "mkdir", "touch")],
        FileEntry.program("/usr/local/bin/npm", "npm", "x86_64"),
    ]
    env = {"PATH": "/usr/local/bin:/bin", "HOME": "/root", "NODE_VERSION": node}
    proc = Proc(CowFS(union([changeset(entries)])), env, cwd="/app", now=1749988800.0, stdin=stdin)
    t = run_shell(script, proc)
    return t.stdout, t.stderr, t.exit_code


@pytest.mark.parametrize(
    ("node", "text"),
    [("18.20.8", NPM10), ("20.19.2", NPM10), ("22.16.0", NPM10), ("24.1.0", NPM11)],
)
def test_npm_init_y_writes_and_shows_package_json(node: str, text: str) -> None:
    out = sh("npm init -y && cat package.json", node)
    assert out == (f"Wrote to /app/package.json:\n\n{text}\n\n\n{text}\n", "", 0)


def test_npm_init_yes_in_a_named_folder_sanitises_the_name() -> None:
    out, err, code = sh(
        "mkdir -p '/srv/Node-My Site.js' && cd '/srv/Node-My Site.js' && "
        "npm init --yes -s; cat package.json"
    )
    assert (err, code) == ("", 0)
    assert json.loads(out)["name"] == "node-my-site"


def test_npm_init_y_takes_main_deps_and_scope_from_the_folder() -> None:
    script = (
        "touch server.js && mkdir -p node_modules/express node_modules/mocha test && "
        """echo '{"name":"express","version":"4.21.2"}' > node_modules/express/package.json && """
        """echo '{"name":"mocha","version":"11.5.0"}' > node_modules/mocha/package.json && """
        "npm init -y --scope=acme >/dev/null && cat package.json"
    )
    out, err, code = sh(script)
    assert (err, code) == ("", 0)
    assert out == (
        '{\n  "name": "@acme/app",\n  "version": "1.0.0",\n  "main": "server.js",\n'
        '  "directories": {\n    "test": "test"\n  },\n'
        '  "dependencies": {\n    "express": "^4.21.2"\n  },\n'
        '  "devDependencies": {\n    "mocha": "^11.5.0"\n  },\n'
        '  "scripts": {\n    "test": "mocha"\n  },\n  "keywords": [],\n  "author": "",\n'
        '  "license": "ISC",\n  "description": ""\n}\n'
    )


def test_npm_init_y_keeps_what_package_json_has() -> None:
    script = (
        """echo '{"dependencies":{"express":"^5.1.0"}}' > package.json && """
        "npm init -y -s && cat package.json"
    )
    out = json.loads(sh(script)[0])
    assert list(out) == [
        "dependencies", "name", "version", "main", "scripts", "keywords", "author", "license",
        "description",
    ]  # fmt: skip
    assert out["dependencies"] == {"express": "^5.1.0"}


def test_npm_init_asks_its_questions_on_stdin() -> None:
    answers = "Web\nweb\n\nA site\n\n\n\nweb, demo\nAda\nMIT\nyes\n"
    out, err, code = sh("npm init && cat package.json", stdin=answers)
    body = (
        '{\n  "name": "web",\n  "version": "1.0.0",\n  "description": "A site",\n'
        f'  "main": "index.js",\n  "scripts": {{\n    "test": "{NO_TEST}"\n  }},\n'
        '  "keywords": [\n    "web",\n    "demo"\n  ],\n  "author": "Ada",\n  "license": "MIT"\n}'
    )
    assert out == (
        "This utility will walk you through creating a package.json file.\n"
        "It only covers the most common items, and tries to guess sensible defaults.\n\n"
        "See `npm help init` for definitive documentation on these fields\n"
        "and exactly what they do.\n\n"
        "Use `npm install <pkg>` afterwards to install a package and\n"
        "save it as a dependency in the package.json file.\n\n"
        "Press ^C at any time to quit.\n"
        "package name: (app) package name: (app) version: (1.0.0) description: "
        "entry point: (index.js) test command: git repository: keywords: author: "
        f"license: (ISC) About to write to /app/package.json:\n\n{body}\n\n\n"
        f"Is this OK? (yes) {body}\n"
    )
    assert (err, code) == ("Sorry, name can no longer contain capital letters.\n", 0)


def test_npm_init_answered_no_aborts_without_writing() -> None:
    out, err, code = sh("npm init > /dev/null; cat package.json", stdin="\n" * 9 + "no\n")
    assert (out, code) == ("", 1)
    assert err == "cat: package.json: No such file or directory\n"


def test_error_npm_init_with_an_initializer_is_not_simulated() -> None:
    assert sh("npm init vite") == (
        "",
        "dockersim: not simulated in npm: npm init <initializer> (create-* packages)\n",
        1,
    )


def test_npm_ls_draws_the_installed_dependencies() -> None:
    script = (
        """echo '{"name":"app","version":"1.0.0","dependencies":"""
        """{"express":"^4.18.2","uuid":"^9.0.0"}}' """
        "> package.json && mkdir -p node_modules/express && "
        """echo '{"version":"4.21.2"}' > node_modules/express/package.json && npm ls"""
    )
    out, err, code = sh(script)
    assert (out, code) == (
        "app@1.0.0 /app\n+-- express@4.21.2\n`-- UNMET DEPENDENCY uuid@^9.0.0\n\n",
        1,
    )
    assert err.startswith(
        "npm error code ELSPROBLEMS\nnpm error missing: uuid@^9.0.0, required by app@1.0.0\n"
    )
