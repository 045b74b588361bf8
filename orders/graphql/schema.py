"""The orders app's part of the GraphQL schema (stitched in marketplace/graphql/schema.py)."""

import graphene


class Query(graphene.ObjectType):
    pass


class Mutation(graphene.ObjectType):
    pass
