"""The shop profile page of the dashboard."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.support.images import png_upload


@pytest.fixture
def profile_url(shop):
    return reverse("shops:profile", args=[shop.slug])


def profile_data(**values):
    return {
        "name": "HTX Nước mắm Cảnh Dương",
        "story": "",
        "address": "Thôn Cảnh Dương",
        "phone": "",
        "email": "",
        "shipping_policy": "",
        "returns_policy": "",
        **values,
    }


def test_profile_update(owner_client, shop, profile_url):
    response = owner_client.post(
        profile_url,
        data=profile_data(
            story="<p>Ba đời làm mắm</p><script>alert(1)</script>", email="htx@example.vn"
        ),
    )

    assert response.status_code == 302
    assert response.url == profile_url
    shop.refresh_from_db()
    assert (shop.name, shop.story, shop.address, shop.email) == (
        "HTX Nước mắm Cảnh Dương",
        "<p>Ba đời làm mắm</p>",
        "Thôn Cảnh Dương",
        "htx@example.vn",
    )


def test_profile_bad_input_saves_nothing(owner_client, shop, profile_url):
    name = shop.name

    response = owner_client.post(profile_url, data=profile_data(name="", email="không-phải-email"))

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name", "email"}
    shop.refresh_from_db()
    assert (shop.name, shop.email) == (name, "")


def test_profile_logo_upload_and_clear(owner_client, shop, profile_url):
    response = owner_client.post(
        profile_url, data=profile_data(logo=png_upload("logo.png", (20, 20), (0, 90, 0)))
    )

    assert response.status_code == 302
    shop.refresh_from_db()
    # re-encoded under a random name (shops.services.media.shop_image_clean)
    assert re.fullmatch(r"shops/logos/[0-9a-f]{32}\.png", shop.logo.name)

    response = owner_client.post(profile_url, data=profile_data(**{"logo-clear": "on"}))

    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.logo.name == ""
