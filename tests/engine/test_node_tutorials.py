"""Node beginner tutorials walked through as a learner does: nodejs.org's "Dockerizing a
Node.js web app" (package.json, server.js with Express on 8080, node:18, `npm install`,
.dockerignore, build, `run -p 49160:8080 -d`, logs, exec, `curl -i`) and the
`npm init -y && npm install express` start of most others."""

from __future__ import annotations

from dockersim.engine import Engine

APP = "/home/student/app"
PACKAGE = """{
  "name": "docker_web_app",
  "version": "1.0.0",
  "description": "Node.js on Docker",
  "author": "First Last <first.last@example.com>",
  "main": "server.js",
  "scripts": {
    "start": "node server.js"
  },
  "dependencies": {
    "express": "^4.18.2"
  }
}
"""
SERVER = """'use strict';

const express = require('express');

// Constants
const PORT = 8080;
const HOST = '0.0.0.0';

// App
const app = express();
app.get('/', (req, res) => {
  res.send('Hello World');
});

app.listen(PORT, HOST, () => {
  console.log(`Running on http://${HOST}:${PORT}`);
});
"""
DOCKERFILE = """FROM node:18

# Create app directory
WORKDIR /usr/src/app

# Install app dependencies
COPY package*.json ./

RUN npm install
# If you are building your code for production
# RUN npm ci --omit=dev

# Bundle app source
COPY . .

EXPOSE 8080
CMD [ "node", "server.js" ]
"""


def test_dockerizing_a_nodejs_web_app(engine: Engine) -> None:
    for name, text in {"package.json": PACKAGE, "server.js": SERVER, "Dockerfile": DOCKERFILE,
                       ".dockerignore": "node_modules\nnpm-debug.log\n"}.items():  # fmt: skip
        engine.host_write(f"{APP}/{name}", text)
    built = engine.docker("build -t student/node-web-app app")
    assert built.exit_code == 0, built.stderr
    assert "#8 [4/5] RUN npm install\n" in built.stderr
    assert "audited" in built.stderr
    cid = engine.docker("run -p 49160:8080 -d student/node-web-app").stdout.strip()
    assert engine.docker(f"logs {cid}").stdout == "Running on http://0.0.0.0:8080\n"
    listed = engine.docker(f"exec {cid} ls").stdout
    assert listed == "Dockerfile\nnode_modules\npackage-lock.json\npackage.json\nserver.js\n"
    reply = engine.host("curl -s -i localhost:49160")
    head, _, body = reply.stdout.partition("\r\n\r\n")
    assert body == "Hello World"
    lines = head.split("\r\n")
    assert lines[:5] == [
        "HTTP/1.1 200 OK",
        "X-Powered-By: Express",
        "Content-Type: text/html; charset=utf-8",
        "Content-Length: 11",
        'ETag: W/"b-Ck1VqNd45QIvq3AZd8XYQLvEhtA"',
    ]
    assert lines[5].startswith("Date: ")
    assert lines[6:] == ["Connection: keep-alive", "Keep-Alive: timeout=5"]


def test_npm_init_y_then_install_express_then_node_index_js(engine: Engine) -> None:
    engine.host_write(
        f"{APP}/index.js",
        "const express = require('express');\nconst app = express();\n"
        "app.get('/', (req, res) => res.send('Hello World!'));\n"
        "app.listen(3000, () => console.log('Example app listening on port 3000'));\n",
    )
    engine.docker("pull -q node:22-alpine")
    run = f"run --rm -v {APP}:/app -w /app node:22-alpine"
    init = engine.docker(f"{run} npm init -y")
    assert init.stdout.startswith('Wrote to /app/package.json:\n\n{\n  "name": "app",\n')
    assert init.stdout.endswith('  "description": ""\n}\n\n\n')
    assert engine.docker(f"{run} npm install express").exit_code == 0
    assert engine.docker(f"{run} npm ls").stdout == "app@1.0.0 /app\n`-- express@5.1.0\n\n"
    engine.docker(
        f"run -d --name web -p 3000:3000 -v {APP}:/app -w /app node:22-alpine node index.js"
    )
    assert engine.docker("logs web").stdout == "Example app listening on port 3000\n"
    assert engine.host("curl -s localhost:3000").stdout == "Hello World!"
