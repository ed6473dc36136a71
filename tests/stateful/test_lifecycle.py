"""A whole simulated host against its reference model, over random docker command sequences.

The machine and the model live in dockersim.testing (stateful.py, reference.py). In CI this runs
in well under 30 s; `FUZZ_SCALE=10 pytest tests/stateful` runs ten times the examples.
"""

import os

from hypothesis import HealthCheck, settings

from dockersim.engine import Engine
from dockersim.model.reference import parse_reference
from dockersim.testing.stateful import LifecycleMachine

SCALE = int(os.environ.get("FUZZ_SCALE", "1") or 1)

_TEMPLATE = Engine()
_TEMPLATE.image_pull(parse_reference("busybox:latest"))
_STATE = _TEMPLATE.to_json()


def _engine() -> Engine:
    return Engine.from_json(_STATE, catalog=_TEMPLATE.catalog)


class Lifecycle(LifecycleMachine):
    engine_factory = staticmethod(_engine)


Lifecycle.TestCase.settings = settings(
    max_examples=100 * SCALE,
    stateful_step_count=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestLifecycle = Lifecycle.TestCase
