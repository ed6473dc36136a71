"""`curl --version` names the build of each distribution's package: Alpine's is a musl build
with Alpine 3.22's libraries, Debian bookworm's a glibc build with OpenSSL 3.0."""

from __future__ import annotations

from dockersim import Engine

ALPINE = (
    "curl 8.14.1 (x86_64-alpine-linux-musl) libcurl/8.14.1 OpenSSL/3.5.0 zlib/1.3.1 "
    "brotli/1.1.0 zstd/1.5.7 c-ares/1.34.5 libidn2/2.3.7 libpsl/0.21.5 nghttp2/1.65.0\n"
    "Release-Date: 2025-06-04\n"
    "Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 "
    "pop3s rtsp smb smbs smtp smtps telnet tftp ws wss\n"
    "Features: alt-svc AsynchDNS brotli HSTS HTTP2 HTTPS-proxy IDN IPv6 Largefile libz NTLM "
    "PSL SSL threadsafe TLS-SRP UnixSockets zstd\n"
)


def test_alpine_curl_is_alpines_build():
    engine = Engine(seed=0)
    engine.docker("pull -q alpine")
    result = engine.docker("run --rm alpine sh -c 'apk add -q curl && curl --version'")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.endswith(ALPINE)
    assert "pc-linux-gnu" not in result.stdout


def test_alpine_curl_on_arm64_names_aarch64():
    engine = Engine(seed=0)
    engine.docker("pull -q --platform linux/arm64 alpine")
    result = engine.docker(
        "run --rm --platform linux/arm64 alpine sh -c 'apk add -q curl && curl --version'"
    )
    assert "curl 8.14.1 (aarch64-alpine-linux-musl) libcurl/8.14.1 OpenSSL/3.5.0" in result.stdout


def test_debian_bookworm_curl_is_debians_build():
    engine = Engine(seed=0)
    engine.docker("pull -q buildpack-deps:bookworm")
    result = engine.docker("run --rm buildpack-deps:bookworm curl --version")
    assert result.stdout.startswith(
        "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/3.0.16 zlib/1.2.13 "
    )
