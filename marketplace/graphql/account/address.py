"""The bridge to the checkout part's ``Address`` type, ``AddressInput`` and its input →
address-data converter (``orders/graphql``). Until those are committed, minimal
stand-ins with Saleor's names are used here (only one of each ever reaches the schema);
the converter below reads a Saleor ``AddressInput`` the Vietnamese way: province in
``countryArea``, commune in ``city``, former district (optional) in ``cityArea`` — each
by official code, id or name."""

from __future__ import annotations

import importlib
import unicodedata
from typing import Any

import graphene
from django.core.exceptions import ValidationError

from marketplace.models import AdministrativeUnit

from ..common import CountryDisplay
from ..metadata import ObjectWithMetadata


def theirs(name: str) -> Any:
    """``orders.graphql.types.<name>`` when the checkout part defines it."""
    try:
        module = importlib.import_module("orders.graphql.types")
    except ImportError:
        return None
    return getattr(module, name, None)


class _AddressFallback(graphene.ObjectType):
    """Saleor's ``Address`` (stand-in until ``orders.graphql.types.Address`` exists)."""

    class Meta:
        name = "Address"
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    company_name = graphene.String(required=True)
    street_address1 = graphene.String(required=True)
    street_address2 = graphene.String(required=True)
    city = graphene.String(required=True)
    city_area = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    country = graphene.Field(CountryDisplay, required=True)
    country_area = graphene.String(required=True)
    phone = graphene.String()
    is_default_shipping_address = graphene.Boolean()
    is_default_billing_address = graphene.Boolean()

    @classmethod
    def get_node(cls, info: Any, id: Any) -> Any:
        from orders.selectors.address_book import address_book

        return address_book(user=info.context.user).filter(pk=id).first()

    # Vietnamese names put the family name first: lastName "Nguyễn", firstName "Văn An"
    resolve_first_name = staticmethod(
        lambda root, info: " ".join(root.full_name.split()[1:]) or root.full_name
    )
    resolve_last_name = staticmethod(
        lambda root, info: root.full_name.split()[0] if len(root.full_name.split()) > 1 else ""
    )
    resolve_company_name = staticmethod(lambda root, info: "")
    resolve_street_address1 = staticmethod(lambda root, info: root.street)
    resolve_street_address2 = staticmethod(lambda root, info: "")
    resolve_city = staticmethod(lambda root, info: root.commune.name)
    resolve_city_area = staticmethod(
        lambda root, info: root.district.name if root.district_id else ""
    )
    resolve_postal_code = staticmethod(lambda root, info: "")
    resolve_country = staticmethod(lambda root, info: "VN")
    resolve_country_area = staticmethod(lambda root, info: root.province.name)
    resolve_is_default_shipping_address = staticmethod(lambda root, info: bool(root.is_default))
    resolve_is_default_billing_address = staticmethod(lambda root, info: bool(root.is_default))


Address = theirs("Address") or _AddressFallback


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFC", str(text)).strip().lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _unit(value: Any, generation: str, level: str, parent: AdministrativeUnit | None = None) -> Any:
    """An id, official code or (accent-insensitive) name → the unit's pk; the raw value
    when nothing matches (``address_clean`` then names the field)."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    units = AdministrativeUnit.objects.filter(generation=generation, level=level)
    if parent is not None:
        units = units.filter(parent=parent)
    found = units.filter(code=text).first()
    if found is None:
        folded = _fold(text)
        for prefix in (
            "tinh ",
            "thanh pho ",
            "tp. ",
            "tp ",
            "xa ",
            "phuong ",
            "dac khu ",
            "huyen ",
            "thi xa ",
            "thi tran ",
        ):
            folded = folded.removeprefix(prefix)
        candidates = [
            u
            for u in units.only("pk", "name", "full_name", "slug")
            if folded in (_fold(u.name), _fold(u.full_name), u.slug.replace("-", " "))
        ]
        found = candidates[0] if len(candidates) == 1 else None
    return found.pk if found is not None else f"?{text}"


def _address_input_to_data(data: dict[str, Any]) -> dict[str, Any]:
    """A Saleor ``AddressInput`` as ``orders.services.cart.address_clean`` data. Only
    Vietnam is served (``country`` VN or unset)."""
    country = data.get("country")
    country = getattr(country, "value", country)
    if country not in (None, "", "VN"):
        raise ValidationError(
            {
                "country": ValidationError(
                    "Chỉ giao hàng trong Việt Nam. / We only deliver in Vietnam.", code="invalid"
                )
            }
        )
    province_pk = _unit(data.get("country_area"), "current", "province")
    province = (
        AdministrativeUnit.objects.filter(pk=province_pk).first()
        if isinstance(province_pk, int)
        else None
    )

    def joined(keys: tuple[str, ...], separator: str) -> str:
        return separator.join(
            str(data[k]).strip() for k in keys if data.get(k) and str(data[k]).strip()
        )

    result: dict[str, Any] = {
        "province": province_pk,
        "commune": _unit(data.get("city"), "current", "commune", province),
        "district": _unit(data.get("city_area"), "former", "district"),
        "full_name": joined(
            ("last_name", "first_name"), " "
        ),  # Vietnamese order: family name first
        "phone": data.get("phone") or "",
        "street": joined(("street_address1", "street_address2"), ", "),
    }
    return result


_FIELD_MAP = {
    "province": "countryArea",
    "commune": "city",
    "district": "cityArea",
    "full_name": "firstName",
    "street": "streetAddress1",
    "phone": "phone",
}


def _checkout_converter() -> tuple[Any, dict[str, str] | None]:
    try:
        module = importlib.import_module("orders.graphql.address")
    except ImportError:
        return None, None
    return getattr(module, "address_input_to_data", None), getattr(
        module, "ADDRESS_FIELD_MAP", None
    )


_converter, _their_map = _checkout_converter()
#: service field → ``AddressInput`` field, for error ``field`` names.
FIELD_MAP = {**(_their_map or _FIELD_MAP), "address": "input"}


def address_input_to_data(data: dict[str, Any]) -> dict[str, Any]:
    """The checkout part's converter when it exists, else the stand-in above."""
    return (_converter or _address_input_to_data)(data)


def address_as_input(address: Any) -> dict[str, Any]:
    """An address-book entry as ``AddressInput`` data (official codes for places), the
    base an update's given fields are laid over."""
    parts = (address.full_name or "").split()
    return {
        "first_name": " ".join(parts[1:]) if len(parts) > 1 else address.full_name,
        "last_name": parts[0] if len(parts) > 1 else "",
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
