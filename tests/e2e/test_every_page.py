"""The storefront pages the journeys do not walk through, in a real browser on a desktop
and on a 390×844 phone: the English home, the shop list and a shop page, traceability and
its printable label, sign up, sign in, password reset, the privacy notice, and — signed in
— the address book, the order history and the privacy page. Each must have one ``<h1>``, the skip link and ``<main id="main">``,
no console or page error, no request leaving 127.0.0.1, no sideways scrolling on the
phone, and no serious or critical axe-core violation."""

from __future__ import annotations

import pytest

from . import steps
from .browser import NEEDS, open_context

pytestmark = [*NEEDS, pytest.mark.service("axe-core")]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_every_other_page_is_clean_and_accessible(
    browser, live_server, journey_data, watch, viewport
):
    data = journey_data
    context = open_context(browser, live_server, watch, viewport)
    page = context.new_page()

    public = [
        ("home-en", "/en/"),
        ("shops", "/shops/"),
        ("shop", f"/shops/{data.shop.slug}/"),
        ("shop-en", f"/en/shops/{data.shop.slug}/"),
        ("trace", f"/trace/{data.fish_sauce.slug}/"),
        ("trace-label", f"/trace/{data.fish_sauce.slug}/label/"),
        ("signup", "/accounts/signup/"),
        ("password-reset", "/accounts/password-reset/"),
        ("login", "/accounts/login/"),
        ("privacy", "/privacy/"),
        ("privacy-en", "/en/privacy/"),
    ]
    for label, path in public:
        steps.goto(page, path)
        steps.visit(page, watch, label, axe=True)

    steps.sign_in(page, data.producer.username, data.password)
    for label, path in (
        ("addresses", "/account/addresses/"),
        ("address-new", "/account/addresses/new/"),
        ("orders", "/account/orders/"),
        ("account-privacy", "/account/privacy/"),
    ):
        steps.goto(page, path)
        steps.visit(page, watch, label, axe=True)

    context.close()
    watch.assert_clean()
