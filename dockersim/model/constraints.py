"""Placement constraints (swarmkit manager/constraint/constraint.go): `key==value` or
`key!=value`, keys `node.id`, `node.hostname`, `node.role`, `node.platform.os`,
`node.platform.arch`, `node.labels.<k>`; values compared without regard to case."""

from __future__ import annotations

import re
from typing import Any

_KEY = re.compile(r"^[a-z_][a-z0-9\-_.]+$", re.IGNORECASE)
_VALUE = re.compile(r"^[a-z0-9:\-_\s.*()?+\[\]\\^$|/]+$", re.IGNORECASE)
OPERATORS = ("==", "!=")


class InvalidConstraint(ValueError):
    """constraint.Parse's error text."""


def parse(text: str) -> tuple[str, str, str]:
    """`key op value` -> (key, op, value); grammar: key `[a-z_][a-z0-9-_.]+`, op `==` or
    `!=` (the first found in that order), value without operators."""
    for op in OPERATORS:
        if op not in text:
            continue
        left, _, right = text.partition(op)
        key, value = left.strip(), right.strip()
        if not _KEY.match(key):
            raise InvalidConstraint(f"key '{key}' is invalid")
        if not _VALUE.match(value):
            raise InvalidConstraint(f"value '{value}' is invalid")
        return key, op, value
    raise InvalidConstraint("constraint expected one operator from ==, !=")


def matches(constraints: tuple[str, ...], node: dict[str, Any]) -> bool:
    """constraint.NodeMatches for a node as the swarm state keeps it."""
    for text in constraints:
        key, op, value = parse(text)
        lowered = key.lower()
        labels = dict(node.get("labels", {}))
        whats: list[str]
        if lowered == "node.id":
            whats = [str(node.get("id", ""))]
        elif lowered == "node.hostname":
            whats = [str(node.get("hostname", ""))]
        elif lowered == "node.role":
            whats = [str(node.get("role", ""))]
        elif lowered == "node.platform.os":
            whats = ["linux"]
        elif lowered == "node.platform.arch":
            whats = ["x86_64", "amd64"]
        elif lowered.startswith("node.labels.") and len(key) > len("node.labels."):
            label = key[len("node.labels.") :]
            if label not in labels:
                if op == "==":
                    return False
                continue
            whats = [labels[label]]
        else:  # engine labels and unknown keys: no match (engine labels are not modelled)
            if op == "==":
                return False
            continue
        found = any(value.lower() == what.lower() for what in whats)
        if found != (op == "=="):
            return False
    return True
