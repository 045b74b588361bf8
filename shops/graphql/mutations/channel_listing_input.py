"""Channel listings: channels are ``Channel:<slug>``; prices are set only in
``default-channel`` (sale points sell at the same price), in whole đồng."""

from __future__ import annotations

import decimal
from typing import Any

from django.utils.translation import gettext as _

from marketplace.bounded import money_max
from marketplace.graphql.ids import require_key

from ..staff_base import field_error

DEFAULT_CHANNEL = "default-channel"


def channel_slug(value: Any, field: str = "channelId") -> str:
    """The slug of a ``Channel`` global ID (``Channel:<slug>``, as the catalogue serves
    channels)."""
    return require_key(value, "Channel", field)


def default_channel_only(value: Any, index: int | None = None) -> None:
    if channel_slug(value) != DEFAULT_CHANNEL:
        raise field_error(
            "channelId",
            "Chỉ đặt giá cho kênh bán online (default-channel); điểm bán dùng cùng giá. / "
            "Prices are set for the online store (default-channel) only; sale points sell at the "
            "same price.",
            "product_not_assigned_to_channel",
            channels=[value],
            **({"index": index} if index is not None else {}),
        )


def whole_dong(value: decimal.Decimal, field: str) -> int:
    """``value`` as whole đồng, at most ``MONEY_MAX_VND``."""
    if value > money_max():
        raise field_error(
            field, _("Giá quá lớn (tối đa %(max)s đ).") % {"max": money_max()}, "invalid"
        )
    if value != value.to_integral_value():
        raise field_error(
            field,
            "Giá VND phải là số nguyên đồng. / Value cannot have more than 0 decimal places.",
            "invalid",
        )
    return int(value)
