"""Saleor input types shared by several apps' mutations, defined once (a GraphQL schema
holds one type per name)."""

from __future__ import annotations

import graphene


class MetadataInput(graphene.InputObjectType):
    key = graphene.String(required=True, description="Key of a metadata item.")
    value = graphene.String(required=True, description="Value of a metadata item.")


class SeoInput(graphene.InputObjectType):
    title = graphene.String(description="SEO title.")
    description = graphene.String(description="SEO description.")
