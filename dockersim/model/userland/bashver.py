"""Which bash an image has: $BASH_VERSION and `bash --version`.

The official bash image says its version in `_BASH_VERSION` (tianon/docker-bash builds it from
source); the distributions' bash comes with their release, read from /etc/os-release (their
bash package versions: Debian 12 5.2.15-2+b8, Ubuntu 24.04 5.2.21-2ubuntu4, 22.04 5.1-6ubuntu1
(5.1.16), 20.04 5.0-6ubuntu1.2 (5.0.17), Alpine 3.19-3.22 5.2.21/5.2.26/5.2.37, Oracle Linux 9
5.1.8, Fedora 42 and 41 5.2.37 (41 est.: it shipped 5.2.32 and updated), Amazon Linux 2023
5.2.15 and 2 4.2.46, whose $BASH_VERSION says build (2)). Red Hat family bash reports a
redhat-linux-gnu host; Amazon Linux's its own build hosts (amazon-linux-gnu on 2023,
koji-linux-gnu on 2). A bash of no known release has no version here, and
`bash --version` says so.
"""

from __future__ import annotations

from dockersim.model.cowfs import CowFS, FsError

#: (ID, VERSION_ID prefix) -> bash version of the release's package
_RELEASES: dict[tuple[str, str], str] = {
    ("debian", "12"): "5.2.15",
    ("debian", "11"): "5.1.4",
    ("ubuntu", "24.04"): "5.2.21",
    ("ubuntu", "22.04"): "5.1.16",
    ("ubuntu", "20.04"): "5.0.17",
    ("alpine", "3.22"): "5.2.37",
    ("alpine", "3.21"): "5.2.37",
    ("alpine", "3.20"): "5.2.26",
    ("alpine", "3.19"): "5.2.21",
    ("ol", "9"): "5.1.8",
    ("fedora", "42"): "5.2.37",
    ("fedora", "41"): "5.2.37",
    ("amzn", "2023"): "5.2.15",
    ("amzn", "2"): "4.2.46(2)",
}

#: (ID, VERSION_ID) -> the vendor part of the host triple bash was built for
_VENDORS: dict[tuple[str, str], str] = {("amzn", "2023"): "amazon", ("amzn", "2"): "koji"}

#: the copyright year `bash --version` prints, by major.minor
_YEARS = {"5.2": "2022", "5.1": "2020", "5.0": "2019", "4.4": "2016", "4.2": "2011"}


def _os_release(fs: CowFS) -> tuple[str, str]:
    try:
        text = fs.read("/etc/os-release").decode(errors="replace")
    except FsError:
        return ("", "")
    fields = {}
    for line in text.splitlines():
        key, _, value = line.partition("=")
        fields[key] = value.strip().strip('"')
    return (fields.get("ID", ""), fields.get("VERSION_ID", ""))


def bash_version(env: dict[str, str], fs: CowFS) -> str | None:
    """`5.2.37(1)-release`, or None for a bash of unknown version."""
    own = env.get("_BASH_VERSION")
    if own:
        return f"{own}(1)-release"
    distro, version = _os_release(fs)
    for (name, prefix), bash in _RELEASES.items():
        if distro == name and (version == prefix or version.startswith(prefix + ".")):
            return f"{bash}-release" if "(" in bash else f"{bash}(1)-release"
    return None


def host_vendor(fs: CowFS) -> str | None:
    """The vendor of bash's host triple when the release builds it under its own name."""
    return _VENDORS.get(_os_release(fs))


def version_text(
    version: str, arch: str, musl: bool, redhat: bool = False, vendor: str | None = None
) -> str:
    """What `bash --version` prints."""
    machine = "aarch64" if arch in ("aarch64", "arm64") else "x86_64"
    if vendor:
        host = f"{machine}-{vendor}-linux-gnu"
    elif redhat:
        host = f"{machine}-redhat-linux-gnu"
    elif musl:
        host = (
            f"{machine}-pc-linux-musl" if machine == "x86_64" else f"{machine}-unknown-linux-musl"
        )
    else:
        host = f"{machine}-pc-linux-gnu" if machine == "x86_64" else f"{machine}-unknown-linux-gnu"
    year = _YEARS.get(".".join(version.split(".")[:2]), "2022")
    return (
        f"GNU bash, version {version} ({host})\n"
        f"Copyright (C) {year} Free Software Foundation, Inc.\n"
        "License GPLv3+: GNU GPL version 3 or later <http://gnu.org/licenses/gpl.html>\n"
        "\n"
        "This is free software; you are free to change and redistribute it.\n"
        "There is NO WARRANTY, to the extent permitted by law.\n"
    )
