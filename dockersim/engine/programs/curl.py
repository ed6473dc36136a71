"""curl: requests, its options, its errors and exit codes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dockersim.engine.netview import view_of
from dockersim.engine.programs import Program
from dockersim.engine.programs.client import SYN_TIMEOUT, request, split_url

if TYPE_CHECKING:
    from dockersim.engine.programs.http import HttpResponse as Response
    from dockersim.model.userland.programs.base import Ctx


def _curl_version(ctx: Ctx) -> str:
    if ctx.fs.exists("/etc/alpine-release"):
        return "8.14.1"
    try:
        release = ctx.fs.read("/etc/os-release").decode(errors="replace")
    except Exception:  # a missing os-release: the host
        return "8.5.0"
    return "8.5.0" if "ubuntu" in release else "7.88.1"


CURL_FEATURES = (
    "Protocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 "
    "pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\n"
    "Features: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos "
    "Largefile libz NTLM PSL SPNEGO SSL threadsafe TLS-SRP UnixSockets zstd\n"
)


#: Alpine 3.22's curl package (8.14.1-r1) as `curl --version` prints it: musl build triplet,
#: the libraries of its dependencies in 3.22 (pkglists.py; OpenSSL 3.5.0 is 3.22.0's libssl3),
#: c-ares instead of the threaded resolver, no LDAP, RTMP, SSH or GSS-API. The Protocols and
#: Features lines are those Alpine's 8.11.1 build (3.21) prints; est. for 8.14.1.
ALPINE_CURL = (
    "curl 8.14.1 ({arch}-alpine-linux-musl) libcurl/8.14.1 OpenSSL/3.5.0 zlib/1.3.1 "
    "brotli/1.1.0 zstd/1.5.7 c-ares/1.34.5 libidn2/2.3.7 libpsl/0.21.5 nghttp2/1.65.0\n"
    "Release-Date: 2025-06-04\n"
    "Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 "
    "pop3s rtsp smb smbs smtp smtps telnet tftp ws wss\n"
    "Features: alt-svc AsynchDNS brotli HSTS HTTP2 HTTPS-proxy IDN IPv6 Largefile libz NTLM "
    "PSL SSL threadsafe TLS-SRP UnixSockets zstd\n"
)


UNTRUSTED = (
    "curl: (60) SSL certificate problem: self-signed certificate in certificate chain\n"
    "More details here: https://curl.se/docs/sslcerts.html\n\n"
    "curl failed to verify the legitimacy of the server and therefore could not\n"
    "establish a secure connection to it. To learn more about this situation and\n"
    "how to fix it, please visit the web page mentioned above.\n"
)


def curl(ctx: Ctx) -> int:
    args = ctx.argv[1:]
    if args[:1] in (["--version"], ["-V"]):
        version = _curl_version(ctx)
        arm = ctx.proc.arch in ("aarch64", "arm64")
        if ctx.fs.exists("/etc/alpine-release"):
            ctx.write(ALPINE_CURL.format(arch="aarch64" if arm else "x86_64"))
            return 0
        triplet = "aarch64-unknown-linux-gnu" if arm else "x86_64-pc-linux-gnu"
        ctx.write(
            f"curl {version} ({triplet}) libcurl/{version} OpenSSL/3.0.16 zlib/1.2.13 "
            "brotli/1.0.9 zstd/1.5.4 libidn2/2.3.3 libpsl/0.21.2 nghttp2/1.52.0\n" + CURL_FEATURES
        )
        return 0
    silent = show_error = include = head = fail = False
    output = ""
    method = "GET"
    connect_timeout = 0.0
    url = ""
    auth = data = cacert = ""
    content_type = ""
    insecure = posted = False
    write_out = ""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in (
            "-o",
            "--output",
            "-X",
            "--request",
            "-H",
            "--header",
            "-w",
            "--write-out",
            "--connect-timeout",
            "-m",
            "--max-time",
            "-d",
            "--data",
            "-u",
            "-A",
            "--cacert",
            "--data-raw",
        ):
            value = args[i + 1] if i + 1 < len(args) else ""
            if arg in ("-o", "--output"):
                output = value
            elif arg in ("-X", "--request"):
                method = value
            elif arg in ("--connect-timeout", "-m", "--max-time"):
                connect_timeout = float(value or 0)
            elif arg == "-u":
                auth = value
            elif arg == "--cacert":
                cacert = value
            elif arg in ("-w", "--write-out"):
                write_out = value
            elif arg in ("-d", "--data", "--data-raw"):
                data = value if not posted else f"{data}&{value}"
                posted = True
            elif arg in ("-H", "--header") and value.lower().startswith("content-type:"):
                content_type = value.split(":", 1)[1].strip()
            i += 2
            continue
        if arg.startswith("--"):
            silent |= arg == "--silent"
            show_error |= arg == "--show-error"
            include |= arg == "--include"
            head |= arg == "--head"
            fail |= arg == "--fail"
            insecure |= arg == "--insecure"
        elif arg.startswith("-") and len(arg) > 1:
            silent |= "s" in arg
            show_error |= "S" in arg
            include |= "i" in arg
            head |= "I" in arg
            fail |= "f" in arg
            insecure |= "k" in arg
        else:
            url = arg
        i += 1
    version = _curl_version(ctx)
    if not url:
        ctx.err.write("curl: try 'curl --help' or 'curl --manual' for more information\n")
        return 2
    view = view_of(ctx)
    response: Response | None = None

    def done(code: int) -> int:
        if write_out:
            write_out_text(ctx, write_out, response, code, method, url)
        return code

    quiet_errors = silent and not show_error
    if view is None:
        return done(7)
    if posted:
        method = "POST" if method == "GET" else method
        content_type = content_type or "application/x-www-form-urlencoded"
    secure = url.lower().startswith("https://")
    if secure and cacert and not ctx.fs.exists(cacert, ctx.cwd):
        if not quiet_errors:
            ctx.err.write(f"curl: (77) error setting certificate file: {cacert}\n")
        return done(77)
    outcome, response = request(
        view,
        "HEAD" if head else method,
        url,
        f"curl/{version}",
        auth,
        data,
        content_type,
        trusted=insecure or bool(cacert),  # simplified: any CA file given is the right one
    )
    host, port, _ = split_url(url)
    if outcome.status == "unresolved":
        if not quiet_errors:
            ctx.err.write(f"curl: (6) Could not resolve host: {host}\n")
        return done(6)
    if outcome.status == "refused":
        if not quiet_errors:
            ctx.err.write(
                f"curl: (7) Failed to connect to {host} port {port} after 0 ms: "
                "Couldn't connect to server\n"
            )
        return done(7)
    if outcome.status == "timeout":
        waited = connect_timeout or SYN_TIMEOUT
        ctx.rec.advance(waited)
        if not quiet_errors:
            if connect_timeout:
                ctx.err.write(
                    f"curl: (28) Connection timed out after {int(waited * 1000) + 1} milliseconds\n"
                )
            else:
                ctx.err.write(
                    f"curl: (28) Failed to connect to {host} port {port} after "
                    f"{int(waited * 1000)} ms: Couldn't connect to server\n"
                )
        return done(28)
    if outcome.status == "tls":  # it closes a plain-HTTP connection on its HTTPS port
        if not quiet_errors:
            ctx.err.write("curl: (52) Empty reply from server\n")
        return done(52)
    if outcome.status == "plain":
        if not quiet_errors:
            # curl 8 names the TLS library first (est. for the alpine build)
            library = "" if version.startswith("7.") else "OpenSSL/3.0.16: "
            ctx.err.write(
                f"curl: (35) {library}error:0A00010B:SSL routines::wrong version number\n"
            )
        return done(35)
    if outcome.status == "untrusted":  # a self-signed CA, not in the system's store
        if not quiet_errors:
            ctx.err.write(UNTRUSTED)
        return done(60)
    if response is None:
        if not quiet_errors:
            ctx.err.write("curl: (1) Received HTTP/0.9 when not allowed\n")
        return done(1)
    if fail and response.status >= 400:
        if not quiet_errors:
            ctx.err.write(f"curl: (22) The requested URL returned error: {response.status}\n")
        return done(22)
    text = ""
    if include or head:
        text += f"{response.http_version} {response.status} {response.reason}\r\n"
        text += "".join(f"{k}: {v}\r\n" for k, v in response.headers) + "\r\n"
    if not head:
        text += response.body.decode(errors="replace")
    if output:
        ctx.fs.write(output, text.encode(), ctx.cwd)
    else:
        ctx.write(text)
    if not silent and (output or not ctx.out.is_tty):
        size = len(response.body)
        ctx.err.write(
            "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n"
            "                                 Dload  Upload   Total   Spent    Left  Speed\n"
            f"100 {size:>5}  100 {size:>5}    0     0   {'600k':>5}      0 --:--:-- --:--:-- "
            f"--:--:--  {'600k':>5}\n"
        )
    return done(0)


PROGRAM = Program(curl)


#: `-w` variables this curl knows (curl's tool_writeout.c names them); others are warned of
_WRITE_OUT = re.compile(r"%\{([a-z_]+)\}|%%|\\[nrt\\]")


def write_out_text(
    ctx: Ctx, fmt: str, response: Response | None, code: int, method: str, url: str
) -> None:
    """`-w FORMAT` after the transfer (also after a failed one: `%{http_code}` is then 000).
    A variable curl does not have gets its warning, as curl 8 prints it; one it has that is
    not simulated says so."""
    if fmt.startswith("@"):
        raise ctx.not_simulated("-w @file")
    values = {
        "http_code": f"{response.status:03d}" if response else "000",
        "response_code": f"{response.status:03d}" if response else "000",
        "content_type": dict((k.lower(), v) for k, v in response.headers).get("content-type", "")
        if response
        else "",
        "size_download": str(len(response.body)) if response else "0",
        "url": url,
        "url_effective": url,
        "method": method,
        "exitcode": str(code),
        "http_version": response.http_version.removeprefix("HTTP/") if response else "0",
        "scheme": url.split("://", 1)[0].upper() if "://" in url else "HTTP",
    }
    escapes = {"\\n": "\n", "\\r": "\r", "\\t": "\t", "\\\\": "\\", "%%": "%"}
    out: list[str] = []

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return escapes[match.group(0)]
        if name in values:
            return values[name]
        if name in _KNOWN_NOT_SIMULATED:
            raise ctx.not_simulated(f"-w %{{{name}}}")
        ctx.err.write(f"curl: unknown --write-out variable: '{name}'\n")
        return ""

    out.append(_WRITE_OUT.sub(one, fmt))
    ctx.write("".join(out))


#: write-out variables curl has that this one does not compute (timings, sizes of headers...)
_KNOWN_NOT_SIMULATED = frozenset(
    [
        "time_total",
        "time_connect",
        "time_namelookup",
        "time_appconnect",
        "time_pretransfer",
        "time_starttransfer",
        "time_redirect",
        "size_header",
        "size_request",
        "size_upload",
        "speed_download",
        "speed_upload",
        "remote_ip",
        "remote_port",
        "local_ip",
        "local_port",
        "num_connects",
        "num_redirects",
        "redirect_url",
        "ssl_verify_result",
        "errormsg",
        "json",
        "header_json",
    ]
)
