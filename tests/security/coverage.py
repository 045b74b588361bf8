"""What the authorization matrix lacks, and the row to add for each (printed by
test_authz_coverage.py so that adding one is a copy and an edit)."""

from __future__ import annotations

import re
from typing import Any

#: URL parameters → how the world names the own shop's object they point at.
KNOWN_KWARGS = {
    "shop_slug": "w.shop.slug",
    "product_id": "w.product.pk",
    "media_id": "w.media.pk",
    "zone_id": "w.zone.pk",
    "method_id": "w.method.pk",
    "number": "w.shop_order.number",
    "shop_order_number": "w.shop_order.number",
    "batch_id": "w.payout_batch.pk",
    "transaction_id": "w.bank_transaction.pk",
    "address_id": "w.address.pk",
    "document_id": "w.document.pk",
    "variant_id": "w.variant.pk",
    "token": "w.order.token",
    "slug": "w.product.slug",
    "year": "w.today.year",
    "month": "w.today.month",
}
_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def url_row_suggestion(name: str, route: str) -> str:
    """A ``UrlRow`` for URL ``name`` at ``route``, with a profile guessed from its place."""
    names = [a or b for a, b in _PARAMETER.findall(route)]
    kwargs = ", ".join(f'"{n}": {KNOWN_KWARGS.get(n, f"w.<{n}>")}' for n in names)
    profile = "PUBLIC"
    where = "url_rows.py"
    if route.startswith(("dashboard/", "^dashboard/")) or "<slug:shop_slug>" in route:
        profile, where = "SHOP_MEMBERS", "url_rows_shop.py"
    elif "office/" in route:
        profile = "OFFICE_ONLY"
    elif "account/" in route:
        profile = "SIGNED_IN"
    text = f'UrlRow("{name}", {profile}'
    if kwargs:
        text += f", kwargs=lambda w: {{{kwargs}}}"
    return f'{where}: {text}),  # method="POST" if unsafe; check each actor'


def graphql_row_suggestion(key: str, field: Any) -> str:
    """A ``query(...)``/``mutation(...)`` for root field ``key`` (``kind.name``) with its
    required arguments declared."""
    kind, name = key.split(".", 1)
    required = [
        (arg, str(value.type)) for arg, value in field.args.items() if str(value.type).endswith("!")
    ]
    declare = ", ".join(f"${arg}: {type_}" for arg, type_ in required)
    use = ", ".join(f"{arg}: ${arg}" for arg, _ in required)
    variables = ", ".join(f'"{arg}": ...' for arg, _ in required)
    where = "graphql_rows.py" if kind == "query" else "graphql_rows_mutations.py"
    text = f'{where}: {kind}("{name}", SHOP_MEMBERS'
    if required:
        text += f', declare="{declare}", use="{use}", variables=lambda w: {{{variables}}}'
    return text + "),  # check each actor"


def report(kind: str, missing: dict[str, str], stale: list[str]) -> str:
    """The failure message: each missing target with its suggested row, each stale row."""
    lines = []
    if missing:
        lines.append(f"{kind} without a row in the authorization matrix (tests/security/):")
        for target, suggestion in sorted(missing.items()):
            lines += [f"  {target}", f"    add to {suggestion}"]
        lines.append("See CONTRIBUTING.md, The authorization matrix.")
    if stale:
        lines.append(f"Rows of the authorization matrix whose {kind} no longer exists:")
        lines += [f"  {item}" for item in sorted(stale)]
        lines.append("Remove these rows (or fix their names).")
    return "\n".join(lines)
