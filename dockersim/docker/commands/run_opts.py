"""The docker CLI's own parsing of `-p`, `-v` and `--mount` (docker/cli opts, go-connections nat).

Errors raise `OptionError` with the CLI's text; `docker run` prints them as
`docker: <text>\\n\\nRun 'docker run --help' for more information` and exits 125.
"""

from __future__ import annotations

Mount = tuple[str, str, str, bool]  # type, source, destination, read-only
Publish = tuple[str, int, int, str]  # host IP, host port (0: ephemeral), container port, proto


class OptionError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _range(text: str, what: str) -> list[int]:
    low, sep, high = text.partition("-")
    if not low.isdigit() or (sep and not high.isdigit()):
        raise OptionError(f"invalid {what}: {text}")
    start, end = int(low), int(high) if sep else int(low)
    if end < start or end > 65535:
        raise OptionError(f"invalid {what}: {text}")
    return list(range(start, end + 1))


def parse_expose(spec: str) -> list[str]:
    """`--expose port[-end][/proto]` (network.ParsePortRange): each port as `N/proto`."""
    ports, _, proto = spec.partition("/")
    start, dash, end = ports.partition("-")
    first = _port_number(start, "start", spec)
    last = first if not dash or start == end else _port_number(end, "end", spec)
    if last < first:
        raise OptionError(f"invalid range format for --expose: invalid port range: {spec}")
    proto = proto.lower() or "tcp"
    return [f"{port}/{proto}" for port in range(first, last + 1)]


def _port_number(text: str, which: str, spec: str) -> int:
    """strconv.ParseUint(text, 10, 16), its error as the CLI words it."""
    if not spec:
        problem = "invalid port range: value is empty"
    elif not text:
        problem = f"invalid {which} port '': value is empty"
    elif not text.isascii() or not text.isdigit():
        problem = f"invalid {which} port '{text}': invalid syntax"
    elif int(text) > 65535:
        problem = f"invalid {which} port '{text}': value out of range"
    else:
        return int(text)
    raise OptionError(f"invalid range format for --expose: {problem}")


def parse_publish(spec: str) -> list[Publish]:
    """`[ip:][hostPort:]containerPort[/proto]` with ranges (nat.ParsePortSpec)."""
    body, _, proto = spec.partition("/")
    proto = proto or "tcp"
    if proto not in ("tcp", "udp", "sctp"):
        raise OptionError(f"invalid proto: {proto}")
    host_ip = ""
    if body.startswith("["):
        end = body.find("]")
        host_ip, body = body[1:end], body[end + 2 :]
    parts = body.split(":")
    if len(parts) == 1:
        host_port, container = "", parts[0]
    elif len(parts) == 2:
        host_port, container = parts
    elif len(parts) == 3:
        host_ip, host_port, container = parts
    else:
        raise OptionError(f"invalid port format: {spec}")
    containers = _range(container, "containerPort")
    hosts = _range(host_port, "hostPort") if host_port else [0] * len(containers)
    if len(hosts) != len(containers):
        if len(hosts) == 1 or not host_port:
            hosts = hosts * len(containers)
        else:
            raise OptionError(
                f"invalid ranges specified for container and host Ports: {container} and "
                f"{host_port}"
            )
    return [(host_ip, h, c, proto) for h, c in zip(hosts, containers, strict=True)]


def parse_volume(spec: str) -> Mount:
    """`-v`: `/path`, `name:/path[:opts]`, `/host:/path[:opts]` (opts: ro, rw)."""
    parts = spec.split(":")
    if len(parts) > 3:
        raise OptionError(f"invalid spec: {spec}: too many colons")
    readonly = False
    if len(parts) == 3:
        options = parts[2].split(",")
        readonly = "ro" in options
        for option in options:
            if option not in ("ro", "rw", "z", "Z", "nocopy", "rprivate", "private", "shared"):
                raise OptionError(f"invalid mode: {option}")
        parts = parts[:2]
    if len(parts) == 1:
        destination = parts[0]
        if not destination.startswith("/"):
            raise OptionError(
                f"invalid volume specification: '{spec}': invalid mount config for type "
                f"\"volume\": invalid mount path: '{destination}' mount path must be absolute"
            )
        return ("volume", "", destination, False)
    source, destination = parts
    # a path is absolute or starts with `.` (the CLI makes it absolute); anything else, `~/x`
    # included (no shell expanded it), names a volume
    kind = "bind" if source.startswith(("/", ".")) else "volume"
    if not destination.startswith("/"):
        raise OptionError(
            f"invalid volume specification: '{spec}': invalid mount config for type "
            f"\"{kind}\": invalid mount path: '{destination}' mount path must be absolute"
        )
    return (kind, source, destination, readonly)


def parse_mount(spec: str) -> Mount:
    """`--mount type=volume|bind|tmpfs,src=...,dst=...,readonly` (opts.MountOpt)."""
    fields: dict[str, str] = {}
    readonly = False
    for item in spec.split(","):
        key, sep, value = item.partition("=")
        key = key.strip().lower()
        if key in ("readonly", "ro"):
            readonly = not sep or value.lower() in ("1", "true")
            continue
        if not sep:
            raise OptionError(
                f'invalid argument "{spec}" for "--mount" flag: invalid field '
                f"'{key}' must be a key=value pair"
            )
        fields[key] = value
    kind = fields.get("type", "volume")
    if kind not in ("volume", "bind", "tmpfs"):
        raise OptionError(
            f'invalid argument "{spec}" for "--mount" flag: invalid mount type: {kind}'
        )
    source = fields.get("source", fields.get("src", ""))
    destination = fields.get("target", fields.get("destination", fields.get("dst", "")))
    if not destination:
        raise OptionError(f'invalid argument "{spec}" for "--mount" flag: target is required')
    return (kind, source, destination, readonly)
