"""The names CPython 3.12's standard modules define, to tell a name pyeval does not simulate
(said so) from a typo (CPython's AttributeError, with its "Did you mean").

The pure modules are the host's own (their `dir()`); the modules that reach the machine (os,
sys, time, pathlib, platform, socket) are never imported here, so their public names are
listed (CPython 3.12's, the ones a program is likely to name; est. as a complete list).
"""

from __future__ import annotations

import collections
import datetime
import functools
import itertools
import json
import math
import posixpath
import random
import re
import string
import textwrap
from types import ModuleType

_PURE: dict[str, ModuleType] = {
    m.__name__: m
    for m in (collections, datetime, functools, itertools, json, math, posixpath, random, re,
              string, textwrap)
}  # fmt: skip

_LISTED = {
    "os": """DirEntry EX_OK F_OK O_APPEND O_CREAT O_RDONLY O_RDWR O_WRONLY R_OK W_OK X_OK
        abort access altsep chdir chmod chown chroot close cpu_count curdir defpath devnull
        dup dup2 environ environb error execl execle execlp execv execve execvp extsep
        fchmod fork fsencode fsdecode fspath fstat fsync get_terminal_size getcwd getcwdb
        getegid getenv getenvb geteuid getgid getgroups getloadavg getlogin getpgid getpgrp
        getpid getppid getuid isatty kill killpg linesep link listdir lseek lstat makedirs
        major minor mkdir mkfifo name nice open pardir path pathsep pipe popen putenv read
        readlink remove removedirs rename renames replace rmdir scandir sep setgid setuid
        stat symlink sync system times truncate umask uname unlink unsetenv urandom utime
        wait waitpid walk write""",
    "sys": """abiflags addaudithook api_version argv audit base_exec_prefix base_prefix
        breakpointhook builtin_module_names byteorder call_tracing copyright displayhook
        dont_write_bytecode exc_info excepthook exception exec_prefix executable exit flags
        float_info float_repr_style get_int_max_str_digits getallocatedblocks
        getdefaultencoding getfilesystemencoding getprofile getrecursionlimit getrefcount
        getsizeof getswitchinterval gettrace hash_info hexversion implementation int_info
        intern is_finalizing maxsize maxunicode meta_path modules orig_argv path path_hooks
        path_importer_cache platform platlibdir prefix ps1 ps2 pycache_prefix setprofile
        setrecursionlimit setswitchinterval settrace stderr stdin stdlib_module_names stdout
        thread_info unraisablehook version version_info warnoptions""",
    "time": """altzone asctime clock_getres clock_gettime clock_gettime_ns clock_settime
        ctime daylight get_clock_info gmtime localtime mktime monotonic monotonic_ns
        perf_counter perf_counter_ns process_time process_time_ns sleep strftime strptime
        struct_time thread_time thread_time_ns time time_ns timezone tzname tzset""",
    "pathlib": "Path PosixPath PurePath PurePosixPath PureWindowsPath WindowsPath",
    "platform": """architecture freedesktop_os_release java_ver libc_ver mac_ver machine node
        platform processor python_branch python_build python_compiler python_implementation
        python_revision python_version python_version_tuple release system system_alias
        uname uname_result version win32_ver""",
    "socket": """AF_INET AF_INET6 AF_UNIX SOCK_DGRAM SOCK_RAW SOCK_STREAM SOL_SOCKET
        SO_REUSEADDR create_connection create_server error fromfd gaierror getaddrinfo
        getdefaulttimeout getfqdn gethostbyaddr gethostbyname gethostbyname_ex gethostname
        getnameinfo getservbyname herror htonl htons if_nameindex inet_aton inet_ntoa
        inet_ntop inet_pton ntohl ntohs setdefaulttimeout socket socketpair timeout""",
}


def module_names(name: str) -> list[str]:
    """The names CPython's module `name` defines (sorted, as `dir()` gives them)."""
    if name in _PURE:
        return dir(_PURE[name])
    return sorted(_LISTED.get(name, "").split())
