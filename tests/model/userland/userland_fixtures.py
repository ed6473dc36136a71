"""Small container filesystems for the userland tests: debian-like, ubuntu-like, alpine-like."""

from __future__ import annotations

from dockersim.model.cowfs import CowFS
from dockersim.model.fs import FileEntry, changeset, union
from dockersim.model.userland import Proc, Timeline

IMAGE_TIME = 1747699200.0  # 2025-05-20T00:00:00Z
NOW = 1749988800.0  # 2025-06-15T12:00:00Z
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

COREUTILS = [
    "[",
    "basename",
    "cat",
    "chmod",
    "cp",
    "cut",
    "date",
    "df",
    "dirname",
    "echo",
    "env",
    "false",
    "head",
    "hostname",
    "id",
    "ln",
    "ls",
    "mkdir",
    "mv",
    "nproc",
    "printenv",
    "printf",
    "pwd",
    "readlink",
    "realpath",
    "rm",
    "rmdir",
    "seq",
    "sleep",
    "sort",
    "stat",
    "tail",
    "tee",
    "test",
    "touch",
    "tr",
    "true",
    "uname",
    "uniq",
    "wc",
    "whoami",
    "yes",
]
OTHER = ["bash", "dash", "grep", "sed", "find", "xargs", "mawk", "which", "apt-get", "apt", "dpkg"]

DEBIAN_PASSWD = (
    "root:x:0:0:root:/root:/bin/bash\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
)
DEBIAN_GROUP = "root:x:0:\ndaemon:x:1:\nnogroup:x:65534:\n"
OS_RELEASE_DEBIAN = (
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
    'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n'
)
OS_RELEASE_UBUNTU = (
    'PRETTY_NAME="Ubuntu 24.04.2 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\n'
    "VERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\n"
)
ALPINE_APPLETS = [
    "[",
    "ash",
    "basename",
    "cat",
    "chmod",
    "cp",
    "cut",
    "date",
    "df",
    "dirname",
    "echo",
    "env",
    "false",
    "find",
    "free",
    "grep",
    "head",
    "hostname",
    "id",
    "kill",
    "ln",
    "ls",
    "mkdir",
    "mv",
    "nproc",
    "printenv",
    "printf",
    "ps",
    "pwd",
    "rm",
    "rmdir",
    "sed",
    "seq",
    "sh",
    "sleep",
    "sort",
    "stat",
    "tail",
    "tee",
    "test",
    "top",
    "touch",
    "tr",
    "true",
    "uname",
    "uniq",
    "wc",
    "which",
    "whoami",
    "xargs",
    "yes",
]
ALPINE_GROUP = (
    "root:x:0:root\nbin:x:1:root,bin,daemon\ndaemon:x:2:root,bin,daemon\nwheel:x:10:root\n"
)


def debian_tree(os_release: str = OS_RELEASE_DEBIAN, extra: tuple[FileEntry, ...] = ()) -> CowFS:
    entries = [
        FileEntry.symlink("/bin", "usr/bin"),
        FileEntry.symlink("/sbin", "usr/sbin"),
        FileEntry.directory("/usr/sbin"),
        FileEntry.directory("/usr/local/bin"),
        FileEntry.directory("/tmp", 0o1777),
        FileEntry.directory("/root", 0o700),
        FileEntry.directory("/var/lib/apt/lists/partial"),
        FileEntry.directory("/home"),
        FileEntry.file("/etc/passwd", DEBIAN_PASSWD),
        FileEntry.file("/etc/group", DEBIAN_GROUP),
        FileEntry.file("/etc/hostname", "abc\n"),
        FileEntry.file("/etc/os-release", os_release),
        FileEntry.symlink("/usr/bin/sh", "dash"),
        FileEntry.symlink("/usr/bin/awk", "/etc/alternatives/awk"),
        FileEntry.symlink("/etc/alternatives/awk", "/usr/bin/mawk"),
        *[FileEntry.program(f"/usr/bin/{n}", n, "x86_64") for n in COREUTILS + OTHER],
        *extra,
    ]
    return CowFS(union([changeset(entries)]))


def alpine_tree() -> CowFS:
    entries = [
        FileEntry.program("/bin/busybox", "busybox", "x86_64"),
        *[FileEntry.symlink(f"/bin/{n}", "/bin/busybox") for n in ALPINE_APPLETS],
        FileEntry.program("/sbin/apk", "apk", "x86_64"),
        FileEntry.directory("/tmp", 0o1777),
        FileEntry.directory("/root", 0o700),
        FileEntry.directory("/usr/bin"),
        FileEntry.file(
            "/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\n"
        ),
        FileEntry.file("/etc/group", ALPINE_GROUP),
        FileEntry.file("/etc/alpine-release", "3.22.0\n"),
        FileEntry.file("/etc/os-release", 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.22.0\n'),
    ]
    return CowFS(union([changeset(entries)]))


def proc(fs: CowFS, **kw: object) -> Proc:
    env = {"PATH": PATH, "HOSTNAME": "abc123", "HOME": "/root"}
    env.update(kw.pop("env", {}))  # type: ignore[arg-type]
    return Proc(fs, env, hostname="abc123", now=NOW, image_time=IMAGE_TIME, **kw)  # type: ignore[arg-type]


def out(t: Timeline) -> tuple[str, str, int | None]:
    return t.stdout, t.stderr, t.exit_code
