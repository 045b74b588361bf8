"""Saleor's ``updateMetadata``, for a checkout's public metadata."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql import ids
from marketplace.graphql.errors import BaseMutation
from marketplace.graphql.inputs import MetadataInput
from marketplace.graphql.metadata import ObjectWithMetadata
from orders.selectors import checkout as checkout_selectors
from orders.services import cart as cart_services

from ..errors import MetadataError
from .base import not_found


class UpdateMetadata(BaseMutation):
    """Updates public metadata of a checkout (what Saleor's storefront keeps there, e.g.
    the buyer's marketing consent). Other objects keep no metadata: NOT_FOUND."""

    class Arguments:
        id = graphene.ID(
            required=True,
            description="ID or token (for Order and Checkout) of an object to update.",
        )
        input = graphene.List(
            graphene.NonNull(MetadataInput),
            required=True,
            description="Fields required to update the object's metadata.",
        )

    class Meta:
        error_type = MetadataError
        legacy_errors_field = "metadata_errors"

    item = graphene.Field(ObjectWithMetadata)

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        key = ids.key_of(data["id"], "Checkout")
        checkout = (
            checkout_selectors.checkout_for_viewer(token=key, user=info.context.user)
            if key
            else None
        )
        if checkout is None:
            raise not_found("id", "Không tìm thấy đối tượng. / Object not found.")
        items = [(item["key"], item["value"]) for item in data["input"]]
        return {"item": cart_services.checkout_metadata_update(checkout=checkout, items=items)}
