"""The JSON endpoints of the product-image widget (upload, reorder, delete)."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shops.models import ProductMedia
from tests.factories.marketplace import make_certificate
from tests.shops.views.helpers import media_row
from tests.support.images import png_upload


def test_upload_returns_the_new_image(owner_client, shop, product):
    response = owner_client.post(
        reverse("shops:media_upload", args=[shop.slug, product.pk]),
        data={"image": png_upload(size=(600, 300)), "alt": "Chai nước mắm"},
    )

    assert response.status_code == 201
    item = ProductMedia.objects.get()
    body = response.json()
    assert body == {
        "id": item.pk,
        "position": 1,
        "alt": "Chai nước mắm",
        "thumbnail": body["thumbnail"],
        "width": 600,
        "height": 300,
    }
    assert body["thumbnail"].startswith("/media/products/thumbnails/")
    assert body["thumbnail"].endswith("-256.webp")


def test_upload_without_a_file(owner_client, shop, product):
    response = owner_client.post(reverse("shops:media_upload", args=[shop.slug, product.pk]))

    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": "image", "message": "Chưa chọn ảnh."}]}
    assert ProductMedia.objects.count() == 0


def test_upload_of_a_non_image(owner_client, shop, product):
    fake = SimpleUploadedFile("anh.png", b"<?php echo 1; ?>", content_type="image/png")

    response = owner_client.post(
        reverse("shops:media_upload", args=[shop.slug, product.pk]), data={"image": fake}
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": "image", "message": "Tệp không phải ảnh hợp lệ. / Not a valid image."}]
    }
    assert ProductMedia.objects.count() == 0


@pytest.mark.parametrize("body", [b"not json", b'{"order": ["a"]}', b"[1, 2]", b'{"order": 5}'])
def test_reorder_with_malformed_body(owner_client, shop, product, body):
    first = media_row(product, position=1)

    response = owner_client.post(
        reverse("shops:media_reorder", args=[shop.slug, product.pk]),
        data=body,
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": "order", "message": "Invalid JSON"}]}
    assert ProductMedia.objects.get(pk=first.pk).position == 1


def test_reorder_must_name_every_image_once(owner_client, shop, product):
    first, second = (
        media_row(product, position=1),
        media_row(product, position=2, name="products/b.jpg"),
    )

    response = owner_client.post(
        reverse("shops:media_reorder", args=[shop.slug, product.pk]),
        data=json.dumps({"order": [second.pk]}),
        content_type="application/json",
    )

    assert response.status_code == 400
    assert list(ProductMedia.objects.order_by("pk").values_list("position", flat=True)) == [1, 2]
    assert first.pk < second.pk


def test_delete_answers_json_when_asked(owner_client, shop, product):
    item = media_row(product)

    response = owner_client.post(
        reverse("shops:media_delete", args=[shop.slug, item.pk]), HTTP_ACCEPT="application/json"
    )

    assert response.status_code == 200
    assert response.json() == {"deleted": item.pk}
    assert ProductMedia.objects.count() == 0


def test_edit_page_lists_images_in_order_with_ocop_card(owner_client, shop, product):

    media_row(product, position=2, name="products/2025/01/second.jpg")
    media_row(product, position=1, name="products/2025/01/first.jpg")
    make_certificate(product, stars=4, score=78, decision_number="12/QĐ-UBND")

    response = owner_client.get(reverse("shops:product_edit", args=[shop.slug, product.pk]))

    html = response.content.decode()
    assert html.index("/media/products/2025/01/first.jpg") < html.index(
        "/media/products/2025/01/second.jpg"
    )
    assert '<span class="stars">★★★★</span> 4 sao — 78 điểm' in html
    assert "12/QĐ-UBND" in html
