"""The committed SDL (``schema.graphql`` at the repo root) is the live schema, printed by
graphql-core's ``print_schema`` (descriptions included) — what ``str(schema)`` and
graphene-django's ``graphql_schema`` command print. The test regenerates nothing; after a
schema change run (repo root, venv active):

    python manage.py graphql_schema --schema marketplace.graphql.schema.schema --out schema.graphql
"""

from __future__ import annotations

import difflib
from pathlib import Path

from graphql import print_schema

SDL_FILE = Path(__file__).resolve().parents[3] / "schema.graphql"
REGENERATE = "python manage.py graphql_schema --schema marketplace.graphql.schema.schema --out schema.graphql"


def canonical_sdl() -> str:
    from marketplace.graphql.schema import schema

    return print_schema(schema.graphql_schema)


def test_committed_sdl_is_the_live_schema() -> None:
    assert SDL_FILE.exists(), (
        f"{SDL_FILE.name} is missing at the repo root; generate it: {REGENERATE}"
    )
    committed = SDL_FILE.read_text(encoding="utf-8")
    live = canonical_sdl()
    # graphene-django writes no final newline; an editor may add one: only that may differ.
    if committed.rstrip("\n") != live.rstrip("\n"):
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                live.splitlines(keepends=True),
                fromfile="schema.graphql (committed)",
                tofile="live schema",
                n=2,
            )
        )
        lines = diff.splitlines()
        shown = "\n".join(lines[:80]) + (
            f"\n… {len(lines) - 80} more diff lines" if len(lines) > 80 else ""
        )
        raise AssertionError(f"schema.graphql is out of date; regenerate it: {REGENERATE}\n{shown}")


def test_canonical_printer_is_the_command_s() -> None:
    """``str(schema)`` and the management command print the same text as ``canonical_sdl``."""
    import io

    from django.core.management import call_command

    from marketplace.graphql.schema import schema

    out = io.StringIO()
    call_command(
        "graphql_schema", schema="marketplace.graphql.schema.schema", out="-.graphql", stdout=out
    )
    assert str(schema) == canonical_sdl()
    assert out.getvalue().rstrip("\n") == canonical_sdl().rstrip("\n")
