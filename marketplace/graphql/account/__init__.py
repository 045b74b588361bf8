"""Accounts in the GraphQL API (Saleor's names): ``me`` and ``user``, tokens,
registration, password reset and changes, profile and address book."""

from __future__ import annotations

from typing import Any

import graphene
from graphql import GraphQLError

from marketplace.permissions import is_ocop_office
from marketplace.selectors import access_user, user_by_email_for

from .. import ids
from .mutations.account import (
    AccountAddressCreate,
    AccountAddressDelete,
    AccountAddressUpdate,
    AccountDelete,
    AccountRegister,
    AccountRequestDeletion,
    AccountSetDefaultAddress,
    AccountUpdate,
    ConfirmAccount,
)
from .mutations.authentication import (
    CreateToken,
    DeactivateAllUserTokens,
    PasswordChange,
    RefreshToken,
    RequestPasswordReset,
    SetPassword,
    VerifyToken,
)
from .types import AccountError, AccountErrorCode, User, UserCountableConnection

__all__ = [
    "AccountError",
    "AccountErrorCode",
    "Mutation",
    "Query",
    "User",
    "UserCountableConnection",
]

STAFF_ONLY = (
    "Chỉ văn phòng OCOP. / You need one of the following permissions: MANAGE_USERS, MANAGE_STAFF, "
    "OWNER"
)


class Query(graphene.ObjectType):
    me = graphene.Field(User, description="Return the currently authenticated user.")
    user = graphene.Field(
        User,
        id=graphene.ID(description="ID of the user."),
        email=graphene.String(description="Email address of the user."),
        external_reference=graphene.String(description="External ID of the user."),
        description="Look up a user by ID or email address. Requires one of the following "
        "permissions: MANAGE_STAFF, MANAGE_USERS, OWNER.",
    )

    @staticmethod
    def resolve_me(root: Any, info: Any) -> Any:
        user = info.context.user
        return user if user is not None and user.is_authenticated else None

    @staticmethod
    def resolve_user(
        root: Any,
        info: Any,
        id: str | None = None,
        email: str | None = None,
        external_reference: str | None = None,
    ) -> Any:
        if not is_ocop_office(info.context.user):
            raise GraphQLError(STAFF_ONLY, extensions={"exception": {"code": "PermissionDenied"}})
        if id:
            pk = ids.pk_of(id, "User")
            return access_user(actor=info.context.user, user_id=pk) if pk is not None else None
        if email:
            return user_by_email_for(actor=info.context.user, email=email)
        return None


class Mutation(graphene.ObjectType):
    token_create = CreateToken.Field(description="Create JWT token.")
    token_refresh = RefreshToken.Field(description="Refresh JWT token.")
    token_verify = VerifyToken.Field(description="Verify JWT token.")
    tokens_deactivate_all = DeactivateAllUserTokens.Field(
        description="Deactivate all JWT tokens of the currently authenticated user."
    )
    request_password_reset = RequestPasswordReset.Field(
        description="Sends an email with the account password modification link."
    )
    set_password = SetPassword.Field(
        description="Sets the user's password from the token sent by email."
    )
    password_change = PasswordChange.Field(description="Change the password of the logged in user.")
    account_register = AccountRegister.Field(description="Register a new user.")
    account_update = AccountUpdate.Field(description="Updates the account of the logged-in user.")
    account_address_create = AccountAddressCreate.Field(
        description="Create a new address for the customer."
    )
    account_address_update = AccountAddressUpdate.Field(
        description="Updates an address of the logged-in user."
    )
    account_address_delete = AccountAddressDelete.Field(
        description="Deletes an address of the logged-in user."
    )
    account_set_default_address = AccountSetDefaultAddress.Field(
        description="Sets a default address for the authenticated user."
    )
    confirm_account = ConfirmAccount.Field(
        description="Confirm user account with token sent by email during registration."
    )
    account_request_deletion = AccountRequestDeletion.Field(
        description="Sends an email with the account removal link for the logged-in user."
    )
    account_delete = AccountDelete.Field(description="Remove user account.")
