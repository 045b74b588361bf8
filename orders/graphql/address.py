"""Saleor's address shape ↔ our Vietnamese address.

Output (``Address`` type): ``lastName`` is the family name (the first word of the full
name), ``firstName`` the rest; ``streetAddress1`` the street line; ``city`` the commune
and, when known, the former district ("Xã Minh Hóa, Huyện Minh Hóa"); ``countryArea``
the province ("Tỉnh Quảng Trị"); ``country`` VN.

Input (``AddressInput``): the same, read back: the province from ``countryArea``, the
commune from ``city`` (its first part that is a commune of the province) and the former
district from the rest of ``city`` or from ``cityArea``; each by official code, id or
name (accents, case and the unit word are ignored). Full name = lastName + firstName."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from orders.models import Address
from orders.selectors.units import communes_of, former_districts, province_find, unit_find

COUNTRY = "VN"
#: service field → Saleor ``AddressInput`` field, for error ``field`` names.
ADDRESS_FIELD_MAP = {
    "province": "countryArea",
    "commune": "city",
    "district": "city",
    "street": "streetAddress1",
    "full_name": "firstName",
    "phone": "phone",
    "country": "country",
}


def split_name(full_name: str) -> tuple[str, str]:
    """(firstName, lastName): Vietnamese names put the family name first."""
    parts = (full_name or "").split()
    if len(parts) < 2:
        return (parts[0] if parts else ""), ""
    return " ".join(parts[1:]), parts[0]


def join_name(first_name: str | None, last_name: str | None) -> str:
    return " ".join(p.strip() for p in (last_name or "", first_name or "") if p and p.strip())


def city_of(address: Address) -> str:
    parts = [address.commune.full_name]
    if address.district_id:
        parts.append(address.district.full_name)  # type: ignore[union-attr]
    return ", ".join(parts)


def _parts(*values: Any) -> list[str]:
    return [p.strip() for value in values if value for p in str(value).split(",") if p.strip()]


def address_input_to_data(data: dict[str, Any]) -> dict[str, Any]:
    """A Saleor ``AddressInput`` (snake_case keys) as ``orders.services.cart.address_clean``
    data. Unknown places keep a marker the service rejects with its own message; a
    foreign country is refused here (we deliver in Vietnam only)."""
    country = data.get("country")
    country = getattr(country, "value", country)
    if country not in (None, "", COUNTRY):
        raise ValidationError(
            {
                "country": ValidationError(
                    "Chỉ giao hàng trong Việt Nam. / We only deliver in Vietnam.", code="invalid"
                )
            }
        )
    area = str(data.get("country_area") or "").strip()
    province = province_find(area) if area else None
    city_parts = _parts(data.get("city"))
    area_parts = _parts(data.get("city_area"))
    commune = None
    if province is not None:
        communes = communes_of(province)
        commune = next(
            (c for c in (unit_find(communes, p) for p in city_parts + area_parts) if c), None
        )
    district = None
    rest = [
        p for p in city_parts + area_parts if commune is None or unit_find([commune], p) is None
    ]
    if rest:
        districts = former_districts()
        district = next((d for d in (unit_find(districts, p) for p in rest) if d), None)
    return {
        "province": province.pk if province else (f"?{area}" if area else None),
        "commune": commune.pk if commune else (f"?{city_parts[0]}" if city_parts else None),
        "district": district.pk if district else None,
        "full_name": join_name(data.get("first_name"), data.get("last_name")),
        "phone": str(data.get("phone") or "").strip(),
        "street": ", ".join(_parts(data.get("street_address1"), data.get("street_address2"))),
    }


def address_input_complete(data: dict[str, Any]) -> bool:
    """Whether every part our addresses require was given (Saleor's autosave sends
    partial addresses with ``checkRequiredFields: false``)."""
    return all(
        str(data.get(key) or "").strip()
        for key in ("country_area", "city", "street_address1", "phone")
    ) and bool(join_name(data.get("first_name"), data.get("last_name")))
