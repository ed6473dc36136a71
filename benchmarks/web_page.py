"""The lesson page: from Enter in its terminal to the updated picture, with 1 and 100 containers.

Serves `dockersim web` in this process (a thread, port 0, a temporary DOCKERSIM_HOME with a
frozen clock) on a saved world that already holds N running containers, opens the page in
headless Chromium (Playwright with the system browser) and types
`docker run -d --name typedI alpine sleep 1d` lines. Each is timed inside the page, from the
Enter key's event to the moment the picture of container typedI is in the DOM (a
MutationObserver): the request, the command, the save, the drawings and the page's update.
Without Playwright or Chromium it times the API round trip alone (POST /api/run over the
socket, the pictures drawn), and says so. Target: under 100 ms median.

    python benchmarks/web_page.py --runs 20 --sizes 1 100
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("DOCKERSIM_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"

WATCH = """(name) => { window.dockersimDone = new Promise((resolve) => {
  let pressed = null;
  const enter = (e) => {
    if (e.key !== "Enter") return;
    pressed = performance.now();
    document.removeEventListener("keydown", enter, true);
  };
  document.addEventListener("keydown", enter, true);
  const seen = () => document.querySelector(`figure[data-kind="container"][data-name="${name}"]`);
  new MutationObserver((_, observer) => {
    if (pressed !== null && seen()) { observer.disconnect(); resolve(performance.now() - pressed); }
  }).observe(document.getElementById("picture-list"), { childList: true, subtree: true });
}); }"""


def build_world(home: Path, containers: int) -> None:
    from dockersim import Engine, store

    engine = Engine()
    engine.docker("pull -q alpine")
    for i in range(containers):
        engine.docker(["run", "-d", "--name", f"c{i}", "alpine", "sleep", "1d"])
    with store.locked(home) as path:
        store.save(path, engine)


def start(home: Path) -> Any:
    from dockersim.web.api import App
    from dockersim.web.server import PageServer
    from dockersim.web.world import World

    server = PageServer(App([], World(home), 0), 0)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server


def in_browser(url: str, runs: int) -> list[float]:
    from playwright.sync_api import expect, sync_playwright

    times = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        expect(page.locator("body")).to_have_attribute("data-ready", "true", timeout=30000)
        for i in range(runs + 1):  # the first warms up (imports, the catalog)
            name = f"typed{i}"
            page.evaluate(WATCH, name)
            page.keyboard.type(f"docker run -d --name {name} alpine sleep 1d")
            page.keyboard.press("Enter")
            elapsed = float(page.evaluate("() => window.dockersimDone"))
            if i:
                times.append(elapsed / 1000)
        browser.close()
    return times


def over_api(server: Any, runs: int) -> list[float]:
    times = []
    for i in range(runs + 1):
        body = json.dumps({"line": f"docker run -d --name probe{i} alpine sleep 1d"}).encode()
        request = urllib.request.Request(
            server.url + "api/run",
            body,
            {"Content-Type": "application/json", "X-Dockersim-Token": server.app.token},
        )
        begin = time.perf_counter()
        with urllib.request.urlopen(request) as response:
            answer = json.loads(response.read())
        elapsed = time.perf_counter() - begin
        assert any(p["name"] == f"probe{i}" for p in answer["pictures"])
        if i:
            times.append(elapsed)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 100])
    parser.add_argument("--api", action="store_true", help="time the API alone, no browser")
    args = parser.parse_args()
    os.environ["DOCKERSIM_CLOCK"] = "frozen"
    browser = not args.api and Path(CHROMIUM).exists()
    if browser:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            browser = False
    if not browser and not args.api:
        print("no Playwright or Chromium: timing the API round trip only")
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as directory:
            home = Path(directory)
            build_world(home, size)
            server = start(home)
            try:
                api = over_api(server, args.runs)
                page = in_browser(server.url, args.runs) if browser else []
            finally:
                server.shutdown()
                server.server_close()
        line = (
            f"{size:>4} containers: API round trip median {statistics.median(api) * 1000:6.1f} ms"
        )
        if page:
            line += f"; Enter to updated picture median {statistics.median(page) * 1000:6.1f} ms"
            line += f" (max {max(page) * 1000:.1f})"
        print(line)


if __name__ == "__main__":
    main()
