"""Small pieces of BuildKit's display and export: step prefixes, names, history times."""

from __future__ import annotations

import attrs

from dockersim.build.plan import StagePlan
from dockersim.model.image import HistoryEntry


def meta_run_text(args: list[str], build_args: list[tuple[str, str]]) -> str:
    from dockersim.build.image_state import run_with_args

    return run_with_args(args, build_args)


def normalize_history(history: list[HistoryEntry]) -> list[HistoryEntry]:
    """moby exporter normalizeLayersAndHistory: every entry gets a time.

    Entries without one take the first new layer's time before any layer was made, and the
    previous layer's time after.
    """
    created = ""
    seen_empty = False
    for entry in history:
        if entry.created:
            created = entry.created
            if seen_empty:
                break
        else:
            seen_empty = True
    out: list[HistoryEntry] = []
    seen_empty = False
    for entry in history:
        if entry.created:
            if seen_empty:
                created = entry.created
            out.append(entry)
        else:
            seen_empty = True
            out.append(attrs.evolve(entry, created=created))
    return out


class Prefix:
    """prefixCommand: `[name  i/n] ` with the index padded to the width of n."""

    def __init__(self, plan: StagePlan) -> None:
        self.plan = plan
        self.index = 0

    def next(self) -> str:
        total = self.plan.total
        if total == 0:
            return ""
        self.index += 1
        width = len(str(total))
        out = "["
        if self.plan.display:
            out += self.plan.display + " "
        return out + f"{self.index:>{width}}/{total}] "


def upper_command(text: str) -> str:
    head, sep, rest = text.partition(" ")
    return head.upper() + sep + rest


def summarize(data: str) -> str:
    lines = data.strip("\n").split("\n")
    first = lines[0] if lines else ""
    return first + ("..." if len(lines) > 1 else "")


def iso(when: float) -> str:
    from dockersim.build.backend import rfc3339

    return rfc3339(when) if when else ""


def normalized_name(name: str) -> str:
    from dockersim.model.reference import InvalidReference, parse_reference

    try:
        return parse_reference(name).with_default_tag().normalized
    except InvalidReference:
        return name
