"""What one docker command line produced: exactly the docker CLI's stdout, stderr and status."""

from __future__ import annotations

import attrs


@attrs.frozen
class Result:
    exit_code: int
    stdout: str
    stderr: str
    #: binary stdout (`docker save` without -o); when set, `stdout` is empty and the CLI
    #: writes these bytes instead
    stdout_bytes: bytes | None = None

    @property
    def ok(self) -> bool:
        return self.exit_code == 0
