"""The address book's side of ``AddressInput`` for the account mutations: an entry read
back as input data, and an update's fields laid over it. Saleor's ``Address`` type and the
one ``AddressInput`` → address-data converter are the checkout's
(``orders.graphql.types.address`` and ``orders.graphql.address``)."""

from __future__ import annotations

from typing import Any

from orders.graphql.address import ADDRESS_FIELD_MAP, address_input_to_data, split_name

#: service field → ``AddressInput`` field, for error ``field`` names.
FIELD_MAP = {**ADDRESS_FIELD_MAP, "address": "input"}


def address_as_input(address: Any) -> dict[str, Any]:
    """An address-book entry as ``AddressInput`` data (official codes for places), the
    base an update's given fields are laid over."""
    first_name, last_name = split_name(address.full_name)
    return {
        "first_name": first_name,
        "last_name": last_name,
        "street_address1": address.street,
        "phone": address.phone,
        "country": "VN",
        "country_area": address.province.code,
        "city": address.commune.code,
        "city_area": address.district.code if address.district_id else "",
    }


def address_update_data(address: Any, data: dict[str, Any]) -> dict[str, Any]:
    """The full address data after laying the given ``AddressInput`` fields over the
    entry (a new province or commune drops the former district unless given)."""
    given = {key: value for key, value in data.items() if value is not None}
    base = address_as_input(address)
    if ("country_area" in given or "city" in given) and "city_area" not in given:
        base["city_area"] = ""
    if "street_address1" in given and "street_address2" not in given:
        base.pop("street_address2", None)
    return address_input_to_data({**base, **given})
