"""``productMediaCreate`` with a file sent by the GraphQL multipart request spec
(``operations`` + ``map`` + files, parsed in marketplace/graphql/view.py): the image is
validated as the foundation's media service does (type, size, pixel bombs → INVALID with
a clear message), EXIF/GPS stripped, thumbnails written; malformed multipart requests
get a 400."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from shops.models import ProductMedia
from tests.support.graphql import errors_of, gid, gql, multipart, token_for
from tests.support.images import jpeg_bytes

MEDIA_CREATE = """
mutation MediaCreate($input: ProductMediaCreateInput!) {
  productMediaCreate(input: $input) {
    errors { field code message }
    productErrors { field code }
    media { id alt }
    product { id }
  }
}"""


def upload(
    client: Any,
    user: Any,
    product: Any,
    content: bytes,
    name: str = "anh.jpg",
    content_type: str = "image/jpeg",
    alt: str | None = None,
) -> dict[str, Any]:
    variables = {"input": {"product": gid("Product", product.pk), "image": None, "alt": alt}}
    response = multipart(
        client,
        MEDIA_CREATE,
        variables,
        {"variables.input.image": (name, content, content_type)},
        token=token_for(user),
    )
    assert response.status_code == 200, response.content
    answer = response.json()
    assert "errors" not in answer, answer
    return answer["data"]["productMediaCreate"]


def stored_files() -> set[str]:
    folders = ("products/originals", "products/thumbnails")
    return {
        f"{folder}/{name}"
        for folder in folders
        if default_storage.exists(folder)
        for name in default_storage.listdir(folder)[1]
    }


def test_jpeg_upload_strips_metadata_and_makes_thumbnails(client, product, shop_staff):
    payload = upload(client, shop_staff, product, jpeg_bytes(size=(640, 480)), alt="Chai 500 ml")
    media = ProductMedia.objects.get()
    assert payload == {
        "errors": [],
        "productErrors": [],
        "media": {"id": gid("ProductMedia", media.pk), "alt": "Chai 500 ml"},
        "product": {"id": gid("Product", product.pk)},
    }
    assert (media.product, media.width, media.height, media.position) == (product, 640, 480, 1)
    with default_storage.open(media.image.name) as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}  # camera model and GPS are gone
    assert set(media.thumbnails) == {"128", "256", "512", "1024"}
    for entry in media.thumbnails.values():
        assert default_storage.exists(entry["webp"])
        assert default_storage.exists(entry["jpeg"])


def test_alt_defaults_to_the_product_name(client, product, shop_staff):
    upload(client, shop_staff, product, jpeg_bytes(exif=False))
    assert ProductMedia.objects.get().alt == product.name_vi


@pytest.mark.parametrize(
    ("content", "name", "content_type", "setting", "message"),
    [
        (b"%PDF-1.4 not an image", "gia.jpg", "image/jpeg", None, "Not a valid image"),
        (
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00"
            b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
            "a.gif",
            "image/gif",
            None,
            "JPEG, PNG or WebP only",
        ),
        (None, "lon.jpg", "image/jpeg", ("MEDIA_MAX_UPLOAD_BYTES", 1024), "File too large"),
        (None, "bom.jpg", "image/jpeg", ("MEDIA_MAX_PIXELS", 10_000), "too many pixels"),
    ],
)
def test_bad_uploads_are_invalid(
    client, settings, product, shop_staff, content, name, content_type, setting, message
):
    if setting:
        setattr(settings, *setting)
    payload = upload(
        client, shop_staff, product, content or jpeg_bytes(size=(400, 300)), name, content_type
    )
    assert errors_of(payload) == [("image", "INVALID")]
    assert message in payload["errors"][0]["message"]
    assert payload["media"] is None
    assert ProductMedia.objects.count() == 0
    assert stored_files() == set()


def test_real_decompression_bomb(client, settings, product, shop_staff):
    """A tiny PNG that declares a huge canvas is refused before it is decoded."""
    settings.MEDIA_MAX_PIXELS = 40_000_000
    import io

    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, "PNG", optimize=True)  # 144 MP, a few kB
    assert len(buffer.getvalue()) < 100_000
    payload = upload(client, shop_staff, product, buffer.getvalue(), "bom.png", "image/png")
    assert errors_of(payload) == [("image", "INVALID")]
    assert ProductMedia.objects.count() == 0


def test_too_many_images(client, product, shop_staff, monkeypatch):
    from shops.services import media

    monkeypatch.setattr(media, "MAX_MEDIA_PER_PRODUCT", 1)
    assert upload(client, shop_staff, product, jpeg_bytes())["errors"] == []
    payload = upload(client, shop_staff, product, jpeg_bytes())
    assert errors_of(payload) == [("image", "INVALID")]
    assert ProductMedia.objects.count() == 1


def test_image_without_multipart_is_refused(client, product, shop_staff):
    answer = gql(
        client,
        MEDIA_CREATE,
        {"input": {"product": gid("Product", product.pk), "image": "anh.jpg"}},
        token=token_for(shop_staff),
    )
    assert errors_of(answer["data"]["productMediaCreate"]) == [("image", "INVALID")]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"mediaUrl": "https://www.youtube.com/watch?v=1"},
            [("mediaUrl", "UNSUPPORTED_MEDIA_PROVIDER")],
        ),
        ({}, [("image", "REQUIRED")]),
    ],
)
def test_media_url_and_missing_image(client, product, shop_staff, extra, expected):
    answer = gql(
        client,
        MEDIA_CREATE,
        {"input": {"product": gid("Product", product.pk), **extra}},
        token=token_for(shop_staff),
    )
    assert errors_of(answer["data"]["productMediaCreate"]) == expected
    assert ProductMedia.objects.count() == 0


def test_anonymous_upload_writes_nothing(client, product):
    variables = {"input": {"product": gid("Product", product.pk), "image": None}}
    response = multipart(
        client,
        MEDIA_CREATE,
        variables,
        {"variables.input.image": ("a.jpg", jpeg_bytes(), "image/jpeg")},
    )
    answer = response.json()
    assert answer["data"]["productMediaCreate"] is None
    assert answer["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert ProductMedia.objects.count() == 0
    assert stored_files() == set()


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"operations": "{not json", "map": "{}"}, "must be JSON"),
        ({"operations": "[]", "map": "{}"}, "batching"),
        (
            {
                "operations": json.dumps({"query": "{ __typename }"}),
                "map": json.dumps({"0": ["variables.file"]}),
            },
            "was not sent",
        ),
        (
            {
                "operations": json.dumps({"query": "{ __typename }", "variables": {}}),
                "map": json.dumps({"0": ["variables.a.b"]}),
                "0": "file",
            },
            "not in `operations`",
        ),
        (
            {"operations": json.dumps({"query": "{ __typename }"}), "map": "[]"},
            "must be a JSON object",
        ),
    ],
)
def test_malformed_multipart_requests(client, fields, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        key: SimpleUploadedFile("f.jpg", b"x") if value == "file" else value
        for key, value in fields.items()
    }
    response = client.post("/graphql/", data)
    assert response.status_code == 400
    assert expected in response.content.decode()


def test_multipart_with_two_files(client, product, shop_staff):
    query = """
    mutation Two($a: ProductMediaCreateInput!, $b: ProductMediaCreateInput!) {
      a: productMediaCreate(input: $a) { errors { code } }
      b: productMediaCreate(input: $b) { errors { code } }
    }"""
    product_id = gid("Product", product.pk)
    response = multipart(
        client,
        query,
        {
            "a": {"product": product_id, "image": None, "alt": "một"},
            "b": {"product": product_id, "image": None, "alt": "hai"},
        },
        {
            "variables.a.image": ("1.jpg", jpeg_bytes(), "image/jpeg"),
            "variables.b.image": ("2.jpg", jpeg_bytes(color=(0, 0, 255)), "image/jpeg"),
        },
        token=token_for(shop_staff),
    )
    assert response.json() == {"data": {"a": {"errors": []}, "b": {"errors": []}}}
    assert list(ProductMedia.objects.order_by("position").values_list("alt", flat=True)) == [
        "một",
        "hai",
    ]


def test_multipart_file_paths_into_lists_and_several_places(rf):
    """The spec's list paths (``variables.files.1``) and one file mapped to two paths."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from marketplace.graphql.view import multipart_operations

    request = rf.post(
        "/graphql/",
        {
            "operations": json.dumps(
                {"query": "q", "variables": {"files": [None, None], "single": None}}
            ),
            "map": json.dumps(
                {"a": ["variables.files.1", "variables.single"], "b": ["variables.files.0"]}
            ),
            "a": SimpleUploadedFile("a.jpg", b"a"),
            "b": SimpleUploadedFile("b.jpg", b"b"),
        },
    )
    operations = multipart_operations(request)
    files, single = operations["variables"]["files"], operations["variables"]["single"]
    assert [f.name for f in files] == ["b.jpg", "a.jpg"]
    assert single is files[1]
