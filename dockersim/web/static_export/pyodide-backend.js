// dockersim's static export: the page's back end, in the browser, on Pyodide.
//
// Loaded before the page's own script. It boots Pyodide from ./pyodide/, unpacks dockersim and
// its pure-Python dependencies (py/*.zip) and the data parsed at export time (py/data/), and
// answers the page's fetch() calls to .../api/state, run, check and prepare with the same JSON
// the local server (`dockersim web`) gives, so the page runs unchanged against either. The
// world is kept in this browser's localStorage (per folder) when it has room.
(function () {
  "use strict";
  const base = new URL(".", document.currentScript.src);
  const realFetch = window.fetch.bind(window);
  const STORE = "dockersim-world:" + base.pathname;
  const API = /\/api\/(state|run|check|prepare)$/;

  async function bytes(rel) {
    const response = await realFetch(new URL(rel, base));
    if (!response.ok) throw new Error(`${rel}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  function loadScript(url) {
    return new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = url;
      tag.onload = resolve;
      tag.onerror = () => reject(new Error(`cannot load ${url}`));
      document.head.appendChild(tag);
    });
  }

  async function boot() {
    const started = performance.now();
    const decoder = new TextDecoder();
    const manifest = JSON.parse(decoder.decode(await bytes("manifest.json")));
    await loadScript(new URL("pyodide/pyodide.js", base).href);
    const py = await globalThis.loadPyodide({
      indexURL: new URL("pyodide/", base).href,
      stdout: () => {},
      stderr: (line) => console.warn("python:", line),
    });
    const [deps, pkg] = await Promise.all([bytes("py/deps.zip"), bytes("py/dockersim.zip")]);
    py.unpackArchive(deps, "zip", { extractDir: "/lib/dockersim" });
    py.unpackArchive(pkg, "zip", { extractDir: "/lib/dockersim" });
    py.FS.mkdirTree("/cache/dockersim");
    await Promise.all(
      manifest.data.map(async (name) => {
        py.FS.writeFile(`/cache/dockersim/${name}.json`, await bytes(`py/data/${name}.json`));
      }),
    );
    const lessons = await Promise.all(
      Array.from({ length: manifest.lessons }, async (_, n) =>
        decoder.decode(await bytes(`lessons/${n}.json`)),
      ),
    );
    let saved = null;
    try {
      saved = localStorage.getItem(STORE);
    } catch (_) {
      saved = null;
    }
    py.runPython(
      'import sys\nsys.path.insert(0, "/lib/dockersim")\n' +
        "from pathlib import Path\nfrom dockersim.web import inbrowser\n" +
        'inbrowser.use_frozen_data(Path("/cache"))\n',
    );
    const inbrowser = py.pyimport("dockersim.web.inbrowser");
    const backend = inbrowser.Backend(py.toPy(lessons), saved);
    const bootMs = Math.round(performance.now() - started);
    console.info(`dockersim: Pyodide ${py.version} ready in ${bootMs} ms`);
    return { py, backend, bootMs };
  }

  const ready = boot();
  ready.catch((error) => console.error("dockersim: the simulator did not start:", error));

  async function request(path, body) {
    const { backend } = await ready;
    const answer = JSON.parse(backend.handle(path, body || "{}"));
    if (path === "/api/run" || path === "/api/prepare") {
      const world = backend.saved();
      if (typeof world === "string") {
        try {
          localStorage.setItem(STORE, world);
        } catch (_) {
          // no room (or storage off): the world lives until the tab closes
        }
      }
    }
    return answer;
  }

  window.fetch = async function (input, init) {
    const url = new URL(typeof input === "string" ? input : input.url, location.href);
    const match = url.origin === location.origin ? API.exec(url.pathname) : null;
    if (match === null) return realFetch(input, init);
    let body = "{}";
    if (init && init.body !== undefined && init.body !== null) {
      body = typeof init.body === "string" ? init.body : await new Response(init.body).text();
    } else if (input instanceof Request) {
      body = (await input.text()) || "{}";
    }
    let answer;
    try {
      answer = await request(`/api/${match[1]}`, body);
    } catch (error) {
      answer = { status: 500, body: { error: `dockersim: the simulator did not start: ${error}` } };
    }
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { "Content-Type": "application/json" },
    });
  };

  window.dockersimBackend = {
    ready: ready.then(({ py, bootMs }) => ({ pyodide: py.version, bootMs })),
    reset() {
      try {
        localStorage.removeItem(STORE);
      } catch (_) {
        // nothing saved
      }
    },
  };
})();
