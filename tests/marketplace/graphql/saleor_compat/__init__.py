"""Compatibility of our GraphQL schema with Saleor's (the API contract).

Two tools, used by ``test_saleor_compat.py`` beside this package's modules and
``tools/storefront_codegen.sh``:

* ``compare(ours, saleor)``: every type both schemas have (object, input, enum, interface,
  union, scalar) is checked member by member. A field we have that Saleor has must take
  Saleor's arguments with compatible types and return a compatible type; the result is a
  ``Report`` of counts, mismatches (each with a stable key, usable in an exceptions list)
  and notes (what Saleor has that we lack: fine, but a client may ask for it).
* ``needs_markdown(ours, saleor, projects, source)`` (``collect_needs`` and ``gaps``): what a
  set of GraphQL documents (a Saleor storefront's ``.graphql`` files) uses of Saleor's
  schema that ours lacks, by type.

Modules: ``schemas`` (loading both schemas), ``compare`` (the rules and the comparison),
``needs`` (what client documents need), ``__main__`` (the command line: ``python -m
tests.marketplace.graphql.saleor_compat --help`` from the repo root).
"""

from tests.marketplace.graphql.saleor_compat.compare import (
    Mismatch,
    Report,
    compare,
    error_code_problems,
    input_compatible,
    output_compatible,
    output_types,
)
from tests.marketplace.graphql.saleor_compat.needs import (
    Needs,
    TypeGap,
    collect_needs,
    gaps,
    needs_markdown,
    storefront_documents,
    validation_errors,
)
from tests.marketplace.graphql.saleor_compat.schemas import (
    ARTIFACTS,
    KINDS,
    REPO_ROOT,
    SALEOR_SDL,
    kind_of,
    our_schema,
    saleor_schema,
    schema_from_url,
    user_types,
)

__all__ = [
    "ARTIFACTS",
    "KINDS",
    "Mismatch",
    "Needs",
    "REPO_ROOT",
    "Report",
    "SALEOR_SDL",
    "TypeGap",
    "collect_needs",
    "compare",
    "error_code_problems",
    "gaps",
    "input_compatible",
    "kind_of",
    "needs_markdown",
    "our_schema",
    "output_compatible",
    "output_types",
    "saleor_schema",
    "schema_from_url",
    "storefront_documents",
    "user_types",
    "validation_errors",
]
