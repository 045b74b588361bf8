"""The account documents as Saleor's storefront and auth SDK write them, run end to end."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core import mail

from tests.marketplace.graphql.account_helpers import (
    PASSWORD,
    address_input,
)
from tests.support.graphql import gql

pytestmark = pytest.mark.django_db


# --- documents as Saleor's storefront and auth SDK write them ------------------------------------

ADDRESS_DETAILS = """
fragment AddressDetails on Address {
  id firstName lastName companyName streetAddress1 streetAddress2 city cityArea postalCode countryArea
  country { code country }
  phone
}"""
USER_DETAILS = "fragment UserDetails on User { id email firstName lastName avatar { url alt } }"


def test_storefront_account_documents(client, buyer, place, django_capture_on_commit_callbacks):
    # @saleor/auth-sdk: sign in, refresh (no Authorization header), set password
    signed_in = gql(
        client,
        """mutation tokenCreate($email: String!, $password: String!) {
      tokenCreate(email: $email, password: $password) { token refreshToken errors { message field code } } }""",
        {"email": buyer.email, "password": PASSWORD},
    )["data"]["tokenCreate"]
    assert signed_in["errors"] == []
    refreshed = gql(
        client,
        """fragment AccountErrorFragment on AccountError { code field message }
      mutation refreshToken($refreshToken: String!) {
        tokenRefresh(refreshToken: $refreshToken) { token errors { ...AccountErrorFragment } } }""",
        {"refreshToken": signed_in["refreshToken"]},
    )["data"]["tokenRefresh"]
    token = refreshed["token"]
    assert token

    profile = gql(
        client,
        USER_DETAILS
        + ADDRESS_DETAILS
        + """
      query CurrentUserProfile { me { ...UserDetails dateJoined addresses { ...AddressDetails }
        defaultShippingAddress { id } defaultBillingAddress { id } } }""",
        token=token,
    )
    assert "errors" not in profile
    assert profile["data"]["me"]["avatar"] is None
    assert profile["data"]["me"]["addresses"] == []

    created = gql(
        client,
        ADDRESS_DETAILS
        + """
      mutation AccountAddressCreate($input: AddressInput!) { accountAddressCreate(input: $input) {
        address { ...AddressDetails } errors { field message code } } }""",
        {"input": address_input(place)},
        token=token,
    )["data"]["accountAddressCreate"]
    assert created["errors"] == []
    assert created["address"]["country"]["code"] == "VN"
    address_id = created["address"]["id"]
    updated = gql(
        client,
        ADDRESS_DETAILS
        + """
      mutation AccountAddressUpdate($id: ID!, $input: AddressInput!) { accountAddressUpdate(id: $id, input: $input) {
        address { ...AddressDetails } errors { field message code } } }""",
        {"id": address_id, "input": address_input(place, streetAddress1="7 Trần Hưng Đạo")},
        token=token,
    )["data"]["accountAddressUpdate"]
    assert updated["address"]["streetAddress1"] == "7 Trần Hưng Đạo"
    default = gql(
        client,
        """mutation AccountSetDefaultAddress($id: ID!, $type: AddressTypeEnum!) {
      accountSetDefaultAddress(id: $id, type: $type) { errors { field message code } } }""",
        {"id": address_id, "type": "BILLING"},
        token=token,
    )
    assert default["data"]["accountSetDefaultAddress"]["errors"] == []
    updated_user = gql(
        client,
        USER_DETAILS
        + """mutation AccountUpdate($input: AccountInput!) {
      accountUpdate(input: $input) { user { ...UserDetails } errors { field message code } } }""",
        {"input": {"firstName": "Văn Bình"}},
        token=token,
    )["data"]["accountUpdate"]
    assert updated_user["user"]["firstName"] == "Văn Bình"
    removed = gql(
        client,
        """mutation AccountAddressDelete($id: ID!) { accountAddressDelete(id: $id) {
      errors { field message code } } }""",
        {"id": address_id},
        token=token,
    )
    assert removed["data"]["accountAddressDelete"]["errors"] == []

    registered = gql(
        client,
        """mutation AccountRegister($input: AccountRegisterInput!) {
      accountRegister(input: $input) { user { id email } errors { field message code } } }""",
        {
            "input": {
                "email": "khach@example.vn",
                "password": "Quang-Binh-2025",
                "redirectUrl": "http://localhost:3000/confirm",
                "channel": "default-channel",
            }
        },
    )
    assert registered["data"]["accountRegister"]["errors"] == []
    with django_capture_on_commit_callbacks(execute=True):
        reset = gql(
            client,
            """mutation RequestPasswordReset($email: String!, $channel: String!, $redirectUrl: String!) {
          requestPasswordReset(email: $email, channel: $channel, redirectUrl: $redirectUrl) {
            errors { field message code } } }""",
            {
                "email": buyer.email,
                "channel": "default-channel",
                "redirectUrl": "http://localhost:3000/default-channel/reset-password",
            },
        )
    assert reset["data"]["requestPasswordReset"]["errors"] == []
    reset_token = parse_qs(
        urlsplit(re.search(r"http://localhost:3000\S+", mail.outbox[-1].body).group(0)).query
    )["token"][0]
    new_session = gql(
        client,
        """mutation passwordReset($email: String!, $password: String!, $token: String!) {
      setPassword(email: $email, password: $password, token: $token) {
        token refreshToken errors { message field code } } }""",
        {"email": buyer.email, "password": "Moi-Mat-Khau-9", "token": reset_token},
    )
    assert new_session["data"]["setPassword"]["errors"] == []
    changed = gql(
        client,
        """mutation PasswordChange($newPassword: String!, $oldPassword: String!) {
      passwordChange(newPassword: $newPassword, oldPassword: $oldPassword) { errors { field message code } } }""",
        {"newPassword": "Khac-Nua-2026", "oldPassword": "Moi-Mat-Khau-9"},
        token=new_session["data"]["setPassword"]["token"],
    )
    assert changed["data"]["passwordChange"]["errors"] == []
