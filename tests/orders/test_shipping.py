"""Per-shop shipping: zone resolution (former district > province > rest of Vietnam),
fees (flat, weight bands, free above), batched quotes in constant queries, pickup points
from sale-point availability, configuration services (validation, nothing half-saved,
tenancy), the defaults, and the dashboard pages."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from marketplace.errors import Forbidden, NotFound
from marketplace.models import AdministrativeUnit
from orders.models import Address, ShippingMethod, ShippingWeightBand, ShippingZone
from orders.selectors.shipping import (
    Parcel,
    ShippingOption,
    method_available,
    pickup_points,
    shipping_fee,
    shipping_options,
    shipping_zone_for,
)
from orders.services.shipping import (
    NATIONWIDE_ZONE,
    WITHIN_PROVINCE_ZONE,
    shipping_defaults_create,
    shipping_method_delete,
    shipping_method_save,
    shipping_zone_delete,
    shipping_zone_save,
)
from shops.models import SalePoint, Stock, StockReservation
from tests.actors import FIVE_ACTORS, actor_for
from tests.factories.orders import ShippingMethodFactory, ShippingZoneFactory
from tests.factories.shops import SalePointFactory, ShopFactory, VariantFactory
from tests.shops.views.helpers import assert_login_redirect

BANDS = [(500, 30_000), (1_000, 35_000), (3_000, 50_000), (10_000, 90_000)]


# --- helpers -----------------------------------------------------------------------------


def province(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation="current", level="province", code=code)


def district(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(generation="former", level="district", code=code)


def quang_tri() -> AdministrativeUnit:
    return province("44")


def ha_noi() -> AdministrativeUnit:
    return province("01")


def dong_hoi() -> AdministrativeUnit:
    return district("450")


def bo_trach() -> AdministrativeUnit:
    return district("455")


def address(prov: AdministrativeUnit, dist: AdministrativeUnit | None = None) -> Address:
    commune = (
        AdministrativeUnit.objects.filter(parent=prov, level="commune").order_by("code").first()
    )
    return Address.objects.create(
        full_name="Nguyễn Văn Mua",
        phone="+84912345678",
        province=prov,
        district=dist,
        commune=commune,
        street="12 Lý Thường Kiệt",
    )


def shipping_rows(shop) -> list[tuple[Any, ...]]:
    """Everything a shop's shipping configuration holds, to compare before/after."""
    zones = ShippingZone.objects.filter(shop=shop).order_by("pk")
    return [
        (
            z.pk,
            z.name,
            z.is_active,
            sorted(z.provinces.values_list("pk", flat=True)),
            sorted(z.districts.values_list("pk", flat=True)),
            [
                (
                    m.pk,
                    m.name_vi,
                    m.name_en,
                    m.kind,
                    m.price,
                    m.free_above,
                    m.min_days,
                    m.max_days,
                    m.is_active,
                    list(m.bands.order_by("max_grams").values_list("max_grams", "price")),
                )
                for m in z.methods.order_by("pk")
            ],
        )
        for z in zones
    ]


@pytest.fixture
def zones(shop):
    """Nationwide by weight, Quảng Trị flat, Đồng Hới flat (most specific)."""
    nationwide = ShippingZoneFactory(shop=shop, name="Toàn quốc")
    ShippingMethodFactory(
        zone=nationwide,
        name_vi="Tiêu chuẩn",
        kind="weight",
        price=30_000,
        free_above=1_000_000,
        min_days=2,
        max_days=5,
        bands=BANDS,
    )
    in_province = ShippingZoneFactory(shop=shop, name="Nội tỉnh", provinces=[quang_tri()])
    ShippingMethodFactory(
        zone=in_province,
        name_vi="Nội tỉnh",
        price=20_000,
        free_above=300_000,
        min_days=1,
        max_days=2,
    )
    city = ShippingZoneFactory(shop=shop, name="Đồng Hới", districts=[dong_hoi()])
    ShippingMethodFactory(zone=city, name_vi="Nội thành", price=15_000, min_days=0, max_days=1)
    return {"nationwide": nationwide, "province": in_province, "district": city}


# --- zone resolution -----------------------------------------------------------------------


def test_most_specific_zone_wins(shop, zones):
    assert shipping_zone_for(shop.pk, address(quang_tri(), dong_hoi())) == zones["district"]
    assert shipping_zone_for(shop.pk, address(quang_tri(), bo_trach())) == zones["province"]
    assert shipping_zone_for(shop.pk, address(quang_tri())) == zones["province"]
    assert shipping_zone_for(shop.pk, address(ha_noi())) == zones["nationwide"]
    assert shipping_zone_for(shop.pk, None) is None


def test_no_rest_of_country_zone_means_no_shipping_there(shop, zones):
    zones["nationwide"].delete()

    assert shipping_zone_for(shop.pk, address(ha_noi())) is None
    assert shipping_options(
        shops=[shop], address=address(ha_noi()), parcels={shop.pk: Parcel(100_000, 500)}
    ) == {shop.pk: []}


def test_inactive_zone_is_skipped_for_the_next_specific(shop, zones):
    ShippingZone.objects.filter(pk=zones["district"].pk).update(is_active=False)

    assert shipping_zone_for(shop.pk, address(quang_tri(), dong_hoi())) == zones["province"]
    ShippingZone.objects.filter(pk=zones["province"].pk).update(is_active=False)
    assert shipping_zone_for(shop.pk, address(quang_tri(), dong_hoi())) == zones["nationwide"]


def test_other_shops_zones_are_not_used(shop, other_shop, zones):
    ShippingZoneFactory(shop=other_shop, name="Khác", districts=[bo_trach()])

    assert shipping_zone_for(shop.pk, address(quang_tri(), bo_trach())) == zones["province"]
    assert shipping_zone_for(other_shop.pk, address(quang_tri(), dong_hoi())) is None


# --- fees ------------------------------------------------------------------------------------


def _option_prices(shop, addr, parcel) -> list[tuple[str, int]]:
    return [
        (o.name_vi, o.price)
        for o in shipping_options(shops=[shop], address=addr, parcels={shop.pk: parcel})[shop.pk]
    ]


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        (0, [("Tiêu chuẩn", 30_000)]),
        (499, [("Tiêu chuẩn", 30_000)]),
        (500, [("Tiêu chuẩn", 30_000)]),
        (501, [("Tiêu chuẩn", 35_000)]),
        (1_000, [("Tiêu chuẩn", 35_000)]),
        (2_999, [("Tiêu chuẩn", 50_000)]),
        (10_000, [("Tiêu chuẩn", 90_000)]),
        (10_001, []),  # heavier than the largest band: not offered
    ],
)
def test_weight_bands(shop, zones, weight, expected):
    assert (
        _option_prices(shop, address(ha_noi()), Parcel(subtotal=200_000, weight_grams=weight))
        == expected
    )


def test_free_above_at_and_over_the_threshold(shop, zones):
    hanoi, in_province = address(ha_noi()), address(quang_tri(), bo_trach())

    assert _option_prices(shop, hanoi, Parcel(999_999, 2_000)) == [("Tiêu chuẩn", 50_000)]
    assert _option_prices(shop, hanoi, Parcel(1_000_000, 2_000)) == [("Tiêu chuẩn", 0)]
    assert _option_prices(shop, hanoi, Parcel(1_000_000, 20_000)) == []  # free, but still too heavy
    assert _option_prices(shop, in_province, Parcel(299_999, 50_000)) == [
        ("Nội tỉnh", 20_000)
    ]  # flat: any weight
    assert _option_prices(shop, in_province, Parcel(300_000, 50_000)) == [("Nội tỉnh", 0)]


def test_options_are_full_and_cheapest_first(shop, zones):
    express = ShippingMethodFactory(
        zone=zones["province"],
        name_vi="Hỏa tốc",
        name_en="Express",
        price=45_000,
        min_days=0,
        max_days=1,
    )
    standard = zones["province"].methods.get(name_vi="Nội tỉnh")

    result = shipping_options(
        shops=[shop.pk], address=address(quang_tri()), parcels={shop.pk: Parcel(100_000, 800)}
    )

    assert result == {
        shop.pk: [
            ShippingOption(
                method_id=standard.pk,
                name_vi="Nội tỉnh",
                name_en=standard.name_en,
                price=20_000,
                min_days=1,
                max_days=2,
            ),
            ShippingOption(
                method_id=express.pk,
                name_vi="Hỏa tốc",
                name_en="Express",
                price=45_000,
                min_days=0,
                max_days=1,
            ),
        ]
    }


def test_inactive_method_is_not_offered(shop, zones):
    ShippingMethod.objects.filter(zone=zones["province"]).update(is_active=False)

    assert _option_prices(shop, address(quang_tri()), Parcel(100_000, 800)) == []


def test_weight_method_without_bands_is_not_offered(shop, zones):
    ShippingWeightBand.objects.filter(method__zone=zones["nationwide"]).delete()

    assert _option_prices(shop, address(ha_noi()), Parcel(100_000, 100)) == []


def test_options_without_address_or_parcel(shop, zones):
    assert shipping_options(shops=[shop], address=None, parcels={shop.pk: Parcel(1, 1)}) == {
        shop.pk: []
    }
    assert shipping_options(shops=[], address=address(ha_noi()), parcels={}) == {}
    with pytest.raises(ValueError, match="No parcel"):
        shipping_options(shops=[shop], address=address(ha_noi()), parcels={})


def _shops_with_shipping(n: int) -> list:
    shops = []
    for _index in range(n):
        shop = ShopFactory()
        nationwide = ShippingZoneFactory(shop=shop)
        ShippingMethodFactory(zone=nationwide, kind="weight", bands=BANDS)
        ShippingMethodFactory(zone=nationwide, price=60_000)
        in_province = ShippingZoneFactory(shop=shop, provinces=[quang_tri()])
        ShippingMethodFactory(zone=in_province, price=20_000)
        ShippingZoneFactory(shop=shop, districts=[dong_hoi()], is_active=False)
        shops.append(shop)
    return shops


@pytest.mark.parametrize("addr_kind", ["district", "province", "nationwide"])
def test_options_query_count_does_not_grow_with_shops(admin_units, addr_kind):
    addr = {
        "district": lambda: address(quang_tri(), dong_hoi()),
        "province": lambda: address(quang_tri()),
        "nationwide": lambda: address(ha_noi()),
    }[addr_kind]()
    one, five = _shops_with_shipping(1), _shops_with_shipping(5)
    counts = []
    for shops in (one, five):
        parcels = {s.pk: Parcel(100_000, 700) for s in shops}
        with CaptureQueriesContext(connection) as queries:
            result = shipping_options(shops=shops, address=addr, parcels=parcels)
        counts.append(len(queries))
        assert all(result[s.pk] for s in shops)
    assert counts == [3, 3]  # zones, methods, bands


# --- re-validation at completion ---------------------------------------------------------


def test_shipping_fee_and_method_available(shop, zones):
    nationwide_method = zones["nationwide"].methods.get()
    province_method = zones["province"].methods.get()
    hanoi, bo_trach_addr = address(ha_noi()), address(quang_tri(), bo_trach())

    assert (
        shipping_fee(method=nationwide_method, parcel=Parcel(100_000, 600), address=hanoi) == 35_000
    )
    assert shipping_fee(method=nationwide_method, parcel=Parcel(1_000_000, 600), address=hanoi) == 0
    assert (
        shipping_fee(method=nationwide_method, parcel=Parcel(100_000, 12_000), address=hanoi)
        is None
    )
    assert (
        shipping_fee(method=province_method, parcel=Parcel(100_000, 600), address=bo_trach_addr)
        == 20_000
    )
    # The province method does not reach Hà Nội; the nationwide one is not the zone of Bố Trạch.
    assert shipping_fee(method=province_method, parcel=Parcel(100_000, 600), address=hanoi) is None
    assert (
        shipping_fee(method=nationwide_method, parcel=Parcel(100_000, 600), address=bo_trach_addr)
        is None
    )
    assert shipping_fee(method=province_method, parcel=Parcel(100_000, 600), address=None) is None
    assert method_available(province_method, bo_trach_addr) is True


def test_shipping_fee_after_the_shop_changes_its_configuration(shop, zones):
    method = zones["province"].methods.get()
    addr = address(quang_tri(), bo_trach())

    ShippingZoneFactory(shop=shop, name="Bố Trạch", districts=[bo_trach()])  # now more specific
    assert (
        shipping_fee(
            method=ShippingMethod.objects.get(pk=method.pk), parcel=Parcel(1, 1), address=addr
        )
        is None
    )

    ShippingZone.objects.filter(shop=shop, name="Bố Trạch").delete()
    ShippingMethod.objects.filter(pk=method.pk).update(is_active=False)
    assert (
        shipping_fee(
            method=ShippingMethod.objects.get(pk=method.pk), parcel=Parcel(1, 1), address=addr
        )
        is None
    )

    ShippingMethod.objects.filter(pk=method.pk).update(is_active=True, price=25_000)
    ShippingZone.objects.filter(pk=zones["province"].pk).update(is_active=False)
    assert (
        shipping_fee(
            method=ShippingMethod.objects.get(pk=method.pk), parcel=Parcel(1, 1), address=addr
        )
        is None
    )

    ShippingZone.objects.filter(pk=zones["province"].pk).update(is_active=True)
    assert (
        shipping_fee(
            method=ShippingMethod.objects.get(pk=method.pk), parcel=Parcel(1, 1), address=addr
        )
        == 25_000
    )


# --- pickup points -------------------------------------------------------------------------


@pytest.fixture
def pickup_world(shop, other_shop):
    v1 = VariantFactory(product__shop=shop)
    v2 = VariantFactory(product__shop=shop)
    provincial = SalePointFactory(name="Điểm bán tỉnh", level=SalePoint.Level.PROVINCIAL)
    bo_trach_point = SalePointFactory(name="Bố Trạch", district=bo_trach())
    dong_hoi_point = SalePointFactory(name="Đồng Hới", district=dong_hoi())
    closed = SalePointFactory(name="Đã đóng", is_active=False)

    def put(point, variant, quantity, owner=shop):
        return Stock.objects.create(
            variant=variant, location=point.location, shop=owner, quantity=quantity
        )

    put(bo_trach_point, v1, 5)
    put(bo_trach_point, v2, 2)
    put(dong_hoi_point, v1, 5)  # no v2 there
    held = put(provincial, v2, 3)
    put(provincial, v1, 3)
    put(closed, v1, 9)
    put(closed, v2, 9)
    now = timezone.now()
    StockReservation.objects.create(
        stock=held, quantity=2, source="order", reference="A1"
    )  # holds 2
    StockReservation.objects.create(
        stock=held,
        quantity=3,
        source="checkout",
        reference="C1",
        expires_at=now - datetime.timedelta(minutes=1),
    )  # expired
    StockReservation.objects.create(
        stock=held,
        quantity=3,
        source="order",
        reference="A0",
        status=StockReservation.Status.RELEASED,
    )
    return {
        "v1": v1,
        "v2": v2,
        "provincial": provincial,
        "bo_trach": bo_trach_point,
        "dong_hoi": dong_hoi_point,
    }


def test_pickup_points_need_every_line_available(shop, pickup_world):
    w = pickup_world
    v1, v2 = w["v1"].pk, w["v2"].pk

    assert pickup_points(shop_id=shop.pk, lines=[(v1, 2)]) == [
        w["provincial"],
        w["bo_trach"],
        w["dong_hoi"],
    ]
    # Provincial: 3 on hand − 2 held by an active order = 1 available of v2.
    assert pickup_points(shop_id=shop.pk, lines=[(v1, 2), (v2, 1)]) == [
        w["provincial"],
        w["bo_trach"],
    ]
    assert pickup_points(shop_id=shop.pk, lines=[(v1, 2), (v2, 2)]) == [w["bo_trach"]]
    assert pickup_points(shop_id=shop.pk, lines=[(v1, 1), (v2, 1), (v2, 1)]) == [
        w["bo_trach"]
    ]  # lines add up
    assert pickup_points(shop_id=shop.pk, lines=[(v1, 6)]) == []
    assert pickup_points(shop_id=shop.pk, lines=[]) == []


def test_pickup_points_ignore_another_shops_goods(shop, other_shop, pickup_world):
    w = pickup_world
    foreign = VariantFactory(product__shop=other_shop)
    Stock.objects.create(
        variant=foreign, location=w["bo_trach"].location, shop=other_shop, quantity=10
    )

    assert pickup_points(shop_id=shop.pk, lines=[(foreign.pk, 1)]) == []
    assert pickup_points(shop_id=other_shop.pk, lines=[(w["v1"].pk, 1)]) == []
    assert pickup_points(shop_id=other_shop.pk, lines=[(foreign.pk, 1)]) == [w["bo_trach"]]


def test_pickup_points_query_count_is_constant(shop, pickup_world):
    w = pickup_world
    extra = [VariantFactory(product__shop=shop) for _i in range(4)]
    for variant in extra:
        Stock.objects.create(
            variant=variant, location=w["bo_trach"].location, shop=shop, quantity=4
        )
    with CaptureQueriesContext(connection) as one:
        pickup_points(shop_id=shop.pk, lines=[(w["v1"].pk, 1)])
    with CaptureQueriesContext(connection) as many:
        result = pickup_points(
            shop_id=shop.pk, lines=[(w["v1"].pk, 1), (w["v2"].pk, 1)] + [(v.pk, 1) for v in extra]
        )
    assert result == [w["bo_trach"]]
    assert result[0].district == bo_trach()  # loaded with the row
    assert (len(one), len(many)) == (1, 1)


# --- configuration services -----------------------------------------------------------------


def test_zone_save_creates_and_updates(shop, owner):
    zone = shipping_zone_save(
        actor=owner, shop=shop, name="  Miền Trung ", province_ids=[quang_tri().pk], district_ids=[]
    )
    assert (zone.name, zone.is_active) == ("Miền Trung", True)
    assert list(zone.provinces.all()) == [quang_tri()]

    same = shipping_zone_save(
        actor=owner,
        shop=shop,
        zone=zone,
        name="Đồng Hới và Bố Trạch",
        province_ids=[],
        district_ids=[str(dong_hoi().pk), bo_trach().pk],
        is_active=False,
    )
    assert same.pk == zone.pk
    zone.refresh_from_db()
    assert (zone.name, zone.is_active, list(zone.provinces.all())) == (
        "Đồng Hới và Bố Trạch",
        False,
        [],
    )
    assert set(zone.districts.all()) == {dong_hoi(), bo_trach()}


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"name": " "}, "name", "required"),
        ({"name": "x" * 121}, "name", "max_length"),
        (
            {"province_ids": "district"},
            "province_ids",
            "invalid_province",
        ),  # a former district as province
        (
            {"province_ids": "former_province"},
            "province_ids",
            "invalid_province",
        ),  # Quảng Bình (former)
        ({"district_ids": "province"}, "district_ids", "invalid_district"),
        ({"district_ids": "commune"}, "district_ids", "invalid_district"),
        ({"province_ids": ["abc"]}, "province_ids", "invalid"),
        ({"province_ids": [987654321]}, "province_ids", "invalid_province"),
    ],
)
def test_zone_save_rejects_bad_input(shop, owner, kwargs, field, code):
    units = {
        "district": [dong_hoi().pk],
        "province": [quang_tri().pk],
        "former_province": [
            AdministrativeUnit.objects.get(generation="former", level="province").pk
        ],
        "commune": [
            AdministrativeUnit.objects.filter(generation="current", level="commune").first().pk
        ],
    }
    data = {"name": "Vùng", "province_ids": [], "district_ids": []}
    data.update(
        {k: units.get(v, v) if isinstance(v, str) and k != "name" else v for k, v in kwargs.items()}
    )

    with pytest.raises(ValidationError) as exc:
        shipping_zone_save(actor=owner, shop=shop, **data)

    assert [e.code for e in exc.value.error_dict[field]] == [code]
    assert ShippingZone.objects.filter(shop=shop).count() == 0


def test_zone_overlaps_are_rejected_between_active_zones(shop, owner, zones):
    before = shipping_rows(shop)

    with pytest.raises(ValidationError) as exc:
        shipping_zone_save(
            actor=owner,
            shop=shop,
            name="Trùng",
            province_ids=[quang_tri().pk, ha_noi().pk],
            district_ids=[dong_hoi().pk],
        )
    assert [e.code for e in exc.value.error_dict["province_ids"]] == ["overlap"]
    assert "Nội tỉnh" in exc.value.error_dict["province_ids"][0].message
    assert [e.code for e in exc.value.error_dict["district_ids"]] == ["overlap"]

    with pytest.raises(ValidationError) as exc:
        shipping_zone_save(
            actor=owner, shop=shop, name="Toàn quốc 2", province_ids=[], district_ids=[]
        )
    assert [e.code for e in exc.value.error_dict["__all__"]] == ["overlap"]

    with pytest.raises(ValidationError):  # editing a zone into another's area
        shipping_zone_save(
            actor=owner,
            shop=shop,
            zone=zones["district"],
            name="Đồng Hới",
            province_ids=[quang_tri().pk],
            district_ids=[dong_hoi().pk],
        )
    assert shipping_rows(shop) == before

    # An inactive zone may overlap (a draft); re-saving a zone with its own area is fine.
    draft = shipping_zone_save(
        actor=owner,
        shop=shop,
        name="Nháp",
        province_ids=[quang_tri().pk],
        district_ids=[],
        is_active=False,
    )
    assert draft.is_active is False
    shipping_zone_save(
        actor=owner,
        shop=shop,
        zone=zones["province"],
        name="Nội tỉnh QT",
        province_ids=[quang_tri().pk],
        district_ids=[],
    )
    with pytest.raises(ValidationError):  # …but activating it clashes
        shipping_zone_save(
            actor=owner,
            shop=shop,
            zone=draft,
            name="Nháp",
            province_ids=[quang_tri().pk],
            district_ids=[],
        )


def test_zone_and_method_tenancy(shop, owner, other_shop, other_owner, zones, customer):
    method = zones["province"].methods.get()
    foreign_zone = ShippingZoneFactory(shop=other_shop)
    foreign_method = ShippingMethodFactory(zone=foreign_zone)
    before = shipping_rows(shop), shipping_rows(other_shop)

    with pytest.raises(NotFound):
        shipping_zone_save(
            actor=owner, shop=shop, zone=foreign_zone, name="X", province_ids=[], district_ids=[]
        )
    with pytest.raises(NotFound):
        shipping_zone_delete(actor=owner, shop=shop, zone=foreign_zone)
    with pytest.raises(NotFound):
        shipping_method_save(
            actor=owner,
            zone=zones["province"],
            method=foreign_method,
            name_vi="X",
            kind="flat",
            price=1,
            min_days=1,
            max_days=2,
        )
    with pytest.raises(NotFound):
        shipping_method_delete(actor=owner, shop=shop, method=foreign_method)
    for intruder in (other_owner, customer, None):
        with pytest.raises(Forbidden):
            shipping_zone_save(
                actor=intruder, shop=shop, name="X", province_ids=[], district_ids=[]
            )
        with pytest.raises(Forbidden):
            shipping_zone_delete(actor=intruder, shop=shop, zone=zones["province"])
        with pytest.raises(Forbidden):
            shipping_method_save(
                actor=intruder,
                zone=zones["province"],
                name_vi="X",
                kind="flat",
                price=1,
                min_days=1,
                max_days=2,
            )
        with pytest.raises(Forbidden):
            shipping_method_delete(actor=intruder, shop=shop, method=method)
    for intruder in (other_owner, customer):
        with pytest.raises(Forbidden):
            shipping_defaults_create(other_shop if intruder is customer else shop, actor=intruder)
    assert (shipping_rows(shop), shipping_rows(other_shop)) == before


METHOD_OK = {
    "name_vi": "Giao nhanh",
    "name_en": "Fast",
    "kind": "flat",
    "price": 25_000,
    "free_above": None,
    "min_days": 1,
    "max_days": 2,
    "bands": [],
}


def test_method_save_flat_and_weight(shop, owner, zones, shop_staff):
    zone = zones["nationwide"]
    flat = shipping_method_save(actor=shop_staff, zone=zone, **METHOD_OK)
    assert (
        flat.kind,
        flat.price,
        flat.free_above,
        flat.min_days,
        flat.max_days,
        flat.bands.count(),
    ) == ("flat", 25_000, None, 1, 2, 0)

    weight = shipping_method_save(
        actor=owner,
        zone=zone,
        method=flat,
        **{
            **METHOD_OK,
            "kind": "weight",
            "price": 0,
            "free_above": 500_000,
            "bands": [(2_000, 40_000), (500, 25_000), (1_000, 30_000)],
        },
    )
    assert weight.pk == flat.pk
    flat.refresh_from_db()
    # Bands are stored sorted; the lightest band's fee is the "from" price.
    assert list(flat.bands.values_list("max_grams", "price")) == [
        (500, 25_000),
        (1_000, 30_000),
        (2_000, 40_000),
    ]
    assert (flat.kind, flat.price, flat.free_above) == ("weight", 25_000, 500_000)

    back = shipping_method_save(
        actor=owner, zone=zones["province"], method=flat, **{**METHOD_OK, "price": 0}
    )
    back.refresh_from_db()
    assert (back.zone_id, back.kind, back.price, back.bands.count()) == (
        zones["province"].pk,
        "flat",
        0,
        0,
    )


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name_vi": "  "}, "name_vi", "required"),
        ({"name_en": "e" * 121}, "name_en", "max_length"),
        ({"kind": "express"}, "kind", "invalid_choice"),
        ({"price": -1}, "price", "invalid_amount"),
        ({"price": 1.5}, "price", "invalid_amount"),
        ({"price": None}, "price", "required"),
        ({"price": True}, "price", "invalid_amount"),
        ({"free_above": -5}, "free_above", "invalid_amount"),
        ({"min_days": 3, "max_days": 2}, "max_days", "days_order"),
        ({"min_days": -1}, "min_days", "invalid_days"),
        ({"max_days": 400}, "max_days", "invalid_days"),
        ({"bands": [(500, 1_000)]}, "bands", "bands_not_allowed"),
        ({"kind": "weight", "bands": []}, "bands", "bands_required"),
        ({"kind": "weight", "bands": [(0, 1_000)]}, "bands", "invalid_weight"),
        ({"kind": "weight", "bands": [(500, -1)]}, "bands", "invalid_amount"),
        ({"kind": "weight", "bands": [(500, 1_000), (500, 2_000)]}, "bands", "duplicate"),
        ({"kind": "weight", "bands": [(500,)]}, "bands", "invalid"),
    ],
)
def test_method_save_rejects_bad_input_and_saves_nothing(shop, owner, zones, changes, field, code):
    method = zones["nationwide"].methods.get()
    before = shipping_rows(shop)

    with pytest.raises(ValidationError) as exc:
        shipping_method_save(actor=owner, zone=zones["nationwide"], **{**METHOD_OK, **changes})
    assert [e.code for e in exc.value.error_dict[field]] == [code]
    with pytest.raises(ValidationError):  # the same bad input as an update
        shipping_method_save(
            actor=owner, zone=zones["nationwide"], method=method, **{**METHOD_OK, **changes}
        )
    assert shipping_rows(shop) == before


def test_deletes(shop, owner, zones):
    method = zones["province"].methods.get()
    shipping_method_delete(actor=owner, shop=shop, method=method)
    assert not ShippingMethod.objects.filter(pk=method.pk).exists()

    nationwide_methods = list(zones["nationwide"].methods.values_list("pk", flat=True))
    shipping_zone_delete(actor=owner, shop=shop, zone=zones["nationwide"])
    assert not ShippingZone.objects.filter(pk=zones["nationwide"].pk).exists()
    assert not ShippingMethod.objects.filter(pk__in=nationwide_methods).exists()
    assert not ShippingWeightBand.objects.filter(method_id__in=nationwide_methods).exists()


# --- defaults ------------------------------------------------------------------------------


def test_defaults(shop):
    created = shipping_defaults_create(shop)

    assert [z.name for z in created] == [WITHIN_PROVINCE_ZONE, NATIONWIDE_ZONE]
    assert shipping_rows(shop) == [
        (
            created[0].pk,
            WITHIN_PROVINCE_ZONE,
            True,
            [quang_tri().pk],
            [],
            [
                (
                    created[0].methods.get().pk,
                    "Giao hàng nội tỉnh",
                    "Within-province delivery",
                    "flat",
                    20_000,
                    300_000,
                    1,
                    2,
                    True,
                    [],
                )
            ],
        ),
        (
            created[1].pk,
            NATIONWIDE_ZONE,
            True,
            [],
            [],
            [
                (
                    created[1].methods.get().pk,
                    "Giao hàng tiêu chuẩn",
                    "Standard delivery",
                    "weight",
                    30_000,
                    1_000_000,
                    2,
                    5,
                    True,
                    [(500, 30_000), (1_000, 35_000), (3_000, 50_000), (10_000, 90_000)],
                )
            ],
        ),
    ]
    assert shipping_defaults_create(shop) == []  # idempotent
    assert ShippingZone.objects.filter(shop=shop).count() == 2

    dong_hoi_addr, hanoi = address(quang_tri(), dong_hoi()), address(ha_noi())
    assert _option_prices(shop, dong_hoi_addr, Parcel(200_000, 1_200)) == [
        ("Giao hàng nội tỉnh", 20_000)
    ]
    assert _option_prices(shop, dong_hoi_addr, Parcel(300_000, 1_200)) == [
        ("Giao hàng nội tỉnh", 0)
    ]
    assert _option_prices(shop, hanoi, Parcel(200_000, 1_200)) == [("Giao hàng tiêu chuẩn", 50_000)]
    assert _option_prices(shop, hanoi, Parcel(1_000_000, 1_200)) == [("Giao hàng tiêu chuẩn", 0)]


def test_defaults_leave_configured_shops_alone(shop, zones):
    before = shipping_rows(shop)
    assert shipping_defaults_create(shop) == []
    assert shipping_rows(shop) == before


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
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(4):
        zone = ShippingZoneFactory(
            shop=shop,
            provinces=[province(code) for code in ("01", "04", "08", "11")[index : index + 1]],
        )
        ShippingMethodFactory(zone=zone, kind="weight", bands=BANDS)
        ShippingMethodFactory(zone=zone)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("<section") == 7
    assert len(many) == len(few)


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
