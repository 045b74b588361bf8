"""What the shipping tests share (tests/orders/test_shipping*.py): places, a buyer's
address, the weight bands of the ``zones`` fixture (tests/orders/conftest.py) and a
snapshot of a shop's whole shipping configuration."""

from __future__ import annotations

from typing import Any

from marketplace.models import AdministrativeUnit
from orders.models import Address, ShippingZone
from orders.selectors.shipping import Parcel, shipping_options
from tests.support.units import district, province

BANDS = [(500, 30_000), (1_000, 35_000), (3_000, 50_000), (10_000, 90_000)]


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


def option_prices(shop: Any, addr: Address, parcel: Parcel) -> list[tuple[str, int]]:
    """(name, price) of each shipping option ``shop`` offers for ``parcel`` to ``addr``."""
    return [
        (o.name_vi, o.price)
        for o in shipping_options(shops=[shop], address=addr, parcels={shop.pk: parcel})[shop.pk]
    ]
