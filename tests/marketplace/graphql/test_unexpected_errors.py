"""An exception nobody meant for the client (a bug, a lost connection) is logged with a
reference and answered as a generic error in the request's language, never with its own
text; errors meant for the client keep their message."""

from __future__ import annotations

import logging

import pytest
from django.utils import translation
from graphql import GraphQLError

from marketplace.graphql.view import masked_error
from shops.graphql import resolvers
from tests.support.graphql import gql

QUERY = '{ product(slug: "nuoc-mam") { name } }'
SECRET = 'relation "shops_product" does not exist at /srv/app/shops/selectors.py'


@pytest.fixture
def broken_resolver(monkeypatch):
    def boom(info, **kwargs):
        raise RuntimeError(SECRET)

    monkeypatch.setattr(resolvers, "resolve_product", boom)


@pytest.mark.django_db
def test_an_unexpected_error_is_logged_and_masked(client, broken_resolver, caplog):
    with caplog.at_level(logging.ERROR, logger="marketplace.graphql.view"):
        answer = gql(client, QUERY, HTTP_X_REQUEST_ID="req-42")

    (error,) = answer["errors"]
    assert SECRET not in str(answer)
    assert error["message"] == "Lỗi máy chủ. Vui lòng thử lại sau (mã req-42)."
    assert error["extensions"] == {"exception": {"code": "INTERNAL_ERROR"}, "requestId": "req-42"}
    assert error["path"] == ["product"]
    assert answer["data"] == {"product": None}
    (record,) = [r for r in caplog.records if r.name == "marketplace.graphql.view"]
    assert "req-42" in record.getMessage()
    assert "product" in record.getMessage()
    assert str(record.exc_info[1]) == SECRET  # the traceback is in the log


def test_the_generic_message_is_in_the_active_language(rf):
    """/graphql/ answers in Vietnamese (the default language: no prefix in its path); the
    message follows the active language wherever it is English."""
    error = GraphQLError("x", path=["product"], original_error=RuntimeError(SECRET))

    with translation.override("en"):
        english = masked_error(rf.post("/graphql/"), error)

    reference = english["extensions"]["requestId"]
    assert len(reference) == 12
    assert (
        english["message"]
        == f"Internal server error. Please try again later (reference {reference})."
    )


@pytest.mark.django_db
def test_with_debug_the_developer_sees_the_exception(client, broken_resolver, settings):
    settings.DEBUG = True

    answer = gql(client, QUERY)

    assert answer["errors"][0]["message"] == SECRET


@pytest.mark.django_db
def test_errors_meant_for_the_client_keep_their_message(client):
    answer = gql(client, '{ shop(slug: "khong-co") { name } }')

    assert "Couldn't find shop 'khong-co'" in answer["errors"][0]["message"]
    assert "requestId" not in answer["errors"][0].get("extensions", {})


@pytest.mark.django_db
def test_a_bad_literal_is_the_client_s_error_not_ours(client):
    """A value a scalar cannot parse raises inside graphql-core (``original_error`` is a
    ValueError) but belongs to no field path: it is the request's fault and says so."""
    answer = gql(client, '{ checkout(token: "not-a-uuid") { id } }')

    (error,) = answer["errors"]
    assert "UUID" in error["message"]
    assert "INTERNAL_ERROR" not in str(error)
