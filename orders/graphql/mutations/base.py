"""What the orders app's mutations share beyond ``marketplace.graphql.errors.BaseMutation``:
``CheckoutMutation`` (Saleor's checkout error fields ``variants``, ``lines`` and
``addressType``), loading the checkout an operation names, cleaning lines and addresses,
the delivery choice, and the payload of a transaction."""

from __future__ import annotations

from typing import Any, ClassVar

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from marketplace.errors import Forbidden
from marketplace.graphql import ids
from marketplace.graphql.enums import language_of
from marketplace.graphql.errors import BaseMutation, errors_from
from marketplace.graphql.inputs import MetadataInput
from orders.selectors import checkout as checkout_selectors
from orders.services import cart as cart_services
from orders.services import delivery as delivery_services
from orders.services import transactions as transactions_services

from ..address import ADDRESS_FIELD_MAP, address_input_complete, address_input_to_data
from ..errors import CheckoutError
from ..types.payments import EventView, payment_event

JSON = "marketplace.graphql.scalars.JSON"
POSITIVE_DECIMAL = "marketplace.graphql.scalars.PositiveDecimal"
CHECKOUT_NOT_FOUND = "Không tìm thấy giỏ hàng. / Checkout not found."
LINE_NOT_FOUND = "Không tìm thấy dòng này. / Line not found."
PRICE_OVERRIDE_DENIED = (
    "Không được đặt giá từ phía khách. / To set a line price you need one of the following "
    "permissions: HANDLE_CHECKOUTS"
)
SIGN_IN_REQUIRED = "Bạn cần đăng nhập. / You need to be authenticated to perform this action."


def require_signed_in(info: Any) -> None:
    """Permission: a signed-in customer."""
    if not info.context.user.is_authenticated:
        raise Forbidden(SIGN_IN_REQUIRED)


def not_found(field: str, message: str = CHECKOUT_NOT_FOUND) -> ValidationError:
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
    value = token if token else ids.key_of(id or checkout_id, "Checkout")
    checkout = (
        checkout_selectors.checkout_for_viewer(
            token=value, user=info.context.user, include_completed=include_completed
        )
        if value
        else None
    )
    if checkout is None:
        raise not_found(field)
    return checkout


def checkout_payload(checkout: Any) -> dict[str, Any]:
    """The ``checkout`` of a payload, read again as the API shows it."""
    return {"checkout": checkout_selectors.checkout_reload(checkout)}


def language(code: Any) -> str:
    """Our language code of a ``LanguageCodeEnum`` value (Vietnamese when none)."""
    return language_of(getattr(code, "value", code)) if code else "vi"


class CheckoutMutation(BaseMutation):
    """A checkout mutation: ``perform`` is its body; its errors carry Saleor's
    ``variants``, ``lines`` and ``addressType`` (from the service error's ``params`` and
    an ``AddressError``'s kind)."""

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
                    ValidationError({field: [error]}), code_enum, cls.__name__, field_map
                )[0]
                if cls._meta.error_type is CheckoutError:
                    params = error.params or {}
                    variants = params.get("variants") or (
                        [params["variant"]] if params.get("variant") else []
                    )
                    if variants:
                        entry["variants"] = [ids.global_id("ProductVariant", v) for v in variants]
                    if params.get("lines"):
                        entry["lines"] = [
                            ids.global_id("CheckoutLine", pk) for pk in params["lines"]
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


# --- Lines and addresses --------------------------------------------------------------------


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


def clean_lines(lines: list[Any]) -> list[tuple[int, int]]:
    """(variant pk, quantity) pairs; a price from the client is refused outright."""
    result = []
    for index, line in enumerate(lines or []):
        if line.get("price") is not None:
            raise Forbidden(PRICE_OVERRIDE_DENIED)
        pk = ids.pk_of(line.get("variant_id"), "ProductVariant")
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


def clean_address(data: Any, rules: Any) -> dict[str, Any] | None:
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


class AddressUpdate(CheckoutMutation):
    """Sets the checkout's ``kind`` (shipping or billing) address."""

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
            values = clean_address(address, validation_rules)
        except ValidationError as exc:
            raise cart_services.AddressError(exc, cls.kind) from None
        if values is None:
            return checkout_payload(checkout)  # an incomplete autosave: kept on the client
        return checkout_payload(
            cart_services.checkout_address_set(checkout=checkout, data=values, kind=cls.kind)
        )


# --- Delivery -------------------------------------------------------------------------------


def choose_delivery(
    checkout: Any, method_id: str | None, field: str, types: tuple[str, ...]
) -> Any:
    """Chooses the delivery ``method_id`` names (a shipping method or delivery of one of
    ``types``, or a collection point); no id clears the choice."""
    if not method_id:
        return delivery_services.checkout_delivery_clear(checkout=checkout)
    type_name, key = ids.split_global_id(method_id)
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
        location_id = ids.pk_of(method_id, "Warehouse")
        if location_id is None:
            raise ValidationError(
                {
                    field: ValidationError(
                        "Không tìm thấy điểm nhận hàng. / Collection point not found.",
                        code="not_found",
                    )
                }
            )
        return delivery_services.checkout_pickup_choose(checkout=checkout, location_id=location_id)
    return delivery_services.checkout_shipping_choose(checkout=checkout, key=key)


# --- Payments -------------------------------------------------------------------------------


class PaymentGatewayToInitialize(graphene.InputObjectType):
    id = graphene.String(
        required=True, description="The identifier of the payment gateway app to initialize."
    )
    data = graphene.InputField(
        JSON, description="The data that will be passed to the payment gateway."
    )


def transaction_payload(result: transactions_services.TransactionResult) -> dict[str, Any]:
    """``transaction``, ``transactionEvent`` and ``data`` of a transaction mutation."""
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


def gateway_unavailable(exc: Exception) -> ValidationError:
    return ValidationError({"payment_gateway": ValidationError(str(exc), code="invalid")})
