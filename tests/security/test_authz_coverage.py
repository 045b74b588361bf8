"""Nothing is left out of the authorization matrix: every URL name of the root URLconf and
every GraphQL root field has a row, and every row still has its target."""

from __future__ import annotations

from .graphql_rows import GRAPHQL_ROWS
from .matrix import graphql_targets, url_targets
from .url_rows import URL_ROWS
from .world import ACTORS


def _report(kind: str, missing: list[str], stale: list[str], how: str) -> str:
    lines = []
    if missing:
        lines.append(f"{kind} without a row in the authorization matrix:")
        lines += [f"  {item}" for item in missing]
        lines.append(how)
    if stale:
        lines.append(f"Rows of the authorization matrix whose {kind} no longer exists:")
        lines += [f"  {item}" for item in stale]
        lines.append("Remove these rows (or fix their names).")
    return "\n".join(lines)


def test_every_url_has_a_row():
    targets = url_targets()
    names = [row.name for row in URL_ROWS]
    assert len(names) == len(set(names)), "a URL name has two rows"
    missing = [f"{name}  (route {targets[name]})" for name in sorted(set(targets) - set(names))]
    stale = sorted(set(names) - set(targets))
    how = (
        "Add to tests/security/url_rows.py (or url_rows_shop.py for the dashboard), e.g.\n"
        '    UrlRow("<name>", SHOP_MEMBERS, kwargs=lambda w: {"shop_slug": w.shop.slug}),\n'
        '  with method="POST" for an unsafe view and the outcome of each of the seven\n'
        "  actors (CONTRIBUTING.md, The authorization matrix)."
    )
    problems = missing + stale
    assert not problems, _report("URLs", missing, stale, how)


def test_every_graphql_field_has_a_row():
    targets = graphql_targets()
    keys = [f"{row.kind}.{row.name}" for row in GRAPHQL_ROWS]
    assert len(keys) == len(set(keys)), "a GraphQL field has two rows"
    missing = sorted(set(targets) - set(keys))
    stale = sorted(set(keys) - set(targets))
    how = (
        "Add to tests/security/graphql_rows.py (or graphql_rows_mutations.py), e.g.\n"
        '    GqlRow("<field>", "mutation", "mutation($id: ID!) { <field>(id: $id) '
        '{ errors { code } } }",\n'
        '           SHOP_MEMBERS, variables=lambda w: {"id": gid("Product", w.product.pk)}),\n'
        "  a minimal document and the outcome of each of the seven actors."
    )
    problems = missing + stale
    assert not problems, _report("GraphQL fields", missing, stale, how)


def test_every_row_names_all_seven_actors():
    for row in [*URL_ROWS, *GRAPHQL_ROWS]:
        assert tuple(row.expected) == ACTORS, row.name
