"""Saleor's ``User`` (with ``UserCountableConnection``), ``AccountError`` and its code
enum. A user is visible to themself and to the OCOP office (and superusers); staff-only
fields answer ``null`` to others."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene

from marketplace.models import User as UserModel
from marketplace.permissions import is_ocop_office
from marketplace.selectors import access_user
from orders.graphql.address import split_name
from orders.graphql.types import (
    Address,
    Checkout,
    CheckoutCountableConnection,
    OrderCountableConnection,
)
from orders.models import Checkout as CheckoutModel
from orders.models import Order as OrderModel
from orders.selectors.address_book import address_book
from orders.selectors.orders import orders_prefetched

from .. import ids
from ..common import Image, ThumbnailFormatEnum
from ..connection import CountableConnection, connection_args, paginate
from ..enums import AddressTypeEnum, LanguageCodeEnum
from ..errors import error_type
from ..metadata import ObjectWithMetadata

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


def can_see_user(viewer: Any, user: Any) -> bool:
    """Oneself, or the OCOP office (and superusers)."""
    if viewer is None or not viewer.is_authenticated or user is None:
        return False
    return viewer.pk == user.pk or is_ocop_office(viewer)


@dataclass(frozen=True)
class RegisteredUser:
    """``accountRegister``'s answer: the account's fields without its id or relations
    (Saleor answers alike whether or not the e-mail was registered already)."""

    user: UserModel

    def __getattr__(self, name: str) -> Any:
        if name == "user":  # not set yet (copying): no recursion
            raise AttributeError(name)
        return getattr(self.user, name)


def _real(user: Any) -> bool:
    """A saved user whose relations may be shown (not a registration's echo)."""
    return bool(user.pk) and not isinstance(user, RegisteredUser)


def _address_books(info: Any) -> dict[int, list[Any]]:
    context = info.context
    books = getattr(context, "_account_address_books", None)
    if books is None:
        books = {}
        context._account_address_books = books
    return books


def address_book_of(info: Any, user: Any) -> list[Any]:
    """The user's address book, read once per request (see ``address_book_changed``)."""
    books = _address_books(info)
    if user.pk not in books:
        books[user.pk] = list(address_book(user=user))
    return books[user.pk]


def address_book_changed(info: Any, user: Any) -> None:
    """The user's address book changed: read it again when it is next shown."""
    _address_books(info).pop(user.pk, None)


def _default_address(info: Any, user: Any) -> Any:
    return next((a for a in address_book_of(info, user) if a.is_default), None)


def _open_checkouts(user: Any, channel: str | None) -> Any:
    checkouts = CheckoutModel.objects.filter(user=user, completed_order__isnull=True)
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
    orders = graphene.Field(
        OrderCountableConnection,
        **connection_args(),
        description="List of user's orders. Requires one of the following permissions: "
        "MANAGE_STAFF, OWNER.",
    )
    checkout = graphene.Field(
        Checkout,
        description="Returns the last open checkout of this user.",
        deprecation_reason="Use the `checkoutTokens` field to fetch the user checkouts.",
    )
    checkouts = graphene.Field(
        CheckoutCountableConnection,
        channel=graphene.String(),
        **connection_args(),
        description="Returns checkouts assigned to this user.",
    )

    @classmethod
    def get_node(cls, info: Any, id: Any) -> Any:
        return access_user(actor=info.context.user, user_id=id)

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, (UserModel, RegisteredUser, cls))

    @staticmethod
    def resolve_id(root: Any, info: Any) -> str:
        # ``accountRegister`` answers a user without an id whether or not the e-mail was
        # already registered (Saleor), so the answer tells nothing
        if not _real(root):
            return ""
        return ids.global_id("User", root.pk)

    @staticmethod
    def resolve_first_name(root: Any, info: Any) -> str:
        return root.first_name or split_name(root.full_name)[0]

    @staticmethod
    def resolve_last_name(root: Any, info: Any) -> str:
        return root.last_name or (split_name(root.full_name)[1] if not root.first_name else "")

    @staticmethod
    def resolve_is_confirmed(root: Any, info: Any) -> bool:
        return True  # no e-mail confirmation step: every account is usable at once

    @staticmethod
    def resolve_addresses(root: Any, info: Any) -> list[Any]:
        return address_book_of(info, root) if _real(root) else []

    @staticmethod
    def resolve_default_shipping_address(root: Any, info: Any) -> Any:
        return _default_address(info, root) if _real(root) else None

    @staticmethod
    def resolve_default_billing_address(root: Any, info: Any) -> Any:
        # one default address serves both (Vietnamese shops invoice to the delivery address)
        return _default_address(info, root) if _real(root) else None

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
            ids.global_id("Checkout", token)
            for token in _open_checkouts(root, channel).values_list("token", flat=True)
        ]

    @staticmethod
    def resolve_checkout(root: Any, info: Any) -> Any:
        return _open_checkouts(root, None).first() if _real(root) else None

    @staticmethod
    def resolve_checkouts(root: Any, info: Any, channel: str | None = None, **kwargs: Any) -> Any:
        checkouts = _open_checkouts(root, channel) if _real(root) else CheckoutModel.objects.none()
        return paginate(checkouts, CheckoutCountableConnection, "checkouts", **kwargs)

    @staticmethod
    def resolve_orders(root: Any, info: Any, **kwargs: Any) -> Any:
        # the owner or the OCOP office (Saleor: OWNER or MANAGE_STAFF); nobody else reaches a User
        if not (_real(root) and can_see_user(info.context.user, root)):
            return paginate(OrderModel.objects.none(), OrderCountableConnection, "orders", **kwargs)
        orders = orders_prefetched(
            OrderModel.objects.filter(user=root).order_by("-created_at", "-id")
        )
        return paginate(orders, OrderCountableConnection, "orders", **kwargs)

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
