"""Per-shop shipping: zone resolution (former district > province > rest of Vietnam),
fees (flat, weight bands, free above), batched quotes in constant queries, re-validation at
completion and pickup points from sale-point availability (configuration services and the
defaults in test_shipping_config.py, the dashboard pages in test_shipping_views.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from orders.models import ShippingMethod, ShippingWeightBand, ShippingZone
from orders.selectors.shipping import (
    Parcel,
    ShippingOption,
    method_available,
    pickup_points,
    shipping_fee,
    shipping_options,
    shipping_zone_for,
)
from shops.models import SalePoint, StockReservation
from tests.factories.orders import ShippingMethodFactory, ShippingZoneFactory
from tests.factories.shops import SalePointFactory, ShopFactory, VariantFactory, make_stock
from tests.orders.shipping_helpers import (
    BANDS,
    address,
    bo_trach,
    dong_hoi,
    ha_noi,
    option_prices,
    quang_tri,
)
from tests.support.queries import count_queries

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
        option_prices(shop, address(ha_noi()), Parcel(subtotal=200_000, weight_grams=weight))
        == expected
    )


def test_free_above_at_and_over_the_threshold(shop, zones):
    hanoi, in_province = address(ha_noi()), address(quang_tri(), bo_trach())

    assert option_prices(shop, hanoi, Parcel(999_999, 2_000)) == [("Tiêu chuẩn", 50_000)]
    assert option_prices(shop, hanoi, Parcel(1_000_000, 2_000)) == [("Tiêu chuẩn", 0)]
    assert option_prices(shop, hanoi, Parcel(1_000_000, 20_000)) == []  # free, but still too heavy
    assert option_prices(shop, in_province, Parcel(299_999, 50_000)) == [
        ("Nội tỉnh", 20_000)
    ]  # flat: any weight
    assert option_prices(shop, in_province, Parcel(300_000, 50_000)) == [("Nội tỉnh", 0)]


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

    assert option_prices(shop, address(quang_tri()), Parcel(100_000, 800)) == []


def test_weight_method_without_bands_is_not_offered(shop, zones):
    ShippingWeightBand.objects.filter(method__zone=zones["nationwide"]).delete()

    assert option_prices(shop, address(ha_noi()), Parcel(100_000, 100)) == []


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
        count, result = count_queries(shipping_options, shops=shops, address=addr, parcels=parcels)
        counts.append(count)
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
        return make_stock(variant, quantity, point.location, shop=owner)

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
    make_stock(foreign, 10, w["bo_trach"].location)

    assert pickup_points(shop_id=shop.pk, lines=[(foreign.pk, 1)]) == []
    assert pickup_points(shop_id=other_shop.pk, lines=[(w["v1"].pk, 1)]) == []
    assert pickup_points(shop_id=other_shop.pk, lines=[(foreign.pk, 1)]) == [w["bo_trach"]]


def test_pickup_points_query_count_is_constant(shop, pickup_world):
    w = pickup_world
    extra = [VariantFactory(product__shop=shop) for _i in range(4)]
    for variant in extra:
        make_stock(variant, 4, w["bo_trach"].location)
    one, _ = count_queries(pickup_points, shop_id=shop.pk, lines=[(w["v1"].pk, 1)])
    many, result = count_queries(
        pickup_points,
        shop_id=shop.pk,
        lines=[(w["v1"].pk, 1), (w["v2"].pk, 1)] + [(v.pk, 1) for v in extra],
    )
    assert result == [w["bo_trach"]]
    assert result[0].district == bo_trach()  # loaded with the row
    assert (one, many) == (1, 1)
