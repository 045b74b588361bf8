"""Template helpers of the order pages and e-mails: the signed tracking link, event
labels and status badges."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors.fulfilment import EVENT_LABELS
from ..selectors.orders import tracking_path as _tracking_path
from ..selectors.orders import tracking_url as _tracking_url

register = template.Library()


@register.simple_tag
def tracking_url(order: Any) -> str:
    """Absolute link (for e-mails)."""
    return _tracking_url(order)


@register.simple_tag
def tracking_path(order: Any) -> str:
    return _tracking_path(order)


@register.filter
def event_label(kind: str) -> str:
    return str(EVENT_LABELS.get(kind, kind))


@register.filter
def status_class(status: str) -> str:
    """A CSS class per shop-order/order status for the badge colour."""
    if status in ("delivered", "completed", "fulfilled"):
        return "published"
    if status in ("cancelled", "returned", "expired"):
        return "cancelled"
    return "draft"
