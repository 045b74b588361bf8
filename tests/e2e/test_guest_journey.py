"""A guest buys from two shops with cash on delivery, in a real browser, on a desktop and
on a 390×844 phone: home → header search "nuoc mam" (typed without diacritics) → filter
4★ and a district → the product → add to cart → a second shop's product → cart →
checkout (contact, Vietnamese address with province → commune, delivery per shop, COD) →
the confirmation lists two shop orders → the first shop's producer signs in and finds
the order in the dashboard.

On every page: no console error, no request leaving 127.0.0.1; home, catalogue, product,
cart and checkout pass axe-core with no serious or critical violation; screenshots of the
key pages are kept under test-artifacts/e2e/<test>/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from marketplace.models import AdministrativeUnit
from orders.models import Order, PaymentMethod

from . import steps
from .browser import NEEDS, open_context

pytestmark = [*NEEDS, pytest.mark.service("axe-core")]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_guest_cod_journey(browser, live_server, journey_data, watch, viewport):
    data = journey_data
    dong_hoi = AdministrativeUnit.objects.get(generation="current", level="commune", code="18880")
    context = open_context(browser, live_server, watch, viewport)
    page = context.new_page()

    # Home, then the header search without diacritics.
    steps.goto(page, "/")
    steps.visit(page, watch, "home", axe=True)
    steps.header_search(page, "nuoc mam")
    names = steps.product_names(page)
    assert {
        "Nước mắm nhĩ Cảnh Dương",
        "Nước mắm cốt Cảnh Dương",
        "Nước mắm cá cơm Bảo Ninh",
    } <= set(names), names
    assert "Khoai deo Lệ Thủy" not in names

    # 4★ leaves the two 4-star sauces; the district (Quảng Trạch) leaves the one we want.
    steps.filter_by(page, re.compile(r"^4 sao\b"), "stars=4")
    assert set(steps.product_names(page)) == {"Nước mắm nhĩ Cảnh Dương", "Nước mắm cá cơm Bảo Ninh"}
    steps.filter_by(
        page,
        re.compile(rf"^{re.escape(data.district.full_name)}\b"),
        f"district={data.district.code}",
    )
    assert steps.product_names(page) == ["Nước mắm nhĩ Cảnh Dương"]
    steps.visit(page, watch, "catalogue", axe=True)

    # The product, into the cart (two bottles).
    steps.open_product(page, "Nước mắm nhĩ Cảnh Dương")
    steps.visit(page, watch, "product", axe=True)
    steps.add_to_cart(page, quantity=2)

    # A second shop's product.
    steps.header_search(page, "khoai deo")
    steps.open_product(page, "Khoai deo Lệ Thủy")
    steps.add_to_cart(page)

    # The cart: grouped by shop.
    steps.go_to_cart(page)
    main = page.locator("main")
    expect(main.get_by_role("heading", name=data.shop.name)).to_be_visible()
    expect(main.get_by_role("heading", name=data.second_shop.name)).to_be_visible()
    expect(main).to_contain_text("240.000 ₫")  # 2 × 120.000
    expect(main).to_contain_text("65.000 ₫")
    steps.visit(page, watch, "cart", axe=True)

    # Checkout as a guest, cash on delivery, shipping from each shop.
    with steps.navigates(page, url=re.compile(r"/checkout/")):
        main.get_by_role("link", name=re.compile("Tiến hành thanh toán")).click()
    steps.fill_checkout(
        page,
        email="lan.nguyen@example.vn",
        phone="0912345678",
        name="Nguyễn Thị Lan",
        province="Tỉnh Quảng Trị",
        commune_id=dong_hoi.pk,
        street="12 Quách Xuân Kỳ",
        deliveries=["Giao tiêu chuẩn", "Giao nhanh"],
        payment=re.compile("Thanh toán khi nhận hàng"),
    )
    expect(page.locator("#review-total")).to_contain_text("350.000 ₫")  # 305.000 + 20.000 + 25.000
    steps.visit(page, watch, "checkout", axe=True)
    steps.place_order(page)

    # The confirmation lists the two shop orders.
    order = Order.objects.get()
    assert order.payment_method == PaymentMethod.COD
    assert order.total == 350_000
    expect(page).to_have_url(re.compile(rf"/checkout/confirmation/{order.token}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cảm ơn bạn đã đặt hàng")
    shop_orders = {so.shop_id: so for so in order.shop_orders.all()}
    assert set(shop_orders) == {data.shop.pk, data.second_shop.pk}
    for so in shop_orders.values():
        expect(page.get_by_role("heading", name=re.compile(re.escape(so.number)))).to_contain_text(
            so.shop.name
        )
    steps.visit(page, watch, "confirmation")
    context.close()

    # The first shop's producer sees its part of the order in the dashboard.
    producer = open_context(browser, live_server, watch, viewport)
    page = producer.new_page()
    steps.sign_in(page, data.producer.username, data.password)
    steps.goto(page, f"/dashboard/{data.shop.slug}/orders/")
    mine, theirs = shop_orders[data.shop.pk], shop_orders[data.second_shop.pk]
    expect(page.locator("main")).to_contain_text(mine.number)
    expect(page.locator("main")).not_to_contain_text(theirs.number)
    steps.visit(page, watch, "dashboard-orders")
    producer.close()

    watch.assert_clean()
