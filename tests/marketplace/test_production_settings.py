"""The production settings as a deployment uses them: ``manage.py check --deploy`` is
clean with real values, and the settings refuse to start with any of the demo's defaults
(secret key, no Redis, the demo's VietQR account, console e-mail, a localhost SITE_URL).
Runs in subprocesses with a clean environment (settings are read once per process)."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Anything that would change the production settings is dropped from the inherited env.
SETTINGS_ENV = re.compile(
    r"^(DATABASE_.*|REDIS_URL|ELASTICSEARCH_URL|STRIPE_.*|AWS_.*|CELERY_.*|EMAIL_.*|DEBUG|"
    r"ALLOWED_HOSTS|CSRF_TRUSTED_ORIGINS|SECRET_KEY|ALLOW_DEMO_DEFAULTS|REDIS_URL|VIETQR_.*|SITE_URL|RATELIMIT_.*|SECURE_.*|"
    r"MEDIA_.*|STATIC_ROOT|LOG_LEVEL|DJANGO_SETTINGS_MODULE)$"
)


@pytest.fixture
def production_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not SETTINGS_ENV.match(k)}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),  # 86 characters
            "ALLOWED_HOSTS": "ocop.example.vn",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            # not contacted by `check`: the settings only need to know them
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "VIETQR_ACCOUNT_NUMBER": "1234567890123",
            "VIETQR_ACCOUNT_NAME": "TRUNG TAM XUC TIEN THUONG MAI",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "smtp.ocop.example.vn",
            "SITE_URL": "https://ocop.example.vn",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean(production_env):
    assert len(production_env["SECRET_KEY"]) >= 50
    result = _manage(production_env, "check", "--deploy")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output, output


def test_refuses_to_start_without_secret_key(production_env):
    del production_env["SECRET_KEY"]
    result = _manage(production_env, "check", "--deploy")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "ImproperlyConfigured" in output, output


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("SECRET_KEY", None, "SECRET_KEY"),
        ("SECRET_KEY", "short-secret", "SECRET_KEY"),
        ("REDIS_URL", None, "REDIS_URL"),
        ("VIETQR_ACCOUNT_NUMBER", None, "VIETQR_ACCOUNT_NUMBER"),
        ("EMAIL_BACKEND", None, "EMAIL_BACKEND"),
        ("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend", "EMAIL_BACKEND"),
        ("SITE_URL", None, "SITE_URL"),
        ("SITE_URL", "http://127.0.0.1:8000", "SITE_URL"),
        ("SITE_URL", "http://localhost", "SITE_URL"),
    ],
)
def test_refuses_each_demo_default(production_env, variable, value, named):
    if value is None:
        del production_env[variable]
    else:
        production_env[variable] = value
    result = _manage(production_env, "check", "--deploy")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "ImproperlyConfigured" in output, output
    assert "refuse the demo's defaults" in output, output
    assert named in output.split("set:", 1)[1], output


def test_allow_demo_defaults_is_an_explicit_escape_for_local_trials(production_env):
    del production_env["REDIS_URL"]
    production_env["ALLOW_DEMO_DEFAULTS"] = "1"
    result = _manage(production_env, "check")
    assert result.returncode == 0, result.stdout + result.stderr


PAGE_HEADERS_SCRIPT = """
import json
from django.test import Client
client = Client(HTTP_HOST="ocop.example.vn")
plain = client.get("/accounts/login/")
page = client.get("/accounts/login/", secure=True)
cookie = page.cookies.get("csrftoken")
print("RESULT=" + json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "status": page.status_code,
    "headers": {k.lower(): v for k, v in page.headers.items()},
    "csrf_cookie": {"secure": bool(cookie and cookie["secure"]), "samesite": cookie and cookie["samesite"]},
}))
"""


def test_production_pages_carry_the_security_headers(production_env, tmp_path):
    """Served by the production settings (over a migrated SQLite database and a local-memory
    cache, the only difference from a deployment): plain HTTP is redirected to HTTPS, and an
    HTTPS page answers HSTS with preload, a CSP without inline script, nosniff, frame denial,
    the referrer and permissions policies and a Secure, SameSite CSRF cookie."""
    production_env["ALLOW_DEMO_DEFAULTS"] = "1"
    production_env["REDIS_URL"] = ""  # local-memory caches: no Redis needed to render a page
    production_env["STATIC_ROOT"] = str(tmp_path / "static")
    for command in (("migrate", "--noinput", "-v0"), ("collectstatic", "--noinput", "-v0")):
        done = _manage(production_env, *command)
        assert done.returncode == 0, done.stdout + done.stderr
    result = _manage(production_env, "shell", "-c", PAGE_HEADERS_SCRIPT)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    answer = json.loads(output.split("RESULT=", 1)[1].splitlines()[0])
    assert answer["plain_status"] == 301
    assert answer["plain_location"].startswith("https://ocop.example.vn/")
    assert answer["status"] == 200
    headers = answer["headers"]
    hsts = headers["strict-transport-security"]
    assert "max-age=31536000" in hsts
    assert "includeSubDomains" in hsts
    assert "preload" in hsts
    csp = headers["content-security-policy"]
    assert "script-src" in csp
    assert "'unsafe-inline'" not in csp.split("script-src", 1)[1].split(";")[0]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"]
    assert "geolocation=()" in headers["permissions-policy"]
    assert answer["csrf_cookie"]["secure"] is True
    assert answer["csrf_cookie"]["samesite"] in ("Lax", "Strict")
