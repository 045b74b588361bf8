"""The shipping dashboard pages: who may see and change what (the five actors, another
shop's owner, anonymous visitors), the lists with a fixed query count, the zone and method
forms, the admin pages and the demo shops' shipping."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from orders.models import ShippingMethod, ShippingZone
from orders.services.shipping import (
    NATIONWIDE_ZONE,
    WITHIN_PROVINCE_ZONE,
)
from tests.factories.orders import ShippingMethodFactory, ShippingZoneFactory
from tests.orders.shipping_helpers import (
    BANDS,
    bo_trach,
    dong_hoi,
    ha_noi,
    quang_tri,
    shipping_rows,
)
from tests.shops.views.helpers import assert_login_redirect
from tests.support.actors import FIVE_ACTORS, actor_for
from tests.support.queries import get_counted
from tests.support.units import province

# --- dashboard -----------------------------------------------------------------------------


def _urls(shop, zone, method) -> list[tuple[str, str]]:
    s = shop.slug
    return [
        ("get", reverse("orders_dashboard:shipping", args=[s])),
        ("post", reverse("orders_dashboard:shipping_defaults", args=[s])),
        ("get", reverse("orders_dashboard:shipping_zone_create", args=[s])),
        ("post", reverse("orders_dashboard:shipping_zone_create", args=[s])),
        ("get", reverse("orders_dashboard:shipping_zone_edit", args=[s, zone.pk])),
        ("post", reverse("orders_dashboard:shipping_zone_edit", args=[s, zone.pk])),
        ("post", reverse("orders_dashboard:shipping_zone_delete", args=[s, zone.pk])),
        ("get", reverse("orders_dashboard:shipping_method_create", args=[s, zone.pk])),
        ("post", reverse("orders_dashboard:shipping_method_create", args=[s, zone.pk])),
        ("get", reverse("orders_dashboard:shipping_method_edit", args=[s, method.pk])),
        ("post", reverse("orders_dashboard:shipping_method_edit", args=[s, method.pk])),
        ("post", reverse("orders_dashboard:shipping_method_delete", args=[s, method.pk])),
    ]


ZONE_POST = {"name": "Vùng mới", "is_active": "on"}


def _method_post(
    bands: list[tuple[Any, Any]] = (), initial: int = 0, **fields: Any
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name_vi": "Giao nhanh",
        "name_en": "Fast",
        "kind": "flat",
        "price": "25000",
        "free_above": "",
        "min_days": "1",
        "max_days": "2",
        "is_active": "on",
    }
    data.update(fields)
    rows = list(bands) + [("", "")]
    data.update(
        {
            "bands-TOTAL_FORMS": str(len(rows)),
            "bands-INITIAL_FORMS": str(initial),
            "bands-MIN_NUM_FORMS": "0",
            "bands-MAX_NUM_FORMS": "1000",
        }
    )
    for index, (grams, price) in enumerate(rows):
        data[f"bands-{index}-max_grams"] = str(grams)
        data[f"bands-{index}-price"] = str(price)
    return data


def test_other_shop_owner_gets_404_everywhere_and_changes_nothing(
    client, shop, zones, other_owner, other_shop
):
    client.force_login(other_owner)
    method = zones["province"].methods.get()
    before = shipping_rows(shop)

    for verb, url in _urls(shop, zones["province"], method):
        data = {**ZONE_POST, **_method_post()} if verb == "post" else None
        response = getattr(client, verb)(url, data)
        assert response.status_code == 404, url
    # The intruder's own slug with this shop's objects: 404 too.
    for verb, url in _urls(other_shop, zones["province"], method)[4:]:
        response = getattr(client, verb)(
            url, {**ZONE_POST, **_method_post()} if verb == "post" else None
        )
        assert response.status_code == 404, url
    assert shipping_rows(shop) == before
    assert ShippingZone.objects.filter(shop=other_shop).count() == 0


@pytest.mark.parametrize(("actor_name", "allowed"), FIVE_ACTORS)
def test_five_actors_on_the_shipping_pages(request, client, shop, zones, actor_name, allowed):
    actor = actor_for(request, actor_name)
    if actor.is_authenticated:
        client.force_login(actor)
    method = zones["province"].methods.get()
    before = shipping_rows(shop)
    reads = [url for verb, url in _urls(shop, zones["province"], method) if verb == "get"]
    for url in reads:
        response = client.get(url)
        if allowed:
            assert response.status_code == 200, url
        elif actor_name == "anonymous":
            assert_login_redirect(response, url)
        else:
            assert response.status_code == 404, url
    zone_edit = reverse(
        "orders_dashboard:shipping_zone_edit", args=[shop.slug, zones["province"].pk]
    )
    response = client.post(
        zone_edit, {"name": "Đổi tên", "provinces": [quang_tri().pk], "is_active": "on"}
    )
    if allowed:
        assert response.status_code == 302
        assert ShippingZone.objects.get(pk=zones["province"].pk).name == "Đổi tên"
    else:
        assert response.status_code in (302, 404)
        assert shipping_rows(shop) == before


def test_anonymous_is_sent_to_login(client, shop, zones):
    method = zones["province"].methods.get()
    before = shipping_rows(shop)
    for verb, url in _urls(shop, zones["province"], method):
        assert_login_redirect(getattr(client, verb)(url, {} if verb == "post" else None), url)
    assert shipping_rows(shop) == before


def test_missing_objects_are_404(client, shop, owner, zones):
    client.force_login(owner)
    for name, arg in (
        ("shipping_zone_edit", 999_999),
        ("shipping_method_edit", 999_999),
        ("shipping_method_create", 999_999),
    ):
        assert (
            client.get(reverse(f"orders_dashboard:{name}", args=[shop.slug, arg])).status_code
            == 404
        )
    assert (
        client.get(
            reverse("orders_dashboard:shipping_zone_delete", args=[shop.slug, zones["province"].pk])
        ).status_code
        == 405
    )


def test_shipping_page_lists_zones_and_methods(client, shop, shop_staff, zones):
    client.force_login(shop_staff)
    response = client.get(reverse("orders_dashboard:shipping", args=[shop.slug]))

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Toàn quốc",
        "Nội tỉnh",
        "Đồng Hới",
        "Tiêu chuẩn",
        "Nội thành",
        "≤ 500 g",
        "Tỉnh Quảng Trị",
        "Thành phố Đồng Hới",
        'aria-current="page">Vận chuyển',
    ):
        assert text in html, text


def test_shipping_page_query_count_does_not_grow_with_zones(client, shop, owner, zones):
    client.force_login(owner)
    url = reverse("orders_dashboard:shipping", args=[shop.slug])
    few, _ = get_counted(client, url)
    for index in range(4):
        zone = ShippingZoneFactory(
            shop=shop,
            provinces=[province(code) for code in ("01", "04", "08", "11")[index : index + 1]],
        )
        ShippingMethodFactory(zone=zone, kind="weight", bands=BANDS)
        ShippingMethodFactory(zone=zone)
    many, response = get_counted(client, url)
    assert response.content.decode().count("<section") == 7
    assert many == few


def test_empty_shop_gets_defaults_button(client, shop, owner):
    client.force_login(owner)
    url = reverse("orders_dashboard:shipping", args=[shop.slug])
    assert "Tạo cấu hình mặc định" in client.get(url).content.decode()

    response = client.post(reverse("orders_dashboard:shipping_defaults", args=[shop.slug]))
    assert response.status_code == 302
    assert response.url == url
    assert ShippingZone.objects.filter(shop=shop).count() == 2
    client.post(reverse("orders_dashboard:shipping_defaults", args=[shop.slug]))
    assert ShippingZone.objects.filter(shop=shop).count() == 2


def test_zone_create_and_edit_flow(client, shop, owner):
    client.force_login(owner)
    page = client.get(reverse("orders_dashboard:shipping_zone_create", args=[shop.slug]))
    assert page.status_code == 200
    assert "Tỉnh Quảng Trị" in page.content.decode()
    assert "Huyện Bố Trạch" in page.content.decode()

    response = client.post(
        reverse("orders_dashboard:shipping_zone_create", args=[shop.slug]),
        {**ZONE_POST, "provinces": [quang_tri().pk, ha_noi().pk]},
    )
    zone = ShippingZone.objects.get(shop=shop)
    assert response.status_code == 302
    assert response.url == reverse(
        "orders_dashboard:shipping_method_create", args=[shop.slug, zone.pk]
    )
    assert (zone.name, zone.is_active, set(zone.provinces.all())) == (
        "Vùng mới",
        True,
        {quang_tri(), ha_noi()},
    )

    edit_url = reverse("orders_dashboard:shipping_zone_edit", args=[shop.slug, zone.pk])
    assert 'value="Vùng mới"' in client.get(edit_url).content.decode()
    response = client.post(edit_url, {"name": "Bố Trạch", "districts": [bo_trach().pk]})
    assert response.status_code == 302
    zone.refresh_from_db()
    assert (zone.name, zone.is_active, list(zone.provinces.all()), list(zone.districts.all())) == (
        "Bố Trạch",
        False,
        [],
        [bo_trach()],
    )


def test_zone_form_errors_are_shown_and_nothing_saved(client, shop, owner, zones):
    client.force_login(owner)
    before = shipping_rows(shop)
    url = reverse("orders_dashboard:shipping_zone_edit", args=[shop.slug, zones["district"].pk])

    response = client.post(
        url, {"name": "Đồng Hới", "is_active": "on", "provinces": [quang_tri().pk]}
    )
    assert response.status_code == 400
    assert "đã thuộc vùng “Nội tỉnh”" in response.content.decode()

    response = client.post(url, {"name": "", "is_active": "on", "provinces": [dong_hoi().pk]})
    assert response.status_code == 400
    assert response.context["form"].errors.keys() == {"name", "provinces"}

    response = client.post(
        reverse("orders_dashboard:shipping_zone_create", args=[shop.slug]), ZONE_POST
    )
    assert response.status_code == 400  # a second nationwide zone
    assert "vùng toàn quốc" in response.content.decode()
    assert shipping_rows(shop) == before


def test_method_create_edit_delete_flow(client, shop, owner, zones):
    client.force_login(owner)
    zone = zones["nationwide"]
    create_url = reverse("orders_dashboard:shipping_method_create", args=[shop.slug, zone.pk])
    assert client.get(create_url).status_code == 200

    response = client.post(
        create_url,
        _method_post(
            bands=[(1000, 32000), (500, 22000), ("", "")],
            kind="weight",
            price="",
            free_above="700000",
        ),
    )
    method = ShippingMethod.objects.get(zone=zone, name_vi="Giao nhanh")
    assert response.status_code == 302
    assert response.url == reverse(
        "orders_dashboard:shipping_method_edit", args=[shop.slug, method.pk]
    )
    assert (method.kind, method.price, method.free_above, method.min_days, method.max_days) == (
        "weight",
        22_000,
        700_000,
        1,
        2,
    )
    assert list(method.bands.values_list("max_grams", "price")) == [(500, 22_000), (1_000, 32_000)]

    page = client.get(response.url).content.decode()
    assert 'value="500"' in page
    assert 'value="32000"' in page

    response = client.post(
        response.url,
        _method_post(bands=[(500, 22000)], initial=1, kind="flat", price="18000", is_active=""),
    )
    assert response.status_code == 302
    method.refresh_from_db()
    assert (method.kind, method.price, method.is_active, method.bands.count()) == (
        "flat",
        18_000,
        False,
        0,
    )

    response = client.post(
        reverse("orders_dashboard:shipping_method_delete", args=[shop.slug, method.pk])
    )
    assert response.status_code == 302
    assert not ShippingMethod.objects.filter(pk=method.pk).exists()

    response = client.post(
        reverse("orders_dashboard:shipping_zone_delete", args=[shop.slug, zone.pk])
    )
    assert response.status_code == 302
    assert not ShippingZone.objects.filter(pk=zone.pk).exists()


@pytest.mark.parametrize(
    ("post", "where"),
    [
        ({"kind": "weight", "price": ""}, "band_errors"),  # no band
        ({"min_days": "4", "max_days": "2"}, "max_days"),
        ({"price": "-1"}, "price"),
        ({"price": "1.5"}, "price"),
        ({"kind": "weight", "bands": [("500", "")]}, "formset"),  # half a band
        ({"kind": "weight", "bands": [("500", "1000"), ("500", "2000")]}, "band_errors"),
    ],
)
def test_method_form_errors_save_nothing(client, shop, owner, zones, post, where):
    client.force_login(owner)
    method = zones["nationwide"].methods.get()
    before = shipping_rows(shop)
    post = dict(post)
    bands = post.pop("bands", [])

    for url in (
        reverse(
            "orders_dashboard:shipping_method_create", args=[shop.slug, zones["nationwide"].pk]
        ),
        reverse("orders_dashboard:shipping_method_edit", args=[shop.slug, method.pk]),
    ):
        response = client.post(url, _method_post(bands=bands, **post))
        assert response.status_code == 400
        if where == "band_errors":
            assert response.context["band_errors"]
        elif where == "formset":
            assert any(response.context["formset"].errors)
        else:
            assert where in response.context["form"].errors
    assert shipping_rows(shop) == before


def test_admin_pages_load(admin_client, zones):
    method = zones["nationwide"].methods.get()
    for url in (
        reverse("admin:orders_shippingzone_changelist"),
        reverse("admin:orders_shippingzone_change", args=[zones["province"].pk]),
        reverse("admin:orders_shippingmethod_changelist"),
        reverse("admin:orders_shippingmethod_change", args=[method.pk]),
    ):
        assert admin_client.get(url).status_code == 200, url


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_shops_have_shipping():
    from marketplace.demo import seed_demo
    from shops.models import Shop

    seed_demo(with_images=False)

    shops = Shop.objects.all()
    assert shops.count() == 62
    for shop in shops:
        assert sorted(
            ShippingZone.objects.filter(shop=shop).values_list("name", flat=True)
        ) == sorted([WITHIN_PROVINCE_ZONE, NATIONWIDE_ZONE])
