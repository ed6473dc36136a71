"""Which events a `filters` argument keeps: the daemon's one rule (moby daemon/events/filter.go
`Filter.Include`), for the API's `GET /events` and `docker events --filter` alike.

Every key must match (AND); a key's values are alternatives (OR); a key not given keeps all.
- `event`: the action exactly, or as a prefix when one of the values is `health_status`,
  `exec_create` or `exec_start` (#25798: `health_status` keeps `health_status: healthy`);
- `type`, `scope`: exactly;
- `container`, `network`, `volume`, `daemon`, `plugin`, `service`, `node`, `secret`, `config`:
  the actor's ID or its `name` attribute, each as a prefix (filters.Args.FuzzyMatch), whatever
  the event's type (so `container=web` keeps only events whose actor is that container);
- `image`: exactly, the actor's ID or its image name (`image` attribute of a container event,
  `name` of an image event), each also without its tag (reference.FamiliarName);
- `label`: every `key` or `key=value` among the actor's attributes (filters.Args.MatchKVList).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from dockersim.engine.world import Event
from dockersim.model.reference import InvalidReference, parse_reference

#: #25798: with one of these among the `event` values, each value matches as a prefix
FUZZY_EVENTS = frozenset({"health_status", "exec_create", "exec_start"})
#: keys matched against the actor's ID or name, as prefixes
BY_NAME = (
    "daemon", "container", "plugin", "volume", "network", "service", "node", "secret", "config",
)  # fmt: skip


#: what tells one logged event from another (two containers joining one network at the same
#: virtual instant differ only in their `container` attribute)
EventKey = tuple[float, str, str, str, tuple[tuple[str, str], ...]]


def event_key(event: Event) -> EventKey:
    """The event's identity in the log, for a stream that sends each event once."""
    return (event.time, event.type, event.action, event.actor, tuple(event.attributes.items()))


def _exact(values: Sequence[str], source: str) -> bool:
    return not values or source in values


def _fuzzy(values: Sequence[str], source: str) -> bool:
    return not values or any(source.startswith(value) for value in values)


def _without_tag(image: str) -> str:
    try:
        return parse_reference(image).familiar_name
    except InvalidReference:
        return image


def include(event: Event, filters: Mapping[str, Sequence[str]]) -> bool:
    """Whether `filters` (key -> values) keep `event`."""
    if not filters:
        return True
    actions = filters.get("event", ())
    if not (_fuzzy if FUZZY_EVENTS.intersection(actions) else _exact)(actions, event.action):
        return False
    if not _exact(filters.get("type", ()), event.type):
        return False
    if not _exact(filters.get("scope", ()), "local"):
        return False
    name = event.attributes.get("name", "")
    for key in BY_NAME:
        values = filters.get(key, ())
        if values and not (_fuzzy(values, event.actor) or _fuzzy(values, name)):
            return False
    images = filters.get("image", ())
    if images:
        image = event.attributes.get("name" if event.type == "image" else "image", "")
        candidates = (event.actor, image, _without_tag(event.actor), _without_tag(image))
        if not any(candidate in images for candidate in candidates):
            return False
    for wanted in filters.get("label", ()):
        key, has_value, value = wanted.partition("=")
        if key not in event.attributes or (has_value and event.attributes[key] != value):
            return False
    return True
