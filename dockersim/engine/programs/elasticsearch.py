"""Elasticsearch as the official image runs it (8.x and 9.x; 7.17 with its older log layout).

The image's entrypoint (`docker-entrypoint.sh` under tini) hands the settings on: every
environment variable whose name holds a dot (`discovery.type=single-node`,
`xpack.security.enabled=false`) becomes a setting, as `-E name=value` arguments do;
`ELASTIC_PASSWORD` is the `elastic` user's bootstrap password and `ES_JAVA_OPTS` reaches the
JVM (its `-Xmx` is the heap size).

On its first start an 8.x/9.x node configures security itself (unless
`xpack.security.enabled` is set): HTTPS on 9200, a generated password for `elastic` and the
banner with it, the CA fingerprint and the enrollment tokens. The log is the ECS JSON layout,
abridged to the lines a lesson shows (version, JVM, node name, publish addresses, `started`;
not the JVM arguments, the modules and plugins loaded, the license and the index templates)
and stamped on the virtual clock; `docker stop` logs `stopping ...` to `closed` and ends with
143, as the JVM does on SIGTERM.

State (the password, whether security is on, the cluster's IDs, the documents) is JSON in
/usr/share/elasticsearch/data/dockersim-es.json, so it lives where the real data does.
Simplifications: one node per cluster; the bootstrap checks (vm.max_map_count) are not run;
the build hashes and the JVM arguments are estimates.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from dockersim.engine.netview import view_of
from dockersim.model.cowfs import CowFS, FsError
from dockersim.model.host import KERNEL

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

HOME = "/usr/share/elasticsearch"
STATE = f"{HOME}/data/dockersim-es.json"
KEYSTORE = f"{HOME}/config/elasticsearch.keystore"
CA_DIR = f"{HOME}/config/certs"
#: by version: (build hash, bundled JDK as `java -version` names it, Lucene, minimum wire and
#: index compatibility); the Lucene and compatibility versions are the releases' own, the build
#: hashes are est. (not found) and the JDK build numbers are est.
VERSIONS = {
    "9.0.1": (
        "73f7594ea00db50aa7e941e151a5b3985f01e364",  # est.
        "24.0.1/24.0.1+9-30",  # est.
        "10.1.0",
        "8.18.0",
        "8.0.0",
    ),
    "8.18.2": (
        "c6b8d8d951c631db715485ad1e1c5a3c02d9bfb3",  # est.
        "24.0.1/24.0.1+9-30",  # est.
        "9.12.1",
        "7.17.0",
        "7.0.0",
    ),
    "8.17.6": (
        "dbcbbbd0bc4924cfeb28929dc05d82d662c527b7",  # est.
        "24/24+36-3646",  # est.
        "9.12.0",
        "7.17.0",
        "7.0.0",
    ),
    "7.17.28": (
        "139cb5a961d8de68b8e02c45cc47f5289a3623af",  # est.
        "22.0.2/22.0.2+9-70",  # est.
        "8.11.3",
        "6.8.0",
        "6.0.0-beta1",
    ),
}
ROLES = (
    "data_frozen, ingest, data_cold, data, remote_cluster_client, master, data_warm, "
    "data_content, transform, data_hot, ml"
)
BAR = "━" * 132
PASSWORD_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=+*-_"


def version_of(container: Container | None) -> str:
    """The Elasticsearch version of the image (its `org.opencontainers.image.version` label)."""
    labels = container.config.labels if container is not None else {}
    version = labels.get("org.opencontainers.image.version", "")
    return version if version in VERSIONS else "9.0.1"


def settings_of(env: dict[str, str], args: list[str]) -> dict[str, str] | str:
    """The settings the node starts with: environment variables with a dot in their name, then
    `-E name=value` arguments; a string: the argument the model does not know."""
    found = {key: value for key, value in env.items() if "." in key and key == key.lower()}
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "-E" and i + 1 < len(args):
            pair = args[i + 1]
            i += 1
        elif arg.startswith("-E") and "=" in arg:
            pair = arg[2:]
        else:
            return arg
        key, _, value = pair.partition("=")
        found[key] = value
        i += 1
    return found


def load(fs: CowFS) -> dict[str, Any] | None:
    try:
        loaded = json.loads(fs.read(STATE))
    except (FsError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def save(fs: CowFS, state: dict[str, Any]) -> None:
    with contextlib.suppress(FsError):  # a read-only data directory (simplified)
        fs.write(STATE, json.dumps(state, sort_keys=True).encode())


def _stamp(now: float) -> str:
    moment = datetime.fromtimestamp(now, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _id(seed: str, salt: str) -> str:
    """A 22-character ID as Elasticsearch makes them (URL-safe base64), from `seed`."""
    digest = hashlib.sha256(f"{salt}:{seed}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()[:22]


class Log:
    """Log lines of one node in its layout: ECS JSON (8.x, 9.x) or the 7.x JSON layout."""

    def __init__(self, now: float, node: str, version: str) -> None:
        self.now, self.node, self.modern = now, node, not version.startswith("7.")
        self.uuid = self.node_id = ""
        self.lines: list[str] = []

    def add(self, logger: str, message: str, thread: str = "main", level: str = "INFO") -> None:
        stamp = _stamp(self.now)
        if not self.modern:
            short = ".".join(p[0] for p in logger.split(".")[:-1]) + "." + logger.split(".")[-1]
            ids = (
                f'"cluster.uuid": "{self.uuid}", "node.id": "{self.node_id}" , '
                if self.uuid
                else ""
            )
            self.lines.append(
                f'{{"type": "server", "timestamp": "{stamp.replace(".", ",")}", '
                f'"level": "{level}", "component": "{short}", "cluster.name": "docker-cluster", '
                f'"node.name": "{self.node}", "message": {json.dumps(message)}'
                f"{', ' + ids.rstrip(', ') if ids else ''} }}\n"
            )
            return
        ids = (
            f'"elasticsearch.cluster.uuid":"{self.uuid}","elasticsearch.node.id":"{self.node_id}",'
            if self.uuid
            else ""
        )
        padded = f'"log.level": "{level}"' if len(level) == 4 else f'"log.level":"{level}"'
        self.lines.append(
            f'{{"@timestamp":"{stamp}", {padded}, "message":{json.dumps(message)}, '
            '"ecs.version": "1.2.0","service.name":"ES_ECS",'
            '"event.dataset":"elasticsearch.server",'
            f'"process.thread.name":"{thread}","log.logger":"{logger}",{ids}'
            f'"elasticsearch.node.name":"{self.node}","elasticsearch.cluster.name":"docker-cluster"}}\n'
        )
        self.now += 0.001

    def text(self) -> str:
        return "".join(self.lines)


def _heap(env: dict[str, str]) -> str:
    """The heap size the node reports: `-Xmx` from ES_JAVA_OPTS, else half of the 2 GiB the
    simulated machine gives a container without a limit (est.)."""
    for word in env.get("ES_JAVA_OPTS", "").split():
        if word.startswith("-Xmx"):
            size = word[4:].lower()
            unit = {"g": "gb", "m": "mb", "k": "kb"}.get(size[-1:], "b")
            return (size[:-1] if unit != "b" else size) + unit
    return "1gb"


def elasticsearch(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    view = view_of(ctx)
    container = view.source if view is not None else None
    version = version_of(container)
    if args[:1] in (["--version"], ["-V"]):
        build, jvm, *_ = VERSIONS[version]
        ctx.write(f"Version: {version}, Build: docker/{build[:7]}/..., JVM: {jvm.split('/')[0]}\n")
        return 0
    settings = settings_of(ctx.env, args)
    if isinstance(settings, str):
        raise ctx.not_simulated(f"option {settings}")
    modern = not version.startswith("7.")
    # 8.x/9.x without discovery settings: the first start's security auto-configuration
    # makes the node bootstrap a cluster of itself (cluster.initial_master_nodes); vm.max_map_count
    # passes on the simulated host (Ubuntu 24.04 sets 1048576), so no bootstrap check fails
    if not modern and settings.get("discovery.type") != "single-node":
        raise ctx.not_simulated(
            "a 7.x node without discovery.type=single-node (cluster formation, bootstrap checks)"
        )
    node = settings.get("node.name", ctx.proc.hostname)
    seed = container.id if container is not None else node
    state = load(ctx.fs)
    first = state is None
    if state is None:
        security = modern and settings.get("xpack.security.enabled", "true") != "false"
        if not modern and settings.get("xpack.security.enabled") == "true":
            raise ctx.not_simulated("xpack.security.enabled=true on 7.x")
        password = ctx.env.get("ELASTIC_PASSWORD", "")
        state = {
            "security": security,
            "password": password or (_password(seed) if security else ""),
            "generated": security and not password,
            "uuid": _id(seed, "cluster"),
            "node_id": _id(seed, "node"),
            "indices": {},
        }
    address = "127.0.0.1"
    if view is not None and view.interfaces():
        address = view.interfaces()[0][1]
    out = []
    if ctx.env.get("ELASTIC_PASSWORD") and not ctx.fs.exists(KEYSTORE):
        with contextlib.suppress(FsError):
            ctx.fs.write(KEYSTORE, b"(stand-in keystore)\n")
        out.append(f"Created elasticsearch keystore in {KEYSTORE}\n")
    log = Log(ctx.now(), node, version)
    build, jvm, *_ = VERSIONS[version]
    date = (container.config.labels if container else {}).get("org.label-schema.build-date", "")
    if modern:
        log.add(
            "org.elasticsearch.nativeaccess.NativeAccess",
            "Using [jdk] native provider and native methods for [Linux]",
        )
    log.add(
        "org.elasticsearch.node.Node",
        f"version[{version}], pid[{73 if modern else 7}], build[{'' if modern else 'default/'}"
        f"docker/{build}/{date}], OS[Linux/{KERNEL}/amd64], "
        f"JVM[Oracle Corporation/OpenJDK 64-Bit Server VM/{jvm}]",
    )
    log.add(
        "org.elasticsearch.node.Node",
        f"JVM home [{HOME}/jdk], using bundled JDK [true]",
    )
    heap = _heap(ctx.env)
    log.add(
        "org.elasticsearch.env.NodeEnvironment",
        f"heap size [{heap}], compressed ordinary object pointers [true]",
    )
    log.add(
        "org.elasticsearch.node.Node",
        f"node name [{node}], node ID [{state['node_id']}], cluster name [docker-cluster], "
        f"roles [{ROLES}]",
    )
    if state["security"]:
        log.add("org.elasticsearch.xpack.security.Security", "Security is enabled")
    log.add("org.elasticsearch.node.Node", "initialized")
    log.add("org.elasticsearch.node.Node", "starting ...")
    log.add(
        "org.elasticsearch.transport.TransportService",
        f"publish_address {{{address}:9300}}, bound_addresses {{0.0.0.0:9300}}",
    )
    if first:
        log.add(
            "org.elasticsearch.cluster.coordination.Coordinator",
            f"cluster UUID set to [{state['uuid']}]",
            thread=f"elasticsearch[{node}][clusterApplierService#updateTask][T#1]",
        )
    log.uuid, log.node_id = state["uuid"], state["node_id"]
    log.add(
        "org.elasticsearch.http.AbstractHttpServerTransport",
        f"publish_address {{{address}:9200}}, bound_addresses {{0.0.0.0:9200}}",
    )
    log.add(
        "org.elasticsearch.node.Node",
        f"started {{{node}}}{{{state['node_id']}}}{{{_id(seed, 'ephemeral')}}}{{{node}}}"
        f"{{{address}}}{{{address}:9300}}{{cdfhilmrstw}}{{{version}}}{{xpack.installed=true}}",
    )
    out.append(log.text())
    if first and state["security"]:
        out.append(banner(state, version, address))
        _write_certs(ctx.fs, state["fingerprint"])
    save(ctx.fs, state)
    ctx.write("".join(out))
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


def _password(seed: str) -> str:
    digest = hashlib.sha256(f"password:{seed}".encode()).digest()
    return "".join(PASSWORD_CHARS[b % len(PASSWORD_CHARS)] for b in digest[:20])


def _write_certs(fs: CowFS, fingerprint: str) -> None:
    with contextlib.suppress(FsError):
        fs.mkdir(CA_DIR, parents=True, mode=0o750)
        fs.write(
            f"{CA_DIR}/http_ca.crt",
            f"-----BEGIN CERTIFICATE-----\n(stand-in, SHA-256 {fingerprint})\n"
            "-----END CERTIFICATE-----\n".encode(),
        )


def banner(state: dict[str, Any], version: str, address: str) -> str:
    """What the first start prints after it has configured security by itself."""
    fingerprint = hashlib.sha256(f"ca:{state['uuid']}".encode()).hexdigest()
    state["fingerprint"] = fingerprint
    token = {
        "ver": version,
        "adr": [f"{address}:9200"],
        "fgr": fingerprint,
        "key": f"{_id(state['uuid'], 'key')[:20]}:{_id(state['uuid'], 'secret')}",
    }
    kibana = base64.b64encode(json.dumps(token, separators=(",", ":")).encode()).decode()
    parts = [
        f"\n{BAR}\n",
        "✅ Elasticsearch security features have been automatically configured!\n",
        "✅ Authentication is enabled and cluster connections are encrypted.\n\n",
    ]
    if state["generated"]:
        parts.append(
            "ℹ️  Password for the elastic user (reset with "
            f"`bin/elasticsearch-reset-password -u elastic`):\n  {state['password']}\n\n"
        )
    parts += [
        f"ℹ️  HTTP CA certificate SHA-256 fingerprint:\n  {fingerprint}\n\n",
        "ℹ️  Configure Kibana to use this cluster:\n",
        "• Run Kibana and click the configuration link in the terminal when Kibana starts.\n",
        "• Copy the following enrollment token and paste it into Kibana in your browser "
        f"(valid for the next 30 minutes):\n  {kibana}\n\n",
        f"{BAR}\n\n",
    ]
    return "".join(parts)


def _ports(engine: Engine, container: Container) -> list[int]:
    return [9200, 9300]  # HTTP, and the transport protocol between nodes


def _tls(engine: Engine, container: Container, port: int) -> bool:
    """Whether it speaks HTTPS on `port` (security on, as the first start configured it)."""
    state = load(engine.container_fs(container))
    return port == 9200 and state is not None and bool(state.get("security"))


def _shutdown(engine: Engine, container: Container, sig: str) -> tuple[str, str] | None:
    if sig not in ("SIGTERM", "SIGINT"):
        return None
    state = load(engine.container_fs(container)) or {}
    version = version_of(container)
    log = Log(engine.now, container.config.hostname, version)
    log.uuid, log.node_id = state.get("uuid", ""), state.get("node_id", "")
    thread = "elasticsearch-shutdown" if log.modern else "Thread-1"  # est.
    for message in ("stopping ...", "stopped", "closing ...", "closed"):
        log.add("org.elasticsearch.node.Node", message, thread=thread)
    return "stdout", log.text()
