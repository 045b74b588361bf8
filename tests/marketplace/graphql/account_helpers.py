"""What the account API tests share: the password of every test user, signing in through
``tokenCreate``, a payload's error codes and a Vietnamese address input."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import gql

PASSWORD = "pass12345"

TOKEN_CREATE = """
mutation Login($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken csrfToken
    user { id email }
    errors { field message code }
    accountErrors { field code }
  }
}"""
TOKEN_VERIFY = """
mutation Verify($token: String!) {
  tokenVerify(token: $token) { isValid payload user { email } errors { field code } }
}"""


def login(client: Any, email: str, password: str = PASSWORD, **extra: Any) -> dict:
    return gql(client, TOKEN_CREATE, {"email": email, "password": password}, **extra)["data"][
        "tokenCreate"
    ]


def codes(payload: dict) -> list[str]:
    return [error["code"] for error in payload["errors"]]


def address_input(place: Any, **overrides: Any) -> dict:
    """An ``AddressInput`` in ``place`` (the ``place`` fixture: a province and two of its
    communes), ``overrides`` replacing fields."""
    province, communes = place
    data = {
        "firstName": "Văn An",
        "lastName": "Nguyễn",
        "streetAddress1": "12 Quang Trung",
        "city": communes[0].code,
        "countryArea": province.code,
        "country": "VN",
        "phone": "0912345678",
    }
    data.update(overrides)
    return data
