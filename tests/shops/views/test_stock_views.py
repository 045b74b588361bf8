"""Stock list and manual stock adjustments from the dashboard."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from shops.models import Stock, StockMovement
from shops.services import stock as stock_services
from tests.factories.shops import ProductFactory, SalePointFactory, VariantFactory


@pytest.fixture
def variant(product):
    return product.variants.get()


@pytest.fixture
def stocked(owner, variant, warehouse):
    """Five units in the shop's warehouse (one INITIAL movement)."""
    return stock_services.stock_set(
        actor=owner,
        variant=variant,
        location=warehouse,
        quantity=5,
        reason=StockMovement.Reason.INITIAL,
    )


@pytest.fixture
def adjust_url(shop):
    return reverse("shops:stock_adjust", args=[shop.slug])


def flash(response) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]


def state(stock: Stock) -> tuple[int, int]:
    stock.refresh_from_db()
    return stock.quantity, StockMovement.objects.count()


def test_adjust_records_movement_with_actor(
    client, shop, shop_staff, variant, warehouse, stocked, adjust_url
):
    client.force_login(shop_staff)

    response = client.post(
        adjust_url,
        data={
            "variant": variant.pk,
            "location": warehouse.pk,
            "delta": "12",
            "reason": "restock",
            "note": "Lô 03/2025",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("shops:stock_list", args=[shop.slug])
    assert flash(response) == [("success", f"Đã cập nhật tồn kho: {variant.sku} = 17")]
    assert state(stocked) == (17, 2)
    movement = StockMovement.objects.order_by("-pk").first()
    assert (
        movement.stock_id,
        movement.delta,
        movement.quantity_after,
        movement.reason,
        movement.note,
        movement.actor,
    ) == (stocked.pk, 12, 17, "restock", "Lô 03/2025", shop_staff)


def test_adjust_down_and_json_answer(client, owner, variant, warehouse, stocked, adjust_url):
    client.force_login(owner)

    response = client.post(
        adjust_url,
        data={
            "variant": variant.pk,
            "location": warehouse.pk,
            "delta": "-2",
            "reason": "damage",
            "note": "",
        },
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 200
    assert response.json() == {"stock": stocked.pk, "quantity": 3}
    assert state(stocked) == (3, 2)


def test_adjust_creates_the_stock_row_of_a_new_variant(client, owner, shop, warehouse, adjust_url):
    variant = VariantFactory(product=ProductFactory(shop=shop), sku="NEW-1")
    client.force_login(owner)

    response = client.post(
        adjust_url,
        data={"variant": variant.pk, "location": warehouse.pk, "delta": "4", "reason": "initial"},
    )

    assert response.status_code == 302
    stock = Stock.objects.get(variant=variant)
    assert (stock.location, stock.shop, stock.quantity) == (warehouse, shop, 4)
    assert list(stock.movements.values_list("delta", "reason", "actor")) == [
        (4, "initial", owner.pk)
    ]


def test_adjust_below_zero_is_refused(client, owner, variant, warehouse, stocked, adjust_url):
    client.force_login(owner)

    response = client.post(
        adjust_url,
        data={"variant": variant.pk, "location": warehouse.pk, "delta": "-6", "reason": "damage"},
    )

    assert response.status_code == 302
    assert flash(response) == [
        ("error", "Tồn kho không đủ: còn 5, cần giảm 6. / Insufficient stock: 5 on hand.")
    ]
    assert state(stocked) == (5, 1)


def test_adjust_below_zero_json(client, owner, variant, warehouse, stocked, adjust_url):
    client.force_login(owner)

    response = client.post(
        adjust_url,
        data={"variant": variant.pk, "location": warehouse.pk, "delta": "-6", "reason": "damage"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "quantity",
                "message": "Tồn kho không đủ: còn 5, cần giảm 6. / Insufficient stock: 5 on hand.",
            }
        ]
    }
    assert state(stocked) == (5, 1)


def test_adjust_without_reason_is_refused(client, owner, variant, warehouse, stocked, adjust_url):
    client.force_login(owner)

    response = client.post(
        adjust_url,
        data={"variant": variant.pk, "location": warehouse.pk, "delta": "3", "reason": ""},
    )

    assert response.status_code == 302
    assert flash(response) == [("error", "Lý do: Trường này là bắt buộc.")]
    assert state(stocked) == (5, 1)


def test_adjust_with_a_sale_reason_is_refused(
    client, owner, variant, warehouse, stocked, adjust_url
):
    """Sales and consignment move stock through their own services, never by hand."""
    client.force_login(owner)

    response = client.post(
        adjust_url,
        data={"variant": variant.pk, "location": warehouse.pk, "delta": "-1", "reason": "sale"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["reason"]
    assert state(stocked) == (5, 1)


def test_adjustment_reason_needs_a_note(client, owner, variant, warehouse, stocked, adjust_url):
    client.force_login(owner)
    data = {
        "variant": variant.pk,
        "location": warehouse.pk,
        "delta": "-1",
        "reason": "adjustment",
        "note": "  ",
    }

    refused = client.post(adjust_url, data=data)

    assert flash(refused) == [
        ("error", "Điều chỉnh cần ghi chú lý do. / An adjustment needs a note.")
    ]
    assert state(stocked) == (5, 1)

    accepted = client.post(adjust_url, data={**data, "note": "Đếm lại sau kiểm kê"})

    assert accepted.status_code == 302
    assert state(stocked) == (4, 2)
    assert (
        StockMovement.objects.order_by("-pk").values_list("note", flat=True).first()
        == "Đếm lại sau kiểm kê"
    )


@pytest.mark.parametrize(("delta", "field"), [("0", "delta"), ("", "delta"), ("ba", "delta")])
def test_adjust_bad_delta(client, owner, variant, warehouse, stocked, adjust_url, delta, field):
    client.force_login(owner)

    response = client.post(
        adjust_url,
        data={"variant": variant.pk, "location": warehouse.pk, "delta": delta, "reason": "restock"},
        HTTP_ACCEPT="application/json",
    )

    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert state(stocked) == (5, 1)


def test_stock_list_shows_rows_locations_and_ledger(
    client, owner, shop, variant, warehouse, stocked
):
    sale_point = SalePointFactory(name="Điểm bán OCOP Đồng Hới")
    stock_services.consignment_send(
        actor=owner,
        shop=shop,
        destination=sale_point.location,
        lines=[{"variant": variant, "quantity": 2}],
    )
    client.force_login(owner)

    response = client.get(reverse("shops:stock_list", args=[shop.slug]))

    assert response.status_code == 200
    assert [(s.location.name, s.quantity) for s in response.context["page"]] == [
        (warehouse.name, 3),
        ("Điểm bán OCOP Đồng Hới", 2),
    ]
    assert response.context["warehouse"] == warehouse
    assert [m.reason for m in response.context["movements"]] == [
        "consignment_in",
        "consignment_out",
        "initial",
    ]

    filtered = client.get(
        reverse("shops:stock_list", args=[shop.slug]), {"location": sale_point.location.pk}
    )

    assert [(s.location.name, s.quantity) for s in filtered.context["page"]] == [
        ("Điểm bán OCOP Đồng Hới", 2)
    ]


def test_stock_list_search_and_bad_location(client, owner, shop, variant, stocked):
    other = VariantFactory(product=ProductFactory(shop=shop, name_vi="Khoai deo"), sku="KD-1")
    stock_services.stock_set(
        actor=owner, variant=other, location=shop.warehouses.get(), quantity=1, reason="initial"
    )
    client.force_login(owner)
    url = reverse("shops:stock_list", args=[shop.slug])

    assert [s.variant.sku for s in client.get(url, {"q": "khoai"}).context["page"]] == ["KD-1"]
    assert [s.variant.sku for s in client.get(url, {"q": variant.sku}).context["page"]] == [
        variant.sku
    ]
    assert client.get(url, {"location": "abc"}).status_code == 404
    assert client.get(url, {"location": "999999"}).status_code == 404


def test_adjust_without_variant_names_the_field(client, owner, warehouse, stocked, adjust_url):
    client.force_login(owner)

    response = client.post(
        adjust_url, data={"location": warehouse.pk, "delta": "1", "reason": "restock"}
    )

    assert flash(response) == [("error", "variant: Trường này là bắt buộc.")]
    assert state(stocked) == (5, 1)
