"""Product images with Pillow: type, size and pixel checks, EXIF stripped, orientation
applied, thumbnails in WebP and JPEG — all written through Django's default storage, so
the S3 backend of django-storages works unchanged."""

from __future__ import annotations

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from PIL import Image, ImageOps, UnidentifiedImageError

from marketplace.models import User
from search.dirty import mark_products_dirty

from ..models import Product, ProductMedia, ShopPower
from ..permissions import require_shop_power
from ..thumbnails import THUMBNAIL_SIZES

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_MEDIA_PER_PRODUCT = 12
#: a shop's logo and banner are stored no larger than this (longest side, pixels)
SHOP_IMAGE_MAX_SIDE = {"logo": 512, "banner": 2400}


def _error(message: str, code: str) -> ValidationError:
    return ValidationError({"image": ValidationError(message, code=code)})


def _open_checked(upload: UploadedFile) -> Image.Image:
    """Opens and fully decodes the upload after checking size, type and pixel count.
    Decompression bombs are refused before decoding."""
    max_bytes = settings.MEDIA_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise _error(
            f"Ảnh quá lớn (tối đa {max_bytes // (1024 * 1024)} MB). / File too large.",
            "file_too_large",
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            # Phone JPEGs with a depth or gain-map picture open as MPO; keep the first one.
            image_format = "JPEG" if image.format == "MPO" else image.format
            if image_format not in ALLOWED_FORMATS:
                raise _error(
                    "Chỉ nhận ảnh JPEG, PNG hoặc WebP. / JPEG, PNG or WebP only.",
                    "invalid_image_type",
                )
            width, height = image.size
            if width * height > settings.MEDIA_MAX_PIXELS:
                raise _error(
                    f"Ảnh quá nhiều điểm ảnh ({width}×{height}); tối đa "
                    f"{settings.MEDIA_MAX_PIXELS // 1_000_000} megapixel. / Image has too many pixels.",
                    "too_many_pixels",
                )
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise _error("Tệp không phải ảnh hợp lệ. / Not a valid image.", "invalid_image") from exc
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise _error(
            "Ảnh quá nhiều điểm ảnh. / Image has too many pixels.", "too_many_pixels"
        ) from exc
    image.format_hint = image_format  # type: ignore[attr-defined]
    return image


def _normalized(image: Image.Image) -> tuple[Image.Image, str]:
    """Applies EXIF orientation and drops all metadata (EXIF, GPS, XMP, comments)."""
    image_format = image.format_hint  # type: ignore[attr-defined]
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "RGBA"):
        upright = upright.convert(
            "RGBA" if "A" in upright.getbands() or upright.mode == "P" else "RGB"
        )
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    return clean, image_format


def _encode(image: Image.Image, image_format: str) -> bytes:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=85, optimize=True, progressive=True)
    elif image_format == "WEBP":
        image.save(buffer, "WEBP", quality=82, method=4)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def make_thumbnails(image: Image.Image, stem: str) -> dict[str, dict[str, str]]:
    """Writes WebP and JPEG thumbnails (longest side 128/256/512/1024, never upscaled)."""
    result: dict[str, dict[str, str]] = {}
    for size in THUMBNAIL_SIZES:
        thumb = image.copy()
        thumb.thumbnail((size, size), Image.Resampling.LANCZOS)
        entry = {}
        for fmt, ext in (("WEBP", "webp"), ("JPEG", "jpg")):
            name = default_storage.save(
                f"products/thumbnails/{stem}-{size}.{ext}", ContentFile(_encode(thumb, fmt))
            )
            entry["webp" if fmt == "WEBP" else "jpeg"] = name
        result[str(size)] = entry
    return result


def shop_image_clean(upload: UploadedFile, field: str) -> ContentFile:
    """A shop's ``logo`` or ``banner`` through the product photos' pipeline: size, type
    and pixel checks, EXIF and other metadata stripped, orientation applied, scaled down
    to ``SHOP_IMAGE_MAX_SIDE`` and re-encoded under a random name. ``ValidationError`` on
    ``field`` for anything else."""
    try:
        image = _open_checked(upload)
    except ValidationError as exc:
        error = exc.error_dict["image"][0]
        raise ValidationError({field: ValidationError(error.message, code=error.code)}) from None
    clean, image_format = _normalized(image)
    side = SHOP_IMAGE_MAX_SIDE[field]
    clean.thumbnail((side, side), Image.Resampling.LANCZOS)
    return ContentFile(
        _encode(clean, image_format), name=f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[image_format]}"
    )


def product_media_add(
    *, actor: User, product: Product, upload: UploadedFile, alt: str = ""
) -> ProductMedia:
    """Validates and stores an image with its thumbnails. Files are written before the
    row; if the row cannot be saved the files are removed again."""
    require_shop_power(actor=actor, shop=product.shop, power=ShopPower.MANAGE_PRODUCTS)
    if product.media.count() >= MAX_MEDIA_PER_PRODUCT:
        raise _error(
            f"Tối đa {MAX_MEDIA_PER_PRODUCT} ảnh mỗi sản phẩm. / Too many images.", "too_many"
        )
    image = _open_checked(upload)
    clean, image_format = _normalized(image)
    stem = uuid.uuid4().hex
    ext = ALLOWED_FORMATS[image_format]
    written: list[str] = []
    try:
        original = default_storage.save(
            f"products/originals/{stem}.{ext}", ContentFile(_encode(clean, image_format))
        )
        written.append(original)
        thumbnails = make_thumbnails(clean, stem)
        written.extend(name for entry in thumbnails.values() for name in entry.values())
        with transaction.atomic():
            position = (product.media.aggregate(m=Max("position"))["m"] or 0) + 1
            media = ProductMedia(
                product=product,
                alt=alt[:255] or product.name_vi,
                position=position,
                thumbnails=thumbnails,
                width=clean.width,
                height=clean.height,
            )
            media.image.name = original
            media.save()
            mark_products_dirty([product.pk])
    except Exception:
        for name in written:
            default_storage.delete(name)
        raise
    return media


@transaction.atomic
def product_media_reorder(
    *, actor: User, product: Product, media_ids: list[int]
) -> list[ProductMedia]:
    """Sets the order of a product's images; ids must be exactly the product's images."""
    require_shop_power(actor=actor, shop=product.shop, power=ShopPower.MANAGE_PRODUCTS)
    media = {m.pk: m for m in ProductMedia.objects.select_for_update().filter(product=product)}
    if sorted(media) != sorted(media_ids):
        raise ValidationError(
            {
                "media": ValidationError(
                    "Danh sách ảnh không khớp. / Media list does not match.", code="invalid"
                )
            }
        )
    for position, media_id in enumerate(media_ids, start=1):
        media[media_id].position = position
    ProductMedia.objects.bulk_update(media.values(), ["position"])
    mark_products_dirty([product.pk])
    return sorted(media.values(), key=lambda m: m.position)


def product_media_delete(*, actor: User, media: ProductMedia) -> None:
    require_shop_power(actor=actor, shop=media.product.shop, power=ShopPower.MANAGE_PRODUCTS)
    names = [media.image.name] + [n for e in media.thumbnails.values() for n in e.values()]
    product_id = media.product_id
    with transaction.atomic():
        media.delete()
        mark_products_dirty([product_id])

        def delete_files() -> None:
            for name in names:
                default_storage.delete(name)

        transaction.on_commit(delete_files)
