"""Nothing is left out of the authorization matrix: every URL name of the root URLconf and
every GraphQL root field has a row, and every row still has its target."""

from __future__ import annotations

from marketplace.graphql.schema import schema

from .coverage import graphql_row_suggestion, report, url_row_suggestion
from .graphql_rows import GRAPHQL_ROWS
from .matrix import graphql_targets, url_targets
from .url_rows import URL_ROWS
from .world import ACTORS


def _root_field(key: str):
    kind, name = key.split(".", 1)
    root = (
        schema.graphql_schema.query_type if kind == "query" else schema.graphql_schema.mutation_type
    )
    return root.fields[name]


def url_coverage(targets: dict[str, str], names: list[str]) -> str:
    missing = {
        f"{name}  (route {targets[name]})": url_row_suggestion(name, targets[name])
        for name in set(targets) - set(names)
    }
    return report("URLs", missing, list(set(names) - set(targets)))


def test_every_url_has_a_row():
    names = [row.name for row in URL_ROWS]
    assert len(names) == len(set(names)), "a URL name has two rows"
    problems = url_coverage(url_targets(), names)
    assert not problems, problems


def test_every_graphql_field_has_a_row():
    targets = graphql_targets()
    keys = [f"{row.kind}.{row.name}" for row in GRAPHQL_ROWS]
    assert len(keys) == len(set(keys)), "a GraphQL field has two rows"
    missing = {
        key: graphql_row_suggestion(key, _root_field(key)) for key in set(targets) - set(keys)
    }
    problems = report("GraphQL fields", missing, list(set(keys) - set(targets)))
    assert not problems, problems


def test_a_missing_url_is_reported_with_the_row_to_add():
    targets = {"shops:thing_edit": "dashboard/<slug:shop_slug>/things/<int:thing_id>/"}
    message = url_coverage(targets, ["shops:gone"])
    assert "shops:thing_edit  (route dashboard/<slug:shop_slug>/things/<int:thing_id>/)" in message
    assert (
        'add to url_rows_shop.py: UrlRow("shops:thing_edit", SHOP_MEMBERS, kwargs=lambda w: '
        '{"shop_slug": w.shop.slug, "thing_id": w.<thing_id>})' in message
    )
    assert "no longer exists:\n  shops:gone" in message


def test_a_missing_mutation_is_reported_with_the_row_to_add():
    suggestion = graphql_row_suggestion(
        "mutation.productDelete", _root_field("mutation.productDelete")
    )
    assert suggestion.startswith(
        'graphql_rows_mutations.py: mutation("productDelete", SHOP_MEMBERS'
    )
    suggestion = graphql_row_suggestion(
        "mutation.accountAddressDelete", _root_field("mutation.accountAddressDelete")
    )
    assert 'declare="$id: ID!", use="id: $id", variables=lambda w: {"id": ...}' in suggestion


def test_every_row_names_all_seven_actors():
    for row in [*URL_ROWS, *GRAPHQL_ROWS]:
        assert tuple(row.expected) == ACTORS, row.name
