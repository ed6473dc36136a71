"""`docker compose` second slice: recreation, orphans, pause/kill/top/port/images, ps
formats and filters, version, canonical `config`, override files and pull lines."""

from __future__ import annotations

from dockersim import Engine
from dockersim.docker import run
from dockersim.model.fs import FileEntry

APP = b"""services:
  web:
    image: nginx
    ports:
      - "8080:80"
    environment:
      MODE: prod
  cache:
    image: redis
"""
F = "docker compose -f app/compose.yaml"


def _engine(text: bytes = APP) -> Engine:
    engine = Engine()
    engine.machine.put(FileEntry("/home/student/app", "dir", 0o755))
    engine.machine.write("/home/student/app/compose.yaml", text)
    return engine


def _up(engine: Engine, extra: str = "") -> str:
    result = run(f"{F} up -d {extra}", engine, env={})
    assert result.exit_code == 0, result.stderr
    return result.stderr


def test_rerun_keeps_running_containers() -> None:
    engine = _engine()
    _up(engine)
    assert _up(engine) == " Container app-web-1  Running\n Container app-cache-1  Running\n"


def test_changed_service_is_recreated() -> None:
    engine = _engine()
    _up(engine)
    old = engine.container_get("app-web-1").id
    engine.machine.write("/home/student/app/compose.yaml", APP.replace(b"prod", b"dev"))
    assert _up(engine) == (
        " Container app-web-1  Recreate\n Container app-web-1  Recreated\n"
        " Container app-cache-1  Running\n"
        " Container app-web-1  Starting\n Container app-web-1  Started\n"
    )
    new = engine.container_get("app-web-1")
    assert new.id != old
    assert new.config.labels["com.docker.compose.replace"] == old
    assert "MODE=dev" in new.config.env


def test_force_recreate_and_no_recreate() -> None:
    engine = _engine()
    _up(engine)
    assert _up(engine, "--force-recreate cache") == (
        " Container app-cache-1  Recreate\n Container app-cache-1  Recreated\n"
        " Container app-cache-1  Starting\n Container app-cache-1  Started\n"
    )
    engine.machine.write("/home/student/app/compose.yaml", APP.replace(b"prod", b"dev"))
    assert _up(engine, "--no-recreate web") == " Container app-web-1  Running\n"
    both = run(f"{F} up -d --no-recreate --force-recreate", engine, env={})
    assert (both.exit_code, both.stderr) == (
        1,
        "--force-recreate and --no-recreate are incompatible\n",
    )


def test_orphans_warned_then_removed() -> None:
    engine = _engine()
    _up(engine)
    engine.machine.write("/home/student/app/compose.yaml", APP.split(b"  cache:")[0])
    warned = _up(engine)
    assert warned.startswith('time="')
    assert (
        'level=warning msg="Found orphan containers ([app-cache-1]) for this project. If you '
        "removed or renamed this service in your compose file, you can run this command with "
        'the --remove-orphans flag to clean it up."\n Container app-web-1  Running\n'
    ) in warned
    assert _up(engine, "--remove-orphans") == (
        " Container app-cache-1  Stopping\n Container app-cache-1  Stopped\n"
        " Container app-cache-1  Removing\n Container app-cache-1  Removed\n"
        " Container app-web-1  Running\n"
    )


def test_pause_unpause_kill() -> None:
    engine = _engine()
    _up(engine)
    paused = run(f"{F} pause web", engine, env={})
    assert paused.stderr == " Container app-web-1  Paused\n"
    assert engine.container_get("app-web-1").state.paused
    assert run(f"{F} unpause web", engine, env={}).stderr == " Container app-web-1  Unpaused\n"
    # like Compose, unpause asks the daemon for every running container: one not paused fails
    mixed = run(f"{F} unpause", engine, env={})
    assert mixed.exit_code == 1
    assert mixed.stderr.endswith(" is not paused\n")
    killed = run(f"{F} kill -s SIGKILL cache", engine, env={})
    assert killed.stderr == " Container app-cache-1  Killing\n Container app-cache-1  Killed\n"
    assert engine.container_get("app-cache-1").state.exit_code == 137
    again = run(f"{F} kill cache", engine, env={})
    assert (again.exit_code, again.stderr) == (0, "no container to kill")


def test_port() -> None:
    engine = _engine()
    _up(engine)
    assert run(f"{F} port web 80", engine, env={}).stdout == "0.0.0.0:8080\n"
    missing = run(f"{F} port web 81", engine, env={})
    assert missing.stderr == "no port 81/tcp for container app-web-1: 8080/tcp, 8080/tcp\n"
    stopped = run(f"{F} port nope 80", engine, env={})
    assert stopped.stderr == 'service "nope" is not running\n'


def test_ps_formats_and_filters() -> None:
    engine = _engine()
    _up(engine)
    run(f"{F} stop cache", engine, env={})
    names = run(f"{F} ps --format '{{{{.Name}}}} {{{{.State}}}}'", engine, env={})
    assert names.stdout == "app-web-1 running\n"
    every = run(f"{F} ps -a --format '{{{{.Name}}}} {{{{.State}}}}'", engine, env={})
    assert every.stdout == "app-cache-1 exited\napp-web-1 running\n"
    exited = run(f"{F} ps --filter status=exited --services", engine, env={})
    assert exited.stdout == "cache\n"
    assert run(f"{F} ps --status running -q", engine, env={}).stdout == (
        engine.container_get("app-web-1").id + "\n"
    )
    bad = run(f"{F} ps --filter color=red", engine, env={})
    assert (bad.exit_code, bad.stderr) == (1, "unknown filter color\n")
    line = run(f"{F} ps --format json web", engine, env={}).stdout
    assert line.startswith('{"Command":"\\"/docker-entrypoint.…\\"","CreatedAt":')
    assert (
        '"Publishers":[{"URL":"0.0.0.0","TargetPort":80,"PublishedPort":8080,"Protocol":"tcp"},'
        '{"URL":"::","TargetPort":80,"PublishedPort":8080,"Protocol":"tcp"}]'
    ) in line
    assert '"Service":"web","Size":"0B","State":"running","Status":"Up ' in line


def test_images_and_top() -> None:
    engine = _engine()
    _up(engine)
    images = run(f"{F} images", engine, env={}).stdout.splitlines()
    assert images[0].split() == [
        "CONTAINER", "REPOSITORY", "TAG", "PLATFORM", "IMAGE", "ID", "SIZE", "CREATED"
    ]  # fmt: skip
    assert images[0].startswith("CONTAINER           REPOSITORY          TAG")
    assert images[2].split()[:4] == ["app-web-1", "nginx", "latest", "linux/amd64"]
    assert images[2].endswith("292 years ago")
    top = run(f"{F} top web", engine, env={}).stdout.splitlines()
    assert top[0].split() == ["SERVICE", "#", "UID", "PID", "PPID", "C", "STIME", "TTY", "TIME",
                              "CMD"]  # fmt: skip
    assert top[1].startswith("web      1   root")
    assert top[1].endswith("nginx: master process nginx -g daemon off;")


def test_version() -> None:
    engine = Engine()
    assert run("docker compose version", engine, env={}).stdout == (
        "Docker Compose version v2.37.1\n"
    )
    assert run("docker compose version --short", engine, env={}).stdout == "2.37.1\n"
    assert run("docker compose version -f json", engine, env={}).stdout == (
        '{"version":"v2.37.1"}\n'
    )


def test_config_canonical() -> None:
    engine = _engine(
        b"services:\n  web:\n    image: nginx\n    ports: ['8080:80']\n    depends_on: [db]\n"
        b"    volumes: ['./html:/usr/share/nginx/html:ro']\n    environment: ['A=$$x']\n"
        b"  db:\n    image: postgres\n    volumes: [data:/var/lib/postgresql/data]\n"
        b"    healthcheck:\n      test: pg_isready\n      interval: 90s\n"
        b"volumes:\n  data:\n"
    )
    result = run(f"{F} config", engine, env={})
    assert result.stdout == (
        "name: app\n"
        "services:\n"
        "  db:\n"
        "    healthcheck:\n"
        "      test:\n"
        "        - CMD-SHELL\n"
        "        - pg_isready\n"
        "      interval: 1m30s\n"
        "    image: postgres\n"
        "    networks:\n"
        "      default: null\n"
        "    volumes:\n"
        "      - type: volume\n"
        "        source: data\n"
        "        target: /var/lib/postgresql/data\n"
        "        volume: {}\n"
        "  web:\n"
        "    depends_on:\n"
        "      db:\n"
        "        condition: service_started\n"
        "        required: true\n"
        "    environment:\n"
        "      A: $$x\n"
        "    image: nginx\n"
        "    networks:\n"
        "      default: null\n"
        "    ports:\n"
        "      - mode: ingress\n"
        "        target: 80\n"
        '        published: "8080"\n'
        "        protocol: tcp\n"
        "    volumes:\n"
        "      - type: bind\n"
        "        source: /home/student/app/html\n"
        "        target: /usr/share/nginx/html\n"
        "        read_only: true\n"
        "        bind:\n"
        "          create_host_path: true\n"
        "networks:\n"
        "  default:\n"
        "    name: app_default\n"
        "volumes:\n"
        "  data:\n"
        "    name: app_data\n"
    )
    assert run(f"{F} config --services", engine, env={}).stdout == "web\ndb\n"
    assert run(f"{F} config --volumes", engine, env={}).stdout == "data\n"


def test_override_merge_rules() -> None:
    engine = _engine(
        b"services:\n  web:\n    image: nginx\n    command: [a, b]\n    ports: ['80']\n"
        b"    environment: {A: '1', B: '2'}\n    expose: ['81']\n"
    )
    engine.machine.write(
        "/home/student/app/compose.override.yaml",
        b"services:\n  web:\n    command: [c]\n    ports: ['8080:80']\n"
        b"    environment: ['B=3']\n    expose: ['81', '82']\n",
    )
    result = run("docker compose --project-directory app config", engine, env={})
    text = result.stdout
    assert "    command:\n      - c\n" in text
    assert '    environment:\n      A: "1"\n      B: "3"\n' in text
    assert '    expose:\n      - "81"\n      - "82"\n' in text
    assert text.count("- mode: ingress") == 2  # ports appended: 80 and 8080:80


def test_pull_layer_lines() -> None:
    engine = _engine(b"services:\n  cache:\n    image: redis\n  app:\n    build: .\n")
    result = run(f"{F} pull", engine, env={})
    lines = result.stderr.splitlines(keepends=True)
    assert lines[0] == " cache Pulling \n"
    assert lines[1] == " 5f59ae5dc9f9 Pulling fs layer \n"
    assert " 5f59ae5dc9f9 Pull complete \n" in lines
    assert lines[-2:] == [" cache Pulled \n", " app Skipped - No image to be pulled \n"]
