"""Fixtures of the authorization matrix."""

from __future__ import annotations

import pytest

from .world import World, build_world


@pytest.fixture
def world(admin_units) -> World:
    return build_world()
