"""Small real images made by Pillow, for uploads."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_bytes(
    size: tuple[int, int] = (64, 48), color: tuple[int, int, int] = (200, 80, 40), exif: bool = True
) -> bytes:
    """A JPEG of one colour; with ``exif`` it carries a camera model and GPS data (which
    uploads must strip)."""
    image = Image.new("RGB", size, color)
    buffer = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x0110] = "OCOP Test Camera"  # Model
        info[0x8825] = {1: "N", 2: (17.0, 28.0, 0.0)}  # GPSInfo
        image.save(buffer, "JPEG", exif=info)
    else:
        image.save(buffer, "JPEG")
    return buffer.getvalue()


def png_upload(
    name: str = "anh.png",
    size: tuple[int, int] = (40, 30),
    color: tuple[int, int, int] = (200, 30, 30),
) -> SimpleUploadedFile:
    """A PNG of one colour as an uploaded file."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
