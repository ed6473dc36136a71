"""`docker tag`, `rmi` / `image rm`, `image prune` and `system df`, whole texts.

Expected texts: lifecycle-moby.md §7 (graphdriver column), docs/research/image-commands.md §5 and
§8, and docker/cli v29.1.3 / moby docker-v29.1.3 read directly:
  (c) cli/command/image/remove.go, prune.go, internal/prompt/prompt.go, cmd/docker/docker.go,
      cli/command/formatter/disk_usage.go
  (m) daemon/images/image_delete.go, image_prune.go, image.go (GetImage), daemon/disk_usage.go
"""

from __future__ import annotations

import pytest

from dockersim.engine import Engine
from dockersim.model.image import Platform

AMD64 = Platform.parse("linux/amd64")


def engine(*commands: str) -> Engine:
    e = Engine()
    for command in commands:
        r = e.docker(command)
        assert r.exit_code == 0, (command, r.stderr)
    return e


def short(digest: object) -> str:
    return str(digest).split(":", 1)[-1][:12]


def index_digest(e: Engine, key: str) -> str:
    return str(e.catalog.index(key).digest)


def chain_ids(e: Engine, ref: str) -> list[str]:
    return [str(c) for c in e.image_get(ref).config.chain_ids]


def deleted_lines(image_id: str, chains: list[str], prefix: str = "Deleted: ") -> str:
    """The image ID, then the released chainIDs top-most first (image_delete.go:344-353)."""
    return "".join(f"{prefix}{d}\n" for d in [image_id, *reversed(chains)])


# --- docker tag ------------------------------------------------------------------------------


def test_tag_prints_nothing_and_adds_a_reference() -> None:
    e = engine("pull -q nginx")
    for cmd in (
        "tag nginx web:1",
        "image tag nginx:latest me/web",
        "tag nginx localhost:5000/web:v2",
    ):
        r = e.docker(cmd)
        assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")
    r = e.docker("image inspect -f '{{json .RepoTags}}' nginx")
    # refstore order: lexical order of the full references (docker.io/library/nginx:latest <
    # docker.io/library/web:1 < docker.io/me/web:latest < localhost:5000/web:v2)
    assert r.stdout == '["nginx:latest","web:1","me/web:latest","localhost:5000/web:v2"]\n'


def test_tag_moves_an_existing_tag() -> None:
    e = engine("pull -q nginx", "pull -q alpine", "tag nginx web:1", "tag alpine web:1")
    assert e.image_get("web:1").id == e.image_get("alpine").id
    assert e.docker("image inspect -f '{{json .RepoTags}}' nginx").stdout == '["nginx:latest"]\n'


# --- docker rmi ------------------------------------------------------------------------------


def test_rmi_a_tag_with_other_tags_only_untags() -> None:
    e = engine("pull -q nginx", "tag nginx web:1")
    r = e.docker("rmi web:1")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "Untagged: web:1\n", "")
    assert e.image_get("nginx") is not None


def test_rmi_the_last_tag_untags_the_digest_and_deletes_every_layer() -> None:
    e = engine("pull -q nginx")
    iid, chains = e.image_get("nginx").id, chain_ids(e, "nginx")
    r = e.docker("rmi nginx")
    assert r.stdout == (
        "Untagged: nginx:latest\n"
        f"Untagged: nginx@{index_digest(e, 'nginx:1.27.5')}\n" + deleted_lines(iid, chains)
    )
    assert (r.exit_code, r.stderr) == (0, "")
    assert e.world.images == {} and e.world.layers == {}


def test_rmi_stops_deleting_at_the_first_shared_layer() -> None:
    e = engine("pull -q nginx", "pull -q redis")
    iid, chains = e.image_get("redis").id, chain_ids(e, "redis")
    assert chains[0] == chain_ids(e, "nginx")[0]
    r = e.docker("image rm redis")
    assert r.stdout == (
        "Untagged: redis:latest\n"
        f"Untagged: redis@{index_digest(e, 'redis:8.0.2')}\n" + deleted_lines(iid, chains[1:])
    )
    assert chains[0] in e.world.layers


def test_rmi_by_digest_reference_only_untags_it() -> None:
    e = engine("pull -q nginx")
    idx = index_digest(e, "nginx:1.27.5")
    r = e.docker(f"rmi nginx@{idx}")
    assert (r.exit_code, r.stdout) == (0, f"Untagged: nginx@{idx}\n")
    assert e.docker("image inspect -f '{{json .RepoDigests}}' nginx").stdout == "[]\n"


def test_rmi_by_id_of_a_single_repository_removes_all_its_references() -> None:
    e = engine("pull -q nginx")
    iid, chains = e.image_get("nginx").id, chain_ids(e, "nginx")
    r = e.docker(f"rmi {short(iid)}")
    assert r.stdout == (
        "Untagged: nginx:latest\n"
        f"Untagged: nginx@{index_digest(e, 'nginx:1.27.5')}\n" + deleted_lines(iid, chains)
    )


@pytest.mark.parametrize("other", ["web:1", "nginx:1.27"])
def test_error_rmi_by_id_with_several_references_needs_force(other: str) -> None:
    e = engine("pull -q nginx", f"tag nginx {other}")
    iid = e.image_get("nginx").id
    before = e.dumps()
    r = e.docker(f"rmi {short(iid)}")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        f"Error response from daemon: conflict: unable to delete {short(iid)} (must be forced) - "
        "image is referenced in multiple repositories\n",
    )
    assert e.dumps() == before


def test_rmi_force_by_id_untags_every_reference_in_lexical_order() -> None:
    e = engine("pull -q nginx", "tag nginx web:1", "tag nginx app:2")
    iid, chains = e.image_get("nginx").id, chain_ids(e, "nginx")
    r = e.docker(f"rmi -f {iid}")
    assert r.stdout == (
        "Untagged: app:2\n"
        "Untagged: nginx:latest\n"
        f"Untagged: nginx@{index_digest(e, 'nginx:1.27.5')}\n"
        "Untagged: web:1\n" + deleted_lines(iid, chains)
    )
    assert (r.exit_code, r.stderr) == (0, "")


def test_error_rmi_missing_image() -> None:
    e = engine("pull -q alpine")
    before = e.dumps()
    r = e.docker("rmi nope")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        "Error response from daemon: No such image: nope:latest\n",
    )
    assert e.dumps() == before


def test_error_rmi_force_missing_image_prints_but_exits_zero() -> None:
    e = engine("pull -q alpine")
    before = e.dumps()
    r = e.docker("rmi -f nope:1.0")
    assert (r.exit_code, r.stdout, r.stderr) == (
        0,
        "",
        "Error response from daemon: No such image: nope:1.0\n",
    )
    assert e.dumps() == before


def test_error_rmi_several_arguments_are_reported_in_order() -> None:
    e = engine("pull -q nginx", "tag nginx web:1")
    r = e.docker("rmi nope web:1 nope2")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "Untagged: web:1\n",
        "Error response from daemon: No such image: nope:latest\n"
        "Error response from daemon: No such image: nope2:latest\n",
    )


def test_error_rmi_force_with_another_error_still_exits_one() -> None:
    """remove.go: with -f only not-found errors are downgraded; any other error stays fatal
    (the daemon's reference parse error is an invalid-parameter error)."""
    e = engine("pull -q alpine")
    before = e.dumps()
    r = e.docker("rmi -f nope Nope")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        "Error response from daemon: No such image: nope:latest\n"
        "Error response from daemon: invalid reference format: repository name (library/Nope) "
        "must be lowercase\n",
    )
    assert e.dumps() == before


def test_error_rmi_platform_that_does_not_match_removes_nothing() -> None:
    e = engine("pull -q nginx")
    before = e.dumps()
    r = e.docker("rmi --platform linux/arm64 nginx")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        "Error response from daemon: image with reference nginx was found but its platform "
        "(linux/amd64) does not match the specified platform (linux/arm64)\n",
    )
    assert e.dumps() == before


def test_error_history_platform_that_does_not_match() -> None:
    r = engine("pull -q nginx").docker("history --platform linux/arm64 nginx")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        "Error response from daemon: image with reference nginx was found but its platform "
        "(linux/amd64) does not match the specified platform (linux/arm64)\n",
    )


# --- docker image prune ----------------------------------------------------------------------


def dangling_nginx() -> Engine:
    return engine(
        "pull -q nginx", "pull -q redis", "tag nginx foo:1", "rmi nginx", "tag redis foo:1"
    )


def nginx_id(e: Engine) -> str:
    return str(e.catalog.build("nginx:1.27.5", AMD64).config.id)


@pytest.mark.parametrize(
    ("flags", "warning"),
    [
        ("", "WARNING! This will remove all dangling images."),
        (
            "-a",
            "WARNING! This will remove all images without at least one container associated to "
            "them.",
        ),
    ],
)
def test_prune_without_force_prints_only_the_prompt(flags: str, warning: str) -> None:
    e = dangling_nginx()
    before = e.dumps()
    r = e.docker(f"image prune {flags}")
    assert (r.exit_code, r.stdout, r.stderr) == (
        0,
        f"{warning}\nAre you sure you want to continue? [y/N] ",
        "",
    )
    assert e.dumps() == before


def test_prune_force_with_nothing_dangling() -> None:
    r = engine("pull -q alpine").docker("image prune -f")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "Total reclaimed space: 0B\n", "")


def test_prune_force_deletes_the_dangling_image_and_its_unshared_layers() -> None:
    e = dangling_nginx()
    iid = nginx_id(e)
    chains = [str(c) for c in e.world.images[iid].config.chain_ids]
    r = e.docker("image prune -f")
    assert r.stdout == (
        "Deleted Images:\n"
        + deleted_lines(iid, chains[1:], prefix="deleted: ")
        + "\nTotal reclaimed space: 117.7MB\n"
    )
    assert (r.exit_code, r.stderr) == (0, "")
    assert iid not in e.world.images
    assert e.docker("image prune -f").stdout == "Total reclaimed space: 0B\n"


def test_prune_all_force_untags_then_deletes() -> None:
    e = engine("pull -q nginx")
    iid, chains = e.image_get("nginx").id, chain_ids(e, "nginx")
    r = e.docker("image prune -a -f")
    assert r.stdout == (
        "Deleted Images:\n"
        "untagged: nginx:latest\n"
        f"untagged: nginx@{index_digest(e, 'nginx:1.27.5')}\n"
        + deleted_lines(iid, chains, prefix="deleted: ")
        + "\nTotal reclaimed space: 192.5MB\n"
    )
    assert e.world.images == {} and e.world.layers == {}


def test_prune_dangling_removes_digest_only_images() -> None:
    e = Engine()
    idx = index_digest(e, "alpine:3.22.0")
    e.docker(f"pull -q alpine@{idx}")
    iid = e.image_get(f"alpine@{idx}").id
    (chain,) = chain_ids(e, iid)
    r = e.docker("image prune -f")
    assert r.stdout == (
        "Deleted Images:\n"
        f"untagged: alpine@{idx}\n"
        f"deleted: {iid}\n"
        f"deleted: {chain}\n"
        "\n"
        "Total reclaimed space: 8.31MB\n"
    )
    assert e.world.images == {}


def test_prune_confirmed_on_stdin() -> None:
    e = dangling_nginx()
    r = e.docker("image prune", stdin="y\n")
    assert r.stdout.startswith(
        "WARNING! This will remove all dangling images.\n"
        "Are you sure you want to continue? [y/N] Deleted Images:\n"
    )
    assert r.stdout.endswith("\nTotal reclaimed space: 117.7MB\n")


def test_prune_refused_on_stdin() -> None:
    e = dangling_nginx()
    before = e.dumps()
    r = e.docker("image prune", stdin="n\n")
    assert (r.exit_code, r.stdout) == (
        0,
        "WARNING! This will remove all dangling images.\nAre you sure you want to continue? [y/N] ",
    )
    assert e.dumps() == before


def test_error_prune_unknown_filter() -> None:
    e = dangling_nginx()
    before = e.dumps()
    r = e.docker("image prune -f --filter foo=bar")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        "Error response from daemon: invalid filter 'foo'\n",
    )
    assert e.dumps() == before


def test_error_prune_two_until_filters() -> None:
    r = dangling_nginx().docker("image prune -f --filter until=1h --filter until=2h")
    assert (r.exit_code, r.stdout, r.stderr) == (
        1,
        "",
        "Error response from daemon: more than one until filter specified\n",
    )


# --- docker system df ------------------------------------------------------------------------


def test_system_df_empty() -> None:
    r = Engine().docker("system df")
    assert (r.exit_code, r.stdout, r.stderr) == (
        0,
        "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
        "Images          0         0         0B        0B\n"
        "Containers      0         0         0B        0B\n"
        "Local Volumes   0         0         0B        0B\n"
        "Build Cache     0         0         0B        0B\n",
        "",
    )


def test_system_df_verbose_lists_shared_and_unique_sizes() -> None:
    e = engine("pull -q nginx", "pull -q redis")
    nginx, redis = short(e.image_get("nginx").id), short(e.image_get("redis").id)
    r = e.docker("system df -v")
    assert r.stdout == (
        "Images space usage:\n"
        "\n"
        "REPOSITORY   TAG       IMAGE ID       CREATED       SIZE      SHARED SIZE   "
        "UNIQUE SIZE   CONTAINERS\n"
        f"redis        latest    {redis}   2 weeks ago   128MB     74.81MB       "
        "53.19MB       0\n"
        f"nginx        latest    {nginx}   8 weeks ago   192MB     74.81MB       "
        "117.7MB       0\n"
        "\n"
        "Containers space usage:\n"
        "\n"
        "CONTAINER ID   IMAGE     COMMAND   LOCAL VOLUMES   SIZE      CREATED   STATUS    NAMES\n"
        "\n"
        "Local Volumes space usage:\n"
        "\n"
        "VOLUME NAME   LINKS     SIZE\n"
        "\n"
        "Build cache usage: 0B\n"
        "\n"
        "CACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n"
    )


def test_system_df_reclaimable_counts_unused_images_unique_sizes() -> None:
    """Engine 29.4+ (moby 46dba49ec8): Reclaimable = the (Size - SharedSize) of every image
    without containers. Engine 29.1.3 had an upstream bug (total minus that sum: 74.81MB (30%)
    here); dockersim follows the corrected, newest behaviour (docs/architecture.md)."""
    r = engine("pull -q nginx", "pull -q redis").docker("system df")
    assert r.stdout.splitlines()[1] == "Images          2         0         245.7MB   170.9MB (69%)"


def test_system_df_custom_format() -> None:
    r = Engine().docker("system df --format '{{.Type}}: {{.TotalCount}}'")
    assert r.stdout == "Images: 0\nContainers: 0\nLocal Volumes: 0\nBuild Cache: 0\n"
