"""The quickstart path on SQLite, as a new developer runs it: migrate, seed the demo
data (twice: idempotent), check the catalogue, serve it and open the key pages, then
log in as the demo producer. Everything runs in subprocesses with a clean environment:
no Redis, Elasticsearch, Stripe or S3."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTERNAL_ENV = re.compile(
    r"^(DATABASE_URL|REDIS_URL|ELASTICSEARCH_URL|STRIPE_.*|AWS_.*|CELERY_.*|EMAIL_.*|DEBUG|"
    r"ALLOWED_HOSTS|CSRF_TRUSTED_ORIGINS|SECRET_KEY|MEDIA_ROOT|DJANGO_SETTINGS_MODULE|CI)$"
)

CHECK_SCRIPT = """
import json
from django.db.models import Count
from django.utils import timezone
from marketplace.models import OcopCertificate, Producer
from shops.models import Product, SalePoint, Shop, Stock
today = timezone.localdate()
print(json.dumps({
    "producers": Producer.objects.count(),
    "approved": Producer.objects.filter(status="approved").count(),
    "producers_by_district": dict(Producer.objects.values_list("district__code").annotate(n=Count("id")).order_by()),
    "products": Product.objects.filter(status="published").count(),
    "groups": sorted(set(Product.objects.values_list("product_group__code", flat=True))),
    "valid_by_stars": {str(k): v for k, v in OcopCertificate.objects.valid_on(today).values_list("stars")
                       .annotate(n=Count("id")).order_by()},
    "expired": OcopCertificate.objects.filter(valid_until__lt=today).count(),
    "sale_points": {sp.code: Stock.objects.filter(location__sale_point=sp, quantity__gt=0).count()
                    for sp in SalePoint.objects.all()},
    "chuhang_shop": Shop.objects.get(memberships__user__username="chuhang").slug,
}))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def quickstart_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not EXTERNAL_ENV.match(k)}
    (tmp_path / "media").mkdir()
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "marketplace.settings.dev",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _manage(env, *args, timeout=300) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, (
        f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


class Browser:
    """A tiny urllib client with a cookie jar (sessions, CSRF) that follows redirects."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def get(self, path: str):
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict[str, str]):
        body = urllib.parse.urlencode(data).encode()
        return self._open(
            urllib.request.Request(
                self.base + path,
                data=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Referer": self.base + path,
                },
            )
        )

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.geturl(), response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.geturl(), exc.read().decode()

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.cookies if c.name == name)


def _wait_until_up(base: str, server: subprocess.Popen, deadline: float = 60) -> None:
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        assert server.poll() is None, "runserver exited"
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.3)
    pytest.fail("runserver did not answer in time")


@pytest.mark.slow
def test_quickstart_on_sqlite(quickstart_env, tmp_path):
    env = quickstart_env
    _manage(env, "migrate", "--noinput", "-v0")

    first = _manage(env, "seed_demo", "--quiet", "--no-images")
    assert first.splitlines()[0].startswith(
        "Seeded: 62 new producers, 186 products, 180 certificates, "
    )
    assert "chuhang    producer owner (dashboard)" in first
    assert "Content-Type:" not in first  # no e-mail printed by the console backend
    second = _manage(env, "seed_demo", "--quiet", "--no-images")
    assert (
        second.splitlines()[0]
        == "Seeded: 0 new producers, 0 products, 0 certificates, 0 consignments, 0 orders"
    )

    report = json.loads(
        _manage(env, "shell", "-v", "0", "-c", CHECK_SCRIPT).strip().splitlines()[-1]
    )
    assert report["producers"] == report["approved"] == 62
    assert report["producers_by_district"] == {
        "450": 7,
        "452": 8,
        "453": 8,
        "454": 9,
        "455": 8,
        "456": 8,
        "457": 7,
        "458": 7,
    }
    assert report["products"] == 186
    assert report["groups"] == [
        "do-uong",
        "du-lich",
        "duoc-lieu",
        "sinh-vat-canh",
        "thu-cong-my-nghe",
        "thuc-pham",
    ]
    assert report["valid_by_stars"] == {"3": 140, "4": 28, "5": 4}
    assert report["expired"] == 8
    assert len(report["sale_points"]) == 9
    assert all(count > 0 for count in report["sale_points"].values()), report["sale_points"]
    slug = report["chuhang_shop"]
    assert slug == "htx-nuoc-mam-canh-duong"

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "runserver.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(base, server)
        browser = Browser(base)
        for path in ("/", "/healthz", "/accounts/login/", "/admin/login/"):
            status, _url, _body = browser.get(path)
            assert status == 200, path

        _status, _url, home = browser.get("/")
        assert "Sản phẩm OCOP Quảng Bình" in home
        assert "★★★★" in home
        health = json.loads(browser.get("/healthz")[2])
        assert health == {"status": "up"}

        status, _url, login_page = browser.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
        assert browser.cookie("csrftoken")
        status, url, overview = browser.post(
            "/accounts/login/",
            {
                "username": "chuhang",
                "password": "ocop2026",
                "csrfmiddlewaretoken": token,
                "next": "/dashboard/",
            },
        )
        assert (status, url) == (200, f"{base}/dashboard/{slug}/")
        assert "HTX Nước mắm Cảnh Dương" in overview

        status, url, _body = browser.get("/dashboard/")
        assert (status, url) == (200, f"{base}/dashboard/{slug}/")
        status, _url, products = browser.get(f"/dashboard/{slug}/products/")
        assert status == 200
        assert "Cảnh Dương" in products

        anonymous = Browser(base)
        status, url, _body = anonymous.get("/dashboard/")
        assert (status, url) == (200, f"{base}/accounts/login/?next=/dashboard/")
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
        log.close()


def test_make_run_serves_without_debug_at_the_site_url_of_its_port():
    """``make run`` as a user would read it (``make -n``): DEBUG off so the Vietnamese error
    pages show, SITE_URL from HOST/PORT so e-mail links and QR labels point at the port
    served; ``make dev`` keeps DEBUG on."""
    run = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0", "PORT=8123"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    serve = [line for line in run.splitlines() if "runserver" in line]
    assert serve == [
        "DEBUG=0 SITE_URL=http://0.0.0.0:8123 .venv/bin/python manage.py runserver --insecure "
        "0.0.0.0:8123"
    ]
    assert "DEBUG=0 SITE_URL=http://0.0.0.0:8123 .venv/bin/python manage.py seed_demo" in run
    dev = subprocess.run(
        ["make", "-n", "dev"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "DEBUG=1 SITE_URL=http://127.0.0.1:8000 .venv/bin/python manage.py runserver" in dev


def test_a_log_record_is_printed_once(quickstart_env):
    """Django's console handler under DEBUG no longer prints its records beside the root's."""
    env = {**quickstart_env, "DEBUG": "1"}
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "import logging; logging.getLogger('django.request').warning('Bad Request: /once/')",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert (result.stdout + result.stderr).count("Bad Request: /once/") == 1
