"""Real sample documents (a one-page PDF, a JPEG, a PNG) for upload tests."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(image_format: str = "JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 120, 40)).save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def pdf_upload(name: str = "dkkd.pdf") -> SimpleUploadedFile:
    return upload(name, pdf_bytes(), "application/pdf")


def jpeg_upload(name: str = "attp.jpg") -> SimpleUploadedFile:
    return upload(name, image_bytes("JPEG"), "image/jpeg")


def png_upload(name: str = "giay-phep.png") -> SimpleUploadedFile:
    return upload(name, image_bytes("PNG"), "image/png")
