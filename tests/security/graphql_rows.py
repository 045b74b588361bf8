"""The GraphQL rows of the authorization matrix: one per root query field and mutation of
the live schema (``marketplace.graphql.schema.schema``).

Adding a field: add ``query(...)`` or ``mutation(...)`` below (CONTRIBUTING.md, "The
authorization matrix"): the field's name, the arguments' declarations and uses, the
selection (queries), the seven actors' outcomes and the variables from the world
(tests/security/world.py). Outcomes: OK (data, or a mutation's payload without NOT_FOUND:
validation errors count as having passed the permission check), DENY (``PermissionDenied``,
a ``NOT_FOUND`` payload error or null), EMPTY (an empty list)."""

from __future__ import annotations

from tests.support.graphql import gid

from .graphql_build import CUSTOMER_ONLY, PUBLIC, SHOP_MEMBERS, SIGNED_IN, id_of, query
from .graphql_rows_mutations import MUTATION_ROWS
from .matrix import DENY, EMPTY, OK, GqlRow, expect

#: An account's order: its buyer, the shops it concerns and the OCOP office.
ORDER_VIEWERS = expect(DENY, customer=OK, staff=OK, owner=OK, office=OK)

QUERY_ROWS = [
    query("me", SIGNED_IN),
    query(
        "user",
        expect(DENY, office=OK),
        declare="$id: ID",
        use="id: $id",
        variables=lambda w: {"id": gid("User", w.users["customer"].pk)},
        note="Saleor's staff query: the OCOP office",
    ),
    query(
        "shopOrders",
        SHOP_MEMBERS,
        "edges { node { id } }",
        declare="$shop: ID",
        use="shop: $shop, first: 5",
        variables=lambda w: {"shop": gid("Shop", w.shop.pk)},
    ),
    query(
        "checkout",
        CUSTOMER_ONLY,
        declare="$id: ID",
        use="id: $id",
        variables=lambda w: {"id": gid("Checkout", str(w.checkout.token))},
    ),
    query(
        "order",
        ORDER_VIEWERS,
        declare="$id: ID",
        use="id: $id",
        variables=lambda w: {"id": gid("Order", str(w.order.token))},
        note="its buyer, the shops it concerns and the office",
    ),
    query(
        "orderByToken",
        ORDER_VIEWERS,
        declare="$token: UUID!",
        use="token: $token",
        variables=lambda w: {"token": str(w.order.token)},
        note="an account's order: as order(id); a guest order: whoever holds the token",
    ),
    query("addressValidationRules", PUBLIC, "countryCode", use="countryCode: VN"),
    query(
        "product",
        PUBLIC,
        declare="$slug: String",
        use="slug: $slug",
        variables=lambda w: {"slug": w.product.slug},
    ),
    query("products", PUBLIC, "edges { node { id } }", use="first: 5"),
    query(
        "productVariant",
        PUBLIC,
        declare="$id: ID",
        use="id: $id",
        variables=id_of("ProductVariant", "variant"),
    ),
    query("productVariants", PUBLIC, "edges { node { id } }", use="first: 5"),
    query(
        "productType",
        PUBLIC,
        declare="$id: ID!",
        use="id: $id",
        variables=lambda w: {"id": gid("ProductType", w.product.product_group_id)},
    ),
    query("categories", PUBLIC, "edges { node { id } }", use="first: 5"),
    query(
        "category",
        PUBLIC,
        declare="$slug: String",
        use="slug: $slug",
        variables=lambda w: {"slug": w.category.slug},
    ),
    query("collections", PUBLIC, "edges { node { id } }", use="first: 5"),
    query(
        "collection",
        PUBLIC,
        declare="$slug: String",
        use="slug: $slug",
        variables=lambda w: {"slug": w.collection.slug},
    ),
    query(
        "menu",
        PUBLIC,
        declare="$slug: String",
        use="slug: $slug",
        variables=lambda w: {"slug": w.menu.slug},
    ),
    query("menus", PUBLIC, "edges { node { id } }", use="first: 5"),
    query("page", expect(DENY), use='slug: "about"', note="no pages here: always null"),
    query("pages", expect(EMPTY), "edges { node { id } }", use="first: 5", note="no pages here"),
    query("channel", PUBLIC, use='slug: "default-channel"'),
    query("channels", PUBLIC),
    query("attribute", PUBLIC, use='slug: "net-quantity"', note="attributes are defined in code"),
    query(
        "shop",
        PUBLIC,
        "name",
        declare="$slug: String",
        use="slug: $slug",
        variables=lambda w: {"slug": w.shop.slug},
    ),
    query("shops", PUBLIC, "edges { node { id } }", use="first: 5"),
    query("districts", PUBLIC, "code"),
    query("productGroups", PUBLIC, "code"),
    query(
        "node",
        PUBLIC,
        "id",
        declare="$id: ID!",
        use="id: $id",
        variables=id_of("Product", "product"),
        note="a published product; the node of a private object answers like its own query",
    ),
]

GRAPHQL_ROWS: list[GqlRow] = [*QUERY_ROWS, *MUTATION_ROWS]
