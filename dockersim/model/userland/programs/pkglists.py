"""The package lists apt and apk install from (June 2025): Debian bookworm, Ubuntu noble and
jammy, Alpine 3.22 and 3.21.

One line a package: `release name version dependencies programs` (apk adds its installed
size in KiB); dependencies and programs are comma-separated or `-`; a program is
`path=stand-in` (what runs when it is executed: the userland's program of that name, or the
note that it is not simulated). Versions are the releases' as of June 2025 where known, else
estimates (est.: the jammy and Alpine 3.21 rows, the Alpine sizes and the libraries' versions;
the nodejs, npm and figlet versions).
"""

# ruff: noqa: E501  (the tables are one release a line)

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockersim.model.cowfs import CowFS

#: (url, suite, size) rows of `apt-get update`, the bytes fetched and the seconds it takes
UPDATE: dict[str, tuple[list[tuple[str, str, str]], str, float]] = {
    "noble": (
        [
            ("http://archive.ubuntu.com/ubuntu", "noble InRelease", "256 kB"),
            ("http://security.ubuntu.com/ubuntu", "noble-security InRelease", "126 kB"),
            ("http://archive.ubuntu.com/ubuntu", "noble-updates InRelease", "126 kB"),
            ("http://archive.ubuntu.com/ubuntu", "noble-backports InRelease", "126 kB"),
            ("http://archive.ubuntu.com/ubuntu", "noble/universe amd64 Packages", "19.3 MB"),
            ("http://security.ubuntu.com/ubuntu", "noble-security/main amd64 Packages", "1008 kB"),
            ("http://archive.ubuntu.com/ubuntu", "noble/main amd64 Packages", "1808 kB"),
            ("http://archive.ubuntu.com/ubuntu", "noble/restricted amd64 Packages", "117 kB"),
            ("http://archive.ubuntu.com/ubuntu", "noble/multiverse amd64 Packages", "331 kB"),
            ("http://archive.ubuntu.com/ubuntu", "noble-updates/main amd64 Packages", "1320 kB"),
            (
                "http://archive.ubuntu.com/ubuntu",
                "noble-updates/universe amd64 Packages",
                "1390 kB",
            ),
            (
                "http://archive.ubuntu.com/ubuntu",
                "noble-backports/universe amd64 Packages",
                "31.8 kB",
            ),
        ],
        "Fetched 25.9 MB in 3s (8932 kB/s)",
        3.0,
    ),
    "bookworm": (
        [
            ("http://deb.debian.org/debian", "bookworm InRelease", "151 kB"),
            ("http://deb.debian.org/debian", "bookworm-updates InRelease", "55.4 kB"),
            ("http://deb.debian.org/debian-security", "bookworm-security InRelease", "48.0 kB"),
            ("http://deb.debian.org/debian", "bookworm/main amd64 Packages", "8793 kB"),
            ("http://deb.debian.org/debian", "bookworm-updates/main amd64 Packages", "756 B"),
            (
                "http://deb.debian.org/debian-security",
                "bookworm-security/main amd64 Packages",
                "268 kB",
            ),
        ],
        "Fetched 9316 kB in 1s (7049 kB/s)",
        1.5,
    ),
    "jammy": (  # est.
        [
            ("http://archive.ubuntu.com/ubuntu", "jammy InRelease", "270 kB"),
            ("http://security.ubuntu.com/ubuntu", "jammy-security InRelease", "129 kB"),
            ("http://archive.ubuntu.com/ubuntu", "jammy-updates InRelease", "128 kB"),
            ("http://archive.ubuntu.com/ubuntu", "jammy-backports InRelease", "127 kB"),
            ("http://archive.ubuntu.com/ubuntu", "jammy/universe amd64 Packages", "17.5 MB"),
            ("http://archive.ubuntu.com/ubuntu", "jammy/main amd64 Packages", "1792 kB"),
            ("http://archive.ubuntu.com/ubuntu", "jammy/restricted amd64 Packages", "164 kB"),
            ("http://archive.ubuntu.com/ubuntu", "jammy/multiverse amd64 Packages", "266 kB"),
            ("http://security.ubuntu.com/ubuntu", "jammy-security/main amd64 Packages", "2980 kB"),
            ("http://archive.ubuntu.com/ubuntu", "jammy-updates/main amd64 Packages", "3290 kB"),
            (
                "http://archive.ubuntu.com/ubuntu",
                "jammy-updates/universe amd64 Packages",
                "1553 kB",
            ),
            (
                "http://archive.ubuntu.com/ubuntu",
                "jammy-backports/universe amd64 Packages",
                "35.2 kB",
            ),
        ],
        "Fetched 28.3 MB in 4s (7421 kB/s)",
        4.0,
    ),
}

_APT = """
noble file 1:5.45-3build1 libmagic1t64,libmagic-mgc /usr/bin/file=file
noble libmagic1t64 1:5.45-3build1 - -
noble libmagic-mgc 1:5.45-3build1 - -
noble sudo 1.9.15p5-3ubuntu5 - /usr/bin/sudo=sudo
noble curl 8.5.0-2ubuntu10.6 ca-certificates,libcurl4t64,libnghttp2-14,libpsl5t64,libssh-4,openssl /usr/bin/curl=curl
noble ca-certificates 20240203 - -
noble libcurl4t64 8.5.0-2ubuntu10.6 - -
noble libnghttp2-14 1.59.0-1ubuntu0.2 - -
noble libpsl5t64 0.21.2-1.1build1 - -
noble libssh-4 0.10.6-2ubuntu0.1 - -
noble openssl 3.0.13-0ubuntu3.5 - /usr/bin/openssl=openssl
noble wget 1.21.4-1ubuntu4.1 ca-certificates,libpsl5t64 /usr/bin/wget=wget
noble iputils-ping 3:20240117-1ubuntu0.1 libcap2-bin /usr/bin/ping=ping
noble libcap2-bin 1:2.66-5ubuntu2.2 - -
noble iproute2 6.1.0-1ubuntu6 libbpf1,libelf1t64,libmnl0,libcap2-bin /usr/bin/ip=ip,/usr/bin/ss=ss
noble libbpf1 1:1.3.0-2build2 - -
noble libelf1t64 0.190-1.1ubuntu0.1 - -
noble libmnl0 1.0.5-2build1 - -
noble procps 2:4.0.4-4ubuntu3.2 - /usr/bin/ps=ps,/usr/bin/top=top,/usr/bin/free=free,/usr/bin/kill=kill
noble vim 2:9.1.0016-1ubuntu7.8 vim-common,vim-runtime,xxd /usr/bin/vim=vim,/usr/bin/vi=vim
noble vim-common 2:9.1.0016-1ubuntu7.8 - -
noble vim-runtime 2:9.1.0016-1ubuntu7.8 - -
noble xxd 2:9.1.0016-1ubuntu7.8 - /usr/bin/xxd=xxd
noble nano 7.2-2ubuntu0.1 - /usr/bin/nano=nano
noble git 1:2.43.0-1ubuntu7.2 git-man,libcurl3t64-gnutls,liberror-perl /usr/bin/git=git
noble git-man 1:2.43.0-1ubuntu7.2 - -
noble libcurl3t64-gnutls 8.5.0-2ubuntu10.6 - -
noble liberror-perl 0.17029-2 - -
noble python3 3.12.3-0ubuntu2 python3.12,libpython3.12-stdlib,media-types /usr/bin/python3=python3
noble python3.12 3.12.3-1ubuntu0.5 - /usr/bin/python3.12=python3
noble libpython3.12-stdlib 3.12.3-1ubuntu0.5 - -
noble media-types 10.1.0 - -
bookworm file 1:5.44-3 libmagic1,libmagic-mgc /usr/bin/file=file
bookworm libmagic1 1:5.44-3 - -
bookworm libmagic-mgc 1:5.44-3 - -
bookworm sudo 1.9.13p3-1+deb12u1 - /usr/bin/sudo=sudo
bookworm curl 7.88.1-10+deb12u12 ca-certificates,libcurl4,libnghttp2-14,libpsl5,libssh2-1,openssl /usr/bin/curl=curl
bookworm ca-certificates 20230311+deb12u1 - -
bookworm libcurl4 7.88.1-10+deb12u12 - -
bookworm libnghttp2-14 1.52.0-1+deb12u2 - -
bookworm libpsl5 0.21.2-1 - -
bookworm libssh2-1 1.10.0-3+b1 - -
bookworm openssl 3.0.16-1~deb12u1 - /usr/bin/openssl=openssl
bookworm wget 1.21.3-1+deb12u1 ca-certificates,libpsl5 /usr/bin/wget=wget
bookworm iputils-ping 3:20221126-1+deb12u1 libcap2-bin /usr/bin/ping=ping
bookworm libcap2-bin 1:2.66-4 - -
bookworm iproute2 6.1.0-3 libbpf1,libelf1,libmnl0,libcap2-bin /usr/bin/ip=ip,/usr/bin/ss=ss
bookworm libbpf1 1:1.1.0-1 - -
bookworm libelf1 0.188-2.1 - -
bookworm libmnl0 1.0.4-3 - -
bookworm procps 2:4.0.2-3 libproc2-0 /usr/bin/ps=ps,/usr/bin/top=top,/usr/bin/free=free,/usr/bin/kill=kill
bookworm libproc2-0 2:4.0.2-3 - -
bookworm vim 2:9.0.1378-2+deb12u2 vim-common,vim-runtime,xxd /usr/bin/vim=vim,/usr/bin/vi=vim
bookworm vim-common 2:9.0.1378-2+deb12u2 - -
bookworm vim-runtime 2:9.0.1378-2+deb12u2 - -
bookworm xxd 2:9.0.1378-2+deb12u2 - /usr/bin/xxd=xxd
bookworm nano 7.2-1+deb12u1 - /usr/bin/nano=nano
bookworm git 1:2.39.5-0+deb12u2 git-man,libcurl3-gnutls,liberror-perl /usr/bin/git=git
bookworm git-man 1:2.39.5-0+deb12u2 - -
bookworm libcurl3-gnutls 7.88.1-10+deb12u12 - -
bookworm liberror-perl 0.17029-2 - -
bookworm python3 3.11.2-1+b1 python3.11,libpython3.11-stdlib,media-types /usr/bin/python3=python3
bookworm python3.11 3.11.2-6+deb12u6 - /usr/bin/python3.11=python3
bookworm libpython3.11-stdlib 3.11.2-6+deb12u6 - -
bookworm media-types 10.0.0 - -
bookworm less 590-2.1~deb12u2 - /usr/bin/less=less
bookworm net-tools 2.10-0.1 - /usr/sbin/ifconfig=ifconfig,/usr/bin/netstat=netstat,/usr/sbin/route=route,/usr/sbin/arp=arp
bookworm htop 3.2.2-2 libnl-3-200,libnl-genl-3-200 /usr/bin/htop=htop
bookworm libnl-3-200 3.7.0-0.2+b1 - -
bookworm libnl-genl-3-200 3.7.0-0.2+b1 - -
bookworm jq 1.6-2.1 libjq1,libonig5 /usr/bin/jq=jq
bookworm libjq1 1.6-2.1 - -
bookworm libonig5 6.9.8-1 - -
bookworm tree 2.1.0-1 - /usr/bin/tree=tree
noble less 590-2ubuntu2.1 - /usr/bin/less=less
noble net-tools 2.10-0.1ubuntu4.4 - /usr/sbin/ifconfig=ifconfig,/usr/bin/netstat=netstat,/usr/sbin/route=route,/usr/sbin/arp=arp
noble htop 3.3.0-4build1 libnl-3-200,libnl-genl-3-200 /usr/bin/htop=htop
noble libnl-3-200 3.7.0-0.3build1.1 - -
noble libnl-genl-3-200 3.7.0-0.3build1.1 - -
noble jq 1.7.1-3ubuntu0.24.04.1 libjq1,libonig5 /usr/bin/jq=jq
noble libjq1 1.7.1-3ubuntu0.24.04.1 - -
noble libonig5 6.9.9-1build1 - -
noble tree 2.1.1-2ubuntu3 - /usr/bin/tree=tree
jammy curl 7.81.0-1ubuntu1.20 ca-certificates,libcurl4,libnghttp2-14,libpsl5,libssh-4,openssl /usr/bin/curl=curl
jammy ca-certificates 20240203~22.04.1 - -
jammy libcurl4 7.81.0-1ubuntu1.20 - -
jammy libnghttp2-14 1.43.0-1ubuntu0.2 - -
jammy libpsl5 0.21.0-1.2build2 - -
jammy libssh-4 0.9.6-2ubuntu0.22.04.3 - -
jammy openssl 3.0.2-0ubuntu1.19 - /usr/bin/openssl=openssl
jammy wget 1.21.2-2ubuntu1.1 ca-certificates,libpsl5 /usr/bin/wget=wget
jammy iputils-ping 3:20211215-1 libcap2-bin /usr/bin/ping=ping
jammy libcap2-bin 1:2.44-1ubuntu0.22.04.2 - -
jammy iproute2 5.15.0-1ubuntu2 libbpf0,libelf1,libmnl0,libcap2-bin /usr/bin/ip=ip,/usr/bin/ss=ss
jammy libbpf0 1:0.5.0-1ubuntu22.04.1 - -
jammy libelf1 0.186-1ubuntu0.1 - -
jammy libmnl0 1.0.4-3build2 - -
jammy procps 2:3.3.17-6ubuntu2.1 libprocps8 /usr/bin/ps=ps,/usr/bin/top=top,/usr/bin/free=free,/usr/bin/kill=kill
jammy libprocps8 2:3.3.17-6ubuntu2.1 - -
jammy vim 2:8.2.3995-1ubuntu2.24 vim-common,vim-runtime,xxd /usr/bin/vim=vim,/usr/bin/vi=vim
jammy vim-common 2:8.2.3995-1ubuntu2.24 - -
jammy vim-runtime 2:8.2.3995-1ubuntu2.24 - -
jammy xxd 2:8.2.3995-1ubuntu2.24 - /usr/bin/xxd=xxd
jammy nano 6.2-1ubuntu0.1 - /usr/bin/nano=nano
jammy git 1:2.34.1-1ubuntu1.12 git-man,libcurl3-gnutls,liberror-perl /usr/bin/git=git
jammy git-man 1:2.34.1-1ubuntu1.12 - -
jammy libcurl3-gnutls 7.81.0-1ubuntu1.20 - -
jammy liberror-perl 0.17029-1 - -
jammy less 590-1ubuntu0.22.04.3 - /usr/bin/less=less
jammy net-tools 1.60+git20181103.0eebece-1ubuntu5 - /usr/sbin/ifconfig=ifconfig,/usr/bin/netstat=netstat,/usr/sbin/route=route,/usr/sbin/arp=arp
jammy htop 3.0.5-7build2 libnl-3-200,libnl-genl-3-200 /usr/bin/htop=htop
jammy libnl-3-200 3.5.0-0.1 - -
jammy libnl-genl-3-200 3.5.0-0.1 - -
jammy jq 1.6-2.1ubuntu3 libjq1,libonig5 /usr/bin/jq=jq
jammy libjq1 1.6-2.1ubuntu3 - -
jammy libonig5 6.9.7.1-2build1 - -
jammy tree 2.0.2-1 - /usr/bin/tree=tree
jammy python3 3.10.6-1~22.04.1 python3.10,libpython3.10-stdlib,media-types /usr/bin/python3=python3
jammy sudo 1.9.9-1ubuntu2.4 - /usr/bin/sudo=sudo
jammy python3.10 3.10.12-1~22.04.10 - /usr/bin/python3.10=python3
jammy libpython3.10-stdlib 3.10.12-1~22.04.10 - -
jammy media-types 7.0.0 - -
noble figlet 2.2.5-3 - /usr/bin/figlet=figlet
jammy figlet 2.2.5-3 - /usr/bin/figlet=figlet
bookworm figlet 2.2.5-3+b1 - /usr/bin/figlet=figlet
"""

_APK = """
3.22 file 5.46-r2 libmagic /usr/bin/file=file 40
3.22 sudo 1.9.16_p2-r1 - /usr/bin/sudo=sudo 3600
3.22 curl 8.14.1-r1 brotli-libs,c-ares,libunistring,libidn2,nghttp2-libs,libpsl,zstd-libs,libcurl /usr/bin/curl=curl 260
3.22 brotli-libs 1.1.0-r2 - - 900
3.22 c-ares 1.34.5-r0 - - 240
3.22 libunistring 1.3-r0 - - 1400
3.22 libidn2 2.3.7-r0 - - 140
3.22 nghttp2-libs 1.65.0-r0 - - 170
3.22 libpsl 0.21.5-r3 - - 70
3.22 zstd-libs 1.5.7-r0 - - 680
3.22 libcurl 8.14.1-r1 - - 600
3.22 bash 5.2.37-r0 ncurses-terminfo-base,libncursesw,readline /bin/bash=bash 1300
3.22 ncurses-terminfo-base 6.5_p20250503-r0 - - 100
3.22 libncursesw 6.5_p20250503-r0 - - 390
3.22 readline 8.2.13-r1 - - 280
3.22 python3 3.12.11-r0 libbz2,libffi,gdbm,xz-libs,mpdecimal,libpanelw,sqlite-libs,python3-pyc,python3-pycache-pyc0,pyc /usr/bin/python3=python3 40000
3.22 libbz2 1.0.8-r6 - - 80
3.22 libffi 3.4.8-r0 - - 50
3.22 gdbm 1.24-r0 - - 120
3.22 xz-libs 5.8.1-r0 - - 200
3.22 mpdecimal 4.0.1-r0 - - 250
3.22 libpanelw 6.5_p20250503-r0 - - 20
3.22 sqlite-libs 3.49.2-r0 - - 1000
3.22 python3-pyc 3.12.11-r0 - - 10
3.22 python3-pycache-pyc0 3.12.11-r0 - - 8000
3.22 pyc 3.12.11-r0 - - 10
3.22 git 2.49.0-r0 libexpat,pcre2 /usr/bin/git=git 9000
3.22 libexpat 2.7.0-r0 - - 150
3.22 pcre2 10.43-r1 - - 600
3.22 less 679-r0 - /usr/bin/less=less 400
3.22 net-tools 2.10-r3 - /sbin/ifconfig=ifconfig,/bin/netstat=netstat,/sbin/route=route,/sbin/arp=arp 500
3.22 iputils-ping 20240905-r0 libcap2 /bin/ping=ping 130
3.22 libcap2 2.76-r0 - - 30
3.22 vim 9.1.1415-r0 xxd,vim-common /usr/bin/vim=vim,/usr/bin/vi=vim 3900
3.22 xxd 9.1.1415-r0 - /usr/bin/xxd=xxd 20
3.22 vim-common 9.1.1415-r0 - - 17000
3.22 nano 8.4-r0 libmagic,ncurses-terminfo-base,libncursesw /usr/bin/nano=nano 600
3.22 libmagic 5.46-r2 - - 8000
3.22 wget 1.25.0-r1 libunistring,libidn2,pcre2 /usr/bin/wget=wget 500
3.22 procps-ng 4.0.4-r3 libproc2,libintl,ncurses-terminfo-base,libncursesw /bin/ps=ps,/usr/bin/top=top,/usr/bin/free=free 500
3.22 libproc2 4.0.4-r3 - - 100
3.22 libintl 0.24.1-r0 - - 60
3.22 htop 3.4.1-r0 ncurses-terminfo-base,libncursesw /usr/bin/htop=htop 300
3.22 jq 1.7.1-r0 oniguruma /usr/bin/jq=jq 800
3.22 oniguruma 6.9.10-r0 - - 600
3.22 tree 2.2.1-r0 - /usr/bin/tree=tree 100
3.21 file 5.46-r2 libmagic /usr/bin/file=file 40
3.21 sudo 1.9.16_p2-r0 - /usr/bin/sudo=sudo 3600
3.21 curl 8.12.1-r1 brotli-libs,c-ares,libunistring,libidn2,nghttp2-libs,libpsl,zstd-libs,libcurl /usr/bin/curl=curl 260
3.21 brotli-libs 1.1.0-r2 - - 900
3.21 c-ares 1.34.5-r0 - - 240
3.21 libunistring 1.3-r0 - - 1400
3.21 libidn2 2.3.7-r0 - - 140
3.21 nghttp2-libs 1.65.0-r0 - - 170
3.21 libpsl 0.21.5-r3 - - 70
3.21 zstd-libs 1.5.7-r0 - - 680
3.21 libcurl 8.12.1-r1 - - 600
3.21 bash 5.2.37-r0 ncurses-terminfo-base,libncursesw,readline /bin/bash=bash 1300
3.21 ncurses-terminfo-base 6.5_p20250503-r0 - - 100
3.21 libncursesw 6.5_p20250503-r0 - - 390
3.21 readline 8.2.13-r1 - - 280
3.21 python3 3.12.10-r0 libbz2,libffi,gdbm,xz-libs,mpdecimal,libpanelw,sqlite-libs,python3-pyc,python3-pycache-pyc0,pyc /usr/bin/python3=python3 40000
3.21 libbz2 1.0.8-r6 - - 80
3.21 libffi 3.4.8-r0 - - 50
3.21 gdbm 1.24-r0 - - 120
3.21 xz-libs 5.8.1-r0 - - 200
3.21 mpdecimal 4.0.1-r0 - - 250
3.21 libpanelw 6.5_p20250503-r0 - - 20
3.21 sqlite-libs 3.49.2-r0 - - 1000
3.21 python3-pyc 3.12.10-r0 - - 10
3.21 python3-pycache-pyc0 3.12.10-r0 - - 8000
3.21 pyc 3.12.10-r0 - - 10
3.21 git 2.47.2-r0 libexpat,pcre2 /usr/bin/git=git 9000
3.21 libexpat 2.7.0-r0 - - 150
3.21 pcre2 10.43-r1 - - 600
3.21 less 668-r0 - /usr/bin/less=less 400
3.21 net-tools 2.10-r3 - /sbin/ifconfig=ifconfig,/bin/netstat=netstat,/sbin/route=route,/sbin/arp=arp 500
3.21 iputils-ping 20240905-r0 libcap2 /bin/ping=ping 130
3.21 libcap2 2.76-r0 - - 30
3.21 vim 9.1.1105-r0 xxd,vim-common /usr/bin/vim=vim,/usr/bin/vi=vim 3900
3.21 xxd 9.1.1105-r0 - /usr/bin/xxd=xxd 20
3.21 vim-common 9.1.1105-r0 - - 17000
3.21 nano 8.2-r0 libmagic,ncurses-terminfo-base,libncursesw /usr/bin/nano=nano 600
3.21 libmagic 5.46-r2 - - 8000
3.21 wget 1.25.0-r0 libunistring,libidn2,pcre2 /usr/bin/wget=wget 500
3.21 procps-ng 4.0.4-r2 libproc2,libintl,ncurses-terminfo-base,libncursesw /bin/ps=ps,/usr/bin/top=top,/usr/bin/free=free 500
3.21 libproc2 4.0.4-r2 - - 100
3.21 libintl 0.24.1-r0 - - 60
3.21 htop 3.3.0-r0 ncurses-terminfo-base,libncursesw /usr/bin/htop=htop 300
3.21 jq 1.7.1-r0 oniguruma /usr/bin/jq=jq 800
3.21 oniguruma 6.9.10-r0 - - 600
3.21 tree 2.2.1-r0 - /usr/bin/tree=tree 100
3.22 figlet 2.2.5-r3 - /usr/bin/figlet=figlet 200
3.22 nodejs 22.16.0-r2 ada-libs,brotli-libs,c-ares,icu-libs,icu-data-en,libbase64,libgcc,libstdc++,nghttp2-libs,simdjson,simdutf /usr/bin/node=node 45000
3.22 npm 11.3.0-r0 nodejs /usr/bin/npm=npm 9000
3.22 ada-libs 2.9.2-r3 - - 600
3.22 icu-libs 76.1-r0 icu-data-en - 2500
3.22 icu-data-en 76.1-r0 - - 900
3.22 libbase64 0.5.2-r0 - - 100
3.22 libgcc 14.2.0-r6 - - 150
3.22 libstdc++ 14.2.0-r6 libgcc - 2500
3.22 simdjson 3.12.3-r0 - - 600
3.22 simdutf 6.4.0-r0 - - 1100
3.21 figlet 2.2.5-r3 - /usr/bin/figlet=figlet 200
3.21 nodejs 22.15.1-r0 ada-libs,brotli-libs,c-ares,icu-libs,icu-data-en,libbase64,libgcc,libstdc++,nghttp2-libs,simdjson,simdutf /usr/bin/node=node 45000
3.21 npm 10.9.1-r0 nodejs /usr/bin/npm=npm 9000
3.21 ada-libs 2.9.2-r3 - - 600
3.21 icu-libs 76.1-r0 icu-data-en - 2500
3.21 icu-data-en 76.1-r0 - - 900
3.21 libbase64 0.5.2-r0 - - 100
3.21 libgcc 14.2.0-r6 - - 150
3.21 libstdc++ 14.2.0-r6 libgcc - 2500
3.21 simdjson 3.12.3-r0 - - 600
3.21 simdutf 6.4.0-r0 - - 1100
"""


@cache
def apt_packages() -> dict[str, dict[str, tuple[str, list[str], dict[str, str]]]]:
    """release -> package -> (version, dependencies, {program path: stand-in})."""
    found: dict[str, dict[str, tuple[str, list[str], dict[str, str]]]] = {}
    for line in _APT.strip().splitlines():
        release, name, version, deps, progs = line.split(" ")
        found.setdefault(release, {})[name] = (version, _list(deps), _programs(progs))
    return found


@cache
def apk_packages() -> dict[str, dict[str, tuple[str, list[str], dict[str, str], int]]]:
    """Alpine branch (3.22) -> package -> (version, dependencies, programs, KiB)."""
    found: dict[str, dict[str, tuple[str, list[str], dict[str, str], int]]] = {}
    for line in _APK.strip().splitlines():
        release, name, version, deps, progs, kib = line.split(" ")
        found.setdefault(release, {})[name] = (version, _list(deps), _programs(progs), int(kib))
    return found


_SUDOERS_DEBIAN = """# /etc/sudoers (stand-in: the rules of the packaged file)
Defaults\tenv_reset
Defaults\tmail_badpass
Defaults\tsecure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
root\tALL=(ALL:ALL) ALL
%sudo\tALL=(ALL:ALL) ALL
@includedir /etc/sudoers.d
"""
_SUDOERS_ALPINE = """# /etc/sudoers (stand-in: the rules of the packaged file)
root ALL=(ALL:ALL) ALL
# %wheel ALL=(ALL:ALL) ALL
@includedir /etc/sudoers.d
"""
#: files a package writes besides its programs: package -> {path: (text, mode)}, for apt
#: (Debian, Ubuntu) and apk (Alpine)
APT_FILES: dict[str, dict[str, tuple[str, int]]] = {
    "sudo": {
        "/etc/sudoers": (_SUDOERS_DEBIAN, 0o440),
        "/etc/sudoers.d/README": ("# (stand-in)\n", 0o440),
    },
}
APK_FILES: dict[str, dict[str, tuple[str, int]]] = {
    "sudo": {"/etc/sudoers": (_SUDOERS_ALPINE, 0o440), "/etc/sudoers.d/.keep": ("", 0o644)},
}


#: what `apk add NAME` installs when NAME is another package's alias (`provides`)
APK_PROVIDES = {"procps": "procps-ng", "iputils": "iputils-ping"}


def _list(text: str) -> list[str]:
    return [] if text == "-" else text.split(",")


def _programs(text: str) -> dict[str, str]:
    if text == "-":
        return {}
    return dict(item.split("=", 1) for item in text.split(","))


def write_files(
    fs: CowFS, mtimes: dict[str, float], now: float, files: dict[str, tuple[str, int]]
) -> None:
    """Write a package's files (APT_FILES, APK_FILES) into a container's filesystem."""
    for path, (text, mode) in files.items():
        fs.mkdir(path.rsplit("/", 1)[0], parents=True)
        fs.write(path, text.encode(), mode=mode)
        mtimes[path] = now
