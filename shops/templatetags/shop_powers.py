"""``{% shop_powers shop as powers %}``: the powers the signed-in user holds in ``shop``,
to hide the dashboard's links and buttons they cannot use (the services check again)."""

from __future__ import annotations

from typing import Any

from django import template

from ..permissions import member_powers

register = template.Library()


@register.simple_tag(takes_context=True)
def shop_powers(context: dict[str, Any], shop: Any) -> frozenset[str]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or shop is None:
        return frozenset()
    return member_powers(actor=user, shop=shop)
