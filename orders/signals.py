"""Receivers of Django's own signals (no domain signals: see STYLE.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from .selectors import checkout as checkout_selectors
from .selectors.checkout import SESSION_CHECKOUT_KEY
from .services import cart


def checkout_merge_at_login(
    sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any
) -> None:
    """``user_logged_in``: the session's anonymous cart joins the user's open cart
    (``cart.checkout_merge``) and the session keeps the merged cart's token."""
    session = getattr(request, "session", None)
    if session is None:
        return
    checkout = checkout_selectors.checkout_by_token(
        token=session.get(SESSION_CHECKOUT_KEY), user=user
    )
    if checkout is None or checkout.completed_order_id:
        session.pop(SESSION_CHECKOUT_KEY, None)
        return
    try:
        merged = cart.checkout_merge(user=user, checkout=checkout)
    except ValidationError:
        session.pop(SESSION_CHECKOUT_KEY, None)
        return
    session[SESSION_CHECKOUT_KEY] = str(merged.token)
