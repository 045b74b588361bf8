"""Saleor input types shared by several apps' mutations, defined once (a GraphQL schema
holds one type per name)."""

from __future__ import annotations

import graphene

from .common import CountryCode


class MetadataInput(graphene.InputObjectType):
    key = graphene.String(required=True, description="Key of a metadata item.")
    value = graphene.String(required=True, description="Value of a metadata item.")


class SeoInput(graphene.InputObjectType):
    title = graphene.String(description="SEO title.")
    description = graphene.String(description="SEO description.")


class AddressInput(graphene.InputObjectType):
    """Saleor's address input, read the Vietnamese way: the province in ``countryArea``,
    the commune (and optionally the former district after a comma) in ``city``, the former
    district possibly in ``cityArea`` — by official code or name, accents ignored. The
    full name is ``lastName`` (family name) then ``firstName``. Phone: Vietnamese (+84)."""

    first_name = graphene.String(description="Given name.")
    last_name = graphene.String(description="Family name.")
    company_name = graphene.String(description="Company or organization.")
    street_address1 = graphene.String(description="Address.")
    street_address2 = graphene.String(description="Address.")
    city = graphene.String(description="City.")
    city_area = graphene.String(description="District.")
    postal_code = graphene.String(description="Postal code.")
    country = CountryCode(description="Country.")
    country_area = graphene.String(description="State or province.")
    phone = graphene.String(description="Phone number.")
    metadata = graphene.List(
        graphene.NonNull(MetadataInput), description="Address public metadata."
    )
    skip_validation = graphene.Boolean(
        default_value=False,
        description="Determine if the address should be "
        "validated. Ignored: addresses are always "
        "validated.",
    )
