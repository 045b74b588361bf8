"""The GraphQL root: each app's ``graphql`` package contributes ``Query`` and
``Mutation`` classes, stitched here into one Saleor-compatible schema. The SDL is dumped
to ``schema.graphql`` (``manage.py graphql_schema``); a test keeps it in step."""

from __future__ import annotations

import graphene

from orders.graphql.schema import Mutation as OrdersMutation
from orders.graphql.schema import Query as OrdersQuery
from orders.graphql.staff_schema import StaffMutation as OrdersStaffMutation
from orders.graphql.staff_schema import StaffQuery as OrdersStaffQuery
from shops.graphql.schema import TYPES as SHOPS_TYPES
from shops.graphql.schema import Mutation as ShopsMutation
from shops.graphql.schema import Query as ShopsQuery
from shops.graphql.staff_schema import StaffMutation as ShopsStaffMutation

from .account import Mutation as AccountMutation
from .account import Query as AccountQuery


class Query(ShopsQuery, OrdersQuery, OrdersStaffQuery, AccountQuery, graphene.ObjectType):
    node = graphene.relay.Node.Field()


class Mutation(ShopsMutation, ShopsStaffMutation, OrdersMutation, OrdersStaffMutation, AccountMutation,
               graphene.ObjectType):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation if Mutation._meta.fields else None, types=SHOPS_TYPES)
