"""The orders app's part of the GraphQL schema (stitched in marketplace/graphql/schema.py):
Saleor's checkout, payment and order operations, and the marketplace's per-shop delivery."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql import ids
from marketplace.graphql.common import COUNTRY_NAMES, CountryCode
from orders.selectors import checkout as checkout_selectors
from orders.selectors import orders as orders_selectors
from orders.selectors.units import communes_of, province_find, provinces

from . import mutations
from .types import AddressValidationData, Checkout, ChoiceValue, Order


def _choices(units: Any) -> list[ChoiceValue]:
    return [ChoiceValue(raw=unit.full_name, verbose=unit.full_name) for unit in units]


class Query(graphene.ObjectType):
    checkout = graphene.Field(
        Checkout,
        id=graphene.ID(description="The checkout's ID."),
        token=graphene.UUID(
            description="The checkout's token.", deprecation_reason="Use `id` instead."
        ),
        description="Look up a checkout by id. A checkout attached to an account is visible to that account only.",
    )
    order = graphene.Field(
        Order,
        id=graphene.ID(description="ID of an order."),
        external_reference=graphene.String(description="External ID of an order. Not used."),
        description="Look up an order by ID: its buyer, the shops it concerns, the OCOP office; a guest order for "
        "whoever holds its ID.",
    )
    order_by_token = graphene.Field(
        Order,
        token=graphene.UUID(required=True, description="The order's token."),
        description="Look up an order by token.",
        deprecation_reason="Use `order` query instead.",
    )
    address_validation_rules = graphene.Field(
        AddressValidationData,
        country_code=graphene.Argument(
            CountryCode, required=True, description="Two-letter ISO 3166-1 country code."
        ),
        country_area=graphene.String(description="Designation of a region, province or state."),
        city=graphene.String(description="City or a town name."),
        city_area=graphene.String(description="Sublocality like a district."),
        description="Returns address validation rules: Vietnam's provinces, and the communes of the province given "
        "as `countryArea`.",
    )

    @staticmethod
    def resolve_checkout(root: Any, info: Any, id: str | None = None, token: Any = None) -> Any:
        value = token or ids.key_of(id, "Checkout")
        if not value:
            return None
        return checkout_selectors.checkout_for_viewer(token=value, user=info.context.user)

    @staticmethod
    def resolve_order(
        root: Any, info: Any, id: str | None = None, external_reference: str | None = None
    ) -> Any:
        token = ids.key_of(id, "Order")
        if token is None:
            return None
        return orders_selectors.order_for_viewer(
            token=token, user=info.context.user, cache=info.context
        )

    @staticmethod
    def resolve_order_by_token(root: Any, info: Any, token: Any) -> Any:
        return orders_selectors.order_for_viewer(
            token=token, user=info.context.user, cache=info.context
        )

    @staticmethod
    def resolve_address_validation_rules(
        root: Any,
        info: Any,
        country_code: Any,
        country_area: str | None = None,
        city: str | None = None,
        city_area: str | None = None,
    ) -> Any:
        code = str(getattr(country_code, "value", country_code))
        vietnam = code == "VN"
        province = province_find(country_area) if vietnam and country_area else None
        return AddressValidationData(
            country_code=code,
            country_name=COUNTRY_NAMES.get(code, code),
            address_format="%N%n%O%n%A%n%C%n%S" if vietnam else "%N%n%O%n%A%n%C%n%S %Z",
            address_latin_format="%N%n%O%n%A%n%C%n%S",
            allowed_fields=[
                "firstName",
                "lastName",
                "streetAddress1",
                "streetAddress2",
                "city",
                "countryArea",
                "phone",
            ]
            if vietnam
            else [],
            required_fields=["firstName", "streetAddress1", "city", "countryArea", "phone"]
            if vietnam
            else [],
            upper_fields=[],
            country_area_type="province",
            country_area_choices=_choices(provinces()) if vietnam else [],
            city_type="city",
            city_choices=_choices(communes_of(province)) if province else [],
            city_area_type="district",
            city_area_choices=[],
            postal_code_type="postal",
            postal_code_matchers=[],
            postal_code_examples=[],
            postal_code_prefix="",
        )


class Mutation(graphene.ObjectType):
    checkout_create = mutations.CheckoutCreate.Field()
    checkout_lines_add = mutations.CheckoutLinesAdd.Field()
    checkout_lines_update = mutations.CheckoutLinesUpdate.Field()
    checkout_lines_delete = mutations.CheckoutLinesDelete.Field()
    checkout_line_delete = mutations.CheckoutLineDelete.Field(
        deprecation_reason="Use `checkoutLinesDelete` instead (kept for Saleor's storefront)."
    )
    checkout_email_update = mutations.CheckoutEmailUpdate.Field()
    checkout_shipping_address_update = mutations.CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = mutations.CheckoutBillingAddressUpdate.Field()
    checkout_delivery_method_update = mutations.CheckoutDeliveryMethodUpdate.Field()
    checkout_shipping_method_update = mutations.CheckoutShippingMethodUpdate.Field(
        deprecation_reason="Use `checkoutDeliveryMethodUpdate` instead."
    )
    checkout_shop_delivery_update = mutations.CheckoutShopDeliveryUpdate.Field()
    delivery_options_calculate = mutations.DeliveryOptionsCalculate.Field()
    checkout_customer_attach = mutations.CheckoutCustomerAttach.Field()
    checkout_customer_detach = mutations.CheckoutCustomerDetach.Field()
    checkout_language_code_update = mutations.CheckoutLanguageCodeUpdate.Field()
    checkout_customer_note_update = mutations.CheckoutCustomerNoteUpdate.Field()
    checkout_add_promo_code = mutations.CheckoutAddPromoCode.Field()
    checkout_remove_promo_code = mutations.CheckoutRemovePromoCode.Field()
    payment_gateway_initialize = mutations.PaymentGatewayInitialize.Field()
    transaction_initialize = mutations.TransactionInitialize.Field()
    transaction_process = mutations.TransactionProcess.Field()
    checkout_complete = mutations.CheckoutComplete.Field()
    update_metadata = mutations.UpdateMetadata.Field(description="Updates metadata of a checkout.")
