"""The page's API called in-process: what a command shows, the shared world, lessons."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from dockersim.cli.docker import run_docker
from dockersim.cli.host import run_host
from dockersim.web.api import App
from dockersim.web.terminal import MAX_OUTPUT
from dockersim.web.world import World
from tests.web.helpers import data, get, post


def cli(argv: list[str], host: bool = False) -> tuple[int, str]:
    """`dockersim docker ARGV` (or `host`) in this process: status and what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err), _stdin(""):
        code = (run_host if host else run_docker)(argv)
    return code, out.getvalue() + err.getvalue()


@contextmanager
def _stdin(text: str) -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(text.encode()))
    try:
        yield
    finally:
        sys.stdin = saved


def run(app: App, line: str) -> dict[str, object]:
    response = post(app, "/api/run", {"line": line})
    assert response.status == 200, response.body
    return data(response)


def test_a_docker_line_shows_what_the_cli_prints(app: App) -> None:
    run(app, "docker pull -q alpine")
    shown = run(app, "docker run --rm alpine echo hello")
    assert shown == {
        "output": "hello\n",
        "exit_code": 0,
        "pictures": shown["pictures"],
        "changes": shown["changes"],
    }
    for line in ("docker images", "docker ps -a", "docker network ls", "docker volume ls"):
        code, printed = cli(line.split()[1:])
        assert run(app, line)["output"] == printed
        assert run(app, line)["exit_code"] == code == 0


def test_errors_and_statuses_are_the_clis(app: App) -> None:
    assert run(app, "docker inspect nothing-here") == {
        "output": "[]\nerror: no such object: nothing-here\n",
        "exit_code": 1,
        "pictures": run(app, "docker inspect nothing-here")["pictures"],
        "changes": [],
    }
    code, printed = cli(["run", "--bogus", "alpine"])
    shown = run(app, "docker run --bogus alpine")
    assert (shown["output"], shown["exit_code"]) == (printed, code) == (printed, 125)


def test_the_page_and_the_cli_share_one_world(app: App) -> None:
    run(app, "docker run -d --name web nginx")
    code, printed = cli(["ps", "--format", "{{.Names}} {{.Status}}"])
    assert (code, printed) == (0, "web Up Less than a second\n")
    cli(["network", "create", "from-cli"])
    assert "from-cli" in str(run(app, "docker network ls --format '{{.Name}}'")["output"])


def test_host_lines_run_on_the_simulated_host(app: App) -> None:
    assert run(app, "echo hi > note.txt && cat note.txt")["output"] == "hi\n"
    assert cli(["cat", "note.txt"], host=True) == (0, "hi\n")
    assert run(app, "dockersim host cat note.txt")["output"] == "hi\n"
    assert run(app, "dockersim docker ps --format x")["output"] == ""
    assert run(app, "whoami; hostname")["output"] == "student\ndockersim\n"


def test_the_client_machine_is_the_simulated_host_never_the_real_one(
    app: App, tmp_path: Path
) -> None:
    real = Path("/tmp") / f"dockersim-web-{tmp_path.name}.tar"  # /tmp is on both machines
    run(app, "docker pull -q alpine")
    assert run(app, f"docker save -o {real} alpine")["exit_code"] == 0
    assert not real.exists()  # written on the simulated host
    assert run(app, f"ls {real}")["output"] == f"{real}\n"
    secret = tmp_path / "secret.env"
    secret.write_text("TOKEN=real\n")
    shown = run(app, f"docker run --rm --env-file {secret} alpine env")
    assert "TOKEN=real" not in str(shown["output"])
    assert shown["output"] == f"docker: open {secret}: no such file or directory\n\n" + (
        "Run 'docker run --help' for more information\n"
    )


def test_lines_the_page_cannot_run_say_so(app: App) -> None:
    shown = run(app, "docker ps | grep web")
    assert shown["output"] == (
        "dockersim: not simulated in the web page: a docker command with `|` (pipes, "
        "redirections and substitutions); run the docker command alone\n"
    )
    assert shown["exit_code"] == 1
    quote = run(app, "echo 'unfinished")
    assert quote["exit_code"] == 2
    assert run(app, "   ") == {"output": "", "exit_code": 0, "pictures": None}


def test_a_live_command_shows_its_output_and_says_it_does_not_stay(app: App) -> None:
    shown = run(app, "docker run -it --name box alpine sh")
    assert shown["exit_code"] == 0
    assert "stays attached at a real terminal" in str(shown["output"])
    _, printed = cli(["ps", "--format", "{{.Names}} {{.State}}"])
    assert printed == "box running\n"


def test_output_is_bounded(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    assert MAX_OUTPUT == 1 << 20
    monkeypatch.setattr("dockersim.web.terminal.MAX_OUTPUT", 1000)
    output = str(run(app, "head -c 5000 /dev/zero")["output"])
    assert output == "\0" * 1000 + "\n[dockersim web: 4000 more characters not shown]\n"


def test_pictures_follow_the_command_and_mark_what_changed(app: App) -> None:
    shown = run(app, "docker run -d --name web nginx")
    pictures = shown["pictures"]
    assert isinstance(pictures, list)
    kinds = [(p["kind"], p["name"]) for p in pictures]
    assert kinds == [("summary", ""), ("network", ""), ("container", "web"), ("layers", "web")]
    assert all(p["changed"] == ["nginx:latest", "web"] for p in pictures)
    drawing = pictures[2].get("svg") or pictures[2].get("text")
    assert "web" in drawing and "running" in drawing
    assert "+ container web" in "\n".join(shown["changes"])  # type: ignore[arg-type]
    stopped = run(app, "docker stop web")
    assert "~ container web" in stopped["changes"][0]  # type: ignore[index]
    assert "exited" in str(stopped["pictures"][2])  # type: ignore[index]
    run(app, "docker rm web")
    after = run(app, "docker ps -a")["pictures"]  # the image pulled last takes its place
    assert [(p["kind"], p["name"]) for p in after] == [  # type: ignore[union-attr]
        ("summary", ""),
        ("network", ""),
        ("layers", "nginx:latest"),
    ]


def test_state_lists_the_lessons_with_safe_html(app: App) -> None:
    state = data(post(app, "/api/state"))
    lesson = state["lessons"][0]  # type: ignore[index]
    assert lesson["title"] == "A web server"
    assert lesson["description"] == (
        "<p>Run <strong>nginx</strong> in the background. &lt;script&gt;alert(1)&lt;/script&gt;</p>"
    )
    assert lesson["steps"][0]["checks"] == ["container web is running"]
    assert lesson["steps"][0]["expects"] == ["exit status is 0"]


def test_prepare_gives_the_world_the_lessons_files_and_images(app: App) -> None:
    done = data(post(app, "/api/prepare", {"lesson": 0}))["done"]
    assert done == ["wrote /home/student/site/index.html on the host", "pulled nginx:latest"]
    assert data(post(app, "/api/prepare", {"lesson": 0}))["done"] == []
    assert cli(["cat", "site/index.html"], host=True) == (0, "<h1>hi</h1>")


def test_check_judges_the_learners_world(app: App) -> None:
    def verdicts() -> list[tuple[str, str]]:
        steps = data(post(app, "/api/check", {"lesson": 0}))["steps"]
        return [(r["title"], r["status"]) for s in steps for r in s["results"]]  # type: ignore

    assert verdicts() == [
        ("container web is running", "failed"),
        ("exit status is 0", "not checked"),
        ("network lab exists", "failed"),
    ]
    first = data(post(app, "/api/check", {"lesson": 0}))["steps"][0]  # type: ignore[index]
    assert first["hint"] == "Did you name it web?"
    assert first["results"][0]["message"] == "there is no container web"
    run(app, "docker run -d --name web nginx")
    run(app, "docker network create lab")
    assert [status for _, status in verdicts()] == ["passed", "not checked", "passed"]


def test_bad_requests_are_refused_with_a_reason(app: App) -> None:
    assert data(post(app, "/api/run", {"line": 3})) == {
        "error": "line: a string of at most 16384 characters"
    }
    assert post(app, "/api/run", {"line": "x" * 20000}).status == 400
    assert post(app, "/api/run", {"line": "ls\x00"}).status == 400
    assert post(app, "/api/check", {"lesson": 1}).status == 400
    assert post(app, "/api/check", {"lesson": True}).status == 400
    assert post(app, "/api/nothing").status == 404
    assert post(app, "/api/run", [1, 2]).status == 400


def test_a_damaged_world_is_reported_not_a_traceback(app: App, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "world.json").write_text("{not json")
    response = post(app, "/api/run", {"line": "docker ps"})
    assert response.status == 500
    assert "cannot read the saved world" in str(data(response)["error"])


def test_another_process_saving_is_seen_by_the_next_request(app: App, home: Path) -> None:
    run(app, "docker network ls")
    cli(["network", "create", "later"])
    assert "later" in str(run(app, "docker network ls")["output"])
    world = World(home)  # a second page on the same world
    other = App([], world, 8642)
    assert "later" in str(run(other, "docker network ls")["output"])


def test_the_page_and_its_files(app: App) -> None:
    page = get(app, "/")
    assert page.status == 200 and page.content_type == "text/html; charset=utf-8"
    assert f'<meta name="dockersim-token" content="{app.token}">'.encode() in page.body
    for path in ("/static/app.js", "/static/app.css", "/static/vendor/xterm.mjs"):
        assert get(app, path).status == 200
    assert get(app, "/favicon.ico").status == 204
    assert get(app, "/static/vendor/VENDORED.md").status == 404
