"""Schema and consistency checks of the offline Docker Hub data (hub-2025-06.yaml, snapshot E25).

Only PyYAML is used: the checks read the data the way the catalog loader does (a child's
filesystem is its parent chain's layers applied in order) without depending on the loader.
Expected numbers come from /work/shared/spec/official-images.md (§1 tag map, §2 layer graph,
§4 size table, §6 per-image facts).
"""

from __future__ import annotations

import json
import posixpath
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

DATA_FILE = Path(__file__).resolve().parents[2] / "dockersim" / "catalog" / "hub-2025-06.yaml"
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# spec §2: filesystem layers of each chain (parent layers included)
TOTAL_LAYERS = {
    "hello-world:latest": 1,
    "busybox:1.37.0": 1,
    "alpine:3.22.0": 1,
    "alpine:3.21.3": 1,
    "alpine:3.18": 1,
    "ubuntu:noble-20250529": 1,
    "ubuntu:jammy-20250530": 1,
    "debian:bookworm-20250520": 1,
    "debian:bookworm-20250520-slim": 1,
    "buildpack-deps:bookworm-curl": 2,
    "buildpack-deps:bookworm-scm": 3,
    "buildpack-deps:bookworm": 4,
    "nginx:1.27.5": 7,
    "nginx:1.27.5-alpine-slim": 7,
    "nginx:1.27.5-alpine": 8,
    "python:3.12.11": 7,
    "python:3.12.11-slim": 4,
    "python:3.9.23": 7,
    "node:20.19.2": 8,
    "node:22.16.0": 8,
    "redis:8.0.2": 7,
    "postgres:16.9": 14,
    "postgres:17.5": 14,
    "httpd:2.4.63": 6,
    "registry:2.8.3": 5,
    "oraclelinux:9-slim": 1,
    "mysql:8.4.5": 10,
}
# the nosql-and-queues fragment (mongo 8 layers as repo-info shows mongo:8.0-noble; the others
# as the fragment's condensed histories build them)
TOTAL_LAYERS.update(
    {
        "mongo:8.0.10": 8,
        "mongo:7.0.21": 8,
        "mongo:6.0.24": 8,
        "memcached:1.6.38": 6,
        "memcached:1.6.38-alpine": 6,
        "rabbitmq:4.1.0": 9,
        "rabbitmq:4.1.0-alpine": 9,
        "rabbitmq:3.13.7": 9,
        "rabbitmq:4.1.0-management": 10,
        "rabbitmq:4.1.0-management-alpine": 10,
        "rabbitmq:3.13.7-management": 10,
        "elasticsearch-base:ubuntu-20.04": 1,
        "elasticsearch-base:ubi9-minimal": 1,
        "elasticsearch:9.0.1": 8,
        "elasticsearch:8.18.2": 8,
        "elasticsearch:8.17.6": 8,
        "elasticsearch:7.17.28": 8,
    }
)

# spec §4: on-disk size (`docker images` SIZE, classic store) in bytes
ON_DISK = {
    "hello-world:latest": 10_100,
    "busybox:1.37.0": 4_421_246,
    "alpine:3.22.0": 8_310_000,
    "ubuntu:noble-20250529": 78_100_000,
    "ubuntu:jammy-20250530": 77_800_000,
    "debian:bookworm-20250520": 116_540_000,
    "debian:bookworm-20250520-slim": 74_810_000,
    "nginx:1.27.5": 192_480_000,
    "nginx:1.27.5-alpine": 48_000_000,
    "python:3.12.11": 1_020_000_000,
    "python:3.12.11-slim": 124_280_000,
    "python:3.9.23": 1_000_000_000,
    "node:20.19.2": 1_090_000_000,
    "node:22.16.0": 1_100_000_000,
    "redis:8.0.2": 128_000_000,
    "postgres:16.9": 434_000_000,
    "postgres:17.5": 438_000_000,
    "httpd:2.4.63": 148_000_000,
    "registry:2.8.3": 25_400_000,
}

# spec §4 / repo-info: compressed download (sum of the amd64 gzip layers); the catalog uses one
# Debian base build per epoch, so totals may differ from a given rebuild by a few kB
COMPRESSED = {
    "busybox:1.37.0": 2_213_082,
    "alpine:3.22.0": 3_796_846,
    "debian:bookworm-20250520": 48_488_245,
    "debian:bookworm-20250520-slim": 28_225_330,
    "nginx:1.27.5": 72_382_914,
    "nginx:1.27.5-alpine": 20_960_631,
    "python:3.12.11": 380_089_935,
    "python:3.12.11-slim": 45_404_864,
    "python:3.9.23": 374_296_265,
    "node:20.19.2": 398_152_925,
    "redis:8.0.2": 49_504_906,
    "postgres:16.9": 155_257_230,
    "httpd:2.4.63": 58_488_145,
    "registry:2.8.3": 10_113_381,
}

# spec §1 (E25 tag map): tag -> image key
E25_TAGS = {
    "hello-world:latest": "hello-world:latest",
    "busybox:latest": "busybox:1.37.0",
    "alpine:latest": "alpine:3.22.0",
    "alpine:3.21": "alpine:3.21.3",
    "ubuntu:latest": "ubuntu:noble-20250529",
    "ubuntu:24.04": "ubuntu:noble-20250529",
    "ubuntu:noble": "ubuntu:noble-20250529",
    "ubuntu:22.04": "ubuntu:jammy-20250530",
    "ubuntu:jammy": "ubuntu:jammy-20250530",
    "debian:latest": "debian:bookworm-20250520",
    "debian:bookworm": "debian:bookworm-20250520",
    "debian:12": "debian:bookworm-20250520",
    "debian:bookworm-slim": "debian:bookworm-20250520-slim",
    "nginx:latest": "nginx:1.27.5",
    "nginx:mainline": "nginx:1.27.5",
    "nginx:1.27": "nginx:1.27.5",
    "nginx:1.27.5": "nginx:1.27.5",
    "nginx:bookworm": "nginx:1.27.5",
    "nginx:alpine": "nginx:1.27.5-alpine",
    "nginx:alpine-slim": "nginx:1.27.5-alpine-slim",
    "python:3.12": "python:3.12.11",
    "python:3.12-bookworm": "python:3.12.11",
    "python:3.12-slim": "python:3.12.11-slim",
    "python:3.12-slim-bookworm": "python:3.12.11-slim",
    "python:3.9": "python:3.9.23",
    "python:3.9-bookworm": "python:3.9.23",
    "node:20": "node:20.19.2",
    "node:iron": "node:20.19.2",
    "node:lts": "node:22.16.0",
    "node:22": "node:22.16.0",
    "node:jod": "node:22.16.0",
    "redis:latest": "redis:8.0.2",
    "redis:8": "redis:8.0.2",
    "redis:8.0": "redis:8.0.2",
    "postgres:16": "postgres:16.9",
    "postgres:latest": "postgres:17.5",
    "postgres:17": "postgres:17.5",
    "httpd:latest": "httpd:2.4.63",
    "httpd:2.4": "httpd:2.4.63",
    "httpd:2": "httpd:2.4.63",
    "registry:2": "registry:2.8.3",
    "registry:2.8": "registry:2.8.3",
    "buildpack-deps:bookworm": "buildpack-deps:bookworm",
    "buildpack-deps:bookworm-scm": "buildpack-deps:bookworm-scm",
    "buildpack-deps:bookworm-curl": "buildpack-deps:bookworm-curl",
}
# "detailed: false" tags of the spec: left out, so pulling them fails (manifest unknown);
# python:latest, node:latest, registry:latest and mysql:latest are in fragments (hub-2025-06.d);
# mariadb:11.8 was only a release candidate on 2025-06-04
OMITTED_TAGS = ["mariadb:11.8", "mysql:5.7"]

BASH_IMAGES = [
    "debian:bookworm-20250520",
    "debian:bookworm-20250520-slim",
    "ubuntu:noble-20250529",
    "ubuntu:jammy-20250530",
    "nginx:1.27.5",
    "python:3.12.11",
    "python:3.12.11-slim",
    "python:3.9.23",
    "node:20.19.2",
    "node:22.16.0",
    "redis:8.0.2",
    "postgres:16.9",
    "postgres:17.5",
    "httpd:2.4.63",
]
BUSYBOX_SH_IMAGES = [
    "busybox:1.37.0",
    "alpine:3.22.0",
    "alpine:3.21.3",
    "alpine:3.18",
    "nginx:1.27.5-alpine-slim",
    "nginx:1.27.5-alpine",
    "registry:2.8.3",
]

# spec §5-6: programs a learner tries that must be missing ("command not found") or present
ABSENT = {
    "busybox:1.37.0": ["bash", "curl", "ssh", "git", "python3", "apt", "apk"],
    "alpine:3.22.0": ["bash", "curl", "sudo", "git", "python3", "telnet", "httpd"],
    "alpine:3.21.3": ["bash", "curl"],
    "ubuntu:noble-20250529": ["curl", "wget", "ping", "ip", "less", "vi", "nano", "sudo", "ssh"],
    "ubuntu:jammy-20250530": ["curl", "wget", "ping", "ip"],
    "debian:bookworm-20250520": ["ps", "top", "free", "curl", "wget", "ping", "ip", "less", "vi"],
    "debian:bookworm-20250520-slim": ["ps", "top", "curl", "wget", "ping", "ip", "less"],
    "nginx:1.27.5": ["ps", "top", "ping", "ip", "wget", "less", "vi", "nano"],
    "nginx:1.27.5-alpine": ["bash"],
    "python:3.12.11": ["ping", "ip", "vim", "nano", "sudo"],
    "python:3.12.11-slim": ["curl", "wget", "git", "ps", "gcc", "make", "ping", "ip"],
    "node:20.19.2": ["ping", "ip", "sudo"],
    "redis:8.0.2": ["curl", "wget", "ps", "ping", "ip"],
    "postgres:16.9": ["curl", "wget", "ps", "ping", "ip"],
    "httpd:2.4.63": ["curl", "wget", "ps", "ping", "ip"],
    "registry:2.8.3": ["bash", "curl"],
}
PRESENT = {
    "hello-world:latest": ["/hello"],
    "busybox:1.37.0": ["sh", "ls", "ps", "wget", "ping", "vi", "httpd", "telnet", "busybox"],
    "alpine:3.22.0": ["sh", "ls", "ps", "wget", "ping", "ip", "vi", "apk", "which", "ldd"],
    "ubuntu:noble-20250529": ["bash", "sh", "ls", "ps", "top", "apt-get", "perl", "which"],
    "ubuntu:jammy-20250530": ["bash", "ps", "apt"],
    "debian:bookworm-20250520": ["bash", "sh", "ls", "cat", "apt-get", "dpkg", "awk", "perl"],
    "nginx:1.27.5": ["nginx", "nginx-debug", "curl", "envsubst", "bash"],
    "nginx:1.27.5-alpine": ["nginx", "curl", "envsubst", "wget", "ps"],
    "python:3.12.11": [
        "python",
        "python3",
        "pip",
        "pip3",
        "pydoc",
        "idle",
        "curl",
        "wget",
        "git",
        "gcc",
        "make",
        "ps",
        "ssh",
        "convert",
        "cc",
    ],
    "python:3.12.11-slim": ["python", "python3", "pip", "bash"],
    "python:3.9.23": ["python", "python3.9", "pip", "wheel"],
    "node:20.19.2": ["node", "nodejs", "npm", "npx", "corepack", "yarn", "yarnpkg", "git"],
    "node:22.16.0": ["node", "npm", "yarn", "docker-entrypoint.sh"],
    "redis:8.0.2": [
        "redis-server",
        "redis-cli",
        "redis-benchmark",
        "redis-check-aof",
        "redis-check-rdb",
        "redis-sentinel",
        "docker-entrypoint.sh",
    ],
    "postgres:16.9": [
        "psql",
        "pg_ctl",
        "initdb",
        "postgres",
        "pg_dump",
        "pg_isready",
        "gosu",
        "less",
        "gpg",
        "docker-entrypoint.sh",
        "docker-enforce-initdb.sh",
    ],
    "httpd:2.4.63": [
        "httpd",
        "apachectl",
        "ab",
        "htpasswd",
        "htdigest",
        "rotatelogs",
        "httpd-foreground",
    ],
    "registry:2.8.3": ["registry", "sh", "/entrypoint.sh"],
}
USERS = {
    "nginx:1.27.5": ("nginx", 101, 101),
    "nginx:1.27.5-alpine": ("nginx", 101, 101),
    "redis:8.0.2": ("redis", 999, 999),
    "postgres:16.9": ("postgres", 999, 999),
    "postgres:17.5": ("postgres", 999, 999),
    "node:20.19.2": ("node", 1000, 1000),
    "node:22.16.0": ("node", 1000, 1000),
    "httpd:2.4.63": ("www-data", 33, 33),
    "ubuntu:noble-20250529": ("ubuntu", 1000, 1000),
}
# `ls /` of a container
ALPINE_ROOT = {"bin", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run"}
ALPINE_ROOT |= {"sbin", "srv", "sys", "tmp", "usr", "var"}
DEBIAN_ROOT = ALPINE_ROOT | {"boot", "lib64"}
OCI_IMPORTED = {"debian:bookworm-20250520", "debian:bookworm-20250520-slim", "busybox:1.37.0"}
OS_RELEASE = {
    "debian:bookworm-20250520": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
    "nginx:1.27.5": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
    "python:3.12.11": 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"',
    "ubuntu:noble-20250529": 'PRETTY_NAME="Ubuntu 24.04.2 LTS"',
    "ubuntu:jammy-20250530": 'PRETTY_NAME="Ubuntu 22.04.5 LTS"',
    "alpine:3.22.0": 'PRETTY_NAME="Alpine Linux v3.22"',
    "nginx:1.27.5-alpine": 'PRETTY_NAME="Alpine Linux v3.21"',
    "registry:2.8.3": 'PRETTY_NAME="Alpine Linux v3.18"',
}


# --- reading the data ------------------------------------------------------------------------
@cache
def data() -> dict[str, Any]:
    """The snapshot as the loader sees it: the main file merged with its fragments."""
    from dockersim.catalog import merge, snapshot_files

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    documents = []
    for path in snapshot_files():
        with path.open(encoding="utf-8") as handle:
            documents.append(yaml.load(handle, Loader=loader))
    return merge(documents)


def images() -> dict[str, Any]:
    return data()["images"]


def chain(key: str) -> list[str]:
    out: list[str] = []
    current: str | None = key
    while current is not None:
        assert current not in out, f"parent cycle at {current}"
        out.append(current)
        current = images()[current]["parent"]
    return out[::-1]


def chain_history(key: str) -> list[dict[str, Any]]:
    return [entry for member in chain(key) for entry in images()[member]["history"]]


def layers(key: str) -> list[dict[str, Any]]:
    return [entry for entry in chain_history(key) if not entry.get("empty_layer")]


def env(key: str) -> dict[str, str]:
    return dict(item.split("=", 1) for item in images()[key]["config"]["Env"])


# --- a small model of the image filesystem ---------------------------------------------------
class Tree:
    """Path -> ("file", mode, text) | ("dir", mode, uid, gid) | ("link", target)."""

    def __init__(self, key: str) -> None:
        texts = data()["texts"]
        self.nodes: dict[str, tuple[Any, ...]] = {}
        for entry in layers(key):
            for path, value in (entry.get("files") or {}).items():
                if isinstance(value, dict) and value.get("whiteout"):
                    for known in list(self.nodes):
                        if known == path or known.startswith(path + "/"):
                            del self.nodes[known]
                elif value is None or isinstance(value, str):
                    self.nodes[path] = ("file", 0o644, value or "")
                elif value.get("dir"):
                    mode = int(str(value.get("mode", "0755")), 8)
                    self.nodes[path] = ("dir", mode, value.get("uid", 0), value.get("gid", 0))
                elif "symlink" in value:
                    self.nodes[path] = ("link", value["symlink"])
                else:
                    body = texts[value["ref"]] if "ref" in value else value["text"]
                    self.nodes[path] = ("file", int(str(value.get("mode", "0644")), 8), body)
            for directory, names in (entry.get("programs") or {}).items():
                for name in names:
                    self.nodes[posixpath.join(directory, name)] = ("file", 0o755, "")
            applets = entry.get("applets")
            if applets:
                for name in applets["names"]:
                    self.nodes[posixpath.join(applets["dir"], name)] = ("link", applets["target"])
        self.implicit = {posixpath.dirname(path) for path in self.nodes} | {
            p for path in self.nodes for p in _ancestors(path)
        }

    def resolve(self, path: str) -> str | None:
        """The path with every symlink followed, or None when a component is missing."""
        parts = [p for p in path.split("/") if p]
        current = ""
        hops = 0
        i = 0
        while i < len(parts):
            part = parts[i]
            if part == ".":
                i += 1
                continue
            if part == "..":
                current = current.rsplit("/", 1)[0]
                i += 1
                continue
            candidate = current + "/" + part
            node = self.nodes.get(candidate)
            if node is not None and node[0] == "link":
                hops += 1
                assert hops < 40, f"symlink loop at {candidate}"
                target = node[1]
                base = "" if target.startswith("/") else current
                parts = [p for p in (base + "/" + target).split("/") if p] + parts[i + 1 :]
                current, i = "", 0
                continue
            if node is None and candidate not in self.implicit:
                return None
            current = candidate
            i += 1
        return current or "/"

    def node(self, path: str) -> tuple[Any, ...] | None:
        real = self.resolve(path)
        if real is None:
            return None
        if real in self.nodes:
            return self.nodes[real]
        return ("dir", 0o755, 0, 0) if real in self.implicit or real == "/" else None

    def read(self, path: str) -> str | None:
        node = self.node(path)
        return node[2] if node and node[0] == "file" else None

    def executable(self, path: str) -> bool:
        node = self.node(path)
        return bool(node and node[0] == "file" and node[1] & 0o111)

    def which(self, name: str, search_path: str) -> str | None:
        if "/" in name:
            return name if self.executable(name) else None
        for directory in search_path.split(":"):
            candidate = posixpath.join(directory, name)
            if self.executable(candidate):
                return candidate
        return None

    def top_level(self) -> set[str]:
        return {path.split("/")[1] for path in self.nodes}


def _ancestors(path: str) -> list[str]:
    out = []
    while path not in ("/", ""):
        path = posixpath.dirname(path)
        out.append(path)
    return out


@cache
def tree(key: str) -> Tree:
    return Tree(key)


def go_quote_list(items: list[str]) -> str:
    """Go's %q of a []string, as docker history renders CMD/ENTRYPOINT."""
    return "[" + " ".join(json.dumps(item) for item in items) + "]"


# --- top level and repositories --------------------------------------------------------------
def test_file_is_small_pure_data_and_dated() -> None:
    assert DATA_FILE.stat().st_size < 250_000
    assert data()["snapshot"] == "E25"
    assert data()["date"] == "2025-06-04"
    assert set(data()) == {
        "snapshot",
        "date",
        "texts",
        "repositories",
        "images",
        "outputs",
        "elsewhere",
    }


def test_every_tag_resolves_to_an_image() -> None:
    for name, repo in data()["repositories"].items():
        assert repo["official"] is True
        assert isinstance(repo["stars"], int) and repo["stars"] > 0, name
        assert 0 < len(repo["description"]) <= 100, name
        assert repo["tags"], name
        for tag, key in repo["tags"].items():
            assert isinstance(tag, str) and re.fullmatch(r"[\w][\w.-]{0,127}", tag), (name, tag)
            assert key in images(), f"{name}:{tag} -> {key}"
            assert key.split(":")[0] == name, f"{name}:{tag} points into another repository"


@pytest.mark.parametrize("reference", sorted(E25_TAGS))
def test_e25_tag_map(reference: str) -> None:
    repo, tag = reference.split(":")
    assert data()["repositories"][repo]["tags"][tag] == E25_TAGS[reference]


@pytest.mark.parametrize("reference", OMITTED_TAGS)
def test_tags_without_details_are_left_out(reference: str) -> None:
    repo, tag = reference.split(":")
    assert tag not in data()["repositories"].get(repo, {}).get("tags", {})


def test_star_counts_rank_like_docker_hub() -> None:
    stars = {name: repo["stars"] for name, repo in data()["repositories"].items()}
    assert stars["nginx"] == max(stars.values())
    assert stars["ubuntu"] > stars["alpine"] > stars["busybox"] > stars["hello-world"]


# --- parents, layers and sizes ----------------------------------------------------------------
def test_every_parent_exists_and_chains_are_acyclic() -> None:
    for key, image in images().items():
        parent = image["parent"]
        assert parent is None or parent in images(), key
        assert chain(key)[-1] == key


def test_every_image_is_tagged_or_a_parent() -> None:
    tagged = {k for repo in data()["repositories"].values() for k in repo["tags"].values()}
    parents = {image["parent"] for image in images().values()}
    assert set(images()) <= tagged | parents


def test_layer_counts_match_the_spec() -> None:
    assert set(TOTAL_LAYERS) <= set(images())  # fragments add more (tested in their own files)
    for key, total in TOTAL_LAYERS.items():
        assert len(layers(key)) == total, key


@pytest.mark.parametrize("key", sorted(ON_DISK))
def test_layer_sizes_add_up_to_the_on_disk_size(key: str) -> None:
    total = sum(entry["size"] for entry in layers(key))
    assert abs(total - ON_DISK[key]) <= ON_DISK[key] * 0.01, (key, total)


@pytest.mark.parametrize("key", sorted(COMPRESSED))
def test_compressed_sizes_add_up_to_the_download_size(key: str) -> None:
    total = sum(entry["compressed"] for entry in layers(key))
    assert abs(total - COMPRESSED[key]) <= COMPRESSED[key] * 0.001, (key, total)


def test_history_entries_are_well_formed() -> None:
    for key, image in images().items():
        assert image["history"], key
        for entry in image["history"]:
            assert isinstance(entry["created"], str), (key, entry)
            datetime.fromisoformat(entry["created"].replace("Z", "+00:00"))
            assert isinstance(entry["created_by"], str) and entry["created_by"], key
            if entry.get("empty_layer"):
                assert entry["empty_layer"] is True
                assert "size" not in entry and "files" not in entry, (key, entry)
                assert not entry["created_by"].endswith(" # buildkit"), (key, entry)
            else:
                assert isinstance(entry["size"], int) and entry["size"] >= 0, (key, entry)
                assert isinstance(entry["compressed"], int) and entry["compressed"] >= 32
                if entry.get("comment") == "buildkit.dockerfile.v0":
                    step = entry["created_by"].split(" ", 1)[0]
                    if step in ("RUN", "COPY", "ADD"):
                        assert entry["created_by"].endswith(" # buildkit"), (key, entry)
                    else:
                        assert step == "WORKDIR" and entry["size"] == 0, (key, entry)
        assert image["created"] == image["history"][-1]["created"], key
        epoch = image.get("source_date_epoch")
        if epoch is not None:
            assert epoch == image["created"], key


def test_buildkit_history_uses_the_buildkit_forms() -> None:
    nginx = [entry["created_by"] for entry in images()["nginx:1.27.5"]["history"]]
    assert "EXPOSE map[80/tcp:{}]" in nginx
    assert 'CMD ["nginx" "-g" "daemon off;"]' in nginx
    assert "ENV NGINX_VERSION=1.27.5" in nginx
    assert "COPY docker-entrypoint.sh / # buildkit" in nginx
    assert nginx[6].startswith("RUN /bin/sh -c set -x     && groupadd --system --gid 101 nginx ")
    redis = [entry["created_by"] for entry in images()["redis:8.0.2"]["history"]]
    assert "VOLUME [/data]" in redis and "WORKDIR /data" in redis
    debian = images()["debian:bookworm-20250520"]["history"]
    assert debian[0]["created_by"] == "# debian.sh --arch 'amd64' out/ 'bookworm' '@1747699200'"
    assert debian[0]["comment"] == "debuerreotype 0.15"
    ubuntu = [entry["created_by"] for entry in images()["ubuntu:noble-20250529"]["history"]]
    assert ubuntu[0] == "/bin/sh -c #(nop)  ARG RELEASE"
    assert re.fullmatch(r"/bin/sh -c #\(nop\) ADD file:[0-9a-f]{64} in / ", ubuntu[4])
    assert ubuntu[5] == '/bin/sh -c #(nop)  CMD ["/bin/bash"]'


@pytest.mark.parametrize("key", sorted(TOTAL_LAYERS))
def test_history_agrees_with_the_config(key: str) -> None:
    config = images()[key]["config"]
    created_by = [
        entry["created_by"].removeprefix("/bin/sh -c #(nop)  ") for entry in chain_history(key)
    ]
    if config["Cmd"] is not None:
        cmds = [text for text in created_by if text.startswith("CMD ")]
        if cmds:
            assert cmds[-1] == "CMD " + go_quote_list(config["Cmd"]), key
        else:  # images imported without a Dockerfile keep their Cmd only in the config
            assert chain(key)[0] in OCI_IMPORTED, key
    if config["Entrypoint"] is not None:
        entrypoints = [text for text in created_by if text.startswith("ENTRYPOINT ")]
        assert entrypoints[-1] == "ENTRYPOINT " + go_quote_list(config["Entrypoint"]), key
    if config["ExposedPorts"]:
        # each EXPOSE lists its own ports (rabbitmq:management adds two to its parent's)
        exposes = [text for text in created_by if text.startswith("EXPOSE ")]
        shown = {p.removesuffix(":{}") for t in exposes for p in t[len("EXPOSE map[") : -1].split()}
        assert shown == set(config["ExposedPorts"]), key
    if config["Volumes"]:
        volumes = [text for text in created_by if text.startswith("VOLUME ")]
        # in the Dockerfile's order (mongo: VOLUME [/data/db /data/configdb])
        assert sorted(volumes[-1][len("VOLUME [") : -1].split()) == sorted(config["Volumes"]), key
    # one ENV line may set several (`ENV LANG=C.UTF-8 LANGUAGE=C.UTF-8 LC_ALL=C.UTF-8`)
    assigned = {a for t in created_by if t.startswith("ENV ") for a in t[4:].split(" ")}
    for item in config["Env"]:
        if item != "PATH=" + DEFAULT_PATH:
            assert "ENV " + item in created_by or item in assigned, (key, item)
    if config["StopSignal"]:
        assert "STOPSIGNAL " + config["StopSignal"] in created_by, key


def test_configs_carry_every_field_and_a_path() -> None:
    fields = {
        "Env",
        "Entrypoint",
        "Cmd",
        "WorkingDir",
        "ExposedPorts",
        "Volumes",
        "StopSignal",
        "User",
        "Labels",
        "OnBuild",
        "Shell",
        "Healthcheck",
    }
    for key, image in images().items():
        config = image["config"]
        assert set(config) == fields, key
        assert config["Env"][0].startswith("PATH=/"), key
        assert config["Cmd"] or config["Entrypoint"], key
        assert image["platforms"] and "linux/amd64" in image["platforms"], key


def test_config_facts_from_the_spec() -> None:
    assert images()["hello-world:latest"]["config"]["WorkingDir"] == "/"
    assert images()["redis:8.0.2"]["config"]["WorkingDir"] == "/data"
    assert images()["httpd:2.4.63"]["config"]["StopSignal"] == "SIGWINCH"
    assert images()["postgres:16.9"]["config"]["StopSignal"] == "SIGINT"
    assert env("python:3.12.11")["PATH"] == "/usr/local/bin:" + DEFAULT_PATH
    assert env("postgres:16.9")["PATH"] == DEFAULT_PATH + ":/usr/lib/postgresql/16/bin"
    assert env("httpd:2.4.63")["PATH"] == "/usr/local/apache2/bin:" + DEFAULT_PATH
    assert "REDIS_VERSION" not in env("redis:8.0.2")
    assert images()["ubuntu:noble-20250529"]["config"]["Cmd"] == ["/bin/bash"]
    assert images()["debian:bookworm-20250520"]["config"]["Cmd"] == ["bash"]
    assert images()["busybox:1.37.0"]["config"]["Cmd"] == ["sh"]
    assert images()["alpine:3.22.0"]["config"]["Cmd"] == ["/bin/sh"]


# --- files and programs ---------------------------------------------------------------------
def test_files_are_well_formed_and_refs_exist() -> None:
    texts = data()["texts"]
    for key, image in images().items():
        for entry in image["history"]:
            for path, value in (entry.get("files") or {}).items():
                assert path.startswith("/") and not path.endswith("/"), (key, path)
                assert posixpath.normpath(path) == path, (key, path)
                if value is None or isinstance(value, str):
                    continue
                kinds = {"text", "ref", "dir", "symlink", "whiteout"} & set(value)
                assert len(kinds) == 1, (key, path)
                assert set(value) <= {
                    "text",
                    "ref",
                    "dir",
                    "symlink",
                    "whiteout",
                    "mode",
                    "uid",
                    "gid",
                }, (key, path)
                if "ref" in value:
                    assert value["ref"] in texts, (key, path)
                if "mode" in value:
                    assert isinstance(value["mode"], str), (key, path)
                    assert re.fullmatch(r"[0-7]{4}", value["mode"]), (key, path)
            for directory, names in (entry.get("programs") or {}).items():
                assert directory.startswith("/") and names, (key, directory)
                assert len(set(names)) == len(names), (key, directory)
            applets = entry.get("applets")
            if applets:
                assert set(applets) == {"dir", "target", "names"}, key


@pytest.mark.parametrize("key", sorted(TOTAL_LAYERS))
def test_command_program_exists_in_the_image(key: str) -> None:
    config = images()[key]["config"]
    argv = config["Entrypoint"] or config["Cmd"]
    found = tree(key).which(argv[0], env(key)["PATH"])
    assert found, f"{key}: {argv[0]} not found on PATH"


def test_nginx_welcome_page_is_the_615_byte_original() -> None:
    page = data()["texts"]["nginx_index_html_1_27_5"]
    assert len(page.encode()) == 615
    assert "<title>Welcome to nginx!</title>" in page
    for key in ("nginx:1.27.5", "nginx:1.27.5-alpine"):
        assert tree(key).read("/usr/share/nginx/html/index.html") == page
        assert "An error occurred." in tree(key).read("/usr/share/nginx/html/50x.html")


def test_nginx_configuration_as_packaged() -> None:
    site = tree("nginx:1.27.5").read("/etc/nginx/conf.d/default.conf")
    assert "    listen       80;\n    server_name  localhost;\n" in site
    assert "[::]" not in site  # added by the entrypoint at start-up, not in the image
    main = tree("nginx:1.27.5").read("/etc/nginx/nginx.conf")
    assert "user  nginx;" in main and "pid        /run/nginx.pid;" in main
    assert tree("nginx:1.27.5").nodes["/var/log/nginx/access.log"] == ("link", "/dev/stdout")
    assert tree("nginx:1.27.5").nodes["/var/log/nginx/error.log"] == ("link", "/dev/stderr")
    for name in (
        "10-listen-on-ipv6-by-default.sh",
        "15-local-resolvers.envsh",
        "20-envsubst-on-templates.sh",
        "30-tune-worker-processes.sh",
    ):
        assert tree("nginx:1.27.5").executable("/docker-entrypoint.d/" + name), name


def test_other_files_lessons_read() -> None:
    assert tree("httpd:2.4.63").read("/usr/local/apache2/htdocs/index.html") == (
        "<html><body><h1>It works!</h1></body></html>\n"
    )
    config = tree("registry:2.8.3").read("/etc/docker/registry/config.yml")
    assert yaml.safe_load(config)["http"]["addr"] == ":5000"
    assert yaml.safe_load(config)["storage"]["filesystem"]["rootdirectory"] == "/var/lib/registry"
    assert tree("debian:bookworm-20250520").read("/etc/debian_version") == "12.11\n"
    assert tree("alpine:3.22.0").read("/etc/alpine-release") == "3.22.0\n"
    assert tree("busybox:1.37.0").read("/etc/os-release") is None


@pytest.mark.parametrize("key", sorted(OS_RELEASE))
def test_os_release(key: str) -> None:
    text = tree(key).read("/etc/os-release")
    assert text is not None and text.endswith("\n")
    assert OS_RELEASE[key] + "\n" in text


@pytest.mark.parametrize(
    "key",
    [
        "debian:bookworm-20250520",
        "debian:bookworm-20250520-slim",
        "ubuntu:noble-20250529",
        "ubuntu:jammy-20250530",
    ],
)
def test_debian_and_ubuntu_root_directory(key: str) -> None:
    t = tree(key)
    assert t.top_level() == DEBIAN_ROOT
    for link, target in (
        ("/bin", "usr/bin"),
        ("/sbin", "usr/sbin"),
        ("/lib", "usr/lib"),
        ("/lib64", "usr/lib64"),
    ):
        assert t.nodes[link] == ("link", target), (key, link)
    assert t.node("/tmp")[:2] == ("dir", 0o1777)
    assert t.node("/root")[:2] == ("dir", 0o700)
    assert t.resolve("/bin/bash") == "/usr/bin/bash"
    assert t.resolve("/bin/sh") == "/usr/bin/dash"


def test_alpine_root_directory() -> None:
    t = tree("alpine:3.22.0")
    assert t.top_level() == ALPINE_ROOT
    assert t.node("/bin")[0] == "dir" and "/bin" not in t.nodes  # a real directory
    assert t.resolve("/usr/bin/wget") == "/bin/busybox"
    assert t.resolve("/bin/sh") == "/bin/busybox"
    assert t.node("/tmp")[:2] == ("dir", 0o1777)


@pytest.mark.parametrize("key", sorted(ABSENT))
def test_absent_programs_are_missing(key: str) -> None:
    search_path = env(key)["PATH"]
    for name in ABSENT[key]:
        assert tree(key).which(name, search_path) is None, f"{key} should not have {name}"


@pytest.mark.parametrize("key", sorted(PRESENT))
def test_present_programs_are_found(key: str) -> None:
    search_path = env(key)["PATH"]
    for name in PRESENT[key]:
        assert tree(key).which(name, search_path), f"{key} lacks {name}"


def test_shells() -> None:
    for key in BASH_IMAGES:
        assert tree(key).which("bash", env(key)["PATH"]), key
        assert tree(key).which("sh", env(key)["PATH"]), key
    for key in BUSYBOX_SH_IMAGES:
        assert tree(key).which("bash", env(key)["PATH"]) is None, key
        assert tree(key).resolve("/bin/sh") == "/bin/busybox", key
    assert tree("hello-world:latest").which("sh", DEFAULT_PATH) is None


def test_python_and_node_versions_sit_where_path_finds_them_first() -> None:
    python = tree("python:3.12.11")
    assert python.which("python3", env("python:3.12.11")["PATH"]) == "/usr/local/bin/python3"
    assert python.resolve("/usr/local/bin/python") == "/usr/local/bin/python3.12"
    assert tree("python:3.9.23").resolve("/usr/local/bin/python") == "/usr/local/bin/python3.9"
    assert tree("node:20.19.2").resolve("/usr/local/bin/npm") == (
        "/usr/local/lib/node_modules/npm/bin/npm-cli.js"
    )


@pytest.mark.parametrize("key", sorted(USERS))
def test_users_created_by_the_images(key: str) -> None:
    name, uid, gid = USERS[key]
    passwd = tree(key).read("/etc/passwd")
    rows = {line.split(":")[0]: line.split(":") for line in passwd.splitlines()}
    assert rows["root"][2:4] == ["0", "0"], key
    assert rows[name][2:4] == [str(uid), str(gid)], key
    groups = {
        line.split(":")[0]: line.split(":")[2] for line in tree(key).read("/etc/group").splitlines()
    }
    assert groups[name] == str(gid), key


def test_data_directories_belong_to_the_service_users() -> None:
    assert tree("redis:8.0.2").node("/data") == ("dir", 0o755, 999, 999)
    assert tree("postgres:16.9").node("/var/lib/postgresql/data") == ("dir", 0o1777, 999, 999)
    assert tree("postgres:16.9").node("/var/run/postgresql") == ("dir", 0o3777, 999, 999)
    assert tree("httpd:2.4.63").node("/usr/local/apache2") == ("dir", 0o755, 33, 33)


# --- outputs ---------------------------------------------------------------------------------
def test_outputs_carry_the_spec_texts() -> None:
    outputs = data()["outputs"]
    hello = outputs["hello_world"]
    assert hello.startswith("\nHello from Docker!\n") and hello.endswith("\n\n")
    assert "    (amd64)\n" in hello
    assert outputs["nginx_entrypoint_start"].endswith(
        "/docker-entrypoint.sh: Configuration complete; ready for start up\n"
    )
    assert outputs["redis_8_0_2_start"].startswith("Starting Redis Server\n")
    assert outputs["postgres_missing_password_stderr"].startswith(
        "Error: Database is uninitialized and superuser password is not specified.\n"
    )
    assert "built by gcc 12.2.0 (Debian 12.2.0-14) \n" in outputs["nginx_master_start"]
