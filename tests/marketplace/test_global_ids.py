"""The one global-ID decoder (marketplace/graphql/ids.py)."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ValidationError

from marketplace.graphql import ids


def raw(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def test_round_trip():
    assert ids.pk_of(ids.global_id("Product", 12), "Product") == 12
    assert ids.key_of(ids.global_id("Channel", "vi"), ("Channel",)) == "vi"


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "not base64 !",
        raw("Product"),
        raw("Product:"),
        raw("Shop:1"),
        raw("Product:²"),
        raw("Product:1x"),
        raw("Product:" + "9" * 40),
        raw("Product:-1"),
        12,
    ],
)
def test_anything_else_is_none(value):
    assert ids.pk_of(value, "Product") is None


def test_lists_drop_what_is_not_theirs():
    assert ids.pks_of([ids.global_id("Product", 1), raw("Shop:2"), "x"], "Product") == (1,)
    assert ids.pks_of(None, "Product") is None


def test_require_pk_is_a_coded_field_error():
    with pytest.raises(ValidationError) as exc:
        ids.require_pk(raw("Shop:1"), ("Product",), "id")
    error = exc.value.error_dict["id"][0]
    assert error.code == "graphql_error"
    assert error.message == f"Invalid ID: {raw('Shop:1')}. Expected: Product."
