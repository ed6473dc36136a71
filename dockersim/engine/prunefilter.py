"""The `filters` of the prune endpoints (moby daemon/prune.go, volumes/service.go): which keys
each accepts, `until` read as moby's timestamp.GetTimestamp reads it, and the label tests
(filters.Args.MatchKVList)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import attrs

from dockersim.engine import errors

#: the keys each prune endpoint accepts (moby: containersAcceptedFilters, the network prune
#: filter, volumes' acceptedPruneFilters with `all` from API 1.42, image_prune.go)
ACCEPTED = {
    "container": ("label", "label!", "until"),
    "network": ("label", "label!", "until"),
    "volume": ("all", "label", "label!"),
    "image": ("dangling", "label", "label!", "until"),
}

_GO_DURATION = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h)")
_UNIT = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "ms": 1e-3, "s": 1, "m": 60, "h": 3600}


@attrs.frozen
class PruneFilter:
    """What a prune keeps: `until` (epoch seconds; None: no bound) and the label specs."""

    until: float | None = None
    labels: tuple[str, ...] = ()
    not_labels: tuple[str, ...] = ()

    @classmethod
    def parse(
        cls, kind: str, filters: Mapping[str, Sequence[str]] | None, now: float
    ) -> PruneFilter:
        """Check the keys (`invalid filter 'KEY'`) and read `until`; raises the daemon's
        InvalidParameter errors."""
        filters = dict(filters or {})
        for key in filters:
            if key not in ACCEPTED[kind]:
                raise errors.invalid_filter(key)
        until = None
        if "until" in filters:
            values = filters["until"]
            if len(values) > 1:
                raise errors.too_many_until()
            until = until_epoch(values[0], now)
        return cls(until, tuple(filters.get("label", ())), tuple(filters.get("label!", ())))

    def keeps(self, created: float, labels: Mapping[str, str]) -> bool:
        """True when the object is outside the filter (created after `until`, or its labels
        do not match): the prune leaves it."""
        if self.until is not None and created > self.until:
            return True
        if not match_kv_list(self.labels, labels):
            return True
        return bool(self.not_labels) and match_kv_list(self.not_labels, labels)


def match_kv_list(specs: Sequence[str], labels: Mapping[str, str]) -> bool:
    """filters.Args.MatchKVList: every `key` or `key=value` spec is in `labels` (no specs:
    true)."""
    if not specs:
        return True
    if not labels:
        return False
    for spec in specs:
        key, sep, value = spec.partition("=")
        if key not in labels or (sep and labels[key] != value):
            return False
    return True


def until_epoch(value: str, now: float) -> float:
    """timestamp.GetTimestamp: a Go duration before now (`24h`, `1h30m`), an RFC 3339 time or
    date (UTC when it names no zone: the daemon's zone here), or a Unix time."""
    if value != "0" and re.fullmatch(f"[+-]?(?:{_GO_DURATION.pattern})+|[+-]?0", value):
        sign = -1 if value.startswith("-") else 1
        seconds = sum(
            float(m.group(0).rstrip("nuµmsh")) * _UNIT[re.sub(r"[\d.]", "", m.group(0))]
            for m in _GO_DURATION.finditer(value)
        )
        return now - sign * seconds
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.timestamp()
    except ValueError:
        pass
    if "-" not in value and re.fullmatch(r"\d+(?:\.\d{1,9})?", value):
        return float(value)
    raise errors.bad_prune_time(value)
