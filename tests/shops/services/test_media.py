"""shops.services.media with Pillow on the default local storage (MEDIA_ROOT is a fresh tmp
directory per test, see tests/conftest.py): accepted types, thumbnails, EXIF stripping,
refusals that leave nothing behind, reorder and delete."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from PIL import ExifTags, Image

from marketplace.errors import Forbidden
from shops.models import Product, ProductMedia
from shops.services.media import (
    product_media_add,
    product_media_delete,
    product_media_reorder,
)
from shops.thumbnails import thumbnail_url
from tests.factories.shops import ProductFactory
from tests.support.actors import FIVE_ACTORS, actor_for

SIZES = ("128", "256", "512", "1024")
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}


def _image_bytes(
    fmt: str,
    size: tuple[int, int],
    *,
    mode: str = "RGB",
    color: object = (200, 40, 40),
    **save_kwargs: object,
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save_kwargs)
    return buffer.getvalue()


def _noise_bytes(fmt: str, size: tuple[int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, fmt)
    return buffer.getvalue()


def _upload(
    data: bytes, name: str = "anh.jpg", content_type: str = "image/jpeg"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _stored_files() -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def _open_stored(name: str) -> Image.Image:
    with default_storage.open(name) as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def _stem(media: ProductMedia, ext: str) -> str:
    match = re.fullmatch(rf"products/originals/([0-9a-f]{{32}})\.{ext}", media.image.name)
    assert match, media.image.name
    return match.group(1)


def _expected_thumbnails(stem: str) -> dict[str, dict[str, str]]:
    return {
        size: {
            "webp": f"products/thumbnails/{stem}-{size}.webp",
            "jpeg": f"products/thumbnails/{stem}-{size}.jpg",
        }
        for size in SIZES
    }


def _files_of(media: ProductMedia) -> list[str]:
    return sorted(
        [media.image.name] + [n for entry in media.thumbnails.values() for n in entry.values()]
    )


@pytest.fixture
def limits(settings):
    settings.MEDIA_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    settings.MEDIA_MAX_PIXELS = 40_000_000
    return settings


@pytest.mark.parametrize(("fmt", "ext"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_product_media_add_accepts_format_and_writes_thumbnails(owner, product, limits, fmt, ext):
    Product.objects.filter(pk=product.pk).update(search_dirty=False)
    upload = _upload(_image_bytes(fmt, (1600, 800)), f"anh.{ext}", CONTENT_TYPES[fmt])

    media = product_media_add(actor=owner, product=product, upload=upload, alt="Chai nước mắm")

    stem = _stem(media, ext)
    media.refresh_from_db()
    assert (media.product_id, media.width, media.height, media.position, media.alt) == (
        product.pk,
        1600,
        800,
        1,
        "Chai nước mắm",
    )
    assert media.thumbnails == _expected_thumbnails(stem)
    original = _open_stored(media.image.name)
    assert (original.format, original.size) == (fmt, (1600, 800))
    expected_sizes = {"128": (128, 64), "256": (256, 128), "512": (512, 256), "1024": (1024, 512)}
    for size, entry in media.thumbnails.items():
        webp, jpeg = _open_stored(entry["webp"]), _open_stored(entry["jpeg"])
        assert (webp.format, webp.size) == ("WEBP", expected_sizes[size])
        assert (jpeg.format, jpeg.size) == ("JPEG", expected_sizes[size])
    assert _stored_files() == _files_of(media)
    assert len(_stored_files()) == 9
    assert Product.objects.get(pk=product.pk).search_dirty is True


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((400, 1600), {"128": (32, 128), "256": (64, 256), "512": (128, 512), "1024": (256, 1024)}),
        ((300, 150), {"128": (128, 64), "256": (256, 128), "512": (300, 150), "1024": (300, 150)}),
        ((100, 100), {"128": (100, 100), "256": (100, 100), "512": (100, 100), "1024": (100, 100)}),
    ],
)
def test_product_media_thumbnails_longest_side_never_upscaled(
    owner, product, limits, size, expected
):
    media = product_media_add(
        actor=owner,
        product=product,
        upload=_upload(_image_bytes("PNG", size), "a.png", "image/png"),
    )

    sizes = {
        key: (_open_stored(entry["webp"]).size, _open_stored(entry["jpeg"]).size)
        for key, entry in media.thumbnails.items()
    }
    assert sizes == {key: (value, value) for key, value in expected.items()}


def test_product_media_png_keeps_transparency_jpeg_thumbnails_flattened(owner, product, limits):
    upload = _upload(
        _image_bytes("PNG", (600, 300), mode="RGBA", color=(10, 120, 10, 0)),
        "trong-suot.png",
        "image/png",
    )

    media = product_media_add(actor=owner, product=product, upload=upload)

    assert _open_stored(media.image.name).mode == "RGBA"
    assert _open_stored(media.thumbnails["256"]["webp"]).mode == "RGBA"
    assert _open_stored(media.thumbnails["256"]["jpeg"]).mode == "RGB"


def test_product_media_second_image_goes_last_with_default_alt(owner, product, limits):
    first = product_media_add(
        actor=owner, product=product, upload=_upload(_image_bytes("JPEG", (64, 64)))
    )
    second = product_media_add(
        actor=owner, product=product, upload=_upload(_image_bytes("JPEG", (64, 64)))
    )

    assert (first.position, second.position) == (1, 2)
    assert second.alt == product.name_vi
    assert len(_stored_files()) == 18


def test_product_media_accepts_multi_picture_jpeg_from_phones(owner, product, limits):
    """Phone cameras write JPEGs carrying a second picture (depth or HDR gain map); Pillow
    reports those as "MPO". They are JPEGs: keep the first picture."""
    buffer = io.BytesIO()
    Image.new("RGB", (600, 300), (255, 0, 0)).save(
        buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (600, 300), (0, 0, 255))]
    )
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"

    media = product_media_add(
        actor=owner, product=product, upload=_upload(buffer.getvalue(), "IMG_2024.JPG")
    )

    _stem(media, "jpg")
    original = _open_stored(media.image.name)
    assert (original.format, original.size, getattr(original, "n_frames", 1)) == (
        "JPEG",
        (600, 300),
        1,
    )
    assert original.getpixel((300, 150))[0] > 200
    assert _open_stored(media.thumbnails["256"]["jpeg"]).size == (256, 128)
    assert len(_stored_files()) == 9


def _jpeg_with_exif() -> bytes:
    """400×200, left half red and right half blue, with EXIF Orientation=6 ("rotate 90° CW
    to display"), a camera make, a timestamp and a GPS position."""
    image = Image.new("RGB", (400, 200), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 200, 200))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.Base.DateTime] = "2025:06:01 08:30:00"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (17.0, 28.0, 6.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (106.0, 37.0, 12.0),
    }
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)
    return buffer.getvalue()


def test_product_media_strips_exif_and_applies_orientation(owner, product, limits):
    data = _jpeg_with_exif()
    source = Image.open(io.BytesIO(data))
    assert source.getexif()[ExifTags.Base.Orientation] == 6
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] == "N"

    media = product_media_add(actor=owner, product=product, upload=_upload(data, "IMG_0001.JPG"))

    assert (media.width, media.height) == (200, 400)
    original = _open_stored(media.image.name)
    assert (original.format, original.size) == ("JPEG", (200, 400))
    assert len(original.getexif()) == 0
    assert "exif" not in original.info
    # Rotated 90° clockwise: the red left half is now on top.
    top, bottom = original.getpixel((100, 100)), original.getpixel((100, 300))
    assert (top[0] > 200, top[2] < 60) == (True, True), top
    assert (bottom[0] < 60, bottom[2] > 200) == (True, True), bottom
    for entry in media.thumbnails.values():
        for name in entry.values():
            thumb = _open_stored(name)
            assert len(thumb.getexif()) == 0
            assert "exif" not in thumb.info
    assert _open_stored(media.thumbnails["128"]["jpeg"]).size == (64, 128)
    with default_storage.open(media.image.name) as handle:
        raw = handle.read()
    assert b"Exif" not in raw
    assert b"Canon" not in raw


def _media_row(product: Product, name: str, position: int) -> ProductMedia:
    """A media row without files (width/height given, so Django doesn't open the image)."""
    return ProductMedia.objects.create(
        product=product, image=f"products/originals/{name}", width=10, height=10, position=position
    )


def _assert_nothing_saved(product: Product) -> None:
    assert ProductMedia.objects.filter(product=product).count() == 0
    assert _stored_files() == []


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"Day khong phai la anh, chi la van ban.\n" * 20, "x.jpg", "invalid_image"),
        (b"", "empty.png", "invalid_image"),
        (_image_bytes("GIF", (40, 40), mode="P", color=1), "dong.gif", "invalid_image_type"),
        (_image_bytes("BMP", (40, 40)), "anh.bmp", "invalid_image_type"),
        (_image_bytes("GIF", (40, 40), mode="P", color=1), "doi-ten.jpg", "invalid_image_type"),
    ],
    ids=["text-as-jpg", "empty", "gif", "bmp", "gif-renamed-jpg"],
)
def test_product_media_refuses_non_images(owner, product, limits, data, name, code):
    with pytest.raises(ValidationError) as exc_info:
        product_media_add(actor=owner, product=product, upload=_upload(data, name))

    assert exc_info.value.error_dict["image"][0].code == code
    _assert_nothing_saved(product)


def test_product_media_refuses_truncated_jpeg(owner, product, limits):
    data = _noise_bytes("JPEG", (800, 600))

    with pytest.raises(ValidationError) as exc_info:
        product_media_add(actor=owner, product=product, upload=_upload(data[: len(data) // 2]))

    assert exc_info.value.error_dict["image"][0].code == "invalid_image"
    _assert_nothing_saved(product)


@pytest.mark.parametrize(
    "size",
    [(10000, 5000), (20000, 10000)],
    ids=["50-megapixel", "200-megapixel-decompression-bomb"],
)
def test_product_media_refuses_too_many_pixels(owner, product, limits, size):
    data = _image_bytes("PNG", size, mode="1", color=1)
    assert len(data) < 1024 * 1024

    with pytest.raises(ValidationError) as exc_info:
        product_media_add(actor=owner, product=product, upload=_upload(data, "to.png", "image/png"))

    assert exc_info.value.error_dict["image"][0].code == "too_many_pixels"
    _assert_nothing_saved(product)


def test_product_media_file_size_limit_is_inclusive(owner, product, limits):
    data = _noise_bytes("PNG", (64, 64))
    limits.MEDIA_MAX_UPLOAD_BYTES = len(data) - 1

    with pytest.raises(ValidationError) as exc_info:
        product_media_add(actor=owner, product=product, upload=_upload(data, "a.png", "image/png"))

    assert exc_info.value.error_dict["image"][0].code == "file_too_large"
    _assert_nothing_saved(product)

    limits.MEDIA_MAX_UPLOAD_BYTES = len(data)
    media = product_media_add(
        actor=owner, product=product, upload=_upload(data, "a.png", "image/png")
    )
    assert (media.width, media.height) == (64, 64)


def test_product_media_limit_per_product(owner, product, limits):
    for position in range(1, 13):
        _media_row(product, f"{position}.png", position)

    with pytest.raises(ValidationError) as exc_info:
        product_media_add(
            actor=owner, product=product, upload=_upload(_image_bytes("JPEG", (64, 64)))
        )

    assert exc_info.value.error_dict["image"][0].code == "too_many"
    assert ProductMedia.objects.filter(product=product).count() == 12
    assert _stored_files() == []


def test_product_media_row_failure_removes_written_files(owner, product, limits, monkeypatch):
    def broken_save(self, *args, **kwargs):
        raise IntegrityError("simulated")

    monkeypatch.setattr(ProductMedia, "save", broken_save)

    with pytest.raises(IntegrityError):
        product_media_add(
            actor=owner, product=product, upload=_upload(_image_bytes("JPEG", (300, 200)))
        )

    _assert_nothing_saved(product)


@pytest.mark.parametrize(("actor_name", "allowed"), FIVE_ACTORS)
def test_product_media_add_authorization(request, actor_name, allowed, product, limits):
    actor = actor_for(request, actor_name)
    upload = _upload(_image_bytes("JPEG", (300, 200)))

    if allowed:
        media = product_media_add(actor=actor, product=product, upload=upload)
        assert _stored_files() == _files_of(media)
        return
    with pytest.raises(Forbidden):
        product_media_add(actor=actor, product=product, upload=upload)
    _assert_nothing_saved(product)


# --- reorder --------------------------------------------------------------------------------


@pytest.fixture
def three_media(product):
    return [_media_row(product, f"{n}.png", n) for n in (1, 2, 3)]


def _positions(product: Product) -> list[tuple[int, int]]:
    return list(
        ProductMedia.objects.filter(product=product)
        .order_by("position")
        .values_list("id", "position")
    )


def test_product_media_reorder_sets_positions(owner, product, three_media):
    a, b, c = three_media
    Product.objects.filter(pk=product.pk).update(search_dirty=False)

    result = product_media_reorder(actor=owner, product=product, media_ids=[c.pk, a.pk, b.pk])

    assert [(m.pk, m.position) for m in result] == [(c.pk, 1), (a.pk, 2), (b.pk, 3)]
    assert _positions(product) == [(c.pk, 1), (a.pk, 2), (b.pk, 3)]
    assert Product.objects.get(pk=product.pk).search_dirty is True


@pytest.mark.parametrize("case", ["missing", "extra-foreign", "duplicate", "unknown", "empty"])
def test_product_media_reorder_wrong_ids_rejected(owner, shop, product, three_media, case):
    a, b, c = three_media
    foreign = _media_row(ProductFactory(shop=shop), "f.png", 1)
    media_ids = {
        "missing": [c.pk, a.pk],
        "extra-foreign": [c.pk, a.pk, b.pk, foreign.pk],
        "duplicate": [c.pk, a.pk, a.pk],
        "unknown": [c.pk, a.pk, 999_999],
        "empty": [],
    }[case]

    with pytest.raises(ValidationError) as exc_info:
        product_media_reorder(actor=owner, product=product, media_ids=media_ids)

    assert exc_info.value.error_dict["media"][0].code == "invalid"
    assert _positions(product) == [(a.pk, 1), (b.pk, 2), (c.pk, 3)]
    assert ProductMedia.objects.get(pk=foreign.pk).position == 1


def test_product_media_reorder_non_member_forbidden(other_owner, product, three_media):
    a, b, c = three_media

    with pytest.raises(Forbidden):
        product_media_reorder(actor=other_owner, product=product, media_ids=[c.pk, b.pk, a.pk])

    assert _positions(product) == [(a.pk, 1), (b.pk, 2), (c.pk, 3)]


# --- delete ---------------------------------------------------------------------------------


def test_product_media_delete_removes_files_after_commit(
    owner, product, limits, django_capture_on_commit_callbacks
):
    kept = product_media_add(
        actor=owner, product=product, upload=_upload(_image_bytes("JPEG", (300, 200)))
    )
    doomed = product_media_add(
        actor=owner,
        product=product,
        upload=_upload(_image_bytes("PNG", (300, 200)), "b.png", "image/png"),
    )
    doomed_files = _files_of(doomed)
    Product.objects.filter(pk=product.pk).update(search_dirty=False)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        product_media_delete(actor=owner, media=doomed)

    assert list(ProductMedia.objects.filter(product=product).values_list("pk", flat=True)) == [
        kept.pk
    ]
    assert Product.objects.get(pk=product.pk).search_dirty is True
    # Not yet committed: the files are still there (a rollback would keep the row).
    assert _stored_files() == sorted(_files_of(kept) + doomed_files)
    # The file deletion waits for the commit (a search-index sync may be queued too).
    delete_files = [c for c in callbacks if c.__name__ == "delete_files"]
    assert len(delete_files) == 1
    delete_files = delete_files[0]
    delete_files()

    assert _stored_files() == _files_of(kept)


def test_product_media_delete_executes_on_commit(
    owner, product, limits, django_capture_on_commit_callbacks
):
    media = product_media_add(
        actor=owner,
        product=product,
        upload=_upload(_image_bytes("WEBP", (300, 200)), "a.webp", "image/webp"),
    )
    assert len(_stored_files()) == 9

    with django_capture_on_commit_callbacks(execute=True):
        product_media_delete(actor=owner, media=media)

    assert ProductMedia.objects.count() == 0
    assert _stored_files() == []


def test_product_media_delete_non_member_forbidden(
    owner, other_owner, product, limits, django_capture_on_commit_callbacks
):
    media = product_media_add(
        actor=owner, product=product, upload=_upload(_image_bytes("JPEG", (300, 200)))
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(Forbidden):
        product_media_delete(actor=other_owner, media=media)

    assert callbacks == []
    assert ProductMedia.objects.filter(pk=media.pk).exists()
    assert _stored_files() == _files_of(media)


# --- URLs -----------------------------------------------------------------------------------


def test_thumbnail_url_picks_smallest_at_least_size(owner, product, limits):
    media = product_media_add(
        actor=owner, product=product, upload=_upload(_image_bytes("JPEG", (1600, 800)))
    )
    stem = _stem(media, "jpg")

    assert thumbnail_url(media) == f"/media/products/thumbnails/{stem}-256.webp"
    assert thumbnail_url(media, 300, "jpeg") == f"/media/products/thumbnails/{stem}-512.jpg"
    assert thumbnail_url(media, 128) == f"/media/products/thumbnails/{stem}-128.webp"
    assert thumbnail_url(media, 2000) == f"/media/products/originals/{stem}.jpg"


# --- a shop's logo and banner go through the same pipeline (security review) ------------------


def test_shop_logo_is_stripped_turned_upright_scaled_and_renamed(owner, product, limits):
    from shops.services import catalogue

    shop = product.shop
    catalogue.shop_profile_update(
        actor=owner, shop=shop, data={"logo": _upload(_jpeg_with_exif(), name="<x>.jpg")}
    )

    shop.refresh_from_db()
    assert re.fullmatch(r"shops/logos/[0-9a-f]{32}\.jpg", shop.logo.name)
    stored = _open_stored(shop.logo.name)
    assert not stored.getexif()  # no orientation, camera or GPS left
    assert stored.width < stored.height  # orientation 6 applied: the picture stands upright


def test_shop_banner_is_scaled_down(owner, product, limits):
    from shops.services import catalogue

    shop = product.shop
    catalogue.shop_profile_update(
        actor=owner, shop=shop, data={"banner": _upload(_image_bytes("PNG", (4000, 1000)), "b.png")}
    )

    shop.refresh_from_db()
    assert shop.banner.name.endswith(".png")
    assert _open_stored(shop.banner.name).size == (2400, 600)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"<svg onload=alert(1)>", "invalid_image"),
        (_image_bytes("GIF", (10, 10)), "invalid_image_type"),
        (_image_bytes("PNG", (3000, 3000)), "too_many_pixels"),
    ],
)
def test_shop_images_that_fail_the_checks_change_nothing(owner, product, limits, data, code):
    from shops.services import catalogue

    limits.MEDIA_MAX_PIXELS = 4_000_000
    shop = product.shop
    with pytest.raises(ValidationError) as exc:
        catalogue.shop_profile_update(
            actor=owner, shop=shop, data={"name": "Đổi tên", "logo": _upload(data, "l.png")}
        )
    assert [e.code for e in exc.value.error_dict["logo"]] == [code]
    shop.refresh_from_db()
    assert shop.name != "Đổi tên"
    assert shop.logo.name == ""
