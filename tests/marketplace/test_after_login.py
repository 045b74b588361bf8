"""After signing in, each role lands on its own pages (not a 403); the office first sets up
its second factor (tests/marketplace/test_two_factor_signin.py goes on from there)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "target"),
    [
        ("owner", "/dashboard/"),
        ("customer", "/account/orders/"),
    ],
)
def test_login_lands_on_the_roles_home(client, request, who, target):
    user = request.getfixturevalue(who)
    user.set_password("pw-123456")
    user.save()
    response = client.post("/accounts/login/", {"username": user.username, "password": "pw-123456"})
    assert response.status_code == 302
    follow = client.get(response.url)
    assert follow.status_code == 302
    assert follow.url == target
    assert client.get(target, follow=True).status_code == 200


def test_office_login_goes_to_two_factor_setup_first(client, ocop_office):
    ocop_office.set_password("pw-123456")
    ocop_office.save()
    response = client.post(
        "/accounts/login/", {"username": ocop_office.username, "password": "pw-123456"}
    )
    assert response.status_code == 302
    assert response.url == "/accounts/two-factor/setup/?next=%2Faccounts%2Fwelcome%2F"


def test_header_links_to_cart_and_my_orders(client, customer):
    client.force_login(customer)
    html = client.get("/account/orders/").content.decode()
    assert 'href="/cart/"' in html
    assert 'href="/account/orders/"' in html
