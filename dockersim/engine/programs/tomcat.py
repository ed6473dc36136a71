"""Apache Tomcat's `catalina.sh run`: the start-up log, port 8080, its 404 page, and the
shutdown lines on SIGTERM.

The version and build time come from the image's lib/catalina.jar (its ServerInfo
properties), the JVM from `$JAVA_HOME/release`. The official image ships an empty webapps:
every request is answered with Tomcat's 404 page. A webapps with content (a WAR, the
examples copied from webapps.dist) would be deployed by Tomcat; that is not simulated.

Timestamps are the virtual clock's; the milliseconds the log reports for initialisation
and start-up are fixed (est.).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dockersim.engine.programs import Program, Request
from dockersim.engine.programs.http import HttpResponse, http_date
from dockersim.engine.programs.java import release
from dockersim.engine.programs.langbase import listdir, read_text

if TYPE_CHECKING:
    from dockersim.engine import Engine
    from dockersim.model.container import Container
    from dockersim.model.userland.programs.base import Ctx

HOME = "/usr/local/tomcat"
OPENS = (
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/java.util=ALL-UNNAMED",
    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
    "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED",
)
STOP_LINES = (
    'org.apache.coyote.AbstractProtocol.pause Pausing ProtocolHandler ["http-nio-8080"]',
    "org.apache.catalina.core.StandardService.stopInternal Stopping service [Catalina]",
    'org.apache.coyote.AbstractProtocol.stop Stopping ProtocolHandler ["http-nio-8080"]',
    'org.apache.coyote.AbstractProtocol.destroy Destroying ProtocolHandler ["http-nio-8080"]',
)


def server_info(read: str | None) -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (read or "").splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs}


def stamp(when: float) -> str:
    moment = datetime.fromtimestamp(when, UTC)
    return moment.strftime("%d-%b-%Y %H:%M:%S.") + f"{moment.microsecond // 1000:03d}"


def _native(ctx: Ctx) -> str:
    for name in listdir(ctx, f"{HOME}/native-jni-lib"):
        text = read_text(ctx, f"{HOME}/native-jni-lib/{name}") or ""
        if text.startswith("tomcat-native "):
            return text.split()[1]
    return ""


def start_log(ctx: Ctx) -> str:
    from dockersim.model.host import KERNEL

    info = server_info(read_text(ctx, f"{HOME}/lib/catalina.jar"))
    jvm = release(ctx)
    name = info.get("server.info", "Apache Tomcat")
    major = info.get("server.number", "0").split(".")[0]
    home = ctx.env.get("JAVA_HOME", "/opt/java/openjdk")
    arch = {"x86_64": "amd64"}.get(ctx.proc.arch, ctx.proc.arch)
    version_lines = [
        f"Server version name:   {name}",
        f"Server built:          {info.get('server.built', '')}",
        f"Server version number: {info.get('server.number', '')}",
        "OS Name:               Linux",
        f"OS Version:            {KERNEL}",
        f"Architecture:          {arch}",
        f"Java Home:             {home}",
        f"JVM Version:           {jvm.get('JAVA_RUNTIME_VERSION', '')}",
        "JVM Vendor:            Eclipse Adoptium",
        f"CATALINA_BASE:         {HOME}",
        f"CATALINA_HOME:         {HOME}",
    ]
    arguments = [
        f"-Djava.util.logging.config.file={HOME}/conf/logging.properties",
        "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
        "-Djdk.tls.ephemeralDHKeySize=2048",
        "-Djava.protocol.handler.pkgs=org.apache.catalina.webresources",
        "-Dorg.apache.catalina.security.SecurityListener.UMASK=0027",
        *OPENS,
        *(["--enable-native-access=ALL-UNNAMED"] if major == "11" else []),
        f"-Dcatalina.base={HOME}",
        f"-Dcatalina.home={HOME}",
        f"-Djava.io.tmpdir={HOME}/temp",
    ]
    if major == "11":  # Tomcat 11 no longer sets the protocol handler packages
        arguments.remove("-Djava.protocol.handler.pkgs=org.apache.catalina.webresources")
    listener = "org.apache.catalina.startup.VersionLoggerListener.log"
    coyote, catalina_ = "org.apache.coyote.AbstractProtocol", "org.apache.catalina"
    apr = "org.apache.catalina.core.AprLifecycleListener"
    rows = [(0, f"{listener} {text}") for text in version_lines]
    rows += [(0, f"{listener} Command line argument: {arg}") for arg in arguments]
    rows += [
        (
            40,
            f"{apr}.lifecycleEvent Loaded Apache Tomcat Native library [{_native(ctx)}] "
            "using APR version [1.7.2].",
        ),
        (12, f"{apr}.initializeSSL OpenSSL successfully initialized [OpenSSL 3.0.13 30 Jan 2024]"),
        (
            420,
            f'{coyote}.init Initializing ProtocolHandler ["http-nio-8080"]',
        ),
        (
            20,
            f"{catalina_}.startup.Catalina.load Server initialization in [612] milliseconds",
        ),
        (15, "org.apache.catalina.core.StandardService.startInternal Starting service [Catalina]"),
        (
            1,
            f"{catalina_}.core.StandardEngine.startInternal Starting Servlet engine: [{name}]",
        ),
        (25, 'org.apache.coyote.AbstractProtocol.start Starting ProtocolHandler ["http-nio-8080"]'),
        (20, "org.apache.catalina.startup.Catalina.start Server startup in [61] milliseconds"),
    ]
    now, out = ctx.now(), []
    for step, text in rows:
        now += step / 1000
        out.append(f"{stamp(now)} INFO [main] {text}\n")
    return "".join(out)


def catalina(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args != ["run"]:
        raise ctx.not_simulated(f"catalina.sh {' '.join(args)}" if args else "catalina.sh usage")
    if listdir(ctx, f"{HOME}/webapps"):
        raise ctx.not_simulated("catalina.sh run: deploying the web applications in webapps")
    if ctx.proc.tty:  # catalina.sh says what it uses only when its stdin is a terminal
        home = ctx.env.get("JAVA_HOME", "/opt/java/openjdk")
        ctx.write(
            f"Using CATALINA_BASE:   {HOME}\nUsing CATALINA_HOME:   {HOME}\n"
            f"Using CATALINA_TMPDIR: {HOME}/temp\nUsing JRE_HOME:        {home}\n"
            f"Using CLASSPATH:       {HOME}/bin/bootstrap.jar:{HOME}/bin/tomcat-juli.jar\n"
            "Using CATALINA_OPTS:   \n"
        )
    ctx.err.write(start_log(ctx))  # java.util.logging's console handler writes to stderr
    ctx.block(frozenset({"SIGTERM", "SIGINT"}))
    return 0


def not_found_page(name: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title>'
        '<style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b '
        "{color:white;background-color:#525D76;} h1 {font-size:22px;} h2 {font-size:16px;} "
        "h3 {font-size:14px;} p {font-size:12px;} a {color:black;} .line {height:1px;"
        "background-color:#525D76;border:none;}</style></head><body><h1>HTTP Status 404 – "
        'Not Found</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Description'
        "</b> The origin server did not find a current representation for the target "
        'resource or is not willing to disclose that one exists.</p><hr class="line" />'
        f"<h3>{name}</h3></body></html>"
    )


def _name(engine: Engine, container: Container) -> str:
    try:
        text = engine.container_fs(container).read(f"{HOME}/lib/catalina.jar").decode()
    except Exception:
        text = ""
    return server_info(text).get("server.info", "Apache Tomcat")


def _ports(engine: Engine, container: Container) -> list[int]:
    return [8080]


def _serve(engine: Engine, container: Container, request: Request) -> HttpResponse:
    body = not_found_page(_name(engine, container)).encode()
    headers = (
        ("Content-Type", "text/html;charset=utf-8"),
        ("Content-Language", "en"),
        ("Content-Length", str(len(body))),
        ("Date", http_date(engine.now)),
    )
    return HttpResponse(404, "", headers, body)


def _shutdown(engine: Engine, container: Container, sig: str) -> tuple[str, str] | None:
    if sig not in ("SIGTERM", "SIGINT"):
        return None
    now = engine.now
    lines = [
        f"{stamp(now + i / 1000)} INFO [Thread-1] {text}\n" for i, text in enumerate(STOP_LINES)
    ]
    return "stderr", "".join(lines)


PROGRAM = Program(
    catalina,
    ports=_ports,
    serve=_serve,
    shutdown=_shutdown,
    exits={"SIGTERM": 143, "SIGINT": 130},
    memory_mib=142.0,
)
