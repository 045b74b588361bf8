"""The production settings as a deployment uses them: ``manage.py check --deploy`` is
clean with real values, and the settings refuse to start with any of the demo's defaults
(secret key, no Redis, the demo's VietQR account, console e-mail, a localhost SITE_URL).
Runs in subprocesses with a clean environment (settings are read once per process)."""

from __future__ import annotations

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
    r"MEDIA_.*|LOG_LEVEL|DJANGO_SETTINGS_MODULE)$"
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
