"""When each container's process next does something by itself: a min-heap with lazy deletion.

A container's process exits at `Container.exit_at` and a restarting one starts again at
`Container.restart_at`. Setting either pushes `(when, order, id)` here (the fields' `on_setattr`
hook), so the engine finds the next due event without looking at every container. Entries are
never removed when a time changes: the reader checks each popped entry against the container's
current fields and drops the stale ones; when stale entries come to outnumber the live ones,
the queue drops them itself (`_compact`, with the table's own test of what is live), so its
size follows the containers, not the cycles they went through. `order` is the container's
insertion order in its table, so two events due at the same instant come out in the order the
containers were made, as a scan of the table in insertion order would give them.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable

#: entries beyond twice the enrolled containers that the heap may hold before it is compacted
COMPACT_SLACK = 64


class TimerQueue:
    """Pending `(when, order, container id)` entries; stale ones are dropped by the reader."""

    __slots__ = ("_heap", "_limit", "_live", "_next", "_order")

    def __init__(self, live: Callable[[float, str], bool] | None = None) -> None:
        """`live(when, container_id)`: whether an entry still holds its container's time
        (False only for an entry every reader would drop)."""
        self._heap: list[tuple[float, int, str]] = []
        self._order: dict[str, int] = {}
        self._next = itertools.count()
        self._live = live
        #: the heap's length past which it is compacted (amortised: it doubles with the heap)
        self._limit = COMPACT_SLACK

    def enroll(self, container_id: str) -> None:
        """Give a container its place in the tie-break order (once, when it joins the table)."""
        if container_id not in self._order:
            self._order[container_id] = next(self._next)

    def forget(self, container_id: str) -> None:
        self._order.pop(container_id, None)

    def push(self, when: float, container_id: str) -> None:
        order = self._order.get(container_id)
        if order is not None:
            heap = self._heap
            heapq.heappush(heap, (when, order, container_id))
            # (the second test: while containers join, as a world is read, nothing is stale)
            if len(heap) > self._limit and len(heap) > 2 * len(self._order) + COMPACT_SLACK:
                self._compact()

    def _compact(self) -> None:
        """Drop the stale entries a reader would drop when it met them: those of containers
        no longer enrolled (removed from the table) and those `live` says are no longer the
        container's time. A container made, started and removed before its exit is due
        leaves one behind, so without this the heap would grow with every such cycle."""
        order, live = self._order, self._live
        self._heap = [
            entry
            for entry in self._heap
            if entry[2] in order and (live is None or live(entry[0], entry[2]))
        ]
        heapq.heapify(self._heap)
        self._limit = 2 * max(len(self._heap), len(order)) + COMPACT_SLACK

    def __len__(self) -> int:
        """Entries waiting, stale ones included (0: nothing can be due)."""
        return len(self._heap)

    def first(self) -> float:
        """The earliest time waiting (stale entries included), or infinity."""
        heap = self._heap
        return heap[0][0] if heap else math.inf

    def peek(self) -> tuple[float, str] | None:
        if not self._heap:
            return None
        when, _, container_id = self._heap[0]
        return when, container_id

    def pop(self) -> None:
        heapq.heappop(self._heap)
