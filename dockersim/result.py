"""What one docker command line produced: exactly the docker CLI's stdout, stderr and status."""

from __future__ import annotations

import attrs


@attrs.frozen
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0
