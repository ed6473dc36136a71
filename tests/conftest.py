"""Shared fixtures: engines over the shipped catalog and over a tiny test catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dockersim.catalog import Catalog
from dockersim.engine import Engine

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def mini_catalog() -> Catalog:
    return Catalog(yaml.safe_load((FIXTURES / "mini-hub.yaml").read_text()))


@pytest.fixture
def mini(mini_catalog: Catalog) -> Engine:
    """An engine whose Docker Hub is the tiny test catalog."""
    return Engine(catalog=mini_catalog)


@pytest.fixture
def engine() -> Engine:
    """An engine over the shipped June 2025 catalog."""
    return Engine()
