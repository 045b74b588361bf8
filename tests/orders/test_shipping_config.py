"""Per-shop shipping configuration services: validation with nothing half-saved, zone
overlaps, tenancy, deletes, and the defaults a new shop gets."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from marketplace.errors import Forbidden, NotFound
from marketplace.models import AdministrativeUnit
from orders.models import ShippingMethod, ShippingWeightBand, ShippingZone
from orders.selectors.shipping import Parcel
from orders.services.shipping import (
    NATIONWIDE_ZONE,
    WITHIN_PROVINCE_ZONE,
    shipping_defaults_create,
    shipping_method_delete,
    shipping_method_save,
    shipping_zone_delete,
    shipping_zone_save,
)
from tests.factories.orders import ShippingMethodFactory, ShippingZoneFactory
from tests.orders.shipping_helpers import (
    address,
    bo_trach,
    dong_hoi,
    ha_noi,
    option_prices,
    quang_tri,
    shipping_rows,
)

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
    assert option_prices(shop, dong_hoi_addr, Parcel(200_000, 1_200)) == [
        ("Giao hàng nội tỉnh", 20_000)
    ]
    assert option_prices(shop, dong_hoi_addr, Parcel(300_000, 1_200)) == [("Giao hàng nội tỉnh", 0)]
    assert option_prices(shop, hanoi, Parcel(200_000, 1_200)) == [("Giao hàng tiêu chuẩn", 50_000)]
    assert option_prices(shop, hanoi, Parcel(1_000_000, 1_200)) == [("Giao hàng tiêu chuẩn", 0)]


def test_defaults_leave_configured_shops_alone(shop, zones):
    before = shipping_rows(shop)
    assert shipping_defaults_create(shop) == []
    assert shipping_rows(shop) == before
