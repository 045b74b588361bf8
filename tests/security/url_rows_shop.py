"""The producer dashboard's URL rows (``shops:*`` and ``orders_dashboard:*``), every one on
the own shop's slug and objects. See url_rows.py for how to add a row."""

from __future__ import annotations

from shops.models import ShopMembership

from .matrix import DENY, LOGIN, OK, SHOP_MEMBERS, UrlRow, expect


def _shop(world):
    return {"shop_slug": world.shop.slug}


def _product(world):
    return {"shop_slug": world.shop.slug, "product_id": world.product.pk}


def _zone(world):
    return {"shop_slug": world.shop.slug, "zone_id": world.zone.pk}


def _method(world):
    return {"shop_slug": world.shop.slug, "method_id": world.method.pk}


def _month(world):
    today = world.today
    return {"shop_slug": world.shop.slug, "year": today.year, "month": today.month}


def _shop_order(world):
    return {"shop_slug": world.shop.slug, "number": world.shop_order.number}


def _action(action: str) -> UrlRow:
    return UrlRow(
        f"orders_dashboard:order_{action}", SHOP_MEMBERS, kwargs=_shop_order, method="POST"
    )


#: Money and staff: the own shop's owner (staff only with the power granted, none here).
OWNER_ONLY = expect(DENY, anonymous=LOGIN, owner=OK)


def _staff_membership(world):
    membership = ShopMembership.objects.get(user=world.users["staff"], shop=world.shop)
    return {"shop_slug": world.shop.slug, "membership_id": membership.pk}


def _staff_powers_data(world):
    prefix = f"m{_staff_membership(world)['membership_id']}"
    return {f"{prefix}-role": "staff", f"{prefix}-powers": ["refund", "manage_products"]}


SHOP_ROWS = [
    UrlRow("shops:staff", OWNER_ONLY, kwargs=_shop),
    UrlRow(
        "shops:audit",
        SHOP_MEMBERS,
        kwargs=_shop,
        note="the owner sees the shop's entries, staff their own",
    ),
    UrlRow(
        "shops:staff_add",
        OWNER_ONLY,
        kwargs=_shop,
        method="POST",
        data=lambda w: {"email": w.users["customer"].email, "role": "staff", "powers": ["refund"]},
    ),
    UrlRow(
        "shops:staff_update",
        OWNER_ONLY,
        kwargs=_staff_membership,
        method="POST",
        data=_staff_powers_data,
    ),
    UrlRow("shops:staff_remove", OWNER_ONLY, kwargs=_staff_membership, method="POST"),
    UrlRow(
        "shops:refund_threshold",
        OWNER_ONLY,
        kwargs=_shop,
        method="POST",
        data=lambda w: {"refund_threshold": "3000000"},
    ),
    UrlRow("shops:bank_details", OWNER_ONLY, kwargs=_shop),
    UrlRow(
        "shops:dashboard",
        expect(DENY, anonymous=LOGIN, other_staff=OK, staff=OK, owner=OK),
        note="each member is sent to their own shop; no shop → 403",
    ),
    UrlRow("shops:overview", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("shops:profile", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("shops:product_list", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("shops:product_create", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("shops:product_edit", SHOP_MEMBERS, kwargs=_product),
    UrlRow("shops:product_delete", SHOP_MEMBERS, kwargs=_product, method="POST"),
    UrlRow("shops:media_upload", SHOP_MEMBERS, kwargs=_product, method="POST"),
    UrlRow("shops:media_reorder", SHOP_MEMBERS, kwargs=_product, method="POST"),
    UrlRow(
        "shops:media_delete",
        SHOP_MEMBERS,
        kwargs=lambda w: {"shop_slug": w.shop.slug, "media_id": w.media.pk},
        method="POST",
    ),
    UrlRow("shops:stock_list", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("shops:stock_adjust", SHOP_MEMBERS, kwargs=_shop, method="POST"),
    UrlRow("shops:csv_import", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("shops:export_products", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("shops:export_stock", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("orders_dashboard:shipping", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("orders_dashboard:shipping_defaults", SHOP_MEMBERS, kwargs=_shop, method="POST"),
    UrlRow("orders_dashboard:shipping_zone_create", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("orders_dashboard:shipping_zone_edit", SHOP_MEMBERS, kwargs=_zone),
    UrlRow("orders_dashboard:shipping_zone_delete", SHOP_MEMBERS, kwargs=_zone, method="POST"),
    UrlRow("orders_dashboard:shipping_method_create", SHOP_MEMBERS, kwargs=_zone),
    UrlRow("orders_dashboard:shipping_method_edit", SHOP_MEMBERS, kwargs=_method),
    UrlRow("orders_dashboard:shipping_method_delete", SHOP_MEMBERS, kwargs=_method, method="POST"),
    UrlRow("orders_dashboard:ledger", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("orders_dashboard:statement", SHOP_MEMBERS, kwargs=_month),
    UrlRow("orders_dashboard:statement_csv", SHOP_MEMBERS, kwargs=_month),
    UrlRow("orders_dashboard:orders", SHOP_MEMBERS, kwargs=_shop),
    UrlRow("orders_dashboard:order_detail", SHOP_MEMBERS, kwargs=_shop_order),
    UrlRow("orders_dashboard:packing_slip", SHOP_MEMBERS, kwargs=_shop_order),
    _action("confirm"),
    _action("pack"),
    _action("ship"),
    _action("deliver"),
    UrlRow(
        "orders_dashboard:order_mark_paid",
        OWNER_ONLY,
        kwargs=_shop_order,
        method="POST",
        note="cash collected: a money power, the owner's unless granted",
    ),
    _action("cancel"),
    _action("return"),
    _action("refund"),
]
