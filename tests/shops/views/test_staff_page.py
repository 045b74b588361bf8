"""The dashboard's staff page and what each member sees (shops/views_staff.py): the owner
manages members, powers and the refund threshold; a staff member granted
``manage_staff`` sees the owners read-only; ordinary staff see neither the staff nor the
bank link and no save button on the shop profile. The same powers over GraphQL: a
staff member whose ``manage_products`` / ``manage_stock`` was revoked is refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shops.models import ShopMembership
from shops.permissions import member_powers
from shops.selectors import access_shop
from tests.factories.marketplace import UserFactory
from tests.factories.shops import ShopMembershipFactory
from tests.shops.graphql.producer_helpers import PRODUCT_UPDATE, STOCKS_UPDATE, call, world_state
from tests.support.graphql import gid, permission_denied

DEFAULT = ["manage_products", "manage_stock", "manage_orders", "manage_shipping"]


def url(name: str, shop, *args) -> str:
    return reverse(f"shops:{name}", args=[shop.slug, *args])


def test_owner_sees_and_manages_the_team(client, shop, owner, shop_staff):
    client.force_login(owner)
    page = client.get(url("staff", shop))
    assert page.status_code == 200
    html = page.content.decode()
    assert shop_staff.email in html
    assert url("staff_update", shop, ShopMembership.objects.get(user=shop_staff).pk) in html
    assert url("refund_threshold", shop) in html
    assert "2.000.000 ₫" in html  # the default threshold
    assert url("bank_details", shop) in html  # the nav shows the owner's links


def test_manager_sees_owners_read_only(client, shop, owner):
    manager = ShopMembershipFactory(shop=shop, role="staff", powers=[*DEFAULT, "manage_staff"])
    client.force_login(manager.user)
    html = client.get(url("staff", shop)).content.decode()
    owner_row = ShopMembership.objects.get(user=owner)
    assert url("staff_update", shop, owner_row.pk) not in html
    assert url("staff_remove", shop, owner_row.pk) not in html
    assert url("refund_threshold", shop) not in html
    response = client.post(
        url("staff_update", shop, owner_row.pk),
        {f"m{owner_row.pk}-role": "staff", f"m{owner_row.pk}-powers": []},
    )
    assert response.status_code == 403
    assert ShopMembership.objects.get(pk=owner_row.pk).role == "owner"


def test_ordinary_staff_see_no_money_links(client, shop, shop_staff):
    client.force_login(shop_staff)
    html = client.get(url("profile", shop)).content.decode()
    assert url("staff", shop) not in html
    assert url("bank_details", shop) not in html
    assert 'type="submit">Lưu<' not in html
    assert "Chỉ chủ gian hàng hoặc nhân viên được cấp quyền" in html


def test_last_owner_error_is_shown(client, shop, owner):
    client.force_login(owner)
    row = ShopMembership.objects.get(user=owner)
    response = client.post(url("staff_remove", shop, row.pk))
    assert response.status_code == 400
    assert "ít nhất một chủ" in response.content.decode()
    assert ShopMembership.objects.filter(pk=row.pk).exists()


def test_adding_an_unknown_email_is_a_form_error(client, shop, owner):
    client.force_login(owner)
    before = ShopMembership.objects.count()
    response = client.post(
        url("staff_add", shop), {"email": "ai-do@example.vn", "role": "staff", "powers": []}
    )
    assert response.status_code == 400
    assert "Chưa có tài khoản nào với e-mail này" in response.content.decode()
    assert ShopMembership.objects.count() == before
    person = UserFactory(email="ai-do@example.vn")
    response = client.post(
        url("staff_add", shop),
        {"email": "ai-do@example.vn", "role": "staff", "powers": ["manage_orders", "refund"]},
    )
    assert response.status_code == 302
    assert ShopMembership.objects.get(user=person).powers == ["manage_orders", "refund"]


def test_another_shops_member_ids_are_not_found(client, shop, owner, other_owner):
    client.force_login(owner)
    theirs = ShopMembership.objects.get(user=other_owner)
    assert client.post(url("staff_remove", shop, theirs.pk)).status_code == 404
    assert ShopMembership.objects.filter(pk=theirs.pk).exists()


@pytest.mark.parametrize(
    ("mutation", "field", "variables", "revoked"),
    [
        (
            PRODUCT_UPDATE,
            "productUpdate",
            lambda p, w: {"id": gid("Product", p.pk), "input": {"name": "Đổi"}},
            "manage_products",
        ),
        (
            STOCKS_UPDATE,
            "productVariantStocksUpdate",
            lambda p, w: {
                "variantId": gid("ProductVariant", p.variants.get().pk),
                "stocks": [{"warehouse": gid("Warehouse", w.pk), "quantity": 99}],
            },
            "manage_stock",
        ),
    ],
)
def test_graphql_needs_the_granted_power(
    client, shop, product, warehouse, mutation, field, variables, revoked
):
    clerk = ShopMembershipFactory(
        shop=shop, role="staff", powers=[p for p in DEFAULT if p != revoked]
    ).user
    before = world_state()
    answer = call(client, clerk, mutation, variables(product, warehouse))
    assert permission_denied(answer, field), answer
    assert world_state() == before


def test_the_dashboard_reads_the_viewers_powers_with_the_shop(shop):
    """``access_shop`` brings the viewer's membership along (a list, on every database),
    so the nav needs no query of its own."""
    member = ShopMembershipFactory(shop=shop, role="staff", powers=["refund"])
    loaded = access_shop(user=member.user, slug=shop.slug)
    assert (loaded.viewer_role, loaded.viewer_powers) == ("staff", ["refund"])
    assert member_powers(actor=member.user, shop=loaded) == frozenset({"refund"})
