"""The command line: ``python -m tests.marketplace.graphql.saleor_compat compare`` or
``… needs <storefront checkout>`` (from the repo root; ``--help`` for the options)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from graphql import (
    GraphQLSchema,
)

from tests.marketplace.graphql import saleor_compat
from tests.marketplace.graphql.saleor_compat.compare import (
    compare,
)
from tests.marketplace.graphql.saleor_compat.needs import (
    needs_markdown,
    storefront_documents,
)
from tests.marketplace.graphql.saleor_compat.schemas import (
    REPO_ROOT,
    our_schema,
    saleor_schema,
    schema_from_url,
)

# ---------------------------------------------------------------------------------------
# Command line


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")
    sys.path.insert(0, str(REPO_ROOT))
    import django

    django.setup()


def _load_ours(api: str | None) -> tuple[GraphQLSchema, str]:
    if api:
        return schema_from_url(api), api
    _setup_django()
    return our_schema(), "marketplace.graphql.schema.schema"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.marketplace.graphql.saleor_compat",
        description=(saleor_compat.__doc__ or "").split("\n\n")[0],
    )
    sub = parser.add_subparsers(dest="command", required=True)
    cmp_parser = sub.add_parser(
        "compare", help="compare our schema with Saleor's; print counts and mismatches"
    )
    needs_parser = sub.add_parser(
        "needs", help="what a Saleor storefront checkout's documents need that we lack"
    )
    needs_parser.add_argument("storefront", type=Path, help="path of a saleor/storefront checkout")
    needs_parser.add_argument(
        "--out", type=Path, help="write the Markdown list there (default: stdout)"
    )
    for p in (cmp_parser, needs_parser):
        p.add_argument(
            "--api", help="introspect this running /graphql/ URL instead of importing the schema"
        )
    args = parser.parse_args(argv)
    ours, source = _load_ours(args.api)
    saleor = saleor_schema()
    if args.command == "compare":
        report = compare(ours, saleor)
        print(report.summary())
        for m in report.mismatches:
            print(f"MISMATCH {m.key}: {m.message}")
        for name in report.extra_scalars:
            print(f"EXTRA SCALAR {name}")
        return 1 if report.mismatches or report.extra_scalars else 0
    text = needs_markdown(ours, saleor, storefront_documents(args.storefront), source)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out}")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
