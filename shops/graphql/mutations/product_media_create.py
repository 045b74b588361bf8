"""``productMediaCreate`` (multipart upload)."""

from __future__ import annotations

from typing import Any

import graphene
from django.core.files.uploadedfile import UploadedFile

from marketplace.graphql.scalars import Upload

from ...services import media
from ..permissions import PRODUCTS_DENIED, shop_staff
from ..staff_base import ShopStaffMutation, field_error
from .errors import ProductError
from .lookups import product_of


class ProductMediaCreateInput(graphene.InputObjectType):
    alt = graphene.String(description="Alt text for a product media.")
    image = Upload(description="Represents an image file in a multipart request.")
    product = graphene.ID(required=True, description="ID of an product.")
    media_url = graphene.String(description="Represents an URL to an external media.")


class ProductMediaCreate(ShopStaffMutation):
    permission = shop_staff(PRODUCTS_DENIED)
    product = graphene.Field("shops.graphql.types.Product")
    media = graphene.Field("shops.graphql.types.ProductMedia")

    class Arguments:
        input = ProductMediaCreateInput(
            required=True, description="Fields required to create a product media."
        )

    class Meta:
        description = (
            "Adds an image to a product of the viewer's shop; send it as a multipart request "
            "(https://github.com/jaydenseric/graphql-multipart-request-spec). JPEG, PNG or WebP; "
            "metadata (EXIF, GPS) is removed and thumbnails are made."
        )
        error_type = ProductError
        legacy_errors_field = "product_errors"

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        user = info.context.user
        values = data["input"]
        product = product_of(user, values["product"], field="product")
        image, url = values.get("image"), values.get("media_url")
        if image and url:
            raise field_error(
                "input",
                "Either image or external URL is required, not both. / Chỉ gửi ảnh hoặc đường dẫn.",
                "duplicated_input_item",
            )
        if url:
            raise field_error(
                "mediaUrl",
                "Chưa hỗ trợ ảnh/video từ đường dẫn ngoài; hãy tải ảnh lên. / External "
                "media URLs are not supported; upload the image.",
                "unsupported_media_provider",
            )
        if not image:
            raise field_error(
                "image", "Cần tải lên một ảnh. / Image or external URL is required.", "required"
            )
        if not isinstance(image, UploadedFile):
            raise field_error(
                "image",
                "Gửi ảnh bằng yêu cầu multipart. / Send the image as a multipart upload.",
                "invalid",
            )
        created = media.product_media_add(
            actor=user, product=product, upload=image, alt=values.get("alt") or ""
        )
        return {"product": product, "media": created}
