"""What the programs of a running container look like: ps, top, nginx's start-up, busybox
wget/ping timeouts, the swarm section of `docker info`, and stdout/stderr interleaving."""

from __future__ import annotations

import io
import re

from dockersim.engine import Engine


def run(engine: Engine, line: str, ok: bool = True) -> tuple[str, str, int]:
    import shlex

    result = engine.docker(shlex.split(line))
    if ok:
        assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr, result.exit_code


def test_ps_in_a_container_lists_pid_1_and_itself(engine: Engine) -> None:
    run(engine, "run -d --name box busybox sleep 1000")
    out, _, _ = run(engine, "exec box ps")
    lines = out.splitlines()
    assert lines[0].split() == ["PID", "USER", "TIME", "COMMAND"]
    assert re.match(r"^ +1 root +0:00 sleep 1000$", lines[1])
    assert lines[2].split()[-1] == "ps" and int(lines[2].split()[0]) > 1


def test_docker_top_shows_nginx_master_and_one_worker_per_cpu(engine: Engine) -> None:
    run(engine, "run -d --name web nginx")
    out, _, _ = run(engine, "top web")
    rows = out.splitlines()[1:]
    assert rows[0].endswith("nginx: master process nginx -g daemon off;")
    workers = [r for r in rows if r.endswith("nginx: worker process")]
    assert len(workers) == 2
    master_pid = rows[0].split()[1]
    assert all(w.split()[2] == master_pid for w in workers)


def test_nginx_start_writes_what_docker_diff_shows(engine: Engine) -> None:
    run(engine, "run -d --name web nginx")
    out, _, _ = run(engine, "diff web")
    assert out.splitlines() == [
        "C /etc",
        "C /etc/nginx",
        "C /etc/nginx/conf.d",
        "C /etc/nginx/conf.d/default.conf",
        "C /run",
        "A /run/nginx.pid",
        "C /var",
        "C /var/cache",
        "C /var/cache/nginx",
        "A /var/cache/nginx/client_temp",
        "A /var/cache/nginx/fastcgi_temp",
        "A /var/cache/nginx/proxy_temp",
        "A /var/cache/nginx/scgi_temp",
        "A /var/cache/nginx/uwsgi_temp",
    ]
    conf, _, _ = run(engine, "exec web cat /etc/nginx/conf.d/default.conf")
    assert "    listen       80;\n    listen  [::]:80;\n" in conf


def test_nginx_restart_finds_ipv6_already_enabled(engine: Engine) -> None:
    run(engine, "run -d --name web nginx")
    run(engine, "restart web")
    out, _, _ = run(engine, "logs web")
    assert out.count("Enabled listen on IPv6") == 1
    assert "10-listen-on-ipv6-by-default.sh: info: IPv6 listen already enabled" in out


def test_nginx_entrypoint_runs_before_nginx_v(engine: Engine) -> None:
    out, err, _ = run(engine, "run --rm nginx nginx -v")
    assert out.endswith("/docker-entrypoint.sh: Configuration complete; ready for start up\n")
    assert err.endswith("nginx version: nginx/1.27.5\n")
    out, _, _ = run(engine, "run --rm -e NGINX_ENTRYPOINT_QUIET_LOGS=1 nginx nginx -v")
    assert out == ""


def test_busybox_wget_timeout_takes_its_value(engine: Engine) -> None:
    run(engine, "network create isolated")
    run(engine, "run -d --name web --network isolated nginx")
    run(engine, "run -d --name client busybox sleep 1000")
    address = run(engine, "inspect -f '{{.NetworkSettings.Networks.isolated.IPAddress}}' web")[0]
    before = engine.now
    _, err, code = run(engine, f"exec client wget -qO- -T 2 http://{address.strip()}", ok=False)
    assert code == 1
    assert err == "wget: download timed out\n"
    assert engine.now - before >= 2


def test_ping_takes_a_wait_option(engine: Engine) -> None:
    run(engine, "run -d --name web nginx")
    run(engine, "run -d --name client busybox sleep 1000")
    out, _, _ = run(engine, "exec client ping -c 1 -W 1 172.17.0.2")
    assert "1 packets transmitted, 1 packets received, 0% packet loss" in out


def test_info_swarm_section_follows_membership() -> None:
    one = Engine()
    one.world.node_name = "node1"
    two = one.node("node2")
    assert run(one, "info --format '{{.Swarm.LocalNodeState}}'")[0] == "inactive\n"
    run(one, "swarm init")
    addr = run(one, "info --format '{{.Swarm.NodeAddr}}'")[0].strip()
    token = run(one, "swarm join-token -q worker")[0].strip()
    run(two, f"swarm join --token {token} {addr}:2377")
    assert run(two, "info --format '{{.Swarm.ControlAvailable}}'")[0] == "false\n"
    text = run(two, "info")[0]
    assert " Swarm: active\n" in text and "  Is Manager: false\n" in text
    assert f"  Manager Addresses:\n   {addr}:2377\n" in text
    assert run(one, "info --format '{{.Swarm.Nodes}}'")[0] == "2\n"


def test_info_counts_containers(engine: Engine) -> None:
    run(engine, "run -d --name box busybox sleep 1000")
    run(engine, "create busybox")
    text = run(engine, "info")[0]
    assert " Containers: 2\n  Running: 1\n  Paused: 0\n  Stopped: 1\n" in text


def test_streams_keep_their_order_when_written_together(engine: Engine) -> None:
    run(engine, "run -d --name web nginx")
    result = engine.docker(["logs", "web"])
    out, err = io.StringIO(), io.StringIO()
    result.write_to(out, err)
    assert out.getvalue() == result.stdout and err.getvalue() == result.stderr
    merged = "".join(text for _, text in result.chunks)
    assert merged.index("ready for start up") < merged.index("[notice] 1#1: using the")


def test_stop_of_several_containers_waits_once(engine: Engine) -> None:
    # busybox sleep ignores SIGTERM as PID 1: each stop waits the full 10 s, in parallel
    for name in ("one", "two", "three"):
        run(engine, f"run -d --name {name} busybox sleep 1000")
    before = engine.now
    out, err, code = run(engine, "stop one nope two three", ok=False)
    assert out == "one\ntwo\nthree\n"
    assert err == "Error response from daemon: No such container: nope\n" and code == 1
    assert engine.now - before == 10
    states = run(engine, "ps -a --format '{{.Names}} {{.Status}}'")[0]
    assert states.count("Exited (137)") == 3


def test_attach_streams_until_exit_and_returns_the_status(engine: Engine) -> None:
    run(engine, "run -d --name job busybox sh -c 'sleep 5; echo hi; echo oops >&2; exit 3'")
    out, err, code = run(engine, "attach job", ok=False)
    assert (out, err, code) == ("hi\n", "oops\n", 3)
    _, err, code = run(engine, "attach job", ok=False)
    assert (err, code) == ("You cannot attach to a stopped container, start it first\n", 1)
    run(engine, "run -d --name held busybox sleep 100")
    run(engine, "pause held")
    _, err, code = run(engine, "attach held", ok=False)
    assert (err, code) == ("You cannot attach to a paused container, unpause it first\n", 1)


def test_nginx_logs_its_graceful_shutdown_on_docker_stop(engine: Engine) -> None:
    run(engine, "run -d --name web nginx")
    run(engine, "stop web")
    err = engine.docker("logs web").stderr.splitlines()
    tail = [line.split("[notice] ", 1)[1] for line in err[-12:]]
    assert tail[0] == "1#1: signal 3 (SIGQUIT) received, shutting down"
    assert tail[-1] == "1#1: exit"
    assert "1#1: worker process 29 exited with code 0" in tail
    assert "1#1: worker process 30 exited with code 0" in tail
    assert run(engine, "inspect -f '{{.State.ExitCode}}' web")[0] == "0\n"


def test_redis_logs_its_shutdown_on_sigterm(engine: Engine) -> None:
    run(engine, "run -d --name cache redis")
    run(engine, "stop cache")
    out = engine.docker("logs cache").stdout
    assert out.endswith("# Redis is now ready to exit, bye bye...\n")
    assert "Received SIGTERM scheduling shutdown..." in out


def test_user_flag_sets_the_process_identity(engine: Engine) -> None:
    out, _, _ = run(engine, "run --rm -u nobody alpine id")
    assert out == "uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)\n"
    assert run(engine, "run --rm -u 1000 ubuntu whoami")[0] == "ubuntu\n"
    run(engine, "run -d --name box alpine sleep 100")
    assert run(engine, "exec -u 1000:1000 box id")[0] == "uid=1000 gid=1000 groups=1000\n"
    _, err, code = run(engine, "run --rm -u nosuch alpine id", ok=False)
    assert code == 125
    assert err.startswith(
        "docker: Error response from daemon: unable to find user nosuch: "
        "no matching entries in passwd file"
    )


def test_postgres_starts_with_a_password_and_refuses_without(engine: Engine) -> None:
    run(engine, "run -d --name db -e POSTGRES_PASSWORD=secret postgres")
    run(engine, "run --name nopw postgres", ok=False)
    states = run(engine, "ps -a --format '{{.Names}} {{.State}}'")[0].split("\n")
    assert "db running" in states and "nopw exited" in states
    err = engine.docker("logs nopw").stderr
    assert "Database is uninitialized and superuser password is not specified." in err


def test_python_http_server_serves_and_logs_requests_on_stderr(engine: Engine) -> None:
    run(engine, "run -d --name py -p 8000:8000 python:3.12-slim python -m http.server")
    page = engine.host("curl -s http://localhost:8000/")
    assert "<title>Directory listing for /</title>" in page.stdout
    assert engine.host("curl -s -o /dev/null http://localhost:8000/nope").exit_code == 0
    logs = engine.docker("logs py")
    assert logs.stdout == ""  # the banner stays in Python's stdout buffer without -u or -t
    lines = logs.stderr.splitlines()
    assert lines[0].endswith('"GET / HTTP/1.1" 200 -')
    assert lines[1].endswith("code 404, message File not found")
    assert run(engine, "ps --format '{{.Status}}'")[0].startswith("Up")


def test_python_unbuffered_http_server_prints_its_banner(engine: Engine) -> None:
    run(engine, "run -d --name py python:3.12-slim python -u -m http.server 9000")
    assert engine.docker("logs py").stdout == (
        "Serving HTTP on 0.0.0.0 port 9000 (http://0.0.0.0:9000/) ...\n"
    )


def test_device_files_exist_and_behave(engine: Engine) -> None:
    out, _, _ = run(
        engine,
        "run --rm alpine sh -c 'head -c 1000 /dev/zero | wc -c; echo x > /dev/null; "
        "cat /dev/null; head -c 10 /dev/urandom | wc -c'",
    )
    assert out == "1000\n10\n"
    assert engine.host("echo hi > /dev/null; cat /dev/null").stdout == ""
