"""The production settings as a deployment uses them: ``manage.py check --deploy`` is
clean with a real secret key, and the settings refuse to start without one. Runs in
subprocesses with a clean environment (settings are read once per process)."""

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
    r"ALLOWED_HOSTS|CSRF_TRUSTED_ORIGINS|SECRET_KEY|ALLOW_INSECURE_SECRET|SECURE_.*|"
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
