"""The `docker node inspect` document and its `--pretty` form (moby api/types/swarm node.go
in its field order; docker/cli cli/command/node/formatter.go nodeInspectPrettyTemplate).

What a node describes of itself (daemon/cluster/executor/container/executor.go Describe): the
platform and resources `docker info` shows, the engine version, and its plugins sorted by type
then name. The TLS fields are stand-ins (# est.): the subject is swarmkit's `CN=swarm-ca` in
DER, the public key an ECDSA P-256 key and the root certificate a PEM block, both derived from
the swarm's ID rather than made by a CA.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from typing import Any

from dockersim.docker.context import Context
from dockersim.engine.cluster import ENGINE_VERSION
from dockersim.engine.system import PLUGINS as DAEMON_PLUGINS
from dockersim.model.host import HOST_CPUS, HOST_MEMORY
from dockersim.model.humanize import bytes_size

#: `docker info` MemTotal of the simulated machine
MEMORY = HOST_MEMORY
#: node inspect's plugin order: Log, Network, then Volume (each list as the daemon's)
PLUGINS = tuple(
    (kind, name) for kind in ("Log", "Network", "Volume") for name in DAEMON_PLUGINS[kind]
)
#: DER of the issuer name CN=swarm-ca (swarmkit ca/certificates.go rootCN)
ISSUER_SUBJECT = "MBMxETAPBgNVBAMTCHN3YXJtLWNh"
#: DER header of an ECDSA P-256 SubjectPublicKeyInfo, up to the uncompressed point's 0x04
_P256_HEADER = base64.b64decode("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE")


def _stream(seed: str, size: int) -> bytes:
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return out[:size]


def tls_info(cluster: str) -> dict[str, str]:
    key = base64.b64encode(_P256_HEADER + _stream(cluster + "key", 64)).decode()
    body = base64.b64encode(_stream(cluster + "root", 402)).decode()  # est.: a root's size
    lines = [body[i : i + 64] for i in range(0, len(body), 64)]
    pem = "-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----\n"
    return {"TrustRoot": pem, "CertIssuerSubject": ISSUER_SUBJECT, "CertIssuerPublicKey": key}


def node_json(ctx: Context, node: dict[str, Any]) -> dict[str, Any]:
    engine = ctx.engine
    spec: dict[str, Any] = {"Labels": dict(node.get("labels", {})), "Role": node["role"]}
    spec["Availability"] = str(node["availability"]).lower()
    created = float(node.get("created", 0.0))
    document: dict[str, Any] = {
        "ID": node["id"],
        "Version": {"Index": 9 + int(node.get("updates", 0)) * 2},  # est.: raft indexes
        "CreatedAt": engine.rfc3339(created),
        "UpdatedAt": engine.rfc3339(float(node.get("updated", created))),
        "Spec": spec,
        "Description": {
            "Hostname": node["hostname"],
            "Platform": {"Architecture": "x86_64", "OS": "linux"},
            "Resources": {"NanoCPUs": HOST_CPUS * 1_000_000_000, "MemoryBytes": MEMORY},
            "Engine": {
                "EngineVersion": ENGINE_VERSION,
                "Plugins": [{"Type": t, "Name": n} for t, n in PLUGINS],
            },
            "TLSInfo": tls_info(str(engine.swarm_state.get("id", ""))),
        },
        "Status": {"State": str(node["status"]).lower(), "Addr": node["addr"]},
    }
    if node["role"] == "manager":
        manager: dict[str, Any] = {"Leader": True} if node.get("leader") else {}
        manager["Reachability"] = "reachable" if node["status"] == "Ready" else "unreachable"
        manager["Addr"] = f"{node['addr']}:2377"
        document["ManagerStatus"] = manager
    return document


def _go_time(rfc3339: str) -> str:
    """A time.Time printed with %s (`2025-06-15 12:00:00.801272 +0000 UTC`)."""
    stamp, _, frac = rfc3339.rstrip("Z").partition(".")
    moment = datetime.fromisoformat(stamp).replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S") + (f".{frac}" if frac else "") + " +0000 UTC"


def _pretty(text: str) -> str:
    """formatter.PrettyPrint: the first letter upper-cased, the rest lower-cased."""
    return text[:1].upper() + text[1:].lower() if len(text) > 1 else text.lower()


def node_pretty(document: dict[str, Any]) -> str:
    """nodeInspectPrettyTemplate, its tabs as they are (the pretty form is not tab-aligned)."""
    spec, desc, status = document["Spec"], document["Description"], document["Status"]
    lines = [f"ID:\t\t\t{document['ID']}"]
    if spec.get("Name"):
        lines.append(f"Name:\t\t\t{spec['Name']}")
    if spec["Labels"]:
        lines.append("Labels:")
        for key, value in sorted(spec["Labels"].items()):
            lines.append(f" - {key}={value}" if value else f" - {key}")
    lines += [
        f"Hostname:              \t{desc['Hostname']}",
        f"Joined at:             \t{_pretty(_go_time(document['CreatedAt']))}",
        "Status:",
        f" State:\t\t\t{_pretty(status['State'])}",
        f" Availability:         \t{_pretty(spec['Availability'])}",
    ]
    if status.get("Addr"):
        lines.append(f" Address:\t\t{status['Addr']}")
    manager = document.get("ManagerStatus")
    if manager is not None:
        lines += [
            "Manager Status:",
            f" Address:\t\t{manager['Addr']}",
            f" Raft Status:\t\t{_pretty(manager['Reachability'])}",
            f" Leader:\t\t{'Yes' if manager.get('Leader') else 'No'}",
        ]
    resources = desc["Resources"]
    lines += [
        "Platform:",
        f" Operating System:\t{desc['Platform']['OS']}",
        f" Architecture:\t\t{desc['Platform']['Architecture']}",
        "Resources:",
        f" CPUs:\t\t\t{resources['NanoCPUs'] // 1_000_000_000}",
        f" Memory:\t\t{bytes_size(resources['MemoryBytes'])}",
    ]
    plugins: dict[str, list[str]] = {}
    for plugin in desc["Engine"]["Plugins"]:
        plugins.setdefault(plugin["Type"], []).append(plugin["Name"])
    if plugins:
        lines.append("Plugins:")
        for kind in sorted(plugins):
            lines.append(f" {kind}:\t\t{', '.join(plugins[kind])}")
    lines.append(f"Engine Version:\t\t{desc['Engine']['EngineVersion']}")
    tls = desc["TLSInfo"]
    lines += [
        "TLS Info:",
        " TrustRoot:",
        tls["TrustRoot"],
        f" Issuer Subject:\t{tls['CertIssuerSubject']}",
        f" Issuer Public Key:\t{tls['CertIssuerPublicKey']}",
    ]
    return "\n".join(lines) + "\n"
