"""Saleor's checkout, payment and completion mutations (names, arguments, payloads and
error codes as in Saleor 3.24, plus the deprecated ``checkoutLineDelete`` that Saleor's
storefront still declares) and the marketplace's ``checkoutShopDeliveryUpdate``. Each
decodes IDs, loads through a scoped selector and calls one service of
``orders.services.saleor``; the services own transactions and rules."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from graphql_relay import from_global_id, to_global_id

from marketplace.errors import Forbidden
from marketplace.graphql.enums import LanguageCodeEnum, language_of
from marketplace.graphql.errors import BaseMutation, errors_from
from marketplace.graphql.inputs import AddressInput, MetadataInput
from marketplace.graphql.metadata import ObjectWithMetadata
from orders.selectors import cart as cart_selectors
from orders.selectors import checkout as checkout_selectors
from orders.selectors import delivery as delivery_selectors
from orders.selectors import orders as orders_selectors
from orders.selectors import payments as payments_selectors
from orders.services import cart as cart_services
from orders.services import checkout as checkout_services
from orders.services import delivery as delivery_services
from orders.services import transactions as transactions_services

from . import enums
from .address import ADDRESS_FIELD_MAP, address_input_complete, address_input_to_data
from .errors import (
    CheckoutError,
    DeliveryOptionsCalculateError,
    MetadataError,
    PaymentGatewayConfigError,
    PaymentGatewayInitializeError,
    TransactionInitializeError,
    TransactionProcessError,
)
from .types import Checkout as CheckoutType
from .types import (
    CheckoutAddressValidationRules,
    CheckoutValidationRules,
    Delivery,
    PaymentGatewayConfig,
    TransactionEvent,
    TransactionItem,
    payment_event,
)
from .types import Order as OrderType

JSON = "marketplace.graphql.scalars.JSON"
POSITIVE_DECIMAL = "marketplace.graphql.scalars.PositiveDecimal"
CHECKOUT_NOT_FOUND = "Không tìm thấy giỏ hàng. / Checkout not found."
PRICE_OVERRIDE_DENIED = (
    "Không được đặt giá từ phía khách. / To set a line price you need one of the following "
    "permissions: HANDLE_CHECKOUTS"
)


def _key(value: Any, *types: str) -> str | None:
    """The key inside a global ID of one of ``types``."""
    if not value:
        return None
    try:
        type_name, key = from_global_id(str(value))
    except Exception:  # noqa: BLE001 - a malformed id is simply not found
        return None
    return key if type_name in types and key else None


def _pk(value: Any, *types: str) -> int | None:
    key = _key(value, *types)
    return int(key) if key is not None and key.isdigit() else None


def _not_found(field: str, message: str = CHECKOUT_NOT_FOUND) -> ValidationError:
    return ValidationError({field: ValidationError(message, code="not_found")})


def load_checkout(
    info: Any,
    *,
    id: Any = None,
    token: Any = None,
    checkout_id: Any = None,
    include_completed: bool = False,
) -> Any:
    """The checkout named by ``id`` (``Checkout:<token>``), ``token`` or the deprecated
    ``checkoutId``, if the viewer may use it; a coded NOT_FOUND error otherwise."""
    field = "id" if id else "token" if token else "checkoutId"
    value = token if token else _key(id or checkout_id, "Checkout")
    checkout = (
        checkout_selectors.checkout_for_viewer(
            token=value, user=info.context.user, include_completed=include_completed
        )
        if value
        else None
    )
    if checkout is None:
        raise _not_found(field)
    return checkout


def _payload(checkout: Any) -> dict[str, Any]:
    return {"checkout": checkout_selectors.checkout_reload(checkout)}


def _language(code: Any) -> str:
    return language_of(getattr(code, "value", code)) if code else "vi"


class CheckoutMutation(BaseMutation):
    """Checkout errors carry Saleor's ``variants``, ``lines`` and ``addressType``."""

    code_map: ClassVar[dict[str, str]] = {
        "invalid_quantity": "INVALID",
        "checkout_completed": "NOT_FOUND",
        "checkout_expired": "NOT_FOUND",
        "product_not_available": "PRODUCT_UNAVAILABLE_FOR_PURCHASE",
        "payment_method_not_set": "CHECKOUT_NOT_FULLY_PAID",
        "cod_not_allowed": "PAYMENT_ERROR",
        "phone_not_set": "REQUIRED",
        "invalid_phone": "INVALID",
        "shipping_method_not_applicable": "SHIPPING_METHOD_NOT_APPLICABLE",
    }
    field_map: ClassVar[dict[str, str]] = {
        "variant": "variantId",
        "line": "lineId",
        "line_id": "lineId",
        "delivery": "shippingMethod",
        "shipping_method": "shippingMethod",
        "sale_point": "collectionPointId",
        "payment_method": "paymentGateway",
        "payment": "id",
        "checkout": "id",
    }

    class Meta:
        abstract = True

    #: each mutation's ``classmethod(root, info, **arguments)`` returning the payload's fields
    perform: ClassVar[Any]

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        try:
            return cls.perform(root, info, **data)
        except ValidationError as exc:
            return {"errors": cls.errors_for(exc)}

    @classmethod
    def errors_for(cls, exc: ValidationError) -> list[dict[str, Any]]:
        code_enum = cls._meta.error_type._meta.fields["code"].type.of_type
        kind = getattr(exc, "kind", None)
        field_map = {**cls.field_map, **(ADDRESS_FIELD_MAP if kind else {})}
        items = (
            exc.error_dict.items()
            if hasattr(exc, "error_dict")
            else [(NON_FIELD_ERRORS, exc.error_list)]
        )
        result = []
        for field, errors in items:
            for error in errors:
                entry = errors_from(
                    ValidationError({field: [error]}), code_enum, cls.code_map, field_map
                )[0]
                if cls._meta.error_type is CheckoutError:
                    params = error.params or {}
                    variants = params.get("variants") or (
                        [params["variant"]] if params.get("variant") else []
                    )
                    if variants:
                        entry["variants"] = [to_global_id("ProductVariant", v) for v in variants]
                    if params.get("lines"):
                        entry["lines"] = [
                            to_global_id("CheckoutLine", pk) for pk in params["lines"]
                        ]
                    if kind:
                        entry["address_type"] = kind
                result.append(entry)
        return result


class CheckoutArguments:
    """``id`` (``Checkout:<token>``) or ``token``, and Saleor's deprecated ``checkoutId``."""

    id = graphene.ID(description="The checkout's ID.")
    token = graphene.UUID(description="Checkout token.", deprecation_reason="Use `id` instead.")
    checkout_id = graphene.ID(
        description="The ID of the checkout.", deprecation_reason="Use `id` instead."
    )


def _checkout_output() -> dict[str, Any]:
    return {"checkout": graphene.Field(CheckoutType, description="An updated checkout.")}


# --- Creating and editing -------------------------------------------------------------------


class CheckoutLineInput(graphene.InputObjectType):
    quantity = graphene.Int(required=True, description="The number of items purchased.")
    variant_id = graphene.ID(required=True, description="ID of the product variant.")
    price = graphene.InputField(
        POSITIVE_DECIMAL,
        description="Custom price of the item. Not accepted: prices "
        "always come from the catalogue.",
    )
    price_override_reason = graphene.String(description="Reason for price override.")
    force_new_line = graphene.Boolean(
        default_value=False,
        description="Flag that allow force splitting the same variant into multiple lines.",
    )
    metadata = graphene.List(
        graphene.NonNull(MetadataInput),
        description="Fields required to update the object's metadata.",
    )


class CheckoutLineUpdateInput(graphene.InputObjectType):
    variant_id = graphene.ID(deprecation_reason="Use `lineId` instead.")
    quantity = graphene.Int(
        description="The number of items purchased. Optional for apps, required for any other "
        "users."
    )
    price = graphene.InputField(
        POSITIVE_DECIMAL, description="Custom price of the item. Not accepted."
    )
    price_override_reason = graphene.String(description="Reason for price override.")
    line_id = graphene.ID(description="ID of the line.")
    metadata = graphene.List(
        graphene.NonNull(MetadataInput),
        description="Fields required to update the object's metadata. Ignored.",
    )


class CheckoutCreateInput(graphene.InputObjectType):
    channel = graphene.String(description="Slug of a channel in which to create a checkout.")
    lines = graphene.List(
        graphene.NonNull(CheckoutLineInput),
        description="A list of checkout lines, each "
        "containing information about an item "
        "in the checkout.",
    )
    email = graphene.String(description="The customer's email address.")
    save_shipping_address = graphene.Boolean(
        description="Indicates whether the shipping address should be saved "
        "to the user's address book upon checkout completion."
    )
    shipping_address = graphene.Field(
        AddressInput, description="The mailing address to where the checkout will be shipped."
    )
    save_billing_address = graphene.Boolean(
        description="Indicates whether the billing address should be saved to "
        "the user's address book upon checkout completion."
    )
    billing_address = graphene.Field(AddressInput, description="Billing address of the customer.")
    language_code = graphene.Field(LanguageCodeEnum, description="Checkout language code.")
    validation_rules = graphene.Field(
        CheckoutValidationRules, description="The checkout validation rules that can be changed."
    )
    metadata = graphene.List(
        graphene.NonNull(MetadataInput), description="Checkout public metadata."
    )
    private_metadata = graphene.List(
        graphene.NonNull(MetadataInput),
        description="Checkout private metadata. Ignored (staff and apps only).",
    )


def _lines(lines: list[Any]) -> list[tuple[int, int]]:
    """(variant pk, quantity) pairs; a price from the client is refused outright."""
    result = []
    for index, line in enumerate(lines or []):
        if line.get("price") is not None:
            raise Forbidden(PRICE_OVERRIDE_DENIED)
        pk = _pk(line.get("variant_id"), "ProductVariant")
        if pk is None:
            raise ValidationError(
                {
                    "variant_id": ValidationError(
                        "Không tìm thấy sản phẩm. / Couldn't resolve to a product variant.",
                        code="not_found",
                        params={"index": index},
                    )
                }
            )
        result.append((pk, int(line.get("quantity") or 0)))
    return result


def _address(data: Any, rules: Any) -> dict[str, Any] | None:
    """Service data for an ``AddressInput``; ``None`` for an incomplete address sent with
    ``checkRequiredFields: false`` (Saleor's autosave), which we cannot store yet."""
    if data is None:
        return None
    values = dict(data)
    if (
        rules is not None
        and rules.get("check_required_fields") is False
        and not address_input_complete(values)
    ):
        return None
    return address_input_to_data(values)


class CheckoutCreate(CheckoutMutation):
    """Create a new checkout. Lines, e-mail and addresses are validated together: nothing
    is saved when anything is invalid."""

    class Arguments:
        input = CheckoutCreateInput(
            required=True, description="Fields required to create checkout."
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType)
    created = graphene.Boolean(
        description="Whether the checkout was created.", deprecation_reason="Always returns `true`."
    )

    @classmethod
    def perform(cls, root: Any, info: Any, input: dict[str, Any]) -> dict[str, Any]:
        rules = input.get("validation_rules") or {}
        try:
            shipping = _address(input.get("shipping_address"), rules.get("shipping_address"))
            billing = _address(input.get("billing_address"), rules.get("billing_address"))
        except ValidationError as exc:
            raise cart_services.AddressError(
                exc, "shipping" if input.get("shipping_address") else "billing"
            ) from None
        checkout = cart_services.checkout_create_with(
            user=info.context.user if info.context.user.is_authenticated else None,
            channel=input.get("channel") or "default-channel",
            email=(input.get("email") or "").strip(),
            lines=_lines(input.get("lines") or []),
            shipping_address=shipping,
            billing_address=billing,
            language_code=_language(input.get("language_code")),
            metadata=[(item["key"], item["value"]) for item in input.get("metadata") or []],
        )
        return {**_payload(checkout), "created": True}


class CheckoutLinesAdd(CheckoutMutation):
    """Adds checkout lines; quantities add up with a line of the same variant."""

    class Arguments(CheckoutArguments):
        lines = graphene.List(
            graphene.NonNull(CheckoutLineInput),
            required=True,
            description="A list of checkout lines, each containing information about an item in "
            "the checkout.",
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(cls, root: Any, info: Any, lines: list[Any], **ids: Any) -> dict[str, Any]:
        checkout = load_checkout(info, **ids)
        return _payload(cart_services.checkout_lines_add(checkout=checkout, lines=_lines(lines)))


class CheckoutLinesUpdate(CheckoutMutation):
    """Updates checkout lines by ``lineId`` (or, deprecated, ``variantId``); quantity 0
    removes the line."""

    class Arguments(CheckoutArguments):
        lines = graphene.List(
            graphene.NonNull(CheckoutLineUpdateInput),
            required=True,
            description="A list of checkout lines.",
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(cls, root: Any, info: Any, lines: list[Any], **ids: Any) -> dict[str, Any]:
        checkout = load_checkout(info, **ids)
        changes: list[tuple[int | None, int | None, int | None]] = []
        for line in lines:
            if line.get("price") is not None:
                raise Forbidden(PRICE_OVERRIDE_DENIED)
            line_id = _pk(line.get("line_id"), "CheckoutLine") if line.get("line_id") else None
            if line.get("line_id") and line_id is None:
                raise _not_found("line_id", "Không tìm thấy dòng này. / Line not found.")
            variant_id = (
                _pk(line.get("variant_id"), "ProductVariant") if line.get("variant_id") else None
            )
            quantity = line.get("quantity")
            changes.append((line_id, variant_id, int(quantity) if quantity is not None else None))
        return _payload(cart_services.checkout_lines_update(checkout=checkout, lines=changes))


class CheckoutLinesDelete(CheckoutMutation):
    """Deletes checkout lines."""

    class Arguments:
        id = graphene.ID(description="The checkout's ID.")
        token = graphene.UUID(description="Checkout token.", deprecation_reason="Use `id` instead.")
        lines_ids = graphene.List(
            graphene.NonNull(graphene.ID), required=True, description="A list of checkout lines."
        )

    class Meta:
        error_type = CheckoutError

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(cls, root: Any, info: Any, lines_ids: list[str], **ids: Any) -> dict[str, Any]:
        checkout = load_checkout(info, **ids)
        pks = [_pk(line_id, "CheckoutLine") for line_id in lines_ids]
        if any(pk is None for pk in pks):
            raise _not_found("line_id", "Không tìm thấy dòng này. / Line not found.")
        return _payload(
            cart_services.checkout_lines_delete(
                checkout=checkout, line_ids=[pk for pk in pks if pk]
            )
        )


class CheckoutLineDelete(CheckoutMutation):
    """Deletes a checkout line (Saleor's deprecated single-line form, still used by its
    storefront)."""

    class Arguments(CheckoutArguments):
        line_id = graphene.ID(description="ID of the checkout line to delete.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"
        description = "Deletes a CheckoutLine. DEPRECATED: use `checkoutLinesDelete`."

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(
        cls, root: Any, info: Any, line_id: str | None = None, **ids: Any
    ) -> dict[str, Any]:
        checkout = load_checkout(info, **ids)
        pk = _pk(line_id, "CheckoutLine")
        if pk is None:
            raise _not_found("line_id", "Không tìm thấy dòng này. / Line not found.")
        return _payload(cart_services.checkout_lines_delete(checkout=checkout, line_ids=[pk]))


class CheckoutEmailUpdate(CheckoutMutation):
    class Arguments(CheckoutArguments):
        email = graphene.String(required=True, description="email.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="A checkout with updated email.")

    @classmethod
    def perform(cls, root: Any, info: Any, email: str, **ids: Any) -> dict[str, Any]:
        from orders.services import cart

        checkout = load_checkout(info, **ids)
        return _payload(cart.checkout_contact_update(checkout=checkout, email=email))


class _AddressUpdate(CheckoutMutation):
    kind: ClassVar[str] = "shipping"

    class Meta:
        abstract = True

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        validation_rules: Any = None,
        save_address: bool = True,
        **data: Any,
    ) -> dict[str, Any]:
        address = data.pop(f"{cls.kind}_address")
        checkout = load_checkout(info, **data)
        try:
            values = _address(address, validation_rules)
        except ValidationError as exc:
            raise cart_services.AddressError(exc, cls.kind) from None
        if values is None:
            return _payload(checkout)  # an incomplete autosave: kept on the client until complete
        return _payload(
            cart_services.checkout_address_set(checkout=checkout, data=values, kind=cls.kind)
        )


class CheckoutShippingAddressUpdate(_AddressUpdate):
    """Update shipping address in the existing checkout (the province in ``countryArea``,
    the commune and former district in ``city``). Delivery choices the new address no
    longer allows are cleared."""

    kind = "shipping"

    class Arguments:
        id = graphene.ID(description="The checkout's ID.")
        token = graphene.UUID(description="Checkout token.", deprecation_reason="Use `id` instead.")
        shipping_address = AddressInput(
            required=True, description="The mailing address to where the checkout will be shipped."
        )
        validation_rules = CheckoutAddressValidationRules(
            description="The rules for changing validation for received shipping address data."
        )
        save_address = graphene.Boolean(
            default_value=True,
            description="Indicates whether the shipping address "
            "should be saved to the user's address "
            "book upon checkout completion. Ignored.",
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")


class CheckoutBillingAddressUpdate(_AddressUpdate):
    """Update billing address in the existing checkout."""

    kind = "billing"

    class Arguments:
        id = graphene.ID(description="The checkout's ID.")
        token = graphene.UUID(description="Checkout token.", deprecation_reason="Use `id` instead.")
        billing_address = AddressInput(
            required=True, description="The billing address of the checkout."
        )
        validation_rules = CheckoutAddressValidationRules(
            description="The rules for changing validation for received billing address data."
        )
        save_address = graphene.Boolean(
            default_value=True,
            description="Indicates whether the billing address "
            "should be saved to the user's address "
            "book upon checkout completion. Ignored.",
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")


# --- Delivery -------------------------------------------------------------------------------


def _choose_delivery(
    checkout: Any, method_id: str | None, field: str, types: tuple[str, ...]
) -> Any:
    if not method_id:
        return delivery_services.checkout_delivery_clear(checkout=checkout)
    try:
        type_name, key = from_global_id(str(method_id))
    except Exception:  # noqa: BLE001
        type_name, key = "", ""
    if type_name not in types or not key:
        raise ValidationError(
            {
                field: ValidationError(
                    "Không tìm thấy phương thức giao hàng. / Delivery method not found.",
                    code="not_found",
                )
            }
        )
    if type_name == "Warehouse":
        if not key.isdigit():
            raise ValidationError(
                {
                    field: ValidationError(
                        "Không tìm thấy điểm nhận hàng. / Collection point not found.",
                        code="not_found",
                    )
                }
            )
        return delivery_services.checkout_pickup_choose(checkout=checkout, location_id=int(key))
    return delivery_services.checkout_shipping_choose(checkout=checkout, key=key)


class CheckoutDeliveryMethodUpdate(CheckoutMutation):
    """Updates the delivery method (a shipping method, a Saleor 3.23+ delivery or a
    collection point) of the checkout. On a multi-shop checkout the methods listed are
    per-shop combinations and apply to every shop; to choose shop by shop use
    ``checkoutShopDeliveryUpdate``."""

    code_map: ClassVar[dict[str, str]] = {
        **CheckoutMutation.code_map,
        "shipping_method_not_applicable": "DELIVERY_METHOD_NOT_APPLICABLE",
    }
    field_map: ClassVar[dict[str, str]] = {
        **CheckoutMutation.field_map,
        "shipping_method": "deliveryMethodId",
        "sale_point": "deliveryMethodId",
    }

    class Arguments:
        id = graphene.ID(description="The checkout's ID.")
        token = graphene.UUID(description="Checkout token.", deprecation_reason="Use `id` instead.")
        delivery_method_id = graphene.ID(
            description="Delivery Method ID (`Warehouse` ID or `ShippingMethod` ID)."
        )

    class Meta:
        error_type = CheckoutError

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(
        cls, root: Any, info: Any, delivery_method_id: str | None = None, **ids: Any
    ) -> dict[str, Any]:
        checkout = load_checkout(info, **ids)
        return _payload(
            _choose_delivery(
                checkout,
                delivery_method_id,
                "delivery_method_id",
                ("ShippingMethod", "Delivery", "Warehouse"),
            )
        )


class CheckoutShippingMethodUpdate(CheckoutMutation):
    """Updates the shipping method of the checkout (deprecated in Saleor; see
    ``checkoutDeliveryMethodUpdate``)."""

    code_map: ClassVar[dict[str, str]] = {
        **CheckoutMutation.code_map,
        "delivery_method_not_applicable": "SHIPPING_METHOD_NOT_APPLICABLE",
    }
    field_map: ClassVar[dict[str, str]] = {
        **CheckoutMutation.field_map,
        "delivery_method_id": "shippingMethodId",
        "shipping_method": "shippingMethodId",
    }

    class Arguments(CheckoutArguments):
        shipping_method_id = graphene.ID(description="Shipping method.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(
        cls, root: Any, info: Any, shipping_method_id: str | None = None, **ids: Any
    ) -> dict[str, Any]:
        checkout = load_checkout(info, **ids)
        return _payload(
            _choose_delivery(
                checkout, shipping_method_id, "delivery_method_id", ("ShippingMethod",)
            )
        )


class CheckoutShopDeliveryUpdate(CheckoutMutation):
    """Marketplace extension: how one shop's lines reach the buyer — one of that shop's
    shipping methods (``CheckoutShopDelivery.shippingMethods``) or pickup at a sale point
    holding them (``availableCollectionPoints``). Give the shop by ID or slug."""

    field_map: ClassVar[dict[str, str]] = {
        **CheckoutMutation.field_map,
        "shop": "shopId",
        "shipping_method": "shippingMethodId",
        "shipping_method_id": "shippingMethodId",
        "sale_point": "collectionPointId",
    }

    class Arguments:
        id = graphene.ID(description="The checkout's ID.")
        token = graphene.UUID(description="Checkout token.")
        shop_id = graphene.ID(description="The shop's ID.")
        shop_slug = graphene.String(description="The shop's slug.")
        shipping_method_id = graphene.ID(description="A shipping method of the shop.")
        collection_point_id = graphene.ID(
            description="A collection point (`Warehouse` ID of a sale point)."
        )

    class Meta:
        error_type = CheckoutError

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        shop_id: str | None = None,
        shop_slug: str | None = None,
        shipping_method_id: str | None = None,
        collection_point_id: str | None = None,
        **ids: Any,
    ) -> dict[str, Any]:
        checkout = load_checkout(info, **ids)
        shop_pk = _pk(shop_id, "Shop") if shop_id else None
        if shop_pk is None and shop_slug:
            shop_pk = next(
                (
                    g.shop.pk
                    for g in cart_selectors.summary_of(checkout).groups
                    if g.shop.slug == shop_slug
                ),
                None,
            )
        if shop_pk is None:
            raise _not_found(
                "shop_id", "Giỏ hàng không có sản phẩm của gian hàng này. / No lines of this shop."
            )
        method = _pk(shipping_method_id, "ShippingMethod") if shipping_method_id else None
        point = _pk(collection_point_id, "Warehouse") if collection_point_id else None
        if (shipping_method_id and method is None) or (collection_point_id and point is None):
            raise _not_found(
                "shipping_method_id" if shipping_method_id else "collection_point_id",
                "Không tìm thấy phương thức nhận hàng. / Delivery method not found.",
            )
        return _payload(
            delivery_services.checkout_shop_delivery_set(
                checkout=checkout, shop_id=shop_pk, shipping_method_id=method, location_id=point
            )
        )


class DeliveryOptionsCalculate(BaseMutation):
    """Saleor 3.23+: the checkout's delivery options for its shipping address."""

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the checkout.")

    class Meta:
        error_type = DeliveryOptionsCalculateError

    deliveries = graphene.NonNull(
        graphene.List(graphene.NonNull(Delivery)), description="List of the available deliveries."
    )

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        return cls.perform(root, info, **data)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str) -> dict[str, Any]:
        checkout = load_checkout(info, id=id)
        return {"deliveries": delivery_selectors.delivery_options(checkout)}


# --- Customer, language, note, promo codes ---------------------------------------------------


def _require_user(info: Any) -> Any:
    user = info.context.user
    if not user.is_authenticated:
        raise Forbidden("Bạn cần đăng nhập. / You need to be authenticated to perform this action.")
    return user


class CheckoutCustomerAttach(CheckoutMutation):
    """Sets the signed-in customer as the checkout's owner."""

    class Arguments(CheckoutArguments):
        customer_id = graphene.ID(
            description="ID of customer to attach to checkout. Only your own."
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(
        cls, root: Any, info: Any, customer_id: str | None = None, **ids: Any
    ) -> dict[str, Any]:
        user = _require_user(info)
        if customer_id and _pk(customer_id, "User") != user.pk:
            raise Forbidden(
                "Chỉ có thể gắn chính tài khoản của bạn. / You can only attach yourself."
            )
        checkout = load_checkout(info, **ids)
        return _payload(cart_services.checkout_customer_attach(checkout=checkout, user=user))


class CheckoutCustomerDetach(CheckoutMutation):
    """Removes the customer from the checkout (the owner only)."""

    class Arguments(CheckoutArguments):
        pass

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(cls, root: Any, info: Any, **ids: Any) -> dict[str, Any]:
        user = _require_user(info)
        checkout = load_checkout(info, **ids)
        return _payload(cart_services.checkout_customer_detach(checkout=checkout, user=user))


class CheckoutLanguageCodeUpdate(CheckoutMutation):
    class Arguments(CheckoutArguments):
        language_code = graphene.Argument(
            LanguageCodeEnum, required=True, description="New language code."
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(cls, root: Any, info: Any, language_code: Any, **ids: Any) -> dict[str, Any]:
        checkout = load_checkout(info, **ids)
        return _payload(
            cart_services.checkout_language_update(
                checkout=checkout, language=_language(language_code)
            )
        )


class CheckoutCustomerNoteUpdate(CheckoutMutation):
    class Arguments:
        id = graphene.ID(required=True, description="The checkout's ID.")
        customer_note = graphene.String(required=True, description="New customer note content.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(CheckoutType, description="An updated checkout.")

    @classmethod
    def perform(cls, root: Any, info: Any, id: str, customer_note: str) -> dict[str, Any]:
        from orders.services import cart

        checkout = load_checkout(info, id=id)
        return _payload(cart.checkout_note_update(checkout=checkout, note=customer_note))


class CheckoutAddPromoCode(CheckoutMutation):
    """Vouchers and gift cards are not offered: every code is refused (INVALID)."""

    class Arguments(CheckoutArguments):
        promo_code = graphene.String(required=True, description="Gift card code or voucher code.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(
        CheckoutType, description="The checkout with the added gift card or voucher."
    )

    @classmethod
    def perform(cls, root: Any, info: Any, promo_code: str, **ids: Any) -> dict[str, Any]:
        load_checkout(info, **ids)
        raise ValidationError(
            {
                "promo_code": ValidationError(
                    "Mã khuyến mãi không hợp lệ. / Promo code is invalid.", code="invalid"
                )
            }
        )


class CheckoutRemovePromoCode(CheckoutMutation):
    class Arguments(CheckoutArguments):
        promo_code = graphene.String(description="Gift card code or voucher code.")
        promo_code_id = graphene.ID(description="Gift card or voucher ID.")

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    checkout = graphene.Field(
        CheckoutType, description="The checkout with the removed gift card or voucher."
    )

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        promo_code: str | None = None,
        promo_code_id: str | None = None,
        **ids: Any,
    ) -> dict[str, Any]:
        return _payload(load_checkout(info, **ids))


# --- Payments -------------------------------------------------------------------------------


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(
        required=True, description="The identifier of the payment gateway app to initialize."
    )
    data = graphene.InputField(
        JSON, description="The data that will be passed to the payment gateway."
    )


class PaymentGatewayInitialize(BaseMutation):
    """Initializes payment gateways for a checkout: Stripe answers its publishable key
    (``{"stripePublishableKey": …}``, as Saleor's Stripe app)."""

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the checkout or order.")
        amount = graphene.Argument(
            POSITIVE_DECIMAL,
            description="The amount requested for initializing the payment "
            "gateway. Ignored: the checkout total is used.",
        )
        payment_gateways = graphene.List(
            graphene.NonNull(PaymentGatewayToInitialize),
            description="List of payment gateways to initialize.",
        )

    class Meta:
        error_type = PaymentGatewayInitializeError

    gateway_configs = graphene.List(
        graphene.NonNull(PaymentGatewayConfig),
        description="List of payment gateway configurations.",
    )

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        return cls.perform(root, info, **data)

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        id: str,
        amount: Decimal | None = None,
        payment_gateways: list[Any] | None = None,
    ) -> dict[str, Any]:
        checkout = load_checkout(info, id=id)
        available = {g.id: g for g in payments_selectors.payment_gateways(checkout)}
        requested = [g["id"] for g in payment_gateways] if payment_gateways else list(available)
        configs = []
        for gateway_id in requested:
            gateway = payments_selectors.gateway_find(gateway_id, checkout)
            if gateway is None:
                configs.append(
                    PaymentGatewayConfig(
                        id=gateway_id,
                        data=None,
                        errors=[
                            PaymentGatewayConfigError(
                                field="id",
                                message="Không có cổng thanh toán này. / Payment gateway not available.",
                                code="NOT_FOUND",
                            )
                        ],
                    )
                )
                continue
            data = (
                dict(gateway.config)
                if gateway.id != payments_selectors.STRIPE_GATEWAY
                else {"stripePublishableKey": dict(gateway.config).get("publishableKey")}
            )
            configs.append(PaymentGatewayConfig(id=gateway_id, data=data, errors=[]))
        return {"gateway_configs": configs}


def _transaction_payload(result: transactions_services.TransactionResult) -> dict[str, Any]:
    from .types import EventView

    payment = result.payment
    event = (
        payment_event(payment)
        if payment is not None
        else EventView(
            key=f"event:{result.event_type}",
            type=result.event_type,
            amount=result.amount,
            psp_reference=result.psp_reference,
            message=result.message,
            created_at=None,
        )
    )
    if payment is not None:
        event = EventView(
            key=event.key,
            type=result.event_type,
            amount=result.amount or event.amount,
            psp_reference=result.psp_reference or event.psp_reference,
            message=result.message or event.message,
            created_at=event.created_at,
        )
    return {"transaction": payment, "transaction_event": event, "data": result.data}


def _gateway_unavailable(exc: Exception) -> ValidationError:
    return ValidationError({"payment_gateway": ValidationError(str(exc), code="invalid")})


class TransactionInitialize(BaseMutation):
    """Starts a payment for a checkout with a gateway of ``availablePaymentGateways``:
    Stripe (a manual-capture PaymentIntent; ``data.paymentIntent.stripeClientSecret`` for
    Stripe.js, captured when the order is placed), Saleor's dummy payment app in demo and
    test settings, cash on delivery or VietQR (nothing to pay now). The amount is always
    the checkout's total."""

    class Arguments:
        id = graphene.ID(required=True, description="The ID of the checkout or order.")
        action = graphene.Argument(
            enums.TransactionFlowStrategyEnum,
            description="The expected action called for "
            "the transaction. Cards are "
            "authorized and captured when the "
            "order is placed.",
        )
        amount = graphene.Argument(
            POSITIVE_DECIMAL,
            description="The amount requested for initializing the payment "
            "gateway: the checkout total (other amounts are "
            "refused).",
        )
        payment_gateway = PaymentGatewayToInitialize(
            required=True, description="Payment gateway used to initialize the transaction."
        )
        customer_ip_address = graphene.String(description="The customer's IP address. Ignored.")
        idempotency_key = graphene.String(
            description="The idempotency key assigned to the action. Ignored: "
            "repeated calls reuse the open payment."
        )

    class Meta:
        error_type = TransactionInitializeError

    transaction = graphene.Field(TransactionItem, description="The initialized transaction.")
    transaction_event = graphene.Field(
        TransactionEvent, description="The event created for the initialized transaction."
    )
    data = graphene.Field(JSON, description="The JSON data required to finalize the payment.")

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        return cls.perform(root, info, **data)

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        id: str,
        payment_gateway: Any,
        amount: Decimal | None = None,
        **_: Any,
    ) -> dict[str, Any]:
        from orders import stripe_gateway

        try:
            checkout = load_checkout(info, id=id)
            result = transactions_services.checkout_transaction_initialize(
                checkout=checkout,
                gateway_id=payment_gateway["id"],
                data=payment_gateway.get("data"),
                amount=amount,
            )
        except stripe_gateway.StripeUnavailable as exc:
            raise _gateway_unavailable(exc) from None
        return _transaction_payload(result)


class TransactionProcess(BaseMutation):
    """Processes a transaction again: a card payment's PaymentIntent is read from Stripe
    and its state applied as its webhook would be."""

    class Arguments:
        id = graphene.ID(description="The ID of the transaction to process.")
        token = graphene.UUID(
            description="The token of the transaction to process. Not supported: use `id`."
        )
        data = graphene.Argument(
            JSON, description="The data that will be passed to the payment gateway."
        )
        customer_ip_address = graphene.String(description="The customer's IP address. Ignored.")

    class Meta:
        error_type = TransactionProcessError

    transaction = graphene.Field(TransactionItem, description="The processed transaction.")
    transaction_event = graphene.Field(
        TransactionEvent, description="The event created for the processed transaction."
    )
    data = graphene.Field(JSON, description="The json data required to finalize the payment.")

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        return cls.perform(root, info, **data)

    @classmethod
    def perform(cls, root: Any, info: Any, id: str | None = None, **_: Any) -> dict[str, Any]:
        from orders import stripe_gateway

        key = _key(id, "TransactionItem")
        payment = (
            payments_selectors.payment_by_key(key=key, user=info.context.user) if key else None
        )
        if payment is None:
            raise ValidationError(
                {
                    "id": ValidationError(
                        "Không tìm thấy giao dịch. / Transaction not found.", code="not_found"
                    )
                }
            )
        try:
            result = transactions_services.transaction_process(payment=payment)
        except stripe_gateway.StripeUnavailable as exc:
            raise _gateway_unavailable(exc) from None
        return _transaction_payload(result)


# --- Completing -----------------------------------------------------------------------------


class CheckoutComplete(CheckoutMutation):
    """Completes the checkout: one order with a shop order per shop, stock allocated, the
    card payment captured. Saleor's preconditions: e-mail, shipping address (unless every
    shop's lines are picked up), a delivery for every shop, billing address, and payment
    in full (authorized or charged) unless the buyer pays cash on delivery or by VietQR
    transfer. Completing a completed checkout returns its order."""

    code_map: ClassVar[dict[str, str]] = {
        **CheckoutMutation.code_map,
        "insufficient_stock": "INSUFFICIENT_STOCK",
    }

    class Arguments(CheckoutArguments):
        payment_data = graphene.JSONString(
            description="Client-side generated data required to finalize the payment. Ignored."
        )
        redirect_url = graphene.String(
            description="URL of a view where users should be redirected to see the "
            "order details. Ignored."
        )
        store_source = graphene.Boolean(
            default_value=False,
            description="Determines whether to store the payment source for future usage. Ignored.",
        )
        metadata = graphene.List(
            graphene.NonNull(MetadataInput),
            description="Fields required to update the checkout metadata. Ignored.",
        )

    class Meta:
        error_type = CheckoutError
        legacy_errors_field = "checkout_errors"

    order = graphene.Field(OrderType, description="Placed order.")
    confirmation_needed = graphene.Boolean(
        required=True,
        description="Set to true if payment needs to be confirmed before checkout is complete.",
    )
    confirmation_data = graphene.JSONString(
        description="Confirmation data used to process additional authorization steps."
    )

    @classmethod
    def perform(
        cls,
        root: Any,
        info: Any,
        payment_data: Any = None,
        redirect_url: str | None = None,
        store_source: bool = False,
        metadata: Any = None,
        **ids: Any,
    ) -> dict[str, Any]:
        checkout = load_checkout(info, include_completed=True, **ids)
        order = checkout_services.checkout_complete_saleor(
            checkout=checkout, user=info.context.user
        )
        loaded = orders_selectors.order_for_viewer(
            token=order.token, user=info.context.user, cache=info.context
        )
        return {"order": loaded, "confirmation_needed": False, "confirmation_data": None}

    @classmethod
    def payload(cls, errors: list[dict[str, Any]] | None = None, **fields: Any) -> Any:
        fields.setdefault("confirmation_needed", False)
        return super().payload(errors=errors, **fields)


# --- Metadata -------------------------------------------------------------------------------


class UpdateMetadata(BaseMutation):
    """Updates public metadata of a checkout (what Saleor's storefront keeps there, e.g.
    the buyer's marketing consent). Other objects keep no metadata: NOT_FOUND."""

    class Arguments:
        id = graphene.ID(
            required=True,
            description="ID or token (for Order and Checkout) of an object to update.",
        )
        input = graphene.List(
            graphene.NonNull(MetadataInput),
            required=True,
            description="Fields required to update the object's metadata.",
        )

    class Meta:
        error_type = MetadataError
        legacy_errors_field = "metadata_errors"

    item = graphene.Field(ObjectWithMetadata)

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        key = _key(data["id"], "Checkout")
        checkout = (
            checkout_selectors.checkout_for_viewer(token=key, user=info.context.user)
            if key
            else None
        )
        if checkout is None:
            raise _not_found("id", "Không tìm thấy đối tượng. / Object not found.")
        items = [(item["key"], item["value"]) for item in data["input"]]
        return {"item": cart_services.checkout_metadata_update(checkout=checkout, items=items)}
