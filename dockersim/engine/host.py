"""The simulated host: its own filesystem and shell, where `curl http://localhost:8080` runs.

The host is an Ubuntu 24.04 machine named `dockersim` with a user's home in `/home/student`.
Its files are simulated like a container's (a writable layer over a small base tree) and are
never the real machine's: scenarios and the CLI seed and read them, and bind mounts use them.
It is also the docker client's machine (`simulated_machine()`) unless the engine is given the
real one (the interactive CLI): then `docker cp`, build contexts and `save -o` use it too.
"""

from __future__ import annotations

import functools

from dockersim.engine._base import EngineBase
from dockersim.model.cowfs import CowFS
from dockersim.model.fs import IMAGE_FILE_AGE, FileEntry, Tree, changeset, union
from dockersim.model.machine import SimulatedMachine
from dockersim.result import Result

HOST_NAME = "dockersim"
HOST_HOME = "/home/student"
HOST_PROGRAMS = (
    "bash", "cat", "cp", "curl", "cut", "date", "dirname", "basename", "echo", "env", "false",
    "find", "grep", "head", "hostname", "id", "ln", "ls", "mkdir", "mv", "nc", "ping", "printf",
    "ps", "pwd", "rm", "rmdir", "sed", "sh", "sleep", "sort", "stat", "tail", "tee", "touch",
    "tr", "true", "uname", "uniq", "wc", "wget", "which", "whoami", "xargs", "getent",
    "nslookup", "ip", "awk", "dash", "tar", "gzip", "python3", "chmod", "readlink", "realpath",
)  # fmt: skip
HOST_ENV = {
    "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME": HOST_HOME,
    "USER": "student",
    "HOSTNAME": HOST_NAME,
    "LANG": "C.UTF-8",
}


@functools.cache
def host_base() -> Tree:
    entries = [
        FileEntry.symlink("/bin", "usr/bin"),
        FileEntry.symlink("/sbin", "usr/sbin"),
        FileEntry.symlink("/lib", "usr/lib"),
        FileEntry.directory("/tmp", 0o1777),
        FileEntry.directory("/root", 0o700),
        FileEntry.directory(HOST_HOME, 0o750, 1000, 1000),
        FileEntry.file("/etc/hostname", f"{HOST_NAME}\n"),
        FileEntry.file(
            "/etc/os-release",
            'PRETTY_NAME="Ubuntu 24.04.2 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\n'
            'VERSION="24.04.2 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\n'
            "ID_LIKE=debian\n",
        ),
        FileEntry.file(
            "/etc/passwd",
            f"root:x:0:0:root:/root:/bin/bash\nstudent:x:1000:1000:Student:{HOST_HOME}:/bin/bash\n",
        ),
        FileEntry.file("/etc/group", "root:x:0:\nstudent:x:1000:\n"),
        FileEntry.symlink("/usr/bin/sh", "dash"),
    ]
    entries += [FileEntry.program(f"/usr/bin/{name}", name, "x86_64") for name in HOST_PROGRAMS]
    entries = [e for e in entries if e.path != "/usr/bin/sh"] + [
        FileEntry.symlink("/usr/bin/sh", "dash")
    ]
    return union([changeset(entries)])


class HostOps(EngineBase):
    _host: CowFS | None

    def host_fs(self) -> CowFS:
        fs = self.__dict__.get("_host")
        if fs is None:
            fs = CowFS(host_base())
            fs.upper = self.world.host_upper
            fs.opaque = self.world.host_opaque
            fs.quota = self.quota
            self.__dict__["_host"] = fs
        return fs

    def simulated_machine(self) -> SimulatedMachine:
        """This host as the docker client's machine: its files, as user `student` in
        /home/student, and its shell's environment; nothing of the real machine."""
        return SimulatedMachine(
            self.host_fs,
            HOST_ENV,
            HOST_HOME,
            HOST_HOME,
            lambda: self.world.host_mtimes,
            lambda: self.now,
            (1000, 1000),
        )

    def host_write(self, path: str, text: str | bytes) -> None:
        """Seed a host file (parents created): scenarios' `files:` and tests use this."""
        fs = self.host_fs()
        owner = 1000 if path.startswith(HOST_HOME + "/") else 0
        current = ""
        for part in path.strip("/").split("/")[:-1]:
            current += "/" + part
            if fs.get(current) is None:
                fs.put(FileEntry.directory(current, 0o755, owner, owner))
                self.world.host_mtimes[current] = self.now
        data = text.encode() if isinstance(text, str) else text
        fs.put(FileEntry.file(path, data, 0o644, owner, owner))
        self.world.host_mtimes[path] = self.now
        self._files_changed([path])

    def _files_changed(self, paths: list[str]) -> None:
        """Host files changed: a program watching them through a bind mount (nodemon) is
        told when it will notice."""
        if paths and self.world.containers:
            from dockersim.engine.programs.nodemon_watch import schedule

            schedule(self.engine, paths)

    def host(self, command_line: str, stdin: str = "") -> Result:
        """Run a shell command line on the simulated host (bash, as user `student`)."""
        from dockersim.engine.programs import userland_programs
        from dockersim.model.permfs import as_user, supplementary_groups
        from dockersim.model.userland import Proc, Session

        host_fs = self.host_fs()
        proc = Proc(
            programs=userland_programs(),
            # student's shell: permissions checked, what it creates is student's
            fs=as_user(host_fs, 1000, 1000, supplementary_groups(host_fs, "student")),
            env={**HOST_ENV, "HOSTNAME": self.world.node_name},
            cwd=HOST_HOME,
            uid=1000,
            gid=1000,
            user="student",
            hostname=self.world.node_name,  # node2 for `dockersim host -H node2`
            now=self.now,
            stdin=stdin,
            pid=self.engine.new_pid(),
            mtimes=self.world.host_mtimes,
            image_time=self.now - IMAGE_FILE_AGE,
            net=self.engine.net_view(None),
        )
        start = self.now
        timeline = Session(proc, "bash").run_line(command_line)
        self._files_changed([p for p, t in self.world.host_mtimes.items() if t >= start])
        if timeline.duration:
            self.engine.settle(self.now + timeline.duration)
        return Result(
            timeline.exit_code if timeline.exit_code is not None else 130,
            timeline.stdout,
            timeline.stderr,
            chunks=tuple((item.stream, item.text) for item in timeline.outputs),
        )
