"""Two-factor sign-in by role: payout owners on the money pages, the pages each actor
reaches without being asked, the pages in English, the demo's published key (DEBUG
only)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from marketplace import demo
from marketplace import services_two_factor as two_factor
from marketplace.two_factor_middleware import guarded_area
from tests.support.actors import actor_for
from tests.support.two_factor import enrol, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "pw-123456"


def sign_in(client: Client, user) -> None:
    user.set_password(PASSWORD)
    user.save()
    client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})


@pytest.fixture
def payouts(shop):
    """The shop's producer gave bank details: its owner is paid out."""
    producer = shop.producer
    producer.bank_bin, producer.bank_account_number = "970436", "0011001234567"
    producer.bank_account_name = "NGUYEN VAN A"
    producer.save()
    return shop


def ledger_url(shop) -> str:
    return reverse("orders_dashboard:ledger", kwargs={"shop_slug": shop.slug})


def test_payout_owner_sets_up_two_factor_before_the_money_pages(client, owner, payouts, clock):
    assert two_factor.two_factor_required(owner)
    sign_in(client, owner)
    products = reverse("shops:product_list", kwargs={"shop_slug": payouts.slug})
    assert client.get(products).status_code == 200  # the rest of the dashboard is open

    blocked = client.get(ledger_url(payouts))
    assert blocked.status_code == 302
    assert blocked.url.startswith("/accounts/two-factor/setup/?next=")

    device = two_factor.enrolment_start(user=owner)
    done = client.post(
        "/accounts/two-factor/setup/", {"code": totp_code(device), "next": ledger_url(payouts)}
    )
    assert done.status_code == 200
    assert client.get(ledger_url(payouts)).status_code == 200


def test_owner_without_payouts_is_not_asked(client, owner, shop):
    assert not two_factor.two_factor_required(owner)
    sign_in(client, owner)

    assert client.get(ledger_url(shop)).status_code == 200


@pytest.mark.parametrize("name", ["anonymous", "customer", "other_owner", "shop_staff"])
def test_other_actors_are_never_sent_to_two_factor(client, request, payouts, name):
    """Only whom it is required for: the shop's staff, another shop's owner and a customer
    get the page's own answer (a sign-in redirect, 404 or the page), never the set-up."""
    user = actor_for(request, name)
    if user.is_authenticated:
        sign_in(client, user)

    response = client.get(ledger_url(payouts))

    assert "two-factor" not in response.get("Location", "")


def test_the_pages_speak_english(client, customer, clock):
    device, _codes = enrol(customer, clock)
    client.force_login(customer)

    manage = client.get("/en/accounts/two-factor/")
    assert "Two-factor" in manage.content.decode()
    assert '<html lang="en"' in manage.content.decode()
    client.logout()
    sign_in(client, customer)
    verify = client.get("/en/accounts/two-factor/verify/")
    assert "authenticator" in verify.content.decode()
    assert "Xác thực hai lớp" not in verify.content.decode()
    assert totp_code(device)


def test_setup_page_in_vietnamese_on_a_phone(client, ocop_office):
    client.force_login(ocop_office)

    page = client.get("/accounts/two-factor/setup/", HTTP_USER_AGENT="Mobile Safari")

    html = page.content.decode()
    assert "Thiết lập xác thực hai lớp" in html
    assert 'name="viewport"' in html
    assert 'autocomplete="one-time-code"' in html


# --- the demo ----------------------------------------------------------------------------------------


def test_demo_key_is_for_debug_only(ocop_office, settings):
    settings.DEMO_AUTHENTICATOR = False
    with pytest.raises(ImproperlyConfigured):
        two_factor.demo_authenticator_install(user=ocop_office, key_hex=demo.DEMO_TOTP_KEY_HEX)
    assert not TOTPDevice.objects.filter(user=ocop_office).exists()
    assert "authenticator" not in demo.demo_summary()


def test_demo_office_signs_in_with_the_printed_key(client, ocop_office, settings, capsys):
    settings.DEMO_AUTHENTICATOR = True
    device = two_factor.demo_authenticator_install(user=ocop_office, key_hex=demo.DEMO_TOTP_KEY_HEX)
    assert demo.demo_totp_secret() in demo.demo_summary()

    call_command("demo_otp_code")
    printed = capsys.readouterr().out.split()[0]
    assert printed == f"{totp(bytes.fromhex(demo.DEMO_TOTP_KEY_HEX)):06d}" == totp_code(device)
    sign_in(client, ocop_office)
    assert client.post("/accounts/two-factor/verify/", {"code": printed}).status_code == 302


def test_production_guards_every_staff_page_and_has_no_demo_key(tmp_path):
    """The production settings keep the middleware and ``DEBUG`` off (so the demo key can
    never be installed): nothing is exempt there."""
    root = Path(__file__).resolve().parents[2]
    script = (
        "from django.conf import settings;"
        "print(settings.DEMO_AUTHENTICATOR, 'marketplace.two_factor_middleware.TwoFactorMiddleware' "
        "in settings.MIDDLEWARE, 'django_otp' in settings.INSTALLED_APPS)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "DJANGO_SETTINGS"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "marketplace.settings.production",
            "ALLOW_DEMO_DEFAULTS": "1",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        }
    )
    out = subprocess.run(
        [sys.executable, "-c", f"import django;django.setup();{script}"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout.split()
    assert out == ["False", "True", "True"]


def _routes(patterns, prefix="", namespaces=()):
    """(route, namespaces, name) of every URL of the URL conf."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _routes(pattern.url_patterns, route, inner)
        else:
            yield route, list(namespaces), pattern.name


def test_every_office_and_admin_url_is_guarded():
    """Generated from the URL conf: a new office or admin page is guarded without a list
    to update (the admin's own sign-in and sign-out pages aside)."""
    checked = 0
    for route, namespaces, name in _routes(get_resolver().url_patterns):
        bare = route.removeprefix("en/")
        if not bare.startswith(("office/", "admin/")) or name in ("login", "logout"):
            continue
        match = SimpleNamespace(namespaces=namespaces, url_name=name, route=bare)
        assert guarded_area(match) == "staff", route
        checked += 1
    assert checked > 20
