"""Saleor's ``User`` (with ``UserCountableConnection``), ``AccountError`` and its code
enum. A user is visible to themself and to the OCOP office (and superusers); staff-only
fields answer ``null`` to others."""

from __future__ import annotations

import importlib
from typing import Any

import graphene
from graphql_relay import to_global_id

from marketplace.permissions import is_ocop_office

from ..common import Image, ThumbnailFormatEnum
from ..connection import CountableConnection, connection_args, paginate
from ..enums import AddressTypeEnum, LanguageCodeEnum
from ..errors import error_type
from ..metadata import ObjectWithMetadata
from .address import Address, theirs

ACCOUNT_ERROR_CODES = (
    "ACTIVATE_OWN_ACCOUNT",
    "ACTIVATE_SUPERUSER_ACCOUNT",
    "DUPLICATED_INPUT_ITEM",
    "DEACTIVATE_OWN_ACCOUNT",
    "DEACTIVATE_SUPERUSER_ACCOUNT",
    "DELETE_NON_STAFF_USER",
    "DELETE_OWN_ACCOUNT",
    "DELETE_STAFF_ACCOUNT",
    "DELETE_SUPERUSER_ACCOUNT",
    "GRAPHQL_ERROR",
    "INACTIVE",
    "INVALID",
    "INVALID_PASSWORD",
    "LEFT_NOT_MANAGEABLE_PERMISSION",
    "INVALID_CREDENTIALS",
    "NOT_FOUND",
    "OUT_OF_SCOPE_USER",
    "OUT_OF_SCOPE_GROUP",
    "OUT_OF_SCOPE_PERMISSION",
    "PASSWORD_ENTIRELY_NUMERIC",
    "PASSWORD_TOO_COMMON",
    "PASSWORD_TOO_SHORT",
    "PASSWORD_TOO_SIMILAR",
    "PASSWORD_RESET_ALREADY_REQUESTED",
    "REQUIRED",
    "UNIQUE",
    "JWT_SIGNATURE_EXPIRED",
    "JWT_INVALID_TOKEN",
    "JWT_DECODE_ERROR",
    "JWT_MISSING_TOKEN",
    "JWT_INVALID_CSRF_TOKEN",
    "CHANNEL_INACTIVE",
    "MISSING_CHANNEL_SLUG",
    "ACCOUNT_NOT_CONFIRMED",
    "LOGIN_ATTEMPT_DELAYED",
    "DISABLED_AUTHENTICATION_METHOD",
    "UNKNOWN_IP_ADDRESS",
    "FILE_SIZE_LIMIT_EXCEEDED",
)
AccountErrorCode = graphene.Enum("AccountErrorCode", [(code, code) for code in ACCOUNT_ERROR_CODES])

AccountError = error_type(
    "AccountError",
    AccountErrorCode,
    address_type=graphene.Field(
        AddressTypeEnum, description="A type of address that causes the error."
    ),
    attributes=graphene.List(
        graphene.NonNull(graphene.ID), description="List of attributes IDs which causes the error."
    ),
)

_ORDER_CONNECTION = theirs("OrderCountableConnection")
_CHECKOUT = theirs("Checkout")
_CHECKOUT_CONNECTION = theirs("CheckoutCountableConnection")


def _orders_prefetch() -> Any:
    """The checkout part's prefetching for its ``Order`` fields, when it exists."""
    try:
        module = importlib.import_module("orders.selectors.orders")
    except ImportError:
        return None
    return getattr(module, "orders_prefetched", None)


def can_see_user(viewer: Any, user: Any) -> bool:
    """Oneself, or the OCOP office (and superusers)."""
    if viewer is None or not viewer.is_authenticated or user is None:
        return False
    return viewer.pk == user.pk or is_ocop_office(viewer)


def _split_full_name(full_name: str) -> tuple[str, str]:
    """(given names, family name) of a Vietnamese full name: the family name comes first."""
    parts = (full_name or "").split()
    if len(parts) < 2:
        return (full_name or "").strip(), ""
    return " ".join(parts[1:]), parts[0]


def _real(user: Any) -> bool:
    """A saved user whose relations may be shown (not a registration's echo)."""
    return bool(user.pk) and not getattr(user, "hide_id", False)


def _addresses(user: Any) -> list[Any]:
    from orders.selectors.address_book import address_book

    cached = getattr(user, "_address_book", None)
    if cached is None:
        cached = list(address_book(user=user))
        user._address_book = cached
    return cached


def _default_address(user: Any) -> Any:
    return next((a for a in _addresses(user) if a.is_default), None)


def _open_checkouts(user: Any, channel: str | None) -> Any:
    from orders.models import Checkout

    checkouts = Checkout.objects.filter(user=user, completed_order__isnull=True)
    if channel:
        checkouts = checkouts.filter(channel=channel)
    return checkouts.order_by("-updated_at", "-pk")


class User(graphene.ObjectType):
    """Represents user data."""

    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)
        description = "Represents user data."

    id = graphene.ID(required=True, description="The ID of the user.")
    email = graphene.String(required=True, description="The email address of the user.")
    first_name = graphene.String(required=True, description="The given name of the address.")
    last_name = graphene.String(required=True, description="The family name of the address.")
    is_staff = graphene.Boolean(
        required=True, description="Determine if the user is a staff admin."
    )
    is_active = graphene.Boolean(required=True, description="Determine if the user is active.")
    is_confirmed = graphene.Boolean(
        required=True, description="Determines if user has confirmed email."
    )
    addresses = graphene.NonNull(
        graphene.List(graphene.NonNull(Address)), description="List of all user's addresses."
    )
    checkout_tokens = graphene.List(
        graphene.NonNull(graphene.UUID),
        channel=graphene.String(),
        description="Returns the checkout UUID's assigned to this user.",
        deprecation_reason="Use `checkoutIds` instead.",
    )
    checkout_ids = graphene.List(
        graphene.NonNull(graphene.ID),
        channel=graphene.String(),
        description="Returns the checkout ID's assigned to this user.",
    )
    note = graphene.String(
        description="A note about the customer. Requires one of the following permissions: "
        "MANAGE_USERS, MANAGE_STAFF."
    )
    avatar = graphene.Field(
        Image,
        size=graphene.Int(description="Desired longest side the image in pixels."),
        format=ThumbnailFormatEnum(
            default_value="ORIGINAL", description="The format of the image."
        ),
        description="The avatar of the user.",
    )
    language_code = graphene.Field(
        LanguageCodeEnum, required=True, description="User language code."
    )
    default_shipping_address = graphene.Field(
        Address, description="The default shipping address of the user."
    )
    default_billing_address = graphene.Field(
        Address, description="The default billing address of the user."
    )
    external_reference = graphene.String(description="External ID of this user.")
    last_login = graphene.DateTime(
        description="The date when the user last time log in to the system."
    )
    date_joined = graphene.DateTime(
        required=True, description="The data when the user create account."
    )
    updated_at = graphene.DateTime(
        required=True, description="The data when the user last update the account information."
    )
    if _ORDER_CONNECTION is not None:
        orders = graphene.Field(
            _ORDER_CONNECTION,
            **connection_args(),
            description="List of user's orders. Requires one of the following permissions: "
            "MANAGE_STAFF, OWNER.",
        )
    if _CHECKOUT is not None:
        checkout = graphene.Field(
            _CHECKOUT,
            description="Returns the last open checkout of this user.",
            deprecation_reason="Use the `checkoutTokens` field to fetch the user checkouts.",
        )
    if _CHECKOUT_CONNECTION is not None:
        checkouts = graphene.Field(
            _CHECKOUT_CONNECTION,
            channel=graphene.String(),
            **connection_args(),
            description="Returns checkouts assigned to this user.",
        )

    @classmethod
    def get_node(cls, info: Any, id: Any) -> Any:
        from marketplace.selectors import access_user

        return access_user(actor=info.context.user, user_id=id)

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        from marketplace.models import User as UserModel

        return isinstance(root, (UserModel, cls))

    @staticmethod
    def resolve_id(root: Any, info: Any) -> str:
        # ``accountRegister`` answers a user without an id whether or not the e-mail was
        # already registered (Saleor), so the answer tells nothing
        if not root.pk or getattr(root, "hide_id", False):
            return ""
        return to_global_id("User", root.pk)

    @staticmethod
    def resolve_first_name(root: Any, info: Any) -> str:
        return root.first_name or _split_full_name(root.full_name)[0]

    @staticmethod
    def resolve_last_name(root: Any, info: Any) -> str:
        return root.last_name or (
            _split_full_name(root.full_name)[1] if not root.first_name else ""
        )

    @staticmethod
    def resolve_is_confirmed(root: Any, info: Any) -> bool:
        return True  # no e-mail confirmation step: every account is usable at once

    @staticmethod
    def resolve_addresses(root: Any, info: Any) -> list[Any]:
        return _addresses(root) if _real(root) else []

    @staticmethod
    def resolve_default_shipping_address(root: Any, info: Any) -> Any:
        return _default_address(root) if _real(root) else None

    @staticmethod
    def resolve_default_billing_address(root: Any, info: Any) -> Any:
        # one default address serves both (Vietnamese shops invoice to the delivery address)
        return _default_address(root) if _real(root) else None

    @staticmethod
    def resolve_checkout_tokens(root: Any, info: Any, channel: str | None = None) -> list[Any]:
        return (
            list(_open_checkouts(root, channel).values_list("token", flat=True))
            if _real(root)
            else []
        )

    @staticmethod
    def resolve_checkout_ids(root: Any, info: Any, channel: str | None = None) -> list[str]:
        if not _real(root):
            return []
        return [
            to_global_id("Checkout", str(token))
            for token in _open_checkouts(root, channel).values_list("token", flat=True)
        ]

    @staticmethod
    def resolve_checkout(root: Any, info: Any) -> Any:
        return _open_checkouts(root, None).first() if _real(root) else None

    @staticmethod
    def resolve_checkouts(root: Any, info: Any, channel: str | None = None, **kwargs: Any) -> Any:
        from orders.models import Checkout

        checkouts = _open_checkouts(root, channel) if _real(root) else Checkout.objects.none()
        return paginate(checkouts, _CHECKOUT_CONNECTION, "checkouts", **kwargs)

    @staticmethod
    def resolve_orders(root: Any, info: Any, **kwargs: Any) -> Any:
        from orders.models import Order
        from orders.selectors.orders import orders_of_buyer

        # the owner or the OCOP office (Saleor: OWNER or MANAGE_STAFF); nobody else reaches a User
        if not (_real(root) and can_see_user(info.context.user, root)):
            return paginate(Order.objects.none(), _ORDER_CONNECTION, "orders", **kwargs)
        prefetched = _orders_prefetch()
        orders = (
            prefetched(Order.objects.filter(user=root).order_by("-created_at", "-id"))
            if prefetched
            else orders_of_buyer(root)
        )
        return paginate(orders, _ORDER_CONNECTION, "orders", **kwargs)

    @staticmethod
    def resolve_avatar(root: Any, info: Any, **kwargs: Any) -> Any:
        return None  # no avatars are kept

    @staticmethod
    def resolve_note(root: Any, info: Any) -> str | None:
        return None

    @staticmethod
    def resolve_language_code(root: Any, info: Any) -> str:
        code = (getattr(root, "language_code", "") or "vi").replace("-", "_").upper()
        return code if code in LanguageCodeEnum._meta.enum.__members__ else "VI"

    @staticmethod
    def resolve_external_reference(root: Any, info: Any) -> str | None:
        return None

    @staticmethod
    def resolve_updated_at(root: Any, info: Any) -> Any:
        return root.updated_at or root.date_joined


class UserCountableConnection(CountableConnection):
    class Meta:
        node = User
