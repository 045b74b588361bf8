"""Saleor's ``Shop`` (the marketplace's settings) and, as an extension, a producer's
shop."""

from __future__ import annotations

from typing import Any

import graphene
from django.conf import settings

from marketplace.graphql.common import (
    DEFAULT_COUNTRY,
    LANGUAGES,
    CountryDisplay,
    Image,
    LanguageDisplay,
    WeightUnitsEnum,
)
from marketplace.graphql.connection import CountableConnection
from marketplace.graphql.editorjs import html_to_editorjs, html_to_text
from marketplace.graphql.enums import LanguageCodeEnum
from marketplace.graphql.metadata import ObjectWithMetadata
from shops import models

from .. import context, resolvers
from .media import file_image
from .ocop import AdministrativeUnit, OcopInfo
from .product import ProductCountableConnection, product_list_args


class Domain(graphene.ObjectType):
    host = graphene.String(required=True)
    ssl_enabled = graphene.Boolean(required=True)
    url = graphene.String(required=True)

    @staticmethod
    def _site(info: Any) -> str:
        request = info.context
        if hasattr(request, "build_absolute_uri"):
            return request.build_absolute_uri("/")
        return settings.SITE_URL.rstrip("/") + "/"

    @classmethod
    def resolve_host(cls, root: Any, info: Any) -> str:
        return cls._site(info).split("://", 1)[-1].split("/", 1)[0]

    @classmethod
    def resolve_ssl_enabled(cls, root: Any, info: Any) -> bool:
        return cls._site(info).startswith("https://")

    @classmethod
    def resolve_url(cls, root: Any, info: Any) -> str:
        return cls._site(info)


class ExternalAuthentication(graphene.ObjectType):
    id = graphene.String(required=True)
    name = graphene.String()


class CountryFilterInput(graphene.InputObjectType):
    attached_to_shipping_zones = graphene.Boolean()


class PasswordLoginModeEnum(graphene.Enum):
    ENABLED = "ENABLED"
    CUSTOMERS_ONLY = "CUSTOMERS_ONLY"
    DISABLED = "DISABLED"


class AccountConfirmModeEnum(graphene.Enum):
    MERGE_DISABLED = "MERGE_DISABLED"
    REQUIRE_PASSWORD = "REQUIRE_PASSWORD"


MARKETPLACE = context.MARKETPLACE
MARKETPLACE_NAME = "Chợ OCOP Quảng Bình / Quảng Bình OCOP Marketplace"
MARKETPLACE_DESCRIPTION = (
    "Sản phẩm OCOP của Quảng Bình, mua trực tiếp từ nhà sản xuất. / "
    "Quảng Bình's OCOP products, bought directly from their producers."
)
API_VERSION = "3.24.0"


def _is_site(root: Any) -> bool:
    return not isinstance(root, models.Shop)


def _site_value(site_value: Any, shop_value: Any) -> Any:
    def resolve(root: Any, info: Any, **_: Any) -> Any:
        if _is_site(root):
            return site_value(root, info) if callable(site_value) else site_value
        return shop_value(root, info) if callable(shop_value) else shop_value

    return staticmethod(resolve)


def _producer_only(getter: Any) -> Any:
    def resolve(root: Any, info: Any, **kwargs: Any) -> Any:
        return None if _is_site(root) else getter(root, info, **kwargs)

    return staticmethod(resolve)


class Shop(graphene.ObjectType):
    """Saleor's ``Shop``: the marketplace's settings (``shop``) — and, as a marketplace
    extension, a producer's shop (``shop(slug:)``, ``shops``, ``Product.shop``), which
    adds the producer fields below (null on the marketplace itself)."""

    class Meta:
        interfaces = (ObjectWithMetadata,)
        description = "Represents a shop resource containing general shop data and configuration."

    id = graphene.ID(required=True)
    available_external_authentications = graphene.NonNull(
        graphene.List(graphene.NonNull(ExternalAuthentication))
    )
    channel_currencies = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    countries = graphene.NonNull(
        graphene.List(graphene.NonNull(CountryDisplay)),
        language_code=graphene.Argument(
            LanguageCodeEnum, deprecation_reason="This field has no effect."
        ),
        filter=graphene.Argument(CountryFilterInput),
    )
    default_country = graphene.Field(CountryDisplay)
    description = graphene.String()
    domain = graphene.Field(Domain, required=True)
    languages = graphene.NonNull(graphene.List(graphene.NonNull(LanguageDisplay)))
    name = graphene.String(required=True)
    phone_prefixes = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))
    header_text = graphene.String()
    fulfillment_auto_approve = graphene.Boolean(required=True)
    fulfillment_allow_unpaid = graphene.Boolean(required=True)
    track_inventory_by_default = graphene.Boolean()
    default_weight_unit = graphene.Field(WeightUnitsEnum)
    limit_quantity_per_checkout = graphene.Int()
    customer_set_password_url = graphene.String()
    enable_account_confirmation_by_email = graphene.Boolean()
    allow_login_without_confirmation = graphene.Boolean()
    version = graphene.String(required=True)
    schema_version = graphene.String(required=True)
    preserve_all_address_fields = graphene.Boolean(required=True)
    password_login_mode = graphene.Field(PasswordLoginModeEnum, required=True)
    include_taxes_in_prices = graphene.Boolean(
        required=True,
        deprecation_reason="Use "
        "`Channel.taxConfiguration.pricesEnteredWithTax` to determine "
        "whether prices are entered with tax.",
    )
    display_gross_prices = graphene.Boolean(
        required=True,
        deprecation_reason="Use "
        "`Channel.taxConfiguration` to determine whether to display gross "
        "or net prices.",
    )
    charge_taxes_on_shipping = graphene.Boolean(
        required=True,
        deprecation_reason="Use "
        "`ShippingMethodType.taxClass` to determine whether taxes are "
        "calculated for shipping methods.",
    )
    use_legacy_shipping_zone_stock_availability = graphene.Boolean(required=True)
    account_confirm_merge_mode = graphene.Field(AccountConfirmModeEnum, required=True)
    # marketplace extensions (a producer's shop)
    slug = graphene.String(
        description="The producer shop's slug (null for the marketplace). Marketplace extension."
    )
    producer_type = graphene.Field(
        "shops.graphql.filters.ProducerTypeEnum",
        description="Legal type of the producer. Marketplace extension.",
    )
    producer_name = graphene.String(
        description="Registered name of the producer. Marketplace extension."
    )
    district = graphene.Field(
        AdministrativeUnit, description="The producer's former district. Marketplace extension."
    )
    commune = graphene.Field(
        AdministrativeUnit, description="The producer's commune. Marketplace extension."
    )
    story = graphene.JSONString(
        description="The producer's story (EditorJS JSON). Marketplace extension."
    )
    address = graphene.String(description="Marketplace extension.")
    phone = graphene.String(description="Marketplace extension.")
    email = graphene.String(description="Marketplace extension.")
    shipping_policy = graphene.String(description="Marketplace extension.")
    returns_policy = graphene.String(description="Marketplace extension.")
    logo = graphene.Field(Image, description="Marketplace extension.")
    banner = graphene.Field(Image, description="Marketplace extension.")
    certificates = graphene.List(
        graphene.NonNull(OcopInfo),
        description="The producer's OCOP certificates in force. Marketplace extension.",
    )
    products = graphene.Field(
        ProductCountableConnection,
        channel=graphene.String(),
        **product_list_args(),
        description="The shop's published products. Marketplace extension.",
    )

    @staticmethod
    def resolve_id(root: Any, info: Any) -> str:
        return graphene.relay.Node.to_global_id("Shop", MARKETPLACE if _is_site(root) else root.pk)

    @staticmethod
    def resolve_available_external_authentications(root: Any, info: Any) -> list[Any]:
        return []

    resolve_channel_currencies = staticmethod(lambda root, info: ["VND"])
    resolve_countries = staticmethod(lambda root, info, **_: [DEFAULT_COUNTRY])
    resolve_default_country = staticmethod(lambda root, info: DEFAULT_COUNTRY)
    resolve_description = _site_value(
        MARKETPLACE_DESCRIPTION, lambda root, info: html_to_text(root.story) or None
    )
    resolve_domain = staticmethod(lambda root, info: root)
    resolve_languages = staticmethod(lambda root, info: [code for code, _ in LANGUAGES])
    resolve_name = _site_value(MARKETPLACE_NAME, lambda root, info: root.name)
    resolve_phone_prefixes = staticmethod(lambda root, info: ["+84"])
    resolve_header_text = _site_value(
        "Đặc sản OCOP Quảng Bình / Quảng Bình OCOP specialities", None
    )
    resolve_fulfillment_auto_approve = staticmethod(lambda root, info: True)
    resolve_fulfillment_allow_unpaid = staticmethod(lambda root, info: True)
    resolve_track_inventory_by_default = staticmethod(lambda root, info: True)
    resolve_default_weight_unit = staticmethod(lambda root, info: "G")
    resolve_limit_quantity_per_checkout = staticmethod(
        lambda root, info: settings.CHECKOUT_MAX_LINE_QUANTITY
    )
    resolve_customer_set_password_url = staticmethod(lambda root, info: None)
    resolve_enable_account_confirmation_by_email = staticmethod(lambda root, info: False)
    resolve_allow_login_without_confirmation = staticmethod(lambda root, info: True)
    resolve_version = staticmethod(lambda root, info: API_VERSION)
    resolve_schema_version = staticmethod(lambda root, info: API_VERSION.rsplit(".", 1)[0])
    resolve_preserve_all_address_fields = staticmethod(lambda root, info: False)
    resolve_password_login_mode = staticmethod(lambda root, info: "ENABLED")
    resolve_include_taxes_in_prices = staticmethod(lambda root, info: True)
    resolve_display_gross_prices = staticmethod(lambda root, info: True)
    resolve_charge_taxes_on_shipping = staticmethod(lambda root, info: True)
    resolve_use_legacy_shipping_zone_stock_availability = staticmethod(lambda root, info: False)
    resolve_account_confirm_merge_mode = staticmethod(lambda root, info: "MERGE_DISABLED")

    resolve_slug = _producer_only(lambda root, info: root.slug)
    resolve_producer_type = _producer_only(lambda root, info: root.producer.legal_type)
    resolve_producer_name = _producer_only(lambda root, info: root.producer.name)
    resolve_district = _producer_only(lambda root, info: root.producer.district)
    resolve_commune = _producer_only(lambda root, info: root.producer.commune)
    resolve_story = _producer_only(lambda root, info: html_to_editorjs(root.story))
    resolve_address = _producer_only(lambda root, info: root.address or root.producer.address)
    resolve_phone = _producer_only(lambda root, info: root.phone or None)
    resolve_email = _producer_only(lambda root, info: root.email or None)
    resolve_shipping_policy = _producer_only(
        lambda root, info: html_to_text(root.shipping_policy) or None
    )
    resolve_returns_policy = _producer_only(
        lambda root, info: html_to_text(root.returns_policy) or None
    )
    resolve_logo = _producer_only(lambda root, info: file_image(info, root.logo, root.name))
    resolve_banner = _producer_only(lambda root, info: file_image(info, root.banner, root.name))
    resolve_certificates = _producer_only(lambda root, info: context.shop_certificates(info, root))

    @staticmethod
    def resolve_products(root: Any, info: Any, channel: str | None = None, **kwargs: Any) -> Any:
        if _is_site(root):
            return None
        return resolvers.resolve_nested_products(
            info, "shop", root, connection=ProductCountableConnection, channel=channel, **kwargs
        )


class ShopCountableConnection(CountableConnection):
    class Meta:
        node = Shop
