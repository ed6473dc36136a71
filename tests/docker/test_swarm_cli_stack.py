# ruff: noqa: E501  (tables are compared whole, one row a line)
"""`docker stack deploy/ls/services/ps/rm`, compared as whole outputs.

Sources: docker/cli v29 cli/command/stack (deploy.go: the --detach notice;
deploy_composefile.go: `Creating network`, `Creating service`, `Updating service X (id: Y)`;
loader.go: `Ignoring unsupported options`; list.go/list_formatter.go: NAME SERVICES;
services.go and remove.go: `Nothing found in stack`; ps.go: `nothing found in stack`),
cli/compose/convert (the namespace labels, `<stack>_<name>`, the service's alias).
"""

from __future__ import annotations

from dockersim import Engine
from dockersim.docker import run
from dockersim.model.fs import FileEntry

APP = b"""services:
  web:
    image: nginx
    ports:
      - "8080:80"
    deploy:
      replicas: 3
      update_config:
        parallelism: 2
        delay: 10s
  cache:
    image: redis
    restart: always
networks:
  default:
    attachable: true
"""
DETACH = (
    "Since --detach=false was not specified, tasks will be created in the background.\n"
    "In a future release, --detach=false will become the default.\n"
)


def _swarm(text: bytes = APP) -> Engine:
    engine = Engine()
    assert engine.docker("swarm init").exit_code == 0
    engine.machine.put(FileEntry("/home/student/app", "dir", 0o755))
    engine.machine.write("/home/student/app/compose.yaml", text)
    return engine


def _deploy(engine: Engine, name: str = "app") -> tuple[int, str, str]:
    result = run(f"docker stack deploy -c app/compose.yaml {name}", engine, env={})
    return result.exit_code, result.stdout, result.stderr


def test_deploy_creates_the_network_then_the_services() -> None:
    engine = _swarm()
    assert _deploy(engine) == (
        0,
        "Creating network app_default\nCreating service app_cache\nCreating service app_web\n",
        DETACH + "Ignoring unsupported options: restart\n\n",
    )
    web = engine.service_get("app_web")
    assert dict(web.labels) == {
        "com.docker.stack.image": "nginx",
        "com.docker.stack.namespace": "app",
    }
    assert (web.replicas, web.update_parallelism, web.update_delay) == (3, 2, 10.0)
    network = engine.network_get("app_default")
    assert (network.driver, network.scope, network.labels) == (
        "overlay",
        "swarm",
        {"com.docker.stack.namespace": "app"},
    )


def test_ls_services_and_ps() -> None:
    engine = _swarm()
    _deploy(engine)
    assert engine.docker("stack ls").stdout == "NAME      SERVICES\napp       2\n"
    assert engine.docker("stack services app").stdout == (
        "ID             NAME        MODE         REPLICAS   IMAGE          PORTS\n"
        "k5ie7y71pbp7   app_cache   replicated   1/1        redis:latest   \n"
        "163sinte44fa   app_web     replicated   3/3        nginx:latest   *:8080->80/tcp\n"
    )
    assert engine.docker(
        "stack ps app --format '{{.Name}} {{.Node}} {{.CurrentState}}'"
    ).stdout == (
        "app_cache.1 dockersim Running less than a second ago\n"
        "app_web.1 dockersim Running less than a second ago\n"
        "app_web.2 dockersim Running less than a second ago\n"
        "app_web.3 dockersim Running less than a second ago\n"
    )


def test_the_services_answer_to_their_names_in_the_file() -> None:
    engine = _swarm()
    _deploy(engine)
    engine.docker("pull -q alpine")
    result = engine.docker("run --rm --network app_default alpine getent hosts web cache")
    assert result.stdout == "10.0.1.4        web\n10.0.1.2        cache\n"
    assert "<title>Welcome to nginx!</title>" in engine.host("curl -s localhost:8080").stdout


def test_a_second_deploy_updates_in_place() -> None:
    engine = _swarm()
    _deploy(engine)
    ids = {s.name: s.id for s in engine.service_list()}
    code, out, _err = _deploy(engine)
    assert (code, out) == (
        0,
        f"Updating service app_cache (id: {ids['app_cache']})\n"
        f"Updating service app_web (id: {ids['app_web']})\n",
    )
    assert engine.docker("stack ps app -q").stdout.count("\n") == 4  # no task replaced


def test_rm_removes_services_then_networks_and_then_finds_nothing() -> None:
    engine = _swarm()
    _deploy(engine)
    removed = engine.docker("stack rm app")
    assert (removed.exit_code, removed.stdout) == (
        0,
        "Removing service app_cache\nRemoving service app_web\nRemoving network app_default\n",
    )
    assert engine.docker("ps -aq").stdout == ""
    again = engine.docker("stack rm app")
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "Nothing found in stack: app\n")
    services = engine.docker("stack services app")
    assert (services.exit_code, services.stderr) == (0, "Nothing found in stack: app\n")
    ps = engine.docker("stack ps app")
    assert (ps.exit_code, ps.stderr) == (1, "nothing found in stack: app\n")


def test_a_service_without_an_image_is_refused_before_anything_is_made() -> None:
    engine = _swarm(b"services:\n  web:\n    build: .\n")
    code, out, err = _deploy(engine)
    assert (code, out) == (1, "")
    assert err == (
        DETACH
        + "Ignoring unsupported options: build\n\ninvalid image reference for service web: no image specified\n"
    )


def test_deploy_outside_a_swarm_and_unmodelled_keys() -> None:
    engine = Engine()
    engine.machine.put(FileEntry("/home/student/app", "dir", 0o755))
    engine.machine.write("/home/student/app/compose.yaml", APP)
    code, _out, err = _deploy(engine)
    assert code == 1
    assert err.endswith(
        'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or '
        '"docker swarm join" to connect this node to swarm and try again.\n'
    )
    engine = _swarm(
        b"services:\n  web:\n    image: nginx\n    volumes: [data:/data]\nvolumes:\n  data:\n"
    )
    code, _out, err = _deploy(engine)
    assert (code, err.splitlines()[-1]) == (
        1,
        "dockersim: not simulated in stack deploy: services.web.volumes",
    )
