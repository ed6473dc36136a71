"""The second pass of `worldcheck`: what one field of a saved world says about another.

It runs on a document whose types `worldcheck` has checked. A tag names a stored image; an
image's layers are stored; a layer's chainID follows from its parent's and its diffID, and
its reference count is what moby's layer store keeps (one per image on top of it, one per
child layer, one per container's read-write layer on it); containers, networks and volumes
are unique; a container's volumes exist, and so does its image, unless the image was deleted
under it (`rmi -f`) and its read-write layer (`rw_layers`) keeps the layers it sits on; a
network's endpoints have distinct addresses in its subnet.

Leftovers of removed containers that older dockersim versions leaked (a writable layer, an
mtime table, a network endpoint) are not errors: `World.from_json` drops the endpoints.
"""

from __future__ import annotations

import hashlib
import ipaddress
from collections import Counter
from typing import Any

from dockersim.engine.worldfields import InvalidWorld, Key, Path
from dockersim.model.digest import chain_id, parse_digest
from dockersim.model.reference import InvalidReference, parse_reference

#: The driver each predefined network has.
PREDEFINED_DRIVERS = {"bridge": "bridge", "host": "host", "none": "null"}
#: The drivers whose networks hand out addresses (and so need a subnet).
IPAM_DRIVERS = ("bridge", "overlay")


def check(data: dict[str, Any]) -> None:
    """Raise `InvalidWorld` for the first inconsistency between fields."""
    first = data.get("node_name", "dockersim")
    hosts: list[tuple[Path, dict[str, Any]]] = [((), data)]
    for name, node in data.get("nodes", {}).items():
        here: Path = ("nodes", Key(name))
        if node.get("node_name", "dockersim") != name:
            raise InvalidWorld((*here, "node_name"), f"expected {name!r}, the host's key")
        if name == first:
            raise InvalidWorld(here, "has the first host's own name")
        hosts.append((here, node))
    for path, host in hosts:
        _check_host(path, host)
    _check_networks(("overlays",), data.get("overlays", []))


def _short(text: str) -> str:
    return text if len(text) <= 19 else text[:19] + "…"


def _index(path: Path, items: list[dict[str, Any]], key: str, what: str) -> dict[str, int]:
    """Each item's `key` -> its index; a duplicate is an error."""
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        value = item[key]
        if value in seen:
            raise InvalidWorld((*path, index, key), f"duplicate {what} {_short(value)}")
        seen[value] = index
    return seen


def _check_host(path: Path, host: dict[str, Any]) -> None:
    images = _index((*path, "images"), host["images"], "id", "image ID")
    tops = _check_layers(path, host)
    _check_references(path, host, images)
    volumes = _index((*path, "volumes"), host.get("volumes", []), "name", "volume name")
    for name in host.get("volume_data", {}):
        if name not in volumes:
            raise InvalidWorld((*path, "volume_data", Key(name)), "no such volume in volumes")
    _check_containers(path, host, tops, volumes)
    _check_terminals(path, host)
    for image_id, raw in host.get("raw_configs", {}).items():
        if "sha256:" + hashlib.sha256(raw.encode()).hexdigest() != image_id:
            here = (*path, "raw_configs", Key(image_id))
            raise InvalidWorld(here, "the config's sha256 is not the image ID it is filed under")
    networks = host.get("networks", [])
    _check_networks((*path, "networks"), networks)
    present = {n["name"] for n in networks} & set(PREDEFINED_DRIVERS)
    if present and present != set(PREDEFINED_DRIVERS):
        missing = sorted(set(PREDEFINED_DRIVERS) - present)
        raise InvalidWorld((*path, "networks"), f"the predefined network {missing[0]} is missing")


def _check_terminals(path: Path, host: dict[str, Any]) -> None:
    """A terminal is on a container of its host, and on a running one's main process only
    while it is its own (ID = the container's)."""
    here = (*path, "terminals")
    terminals = host.get("terminals", [])
    _index(here, terminals, "id", "terminal ID")
    containers = {c["id"] for c in host.get("containers", [])}
    for index, item in enumerate(terminals):
        if item["container"] not in containers:
            raise InvalidWorld((*here, index, "container"), "no such container in containers")
        if (item["pid"] == 1) != (item["id"] == item["container"]):
            raise InvalidWorld((*here, index, "pid"), "PID 1 is the container's own terminal")


def _check_layers(path: Path, host: dict[str, Any]) -> dict[str, str | None]:
    """Check the layer store; return each image's top chainID (None: no layers)."""
    layers = _index((*path, "layers"), host["layers"], "chain_id", "chain ID")
    expected: Counter[str] = Counter()
    tops: dict[str, str | None] = {}
    for index, item in enumerate(host["images"]):
        parent = None
        here = (*path, "images", index, "config", "rootfs", "diff_ids")
        for j, diff_id in enumerate(item["config"]["rootfs"]["diff_ids"]):
            parent = chain_id(parent, parse_digest(diff_id))
            if str(parent) not in layers:
                raise InvalidWorld((*here, j), f"its layer {_short(str(parent))} is not in layers")
        if parent is not None:
            expected[str(parent)] += 1
        tops[item["id"]] = None if parent is None else str(parent)
    for cid, parent in host.get("rw_layers", {}).items():
        if parent is not None:
            if parent not in layers:
                here = (*path, "rw_layers", Key(cid))
                raise InvalidWorld(here, f"no layer {_short(parent)} in layers")
            expected[parent] += 1
    for index, item in enumerate(host["layers"]):
        here = (*path, "layers", index)
        parent = item["parent"]
        if parent is not None:
            if parent not in layers:
                raise InvalidWorld((*here, "parent"), f"no layer {_short(parent)} in layers")
            expected[parent] += 1
        computed = chain_id(parse_digest(parent) if parent else None, parse_digest(item["diff_id"]))
        if str(computed) != item["chain_id"]:
            raise InvalidWorld(
                (*here, "chain_id"), f"expected {_short(str(computed))} (from parent and diff_id)"
            )
    for index, item in enumerate(host["layers"]):
        wanted = expected[item["chain_id"]]
        if wanted == 0:
            here = (*path, "layers", index)
            raise InvalidWorld(here, "no image, container or layer uses this layer")
        if item.get("refs", 0) != wanted:
            raise InvalidWorld(
                (*path, "layers", index, "refs"),
                f"expected {wanted} (images, containers and layers on top of it), "
                f"got {item.get('refs', 0)}",
            )
    return tops


def _check_references(path: Path, host: dict[str, Any], images: dict[str, int]) -> None:
    for ref, image_id in host["references"].items():
        here = (*path, "references", Key(ref))
        try:
            parsed = parse_reference(ref)
        except InvalidReference as exc:
            raise InvalidWorld(here, f"not an image reference ({exc})") from None
        if parsed.normalized != ref or parsed.tag is None or parsed.digest is not None:
            raise InvalidWorld(here, "expected a tagged reference like docker.io/library/x:tag")
        if image_id not in images:
            raise InvalidWorld(here, f"no image {_short(image_id)} in images")
    for index, item in enumerate(host["images"]):
        for j, text in enumerate(item["repo_digests"]):
            here = (*path, "images", index, "repo_digests", j)
            try:
                parsed = parse_reference(text)
            except InvalidReference as exc:
                raise InvalidWorld(here, f"not an image reference ({exc})") from None
            if parsed.normalized != text or parsed.digest is None or parsed.tag is not None:
                raise InvalidWorld(here, "expected a reference like docker.io/x/y@sha256:…")
        parent = item["parent"]
        if parent and parent not in images:
            raise InvalidWorld((*path, "images", index, "parent"), "no such image in images")


def _check_containers(
    path: Path, host: dict[str, Any], tops: dict[str, str | None], volumes: dict[str, int]
) -> None:
    """A container's read-write layer sits on its image's top layer; a container whose image
    is gone is valid when its read-write layer is recorded (it keeps the layers)."""
    items: list[dict[str, Any]] = host.get("containers", [])
    ids = _index((*path, "containers"), items, "id", "container ID")
    _index((*path, "containers"), items, "name", "container name")
    rw_layers: dict[str, str | None] = host.get("rw_layers", {})
    for cid in rw_layers:
        if cid not in ids:
            raise InvalidWorld((*path, "rw_layers", Key(cid)), "no such container in containers")
    for index, item in enumerate(items):
        here = (*path, "containers", index)
        image_id, cid = item["image_id"], item["id"]
        if image_id in tops:
            top = tops[image_id]
            if cid in rw_layers and rw_layers[cid] != top:
                expected = "no layer" if top is None else _short(top)
                raise InvalidWorld(
                    (*path, "rw_layers", Key(cid)), f"expected {expected} (its image's top layer)"
                )
        elif cid not in rw_layers:  # deleted under it, and nothing kept its layers
            raise InvalidWorld((*here, "image_id"), f"no image {_short(image_id)} in images")
        for j, mount in enumerate(item.get("mounts", [])):
            if mount["Type"] == "volume":
                name = mount.get("Name")
                if name is None:
                    raise InvalidWorld((*here, "mounts", j), 'missing field "Name"')
                if name not in volumes:
                    raise InvalidWorld((*here, "mounts", j, "Name"), "no such volume in volumes")


def _check_networks(path: Path, networks: list[dict[str, Any]]) -> None:
    _index(path, networks, "id", "network ID")
    _index(path, networks, "name", "network name")
    for index, item in enumerate(networks):
        here = (*path, index)
        name, driver = item["name"], item["driver"]
        if PREDEFINED_DRIVERS.get(name, driver) != driver:
            raise InvalidWorld((*here, "driver"), f"expected {PREDEFINED_DRIVERS[name]!r}")
        subnet = _subnet(here, item, driver)
        used: set[str] = set()
        for cid, endpoint in item["endpoints"].items():
            at = (*here, "endpoints", Key(cid))
            if endpoint["container_id"] != cid:
                raise InvalidWorld((*at, "container_id"), "expected the endpoint's key")
            ip = endpoint["ip"]
            if subnet is not None and ip:
                if ipaddress.IPv4Address(ip) not in subnet:
                    raise InvalidWorld((*at, "ip"), f"{ip} is outside the subnet {subnet}")
                if ip in used:
                    raise InvalidWorld((*at, "ip"), f"{ip} is taken by another endpoint")
                used.add(ip)


def _subnet(here: Path, item: dict[str, Any], driver: str) -> ipaddress.IPv4Network | None:
    text = item.get("subnet", "")
    if not text:
        if driver in IPAM_DRIVERS:
            raise InvalidWorld((*here, "subnet"), f"a {driver} network needs a subnet")
        return None
    subnet = ipaddress.IPv4Network(text)
    for field in ("gateway",):
        value = item.get(field, "")
        if value and ipaddress.IPv4Address(value) not in subnet:
            raise InvalidWorld((*here, field), f"{value} is outside the subnet {subnet}")
    ip_range = item.get("ip_range", "")
    if ip_range and not ipaddress.IPv4Network(ip_range).subnet_of(subnet):
        raise InvalidWorld((*here, "ip_range"), f"{ip_range} is not inside the subnet {subnet}")
    return subnet
