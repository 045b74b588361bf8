"""The GraphQL root: each app's ``graphql`` package contributes ``Query`` and
``Mutation`` classes, stitched here into one Saleor-compatible schema. The SDL is dumped
to ``schema.graphql`` (``manage.py graphql_schema``); a test keeps it in step."""

from __future__ import annotations

import graphene
from graphql import (
    DEFAULT_DEPRECATION_REASON,
    DirectiveLocation,
    GraphQLArgument,
    GraphQLDirective,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLString,
    specified_directives,
)

from orders.graphql.schema import Mutation as OrdersMutation
from orders.graphql.schema import Query as OrdersQuery
from orders.graphql.staff_schema import StaffMutation as OrdersStaffMutation
from orders.graphql.staff_schema import StaffQuery as OrdersStaffQuery
from shops.graphql.pages import Query as PagesQuery
from shops.graphql.schema import TYPES as SHOPS_TYPES
from shops.graphql.schema import CatalogueQuery
from shops.graphql.schema import Mutation as ShopsMutation
from shops.graphql.schema import Query as ShopsQuery
from shops.graphql.staff_schema import StaffMutation as ShopsStaffMutation
from storefront.graphql.schema import Query as StorefrontQuery

from .account import Mutation as AccountMutation
from .account import Query as AccountQuery
from .node import SafeNodeField


class Query(
    ShopsQuery,
    PagesQuery,
    StorefrontQuery,
    CatalogueQuery,
    OrdersQuery,
    OrdersStaffQuery,
    AccountQuery,
    graphene.ObjectType,
):
    # Each app's root fields. graphene lists a class's fields from its last base to its
    # first, so this order is the order of the published SDL (schema.graphql). (A
    # docstring here would become the type's description in the SDL.)
    node = SafeNodeField()


class Mutation(
    ShopsMutation,
    ShopsStaffMutation,
    OrdersMutation,
    OrdersStaffMutation,
    AccountMutation,
    graphene.ObjectType,
):
    pass


def _undeprecate_inputs(graphql_schema: GraphQLSchema) -> None:
    """Deprecated arguments and input fields stay usable and documented, but are not
    flagged: codegen tools introspect without ``includeDeprecated`` on input values, so a
    flagged one (Saleor's ``checkoutId``, ``variantId``…) would vanish from the client's
    view of the schema and its documents would fail to validate."""
    for named in graphql_schema.type_map.values():
        inputs: list = []
        if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
            inputs = [arg for field in named.fields.values() for arg in field.args.values()]
        elif isinstance(named, GraphQLInputObjectType):
            inputs = list(named.fields.values())
        for value in inputs:
            if value.deprecation_reason:
                note = f"DEPRECATED: {value.deprecation_reason}"
                value.description = f"{value.description}\n\n{note}" if value.description else note
                value.deprecation_reason = None


# graphql-core 3.2.14 lets @deprecated sit on directive definitions; the graphql-js that
# storefront codegen runs does not know that location and fails to read our introspection.
# Saleor's schema has the classic one.
DEPRECATED = GraphQLDirective(
    name="deprecated",
    description="Marks an element of a GraphQL schema as no longer supported.",
    locations=[
        DirectiveLocation.FIELD_DEFINITION,
        DirectiveLocation.ARGUMENT_DEFINITION,
        DirectiveLocation.INPUT_FIELD_DEFINITION,
        DirectiveLocation.ENUM_VALUE,
    ],
    args={
        "reason": GraphQLArgument(
            GraphQLString,
            default_value=DEFAULT_DEPRECATION_REASON,
            description="Explains why this element was deprecated.",
        )
    },
)
DIRECTIVES = [DEPRECATED if d.name == "deprecated" else d for d in specified_directives]

schema = graphene.Schema(
    query=Query,
    mutation=Mutation if Mutation._meta.fields else None,
    types=SHOPS_TYPES,
    directives=DIRECTIVES,
)
_undeprecate_inputs(schema.graphql_schema)
