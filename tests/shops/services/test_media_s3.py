"""Product media through django-storages' S3 backend against the real S3 server of
``deploy/services.sh`` (moto on 127.0.0.1). Only the environment it exports is used:
AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_STORAGE_BUCKET_NAME (through
the settings, which give each parallel worker a bucket of its own)."""

from __future__ import annotations

import io
import json
import os
import re
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from shops.models import ProductMedia
from shops.services.media import product_media_add, product_media_delete
from shops.thumbnails import thumbnail_url

pytestmark = [pytest.mark.service("s3"), pytest.mark.django_db]

SIZES = {"128": (128, 64), "256": (256, 128), "512": (512, 256), "1024": (1024, 512)}


def _region() -> str:
    return settings.AWS_S3_REGION_NAME or "us-east-1"


@pytest.fixture
def s3_client():
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"],
        aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        region_name=_region(),
    )


@pytest.fixture
def bucket(s3_client) -> str:
    """The bucket (AWS_STORAGE_BUCKET_NAME; a worker's own under make test's parallel run,
    marketplace/settings/test.py), created if missing, with the public-read policy a
    deployment needs: product images are public and ``AWS_QUERYSTRING_AUTH`` is off, so
    their URLs are unsigned."""
    name = settings.AWS_STORAGE_BUCKET_NAME
    existing = {b["Name"] for b in s3_client.list_buckets().get("Buckets", [])}
    if name not in existing:
        if _region() == "us-east-1":
            s3_client.create_bucket(Bucket=name)
        else:
            s3_client.create_bucket(
                Bucket=name, CreateBucketConfiguration={"LocationConstraint": _region()}
            )
    s3_client.put_bucket_policy(
        Bucket=name,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Sid": "PublicReadProductImages",
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": "s3:GetObject",
                        "Resource": f"arn:aws:s3:::{name}/*",
                    }
                ],
            }
        ),
    )
    return name


@pytest.fixture
def s3_storage(settings, bucket):
    """Switches the default storage to S3Storage. Assigning ``settings.STORAGES`` fires
    ``setting_changed``, which resets ``storages`` and ``default_storage``; the fixture
    restores (and resets) both afterwards."""
    from django.core.files.storage import default_storage, storages
    from storages.backends.s3 import S3Storage

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": os.environ["AWS_S3_ENDPOINT_URL"],
                "access_key": os.environ["AWS_ACCESS_KEY_ID"],
                "secret_key": os.environ["AWS_SECRET_ACCESS_KEY"],
                "region_name": _region(),
                "querystring_auth": False,
                "file_overwrite": False,
                "default_acl": None,
            },
        },
    }
    assert type(storages["default"]) is S3Storage
    assert isinstance(default_storage, S3Storage)
    assert default_storage.bucket_name == bucket
    return default_storage


def _keys(s3_client, bucket: str, prefix: str = "products/") -> set[str]:
    keys: set[str] = set()
    for page in s3_client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        keys.update(obj["Key"] for obj in page.get("Contents", []))
    return keys


def _jpeg_upload() -> SimpleUploadedFile:
    image = Image.new("RGB", (1600, 800), (20, 90, 160))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (17.0, 28.0, 6.0),
    }
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("anh-san-pham.jpg", buffer.getvalue(), content_type="image/jpeg")


def _local_files() -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def _http_get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_product_media_on_s3_original_and_thumbnails_in_bucket(
    owner,
    product,
    s3_storage,
    s3_client,
    bucket,
    django_capture_on_commit_callbacks,
):
    media = product_media_add(actor=owner, product=product, upload=_jpeg_upload())

    match = re.fullmatch(r"products/originals/([0-9a-f]{32})\.jpg", media.image.name)
    assert match, media.image.name
    stem = match.group(1)
    expected = {f"products/originals/{stem}.jpg"} | {
        f"products/thumbnails/{stem}-{size}.{ext}" for size in SIZES for ext in ("webp", "jpg")
    }
    assert {key for key in _keys(s3_client, bucket) if stem in key} == expected
    assert _local_files() == []

    original = Image.open(
        io.BytesIO(
            s3_client.get_object(Bucket=bucket, Key=f"products/originals/{stem}.jpg")["Body"].read()
        )
    )
    assert (original.format, original.size, len(original.getexif())) == ("JPEG", (1600, 800), 0)
    for size, dimensions in SIZES.items():
        for ext, fmt in (("webp", "WEBP"), ("jpg", "JPEG")):
            body = s3_client.get_object(
                Bucket=bucket, Key=f"products/thumbnails/{stem}-{size}.{ext}"
            )["Body"].read()
            thumb = Image.open(io.BytesIO(body))
            assert (thumb.format, thumb.size) == (fmt, dimensions)

    endpoint = os.environ["AWS_S3_ENDPOINT_URL"].rstrip("/")
    webp_url = thumbnail_url(media, 256)
    jpeg_url = thumbnail_url(media, 1000, "jpeg")
    assert webp_url == f"{endpoint}/{bucket}/products/thumbnails/{stem}-256.webp"
    assert jpeg_url == f"{endpoint}/{bucket}/products/thumbnails/{stem}-1024.jpg"
    for url, fmt, dimensions in ((webp_url, "WEBP", (256, 128)), (jpeg_url, "JPEG", (1024, 512))):
        status, body = _http_get(url)
        assert status == 200
        image = Image.open(io.BytesIO(body))
        assert (image.format, image.size) == (fmt, dimensions)

    with django_capture_on_commit_callbacks(execute=True):
        product_media_delete(actor=owner, media=media)

    assert {key for key in _keys(s3_client, bucket) if stem in key} == set()
    assert ProductMedia.objects.count() == 0


def test_product_media_on_s3_refused_upload_writes_nothing(
    owner, product, s3_storage, s3_client, bucket
):
    from django.core.exceptions import ValidationError

    before = _keys(s3_client, bucket)
    upload = SimpleUploadedFile("x.jpg", b"khong phai anh" * 50, content_type="image/jpeg")

    with pytest.raises(ValidationError) as exc_info:
        product_media_add(actor=owner, product=product, upload=upload)

    assert exc_info.value.error_dict["image"][0].code == "invalid_image"
    assert _keys(s3_client, bucket) == before
    assert ProductMedia.objects.count() == 0
