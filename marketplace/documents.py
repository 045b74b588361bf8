"""Producer documents (business registration, food-safety certificate): checked by their
content, stored under random names in **private** storage, never served from the public
media URL.

- :func:`document_kind` reads the bytes: a PDF (``%PDF-`` and a parse by pypdf), a JPEG
  or a PNG (magic and a full decode by Pillow); the browser's claimed type and the
  uploader's file name are ignored.
- :func:`private_storage` is ``STORAGES["private"]``: a folder outside ``MEDIA_ROOT``
  (``PRIVATE_MEDIA_ROOT``) or, with S3, the bucket under ``private/`` with a private ACL
  and signed URLs; ``marketplace.views.producer_document`` is the only way out.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, storages
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .errors import CoreErrorCode


@dataclass(frozen=True)
class DocumentKind:
    content_type: str
    extension: str


PDF = DocumentKind("application/pdf", "pdf")
JPEG = DocumentKind("image/jpeg", "jpg")
PNG = DocumentKind("image/png", "png")


def private_storage() -> Storage:
    """The storage of files only permission-checked views may hand out."""
    return storages["private"]


def document_path(instance: Any, filename: str) -> str:
    """A random name; the extension is the checked type's (set by the service on
    ``instance.content_type``), never the uploader's."""
    extension = {kind.content_type: kind.extension for kind in (PDF, JPEG, PNG)}.get(
        getattr(instance, "content_type", ""), "bin"
    )
    return f"producer-documents/{uuid.uuid4().hex}.{extension}"


def _invalid() -> ValidationError:
    return ValidationError(
        _("Chỉ nhận tệp PDF, JPEG hoặc PNG đọc được."), code=CoreErrorCode.INVALID_TYPE
    )


def _read(upload: Any) -> bytes:
    max_bytes = settings.MEDIA_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("Tệp quá lớn (tối đa %(mb)s MB).") % {"mb": max_bytes // (1024 * 1024)},
            code=CoreErrorCode.FILE_TOO_LARGE,
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    upload.seek(0)
    if len(data) > max_bytes:
        raise ValidationError(_("Tệp quá lớn."), code=CoreErrorCode.FILE_TOO_LARGE)
    return data


def _is_pdf(data: bytes) -> bool:
    if not data.startswith(b"%PDF-"):
        return False
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        return len(reader.pages) > 0
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return False


def _is_image(data: bytes, image_format: str) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != image_format:
                return False
            if image.width * image.height > settings.MEDIA_MAX_PIXELS:
                return False
            image.load()  # decodes every byte: a truncated or doctored file fails here
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return False
    return True


def document_kind(upload: Any) -> DocumentKind:
    """The checked type of an uploaded document; ``ValidationError`` (``invalid_type`` or
    ``file_too_large``) for anything that is not a readable PDF, JPEG or PNG."""
    data = _read(upload)
    if data.startswith(b"%PDF-"):
        if _is_pdf(data):
            return PDF
    elif data.startswith(b"\xff\xd8\xff"):
        if _is_image(data, "JPEG"):
            return JPEG
    elif data.startswith(b"\x89PNG\r\n\x1a\n") and _is_image(data, "PNG"):
        return PNG
    raise _invalid()
