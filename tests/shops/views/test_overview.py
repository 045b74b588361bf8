"""The dashboard overview: the shop's figures and its latest stock movements."""

from __future__ import annotations

from django.urls import reverse

from shops.services import stock as stock_services
from tests.factories.shops import ProductFactory, VariantFactory


def test_overview_figures(client, owner, shop, warehouse, other_shop):
    in_stock = VariantFactory(
        product=ProductFactory(shop=shop, name_vi="Nước mắm", status="published"), sku="A"
    )
    VariantFactory(
        product=ProductFactory(shop=shop, name_vi="Mè xửng", status="published"), sku="B"
    )
    VariantFactory(product=ProductFactory(shop=shop, name_vi="Rượu ngô", status="draft"), sku="C")
    VariantFactory(product=ProductFactory(shop=other_shop, status="published"), sku="D")
    stock_services.stock_adjust(
        actor=owner, variant=in_stock, location=warehouse, delta=7, reason="restock", note="Lô đầu"
    )
    client.force_login(owner)

    response = client.get(reverse("shops:overview", args=[shop.slug]))

    assert response.status_code == 200
    assert (
        response.context["product_count"],
        response.context["published_count"],
        response.context["out_of_stock"],
    ) == (3, 2, 2)
    assert [(m.stock.variant.sku, m.delta) for m in response.context["movements"]] == [("A", 7)]
    html = response.content.decode()
    assert '<td class="num">+7</td><td>Nhập hàng — Lô đầu</td>' in html
    assert shop.producer.tax_code in html
