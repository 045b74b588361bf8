"""The address book in the GraphQL API: create, update, default, delete; bad input saves
nothing; another user's addresses are not found; ``accountUpdate``."""

from __future__ import annotations

import pytest
from graphql_relay import from_global_id

from orders.models import Address
from tests.factories.marketplace import UserFactory
from tests.marketplace.graphql.account_helpers import (
    address_input,
    login,
)
from tests.support.graphql import gql

pytestmark = pytest.mark.django_db

ADDRESS_FIELDS = (
    "id firstName lastName streetAddress1 city countryArea phone isDefaultShippingAddress"
)


# --- address book ---------------------------------------------------------------------------

ADDRESS_CREATE = f"""
mutation Create($input: AddressInput!, $type: AddressTypeEnum) {{
  accountAddressCreate(input: $input, type: $type) {{
    address {{ {ADDRESS_FIELDS} }}
    user {{ addresses {{ id }} defaultShippingAddress {{ id }} defaultBillingAddress {{ id }} }}
    errors {{ field code message addressType }}
  }}
}}"""


def test_address_book_create_update_default_delete(client, buyer, place):
    token = login(client, buyer.email)["token"]
    province, communes = place

    first = gql(client, ADDRESS_CREATE, {"input": address_input(place)}, token=token)
    first = first["data"]["accountAddressCreate"]
    assert first["errors"] == []
    address = first["address"]
    assert address["streetAddress1"] == "12 Quang Trung"
    assert address["phone"] == "+84912345678"
    assert communes[0].name in address["city"]
    assert province.name in address["countryArea"]
    assert (address["firstName"], address["lastName"]) == ("Văn An", "Nguyễn")
    assert first["user"]["defaultShippingAddress"] == {
        "id": address["id"]
    }  # the first address is the default
    assert first["user"]["defaultBillingAddress"] == {"id": address["id"]}

    second = gql(
        client,
        ADDRESS_CREATE,
        {"input": address_input(place, city=communes[1].name.upper(), streetAddress1="5 Lê Lợi")},
        token=token,
    )["data"]["accountAddressCreate"]
    assert second["errors"] == []
    assert len(second["user"]["addresses"]) == 2
    assert second["user"]["defaultShippingAddress"] == {"id": address["id"]}

    update = """mutation($id: ID!, $input: AddressInput!) { accountAddressUpdate(id: $id, input: $input) {
        address { streetAddress1 city phone } errors { field code } } }"""
    updated = gql(
        client,
        update,
        {"id": address["id"], "input": {"streetAddress1": "99 Hùng Vương"}},
        token=token,
    )["data"]["accountAddressUpdate"]
    assert updated["errors"] == []
    assert updated["address"]["streetAddress1"] == "99 Hùng Vương"
    assert communes[0].name in updated["address"]["city"]
    assert updated["address"]["phone"] == "+84912345678"

    set_default = """mutation($id: ID!) { accountSetDefaultAddress(id: $id, type: SHIPPING) {
        user { defaultShippingAddress { id } } errors { code } } }"""
    result = gql(client, set_default, {"id": second["address"]["id"]}, token=token)
    assert result["data"]["accountSetDefaultAddress"]["user"]["defaultShippingAddress"] == {
        "id": second["address"]["id"]
    }
    assert Address.objects.filter(user=buyer, is_default=True).count() == 1

    delete = """mutation($id: ID!) { accountAddressDelete(id: $id) {
        address { id } user { addresses { id } } errors { code } } }"""
    deleted = gql(client, delete, {"id": address["id"]}, token=token)["data"][
        "accountAddressDelete"
    ]
    assert deleted["errors"] == []
    assert deleted["address"] == {"id": address["id"]}
    assert deleted["user"]["addresses"] == [{"id": second["address"]["id"]}]

    me = gql(client, "{ me { addresses { id isDefaultShippingAddress } } }", token=token)
    assert me["data"]["me"]["addresses"] == [
        {"id": second["address"]["id"], "isDefaultShippingAddress": True}
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"city": "Không Có Xã Này"}, "city"),
        ({"countryArea": "Atlantis"}, "countryArea"),
        ({"phone": "+12025550123"}, "phone"),
        ({"country": "US"}, "country"),
        ({"streetAddress1": ""}, "streetAddress1"),
    ],
)
def test_address_create_bad_input_saves_nothing(client, buyer, place, overrides, field):
    token = login(client, buyer.email)["token"]

    result = gql(
        client,
        ADDRESS_CREATE,
        {"input": address_input(place, **overrides), "type": "SHIPPING"},
        token=token,
    )["data"]["accountAddressCreate"]

    assert result["address"] is None
    assert field in {error["field"] for error in result["errors"]}
    assert {error["code"] for error in result["errors"]} <= {"INVALID", "REQUIRED"}
    assert all(error["message"] for error in result["errors"])
    assert result["errors"][0]["addressType"] == "SHIPPING"
    assert not Address.objects.filter(user=buyer).exists()


def test_address_book_of_someone_else_is_not_found(client, buyer, place):
    other = UserFactory(username="other", email="other@example.vn")
    token_other = login(client, other.email)["token"]
    theirs = gql(client, ADDRESS_CREATE, {"input": address_input(place)}, token=token_other)[
        "data"
    ]["accountAddressCreate"]["address"]["id"]
    token = login(client, buyer.email)["token"]

    update = gql(
        client,
        """mutation($id: ID!) { accountAddressUpdate(id: $id, input: {streetAddress1: "x"}) {
        address { id } errors { field code } } }""",
        {"id": theirs},
        token=token,
    )
    assert update["data"]["accountAddressUpdate"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND"}
    ]
    delete = gql(
        client,
        """mutation($id: ID!) { accountAddressDelete(id: $id) { errors { field code } } }""",
        {"id": theirs},
        token=token,
    )
    assert delete["data"]["accountAddressDelete"]["errors"] == [
        {"field": "id", "code": "NOT_FOUND"}
    ]
    assert Address.objects.get(pk=from_global_id(theirs)[1]).street == "12 Quang Trung"
    assert (
        gql(client, "query($id: ID!) { node(id: $id) { id } }", {"id": theirs}, token=token)[
            "data"
        ]["node"]
        is None
    )


def test_address_mutations_need_a_user(client, place):
    result = gql(client, ADDRESS_CREATE, {"input": address_input(place)})

    assert result["data"]["accountAddressCreate"] is None
    assert result["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_account_update(client, buyer, place):
    token = login(client, buyer.email)["token"]
    query = """mutation($input: AccountInput!) { accountUpdate(input: $input) {
        user { firstName lastName languageCode defaultShippingAddress { streetAddress1 } }
        errors { field code addressType } } }"""

    bad = gql(
        client,
        query,
        {
            "input": {
                "firstName": "Thị Bình",
                "defaultShippingAddress": address_input(place, city="Không Có Xã Này"),
            }
        },
        token=token,
    )["data"]["accountUpdate"]
    assert bad["errors"][0]["field"] == "city"
    assert bad["errors"][0]["addressType"] == "SHIPPING"
    buyer.refresh_from_db()
    assert buyer.first_name == ""
    assert not Address.objects.filter(user=buyer).exists()

    done = gql(
        client,
        query,
        {
            "input": {
                "firstName": "Thị Bình",
                "lastName": "Trần",
                "languageCode": "EN",
                "defaultShippingAddress": address_input(place),
            }
        },
        token=token,
    )["data"]["accountUpdate"]
    assert done["errors"] == []
    assert done["user"] == {
        "firstName": "Thị Bình",
        "lastName": "Trần",
        "languageCode": "EN",
        "defaultShippingAddress": {"streetAddress1": "12 Quang Trung"},
    }
    buyer.refresh_from_db()
    assert buyer.full_name == "Trần Thị Bình"
    assert buyer.language_code == "en"

    impersonating = gql(
        client,
        """mutation { accountUpdate(customerId: "VXNlcjox", input: {firstName: "X"}) {
        errors { code } } }""",
        token=token,
    )
    assert impersonating["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
