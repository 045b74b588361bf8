"""Saleor's shipping methods and deliveries over ``orders.selectors.delivery.DeliveryOption`` (a
shop's method, or one method per shop combined for a multi-shop checkout), and the
``DeliveryMethod`` union of a shipping method and a collection point (``Warehouse``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import graphene

from marketplace.graphql import ids
from marketplace.graphql.common import LanguageDisplay
from marketplace.graphql.enums import LanguageCodeEnum, language_of
from marketplace.graphql.money import Money
from orders.models import ShippingMethod as ShippingMethodModel
from orders.selectors import delivery as delivery_selectors
from shops.models import StockLocation

from .. import enums
from .base import NODE, NODE_META
from .warehouse import Warehouse


@dataclass(frozen=True)
class MethodTranslation:
    option: delivery_selectors.DeliveryOption
    language: str


class ShippingMethodTranslation(graphene.ObjectType):
    """The English name of a shipping method (our content is Vietnamese first)."""

    class Meta:
        interfaces = NODE

    language = graphene.Field(LanguageDisplay, required=True)
    name = graphene.String()
    description = graphene.JSONString()

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, MethodTranslation)

    @classmethod
    def get_node(cls, info: Any, id: str) -> None:
        return None

    @staticmethod
    def resolve_id(root: MethodTranslation, info: Any) -> str:
        return f"{root.option.key}:{root.language}"

    @staticmethod
    def resolve_language(root: MethodTranslation, info: Any) -> str:
        return root.language

    @staticmethod
    def resolve_name(root: MethodTranslation, info: Any) -> str:
        return root.option.name_en

    @staticmethod
    def resolve_description(root: Any, info: Any) -> None:
        return None


class ShippingMethod(graphene.ObjectType):
    """A shipping method as priced for a checkout. For a one-shop checkout: that shop's
    method; for several shops: one method per shop combined (cheapest / fastest), the
    price being the sum of the shops' fees and the days the slowest shop's."""

    class Meta:
        interfaces = NODE_META

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, delivery_selectors.DeliveryOption)

    type = graphene.Field(
        enums.ShippingMethodTypeEnum, deprecation_reason="This field will be removed in Saleor 4.0."
    )
    name = graphene.String(required=True)
    description = graphene.JSONString()
    maximum_delivery_days = graphene.Int()
    minimum_delivery_days = graphene.Int()
    price = graphene.Field(Money, required=True)
    active = graphene.Boolean(required=True)
    message = graphene.String()
    translation = graphene.Field(
        ShippingMethodTranslation,
        language_code=graphene.Argument(
            LanguageCodeEnum,
            required=True,
            description="A language code to return the translation for shipping method.",
        ),
        description="Returns translated shipping method fields for the given language code.",
    )
    name_en = graphene.String(description="English name (marketplace extension).")

    @classmethod
    def get_node(cls, info: Any, id: str) -> delivery_selectors.DeliveryOption | None:
        if not str(id).isdigit():
            return None
        method = ShippingMethodModel.objects.filter(
            pk=int(id), is_active=True, zone__is_active=True
        ).first()
        if method is None:
            return None
        return delivery_selectors.DeliveryOption(
            key=str(method.pk),
            name_vi=method.name_vi,
            name_en=method.name_en or method.name_vi,
            price=method.price,
            min_days=method.min_days,
            max_days=method.max_days,
            kind=method.kind,
        )

    @staticmethod
    def resolve_id(root: delivery_selectors.DeliveryOption, info: Any) -> str:
        return root.key

    @staticmethod
    def resolve_type(root: delivery_selectors.DeliveryOption, info: Any) -> str | None:
        return {"flat": "PRICE", "weight": "WEIGHT"}.get(root.kind or "")

    @staticmethod
    def resolve_name(root: delivery_selectors.DeliveryOption, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_name_en(root: delivery_selectors.DeliveryOption, info: Any) -> str:
        return root.name_en

    @staticmethod
    def resolve_translation(
        root: delivery_selectors.DeliveryOption, info: Any, language_code: Any
    ) -> Any:
        code = str(getattr(language_code, "value", language_code))
        return MethodTranslation(option=root, language=code) if language_of(code) == "en" else None

    @staticmethod
    def resolve_description(root: Any, info: Any) -> None:
        return None

    @staticmethod
    def resolve_maximum_delivery_days(
        root: delivery_selectors.DeliveryOption, info: Any
    ) -> int | None:
        return root.max_days

    @staticmethod
    def resolve_minimum_delivery_days(
        root: delivery_selectors.DeliveryOption, info: Any
    ) -> int | None:
        return root.min_days

    @staticmethod
    def resolve_price(root: delivery_selectors.DeliveryOption, info: Any) -> int:
        return root.price

    @staticmethod
    def resolve_active(root: Any, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_message(root: Any, info: Any) -> None:
        return None


class Delivery(graphene.ObjectType):
    """Saleor 3.23+'s delivery option: its ID is what ``checkoutDeliveryMethodUpdate``
    accepts and what ``Checkout.delivery`` returns for the chosen option."""

    id = graphene.ID(required=True)
    shipping_method = graphene.Field(ShippingMethod)

    @staticmethod
    def resolve_id(root: delivery_selectors.DeliveryOption, info: Any) -> str:
        return ids.global_id("Delivery", root.key)

    @staticmethod
    def resolve_shipping_method(root: delivery_selectors.DeliveryOption, info: Any) -> Any:
        return root


class DeliveryMethod(graphene.Union):
    class Meta:
        types = (Warehouse, ShippingMethod)

    @classmethod
    def resolve_type(cls, instance: Any, info: Any) -> Any:
        return Warehouse if isinstance(instance, StockLocation) else ShippingMethod
