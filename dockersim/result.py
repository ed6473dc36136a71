"""What one docker command line produced: exactly the docker CLI's stdout, stderr and status."""

from __future__ import annotations

from typing import Any, TextIO

import attrs


@attrs.frozen
class Result:
    exit_code: int
    stdout: str
    stderr: str
    #: binary stdout (`docker save` without -o); when set, `stdout` is empty and the CLI
    #: writes these bytes instead
    stdout_bytes: bytes | None = None
    #: stdout and stderr as written, in order: ("stdout" | "stderr", text) pieces, so a
    #: terminal (or `2>&1`) sees them interleaved as the real CLI writes them
    chunks: tuple[tuple[str, str], ...] = ()
    #: at a real terminal, what the command keeps doing once it has answered (a live
    #: session: dockersim/docker/live.py `Follow`); None everywhere else
    follow: Any = attrs.field(default=None, eq=False, repr=False)
    #: the command only read the world (`ps`, `images`, `inspect`, help, a usage error), so
    #: the CLI does not save it: whatever it settled (exits that came due) the next command
    #: settles again to the same world, from the same saved file
    read_only: bool = attrs.field(default=False, eq=False, repr=False)

    def write_to(self, out: TextIO, err: TextIO) -> None:
        """Write both streams in the order they were produced (binary stdout excepted)."""
        if not (self.stdout and self.stderr) or not self.chunks:
            out.write(self.stdout)
            out.flush()
            err.write(self.stderr)
            return
        for stream, text in self.chunks:
            target = out if stream == "stdout" else err
            target.write(text)
            target.flush()

    @property
    def ok(self) -> bool:
        return self.exit_code == 0
