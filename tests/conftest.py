"""Shared test setup.

Services come from ``deploy/services.sh`` through environment variables (``make test``
exports them). A test that needs one is marked ``@pytest.mark.service("<name>")``: off
CI it is skipped naming the service; under ``CI=true`` a missing service fails the run.
The browser tests (tests/e2e) use the same mechanism for what they need on the machine:
``chromium`` (Debian's browser + the Python ``playwright`` package) and ``axe-core``
(``npm ci --prefix tests/e2e``); ``make test`` installs both."""

from __future__ import annotations

import os
import tempfile

import pytest
from django.core.cache import caches
from hypothesis import HealthCheck, settings

from tests.support.services import service_available

# Property-based fuzzing (tests/fuzz/): "ci" is bounded and reproducible (the same examples
# every run, no example database written into the repository); "long" searches harder,
# locally: HYPOTHESIS_PROFILE=long or pytest --hypothesis-profile=long tests/fuzz (2 000
# random examples per test, or HYPOTHESIS_MAX_EXAMPLES)
_FUZZ = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,  # one test's database and client serve all examples
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
}
settings.register_profile("ci", max_examples=30, derandomize=True, **_FUZZ)
settings.register_profile(
    "long", max_examples=int(os.environ.get("HYPOTHESIS_MAX_EXAMPLES", "2000")), **_FUZZ
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# hypothesis' own caches (not examples) go to the system's temporary folder, not the repository
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "ocop-hypothesis")
)

pytest_plugins = [
    "tests.clock",
    "tests.fixtures.marketplace",
    "tests.fixtures.shops",
    "tests.fixtures.graphql",
    "tests.fixtures.search",
]


def pytest_collection_modifyitems(config, items):
    in_ci = os.environ.get("CI", "").lower() == "true"
    for item in items:
        for marker in item.iter_markers(name="service"):
            ok, reason = service_available(marker.args[0])
            if ok:
                continue
            if in_ci:
                # fails in pytest_runtest_setup below, before any fixture runs (an xfail
                # marker here would report "xfailed" and let the run pass)
                item.user_properties.append(("missing_service", reason))
            else:
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_setup(item):
    for name, reason in item.user_properties:
        if name == "missing_service":
            pytest.fail(f"required service missing under CI=true: {reason}", pytrace=False)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    """Every test starts with no rate-limit counters (their own cache, marketplace/ratelimit)."""
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()
