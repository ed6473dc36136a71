"""When each container's process next does something by itself: a min-heap with lazy deletion.

A container's process exits at `Container.exit_at` and a restarting one starts again at
`Container.restart_at`. Setting either pushes `(when, order, id)` here (the fields' `on_setattr`
hook), so the engine finds the next due event without looking at every container. Entries are
never removed when a time changes: the reader checks each popped entry against the container's
current fields and drops the stale ones. `order` is the container's insertion order in its
table, so two events due at the same instant come out in the order the containers were made,
as a scan of the table in insertion order would give them.
"""

from __future__ import annotations

import heapq
import itertools


class TimerQueue:
    """Pending `(when, order, container id)` entries; stale ones are dropped by the reader."""

    __slots__ = ("_heap", "_next", "_order")

    def __init__(self) -> None:
        self._heap: list[tuple[float, int, str]] = []
        self._order: dict[str, int] = {}
        self._next = itertools.count()

    def enroll(self, container_id: str) -> None:
        """Give a container its place in the tie-break order (once, when it joins the table)."""
        if container_id not in self._order:
            self._order[container_id] = next(self._next)

    def forget(self, container_id: str) -> None:
        self._order.pop(container_id, None)

    def push(self, when: float, container_id: str) -> None:
        order = self._order.get(container_id)
        if order is not None:
            heapq.heappush(self._heap, (when, order, container_id))

    def __len__(self) -> int:
        """Entries waiting, stale ones included (0: nothing can be due)."""
        return len(self._heap)

    def peek(self) -> tuple[float, str] | None:
        if not self._heap:
            return None
        when, _, container_id = self._heap[0]
        return when, container_id

    def pop(self) -> None:
        heapq.heappop(self._heap)
