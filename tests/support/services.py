"""Whether what a test marked ``@pytest.mark.service("<name>")`` needs is there: a service
of deploy/services.sh (its URL in the environment, reachable) or something installed on
the machine (Chromium with playwright, axe-core). tests/conftest.py skips or fails the
test accordingly."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

SERVICE_ENV = {
    "postgresql": "DATABASE_URL",
    "redis": "REDIS_URL",
    "elasticsearch": "ELASTICSEARCH_URL",
    "stripe-mock": "STRIPE_API_BASE",
    "s3": "AWS_S3_ENDPOINT_URL",
}
HOW_TO_GET = "start it with `bash deploy/services.sh start` (make test does)"
# Not servers but things installed on the machine (checked on disk rather than by port).
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_CORE_JS = os.path.join(
    os.path.dirname(os.path.dirname(__file__)), "e2e", "node_modules", "axe-core", "axe.min.js"
)


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    port = parsed.port or {"postgres": 5432, "postgresql": 5432, "redis": 6379, "http": 80}.get(
        parsed.scheme, 80
    )
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", port), timeout=2):
            return True
    except OSError:
        return False


def _installed(name: str) -> tuple[bool, str]:
    if name == "chromium":
        if not os.access(CHROMIUM_PATH, os.X_OK):
            return False, (
                f"chromium not installed ({CHROMIUM_PATH} missing); "
                "`bash deploy/services.sh install` installs Debian's chromium (make test does)"
            )
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return (
                False,
                "playwright not installed; `.venv/bin/pip install -e '.[dev]'` (make test does)",
            )
        return True, ""
    if not os.path.isfile(AXE_CORE_JS):
        return False, "axe-core not installed; `npm ci --prefix tests/e2e` (make test does)"
    return True, ""


def service_available(name: str) -> tuple[bool, str]:
    if name in ("chromium", "axe-core"):
        return _installed(name)
    variable = SERVICE_ENV[name]
    url = os.environ.get(variable, "")
    if not url:
        return False, f"{name} not configured ({variable} unset); {HOW_TO_GET}"
    if name == "postgresql" and not url.startswith("postgres"):
        return False, f"{name} not configured (DATABASE_URL is not PostgreSQL); {HOW_TO_GET}"
    if not _reachable(url):
        return False, f"{name} not reachable at {url}; {HOW_TO_GET}"
    return True, ""
