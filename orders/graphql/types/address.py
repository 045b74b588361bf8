"""Saleor's ``Address`` over an address-book or order address (``orders.models.Address``)
or a sale point's plain address, its validation rules and Vietnam's address rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene

from marketplace.graphql.common import CountryDisplay
from orders.models import Address as AddressModel
from orders.selectors.address_book import address_book

from ..address import COUNTRY, city_of, split_name
from .base import NODE_META, viewer


@dataclass(frozen=True)
class PlainAddress:
    """An address that is not an address-book entry (a sale point's)."""

    key: str
    name: str
    street: str
    city: str
    area: str
    phone: str


class CheckoutAddressValidationRules(graphene.InputObjectType):
    check_required_fields = graphene.Boolean(
        default_value=True,
        description="Determines if an error should be "
        "raised when the provided address "
        "doesn't have all the required fields.",
    )
    check_fields_format = graphene.Boolean(
        default_value=True,
        description="Determines if an error should be raised "
        "when the provided address doesn't match "
        "the expected format.",
    )
    enable_fields_normalization = graphene.Boolean(
        default_value=True,
        description="Determines if Saleor should apply normalization on address fields.",
    )


class CheckoutValidationRules(graphene.InputObjectType):
    shipping_address = graphene.Field(CheckoutAddressValidationRules)
    billing_address = graphene.Field(CheckoutAddressValidationRules)


class Address(graphene.ObjectType):
    class Meta:
        interfaces = NODE_META
        description = "Represents user address data."

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, (AddressModel, PlainAddress))

    first_name = graphene.String(required=True)
    last_name = graphene.String(required=True)
    company_name = graphene.String(required=True)
    street_address1 = graphene.String(required=True)
    street_address2 = graphene.String(required=True)
    city = graphene.String(required=True)
    city_area = graphene.String(required=True)
    postal_code = graphene.String(required=True)
    country = graphene.Field(CountryDisplay, required=True, description="Shop's default country.")
    country_area = graphene.String(required=True)
    phone = graphene.String()
    is_default_shipping_address = graphene.Boolean(
        description="Address is user's default shipping address."
    )
    is_default_billing_address = graphene.Boolean(
        description="Address is user's default billing address."
    )

    @classmethod
    def get_node(cls, info: Any, id: str) -> AddressModel | None:
        if not str(id).isdigit():
            return None
        return address_book(user=viewer(info)).filter(pk=int(id)).first()

    @staticmethod
    def resolve_id(root: Any, info: Any) -> Any:
        return root.key if isinstance(root, PlainAddress) else root.pk

    @staticmethod
    def resolve_first_name(root: Any, info: Any) -> str:
        return split_name(root.name if isinstance(root, PlainAddress) else root.full_name)[0]

    @staticmethod
    def resolve_last_name(root: Any, info: Any) -> str:
        return split_name(root.name if isinstance(root, PlainAddress) else root.full_name)[1]

    @staticmethod
    def resolve_company_name(root: Any, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_street_address1(root: Any, info: Any) -> str:
        return root.street

    @staticmethod
    def resolve_street_address2(root: Any, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_city(root: Any, info: Any) -> str:
        return root.city if isinstance(root, PlainAddress) else city_of(root)

    @staticmethod
    def resolve_city_area(root: Any, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_postal_code(root: Any, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_country(root: Any, info: Any) -> str:
        return COUNTRY

    @staticmethod
    def resolve_country_area(root: Any, info: Any) -> str:
        return root.area if isinstance(root, PlainAddress) else root.province.full_name

    @staticmethod
    def resolve_phone(root: Any, info: Any) -> str | None:
        return root.phone or None

    @staticmethod
    def resolve_is_default_shipping_address(root: Any, info: Any) -> bool | None:
        if isinstance(root, PlainAddress) or root.user_id is None:
            return None
        return bool(root.is_default)

    resolve_is_default_billing_address = resolve_is_default_shipping_address


class ChoiceValue(graphene.ObjectType):
    raw = graphene.String()
    verbose = graphene.String()


class AddressValidationData(graphene.ObjectType):
    """Vietnam's address rules: the province (``countryArea``, one of 34) and the commune
    (``city``, optionally followed by the former district) are required, with their
    choices; no postal code."""

    country_code = graphene.String(required=True)
    country_name = graphene.String(required=True)
    address_format = graphene.String(required=True)
    address_latin_format = graphene.String(required=True)
    allowed_fields = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    required_fields = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    upper_fields = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    country_area_type = graphene.String(required=True)
    country_area_choices = graphene.NonNull(graphene.List(graphene.NonNull(ChoiceValue)))
    city_type = graphene.String(required=True)
    city_choices = graphene.NonNull(graphene.List(graphene.NonNull(ChoiceValue)))
    city_area_type = graphene.String(required=True)
    city_area_choices = graphene.NonNull(graphene.List(graphene.NonNull(ChoiceValue)))
    postal_code_type = graphene.String(required=True)
    postal_code_matchers = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    postal_code_examples = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    postal_code_prefix = graphene.String(required=True)
