"""Traefik (the traefik images): `traefik version`, its start as the real one logs it (v3:
zerolog's console lines, v2: logrus; both at the default level ERROR say little), the default
entry point on 80 with no routes, and `--api.insecure` serving the dashboard and API on 8080."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs._texts import catalog_text
from dockersim.engine.programs.http import HttpResponse, http_date
from dockersim.model.cowfs import FsError

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

#: version -> (codename, go version, build date); go versions and build times are est.
RELEASES = {
    "3.4.1": ("chaource", "go1.24.3", "2025-05-27T14:01:35Z"),
    "2.11.25": ("mimolette", "go1.23.9", "2025-05-27T13:44:03Z"),
}
SUBCOMMANDS = ("version", "healthcheck")


def traefik(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args[:1] == ["traefik"]:  # the command's own name first is dropped (`traefik traefik`)
        args = args[1:]
    version = _image_version(ctx)
    codename, go, built = RELEASES.get(version, RELEASES["3.4.1"])
    if "--help" in args or "-h" in args:
        if (
            args[0] not in ("--help", "-h")
            and args[0] not in SUBCOMMANDS
            and not args[0].startswith("-")
        ):
            ctx.err.write(f"Error: command {args[0]} not found\n")
            return 1
        ctx.write(
            "traefik is a modern HTTP reverse proxy and load balancer made to deploy "
            "microservices with ease.\n"
        )
        return 0
    if args[:1] == ["version"]:
        ctx.write(
            f"Version:      {version}\nCodename:     {codename}\nGo version:   {go}\n"
            f"Built:        {built}\nOS/Arch:      linux/{_arch(ctx)}\n"
        )
        return 0
    if args and not args[0].startswith("--"):
        raise ctx.not_simulated(f"traefik {args[0]}")
    level = _flag(args, "--log.level").upper() or "ERROR"
    now = ctx.now()
    if args and version.startswith("2."):
        stamp = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        ctx.err.write(f'time="{stamp}" level=info msg="Configuration loaded from flags."\n')
    if level in ("INFO", "DEBUG") and version.startswith("3."):
        ctx.err.write(_v3_info(now, version, built, "--providers.docker" in " ".join(args)))
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


def _v3_info(now: float, version: str, built: str, docker: bool) -> str:
    stamp = "\x1b[90m" + datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%dT%H:%M:%SZ") + "\x1b[0m"
    inf = "\x1b[32mINF\x1b[0m"
    lines = [
        f"{stamp} {inf} Traefik version {version} built on {built} "
        f"\x1b[36mversion=\x1b[0m{version}",
        f"{stamp} {inf} \nStats collection is disabled.\nHelp us improve Traefik by turning this "
        "feature on :)\nMore details on: https://doc.traefik.io/traefik/contributing/data-collection/\n",
        f"{stamp} {inf} Starting provider aggregator *aggregator.ProviderAggregator",
        f"{stamp} {inf} Starting provider *traefik.Provider",
        f"{stamp} {inf} Starting provider *acme.ChallengeTLSALPN",
    ]
    if docker:
        lines.append(f"{stamp} {inf} Starting provider *docker.Provider")
    return "\n".join(lines) + "\n"


def _flag(args: list[str], name: str) -> str:
    for i, arg in enumerate(args):
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
        if arg == name:
            nxt = args[i + 1] if i + 1 < len(args) else ""
            return "true" if not nxt or nxt.startswith("--") else nxt
    return ""


def _arch(ctx: Ctx) -> str:
    return "arm64" if ctx.proc.arch == "aarch64" else "amd64"


def _image_version(ctx: Ctx) -> str:
    """The image's traefik: the v2.11 image's entrypoint says which it is."""
    try:
        entry = ctx.fs.read("/entrypoint.sh").decode(errors="replace")
    except FsError:
        return "3.4.1"
    return "2.11.25" if "traefik v2.11" in entry else "3.4.1"


def _args(container: Container) -> list[str]:
    argv = [container.path, *container.args]
    while argv and not argv[0].startswith("--"):
        argv = argv[1:]
    return argv


def _insecure_api(container: Container) -> bool:
    value = _flag(_args(container), "--api.insecure")
    return value.lower() in ("true", "1")


def _ports(engine: Engine, container: Container) -> list[int]:
    return [80, 8080] if _insecure_api(container) else [80]


def _container_version(container: Container) -> str:
    return container_label(container).lstrip("v") or "3.4.1"


def container_label(container: Container) -> str:
    labels = container.config.labels or {}
    return str(dict(labels).get("org.opencontainers.image.version", ""))


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse:
    date = ("Date", http_date(engine.now))
    path = request.path.split("?", 1)[0]
    if request.port == 8080:
        version = _container_version(container)
        codename = RELEASES.get(version, RELEASES["3.4.1"])[0]
        if path == "/":
            return HttpResponse(
                302,
                "Found",
                (("Location", "/dashboard/"), date, ("Content-Length", "0")),
                b"",
            )
        if path == "/api/version":
            start = datetime.fromtimestamp(engine.now, UTC)  # est.: the start time is not kept
            body = (
                json.dumps(
                    {
                        "Version": version,
                        "Codename": codename,
                        "startDate": start.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                    },
                    separators=(",", ":"),
                )
                + "\n"
            ).encode()
            return HttpResponse(
                200,
                "OK",
                (("Content-Type", "application/json"), date, ("Content-Length", str(len(body)))),
                body,
            )
        if path in ("/dashboard/", "/dashboard/index.html"):
            body = catalog_text("traefik_dashboard_page").encode()
            return HttpResponse(
                200,
                "OK",
                (
                    ("Content-Type", "text/html; charset=utf-8"),
                    date,
                    ("Content-Length", str(len(body))),
                ),
                body,
            )
        if path.startswith("/api/"):
            body = b"dockersim: not simulated in traefik: this API endpoint\n"
            return HttpResponse(
                501, "Not Implemented", (("Content-Type", "text/plain"), date), body
            )
    body = b"404 page not found\n"
    return HttpResponse(
        404,
        "Not Found",
        (
            ("Content-Type", "text/plain; charset=utf-8"),
            ("X-Content-Type-Options", "nosniff"),
            date,
            ("Content-Length", str(len(body))),
        ),
        body,
    )


PROGRAM = Program(
    traefik, ports=_ports, serve=_serve, exits={"SIGTERM": 143, "SIGINT": 130}, memory_mib=24.0
)
