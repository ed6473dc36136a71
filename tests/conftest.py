"""Shared fixtures: engines over the shipped catalog and over a tiny test catalog."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from dockersim.catalog import Catalog
from dockersim.engine import Engine

FIXTURES = Path(__file__).parent / "fixtures"

# `dockersim` processes the tests start run on their own, not in a warm process that would
# outlive the run (tests/cli/test_warm.py turns it on, in a private runtime directory)
os.environ.setdefault("DOCKERSIM_WARM", "0")


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


def pytest_itemcollected(item: pytest.Item) -> None:
    """Record (file under tests/, function name) of every item collected, before -k or -m
    deselect any, as `config.dockersim_collected` (for tests/test_collection.py)."""
    path = Path(str(item.path))
    if path.is_relative_to(Path(__file__).parent):
        name = getattr(item, "originalname", item.name)
        seen = item.config.__dict__.setdefault("dockersim_collected", set())
        seen.add((path.relative_to(Path(__file__).parent).as_posix(), name))
