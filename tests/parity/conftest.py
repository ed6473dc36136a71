"""Fixtures the differential tests share: a simulated engine with busybox pulled, copied fresh
for each test."""

from __future__ import annotations

import pytest

from dockersim.engine import Engine
from dockersim.testing.parity import SimBackend


@pytest.fixture(scope="module")
def template() -> Engine:
    engine = Engine()
    assert engine.docker("pull busybox").exit_code == 0
    return engine


@pytest.fixture
def sim(template: Engine) -> SimBackend:
    return SimBackend(Engine.from_json(template.to_json(), catalog=template.catalog))
