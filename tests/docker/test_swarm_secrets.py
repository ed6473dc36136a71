# ruff: noqa: E501  (tables are compared whole, one row a line)
"""`docker secret ...` and `docker config ...`, and their files in a service's tasks.

Sources: docker/cli v29.1.3 cli/command/secret and cli/command/config (create.go readSecretData
/ readConfigData, formatter.go tables and pretty templates, remove.go), opts/swarmopts
secret.go and config.go (`--secret`/`--config` fields, mode 0444 and uid/gid 0 by default),
cli/command/service/parse.go (`secret not found: X`); swarmkit controlapi/secret.go and
config.go (`already exists`, `is in use by the following service`), common.go (name rules);
moby daemon/cluster/helpers.go getSecret (`secret X not found`).
"""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine

SECRET = "nctqrydzcqxb2k5zcn2kn5t6n"  # the first swarm ID a fresh swarm draws after init
NOT_MANAGER = (
    'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or '
    '"docker swarm join" to connect this node to swarm and try again.\n'
)


@pytest.fixture
def swarm() -> Engine:
    engine = Engine()
    assert engine.docker("swarm init").exit_code == 0
    return engine


def test_outside_a_swarm_every_command_says_so() -> None:
    engine = Engine()
    for line in ("secret ls", "config ls", "secret inspect x", "secret rm x"):
        result = engine.docker(line)
        assert (result.exit_code, result.stderr) == (1, NOT_MANAGER), line
    result = engine.docker("secret create pw -", stdin="x")
    assert (result.exit_code, result.stderr) == (1, NOT_MANAGER)


def test_create_from_stdin_prints_the_id_and_ls_lists_it(swarm: Engine) -> None:
    result = swarm.docker("secret create db_pass -", stdin="hunter2")
    assert (result.exit_code, result.stdout, result.stderr) == (0, SECRET + "\n", "")
    swarm.advance(90)
    assert swarm.docker("secret ls").stdout == (
        "ID                          NAME      DRIVER    CREATED              UPDATED\n"
        f"{SECRET}   db_pass             About a minute ago   About a minute ago\n"
    )
    assert swarm.docker("secret ls -q").stdout == SECRET + "\n"


def test_create_from_a_file_on_the_client_machine(swarm: Engine) -> None:
    swarm.host_write("/home/student/site.conf", "server { listen 80; }\n")
    result = swarm.docker("config create site site.conf")
    assert result.exit_code == 0
    document = json.loads(swarm.docker("config inspect site").stdout)[0]
    assert document["Spec"] == {
        "Name": "site",
        "Labels": {},
        "Data": "c2VydmVyIHsgbGlzdGVuIDgwOyB9Cg==",
    }
    assert swarm.docker("config ls --format '{{.Name}}'").stdout == "site\n"


def test_reading_errors_as_the_cli_prints_them(swarm: Engine) -> None:
    cases = {
        "secret create a /nope": "error reading from /nope: open /nope: no such file or directory\n",
        "secret create a": "secret file is required\n",
        "secret create a -": "error reading from STDIN: data is empty\n",
        "config create a -": 'error reading content from "-": error reading from STDIN: data is empty\n',
    }
    for line, text in cases.items():
        result = swarm.docker(line)
        assert (result.exit_code, result.stderr) == (1, text), line


def test_a_second_secret_with_the_name_is_refused(swarm: Engine) -> None:
    swarm.docker("secret create pw -", stdin="a")
    result = swarm.docker("secret create pw -", stdin="b")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error response from daemon: rpc error: code = AlreadyExists desc = secret pw already exists\n",
    )
    result = swarm.docker("secret create -- -bad -", stdin="b")
    assert "invalid name, only 64 [a-zA-Z0-9-_.] characters allowed" in result.stderr


def test_inspect_json_hides_the_data_and_pretty_follows_the_template(swarm: Engine) -> None:
    swarm.docker("secret create -l env=dev pw -", stdin="hunter2")
    document = json.loads(swarm.docker("secret inspect pw").stdout)
    assert document[0]["Spec"] == {"Name": "pw", "Labels": {"env": "dev"}}
    assert swarm.docker("secret inspect --pretty pw").stdout == (
        f"ID:              {SECRET}\n"
        "Name:              pw\n"
        "Labels:\n"
        " - env=dev\n"
        "Driver:            \n"
        "Created at:        2025-06-15 12:00:00 +0000 utc\n"
        "Updated at:        2025-06-15 12:00:00 +0000 utc\n"
    )
    result = swarm.docker("secret inspect nope")
    assert (result.exit_code, result.stdout) == (1, "[]\n")
    assert result.stderr == "Error response from daemon: secret nope not found\n"


def test_tasks_see_the_secret_and_the_config_read_only(swarm: Engine) -> None:
    swarm.docker("secret create db_pass -", stdin="hunter2")
    swarm.docker("config create site -", stdin="server {}\n")
    result = swarm.docker(
        "service create -d --name web --secret db_pass "
        "--config source=site,target=/etc/nginx/conf.d/site.conf nginx"
    )
    assert result.exit_code == 0
    (container,) = swarm.docker("ps -q").stdout.split()
    listing = swarm.docker(
        f"exec {container} ls -ln /run/secrets/db_pass /etc/nginx/conf.d/site.conf"
    )
    assert [line.split()[:5] for line in listing.stdout.splitlines()] == [
        ["-r--r--r--", "1", "0", "0", "10"],
        ["-r--r--r--", "1", "0", "0", "7"],
    ]
    assert swarm.docker(f"exec {container} cat /run/secrets/db_pass").stdout == "hunter2"
    result = swarm.docker(f"exec {container} sh -c 'echo x > /run/secrets/db_pass'")
    assert result.exit_code == 2
    assert "Read-only file system" in result.stderr


def test_secret_fields_uid_gid_mode_and_a_relative_target(swarm: Engine) -> None:
    swarm.docker("secret create pw -", stdin="x")
    swarm.docker(
        "service create -d --name s --secret source=pw,target=app/pw,uid=101,gid=102,mode=0400 busybox sleep 1000"
    )
    (container,) = swarm.docker("ps -q").stdout.split()
    line = swarm.docker(f"exec {container} ls -ln /run/secrets/app/pw").stdout
    assert line.split()[:4] == ["-r--------", "1", "101", "102"]


def test_in_use_and_unknown_references(swarm: Engine) -> None:
    swarm.docker("secret create pw -", stdin="x")
    swarm.docker("service create -d --name web --secret pw nginx")
    result = swarm.docker("secret rm pw")
    assert (result.exit_code, result.stderr) == (
        1,
        "Error response from daemon: rpc error: code = InvalidArgument desc = secret 'pw' is in use by the following service: web\n",
    )
    result = swarm.docker("service create -d --name api --secret nope nginx")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "secret not found: nope\n")
    swarm.docker("service rm web")
    result = swarm.docker("secret rm pw nope")
    assert (result.stdout, result.stderr) == (
        "pw\n",
        "Error response from daemon: secret nope not found\n",
    )


def test_secret_flag_errors_are_flag_errors(swarm: Engine) -> None:
    result = swarm.docker("service create --secret source=pw,foo=1 nginx")
    assert result.exit_code == 125
    assert result.stderr.startswith(
        'invalid argument "source=pw,foo=1" for "--secret" flag: invalid field in secret request: foo\n'
    )
    result = swarm.docker("service create --config target=/x nginx")
    assert result.stderr.startswith(
        'invalid argument "target=/x" for "--config" flag: source is required\n'
    )


def test_secrets_and_references_are_saved_in_the_world(swarm: Engine) -> None:
    """The saved world passes its schema check (worldschema.swarm) and reads back whole."""
    swarm.docker("secret create pw -", stdin="x")
    swarm.docker("config create cfg -", stdin="y")
    swarm.docker(
        "service create -d --name web --secret pw --config cfg --restart-condition none nginx"
    )
    again = Engine.loads(swarm.dumps())
    assert again.docker("secret ls -q").stdout == SECRET + "\n"
    assert again.docker("config ls --format '{{.Name}}'").stdout == "cfg\n"
    template = "{{.Spec.TaskTemplate.RestartPolicy.Condition}} {{(index .Spec.TaskTemplate.ContainerSpec.Secrets 0).File.Name}}"
    assert again.docker(f"service inspect --format '{template}' web").stdout == "none pw\n"
