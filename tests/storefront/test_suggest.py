"""The search box's autocomplete endpoint (/products/suggest/?q=): JSON suggestions from
the search interface, accent-free input works, empty input gives nothing."""

# ruff: noqa: F811 (the search tests' fixtures are imported by name and taken as arguments)
from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def suggest(client, q, prefix=""):
    response = client.get(f"{prefix}/products/suggest/", {"q": q})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["suggestions"]


def test_accent_free_input_suggests_accented_products(client, indexed):
    suggestions = suggest(client, "nuoc mam")
    products = {s["text"]: s for s in suggestions if s["kind"] == "product"}
    assert set(products) == {"Nước mắm cá cơm Bảo Ninh", "Nước mắm nhĩ Cảnh Dương"}
    assert products["Nước mắm nhĩ Cảnh Dương"]["url"] == f"/products/{indexed.nhi.slug}/"
    assert all(set(s) == {"text", "kind", "url"} for s in suggestions)


def test_shops_are_suggested_with_their_page(client, indexed):
    shops = [s for s in suggest(client, "cong ty") if s["kind"] == "shop"]
    assert [s["text"] for s in shops] == ["Công ty Bảo Ninh"]
    assert shops[0]["url"].endswith("/cong-ty-bao-ninh/")


def test_english_links_stay_in_english(client, indexed):
    suggestions = suggest(client, "mat ong", prefix="/en")
    assert [s["url"] for s in suggestions] == [f"/en/products/{indexed.mat_ong.slug}/"]


def test_draft_and_inactive_shop_products_are_never_suggested(client, indexed):
    texts = {s["text"] for s in suggest(client, "nuoc")}
    assert indexed.draft.name_vi not in texts
    assert indexed.hidden.name_vi not in texts


@pytest.mark.parametrize("q", ["", "   ", "\x00"])
def test_empty_input_gives_an_empty_list(client, q):
    assert suggest(client, q) == []


def test_missing_parameter_and_overlong_input_are_fine(client, indexed):
    assert client.get("/products/suggest/").json() == {"suggestions": []}
    assert isinstance(suggest(client, "nuoc " * 1000), list)


def test_only_get(client):
    assert client.post("/products/suggest/", {"q": "nuoc"}).status_code == 405
