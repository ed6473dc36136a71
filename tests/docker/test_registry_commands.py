"""`login`, `logout`, `push`, `manifest inspect`, `search`, `version`, `info` and a few
`--help` texts, whole texts.

Expected texts: docs/research/image-commands.md §3, §4, §9, §10, §11, and docker/cli v29.1.3 read
directly: cli/command/registry/{login,logout,search,formatter_search}.go,
cli/command/image/push.go, cli/command/system/{version,info}.go; help texts against
docker/cli v29.7.2 (the flag tables' source).
"""

from __future__ import annotations

import hashlib
import json

import pytest

from dockersim.engine import Engine
from dockersim.model.image import Platform

AMD64 = Platform.parse("linux/amd64")

LOGIN_STDERR_FIRST = (
    "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
    "\n"
    "WARNING! Your credentials are stored unencrypted in '/root/.docker/config.json'.\n"
    "Configure a credential helper to remove this warning. See\n"
    "https://docs.docker.com/go/credential-store/\n"
    "\n"
)


def engine(*commands: str) -> Engine:
    e = Engine()
    for command in commands:
        r = e.docker(command)
        assert r.exit_code == 0, (command, r.stderr)
    return e


def short(digest: object) -> str:
    return str(digest).split(":", 1)[-1][:12]


def schema2_manifest(e: Engine, key: str) -> bytes:
    """What the graphdriver pushes: a Docker schema2 manifest, json.MarshalIndent with 3 spaces
    (research §3.2 step 4)."""
    built = e.catalog.build(key, AMD64)
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "size": len(built.config_bytes),
            "digest": str(built.config.id),
        },
        "layers": [
            {
                "mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip",
                "size": layer.compressed_size,
                "digest": str(layer.blob_digest),
            }
            for layer in built.layers
        ],
    }
    return json.dumps(manifest, indent=3).encode()


# --- login / logout --------------------------------------------------------------------------


def test_login_with_password_flag() -> None:
    e = Engine()
    r = e.docker("login -u me -p x")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "Login Succeeded\n", LOGIN_STDERR_FIRST)
    r = e.docker("login -u me -p x")
    assert (r.exit_code, r.stdout, r.stderr) == (
        0,
        "Login Succeeded\n",
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n",
    )


def test_login_with_password_stdin_has_no_insecure_warning() -> None:
    r = Engine().docker("login -u me --password-stdin", stdin="secret\n")
    assert (r.exit_code, r.stdout) == (0, "Login Succeeded\n")
    assert r.stderr == LOGIN_STDERR_FIRST.split("\n", 1)[1]


def test_logout_always_prints_removing() -> None:
    e = engine("login -u me -p x")
    for _ in range(2):
        r = e.docker("logout")
        assert (r.exit_code, r.stdout, r.stderr) == (
            0,
            "Removing login credentials for https://index.docker.io/v1/\n",
            "",
        )
    r = e.docker("logout localhost:5000")
    assert r.stdout == "Removing login credentials for localhost:5000\n"


@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        ("login", "error: cannot perform an interactive login from a non TTY device\n"),
        (
            "login -u me --password-stdin -p x",
            "conflicting options: cannot specify both --password and --password-stdin\n",
        ),
        ("login --password-stdin", "the --password-stdin option requires --username to be set\n"),
        # docker/cli login.go verifyLoginFlags runs before the --password warning is printed
        ("login -u '' -p x", "username is empty\n"),
        ("login -u me -p ''", "password is empty\n"),
    ],
)
def test_error_login_option_checks(line: str, stderr: str) -> None:
    e = Engine()
    before = e.dumps()
    r = e.docker(line)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", stderr)
    assert e.dumps() == before


def test_error_login_password_without_username() -> None:
    e = Engine()
    before = e.dumps()
    r = e.docker("login -p x")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
        "error: cannot perform an interactive login from a non TTY device\n",
    )
    assert e.dumps() == before


# --- push ------------------------------------------------------------------------------------


def diff_ids_top_first(e: Engine, ref: str) -> list[str]:
    return [short(d) for d in reversed(e.image_get(ref).config.diff_ids)]


def check_push_layers(body: list[str], ids: list[str], final: str) -> None:
    """Preparing for every layer (top first), Waiting for the 6th and later, then one final
    status per layer (push_v2.go; xfer/upload.go, max-concurrent-uploads 5)."""
    assert body[: len(ids)] == [f"{i}: Preparing" for i in ids]
    rest = body[len(ids) :]
    assert [line for line in rest if line.endswith(": Waiting")] == [
        f"{i}: Waiting" for i in ids[5:]
    ]
    finals = [line for line in rest if not line.endswith(": Waiting")]
    assert sorted(finals) == sorted(f"{i}: {final}" for i in ids)


def test_error_push_to_docker_hub_without_login_is_denied() -> None:
    e = engine("pull -q nginx")
    before = e.dumps()
    r = e.docker("push nginx")
    assert r.exit_code == 1
    assert r.stderr == "denied: requested access to the resource is denied\n"
    lines = r.stdout.splitlines()
    assert lines[:2] == [
        "Using default tag: latest",
        "The push refers to repository [docker.io/library/nginx]",
    ]
    ids = diff_ids_top_first(e, "nginx")
    assert lines[2:9] == [f"{i}: Preparing" for i in ids]
    assert all(line.endswith(": Waiting") for line in lines[9:])
    assert e.dumps() == before


def test_push_after_login_mounts_official_layers_and_prints_the_digest() -> None:
    e = engine("pull -q nginx", "login -u me -p x", "tag nginx me/web:1")
    r = e.docker("push me/web:1")
    assert (r.exit_code, r.stderr) == (0, "")
    lines = r.stdout.splitlines()
    assert lines[0] == "The push refers to repository [docker.io/me/web]"
    raw = schema2_manifest(e, "nginx:1.27.5")
    digest = "sha256:" + hashlib.sha256(raw).hexdigest()
    assert lines[-1] == f"1: digest: {digest} size: {len(raw)}"
    check_push_layers(lines[1:-1], diff_ids_top_first(e, "me/web:1"), "Mounted from library/nginx")
    r = e.docker("push me/web:1")
    lines = r.stdout.splitlines()
    check_push_layers(lines[1:-1], diff_ids_top_first(e, "me/web:1"), "Layer already exists")
    assert lines[-1] == f"1: digest: {digest} size: {len(raw)}"


def test_push_quiet_prints_the_full_reference() -> None:
    e = engine("pull -q alpine", "login -u me -p x", "tag alpine me/a")
    r = e.docker("push -q me/a")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "docker.io/me/a:latest\n", "")


def test_error_push_of_another_users_namespace_is_denied() -> None:
    e = engine("pull -q alpine", "login -u you -p x", "tag alpine me/a:1")
    r = e.docker("push me/a:1")
    assert r.exit_code == 1
    assert r.stderr == "denied: requested access to the resource is denied\n"


def test_error_push_image_missing_locally() -> None:
    e = engine("login -u me -p x")
    r = e.docker("push me/nothere")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "Using default tag: latest\nThe push refers to repository [docker.io/me/nothere]\n",
        "An image does not exist locally with the tag: me/nothere\n",
    )
    e.docker("pull -q alpine")
    e.docker("tag alpine me/web:1")
    r = e.docker("push me/web:2")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "The push refers to repository [docker.io/me/web]\n",
        "tag does not exist: me/web:2\n",
    )


def test_error_push_client_side_checks() -> None:
    e = engine("pull -q alpine")
    idx = str(e.catalog.index("alpine:3.22.0").digest)
    r = e.docker("push -a me/web:1")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", "tag can't be used with --all-tags/-a\n")
    r = e.docker(f"push alpine@{idx}")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", "cannot push a digest reference\n")


# --- manifest inspect ------------------------------------------------------------------------


def test_manifest_inspect_rebuilds_the_index_with_three_space_indent() -> None:
    e = Engine()
    entries = []
    for platform in e.catalog.platforms("nginx:1.27.5"):
        built = e.catalog.build("nginx:1.27.5", platform)
        plat = {"architecture": platform.architecture, "os": platform.os}
        if platform.variant:
            plat["variant"] = platform.variant
        entries.append(
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "size": len(built.manifest_bytes),
                "digest": str(built.manifest.digest),
                "platform": plat,
            }
        )
    expected = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.index.v1+json",
        "manifests": entries,
    }
    r = e.docker("manifest inspect nginx")
    assert (r.exit_code, r.stdout, r.stderr) == (0, json.dumps(expected, indent=3) + "\n", "")
    assert '"variant": "v8"' in r.stdout


def test_manifest_inspect_of_a_platform_manifest_by_digest() -> None:
    e = Engine()
    built = e.catalog.build("nginx:1.27.5", AMD64)
    r = e.docker(f"manifest inspect nginx@{built.manifest.digest}")
    expected = json.dumps(json.loads(built.manifest_bytes), indent="\t") + "\n"
    assert (r.exit_code, r.stdout, r.stderr) == (0, expected, "")


@pytest.mark.parametrize(
    ("ref", "full"),
    [("nginx:nope", "docker.io/library/nginx:nope"), ("foo/bar", "docker.io/foo/bar:latest")],
)
def test_error_manifest_inspect_unknown(ref: str, full: str) -> None:
    r = Engine().docker(f"manifest inspect {ref}")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", f"no such manifest: {full}\n")


# --- search ----------------------------------------------------------------------------------


def test_search_table() -> None:
    r = Engine().docker("search --filter is-official=true nginx")
    assert (r.exit_code, r.stdout, r.stderr) == (
        0,
        "NAME      DESCRIPTION                STARS     OFFICIAL\n"
        "nginx     Official build of Nginx.   20810     [OK]\n",
        "",
    )


def test_search_truncates_descriptions_to_45_columns() -> None:
    r = Engine().docker("search --limit 1 redis")
    assert r.stdout == (
        "NAME      DESCRIPTION                                     STARS     OFFICIAL\n"
        "redis     Redis is the world’s fastest data platform f…   13290     [OK]\n"
    )
    r = Engine().docker("search --no-trunc --format '{{.Description}}' redis")
    assert r.stdout.splitlines()[0] == (
        "Redis is the world’s fastest data platform for caching, vector search, and NoSQL "
        "databases."
    )


def test_search_format_json_keys() -> None:
    r = Engine().docker("search --limit 1 --format json nginx")
    assert r.stdout == (
        '{"Description":"Official build of Nginx.","IsOfficial":"true","Name":"nginx",'
        '"StarCount":"20810"}\n'
    )


@pytest.mark.parametrize(
    ("line", "stderr"),
    [
        ("search --limit 200 redis", "limit 200 is outside the range of [1, 100]"),
        (
            "search --filter stars=abc redis",
            "invalid filter 'stars=abc': strconv.Atoi: parsing \"abc\": invalid syntax",
        ),
        ("search --filter is-official=maybe redis", "invalid filter 'is-official=[maybe]'"),
        ("search --filter foo=bar redis", "invalid filter 'foo'"),
    ],
)
def test_error_search_daemon_checks(line: str, stderr: str) -> None:
    r = Engine().docker(line)
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        f"Error response from daemon: {stderr}\n",
    )


# --- version / info --------------------------------------------------------------------------

VERSION = """\
Client: Docker Engine - Community
 Version:           29.1.3
 API version:       1.52
 Go version:        go1.25.5
 Git commit:        f52814d
 Built:             Fri Dec 12 14:49:37 2025
 OS/Arch:           linux/amd64
 Context:           default

Server: Docker Engine - Community
 Engine:
  Version:          29.1.3
  API version:      1.52 (minimum version 1.44)
  Go version:       go1.25.5
  Git commit:       fbf3ed2
  Built:            Fri Dec 12 14:49:37 2025
  OS/Arch:          linux/amd64
  Experimental:     false
 containerd:
  Version:          v2.2.1
  GitCommit:        dea7da592f5d1d2b7755e3a161be07f43fad8f75
 runc:
  Version:          1.3.4
  GitCommit:        v1.3.4-0-gd6d73eb8
 docker-init:
  Version:          0.19.0
  GitCommit:        de40ad0
"""


def test_version_matches_a_real_29_1_3() -> None:
    r = Engine().docker("version")
    assert (r.exit_code, r.stdout, r.stderr) == (0, VERSION, "")


def test_dash_dash_version() -> None:
    for line in ("--version", "-v"):
        r = Engine().docker(line)
        assert (r.exit_code, r.stdout, r.stderr) == (
            0,
            "Docker version 29.1.3, build f52814d\n",
            "",
        )


# docker version --format executes the template on the typed version info
@pytest.mark.parametrize(
    ("template", "expected"),
    [("{{.Client.Version}}", "29.1.3"), ("{{.Server.Version}}", "29.1.3")],
)
def test_version_format(template: str, expected: str) -> None:
    r = Engine().docker(["version", "--format", template])
    assert (r.exit_code, r.stdout, r.stderr) == (0, expected + "\n", "")


def test_info_overlay2_sections_and_image_count() -> None:
    e = engine("pull -q nginx", "pull -q alpine", "tag alpine a:1")
    r = e.docker("info")
    assert (r.exit_code, r.stderr) == (0, "")
    assert r.stdout.startswith(
        "Client: Docker Engine - Community\n"
        " Version:    29.1.3\n"
        " Context:    default\n"
        " Debug Mode: false\n"
        "\n"
        "Server:\n"
        " Containers: 0\n"
        "  Running: 0\n"
        "  Paused: 0\n"
        "  Stopped: 0\n"
        " Images: 2\n"
        " Server Version: 29.1.3\n"
        " Storage Driver: overlay2\n"
        "  Backing Filesystem: extfs\n"
        "  Supports d_type: true\n"
        "  Using metacopy: false\n"
        "  Native Overlay Diff: true\n"
        "  userxattr: false\n"
        " Logging Driver: json-file\n"
    )
    assert r.stdout.endswith(
        " Insecure Registries:\n"
        "  127.0.0.0/8\n"
        "  ::1/128\n"
        " Live Restore Enabled: false\n"
        " Firewall Backend: iptables\n"
        "\n"
    )
    assert " OSType: linux\n Architecture: x86_64\n" in r.stdout
    assert e.docker("system info").stdout == r.stdout


def test_info_format() -> None:
    e = engine("pull -q nginx", "pull -q alpine")
    r = e.docker("info --format '{{.Images}} {{.Driver}} {{.ServerVersion}}'")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "2 overlay2 29.1.3\n", "")


# --- help spot-checks (docker/cli v29.7.2 command definitions) -------------------------------

HELP = {
    "rmi": """\
Usage:  docker rmi [OPTIONS] IMAGE [IMAGE...]

Remove one or more images

Aliases:
  docker image rm, docker image remove, docker rmi

Options:
  -f, --force              Force removal of the image
      --no-prune           Do not delete untagged parents
      --platform strings   Remove only the given platform variant.
                           Formatted as "os[/arch[/variant]]" (e.g.,
                           "linux/amd64")
""",
    "image prune": """\
Usage:  docker image prune [OPTIONS]

Remove unused images

Options:
  -a, --all             Remove all unused images, not just dangling ones
      --filter filter   Provide filter values (e.g. "until=<timestamp>")
  -f, --force           Do not prompt for confirmation
""",
    "tag": """\
Usage:  docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]

Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE

Aliases:
  docker image tag, docker tag
""",
    "search": """\
Usage:  docker search [OPTIONS] TERM

Search Docker Hub for images

Options:
  -f, --filter filter   Filter output based on conditions provided
      --format string   Pretty-print search using a Go template
      --limit int       Max number of search results
      --no-trunc        Don't truncate output
""",
    "logout": """\
Usage:  docker logout [SERVER]

Log out from a registry.
If no server is specified, the default is defined by the daemon.
""",
}


@pytest.mark.parametrize("command", sorted(HELP))
def test_help_spot_checks(command: str) -> None:
    r = Engine().docker(f"{command} --help")
    assert (r.exit_code, r.stdout, r.stderr) == (0, HELP[command], "")


def test_image_rm_help_names_its_own_path() -> None:
    r = Engine().docker("image rm --help")
    assert r.stdout == HELP["rmi"].replace("docker rmi [OPTIONS]", "docker image rm [OPTIONS]")
