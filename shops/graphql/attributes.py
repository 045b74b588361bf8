"""Saleor's attribute types over our fixed product fields. We have no attribute tables:
net quantity, ingredients, shelf life and storage are plain-text attributes; the OCOP
product group and the origin (former district, commune) are dropdown attributes whose
values are those units and groups; a variant's name is its one selection attribute
(``variant``). Slugs and global ids are stable (``Attribute:<slug>``,
``AttributeValue:<attribute>.<value>``), so storefront filters and caches keep working."""

from __future__ import annotations

from typing import Any

import graphene

from marketplace.graphql.common import File
from marketplace.graphql.enums import LanguageCodeEnum, language_of
from marketplace.graphql.metadata import ObjectWithMetadata
from marketplace.graphql.scalars import PositiveInt
from shops.attributes import (
    ATTRIBUTES,
    Assigned,
    AttributeDef,
    ValueDef,
    value_from_key,
)

from .translations import LanguageDisplayMixin, english

AttributeInputTypeEnum = graphene.Enum(
    "AttributeInputTypeEnum",
    [
        (v, v)
        for v in (
            "DROPDOWN",
            "MULTISELECT",
            "FILE",
            "REFERENCE",
            "SINGLE_REFERENCE",
            "NUMERIC",
            "RICH_TEXT",
            "PLAIN_TEXT",
            "SWATCH",
            "BOOLEAN",
            "DATE",
            "DATE_TIME",
        )
    ],
)
AttributeEntityTypeEnum = graphene.Enum(
    "AttributeEntityTypeEnum",
    [(v, v) for v in ("PAGE", "PRODUCT", "PRODUCT_VARIANT", "CATEGORY", "COLLECTION")],
)
AttributeTypeEnum = graphene.Enum(
    "AttributeTypeEnum", [(v, v) for v in ("PRODUCT_TYPE", "PAGE_TYPE", "CUSTOMER_TYPE")]
)
VariantAttributeScope = graphene.Enum(
    "VariantAttributeScope", [(v, v) for v in ("ALL", "VARIANT_SELECTION", "NOT_VARIANT_SELECTION")]
)


class AttributeTranslation(LanguageDisplayMixin, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)

    @staticmethod
    def resolve_name(root: tuple[AttributeDef, str], info: Any) -> str:
        return root[0].name_en


class AttributeValueTranslation(LanguageDisplayMixin, graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(required=True)
    rich_text = graphene.JSONString()
    plain_text = graphene.String()

    @staticmethod
    def resolve_name(root: tuple[ValueDef, str], info: Any) -> str:
        return root[0].name_en or root[0].name_vi

    @staticmethod
    def resolve_plain_text(root: tuple[ValueDef, str], info: Any) -> str | None:
        return root[0].plain_text


class Attribute(graphene.ObjectType):
    """One of our fixed product attributes (see the module docstring)."""

    class Meta:
        interfaces = (graphene.relay.Node, ObjectWithMetadata)

    input_type = graphene.Field(
        AttributeInputTypeEnum,
        description="The input type to use for entering attribute values in the dashboard.",
    )
    entity_type = graphene.Field(
        AttributeEntityTypeEnum, description="The entity type which can be used as a reference."
    )
    name = graphene.String(
        required=True, description="Name of an attribute displayed in the interface."
    )
    slug = graphene.String(
        required=True, description="Internal representation of an attribute name."
    )
    type = graphene.Field(AttributeTypeEnum, required=True, description="The attribute type.")
    value_required = graphene.Boolean(required=True)
    visible_in_storefront = graphene.Boolean(required=True)
    filterable_in_storefront = graphene.Boolean(
        required=True, deprecation_reason="No longer supported."
    )
    filterable_in_dashboard = graphene.Boolean(
        required=True, deprecation_reason="No longer supported."
    )
    available_in_grid = graphene.Boolean(required=True, deprecation_reason="No longer supported.")
    storefront_search_position = graphene.Int(
        required=True, deprecation_reason="No longer supported."
    )
    with_choices = graphene.Boolean(
        required=True, description="Flag indicating that attribute has predefined choices."
    )
    translation = graphene.Field(
        AttributeTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )
    external_reference = graphene.String()

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, AttributeDef)

    @classmethod
    def get_node(cls, info: Any, id: str) -> AttributeDef | None:
        return ATTRIBUTES.get(id)

    @staticmethod
    def resolve_id(root: AttributeDef, info: Any) -> str:
        return root.slug

    @staticmethod
    def resolve_input_type(root: AttributeDef, info: Any) -> str:
        return root.input_type

    @staticmethod
    def resolve_entity_type(root: AttributeDef, info: Any) -> None:
        return None

    @staticmethod
    def resolve_name(root: AttributeDef, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_slug(root: AttributeDef, info: Any) -> str:
        return root.slug

    @staticmethod
    def resolve_type(root: AttributeDef, info: Any) -> str:
        return "PRODUCT_TYPE"

    @staticmethod
    def resolve_value_required(root: AttributeDef, info: Any) -> bool:
        return root.slug in ("product-group", "origin-district", "origin-commune")

    @staticmethod
    def resolve_visible_in_storefront(root: AttributeDef, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_filterable_in_storefront(root: AttributeDef, info: Any) -> bool:
        return root.input_type == "DROPDOWN"

    resolve_filterable_in_dashboard = resolve_filterable_in_storefront

    @staticmethod
    def resolve_available_in_grid(root: AttributeDef, info: Any) -> bool:
        return True

    @staticmethod
    def resolve_storefront_search_position(root: AttributeDef, info: Any) -> int:
        return 0

    @staticmethod
    def resolve_with_choices(root: AttributeDef, info: Any) -> bool:
        return root.input_type == "DROPDOWN"

    @staticmethod
    def resolve_translation(root: AttributeDef, info: Any, language_code: str) -> Any:
        return english(root, language_code)

    @staticmethod
    def resolve_external_reference(root: AttributeDef, info: Any) -> None:
        return None


class AttributeValue(graphene.ObjectType):
    class Meta:
        interfaces = (graphene.relay.Node,)

    name = graphene.String(description="Name of a value displayed in the interface.")
    slug = graphene.String(description="Internal representation of a value (unique per attribute).")
    value = graphene.String(
        description="Represent value of the attribute value (e.g. color values for swatch "
        "attributes)."
    )
    translation = graphene.Field(
        AttributeValueTranslation, language_code=graphene.Argument(LanguageCodeEnum, required=True)
    )
    input_type = graphene.Field(AttributeInputTypeEnum)
    reference = graphene.ID()
    file = graphene.Field(File)
    rich_text = graphene.JSONString()
    plain_text = graphene.String()
    boolean = graphene.Boolean()
    date = graphene.Date()
    date_time = graphene.DateTime()
    external_reference = graphene.String()

    @classmethod
    def is_type_of(cls, root: Any, info: Any) -> bool:
        return isinstance(root, ValueDef)

    @classmethod
    def get_node(cls, info: Any, id: str) -> ValueDef | None:
        return value_from_key(id)

    @staticmethod
    def resolve_id(root: ValueDef, info: Any) -> str:
        return root.global_key

    @staticmethod
    def resolve_name(root: ValueDef, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_slug(root: ValueDef, info: Any) -> str:
        return root.slug

    @staticmethod
    def resolve_value(root: ValueDef, info: Any) -> str:
        return root.plain_text or ""

    @staticmethod
    def resolve_translation(root: ValueDef, info: Any, language_code: str) -> Any:
        return english(root, language_code)

    @staticmethod
    def resolve_input_type(root: ValueDef, info: Any) -> str:
        return root.attribute.input_type

    @staticmethod
    def resolve_plain_text(root: ValueDef, info: Any) -> str | None:
        return root.plain_text

    @staticmethod
    def _none(root: ValueDef, info: Any) -> None:
        return None

    resolve_reference = resolve_file = resolve_rich_text = resolve_boolean = _none
    resolve_date = resolve_date_time = resolve_external_reference = _none


class SelectedAttribute(graphene.ObjectType):
    """Resolved from an ``Assigned``."""

    attribute = graphene.Field(
        Attribute, required=True, description="Name of an attribute displayed in the interface."
    )
    values = graphene.NonNull(
        graphene.List(graphene.NonNull(AttributeValue)), description="Values of an attribute."
    )

    @staticmethod
    def resolve_attribute(root: Assigned, info: Any) -> AttributeDef:
        return root.attribute

    @staticmethod
    def resolve_values(root: Assigned, info: Any) -> tuple[ValueDef, ...]:
        return root.values


# --- Saleor 3.22+ typed attributes (``assignedAttribute(s)``) ---------------------------


class AssignedAttribute(graphene.Interface):
    attribute = graphene.Field(
        Attribute, required=True, description="Attribute assigned to an object."
    )

    @classmethod
    def resolve_type(cls, instance: Assigned, info: Any) -> Any:
        if instance.attribute.input_type == "PLAIN_TEXT":
            return AssignedPlainTextAttribute
        return AssignedSingleChoiceAttribute

    @staticmethod
    def resolve_attribute(root: Assigned, info: Any) -> AttributeDef:
        return root.attribute


def _english(value: ValueDef, language_code: str) -> str | None:
    if language_of(language_code) != "en":
        return None
    return value.name_en or None


class AssignedChoiceAttributeValue(graphene.ObjectType):
    name = graphene.String()
    slug = graphene.String()
    translation = graphene.String(language_code=graphene.Argument(LanguageCodeEnum, required=True))

    @staticmethod
    def resolve_name(root: ValueDef, info: Any) -> str:
        return root.name_vi

    @staticmethod
    def resolve_slug(root: ValueDef, info: Any) -> str:
        return root.slug

    @staticmethod
    def resolve_translation(root: ValueDef, info: Any, language_code: str) -> str | None:
        return _english(root, language_code)


class AssignedPlainTextAttribute(graphene.ObjectType):
    class Meta:
        interfaces = (AssignedAttribute,)

    value = graphene.String()
    translation = graphene.String(language_code=graphene.Argument(LanguageCodeEnum, required=True))

    @staticmethod
    def resolve_value(root: Assigned, info: Any) -> str | None:
        return root.values[0].plain_text if root.values else None

    @staticmethod
    def resolve_translation(root: Assigned, info: Any, language_code: str) -> None:
        return None  # product facts are written once, in Vietnamese


class AssignedSingleChoiceAttribute(graphene.ObjectType):
    class Meta:
        interfaces = (AssignedAttribute,)

    value = graphene.Field(AssignedChoiceAttributeValue)

    @staticmethod
    def resolve_value(root: Assigned, info: Any) -> ValueDef | None:
        return root.values[0] if root.values else None


def _value_types() -> list[type[graphene.ObjectType]]:
    """Saleor's other ``AssignedAttribute`` kinds: we assign none of them, but storefront
    documents name them in inline fragments, so they exist in the schema."""
    from marketplace.graphql.scalars import JSON

    def kind(name: str, value: Any) -> type[graphene.ObjectType]:
        return type(
            name,
            (graphene.ObjectType,),
            {"Meta": type("Meta", (), {"interfaces": (AssignedAttribute,)}), "value": value},
        )

    def limited(target: str) -> Any:
        return graphene.NonNull(
            graphene.List(graphene.NonNull(target)), limit=PositiveInt(default_value=100)
        )

    swatch_value = type(
        "AssignedSwatchAttributeValue",
        (graphene.ObjectType,),
        {
            "name": graphene.String(),
            "slug": graphene.String(),
            "hex_color": graphene.String(),
            "file": graphene.Field(File),
            "translation": graphene.String(
                language_code=graphene.Argument(LanguageCodeEnum, required=True)
            ),
        },
    )
    text = type(
        "AssignedTextAttribute",
        (graphene.ObjectType,),
        {
            "Meta": type("Meta", (), {"interfaces": (AssignedAttribute,)}),
            "value": graphene.Field(JSON),
            "translation": graphene.Field(
                JSON, language_code=graphene.Argument(LanguageCodeEnum, required=True)
            ),
        },
    )
    types = "shops.graphql.types"
    return [
        text,
        kind("AssignedNumericAttribute", graphene.Float()),
        kind("AssignedFileAttribute", graphene.Field(File)),
        kind(
            "AssignedMultiChoiceAttribute",
            graphene.NonNull(
                graphene.List(graphene.NonNull(AssignedChoiceAttributeValue)),
                limit=PositiveInt(default_value=100),
            ),
        ),
        kind("AssignedSwatchAttribute", graphene.Field(swatch_value)),
        kind("AssignedBooleanAttribute", graphene.Boolean()),
        kind("AssignedDateAttribute", graphene.Date()),
        kind("AssignedDateTimeAttribute", graphene.DateTime()),
        kind("AssignedSinglePageReferenceAttribute", graphene.Field("shops.graphql.pages.Page")),
        kind("AssignedSingleProductReferenceAttribute", graphene.Field(f"{types}.Product")),
        kind(
            "AssignedSingleProductVariantReferenceAttribute",
            graphene.Field(f"{types}.ProductVariant"),
        ),
        kind("AssignedSingleCategoryReferenceAttribute", graphene.Field(f"{types}.Category")),
        kind("AssignedSingleCollectionReferenceAttribute", graphene.Field(f"{types}.Collection")),
        kind("AssignedMultiPageReferenceAttribute", limited("shops.graphql.pages.Page")),
        kind("AssignedMultiProductReferenceAttribute", limited(f"{types}.Product")),
        kind("AssignedMultiProductVariantReferenceAttribute", limited(f"{types}.ProductVariant")),
        kind("AssignedMultiCategoryReferenceAttribute", limited(f"{types}.Category")),
        kind("AssignedMultiCollectionReferenceAttribute", limited(f"{types}.Collection")),
    ]


#: Types the schema must list explicitly (reachable only through the interface).
ASSIGNED_ATTRIBUTE_TYPES = [
    AssignedPlainTextAttribute,
    AssignedSingleChoiceAttribute,
    *_value_types(),
]


class ObjectWithAttributes(graphene.Interface):
    assigned_attribute = graphene.Field(
        AssignedAttribute,
        slug=graphene.String(required=True),
        description="Get a single attribute attached to the object by slug.",
    )
    assigned_attributes = graphene.NonNull(
        graphene.List(graphene.NonNull(AssignedAttribute)),
        limit=PositiveInt(default_value=100),
        description="List of attributes assigned to this object.",
    )
