"""Accounts in the GraphQL API: tokens, registration, password reset, ``me``."""

import graphene


class Query(graphene.ObjectType):
    pass


class Mutation(graphene.ObjectType):
    pass
