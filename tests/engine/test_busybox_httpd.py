"""busybox httpd: -f in the foreground as PID 1, or daemonized from a shell."""

from __future__ import annotations

from dockersim.engine import Engine


def out(engine: Engine, line: str) -> tuple[str, str, int]:
    result = engine.docker(line)
    _, status, rest = result.stderr.partition("Status: Downloaded newer image for ")
    stderr = rest.partition("\n")[2] if status else result.stderr
    return result.stdout, stderr, result.exit_code


def test_foreground_httpd_serves_files_to_other_containers_and_the_host(engine: Engine) -> None:
    engine.docker("run -d --name web -p 8080:8000 busybox httpd -f -h /etc -p 8000")
    assert out(engine, "run --rm alpine wget -qO- http://172.17.0.2:8000/hostname")[0] == (
        engine.container_get("web").id[:12] + "\n"
    )
    response = engine.http("http://localhost:8080/passwd")
    assert response.status == 200
    names = [name for name, _ in response.headers]
    assert names == [
        "Date",
        "Connection",
        "Content-type",
        "Accept-Ranges",
        "Last-Modified",
        "ETag",
        "Content-Length",
    ]
    assert "Server" not in names
    missing = engine.http("http://localhost:8080/nope")
    assert (missing.status, missing.body) == (
        404,
        b"<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n"
        b"<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n",
    )
    moved = engine.http("http://localhost:8080/network")
    assert (moved.status, dict(moved.headers)["Location"]) == (302, "/network/")


def test_daemon_form_returns_at_once_and_keeps_serving(engine: Engine) -> None:
    engine.docker("run -d --name box busybox sleep 1d")
    script = (
        "mkdir /www && echo hello > /www/index.html && httpd -h /www -p 8000; "
        "echo rc=$?; wget -qO- localhost:8000"
    )
    assert out(engine, f'exec box sh -c "{script}"') == ("rc=0\nhello\n", "", 0)
    assert out(engine, "run --rm busybox wget -qO- 172.17.0.2:8000/") == ("hello\n", "", 0)
    engine.docker("restart box")
    _, stderr, code = out(engine, "run --rm busybox wget -qO- 172.17.0.2:8000/")
    assert code == 1
    assert "Connection refused" in stderr


def test_daemon_as_pid1_exits_at_once(engine: Engine) -> None:
    assert out(engine, "run --rm busybox httpd -h /") == ("", "", 0)


def test_missing_home_and_bad_usage(engine: Engine) -> None:
    assert out(engine, "run --rm busybox httpd -f -h /nowhere") == (
        "",
        "httpd: can't change directory to '/nowhere': No such file or directory\n",
        1,
    )
    _, stderr, code = out(engine, "run --rm busybox httpd -z")
    assert code == 1 and stderr.startswith("Usage: httpd")
