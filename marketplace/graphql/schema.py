"""GraphQL root that stitches each app's schema (the Saleor-compatible API issue fills it)."""

import graphene


class Query(graphene.ObjectType):
    api_version = graphene.String(description="API version.")

    @staticmethod
    def resolve_api_version(root, info) -> str:
        return "0.1"


schema = graphene.Schema(query=Query)
