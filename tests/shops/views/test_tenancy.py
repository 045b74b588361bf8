"""Who may use each producer-dashboard URL. Every URL of ``shops/urls.py`` is exercised
by the five actors of STYLE rule 22 plus the shop owner; denied writes leave the
database and the media storage exactly as they were."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shops.models import (
    Product,
    ProductMedia,
    ProductVariant,
    Shop,
    ShopMembership,
    Stock,
    StockLocation,
    StockMovement,
)
from shops.services import stock as stock_services
from shops.services.csv_io import COLUMNS
from tests.factories.marketplace import UserFactory
from tests.factories.shops import (
    ProductFactory,
    SalePointMembershipFactory,
    ShopFactory,
    ShopMembershipFactory,
    VariantFactory,
)
from tests.shops.views.helpers import (
    assert_login_redirect,
    edit_post_data,
    media_row,
    product_post_data,
)
from tests.support.images import png_upload


@dataclass
class World:
    shop: Shop
    owner: Any
    staff: Any
    product: Product
    variant: ProductVariant
    warehouse: StockLocation
    media: list[ProductMedia]
    other_shop: Shop
    other_owner: Any
    other_product: Product
    other_variant: ProductVariant
    other_warehouse: StockLocation
    customer: Any
    clerk: Any

    def user(self, actor: str):
        return {
            "anonymous": None,
            "customer": self.customer,
            "other_shop_owner": self.other_owner,
            "sale_point_clerk": self.clerk,
            "shop_staff": self.staff,
            "shop_owner": self.owner,
        }[actor]


@pytest.fixture
def world(admin_units) -> World:
    shop = ShopFactory(name="HTX Nước mắm Cảnh Dương", slug="canh-duong")
    owner = ShopMembershipFactory(shop=shop, role="owner", user__username="chu-canh-duong").user
    staff = ShopMembershipFactory(shop=shop, role="staff", user__username="nv-canh-duong").user
    product = ProductFactory(shop=shop, name_vi="Nước mắm nhĩ")
    variant = VariantFactory(product=product, sku="CD-500", price=120_000)
    warehouse = shop.warehouses.get()
    stock_services.stock_set(
        actor=owner,
        variant=variant,
        location=warehouse,
        quantity=5,
        reason=StockMovement.Reason.INITIAL,
    )
    media = [
        media_row(product, position=1, name="products/2025/01/a.jpg"),
        media_row(product, position=2, name="products/2025/01/b.jpg"),
    ]
    other_shop = ShopFactory(name="HTX Khoai deo", slug="khoai-deo")
    other_owner = ShopMembershipFactory(
        shop=other_shop, role="owner", user__username="chu-khoai"
    ).user
    other_product = ProductFactory(shop=other_shop, name_vi="Khoai deo")
    other_variant = VariantFactory(product=other_product, sku="KD-200", price=60_000)
    clerk = SalePointMembershipFactory(user__username="thu-ngan").user
    return World(
        shop=shop,
        owner=owner,
        staff=staff,
        product=product,
        variant=variant,
        warehouse=warehouse,
        media=media,
        other_shop=other_shop,
        other_owner=other_owner,
        other_product=other_product,
        other_variant=other_variant,
        other_warehouse=other_shop.warehouses.get(),
        customer=UserFactory(username="khach-hang"),
        clerk=clerk,
    )


def media_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return (
        sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        if root.exists()
        else []
    )


def snapshot() -> dict[str, Any]:
    """Everything a dashboard write could touch."""
    return {
        "shops": list(Shop.objects.order_by("pk").values_list("pk", "name", "story")),
        "products": list(
            Product.objects.order_by("pk").values_list("pk", "shop_id", "name_vi", "status")
        ),
        "variants": list(
            ProductVariant.objects.order_by("pk").values_list(
                "pk", "product_id", "sku", "barcode", "price"
            )
        ),
        "stock": list(
            Stock.objects.order_by("pk").values_list("pk", "variant_id", "location_id", "quantity")
        ),
        "movements": list(StockMovement.objects.order_by("pk").values_list("pk", "delta")),
        "media": list(
            ProductMedia.objects.order_by("pk").values_list("pk", "product_id", "position")
        ),
        "files": media_files(),
        "members": list(
            ShopMembership.objects.order_by("pk").values_list("pk", "shop_id", "role", "powers")
        ),
        "money": list(
            Shop.objects.order_by("pk").values_list(
                "refund_threshold", "producer__bank_bin", "producer__bank_account_number"
            )
        ),
    }


def csv_bytes(rows: list[dict[str, Any]]) -> bytes:
    lines = [",".join(COLUMNS)]
    for row in rows:
        lines.append(",".join(str(row.get(c, "")) for c in COLUMNS))
    return ("\n".join(lines) + "\n").encode()


def new_product_csv(w: World) -> bytes:
    return csv_bytes(
        [
            {
                "product_key": "moi",
                "name_vi": "Mè xửng",
                "product_group": "thuc-pham",
                "origin_district": w.shop.producer.district.code,
                "origin_commune": w.shop.producer.commune.code,
                "sku": "MX-1",
                "price": "45000",
                "warehouse_stock": "7",
            }
        ]
    )


@dataclass
class Op:
    """One dashboard operation: which URL, how to call it, what success returns and proves.
    ``ids`` give the URL's object ids; ``theirs`` puts the other shop's slug in the URL."""

    method: str
    route: str
    ids: dict[str, Callable[[World], int]] = field(default_factory=dict)
    payload: Callable[[World], dict[str, Any]] = lambda w: {}
    ok_status: int = 200
    check_ok: Callable[[World, Any], None] = lambda w, response: None
    json: bool = False
    theirs: bool = False
    query: Callable[[World], str] = lambda w: ""
    #: what a staff member with the default powers gets when the operation needs a power
    #: they were not granted (the owner's, e.g. money); ``None``: as the owner
    staff_status: int | None = None

    def url(self, w: World) -> str:
        slug = w.other_shop.slug if self.theirs else w.shop.slug
        kwargs = {"shop_slug": slug, **{k: f(w) for k, f in self.ids.items()}}
        return reverse(f"shops:{self.route}", kwargs=kwargs) + self.query(w)


PRODUCT = {"product_id": lambda w: w.product.pk}


def _check_profile(w: World, response) -> None:
    w.shop.refresh_from_db()
    assert w.shop.name == "Gian hàng đổi tên"
    assert w.shop.story == "<p>Chuyện làng nghề</p>"


def _check_created(w: World, response) -> None:
    created = Product.objects.get(name_vi="Mắm ruốc")
    assert created.shop == w.shop
    assert list(created.variants.values_list("sku", "price")) == [("MR-1", 50_000)]
    assert response.url == reverse("shops:product_edit", args=[w.shop.slug, created.pk])


def _check_edited(w: World, response) -> None:
    w.product.refresh_from_db()
    assert w.product.name_vi == "Nước mắm nhĩ thượng hạng"
    assert response.url == reverse("shops:product_edit", args=[w.shop.slug, w.product.pk])


def _check_deleted(w: World, response) -> None:
    assert not Product.objects.filter(pk=w.product.pk).exists()
    assert not ProductVariant.objects.filter(pk=w.variant.pk).exists()
    assert response.url == reverse("shops:product_list", args=[w.shop.slug])


def _check_uploaded(w: World, response) -> None:
    body = response.json()
    item = ProductMedia.objects.get(pk=body["id"])
    assert item.product == w.product
    assert (body["position"], body["width"], body["height"]) == (3, 40, 30)
    assert w.product.media.count() == 3


def _check_reordered(w: World, response) -> None:
    first, second = w.media
    assert [m["id"] for m in response.json()["media"]] == [second.pk, first.pk]
    assert list(w.product.media.order_by("position").values_list("pk", "position")) == [
        (second.pk, 1),
        (first.pk, 2),
    ]


def _check_media_deleted(w: World, response) -> None:
    assert list(w.product.media.values_list("pk", flat=True)) == [w.media[1].pk]
    assert response.url == reverse("shops:product_edit", args=[w.shop.slug, w.product.pk])


def _check_adjusted(w: World, response) -> None:
    stock = Stock.objects.get(variant=w.variant, location=w.warehouse)
    assert stock.quantity == 8
    movement = stock.movements.first()
    assert (movement.delta, movement.quantity_after, movement.reason) == (3, 8, "restock")
    assert response.url == reverse("shops:stock_list", args=[w.shop.slug])


def _check_imported(w: World, response) -> None:
    created = Product.objects.get(name_vi="Mè xửng")
    assert created.shop == w.shop
    assert Stock.objects.get(variant__sku="MX-1", location=w.warehouse).quantity == 7


def _check_csv(sku: str) -> Callable[[World, Any], None]:
    def check(w: World, response) -> None:
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert sku in response.content.decode()
        assert "KD-200" not in response.content.decode()

    return check


def _staff_membership(w: World) -> int:
    return ShopMembership.objects.get(shop=w.shop, user=w.staff).pk


def _check_staff_added(w: World, response) -> None:
    added = ShopMembership.objects.get(shop=w.shop, user=w.customer)
    assert (added.role, added.powers) == ("staff", ["manage_products"])


def _check_staff_updated(w: World, response) -> None:
    assert ShopMembership.objects.get(shop=w.shop, user=w.staff).powers == ["refund"]


def _check_staff_removed(w: World, response) -> None:
    assert not ShopMembership.objects.filter(shop=w.shop, user=w.staff).exists()


def _check_threshold(w: World, response) -> None:
    w.shop.refresh_from_db()
    assert w.shop.refund_threshold == 500_000


def _check_bank(w: World, response) -> None:
    w.shop.producer.refresh_from_db()
    assert (w.shop.producer.bank_bin, w.shop.producer.bank_account_number) == (
        "970418",
        "12345678",
    )


STAFF_MEMBER = {"membership_id": _staff_membership}

#: The staff page and the bank account: a staff member with the default powers is
#: refused (403) and nothing changes.
STAFF_OPERATIONS: dict[str, Op] = {
    "staff": Op("get", "staff", staff_status=403),
    "staff_add": Op(
        "post",
        "staff_add",
        payload=lambda w: {
            "email": w.customer.email,
            "role": "staff",
            "powers": ["manage_products"],
        },
        ok_status=302,
        check_ok=_check_staff_added,
        staff_status=403,
    ),
    "staff_update": Op(
        "post",
        "staff_update",
        STAFF_MEMBER,
        payload=lambda w: {
            f"m{_staff_membership(w)}-role": "staff",
            f"m{_staff_membership(w)}-powers": ["refund"],
        },
        ok_status=302,
        check_ok=_check_staff_updated,
        staff_status=403,
    ),
    "staff_remove": Op(
        "post",
        "staff_remove",
        STAFF_MEMBER,
        ok_status=302,
        check_ok=_check_staff_removed,
        staff_status=403,
    ),
    "refund_threshold": Op(
        "post",
        "refund_threshold",
        payload=lambda w: {"refund_threshold": "500.000"},
        ok_status=302,
        check_ok=_check_threshold,
        staff_status=403,
    ),
    "bank_details": Op("get", "bank_details", staff_status=403),
    "bank_details_post": Op(
        "post",
        "bank_details",
        payload=lambda w: {
            "bank_bin": "970418",
            "bank_name": "BIDV",
            "bank_account_number": "1234 5678",
            "bank_account_name": "Nguyễn Văn An",
        },
        ok_status=302,
        check_ok=_check_bank,
        staff_status=403,
    ),
}

OPERATIONS: dict[str, Op] = {
    "overview": Op("get", "overview"),
    "profile": Op("get", "profile"),
    "product_list": Op("get", "product_list"),
    "product_create": Op("get", "product_create"),
    "product_edit": Op("get", "product_edit", PRODUCT),
    "stock_list": Op("get", "stock_list"),
    "csv_import": Op("get", "csv_import"),
    "audit": Op("get", "audit"),
    "export_products": Op("get", "export_products", check_ok=_check_csv("CD-500")),
    "export_stock": Op("get", "export_stock", check_ok=_check_csv("CD-500")),
    "profile_post": Op(
        "post",
        "profile",
        payload=lambda w: {
            "name": "Gian hàng đổi tên",
            "story": "<p>Chuyện làng nghề</p><script>x()</script>",
            "address": "",
            "phone": "",
            "email": "",
            "shipping_policy": "",
            "returns_policy": "",
        },
        ok_status=302,
        check_ok=_check_profile,
        staff_status=403,
    ),
    "product_create_post": Op(
        "post",
        "product_create",
        payload=lambda w: product_post_data(
            w.shop, name_vi="Mắm ruốc", variants=[{"sku": "MR-1", "price": 50_000}]
        ),
        ok_status=302,
        check_ok=_check_created,
    ),
    "product_edit_post": Op(
        "post",
        "product_edit",
        PRODUCT,
        payload=lambda w: edit_post_data(w.product, name_vi="Nước mắm nhĩ thượng hạng"),
        ok_status=302,
        check_ok=_check_edited,
    ),
    "product_delete": Op("post", "product_delete", PRODUCT, ok_status=302, check_ok=_check_deleted),
    "media_upload": Op(
        "post",
        "media_upload",
        PRODUCT,
        payload=lambda w: {"image": png_upload()},
        ok_status=201,
        check_ok=_check_uploaded,
    ),
    "media_reorder": Op(
        "post",
        "media_reorder",
        PRODUCT,
        payload=lambda w: {"order": [w.media[1].pk, w.media[0].pk]},
        ok_status=200,
        check_ok=_check_reordered,
        json=True,
    ),
    "media_delete": Op(
        "post",
        "media_delete",
        {"media_id": lambda w: w.media[0].pk},
        ok_status=302,
        check_ok=_check_media_deleted,
    ),
    "stock_adjust": Op(
        "post",
        "stock_adjust",
        payload=lambda w: {
            "variant": w.variant.pk,
            "location": w.warehouse.pk,
            "delta": "3",
            "reason": "restock",
            "note": "",
        },
        ok_status=302,
        check_ok=_check_adjusted,
    ),
    **STAFF_OPERATIONS,
    "csv_import_post": Op(
        "post",
        "csv_import",
        payload=lambda w: {"file": _named_file(new_product_csv(w))},
        ok_status=200,
        check_ok=_check_imported,
    ),
}


def _named_file(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("san-pham.csv", content, content_type="text/csv")


def test_every_dashboard_url_is_covered():
    """Adding a URL to shops/urls.py without adding it here fails this test."""
    from shops.urls import urlpatterns

    covered = {op.route for op in OPERATIONS.values()}
    assert covered | {"dashboard"} == {p.name for p in urlpatterns}


def call(client, op: Op, w: World):
    url = op.url(w)
    if op.method == "get":
        return url, client.get(url)
    if op.json:
        return url, client.post(
            url, data=json.dumps(op.payload(w)), content_type="application/json"
        )
    return url, client.post(url, data=op.payload(w))


ACTORS = [
    "anonymous",
    "customer",
    "other_shop_owner",
    "sale_point_clerk",
    "shop_staff",
    "shop_owner",
]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_dashboard_authorization(client, world, operation, actor):
    op = OPERATIONS[operation]
    user = world.user(actor)
    if user is not None:
        client.force_login(user)
    before = snapshot()

    url, response = call(client, op, world)

    if actor == "anonymous":
        assert_login_redirect(response, url)
    elif actor in ("customer", "other_shop_owner", "sale_point_clerk"):
        assert response.status_code == 404
    elif actor == "shop_staff" and op.staff_status is not None:
        assert response.status_code == op.staff_status
    else:
        assert response.status_code == op.ok_status, response.content[:2000]
        op.check_ok(world, response)
        return
    assert snapshot() == before


@pytest.mark.parametrize(
    "actor",
    ["anonymous", "customer", "sale_point_clerk", "other_shop_owner", "shop_staff", "shop_owner"],
)
def test_dashboard_home(client, world, actor):
    user = world.user(actor)
    if user is not None:
        client.force_login(user)

    response = client.get(reverse("shops:dashboard"))

    if actor == "anonymous":
        assert_login_redirect(response, reverse("shops:dashboard"))
    elif actor in ("customer", "sale_point_clerk"):
        assert response.status_code == 403
        assert "Tài khoản này chưa thuộc gian hàng nào" in response.content.decode()
    elif actor == "other_shop_owner":
        assert response.status_code == 302
        assert response.url == reverse("shops:overview", args=["khoai-deo"])
    else:
        assert response.status_code == 302
        assert response.url == reverse("shops:overview", args=["canh-duong"])


def test_dashboard_home_lists_every_shop_of_a_member_of_two(client, world):
    ShopMembershipFactory(shop=world.other_shop, user=world.owner, role="staff")
    client.force_login(world.owner)

    response = client.get(reverse("shops:dashboard"))

    assert response.status_code == 200
    # ordered by shop name: "HTX Khoai deo" < "HTX Nước mắm Cảnh Dương"
    assert [s.slug for s in response.context["shops"]] == ["khoai-deo", "canh-duong"]


# Another shop's owner, under their OWN shop's slug, pointing at our objects' ids.
CROSS_SHOP: dict[str, Op] = {
    "product_edit": Op("get", "product_edit", PRODUCT, theirs=True),
    "product_edit_post": Op(
        "post",
        "product_edit",
        PRODUCT,
        theirs=True,
        payload=lambda w: edit_post_data(w.product, name_vi="Bị sửa"),
    ),
    "product_delete": Op("post", "product_delete", PRODUCT, theirs=True),
    "media_upload": Op(
        "post", "media_upload", PRODUCT, theirs=True, payload=lambda w: {"image": png_upload()}
    ),
    "media_reorder": Op(
        "post",
        "media_reorder",
        PRODUCT,
        theirs=True,
        json=True,
        payload=lambda w: {"order": [w.media[1].pk, w.media[0].pk]},
    ),
    "media_delete": Op("post", "media_delete", {"media_id": lambda w: w.media[0].pk}, theirs=True),
    "stock_adjust_our_variant": Op(
        "post",
        "stock_adjust",
        theirs=True,
        payload=lambda w: {
            "variant": w.variant.pk,
            "location": w.other_warehouse.pk,
            "delta": "-5",
            "reason": "damage",
            "note": "",
        },
    ),
    "stock_adjust_our_warehouse": Op(
        "post",
        "stock_adjust",
        theirs=True,
        payload=lambda w: {
            "variant": w.other_variant.pk,
            "location": w.warehouse.pk,
            "delta": "9",
            "reason": "restock",
            "note": "",
        },
    ),
    "stock_list_our_warehouse": Op(
        "get", "stock_list", theirs=True, query=lambda w: f"?location={w.warehouse.pk}"
    ),
}


@pytest.mark.parametrize("operation", list(CROSS_SHOP))
def test_other_shop_owner_cannot_reach_our_objects_through_their_own_shop(client, world, operation):
    client.force_login(world.other_owner)
    before = snapshot()

    _, response = call(client, CROSS_SHOP[operation], world)

    assert response.status_code == 404
    assert snapshot() == before


def test_other_shop_cannot_reorder_our_media_onto_their_product(client, world):
    client.force_login(world.other_owner)
    before = snapshot()

    response = client.post(
        reverse("shops:media_reorder", args=[world.other_shop.slug, world.other_product.pk]),
        data=json.dumps({"order": [world.media[1].pk, world.media[0].pk]}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {"field": "media", "message": "Danh sách ảnh không khớp. / Media list does not match."}
        ]
    }
    assert snapshot() == before


def test_other_shop_cannot_edit_or_delete_our_variant_through_their_product_form(client, world):
    """Variant ids in the formset are resolved within the product being edited only."""
    client.force_login(world.other_owner)
    url = reverse("shops:product_edit", args=[world.other_shop.slug, world.other_product.pk])
    before = snapshot()

    hijack = edit_post_data(world.other_product)
    hijack.update(
        {
            "variants-0-id": str(world.variant.pk),
            "variants-0-sku": "CD-500",
            "variants-0-price": "1",
        }
    )
    response = client.post(url, data=hijack)

    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors == {"id": ["Không tìm thấy. / Not found."]}
    assert snapshot() == before

    data = product_post_data(
        world.other_shop,
        initial_forms=2,
        name_vi="Khoai deo",
        variants=[
            {"id": world.other_variant.pk, "sku": "KD-200", "price": 60_000},
            {"id": world.variant.pk, "sku": "CD-500", "price": 120_000, "DELETE": True},
        ],
    )
    response = client.post(url, data=data)

    assert response.status_code == 302
    assert ProductVariant.objects.get(pk=world.variant.pk).product == world.product
    assert list(world.other_product.variants.values_list("sku", flat=True)) == ["KD-200"]
