"""The container lifecycle against its reference table, over random command sequences."""

from hypothesis import HealthCheck, settings

from dockersim.engine import Engine
from dockersim.model.reference import parse_reference
from dockersim.testing.stateful import LifecycleMachine

_TEMPLATE = Engine()
_TEMPLATE.image_pull(parse_reference("busybox:latest"))
_STATE = _TEMPLATE.to_json()


def _engine() -> Engine:
    return Engine.from_json(_STATE, catalog=_TEMPLATE.catalog)


class Lifecycle(LifecycleMachine):
    engine_factory = staticmethod(_engine)


Lifecycle.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestLifecycle = Lifecycle.TestCase
