"""Depth and cost limits (marketplace/graphql/limits.py) with a clear, coded error; the
cost counts the ``first``/``last`` given by variables, so one cached document is judged
again for every request's variables."""

from __future__ import annotations

import pytest

from marketplace.graphql import limits
from tests.support.graphql import gql

pytestmark = pytest.mark.django_db

WIDE = """query($n: Int, $m: Int) { products(first: $n, channel: "default-channel") { edges { node {
  productVariants(first: $m) { edges { node { id name sku } } } } } } }"""


def _deep(levels: int) -> str:
    inner = "slug"
    for _ in range(levels):
        inner = f"children(first: 1) {{ edges {{ node {{ {inner} }} }} }}"
    return f"{{ categories(first: 1) {{ edges {{ node {{ {inner} }} }} }} }}"


def codes(answer):
    return {error.get("extensions", {}).get("code") for error in answer.get("errors", [])}


def test_too_deep_is_refused_with_a_code(client):
    answer = gql(client, _deep(6))
    assert "QUERY_TOO_DEEP" in codes(answer)
    assert answer.get("data") is None
    assert "Query is too deep" in " ".join(e["message"] for e in answer["errors"])


def test_deep_enough_is_answered(client):
    answer = gql(client, _deep(3))
    assert "errors" not in answer


def test_cost_follows_the_variables_of_each_request(client):
    cheap = gql(client, WIDE, {"n": 100, "m": 1})
    assert "errors" not in cheap
    costly = gql(client, WIDE, {"n": 100, "m": 100})
    assert codes(costly) == {"QUERY_TOO_COMPLEX"}
    assert f"the limit is {limits.MAX_COST}" in costly["errors"][0]["message"]
    again = gql(client, WIDE, {"n": 100, "m": 1})  # the same (cached) document, cheap variables
    assert again == cheap


def test_literal_arguments_count_too(client):
    answer = gql(
        client,
        """{ products(first: 100, channel: "default-channel") { edges { node {
        productVariants(first: 100) { edges { node { id name sku } } } } } } }""",
    )
    assert codes(answer) == {"QUERY_TOO_COMPLEX"}


def test_fragments_are_measured(client):
    document = """query($m: Int) { products(first: 100, channel: "default-channel") { ...Page } }
        fragment Page on ProductCountableConnection { edges { node { productVariants(first: $m) {
        edges { node { id name sku } } } } } }"""
    assert codes(gql(client, document, {"m": 100})) == {"QUERY_TOO_COMPLEX"}
    assert "errors" not in gql(client, document, {"m": 1})


def test_invalid_documents_keep_their_errors(client):
    assert gql(client, "{ products(first: 1) { nope } }")["errors"][0]["message"].startswith(
        "Cannot query field 'nope'"
    )
    assert "Syntax Error" in gql(client, "{ products(")["errors"][0]["message"]
    response = client.post(
        "/graphql/", {"query": ["not", "a", "string"]}, content_type="application/json"
    )
    assert response.status_code == 400
