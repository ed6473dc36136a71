"""`docker pull`, `images`, `inspect` and `history` through the public API, whole texts.

Expected texts: docs/research/image-commands.md (§1 pull, §6 images, §7 inspect) and, where
noted, docker/cli v29.1.3 and moby docker-v29.1.3 read directly:
  (c) cli/command/image/pull.go, list.go, formatter/image.go, formatter_history.go,
      cli/command/inspect/inspector.go, templates/templates.go
  (m) daemon/internal/distribution/pull.go (addDigestReference), pull_v2.go, xfer/download.go,
      daemon/images/image_list.go
IDs and digests are computed from the engine's own catalog and state; the text around them is
Docker's.
"""

from __future__ import annotations

import json

import pytest

from dockersim.engine import Engine
from dockersim.model.image import Platform

AMD64 = Platform.parse("linux/amd64")
ARM64 = Platform.parse("linux/arm64/v8")


def engine(*commands: str) -> Engine:
    e = Engine()
    for command in commands:
        r = e.docker(command)
        assert r.exit_code == 0, (command, r.stderr)
    return e


def short(digest: object) -> str:
    """stringid.TruncateID: 12 hex characters, no algorithm."""
    return str(digest).split(":", 1)[-1][:12]


def blob_ids(e: Engine, key: str, platform: Platform = AMD64) -> list[str]:
    """The 12-hex ids pull prints: prefixes of the compressed blob digests, base first."""
    return [short(layer.blob_digest) for layer in e.catalog.build(key, platform).layers]


def index_digest(e: Engine, key: str) -> str:
    return str(e.catalog.index(key).digest)


def image_id(e: Engine, ref: str) -> str:
    return e.image_get(ref).id


def check_layer_lines(body: list[str], present: list[str], missing: list[str]) -> None:
    """The per-layer lines of a non-TTY pull (research §1.3; moby xfer/download.go).

    Leading local layers print `Already exists`; every other layer prints `Pulling fs layer`
    (all at once, base first), the 4th and later missing ones `Waiting`, then each prints
    `Verifying Checksum`, `Download complete`, `Pull complete` in that order, and `Pull complete`
    comes strictly base first. A waiting layer starts only after a download freed a slot.
    """
    assert body[: len(present)] == [f"{i}: Already exists" for i in present]
    rest = body[len(present) :]
    assert rest[: len(missing)] == [f"{i}: Pulling fs layer" for i in missing]
    rest = rest[len(missing) :]
    assert [line for line in rest if line.endswith(": Waiting")] == [
        f"{i}: Waiting" for i in missing[3:]
    ]
    statuses = ("Verifying Checksum", "Download complete", "Pull complete")
    expected = sorted(
        [f"{i}: {s}" for i in missing for s in statuses] + [f"{i}: Waiting" for i in missing[3:]]
    )
    assert sorted(rest) == expected
    pos = {line: n for n, line in enumerate(rest)}
    for i in missing:
        assert pos[f"{i}: Verifying Checksum"] < pos[f"{i}: Download complete"]
        assert pos[f"{i}: Download complete"] < pos[f"{i}: Pull complete"]
    assert [line for line in rest if line.endswith(": Pull complete")] == [
        f"{i}: Pull complete" for i in missing
    ]
    for k, i in enumerate(missing[3:], start=1):
        assert pos[f"{i}: Waiting"] < pos[f"{i}: Verifying Checksum"]
        before = rest[: pos[f"{i}: Verifying Checksum"]]
        assert sum(line.endswith(": Download complete") for line in before) >= k


# --- docker pull -----------------------------------------------------------------------------


def test_pull_nginx_fresh_prints_every_layer_then_digest_status_and_reference() -> None:
    e = Engine()
    r = e.docker("pull nginx")
    assert (r.exit_code, r.stderr) == (0, "")
    lines = r.stdout.splitlines()
    assert r.stdout.endswith("\n")
    assert lines[:2] == ["Using default tag: latest", "latest: Pulling from library/nginx"]
    assert lines[-3:] == [
        f"Digest: {index_digest(e, 'nginx:1.27.5')}",
        "Status: Downloaded newer image for nginx:latest",
        "docker.io/library/nginx:latest",
    ]
    ids = blob_ids(e, "nginx:1.27.5")
    assert len(ids) == 7
    check_layer_lines(lines[2:-3], [], ids)


def test_pull_again_is_up_to_date() -> None:
    e = engine("pull nginx")
    r = e.docker("pull nginx")
    assert r.stdout == (
        "Using default tag: latest\n"
        "latest: Pulling from library/nginx\n"
        f"Digest: {index_digest(e, 'nginx:1.27.5')}\n"
        "Status: Image is up to date for nginx:latest\n"
        "docker.io/library/nginx:latest\n"
    )
    assert (r.exit_code, r.stderr) == (0, "")


def test_pull_ubuntu_latest_single_layer_whole_transcript() -> None:
    e = Engine()
    r = e.docker("pull ubuntu:latest")
    (layer,) = blob_ids(e, "ubuntu:noble-20250529")
    assert r.stdout == (
        "latest: Pulling from library/ubuntu\n"
        f"{layer}: Pulling fs layer\n"
        f"{layer}: Verifying Checksum\n"
        f"{layer}: Download complete\n"
        f"{layer}: Pull complete\n"
        f"Digest: {index_digest(e, 'ubuntu:noble-20250529')}\n"
        "Status: Downloaded newer image for ubuntu:latest\n"
        "docker.io/library/ubuntu:latest\n"
    )
    assert (r.exit_code, r.stderr) == (0, "")


def test_pull_already_exists_only_for_leading_shared_layers() -> None:
    """httpd's 3rd layer is the BuildKit WORKDIR blob redis also has, but the check stops at
    the first missing layer (download.go:124-152), so it is pulled again."""
    e = engine("pull -q redis")
    redis, httpd = blob_ids(e, "redis:8.0.2"), blob_ids(e, "httpd:2.4.63")
    assert httpd[0] == redis[0] and httpd[2] in redis and httpd[1] not in redis
    r = e.docker("pull httpd")
    lines = r.stdout.splitlines()
    assert lines[:2] == ["Using default tag: latest", "latest: Pulling from library/httpd"]
    check_layer_lines(lines[2:-3], httpd[:1], httpd[1:])
    assert lines[-2:] == [
        "Status: Downloaded newer image for httpd:latest",
        "docker.io/library/httpd:latest",
    ]


def test_pull_counts_waiting_among_missing_layers_only() -> None:
    e = engine("pull -q postgres:16")
    ids = blob_ids(e, "postgres:17.5")
    assert ids[:8] == blob_ids(e, "postgres:16.9")[:8]
    r = e.docker("pull postgres:17")
    lines = r.stdout.splitlines()
    assert lines[0] == "17: Pulling from library/postgres"
    check_layer_lines(lines[1:-3], ids[:8], ids[8:])
    assert [line for line in lines if line.endswith("Waiting")] == [
        f"{i}: Waiting" for i in ids[11:]
    ]
    assert lines[-3:] == [
        f"Digest: {index_digest(e, 'postgres:17.5')}",
        "Status: Downloaded newer image for postgres:17",
        "docker.io/library/postgres:17",
    ]


def test_pull_tag_alias_of_present_image_prints_no_layers_but_downloaded_newer() -> None:
    e = engine("pull debian")
    r = e.docker("pull debian:bookworm")
    assert r.stdout == (
        "bookworm: Pulling from library/debian\n"
        f"Digest: {index_digest(e, 'debian:bookworm-20250520')}\n"
        "Status: Downloaded newer image for debian:bookworm\n"
        "docker.io/library/debian:bookworm\n"
    )
    assert image_id(e, "debian:bookworm") == image_id(e, "debian:latest")


def test_pull_quiet_prints_only_the_reference() -> None:
    e = Engine()
    r = e.docker("pull -q nginx")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "docker.io/library/nginx:latest\n", "")
    r = e.docker("pull --quiet nginx:1.27")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "docker.io/library/nginx:1.27\n", "")


def test_pull_all_tags_pulls_each_tag_then_one_status() -> None:
    e = Engine()
    r = e.docker("pull -a alpine")
    assert (r.exit_code, r.stderr) == (0, "")
    lines = r.stdout.splitlines()
    tags = sorted(t for t, _ in e.catalog.repositories["alpine"].tags)
    assert [line for line in lines if ": Pulling from " in line] == [
        f"{t}: Pulling from library/alpine" for t in tags
    ]
    assert sum(line.startswith("Digest: ") for line in lines) == len(tags)
    assert lines[-2:] == ["Status: Downloaded newer image for alpine", "docker.io/library/alpine"]
    assert "Using default tag: latest" not in lines
    r = e.docker("images --format '{{.Tag}}' alpine")
    assert sorted(r.stdout.split()) == tags
    r = e.docker("pull -a -q alpine")
    assert (r.stdout, r.stderr) == ("docker.io/library/alpine\n", "")


def test_pull_platform_arm64_gives_another_image_and_moves_the_tag() -> None:
    e = engine("pull nginx")
    amd = image_id(e, "nginx")
    r = e.docker("pull --platform linux/arm64 nginx")
    lines = r.stdout.splitlines()
    assert lines[:2] == ["Using default tag: latest", "latest: Pulling from library/nginx"]
    check_layer_lines(lines[2:-3], [], blob_ids(e, "nginx:1.27.5", ARM64))
    assert lines[-2:] == [
        "Status: Downloaded newer image for nginx:latest",
        "docker.io/library/nginx:latest",
    ]
    arm = image_id(e, "nginx")
    assert arm != amd
    assert arm == str(e.catalog.build("nginx:1.27.5", ARM64).config.id)
    r = e.docker("image inspect -f '{{.Architecture}}/{{.Variant}}' nginx")
    assert r.stdout == "arm64/v8\n"
    r = e.docker("images -a")
    assert r.stdout == (
        "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n"
        f"nginx        latest    {short(arm)}   8 weeks ago   192MB\n"
        f"nginx        <none>    {short(amd)}   8 weeks ago   192MB\n"
    ) or r.stdout == (
        "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n"
        f"nginx        <none>    {short(amd)}   8 weeks ago   192MB\n"
        f"nginx        latest    {short(arm)}   8 weeks ago   192MB\n"
    )


def test_pull_platform_move_hides_the_old_image_from_images() -> None:
    e = engine("pull -q nginx", "pull -q --platform linux/arm64 nginx")
    r = e.docker("images")
    assert r.stdout == (
        "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n"
        f"nginx        latest    {short(image_id(e, 'nginx'))}   8 weeks ago   192MB\n"
    )


def test_pull_platform_move_keeps_the_digest_on_the_old_image() -> None:
    e = engine("pull -q nginx")
    amd = image_id(e, "nginx")
    e.docker("pull -q --platform linux/arm64 nginx")
    idx = index_digest(e, "nginx:1.27.5")
    r = e.docker("image inspect -f '{{json .RepoTags}} {{json .RepoDigests}}' nginx " + amd)
    assert r.stdout == f'["nginx:latest"] []\n[] ["nginx@{idx}"]\n'


def test_pull_by_digest_fresh() -> None:
    e = Engine()
    idx = index_digest(e, "nginx:1.27.5")
    r = e.docker(f"pull nginx@{idx}")
    lines = r.stdout.splitlines()
    assert lines[0] == f"docker.io/library/nginx@{idx}: Pulling from library/nginx"
    check_layer_lines(lines[1:-3], [], blob_ids(e, "nginx:1.27.5"))
    assert lines[-3:] == [
        f"Digest: {idx}",
        f"Status: Downloaded newer image for nginx@{idx}",
        f"docker.io/library/nginx@{idx}",
    ]
    assert (r.exit_code, r.stderr) == (0, "")
    r = e.docker(f"pull nginx@{idx}")
    assert r.stdout == (
        f"docker.io/library/nginx@{idx}: Pulling from library/nginx\n"
        f"Digest: {idx}\n"
        f"Status: Image is up to date for nginx@{idx}\n"
        f"docker.io/library/nginx@{idx}\n"
    )
    r = e.docker("images -a --digests")
    assert r.stdout == (
        "REPOSITORY   TAG       DIGEST                                                        "
        "            IMAGE ID       CREATED       SIZE\n"
        f"nginx        <none>    {idx}   {short(image_id(e, 'nginx@' + idx))}   8 weeks ago   "
        "192MB\n"
    )


def test_pull_by_digest_of_a_present_tag_is_up_to_date() -> None:
    e = engine("pull nginx")
    idx = index_digest(e, "nginx:1.27.5")
    r = e.docker(f"pull nginx@{idx}")
    assert r.stdout == (
        f"docker.io/library/nginx@{idx}: Pulling from library/nginx\n"
        f"Digest: {idx}\n"
        f"Status: Image is up to date for nginx@{idx}\n"
        f"docker.io/library/nginx@{idx}\n"
    )


def test_pull_by_platform_manifest_digest() -> None:
    e = Engine()
    built = e.catalog.build("nginx:1.27.5", AMD64)
    digest = str(built.manifest.digest)
    r = e.docker(f"pull nginx@{digest}")
    lines = r.stdout.splitlines()
    assert lines[0] == f"docker.io/library/nginx@{digest}: Pulling from library/nginx"
    assert lines[-3:] == [
        f"Digest: {digest}",
        f"Status: Downloaded newer image for nginx@{digest}",
        f"docker.io/library/nginx@{digest}",
    ]
    assert image_id(e, f"nginx@{digest}") == str(built.config.id)


def test_pull_by_digest_only_image_is_hidden_from_images() -> None:
    e = Engine()
    e.docker(f"pull -q nginx@{index_digest(e, 'nginx:1.27.5')}")
    r = e.docker("images")
    assert r.stdout == "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n"


# --- docker images ---------------------------------------------------------------------------


def test_images_classic_table_newest_first() -> None:
    e = engine("pull -q nginx", "pull -q alpine")
    r = e.docker("images")
    assert r.stdout == (
        "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n"
        f"alpine       latest    {short(image_id(e, 'alpine'))}   2 weeks ago   8.31MB\n"
        f"nginx        latest    {short(image_id(e, 'nginx'))}   8 weeks ago   192MB\n"
    )
    assert (r.exit_code, r.stderr) == (0, "")
    assert e.docker("image ls").stdout == r.stdout
    assert e.docker("image list").stdout == r.stdout


def test_images_empty_prints_the_header() -> None:
    r = Engine().docker("images")
    assert (r.exit_code, r.stdout, r.stderr) == (
        0,
        "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n",
        "",
    )


def test_images_quiet_is_not_deduplicated() -> None:
    e = engine("pull -q nginx", "tag nginx web:1", "tag nginx web:2")
    iid = image_id(e, "nginx")
    assert e.docker("images -q").stdout == f"{short(iid)}\n" * 3
    assert e.docker("images -q --no-trunc").stdout == f"{iid}\n" * 3


def test_images_digests_and_no_trunc() -> None:
    e = engine("pull -q alpine")
    iid, idx = image_id(e, "alpine"), index_digest(e, "alpine:3.22.0")
    r = e.docker("images --digests")
    assert r.stdout == (
        "REPOSITORY   TAG       DIGEST                                                        "
        "            IMAGE ID       CREATED       SIZE\n"
        f"alpine       latest    {idx}   {short(iid)}   2 weeks ago   8.31MB\n"
    )
    r = e.docker("images --no-trunc")
    assert r.stdout == (
        "REPOSITORY   TAG       IMAGE ID                                                      "
        "            CREATED       SIZE\n"
        f"alpine       latest    {iid}   2 weeks ago   8.31MB\n"
    )


def nginx_id(e: Engine) -> str:
    return str(e.catalog.build("nginx:1.27.5", AMD64).config.id)


def dangling_nginx() -> Engine:
    """nginx loses its tags (rmi of the last nginx tag untags the digest too), then its only
    other tag moves to redis: the nginx image is left with no reference at all."""
    return engine(
        "pull -q nginx", "pull -q redis", "tag nginx foo:1", "rmi nginx", "tag redis foo:1"
    )


def test_images_hides_dangling_unless_all_or_dangling_filter() -> None:
    e = dangling_nginx()
    dangling = short(nginx_id(e))
    redis = short(image_id(e, "redis"))
    r = e.docker("images --format '{{.Repository}}:{{.Tag}} {{.ID}}'")
    assert sorted(r.stdout.splitlines()) == [f"foo:1 {redis}", f"redis:latest {redis}"]
    r = e.docker("images -a --format '{{.Repository}}:{{.Tag}} {{.ID}}'")
    assert r.stdout.splitlines()[-1] == f"<none>:<none> {dangling}"
    assert len(r.stdout.splitlines()) == 3
    r = e.docker("images --filter dangling=true")
    assert r.stdout == (
        "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n"
        f"<none>       <none>    {dangling}   8 weeks ago   192MB\n"
    )
    r = e.docker("images --filter dangling=false -q")
    assert r.stdout == f"{redis}\n{redis}\n"


def test_images_reference_filter_and_positional_argument() -> None:
    e = engine("pull -q nginx", "pull -q nginx:alpine", "pull -q alpine")
    r = e.docker("images nginx --format '{{.Repository}}:{{.Tag}}'")
    assert sorted(r.stdout.splitlines()) == ["nginx:alpine", "nginx:latest"]
    r = e.docker("images nginx:alpine --format '{{.Repository}}:{{.Tag}}'")
    assert r.stdout == "nginx:alpine\n"
    r = e.docker("images --filter 'reference=*:latest' --format '{{.Repository}}:{{.Tag}}'")
    assert sorted(r.stdout.splitlines()) == ["alpine:latest", "nginx:latest"]
    r = e.docker("images 'ngi*' -q")
    assert len(r.stdout.splitlines()) == 2
    r = e.docker("images nope")
    assert (r.stdout, r.stderr) == ("REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n", "")


def test_images_before_since_and_label_filters() -> None:
    e = engine("pull -q nginx", "pull -q redis", "pull -q alpine")
    fmt = "--format '{{.Repository}}'"
    assert e.docker(f"images --filter before=redis {fmt}").stdout == "nginx\n"
    assert e.docker(f"images --filter since=redis {fmt}").stdout == "alpine\n"
    assert e.docker(f"images --filter since=nginx {fmt}").stdout == "alpine\nredis\n"
    assert e.docker(f"images --filter label=maintainer {fmt}").stdout == "nginx\n"
    assert e.docker(f"images --filter label=nope {fmt}").stdout == ""


def test_images_format_table_and_plain_templates() -> None:
    e = engine("pull -q alpine")
    iid = short(image_id(e, "alpine"))
    r = e.docker("images --format 'table {{.Repository}}\\t{{.ID}}'")
    assert r.stdout == f"REPOSITORY   IMAGE ID\nalpine       {iid}\n"
    r = e.docker("images --format '{{.Repository}}:{{.Tag}} {{.Size}} {{.CreatedSince}}'")
    assert r.stdout == "alpine:latest 8.31MB 2 weeks ago\n"


def test_images_format_json_with_digests_has_v29_keys() -> None:
    e = engine("pull -q alpine")
    r = e.docker("images --digests --format json")
    assert r.stdout == (
        '{"Containers":"0","CreatedAt":"2025-05-30 16:20:41 +0000 UTC",'
        '"CreatedSince":"2 weeks ago",'
        f'"Digest":"{index_digest(e, "alpine:3.22.0")}","ID":"{short(image_id(e, "alpine"))}",'
        '"Repository":"alpine","SharedSize":"N/A","Size":"8.31MB","Tag":"latest",'
        '"UniqueSize":"N/A"}\n'
    )


def test_images_format_json_escapes_none_like_go() -> None:
    e = engine("pull -q alpine")
    r = e.docker("images --format json")
    assert r.stdout == (
        '{"Containers":"0","CreatedAt":"2025-05-30 16:20:41 +0000 UTC",'
        '"CreatedSince":"2 weeks ago","Digest":"\\u003cnone\\u003e",'
        f'"ID":"{short(image_id(e, "alpine"))}","Repository":"alpine","SharedSize":"N/A",'
        '"Size":"8.31MB","Tag":"latest","UniqueSize":"N/A"}\n'
    )


def test_images_custom_table_with_digests_flag_appends_the_digest_column() -> None:
    e = engine("pull -q alpine")
    r = e.docker("images --format 'table {{.Repository}}' --digests")
    assert r.stdout == (f"REPOSITORY   DIGEST\nalpine       {index_digest(e, 'alpine:3.22.0')}\n")


def test_images_custom_format_with_digest_shows_the_digest() -> None:
    e = engine("pull -q alpine")
    r = e.docker("images --format '{{.Repository}} {{.Digest}}'")
    assert r.stdout == f"alpine {index_digest(e, 'alpine:3.22.0')}\n"


def test_images_reference_filter_drops_other_repositories_of_the_image() -> None:
    e = engine("pull -q redis", "tag redis foo:1")
    r = e.docker("images foo")
    assert r.stdout == (
        "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE\n"
        f"foo          1         {short(image_id(e, 'redis'))}   2 weeks ago   128MB\n"
    )


def test_images_with_a_subcommand_name_prints_a_hint() -> None:
    r = Engine().docker("images ls")
    assert (r.exit_code, r.stdout, r.stderr) == (
        0,
        "REPOSITORY   TAG       IMAGE ID   CREATED   SIZE\n",
        '\nNo images found matching "ls": did you mean "docker image ls"?\n',
    )


def test_images_format_with_an_unknown_field_fails() -> None:
    r = engine("pull -q alpine").docker("images --format '{{.Nope}}'")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        'template parsing error: template: :1:2: executing "" at <.Nope>: '
        "can't evaluate field Nope in type *formatter.imageContext\n",
    )


# --- docker inspect / image inspect ----------------------------------------------------------

TOP_KEYS = [
    "Id",
    "RepoTags",
    "RepoDigests",
    "Comment",
    "Created",
    "Config",
    "Architecture",
    "Os",
    "Size",
    "GraphDriver",
    "RootFS",
    "Metadata",
]


def test_image_inspect_nginx_fields_order_values_and_indent() -> None:
    e = engine("pull -q nginx")
    built = e.catalog.build("nginx:1.27.5", AMD64)
    r = e.docker("image inspect nginx")
    assert (r.exit_code, r.stderr) == (0, "")
    data = json.loads(r.stdout)
    assert r.stdout == json.dumps(data, indent=4, ensure_ascii=False) + "\n"
    (obj,) = data
    assert list(obj) == TOP_KEYS
    assert obj["Id"] == str(built.config.id)
    assert obj["RepoTags"] == ["nginx:latest"]
    assert obj["RepoDigests"] == [f"nginx@{index_digest(e, 'nginx:1.27.5')}"]
    assert obj["Comment"] == "buildkit.dockerfile.v0"
    assert obj["Created"] == "2025-04-16T14:50:31Z"
    assert list(obj["Config"]) == [
        "ExposedPorts",
        "Env",
        "Entrypoint",
        "Cmd",
        "Labels",
        "StopSignal",
    ]
    assert obj["Config"] == {
        "ExposedPorts": {"80/tcp": {}},
        "Env": [
            "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "NGINX_VERSION=1.27.5",
            "NJS_VERSION=0.8.10",
            "NJS_RELEASE=1~bookworm",
            "PKG_RELEASE=1~bookworm",
            "DYNPKG_RELEASE=1~bookworm",
        ],
        "Entrypoint": ["/docker-entrypoint.sh"],
        "Cmd": ["nginx", "-g", "daemon off;"],
        "Labels": {"maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>"},
        "StopSignal": "SIGQUIT",
    }
    assert '"maintainer": "NGINX Docker Maintainers <docker-maint@nginx.com>"' in r.stdout
    assert '"80/tcp": {}' in r.stdout
    assert (obj["Architecture"], obj["Os"]) == ("amd64", "linux")
    assert obj["Size"] == sum(layer.size for layer in built.layers) == 192480000
    graph = obj["GraphDriver"]
    assert list(graph) == ["Data", "Name"] and graph["Name"] == "overlay2"
    assert list(graph["Data"]) == ["LowerDir", "MergedDir", "UpperDir", "WorkDir"]
    top = graph["Data"]["UpperDir"].removesuffix("/diff")
    assert graph["Data"]["MergedDir"] == f"{top}/merged"
    assert graph["Data"]["WorkDir"] == f"{top}/work"
    lower = graph["Data"]["LowerDir"].split(":")
    assert len(lower) == 6 and top + "/diff" not in lower
    for path in [*lower, graph["Data"]["UpperDir"]]:
        assert path.startswith("/var/lib/docker/overlay2/") and path.endswith("/diff")
        assert len(path.split("/")[5]) == 64
    assert obj["RootFS"] == {
        "Type": "layers",
        "Layers": [str(layer.diff_id) for layer in built.layers],
    }
    assert list(obj["RootFS"]) == ["Type", "Layers"]
    assert obj["Metadata"] == {"LastTagTime": "0001-01-01T00:00:00Z"}


def test_docker_inspect_of_an_image_is_the_same_document() -> None:
    e = engine("pull -q nginx")
    assert e.docker("inspect nginx").stdout == e.docker("image inspect nginx").stdout


def test_inspect_arm64_image_has_variant_between_architecture_and_os() -> None:
    e = engine("pull -q --platform linux/arm64 alpine")
    (obj,) = json.loads(e.docker("image inspect alpine").stdout)
    keys = list(obj)
    assert keys[keys.index("Architecture") : keys.index("Os") + 1] == [
        "Architecture",
        "Variant",
        "Os",
    ]
    assert (obj["Architecture"], obj["Variant"], obj["Os"]) == ("arm64", "v8", "linux")
    assert "GraphDriver" in obj and "LowerDir" not in obj["GraphDriver"]["Data"]


def test_inspect_format_json_of_the_entrypoint() -> None:
    e = engine("pull -q nginx")
    r = e.docker("inspect --format '{{json .Config.Entrypoint}}' nginx")
    assert (r.exit_code, r.stdout, r.stderr) == (0, '["/docker-entrypoint.sh"]\n', "")


def test_inspect_format_json_is_the_compact_array() -> None:
    e = engine("pull -q nginx")
    indented = e.docker("image inspect nginx").stdout
    r = e.docker("image inspect --format json nginx")
    expected = json.dumps(json.loads(indented), separators=(",", ":"), ensure_ascii=False)
    assert r.stdout == expected + "\n"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{.Os}}/{{.Architecture}}", "linux/amd64"),
        ("{{range .RepoTags}}[{{.}}]{{end}}", "[nginx:latest]"),
        ("{{index .Config.Cmd 0}}", "nginx"),
        ('{{join .Config.Cmd ","}}', "nginx,-g,daemon off;"),
        ("{{upper .Os}} {{lower .Config.StopSignal}}", "LINUX sigquit"),
        ("{{len .RootFS.Layers}}", "7"),
        ("{{if .Config.Entrypoint}}yes{{else}}no{{end}}", "yes"),
        (
            "{{.Config.Env}}",
            "[PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "
            "NGINX_VERSION=1.27.5 NJS_VERSION=0.8.10 NJS_RELEASE=1~bookworm PKG_RELEASE=1~bookworm "
            "DYNPKG_RELEASE=1~bookworm]",
        ),
        ("{{.Config.Labels}}", "map[maintainer:NGINX Docker Maintainers <docker-maint@nginx.com>]"),
        (
            '{{index .Config.Labels "maintainer"}}',
            "NGINX Docker Maintainers <docker-maint@nginx.com>",
        ),
        ("{{json .Metadata}}", '{"LastTagTime":"0001-01-01T00:00:00Z"}'),
        ("{{.Size}} {{.Created}}", "192480000 2025-04-16T14:50:31Z"),
    ],
)
def test_inspect_templates(template: str, expected: str) -> None:
    e = engine("pull -q nginx")
    r = e.docker(["image", "inspect", "-f", template, "nginx"])
    assert (r.exit_code, r.stdout, r.stderr) == (0, expected + "\n", "")
    assert e.docker(["inspect", "--format", template, "nginx"]).stdout == expected + "\n"


# docker/cli inspector.go executes the template on the typed image.InspectResponse: empty
# strings print as '', nil maps as map[], nil pointers as <nil>, map[string]struct{} as
# map[80/tcp:{}], time.Time with Go's String()
@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("[{{.Variant}}][{{.Author}}][{{.Config.User}}][{{.Config.WorkingDir}}]", "[][][][]"),
        ("{{.Config.Volumes}} {{.Config.Healthcheck}}", "map[] <nil>"),
        ("{{.Config.ExposedPorts}}", "map[80/tcp:{}]"),
        ("{{.Metadata.LastTagTime}}", "0001-01-01 00:00:00 +0000 UTC"),
    ],
)
def test_inspect_templates_see_go_typed_values(template: str, expected: str) -> None:
    r = engine("pull -q nginx").docker(["inspect", "-f", template, "nginx"])
    assert (r.exit_code, r.stdout, r.stderr) == (0, expected + "\n", "")


def test_tag_sets_last_tag_time() -> None:
    e = engine("pull -q nginx", "tag nginx web:1")
    r = e.docker("inspect -f '{{json .Metadata}}' nginx")
    assert r.stdout == '{"LastTagTime":"2025-06-15T12:00:00Z"}\n'


def test_image_inspect_several_references_in_argument_order() -> None:
    e = engine("pull -q nginx", "pull -q alpine")
    r = e.docker("image inspect -f '{{index .RepoTags 0}}' alpine nginx")
    assert r.stdout == "alpine:latest\nnginx:latest\n"
    data = json.loads(e.docker("image inspect nginx alpine").stdout)
    assert [d["RepoTags"] for d in data] == [["nginx:latest"], ["alpine:latest"]]


def test_image_inspect_by_id_prefix_and_digest() -> None:
    e = engine("pull -q nginx")
    iid = image_id(e, "nginx")
    idx = index_digest(e, "nginx:1.27.5")
    for ref in (iid, short(iid), iid[7:], f"nginx@{idx}"):
        assert e.docker(["image", "inspect", "-f", "{{.Id}}", ref]).stdout == iid + "\n"


# --- docker history --------------------------------------------------------------------------


def test_history_alpine_table() -> None:
    e = engine("pull -q alpine")
    iid = short(image_id(e, "alpine"))
    r = e.docker("history alpine")
    assert r.stdout == (
        "IMAGE          CREATED       CREATED BY                                      SIZE      "
        "COMMENT\n"
        f'{iid}   2 weeks ago   CMD ["/bin/sh"]                                 0B        '
        "buildkit.dockerfile.v0\n"
        "<missing>      2 weeks ago   ADD alpine-minirootfs-3.22.0-x86_64.tar.gz /…   8.31MB    "
        "buildkit.dockerfile.v0\n"
    )
    assert (r.exit_code, r.stderr) == (0, "")
    assert e.docker("image history alpine").stdout == r.stdout


def test_history_no_trunc() -> None:
    e = engine("pull -q alpine")
    iid = image_id(e, "alpine")
    r = e.docker("history --no-trunc alpine")
    assert r.stdout == (
        "IMAGE                                                                     CREATED       "
        "CREATED BY                                                SIZE      COMMENT\n"
        f"{iid}   2 weeks ago   "
        'CMD ["/bin/sh"]                                           0B        '
        "buildkit.dockerfile.v0\n"
        "<missing>                                                                 2 weeks ago   "
        "ADD alpine-minirootfs-3.22.0-x86_64.tar.gz / # buildkit   8.31MB    "
        "buildkit.dockerfile.v0\n"
    )


def test_history_quiet_lists_missing_rows_too() -> None:
    e = engine("pull -q alpine")
    assert e.docker("history -q alpine").stdout == f"{short(image_id(e, 'alpine'))}\n<missing>\n"


@pytest.mark.parametrize("flag", ["-H=false", "--human=false"])
def test_history_not_human_shows_created_at_and_bytes(flag: str) -> None:
    e = engine("pull -q alpine")
    iid = short(image_id(e, "alpine"))
    r = e.docker(f"history {flag} alpine")
    assert r.stdout == (
        "IMAGE          CREATED AT             CREATED BY                                      "
        "SIZE      COMMENT\n"
        f'{iid}   2025-05-30T16:20:41Z   CMD ["/bin/sh"]                                 '
        "0         buildkit.dockerfile.v0\n"
        "<missing>      2025-05-30T16:20:41Z   ADD alpine-minirootfs-3.22.0-x86_64.tar.gz /…   "
        "8309628   buildkit.dockerfile.v0\n"
    )


def test_history_nginx_is_newest_first_with_missing_rows() -> None:
    e = engine("pull -q nginx")
    built = e.catalog.build("nginx:1.27.5", AMD64)
    lines = e.docker("history nginx").stdout.splitlines()
    assert lines[0].split() == ["IMAGE", "CREATED", "CREATED", "BY", "SIZE", "COMMENT"]
    rows = lines[1:]
    assert len(rows) == len(built.config.history) == 17
    assert rows[0].startswith(short(image_id(e, "nginx")) + "   8 weeks ago   CMD [")
    assert all(row.startswith("<missing>      ") for row in rows[1:])
    assert rows[-1].endswith("   74.8MB    debuerreotype 0.15")
    assert "RUN /bin/sh -c set -x     && groupadd --syst…   118MB " in rows[9]


def test_history_format_json_alpine_top_row() -> None:
    e = engine("pull -q alpine")
    lines = e.docker("history --format json alpine").stdout.splitlines()
    assert len(lines) == 2
    assert lines[0] == (
        '{"Comment":"buildkit.dockerfile.v0","CreatedAt":"2025-05-30T16:20:41Z",'
        '"CreatedBy":"CMD [\\"/bin/sh\\"]","CreatedSince":"2 weeks ago",'
        f'"ID":"{short(image_id(e, "alpine"))}","Size":"0B"}}'
    )


def test_history_format_json_escapes_html_characters() -> None:
    e = engine("pull -q nginx")
    lines = e.docker("history --format json nginx").stdout.splitlines()
    assert '"ID":"\\u003cmissing\\u003e"' in lines[1]
    assert '"CreatedBy":"RUN /bin/sh -c set -x     \\u0026\\u0026 groupadd --syst…"' in lines[9]
    assert '"CreatedBy":"LABEL maintainer=NGINX Docker Maintainers \\u003cd…"' in lines[15]


def test_history_format_template() -> None:
    e = engine("pull -q alpine")
    r = e.docker("history --format '{{.ID}} {{.Size}} {{.Comment}}' alpine")
    assert r.stdout == (
        f"{short(image_id(e, 'alpine'))} 0B buildkit.dockerfile.v0\n"
        "<missing> 8.31MB buildkit.dockerfile.v0\n"
    )
