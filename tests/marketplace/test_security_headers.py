"""Security headers on every page: a Content-Security-Policy without inline script,
Permissions-Policy, Referrer-Policy and nosniff; and no template has an inline script or
an inline event handler the policy would block (the browser test tests/e2e/test_csp.py
shows the policy blocking an injected script)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [
    ROOT / app / "templates"
    for app in ("marketplace", "shops", "orders", "storefront", "livestream")
]
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)(?![^>]*nonce=)[^>]*>"
)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/", "/products/", "/accounts/login/", "/accounts/signup/", "/healthz", "/admin/login/"],
)
def test_every_answer_has_the_security_headers(client, admin_units, path):
    response = client.get(path)
    assert response.status_code in (200, 302)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    # a nonce appears only on pages that use one (GraphiQL)
    assert [s for s in policy["script-src"] if not s.startswith("'nonce-")] == [
        "'self'",
        "https://js.stripe.com",
    ]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "camera=(self)" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_templates_have_no_inline_script_or_event_handler():
    found = []
    for folder in TEMPLATE_DIRS:
        for path in folder.rglob("*.html"):
            text = path.read_text()
            for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
                found += [
                    f"{path.relative_to(ROOT)}: {m.group(0)[:80]}" for m in pattern.finditer(text)
                ]
    assert found == []
