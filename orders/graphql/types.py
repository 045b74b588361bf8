"""Saleor's checkout, payment and order types over our models. Multi-vendor extensions:
``Checkout.deliveries`` (one delivery choice per shop) and ``Order.shopOrders``.

Root objects: ``Address`` ← ``orders.models.Address`` (or a sale point's plain address),
``Checkout`` ← ``orders.models.Checkout`` (priced once per object through
``selectors_saleor.summary_of``), ``CheckoutLine`` ← ``selectors.LineView``,
``ShippingMethod``/``Delivery`` ← ``selectors_saleor.DeliveryOption``, ``Warehouse`` ←
``shops.models.StockLocation``, ``TransactionItem`` ← ``orders.models.Payment``, ``Order`` ←
``orders.models.Order``, ``OrderLine`` ← ``OrderLine``, ``ShopOrder`` and ``Fulfillment`` ←
``ShopOrder``. Money is integer VND (``marketplace.graphql.money``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import graphene
from graphql_relay import from_global_id, to_global_id

from marketplace.graphql.common import (
    CountryDisplay,
    Image,
    LanguageDisplay,
    ThumbnailFormatEnum,
    Weight,
    absolute_url,
)
from marketplace.graphql.connection import CountableConnection
from marketplace.graphql.enums import LanguageCodeEnum, language_of
from marketplace.graphql.metadata import ObjectWithMetadata
from marketplace.graphql.money import Money, TaxedMoney
from marketplace.permissions import is_ocop_office
from orders.models import Address as AddressModel
from orders.models import Checkout as CheckoutModel
from orders.models import DeliveryKind, Payment, PaymentMethod
from orders.models import Order as OrderModel
from orders.models import OrderLine as OrderLineModel
from orders.models import ShopOrder as ShopOrderModel
from orders.selectors import cart as cart_selectors
from orders.selectors import checkout as checkout_selectors
from orders.selectors import delivery as delivery_selectors
from orders.selectors import orders as orders_selectors
from orders.selectors import payments as payments_selectors
from shops.models import StockLocation

from . import enums
from .address import COUNTRY, city_of, split_name
from .errors import OrderError

NODE = (graphene.relay.Node,)
NODE_META = (graphene.relay.Node, ObjectWithMetadata)
VARIANT = "shops.graphql.types.ProductVariant"
SHOP = "shops.graphql.types.Shop"
CHANNEL = "shops.graphql.types.Channel"
USER = "marketplace.graphql.account.types.User"


def _language(code: str | None) -> str:
    code = (code or "vi").upper().replace("-", "_")
    return code if code in {"VI", "EN"} or code.startswith(("VI_", "EN_")) else "VI"


def _viewer(info: Any) -> Any:
    return getattr(info.context, "user", None)


def _global_pk(value: Any, *types: str) -> str | None:
    """The key inside a global ID of one of ``types`` (``None`` for anything else)."""
    try:
        type_name, key = from_global_id(str(value))
    except Exception:  # noqa: BLE001 - any malformed id
        return None
    return key if type_name in types and key else None


# --- Addresses ------------------------------------------------------------------------------


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
        user = _viewer(info)
        if user is None or not user.is_authenticated or not str(id).isdigit():
            return None
        return (
            AddressModel.objects.select_related(*checkout_selectors.ADDRESS_RELATED)
            .filter(user=user, pk=int(id))
            .first()
        )

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


# --- Delivery -------------------------------------------------------------------------------


def _location_address(location: StockLocation) -> PlainAddress:
    point = location.sale_point
    if point is not None:
        district = point.district.full_name if point.district_id else ""  # type: ignore[union-attr]
        return PlainAddress(
            key=f"sale-point-{point.pk}",
            name=point.name,
            street=point.address,
            city=district,
            area="",
            phone=point.phone,
        )
    shop = location.shop
    return PlainAddress(
        key=f"warehouse-{location.pk}",
        name=location.name,
        street=getattr(shop, "address", ""),
        city="",
        area="",
        phone=getattr(shop, "phone", ""),
    )


class Warehouse(graphene.ObjectType):
    """A place holding stock: a shop's warehouse, or a sale point (a collection point
    where buyers pick up; ``clickAndCollectOption`` LOCAL)."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, StockLocation)

    name = graphene.String(required=True)
    slug = graphene.String(required=True)
    email = graphene.String(required=True)
    is_private = graphene.Boolean(required=True)
    address = graphene.Field(Address, required=True)
    company_name = graphene.String(
        required=True, deprecation_reason="Use `Address.companyName` instead."
    )
    click_and_collect_option = graphene.Field(
        enums.WarehouseClickAndCollectOptionEnum, required=True
    )
    external_reference = graphene.String()

    @classmethod
    def get_node(cls, info: Any, id: str) -> StockLocation | None:
        if not str(id).isdigit():
            return None
        location = (
            StockLocation.objects.select_related("sale_point__district", "shop")
            .filter(pk=int(id))
            .first()
        )
        if location is None or location.kind == StockLocation.Kind.SALE_POINT:
            return location
        user = _viewer(info)
        if is_ocop_office(user) or location.shop_id in orders_selectors.viewer_shop_ids(
            user, info.context
        ):
            return location
        return None

    @staticmethod
    def resolve_id(root: StockLocation, info: Any) -> int:
        return root.pk

    @staticmethod
    def resolve_name(root: StockLocation, info: Any) -> str:
        return root.sale_point.name if root.sale_point_id else root.name  # type: ignore[union-attr]

    @staticmethod
    def resolve_slug(root: StockLocation, info: Any) -> str:
        return root.sale_point.channel_slug if root.sale_point_id else f"warehouse-{root.pk}"  # type: ignore[union-attr]

    @staticmethod
    def resolve_email(root: StockLocation, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_is_private(root: StockLocation, info: Any) -> bool:
        return root.kind != StockLocation.Kind.SALE_POINT

    @staticmethod
    def resolve_address(root: StockLocation, info: Any) -> PlainAddress:
        return _location_address(root)

    @staticmethod
    def resolve_company_name(root: StockLocation, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_click_and_collect_option(root: StockLocation, info: Any) -> str:
        return "LOCAL" if root.kind == StockLocation.Kind.SALE_POINT else "DISABLED"

    @staticmethod
    def resolve_external_reference(root: StockLocation, info: Any) -> str | None:
        return None


@dataclass(frozen=True)
class MethodTranslation:
    option: delivery_selectors.DeliveryOption
    language: str


class ShippingMethodTranslation(graphene.ObjectType):
    """The English name of a shipping method (our content is Vietnamese first)."""

    class Meta:
        interfaces = NODE

    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String()
    description = graphene.JSONString()

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, MethodTranslation)

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None

    @staticmethod
    def resolve_id(root: MethodTranslation, info: Any) -> str:
        return f"{root.option.key}:{root.language}"

    @staticmethod
    def resolve_language(root: MethodTranslation, info: Any) -> str:
        return root.language

    @staticmethod
    def resolve_name(root: MethodTranslation, info: Any) -> str:
        return root.option.name_en

    @staticmethod
    def resolve_description(root: Any, info: Any) -> None:
        return None


class ShippingMethod(graphene.ObjectType):
    """A shipping method as priced for a checkout. For a one-shop checkout: that shop's
    method; for several shops: one method per shop combined (cheapest / fastest), the
    price being the sum of the shops' fees and the days the slowest shop's."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, delivery_selectors.DeliveryOption)

    type = graphene.Field(
        enums.ShippingMethodTypeEnum, deprecation_reason="This field will be removed in Saleor 4.0."
    )
    name = graphene.String(required=True)
    description = graphene.JSONString()
    maximum_delivery_days = graphene.Int()
    minimum_delivery_days = graphene.Int()
    price = graphene.Field(Money, required=True)
    active = graphene.Boolean(required=True)
    message = graphene.String()
    translation = graphene.Field(
        ShippingMethodTranslation,
        language_code=graphene.Argument(
            LanguageCodeEnum,
            required=True,
            description="A language code to return the translation for shipping method.",
        ),
        description="Returns translated shipping method fields for the given language code.",
    )
    name_en = graphene.String(description="English name (marketplace extension).")

    @classmethod
    def get_node(cls, info: Any, id: str) -> delivery_selectors.DeliveryOption | None:
        from orders.models import ShippingMethod as MethodModel

        if not str(id).isdigit():
            return None
        method = MethodModel.objects.filter(
            pk=int(id), is_active=True, zone__is_active=True
        ).first()
        if method is None:
            return None
        return delivery_selectors.DeliveryOption(
            key=str(method.pk),
            name_vi=method.name_vi,
            name_en=method.name_en or method.name_vi,
            price=method.price,
            min_days=method.min_days,
            max_days=method.max_days,
            kind=method.kind,
        )

    @staticmethod
    def resolve_id(root: delivery_selectors.DeliveryOption, info: Any) -> str:
        return root.key

    @staticmethod
    def resolve_type(root: delivery_selectors.DeliveryOption, info: Any) -> str | None:
        return {"flat": "PRICE", "weight": "WEIGHT"}.get(root.kind or "")

    @staticmethod
    def resolve_name(root: delivery_selectors.DeliveryOption, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_name_en(root: delivery_selectors.DeliveryOption, info: Any) -> str:
        return root.name_en

    @staticmethod
    def resolve_translation(
        root: delivery_selectors.DeliveryOption, info: Any, language_code: Any
    ) -> Any:
        code = str(getattr(language_code, "value", language_code))
        return MethodTranslation(option=root, language=code) if language_of(code) == "en" else None

    @staticmethod
    def resolve_description(root: Any, info: Any) -> None:
        return None

    @staticmethod
    def resolve_maximum_delivery_days(
        root: delivery_selectors.DeliveryOption, info: Any
    ) -> int | None:
        return root.max_days

    @staticmethod
    def resolve_minimum_delivery_days(
        root: delivery_selectors.DeliveryOption, info: Any
    ) -> int | None:
        return root.min_days

    @staticmethod
    def resolve_price(root: delivery_selectors.DeliveryOption, info: Any) -> int:
        return root.price

    @staticmethod
    def resolve_active(root: Any, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_message(root: Any, info: Any) -> None:
        return None


class Delivery(graphene.ObjectType):
    """Saleor 3.23+'s delivery option: its ID is what ``checkoutDeliveryMethodUpdate``
    accepts and what ``Checkout.delivery`` returns for the chosen option."""

    id = graphene.ID(required=True)
    shipping_method = graphene.Field(ShippingMethod)

    @staticmethod
    def resolve_id(root: delivery_selectors.DeliveryOption, info: Any) -> str:
        return to_global_id("Delivery", root.key)

    @staticmethod
    def resolve_shipping_method(root: delivery_selectors.DeliveryOption, info: Any) -> Any:
        return root


class DeliveryMethod(graphene.Union):
    class Meta:
        types = (Warehouse, ShippingMethod)

    @classmethod
    def resolve_type(cls, instance: Any, info: Any) -> Any:
        return Warehouse if isinstance(instance, StockLocation) else ShippingMethod


# --- Payments -------------------------------------------------------------------------------


class GatewayConfigLine(graphene.ObjectType):
    field = graphene.String(required=True)
    value = graphene.String()


class PaymentGateway(graphene.ObjectType):
    name = graphene.String(required=True)
    id = graphene.ID(required=True)
    config = graphene.NonNull(graphene.List(graphene.NonNull(GatewayConfigLine)))
    currencies = graphene.NonNull(graphene.List(graphene.NonNull(graphene.String)))

    @staticmethod
    def resolve_config(root: payments_selectors.Gateway, info: Any) -> list[GatewayConfigLine]:
        return [GatewayConfigLine(field=k, value=v) for k, v in root.config]


@dataclass(frozen=True)
class EventView:
    key: str
    type: str
    amount: int
    psp_reference: str
    message: str
    created_at: Any


class TransactionEvent(graphene.ObjectType):
    class Meta:
        interfaces = NODE

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, EventView)

    created_at = graphene.DateTime(required=True)
    psp_reference = graphene.String(required=True)
    message = graphene.String(required=True)
    external_url = graphene.String(required=True)
    amount = graphene.Field(Money, required=True)
    type = graphene.Field(enums.TransactionEventTypeEnum)
    idempotency_key = graphene.String()

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None

    @staticmethod
    def resolve_id(root: EventView, info: Any) -> str:
        return root.key

    @staticmethod
    def resolve_external_url(root: EventView, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_idempotency_key(root: EventView, info: Any) -> None:
        return None


def payment_event(payment: Payment) -> EventView:
    from orders.services.transactions import transaction_event_type

    return EventView(
        key=f"{payment.idempotency_key}:{payment.status}",
        type=transaction_event_type(payment),
        amount=payment.captured_amount or payment.amount,
        psp_reference=payment.stripe_payment_intent or payment.idempotency_key,
        message=payment.failure_message,
        created_at=payment.updated_at,
    )


PAYMENT_NAMES: dict[str, str] = {
    PaymentMethod.CARD: "Stripe",
    PaymentMethod.DUMMY: "Dummy Payment App",
    PaymentMethod.COD: "Cash on delivery",
    PaymentMethod.VIETQR: "VietQR",
    PaymentMethod.CASH: "Cash",
}


class TransactionItem(graphene.ObjectType):
    """A payment (Saleor's transaction). Its ID carries the payment's idempotency key,
    which includes the checkout token: as secret as the checkout itself."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, Payment)

    token = graphene.UUID(required=True)
    created_at = graphene.DateTime(required=True)
    modified_at = graphene.DateTime(required=True)
    actions = graphene.NonNull(graphene.List(graphene.NonNull(enums.TransactionActionEnum)))
    authorized_amount = graphene.Field(Money, required=True)
    authorize_pending_amount = graphene.Field(Money, required=True)
    refunded_amount = graphene.Field(Money, required=True)
    refund_pending_amount = graphene.Field(Money, required=True)
    canceled_amount = graphene.Field(Money, required=True)
    cancel_pending_amount = graphene.Field(Money, required=True)
    charged_amount = graphene.Field(Money, required=True)
    charge_pending_amount = graphene.Field(Money, required=True)
    name = graphene.String(required=True)
    message = graphene.String(required=True)
    psp_reference = graphene.String(required=True)
    order = graphene.Field("orders.graphql.types.Order")
    checkout = graphene.Field("orders.graphql.types.Checkout")
    events = graphene.NonNull(graphene.List(graphene.NonNull(TransactionEvent)))
    external_url = graphene.String(required=True)

    @classmethod
    def get_node(cls, info: Any, id: str) -> Payment | None:
        return payments_selectors.payment_by_key(key=str(id), user=_viewer(info))

    @staticmethod
    def resolve_id(root: Payment, info: Any) -> str:
        return root.idempotency_key

    @staticmethod
    def resolve_token(root: Payment, info: Any) -> uuid.UUID:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"ocop-payment:{root.idempotency_key}")

    @staticmethod
    def resolve_created_at(root: Payment, info: Any) -> Any:
        return root.created_at

    @staticmethod
    def resolve_modified_at(root: Payment, info: Any) -> Any:
        return root.updated_at

    @staticmethod
    def resolve_actions(root: Payment, info: Any) -> list[str]:
        return []  # captures, voids and refunds are done by the marketplace, not by clients

    @staticmethod
    def resolve_authorized_amount(root: Payment, info: Any) -> int:
        return root.amount if root.status == Payment.Status.AUTHORIZED else 0

    @staticmethod
    def resolve_authorize_pending_amount(root: Payment, info: Any) -> int:
        return (
            root.amount
            if root.status == Payment.Status.PENDING and root.method == PaymentMethod.CARD
            else 0
        )

    @staticmethod
    def resolve_refunded_amount(root: Payment, info: Any) -> int:
        return root.refunded_amount

    @staticmethod
    def resolve_canceled_amount(root: Payment, info: Any) -> int:
        return root.amount if root.status == Payment.Status.CANCELLED else 0

    @staticmethod
    def resolve_charged_amount(root: Payment, info: Any) -> int:
        if root.status not in (Payment.Status.SUCCEEDED, Payment.Status.REFUNDED):
            return 0
        return max((root.captured_amount or root.amount) - root.refunded_amount, 0)

    @staticmethod
    def resolve_refund_pending_amount(root: Payment, info: Any) -> int:
        return 0

    resolve_cancel_pending_amount = resolve_refund_pending_amount
    resolve_charge_pending_amount = resolve_refund_pending_amount

    @staticmethod
    def resolve_name(root: Payment, info: Any) -> str:
        return PAYMENT_NAMES.get(root.method, root.method)

    @staticmethod
    def resolve_message(root: Payment, info: Any) -> str:
        return root.failure_message

    @staticmethod
    def resolve_psp_reference(root: Payment, info: Any) -> str:
        return root.stripe_payment_intent or root.idempotency_key

    @staticmethod
    def resolve_order(root: Payment, info: Any) -> OrderModel | None:
        if root.order_id is None:
            return None
        return orders_selectors.order_for_viewer(
            token=root.order.token,  # type: ignore[union-attr]
            user=_viewer(info),
            cache=info.context,
        )

    @staticmethod
    def resolve_checkout(root: Payment, info: Any) -> CheckoutModel | None:
        if root.checkout_id is None:
            return None
        return checkout_selectors.checkout_for_viewer(token=root.checkout.token, user=_viewer(info))  # type: ignore[union-attr]

    @staticmethod
    def resolve_events(root: Payment, info: Any) -> list[EventView]:
        return [payment_event(root)]

    @staticmethod
    def resolve_external_url(root: Payment, info: Any) -> str:
        return ""


class PaymentGatewayConfig(graphene.ObjectType):
    id = graphene.String(required=True)
    data = graphene.Field("marketplace.graphql.scalars.JSON")
    errors = graphene.List(graphene.NonNull("orders.graphql.errors.PaymentGatewayConfigError"))


# --- Discounts we do not have (types Saleor clients ask for) --------------------------------


class GiftCard(graphene.ObjectType):
    """Gift cards are not sold on the marketplace: lists of them are always empty."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, cls)

    display_code = graphene.String(required=True)
    last_4_code_chars = graphene.String(required=True, name="last4CodeChars")
    code = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    is_active = graphene.Boolean(required=True)
    initial_balance = graphene.Field(Money, required=True)
    current_balance = graphene.Field(Money, required=True)

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None


class Voucher(graphene.ObjectType):
    """Vouchers are not offered yet: orders and checkouts never have one."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, cls)

    name = graphene.String()
    code = graphene.String()

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None


class OrderDiscount(graphene.ObjectType):
    class Meta:
        interfaces = NODE

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, cls)

    type = graphene.Field(enums.OrderDiscountType, required=True)
    name = graphene.String()
    translated_name = graphene.String()
    value_type = graphene.Field(enums.DiscountValueTypeEnum, required=True)
    value = graphene.Field("marketplace.graphql.scalars.PositiveDecimal", required=True)
    reason = graphene.String()
    amount = graphene.Field(Money, required=True, deprecation_reason="Use `total` instead.")
    total = graphene.Field(Money, required=True)

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None


# --- Checkout -------------------------------------------------------------------------------


class CheckoutLineProblemInsufficientStock(graphene.ObjectType):
    available_quantity = graphene.Int()
    line = graphene.Field("orders.graphql.types.CheckoutLine", required=True)
    variant = graphene.Field(VARIANT, required=True)


class CheckoutLineProblemVariantNotAvailable(graphene.ObjectType):
    line = graphene.Field("orders.graphql.types.CheckoutLine", required=True)


class CheckoutProblemDeliveryMethodStale(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutProblemDeliveryMethodInvalid(graphene.ObjectType):
    delivery = graphene.Field(Delivery, required=True)


class CheckoutLineProblem(graphene.Union):
    class Meta:
        types = (CheckoutLineProblemInsufficientStock, CheckoutLineProblemVariantNotAvailable)


class CheckoutProblem(graphene.Union):
    class Meta:
        types = (
            CheckoutProblemDeliveryMethodStale,
            CheckoutProblemDeliveryMethodInvalid,
            CheckoutLineProblemInsufficientStock,
            CheckoutLineProblemVariantNotAvailable,
        )


def _line_problems(line: cart_selectors.LineView) -> list[Any]:
    if not line.sellable:
        return [CheckoutLineProblemVariantNotAvailable(line=line)]
    return []


class CheckoutLine(graphene.ObjectType):
    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, cart_selectors.LineView)

    variant = graphene.Field(VARIANT, required=True)
    quantity = graphene.Int(required=True)
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(Money, required=True)
    prior_unit_price = graphene.Field(Money)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(Money, required=True)
    prior_total_price = graphene.Field(Money)
    requires_shipping = graphene.Boolean(required=True)
    problems = graphene.List(graphene.NonNull(CheckoutLineProblem))
    is_gift = graphene.Boolean()
    price_override_reason = graphene.String()

    @classmethod
    def get_node(cls, info: Any, id: str) -> cart_selectors.LineView | None:
        from orders.models import CheckoutLine as LineModel

        if not str(id).isdigit():
            return None
        line = LineModel.objects.select_related("checkout").filter(pk=int(id)).first()
        checkout = line and checkout_selectors.checkout_for_viewer(
            token=line.checkout.token, user=_viewer(info)
        )
        if not checkout:
            return None
        return next(
            (
                lv
                for g in cart_selectors.summary_of(checkout).groups
                for lv in g.lines
                if lv.line.pk == int(id)
            ),
            None,
        )

    @staticmethod
    def resolve_id(root: cart_selectors.LineView, info: Any) -> int:
        return root.line.pk

    @staticmethod
    def resolve_variant(root: cart_selectors.LineView, info: Any) -> Any:
        return root.variant

    @staticmethod
    def resolve_unit_price(root: cart_selectors.LineView, info: Any) -> int:
        return root.unit_price

    resolve_undiscounted_unit_price = resolve_unit_price

    @staticmethod
    def resolve_prior_unit_price(root: cart_selectors.LineView, info: Any) -> int | None:
        compare = root.variant.compare_at_price
        return compare if compare and compare > root.unit_price else None

    @staticmethod
    def resolve_total_price(root: cart_selectors.LineView, info: Any) -> int:
        return root.total

    resolve_undiscounted_total_price = resolve_total_price

    @staticmethod
    def resolve_prior_total_price(root: cart_selectors.LineView, info: Any) -> int | None:
        compare = root.variant.compare_at_price
        return compare * root.quantity if compare and compare > root.unit_price else None

    @staticmethod
    def resolve_requires_shipping(root: Any, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_problems(root: cart_selectors.LineView, info: Any) -> list[Any]:
        return _line_problems(root)

    @staticmethod
    def resolve_is_gift(root: Any, info: Any) -> bool:
        return False

    @staticmethod
    def resolve_price_override_reason(root: Any, info: Any) -> None:
        return None


class CheckoutShopDelivery(graphene.ObjectType):
    """Marketplace extension: one shop's part of a checkout and how it reaches the buyer
    (set with ``checkoutShopDeliveryUpdate``)."""

    shop = graphene.Field(SHOP, required=True)
    lines = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutLine)))
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(
        TaxedMoney, description="The chosen delivery's fee; null until chosen."
    )
    total_price = graphene.Field(TaxedMoney, required=True)
    shipping_methods = graphene.NonNull(
        graphene.List(graphene.NonNull(ShippingMethod)),
        description="This shop's methods for the address and parcel.",
    )
    available_collection_points = graphene.NonNull(
        graphene.List(graphene.NonNull(Warehouse)),
        description="Sale points holding all of this shop's lines.",
    )
    delivery_method = graphene.Field(
        DeliveryMethod, description="The chosen shipping method or collection point."
    )
    weight = graphene.Field(Weight, required=True)

    @staticmethod
    def resolve_shop(root: cart_selectors.ShopGroup, info: Any) -> Any:
        return root.shop

    @staticmethod
    def resolve_subtotal_price(root: cart_selectors.ShopGroup, info: Any) -> int:
        return root.subtotal

    @staticmethod
    def resolve_shipping_price(root: cart_selectors.ShopGroup, info: Any) -> int | None:
        return root.shipping_fee

    @staticmethod
    def resolve_total_price(root: cart_selectors.ShopGroup, info: Any) -> int:
        return root.total

    @staticmethod
    def resolve_shipping_methods(
        root: cart_selectors.ShopGroup, info: Any
    ) -> list[delivery_selectors.DeliveryOption]:
        return [
            delivery_selectors.DeliveryOption(
                key=str(o.method_id),
                name_vi=o.name_vi,
                name_en=o.name_en or o.name_vi,
                price=o.price,
                min_days=o.min_days,
                max_days=o.max_days,
                methods={root.shop.pk: o.method_id},
            )
            for o in root.shipping_options
        ]

    @staticmethod
    def resolve_available_collection_points(
        root: cart_selectors.ShopGroup, info: Any
    ) -> list[StockLocation]:
        from orders.selectors.shipping import pickup_points

        points = pickup_points(
            shop_id=root.shop.pk, lines=[(lv.variant.pk, lv.quantity) for lv in root.lines]
        )
        by_point = {
            loc.sale_point_id: loc
            for loc in StockLocation.objects.filter(
                sale_point_id__in=[p.pk for p in points]
            ).select_related("sale_point__district")
        }
        return [by_point[p.pk] for p in points if p.pk in by_point]

    @staticmethod
    def resolve_delivery_method(root: cart_selectors.ShopGroup, info: Any) -> Any:
        delivery = root.delivery
        if delivery is None:
            return None
        if delivery.kind == DeliveryKind.PICKUP:
            return (
                StockLocation.objects.select_related("sale_point__district")
                .filter(sale_point_id=delivery.sale_point_id)
                .first()
            )
        option = next(
            (o for o in root.shipping_options if o.method_id == delivery.shipping_method_id), None
        )
        if option is None:
            return None
        return delivery_selectors.DeliveryOption(
            key=str(option.method_id),
            name_vi=option.name_vi,
            name_en=option.name_en or option.name_vi,
            price=option.price,
            min_days=option.min_days,
            max_days=option.max_days,
            methods={root.shop.pk: option.method_id},
        )

    @staticmethod
    def resolve_weight(root: cart_selectors.ShopGroup, info: Any) -> int:
        return root.weight_grams


def _status(covered: int, total: int, *, over: bool) -> str:
    if over and covered > total:
        return "OVERCHARGED"
    if covered >= total:
        return "FULL"
    return "PARTIAL" if covered > 0 else "NONE"


class Checkout(graphene.ObjectType):
    """A checkout. Its ID (``Checkout:<token>``) is all an anonymous buyer needs; a
    checkout attached to an account is visible to that account only."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, CheckoutModel)

    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    last_change = graphene.DateTime(required=True, deprecation_reason="Use `updatedAt` instead.")
    user = graphene.Field(USER)
    channel = graphene.Field(CHANNEL, required=True)
    billing_address = graphene.Field(Address)
    shipping_address = graphene.Field(Address)
    customer_note = graphene.String(required=True)
    discount = graphene.Field(Money)
    discount_name = graphene.String()
    translated_discount_name = graphene.String()
    voucher = graphene.Field(Voucher)
    voucher_code = graphene.String()
    available_shipping_methods = graphene.NonNull(
        graphene.List(graphene.NonNull(ShippingMethod)),
        deprecation_reason="Use `shippingMethods` instead.",
    )
    shipping_methods = graphene.NonNull(graphene.List(graphene.NonNull(ShippingMethod)))
    available_collection_points = graphene.NonNull(graphene.List(graphene.NonNull(Warehouse)))
    available_payment_gateways = graphene.NonNull(
        graphene.List(graphene.NonNull(PaymentGateway)),
        deprecation_reason="The field will be removed in Saleor 4.0.",
    )
    email = graphene.String()
    gift_cards = graphene.NonNull(graphene.List(graphene.NonNull(GiftCard)))
    is_shipping_required = graphene.Boolean(required=True)
    quantity = graphene.Int(required=True)
    stock_reservation_expires = graphene.DateTime()
    lines = graphene.NonNull(graphene.List(graphene.NonNull(CheckoutLine)))
    shipping_price = graphene.Field(TaxedMoney, required=True)
    delivery = graphene.Field(Delivery)
    shipping_method = graphene.Field(ShippingMethod, deprecation_reason="Use `delivery` instead.")
    delivery_method = graphene.Field(DeliveryMethod, deprecation_reason="Use `delivery` instead.")
    subtotal_price = graphene.Field(TaxedMoney, required=True)
    tax_exemption = graphene.Boolean(required=True)
    token = graphene.UUID(required=True)
    total_price = graphene.Field(TaxedMoney, required=True)
    total_balance = graphene.Field(Money, required=True)
    language_code = graphene.Field(LanguageCodeEnum, required=True)
    transactions = graphene.List(graphene.NonNull(TransactionItem))
    display_gross_prices = graphene.Boolean(required=True)
    authorize_status = graphene.Field(enums.CheckoutAuthorizeStatusEnum, required=True)
    charge_status = graphene.Field(enums.CheckoutChargeStatusEnum, required=True)
    problems = graphene.List(graphene.NonNull(CheckoutProblem))
    deliveries = graphene.NonNull(
        graphene.List(graphene.NonNull(CheckoutShopDelivery)),
        description="Marketplace extension: the checkout's lines by shop, each with its "
        "own delivery choice.",
    )

    @classmethod
    def get_node(cls, info: Any, id: str) -> CheckoutModel | None:
        return checkout_selectors.checkout_for_viewer(token=id, user=_viewer(info))

    @staticmethod
    def resolve_id(root: CheckoutModel, info: Any) -> str:
        return str(root.token)

    @staticmethod
    def resolve_created(root: CheckoutModel, info: Any) -> Any:
        return root.created_at

    @staticmethod
    def resolve_updated_at(root: CheckoutModel, info: Any) -> Any:
        return root.updated_at

    resolve_last_change = resolve_updated_at

    @staticmethod
    def resolve_user(root: CheckoutModel, info: Any) -> Any:
        return root.user

    @staticmethod
    def resolve_channel(root: CheckoutModel, info: Any) -> Any:
        return channel_root(info, root.channel)

    @staticmethod
    def resolve_customer_note(root: CheckoutModel, info: Any) -> str:
        return root.note

    @staticmethod
    def resolve_discount(root: CheckoutModel, info: Any) -> int:
        return 0

    @staticmethod
    def resolve_discount_name(root: Any, info: Any) -> None:
        return None

    resolve_translated_discount_name = resolve_discount_name
    resolve_voucher = resolve_discount_name
    resolve_voucher_code = resolve_discount_name
    resolve_stock_reservation_expires = resolve_discount_name

    @staticmethod
    def resolve_shipping_methods(
        root: CheckoutModel, info: Any
    ) -> list[delivery_selectors.DeliveryOption]:
        return delivery_selectors.delivery_options(root)

    resolve_available_shipping_methods = resolve_shipping_methods

    @staticmethod
    def resolve_available_collection_points(root: CheckoutModel, info: Any) -> list[StockLocation]:
        return delivery_selectors.collection_points(root)

    @staticmethod
    def resolve_available_payment_gateways(
        root: CheckoutModel, info: Any
    ) -> list[payments_selectors.Gateway]:
        return payments_selectors.payment_gateways(root)

    @staticmethod
    def resolve_email(root: CheckoutModel, info: Any) -> str | None:
        return root.email or None

    @staticmethod
    def resolve_gift_cards(root: Any, info: Any) -> list[Any]:
        return []

    @staticmethod
    def resolve_is_shipping_required(root: CheckoutModel, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_quantity(root: CheckoutModel, info: Any) -> int:
        return cart_selectors.summary_of(root).quantity

    @staticmethod
    def resolve_lines(root: CheckoutModel, info: Any) -> list[cart_selectors.LineView]:
        lines = [lv for g in cart_selectors.summary_of(root).groups for lv in g.lines]
        for line in lines:
            _in_channel(line.variant, root.channel)
        return lines

    @staticmethod
    def resolve_shipping_price(root: CheckoutModel, info: Any) -> int:
        return cart_selectors.summary_of(root).shipping_total

    @staticmethod
    def resolve_delivery(
        root: CheckoutModel, info: Any
    ) -> delivery_selectors.DeliveryOption | None:
        return delivery_selectors.selected_delivery(root)

    resolve_shipping_method = resolve_delivery

    @staticmethod
    def resolve_delivery_method(root: CheckoutModel, info: Any) -> Any:
        return delivery_selectors.selected_delivery(
            root
        ) or delivery_selectors.selected_collection_point(root)

    @staticmethod
    def resolve_subtotal_price(root: CheckoutModel, info: Any) -> int:
        return cart_selectors.summary_of(root).subtotal

    @staticmethod
    def resolve_tax_exemption(root: Any, info: Any) -> bool:
        return False

    @staticmethod
    def resolve_total_price(root: CheckoutModel, info: Any) -> int:
        return cart_selectors.summary_of(root).total

    @staticmethod
    def resolve_total_balance(root: CheckoutModel, info: Any) -> int:
        coverage = payments_selectors.checkout_coverage(root)
        return coverage.charged - coverage.total

    @staticmethod
    def resolve_language_code(root: CheckoutModel, info: Any) -> str:
        return _language(root.language_code)

    @staticmethod
    def resolve_transactions(root: CheckoutModel, info: Any) -> list[Payment]:
        return payments_selectors.checkout_payments(root)

    @staticmethod
    def resolve_display_gross_prices(root: Any, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_authorize_status(root: CheckoutModel, info: Any) -> str:
        coverage = payments_selectors.checkout_coverage(root)
        return _status(coverage.covered, coverage.total, over=False)

    @staticmethod
    def resolve_charge_status(root: CheckoutModel, info: Any) -> str:
        coverage = payments_selectors.checkout_coverage(root)
        return _status(coverage.charged, coverage.total, over=True)

    @staticmethod
    def resolve_problems(root: CheckoutModel, info: Any) -> list[Any]:
        problems: list[Any] = []
        for group in cart_selectors.summary_of(root).groups:
            delivery = group.delivery
            if (
                delivery is not None
                and delivery.kind == DeliveryKind.SHIPPING
                and group.shipping_fee is None
            ):
                problems.append(
                    CheckoutProblemDeliveryMethodInvalid(
                        delivery=delivery_selectors.DeliveryOption(
                            key=str(delivery.shipping_method_id or ""),
                            name_vi="",
                            name_en="",
                            price=0,
                            min_days=None,
                            max_days=None,
                        )
                    )
                )
            for line in group.lines:
                problems.extend(_line_problems(line))
        return problems

    @staticmethod
    def resolve_deliveries(root: CheckoutModel, info: Any) -> list[cart_selectors.ShopGroup]:
        return cart_selectors.summary_of(root).groups


def channel_root(info: Any, slug: str) -> Any:
    """The catalogue's ``Channel`` root (a ``ChannelInfo``, cached per request)."""
    from shops.graphql.context import channel

    return channel(info, slug)


def _in_channel(variant: Any, slug: str) -> Any:
    """A variant marked with the channel it is sold in (drives the catalogue's pricing)."""
    if variant is not None:
        variant.channel_slug = slug
    return variant


# --- Orders ---------------------------------------------------------------------------------

ORDER_STATUS: dict[str, str] = {
    OrderModel.Status.UNCONFIRMED: "UNCONFIRMED",
    OrderModel.Status.UNFULFILLED: "UNFULFILLED",
    OrderModel.Status.PARTIALLY_FULFILLED: "PARTIALLY_FULFILLED",
    OrderModel.Status.FULFILLED: "FULFILLED",
    OrderModel.Status.COMPLETED: "FULFILLED",
    OrderModel.Status.CANCELLED: "CANCELED",
    OrderModel.Status.RETURNED: "RETURNED",
    OrderModel.Status.EXPIRED: "EXPIRED",
}
PAYMENT_STATUS: dict[str, str] = {
    OrderModel.PaymentStatus.NOT_CHARGED: "NOT_CHARGED",
    OrderModel.PaymentStatus.PENDING: "PENDING",
    OrderModel.PaymentStatus.PARTIALLY_CHARGED: "PARTIALLY_CHARGED",
    OrderModel.PaymentStatus.FULLY_CHARGED: "FULLY_CHARGED",
    OrderModel.PaymentStatus.OVERCHARGED: "FULLY_CHARGED",
    OrderModel.PaymentStatus.PARTIALLY_REFUNDED: "PARTIALLY_REFUNDED",
    OrderModel.PaymentStatus.FULLY_REFUNDED: "FULLY_REFUNDED",
}
FULFILLED_STATUSES = (
    ShopOrderModel.Status.SHIPPED,
    ShopOrderModel.Status.DELIVERED,
    ShopOrderModel.Status.COMPLETED,
    ShopOrderModel.Status.RETURNED,
)


def order_shop_orders(order: OrderModel, info: Any) -> list[ShopOrderModel]:
    """The shop orders the viewer sees (all, or their own shops' for shop staff)."""
    scope = getattr(order, "_saleor_scope", "unset")
    if scope == "unset":
        scope = orders_selectors.order_scope(order, _viewer(info), info.context)
        order._saleor_scope = scope  # type: ignore[attr-defined]
    shop_orders = list(order.shop_orders.all())
    return shop_orders if scope is None else [so for so in shop_orders if so.shop_id in scope]


def _full_view(order: OrderModel, info: Any) -> bool:
    order_shop_orders(order, info)
    return getattr(order, "_saleor_scope", None) is None


def _order_amount(order: OrderModel, info: Any, attribute: str, order_attribute: str) -> int:
    if _full_view(order, info):
        return int(getattr(order, order_attribute))
    return sum(int(getattr(so, attribute)) for so in order_shop_orders(order, info))


def _order_payments(order: OrderModel) -> list[Payment]:
    return list(order.payments.all())


def _shipping_view(shop_order: ShopOrderModel) -> delivery_selectors.DeliveryOption:
    return delivery_selectors.DeliveryOption(
        key=str(shop_order.shipping_method_id or f"order-{shop_order.pk}"),
        name_vi=shop_order.shipping_method_name,
        name_en=shop_order.shipping_method_name,
        price=shop_order.shipping_fee,
        min_days=shop_order.delivery_min_days,
        max_days=shop_order.delivery_max_days,
        methods={shop_order.shop_id: shop_order.shipping_method_id or 0},
        kind=shop_order.shipping_method.kind if shop_order.shipping_method_id else None,  # type: ignore[union-attr]
    )


def _pickup_location(shop_order: ShopOrderModel) -> StockLocation | None:
    point = shop_order.sale_point
    return getattr(point, "location", None) if point is not None else None


class OrderLine(graphene.ObjectType):
    """What was sold: names, SKU and price as they were when the order was placed."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, OrderLineModel)

    product_name = graphene.String(required=True)
    variant_name = graphene.String(required=True)
    product_sku = graphene.String()
    product_variant_id = graphene.String()
    is_shipping_required = graphene.Boolean(required=True)
    quantity = graphene.Int(required=True)
    quantity_fulfilled = graphene.Int(required=True)
    tax_rate = graphene.Float(required=True)
    thumbnail = graphene.Field(
        Image,
        size=graphene.Int(description="Size of thumbnail."),
        format=graphene.Argument(ThumbnailFormatEnum, description="The format of the image."),
    )
    unit_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_unit_price = graphene.Field(TaxedMoney, required=True)
    unit_discount = graphene.Field(Money, required=True)
    unit_discount_reason = graphene.String()
    unit_discount_value = graphene.Field(
        "marketplace.graphql.scalars.PositiveDecimal", required=True
    )
    unit_discount_type = graphene.Field(enums.DiscountValueTypeEnum)
    total_price = graphene.Field(TaxedMoney, required=True)
    undiscounted_total_price = graphene.Field(TaxedMoney, required=True)
    is_price_overridden = graphene.Boolean()
    price_override_reason = graphene.String()
    variant = graphene.Field(VARIANT)
    translated_product_name = graphene.String(required=True)
    translated_variant_name = graphene.String(required=True)
    sale_id = graphene.ID()
    quantity_to_fulfill = graphene.Int(required=True)
    voucher_code = graphene.String()
    is_gift = graphene.Boolean()

    @classmethod
    def get_node(cls, info: Any, id: str) -> OrderLineModel | None:
        if not str(id).isdigit():
            return None
        line = OrderLineModel.objects.select_related("shop_order__order").filter(pk=int(id)).first()
        if line is None:
            return None
        order = orders_selectors.order_for_viewer(
            token=line.shop_order.order.token, user=_viewer(info), cache=info.context
        )
        if order is None:
            return None
        return next(
            (
                ln
                for so in order_shop_orders(order, info)
                for ln in so.lines.all()
                if ln.pk == line.pk
            ),
            None,
        )

    @staticmethod
    def resolve_id(root: OrderLineModel, info: Any) -> int:
        return root.pk

    @staticmethod
    def resolve_product_name(root: OrderLineModel, info: Any) -> str:
        return root.product_name

    @staticmethod
    def resolve_variant_name(root: OrderLineModel, info: Any) -> str:
        return root.variant_name

    @staticmethod
    def resolve_product_sku(root: OrderLineModel, info: Any) -> str:
        return root.sku

    @staticmethod
    def resolve_product_variant_id(root: OrderLineModel, info: Any) -> str | None:
        return to_global_id("ProductVariant", root.variant_id) if root.variant_id else None

    @staticmethod
    def resolve_is_shipping_required(root: Any, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_tax_rate(root: Any, info: Any) -> float:
        return 0.0

    @staticmethod
    def resolve_thumbnail(
        root: OrderLineModel, info: Any, size: int | None = None, format: Any = None
    ) -> Any:
        from shops.thumbnails import thumbnail_url

        variant = root.variant
        if variant is None:
            return None
        media = list(variant.product.media.all())
        if not media:
            return None
        fmt = (
            "jpeg"
            if str(getattr(format, "value", format) or "WEBP").upper() == "ORIGINAL"
            else "webp"
        )
        return {
            "url": absolute_url(info, thumbnail_url(media[0], size or 256, fmt)),
            "alt": media[0].alt,
        }

    @staticmethod
    def resolve_unit_price(root: OrderLineModel, info: Any) -> int:
        return root.unit_price

    resolve_undiscounted_unit_price = resolve_unit_price

    @staticmethod
    def resolve_unit_discount(root: Any, info: Any) -> int:
        return 0

    resolve_unit_discount_value = resolve_unit_discount

    @staticmethod
    def resolve_unit_discount_reason(root: Any, info: Any) -> None:
        return None

    resolve_unit_discount_type = resolve_unit_discount_reason
    resolve_price_override_reason = resolve_unit_discount_reason
    resolve_sale_id = resolve_unit_discount_reason
    resolve_voucher_code = resolve_unit_discount_reason

    @staticmethod
    def resolve_total_price(root: OrderLineModel, info: Any) -> int:
        return root.total

    resolve_undiscounted_total_price = resolve_total_price

    @staticmethod
    def resolve_is_price_overridden(root: Any, info: Any) -> bool:
        return False

    resolve_is_gift = resolve_is_price_overridden

    @staticmethod
    def resolve_variant(root: OrderLineModel, info: Any) -> Any:
        return _in_channel(root.variant, root.shop_order.order.channel)

    @staticmethod
    def resolve_translated_product_name(root: OrderLineModel, info: Any) -> str:
        order = root.shop_order.order
        if (order.language_code or "").lower().startswith("en") and root.product_name_en:
            return root.product_name_en
        return root.product_name

    @staticmethod
    def resolve_translated_variant_name(root: OrderLineModel, info: Any) -> str:
        return root.variant_name

    @staticmethod
    def resolve_quantity_to_fulfill(root: OrderLineModel, info: Any) -> int:
        return max(root.quantity - root.quantity_fulfilled, 0)


class FulfillmentLine(graphene.ObjectType):
    class Meta:
        interfaces = NODE

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        # the same rows as order lines: under ``node`` an order line stays an OrderLine
        return isinstance(root, OrderLineModel) and info.field_name != "node"

    quantity = graphene.Int(required=True)
    order_line = graphene.Field(OrderLine)

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None

    @staticmethod
    def resolve_id(root: OrderLineModel, info: Any) -> int:
        return root.pk

    @staticmethod
    def resolve_quantity(root: OrderLineModel, info: Any) -> int:
        return root.quantity_fulfilled or root.quantity

    @staticmethod
    def resolve_order_line(root: OrderLineModel, info: Any) -> OrderLineModel:
        return root


class Fulfillment(graphene.ObjectType):
    """A shop order once it is shipped (each shop ships its own parcel)."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        # the same rows as shop orders: under ``node`` only what ``get_node`` marked
        return isinstance(root, ShopOrderModel) and (
            info.field_name != "node" or getattr(root, "_as_fulfillment", False)
        )

    fulfillment_order = graphene.Int(required=True)
    status = graphene.Field(enums.FulfillmentStatus, required=True)
    tracking_number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    lines = graphene.List(graphene.NonNull(FulfillmentLine))
    status_display = graphene.String()
    warehouse = graphene.Field(Warehouse)
    shipping_refunded_amount = graphene.Field(Money)
    total_refunded_amount = graphene.Field(Money)
    carrier = graphene.String(description="Marketplace extension: the carrier.")

    @classmethod
    def get_node(cls, info: Any, id: str) -> ShopOrderModel | None:
        shop_order = _shop_order_node(info, id)
        if shop_order is None or shop_order.status not in FULFILLED_STATUSES:
            return None
        shop_order._as_fulfillment = True  # type: ignore[attr-defined]
        return shop_order

    @staticmethod
    def resolve_id(root: ShopOrderModel, info: Any) -> int:
        return root.pk

    @staticmethod
    def resolve_fulfillment_order(root: ShopOrderModel, info: Any) -> int:
        suffix = root.number.rsplit("-", 1)[-1]
        return int(suffix) if suffix.isdigit() else 1

    @staticmethod
    def resolve_status(root: ShopOrderModel, info: Any) -> str:
        return "RETURNED" if root.status == ShopOrderModel.Status.RETURNED else "FULFILLED"

    @staticmethod
    def resolve_tracking_number(root: ShopOrderModel, info: Any) -> str:
        return root.tracking_number

    @staticmethod
    def resolve_created(root: ShopOrderModel, info: Any) -> Any:
        return root.shipped_at or root.updated_at

    @staticmethod
    def resolve_lines(root: ShopOrderModel, info: Any) -> list[OrderLineModel]:
        return list(root.lines.all())

    @staticmethod
    def resolve_status_display(root: ShopOrderModel, info: Any) -> str:
        return str(root.get_status_display())

    @staticmethod
    def resolve_warehouse(root: ShopOrderModel, info: Any) -> StockLocation | None:
        return _pickup_location(root)

    @staticmethod
    def resolve_shipping_refunded_amount(root: Any, info: Any) -> None:
        return None

    @staticmethod
    def resolve_total_refunded_amount(root: ShopOrderModel, info: Any) -> int:
        return root.amount_refunded


def _shop_order_node(info: Any, id: str) -> ShopOrderModel | None:
    if not str(id).isdigit():
        return None
    token = ShopOrderModel.objects.filter(pk=int(id)).values_list("order__token", flat=True).first()
    order = token and orders_selectors.order_for_viewer(
        token=token, user=_viewer(info), cache=info.context
    )
    if not order:
        return None
    return next((so for so in order_shop_orders(order, info) if so.pk == int(id)), None)


ShopOrderStatusEnum = graphene.Enum(
    "ShopOrderStatusEnum", [(value.upper(), value) for value in ShopOrderModel.Status.values]
)
DeliveryKindEnum = graphene.Enum(
    "DeliveryKindEnum", [(value.upper(), value) for value in DeliveryKind.values]
)


class ShopOrder(graphene.ObjectType):
    """Marketplace extension: one shop's part of an order — what that shop fulfils, with
    its own status, shipping fee and tracking."""

    class Meta:
        interfaces = NODE

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, ShopOrderModel) and not getattr(root, "_as_fulfillment", False)

    number = graphene.String(required=True)
    status = graphene.Field(ShopOrderStatusEnum, required=True)
    status_display = graphene.String(required=True)
    shop = graphene.Field(SHOP, required=True)
    lines = graphene.NonNull(graphene.List(graphene.NonNull(OrderLine)))
    subtotal = graphene.Field(TaxedMoney, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    total = graphene.Field(TaxedMoney, required=True)
    is_paid = graphene.Boolean(required=True)
    delivery_kind = graphene.Field(DeliveryKindEnum, required=True)
    shipping_method_name = graphene.String()
    collection_point = graphene.Field(Warehouse)
    minimum_delivery_days = graphene.Int()
    maximum_delivery_days = graphene.Int()
    carrier = graphene.String(required=True)
    tracking_number = graphene.String(required=True)
    created = graphene.DateTime(required=True)
    shipped_at = graphene.DateTime()
    delivered_at = graphene.DateTime()
    cancel_reason = graphene.String()

    @classmethod
    def get_node(cls, info: Any, id: str) -> ShopOrderModel | None:
        return _shop_order_node(info, id)

    @staticmethod
    def resolve_id(root: ShopOrderModel, info: Any) -> int:
        return root.pk

    @staticmethod
    def resolve_status(root: ShopOrderModel, info: Any) -> str:
        return root.status

    @staticmethod
    def resolve_status_display(root: ShopOrderModel, info: Any) -> str:
        return str(root.get_status_display())

    @staticmethod
    def resolve_lines(root: ShopOrderModel, info: Any) -> list[OrderLineModel]:
        return list(root.lines.all())

    @staticmethod
    def resolve_subtotal(root: ShopOrderModel, info: Any) -> int:
        return root.subtotal

    @staticmethod
    def resolve_shipping_price(root: ShopOrderModel, info: Any) -> int:
        return root.shipping_fee

    @staticmethod
    def resolve_shipping_method_name(root: ShopOrderModel, info: Any) -> str | None:
        return root.shipping_method_name or None

    @staticmethod
    def resolve_collection_point(root: ShopOrderModel, info: Any) -> StockLocation | None:
        return _pickup_location(root)

    @staticmethod
    def resolve_minimum_delivery_days(root: ShopOrderModel, info: Any) -> int | None:
        return root.delivery_min_days

    @staticmethod
    def resolve_maximum_delivery_days(root: ShopOrderModel, info: Any) -> int | None:
        return root.delivery_max_days

    @staticmethod
    def resolve_created(root: ShopOrderModel, info: Any) -> Any:
        return root.created_at

    @staticmethod
    def resolve_cancel_reason(root: ShopOrderModel, info: Any) -> str | None:
        return root.cancel_reason or None


class Order(graphene.ObjectType):
    """A customer order. Its ID (``Order:<token>``) is as secret as its token: a guest
    order is shown to whoever holds it, an account's order only to that account, the
    shops it concerns (their part) and the OCOP office."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, OrderModel)

    created = graphene.DateTime(required=True)
    updated_at = graphene.DateTime(required=True)
    status = graphene.Field(enums.OrderStatus, required=True)
    user = graphene.Field(USER)
    tracking_client_id = graphene.String(required=True)
    billing_address = graphene.Field(Address)
    shipping_address = graphene.Field(Address)
    shipping_method_name = graphene.String()
    collection_point_name = graphene.String()
    channel = graphene.Field(CHANNEL, required=True)
    fulfillments = graphene.NonNull(graphene.List(graphene.NonNull(Fulfillment)))
    lines = graphene.NonNull(graphene.List(graphene.NonNull(OrderLine)))
    actions = graphene.NonNull(graphene.List(graphene.NonNull(enums.OrderAction)))
    shipping_methods = graphene.NonNull(graphene.List(graphene.NonNull(ShippingMethod)))
    available_collection_points = graphene.NonNull(graphene.List(graphene.NonNull(Warehouse)))
    number = graphene.String(required=True)
    original = graphene.ID()
    origin = graphene.Field(enums.OrderOriginEnum, required=True)
    is_paid = graphene.Boolean(required=True)
    payment_status = graphene.Field(enums.PaymentChargeStatusEnum, required=True)
    payment_status_display = graphene.String(required=True)
    authorize_status = graphene.Field(enums.OrderAuthorizeStatusEnum, required=True)
    charge_status = graphene.Field(enums.OrderChargeStatusEnum, required=True)
    tax_exemption = graphene.Boolean(required=True)
    transactions = graphene.NonNull(graphene.List(graphene.NonNull(TransactionItem)))
    total = graphene.Field(TaxedMoney, required=True)
    undiscounted_total = graphene.Field(TaxedMoney, required=True)
    shipping_method = graphene.Field(
        ShippingMethod, deprecation_reason="Use `deliveryMethod` instead."
    )
    undiscounted_shipping_price = graphene.Field(Money, required=True)
    shipping_price = graphene.Field(TaxedMoney, required=True)
    shipping_tax_rate = graphene.Float(required=True)
    token = graphene.String(required=True, deprecation_reason="Use `id` instead.")
    voucher = graphene.Field(Voucher)
    voucher_code = graphene.String()
    gift_cards = graphene.NonNull(graphene.List(graphene.NonNull(GiftCard)))
    customer_note = graphene.String(required=True)
    weight = graphene.Field(Weight, required=True)
    redirect_url = graphene.String()
    subtotal = graphene.Field(TaxedMoney, required=True)
    status_display = graphene.String(required=True)
    can_finalize = graphene.Boolean(required=True)
    total_authorized = graphene.Field(Money, required=True)
    total_captured = graphene.Field(
        Money, required=True, deprecation_reason="Use `totalCharged` instead."
    )
    total_charged = graphene.Field(Money, required=True)
    total_canceled = graphene.Field(Money, required=True)
    total_balance = graphene.Field(Money, required=True)
    user_email = graphene.String()
    is_shipping_required = graphene.Boolean(required=True)
    delivery_method = graphene.Field(DeliveryMethod)
    language_code = graphene.String(
        required=True,
        deprecation_reason="Use the `languageCodeEnum` field to fetch the language code.",
    )
    language_code_enum = graphene.Field(LanguageCodeEnum, required=True)
    discount = graphene.Field(Money, deprecation_reason="Use discounts field.")
    discount_name = graphene.String(deprecation_reason="Use discounts field.")
    translated_discount_name = graphene.String(deprecation_reason="Use discounts field.")
    discounts = graphene.NonNull(graphene.List(graphene.NonNull(OrderDiscount)))
    errors = graphene.NonNull(graphene.List(graphene.NonNull(OrderError)))
    display_gross_prices = graphene.Boolean(required=True)
    external_reference = graphene.String()
    checkout_id = graphene.ID()
    total_granted_refund = graphene.Field(Money, required=True)
    total_refunded = graphene.Field(Money, required=True)
    total_refund_pending = graphene.Field(Money, required=True)
    total_authorize_pending = graphene.Field(Money, required=True)
    total_charge_pending = graphene.Field(Money, required=True)
    total_cancel_pending = graphene.Field(Money, required=True)
    total_remaining_grant = graphene.Field(Money, required=True)
    shop_orders = graphene.NonNull(
        graphene.List(graphene.NonNull(ShopOrder)),
        description="Marketplace extension: the order's part for each shop (for shop "
        "staff: their own shop's part only).",
    )

    @classmethod
    def get_node(cls, info: Any, id: str) -> OrderModel | None:
        return orders_selectors.order_for_viewer(token=id, user=_viewer(info), cache=info.context)

    @staticmethod
    def resolve_id(root: OrderModel, info: Any) -> str:
        return str(root.token)

    @staticmethod
    def resolve_created(root: OrderModel, info: Any) -> Any:
        return root.created_at

    @staticmethod
    def resolve_updated_at(root: OrderModel, info: Any) -> Any:
        return root.updated_at

    @staticmethod
    def resolve_status(root: OrderModel, info: Any) -> str:
        return ORDER_STATUS.get(root.status, "UNFULFILLED")

    @staticmethod
    def resolve_user(root: OrderModel, info: Any) -> Any:
        return root.user if _full_view(root, info) else None

    @staticmethod
    def resolve_tracking_client_id(root: Any, info: Any) -> str:
        return ""

    @staticmethod
    def resolve_billing_address(root: OrderModel, info: Any) -> AddressModel | None:
        return root.billing_address

    @staticmethod
    def resolve_shipping_address(root: OrderModel, info: Any) -> AddressModel | None:
        return root.shipping_address

    @staticmethod
    def resolve_shipping_method_name(root: OrderModel, info: Any) -> str | None:
        names = [
            so.shipping_method_name
            for so in order_shop_orders(root, info)
            if so.delivery_kind == DeliveryKind.SHIPPING and so.shipping_method_name
        ]
        return "; ".join(dict.fromkeys(names)) or None

    @staticmethod
    def resolve_collection_point_name(root: OrderModel, info: Any) -> str | None:
        names = [
            so.sale_point.name  # type: ignore[union-attr]
            for so in order_shop_orders(root, info)
            if so.delivery_kind == DeliveryKind.PICKUP and so.sale_point_id
        ]
        return "; ".join(dict.fromkeys(names)) or None

    @staticmethod
    def resolve_channel(root: OrderModel, info: Any) -> Any:
        return channel_root(info, root.channel)

    @staticmethod
    def resolve_fulfillments(root: OrderModel, info: Any) -> list[ShopOrderModel]:
        return [so for so in order_shop_orders(root, info) if so.status in FULFILLED_STATUSES]

    @staticmethod
    def resolve_lines(root: OrderModel, info: Any) -> list[OrderLineModel]:
        return [line for so in order_shop_orders(root, info) for line in so.lines.all()]

    @staticmethod
    def resolve_actions(root: Any, info: Any) -> list[str]:
        return []

    resolve_shipping_methods = resolve_actions
    resolve_available_collection_points = resolve_actions
    resolve_gift_cards = resolve_actions
    resolve_discounts = resolve_actions
    resolve_errors = resolve_actions

    @staticmethod
    def resolve_original(root: Any, info: Any) -> None:
        return None

    resolve_voucher = resolve_original
    resolve_voucher_code = resolve_original
    resolve_redirect_url = resolve_original
    resolve_discount = resolve_original
    resolve_discount_name = resolve_original
    resolve_translated_discount_name = resolve_original
    resolve_external_reference = resolve_original

    @staticmethod
    def resolve_origin(root: Any, info: Any) -> str:
        return "CHECKOUT"

    @staticmethod
    def resolve_is_paid(root: OrderModel, info: Any) -> bool:
        return root.payment_status in (
            OrderModel.PaymentStatus.FULLY_CHARGED,
            OrderModel.PaymentStatus.OVERCHARGED,
        )

    @staticmethod
    def resolve_payment_status(root: OrderModel, info: Any) -> str:
        return PAYMENT_STATUS.get(root.payment_status, "NOT_CHARGED")

    @staticmethod
    def resolve_payment_status_display(root: OrderModel, info: Any) -> str:
        return str(root.get_payment_status_display())

    @staticmethod
    def resolve_authorize_status(root: OrderModel, info: Any) -> str:
        authorized = sum(
            p.amount for p in _order_payments(root) if p.status == Payment.Status.AUTHORIZED
        )
        return _status(authorized + root.amount_paid, root.total, over=False)

    @staticmethod
    def resolve_charge_status(root: OrderModel, info: Any) -> str:
        return _status(root.amount_paid, root.total, over=True)

    @staticmethod
    def resolve_tax_exemption(root: Any, info: Any) -> bool:
        return False

    resolve_can_finalize = resolve_tax_exemption

    @staticmethod
    def resolve_transactions(root: OrderModel, info: Any) -> list[Payment]:
        return _order_payments(root) if _full_view(root, info) else []

    @staticmethod
    def resolve_total(root: OrderModel, info: Any) -> int:
        return _order_amount(root, info, "total", "total")

    resolve_undiscounted_total = resolve_total

    @staticmethod
    def resolve_shipping_method(
        root: OrderModel, info: Any
    ) -> delivery_selectors.DeliveryOption | None:
        shop_orders = [
            so for so in order_shop_orders(root, info) if so.delivery_kind == DeliveryKind.SHIPPING
        ]
        if not shop_orders:
            return None
        if len(shop_orders) == 1:
            return _shipping_view(shop_orders[0])
        views = [_shipping_view(so) for so in shop_orders]
        return delivery_selectors.DeliveryOption(
            key=delivery_selectors.SELECTED,
            name_vi="; ".join(dict.fromkeys(v.name_vi for v in views)),
            name_en="; ".join(dict.fromkeys(v.name_en for v in views)),
            price=sum(v.price for v in views),
            min_days=max((v.min_days or 0) for v in views),
            max_days=max((v.max_days or 0) for v in views),
        )

    @staticmethod
    def resolve_delivery_method(root: OrderModel, info: Any) -> Any:
        shop_orders = order_shop_orders(root, info)
        points = {so.sale_point_id for so in shop_orders if so.delivery_kind == DeliveryKind.PICKUP}
        if (
            shop_orders
            and len(points) == 1
            and all(so.delivery_kind == DeliveryKind.PICKUP for so in shop_orders)
        ):
            return _pickup_location(shop_orders[0])
        return Order.resolve_shipping_method(root, info)

    @staticmethod
    def resolve_undiscounted_shipping_price(root: OrderModel, info: Any) -> int:
        return _order_amount(root, info, "shipping_fee", "shipping_total")

    resolve_shipping_price = resolve_undiscounted_shipping_price

    @staticmethod
    def resolve_shipping_tax_rate(root: Any, info: Any) -> float:
        return 0.0

    @staticmethod
    def resolve_token(root: OrderModel, info: Any) -> str:
        return str(root.token)

    @staticmethod
    def resolve_customer_note(root: OrderModel, info: Any) -> str:
        return root.note

    @staticmethod
    def resolve_weight(root: OrderModel, info: Any) -> int:
        return sum(
            line.weight_grams for so in order_shop_orders(root, info) for line in so.lines.all()
        )

    @staticmethod
    def resolve_subtotal(root: OrderModel, info: Any) -> int:
        return _order_amount(root, info, "subtotal", "subtotal")

    @staticmethod
    def resolve_status_display(root: OrderModel, info: Any) -> str:
        return str(root.get_status_display())

    @staticmethod
    def resolve_total_authorized(root: OrderModel, info: Any) -> int:
        return sum(p.amount for p in _order_payments(root) if p.status == Payment.Status.AUTHORIZED)

    @staticmethod
    def resolve_total_charged(root: OrderModel, info: Any) -> int:
        return root.amount_paid

    resolve_total_captured = resolve_total_charged

    @staticmethod
    def resolve_total_canceled(root: Any, info: Any) -> int:
        return 0

    resolve_total_granted_refund = resolve_total_canceled
    resolve_total_refund_pending = resolve_total_canceled
    resolve_total_authorize_pending = resolve_total_canceled
    resolve_total_charge_pending = resolve_total_canceled
    resolve_total_cancel_pending = resolve_total_canceled
    resolve_total_remaining_grant = resolve_total_canceled

    @staticmethod
    def resolve_total_balance(root: OrderModel, info: Any) -> int:
        return root.amount_paid - root.total

    @staticmethod
    def resolve_user_email(root: OrderModel, info: Any) -> str:
        return root.email

    @staticmethod
    def resolve_is_shipping_required(root: Any, info: Any) -> bool:
        return True

    resolve_display_gross_prices = resolve_is_shipping_required

    @staticmethod
    def resolve_language_code(root: OrderModel, info: Any) -> str:
        return (root.language_code or "vi").lower()

    @staticmethod
    def resolve_language_code_enum(root: OrderModel, info: Any) -> str:
        return _language(root.language_code)

    @staticmethod
    def resolve_checkout_id(root: OrderModel, info: Any) -> str | None:
        return to_global_id("Checkout", str(root.checkout_token)) if root.checkout_token else None

    @staticmethod
    def resolve_total_refunded(root: OrderModel, info: Any) -> int:
        return root.amount_refunded

    @staticmethod
    def resolve_shop_orders(root: OrderModel, info: Any) -> list[ShopOrderModel]:
        return order_shop_orders(root, info)


def is_checkout_id(value: Any) -> str | None:
    """The token inside a ``Checkout`` global ID."""
    return _global_pk(value, "Checkout")


class CheckoutCountableConnection(CountableConnection):
    class Meta:
        node = Checkout


class OrderCountableConnection(CountableConnection):
    class Meta:
        node = Order
