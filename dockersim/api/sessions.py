"""What attached clients type, handed to the container's start.

The engine runs a container's whole input at start (`container_start(stdin=...)`), while the
docker CLI attaches first, then starts, then copies its stdin into the attach socket until
EOF (engine-api.md §3.2). So a start waits for the input of every client attached to the
container's stdin, until that client closes its side (or goes away).
"""

from __future__ import annotations

import threading


class AttachInput:
    """One attached client's stdin, collected until it closes its side."""

    def __init__(self, container_id: str) -> None:
        self.container_id = container_id
        self.data = bytearray()
        self.done = threading.Event()
        #: a client at a terminal (a TTY and stdin): the start opens the container's program
        #: live and this client types into it as it runs (handlers/terminal.py)
        self.live = False


class Sessions:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._inputs: dict[str, list[AttachInput]] = {}

    def add(self, container_id: str) -> AttachInput:
        session = AttachInput(container_id)
        with self._lock:
            self._inputs.setdefault(container_id, []).append(session)
        return session

    def remove(self, session: AttachInput) -> None:
        with self._lock:
            sessions = self._inputs.get(session.container_id, [])
            if session in sessions:
                sessions.remove(session)
            if not sessions:
                self._inputs.pop(session.container_id, None)

    def pending(self, container_id: str) -> list[AttachInput]:
        with self._lock:
            return list(self._inputs.get(container_id, []))

    def take_input(self, container_id: str, stop: threading.Event) -> str | None:
        """What the attached clients typed, once each has closed its input (None: nobody
        is attached to the container's stdin, or a client at a terminal types into the
        program as it runs)."""
        sessions = self.pending(container_id)
        if not sessions or any(session.live for session in sessions):
            return None
        for session in sessions:
            while not session.done.wait(0.1):
                if stop.is_set():
                    break
        return "".join(bytes(s.data).decode("utf-8", "replace") for s in sessions)
