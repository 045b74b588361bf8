"""Saleor's account mutations for the signed-in customer: ``accountRegister``,
``accountUpdate`` and the address book (``accountAddressCreate/Update/Delete``,
``accountSetDefaultAddress``). Addresses go through ``orders.services.address_book``
(validated by ``orders.services.cart.address_clean``)."""

from __future__ import annotations

import copy
from typing import Any

import graphene
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from marketplace import services_accounts as accounts
from marketplace.errors import Forbidden, NotFound
from orders.graphql.address import address_input_to_data
from orders.graphql.types import Address
from orders.selectors.address_book import access_address_book_entry
from orders.services import address_book
from orders.services.cart import address_clean

from ... import ids
from ...enums import AddressTypeEnum, LanguageCodeEnum
from ...errors import BaseMutation, errors_from
from ...inputs import AddressInput, MetadataInput
from ..address import FIELD_MAP, address_update_data
from ..types import AccountError, AccountErrorCode, RegisteredUser, User, address_book_changed
from .authentication import signed_in_user

APPS_ONLY = "Chỉ ứng dụng được dùng customerId. / `customerId` can be used by apps only."


def _no_impersonation(data: dict[str, Any]) -> None:
    if data.get("customer_id"):
        raise Forbidden(APPS_ONLY)


def _address_errors(exc: ValidationError, address_type: Any = None) -> list[dict[str, Any]]:
    errors = errors_from(exc, AccountErrorCode, field_map=FIELD_MAP)
    for error in errors:
        error["address_type"] = address_type
    return errors


def _own_address(info: Any, user: Any, global_id: str) -> Any:
    key = ids.key_of(global_id, "Address")
    if key is None:
        raise ValidationError(
            {
                "id": ValidationError(
                    f"Không tìm thấy địa chỉ. / Couldn't resolve id: {global_id}.", code="not_found"
                )
            }
        )
    try:
        return access_address_book_entry(user=user, address_id=key)
    except NotFound as exc:
        raise ValidationError({"id": ValidationError(str(exc), code="not_found")}) from None


def _fresh(info: Any, user: Any) -> Any:
    address_book_changed(info, user)  # the payload's user shows the book as it is now
    return user


class AccountRegisterInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    language_code = LanguageCodeEnum(description="User language code.")
    email = graphene.String(required=True, description="The email address of the user.")
    password = graphene.String(required=True, description="Password.")
    redirect_url = graphene.String(
        description="Base of frontend URL that will be needed to create confirmation "
        "URL. Required when account confirmation is enabled."
    )
    metadata = graphene.List(graphene.NonNull(MetadataInput), description="User public metadata.")
    channel = graphene.String(
        description="Slug of a channel which will be used to notify users. Optional when "
        "only one channel exists."
    )

    class Meta:
        description = "Fields required to create a user."


class AccountInput(graphene.InputObjectType):
    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    language_code = LanguageCodeEnum(description="User language code.")
    default_billing_address = AddressInput(description="Billing address of the customer.")
    default_shipping_address = AddressInput(description="Shipping address of the customer.")
    metadata = graphene.List(
        graphene.NonNull(MetadataInput), description="Fields required to update the user metadata."
    )

    class Meta:
        description = "Fields required to update the user."


def _enum_value(value: Any) -> Any:
    return getattr(value, "value", value)


class AccountRegister(BaseMutation):
    """Register a new user. An e-mail that already has an account is not reported (as in
    Saleor): the answer is the same and the owner is told by e-mail."""

    user = graphene.Field(
        User,
        deprecation_reason="The field always returns a `User` object constructed from the "
        "input data. The `user.id` is always empty.",
    )
    requires_confirmation = graphene.Boolean(
        description="Informs whether users need to confirm their email address."
    )

    class Arguments:
        input = AccountRegisterInput(required=True, description="Fields required to create a user.")

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        values = data["input"]
        registration = accounts.account_register(
            email=values["email"],
            password=values["password"],
            first_name=values.get("first_name"),
            last_name=values.get("last_name"),
            language_code=_enum_value(values.get("language_code")),
            site_url=getattr(settings, "SITE_URL", ""),
        )
        return {"user": RegisteredUser(registration.user), "requires_confirmation": False}


class AccountUpdate(BaseMutation):
    """Updates the account of the logged-in user."""

    user = graphene.Field(User)

    class Arguments:
        customer_id = graphene.ID(
            description="ID of customer the application is impersonating. The field can be "
            "used and is required by apps only."
        )
        input = AccountInput(
            required=True,
            description="Fields required to update the account of the logged-in user.",
        )

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    permission = signed_in_user

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        _no_impersonation(data)
        values = data["input"]
        addresses = []
        for key, kind in (
            ("default_shipping_address", AddressTypeEnum.SHIPPING),
            ("default_billing_address", AddressTypeEnum.BILLING),
        ):
            if values.get(key) is not None:
                address_data = address_input_to_data(values[key])
                try:
                    address_clean(address_data)  # every part is checked before anything is saved
                except ValidationError as exc:
                    return {"errors": _address_errors(exc, kind)}
                addresses.append(address_data)
        with transaction.atomic():
            accounts.account_update(
                user=user,
                first_name=values.get("first_name"),
                last_name=values.get("last_name"),
                language_code=_enum_value(values.get("language_code")),
            )
            for address_data in addresses:
                address_book.address_book_add(user=user, data=address_data, make_default=True)
        return {"user": _fresh(info, user)}


class AccountAddressCreate(BaseMutation):
    """Create a new address for the customer."""

    user = graphene.Field(User, description="A user instance for which the address was created.")
    address = graphene.Field(Address)

    class Arguments:
        customer_id = graphene.ID(description="ID of customer the application is impersonating.")
        input = AddressInput(required=True, description="Fields required to create address.")
        type = AddressTypeEnum(
            description="A type of address. If provided, the new address will be automatically "
            "assigned as the customer's default address of that type."
        )

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    permission = signed_in_user

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        _no_impersonation(data)
        try:
            address = address_book.address_book_add(
                user=user,
                data=address_input_to_data(data["input"]),
                make_default=data.get("type") is not None,
            )
        except ValidationError as exc:
            return {"errors": _address_errors(exc, data.get("type"))}
        return {"user": _fresh(info, user), "address": address}


class AccountAddressUpdate(BaseMutation):
    """Updates an address of the logged-in user."""

    user = graphene.Field(User, description="A user object for which the address was edited.")
    address = graphene.Field(Address)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to update.")
        input = AddressInput(required=True, description="Fields required to update the address.")

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    permission = signed_in_user

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        address = _own_address(info, user, data["id"])
        try:
            address = address_book.address_book_update(
                user=user, address=address, data=address_update_data(address, data["input"])
            )
        except ValidationError as exc:
            return {"errors": _address_errors(exc)}
        return {"user": _fresh(info, user), "address": address}


class AccountAddressDelete(BaseMutation):
    """Deletes an address of the logged-in user."""

    user = graphene.Field(User, description="A user instance for which the address was deleted.")
    address = graphene.Field(Address)

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to delete.")

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    permission = signed_in_user

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        address = _own_address(info, user, data["id"])
        deleted = copy.copy(address)  # the payload still names the deleted address
        address_book.address_book_delete(user=user, address=address)
        return {"user": _fresh(info, user), "address": deleted}


class AccountSetDefaultAddress(BaseMutation):
    """Sets a default address for the authenticated user. One default serves both
    shipping and billing."""

    user = graphene.Field(User, description="An updated user instance.")

    class Arguments:
        id = graphene.ID(required=True, description="ID of the address to set as default.")
        type = AddressTypeEnum(required=True, description="The type of address.")

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    permission = signed_in_user

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        address = _own_address(info, user, data["id"])
        address_book.address_book_set_default(user=user, address=address)
        return {"user": _fresh(info, user)}


class ConfirmAccount(BaseMutation):
    """Confirm user account with token sent by email during registration. Accounts here
    are confirmed at registration; only a valid confirmation token gets its user back."""

    user = graphene.Field(User, description="An activated user account.")

    class Arguments:
        email = graphene.String(
            required=True, description="E-mail of the user performing account confirmation."
        )
        password = graphene.String(description="Password of the user confirming their account.")
        token = graphene.String(
            required=True, description="A one-time token required to confirm the account."
        )

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        return {"user": accounts.account_confirm(email=data["email"], token=data["token"])}


class AccountRequestDeletion(BaseMutation):
    """Sends an email with the account removal link for the logged-in user."""

    class Arguments:
        channel = graphene.String(
            description="Slug of a channel which will be used to notify users. Optional when "
            "only one channel exists."
        )
        redirect_url = graphene.String(
            required=True,
            description="URL of a view where users should be redirected "
            "to delete their account. URL in RFC 1808 format.",
        )

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    permission = signed_in_user

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        accounts.account_deletion_request(user=info.context.user, redirect_url=data["redirect_url"])
        return {}


class AccountDelete(BaseMutation):
    """Remove user account (a customer's own, with the e-mailed token). Orders stay."""

    user = graphene.Field(User)

    class Arguments:
        token = graphene.String(
            required=True,
            description="A one-time token required to remove account. Sent by "
            "email using AccountRequestDeletion mutation.",
        )

    class Meta:
        error_type = AccountError
        legacy_errors_field = "account_errors"

    permission = signed_in_user

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        return {"user": accounts.account_delete(user=info.context.user, token=data["token"])}
