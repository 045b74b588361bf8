"""Extension points: how a write in one app reaches an app it must not import.

The shared core never imports the apps, and ``shops`` never imports ``orders`` (the import
contracts in ``pyproject.toml``). Where one of their writes must still reach such an app —
a certificate changes what search shows; a new shop needs the shipping rates of
``orders`` — the write calls a ``Hook`` and the app that must act registers a receiver in
its ``AppConfig.ready``. Receivers are services, run at once, in registration order,
inside the caller's transaction: an exception rolls the whole write back. A hook is
wiring, not a place for logic."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    """A named extension point with the receivers registered for it."""

    def __init__(self, name: str, doc: str) -> None:
        self.name = name
        self.__doc__ = doc
        self._receivers: list[Callable[..., Any]] = []

    def connect(self, receiver: Callable[..., Any]) -> Callable[..., Any]:
        """Registers ``receiver`` (once, however often ``ready`` runs)."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        for receiver in self._receivers:
            receiver(*args, **kwargs)

    def gather(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Every receiver's answer, for hooks that ask instead of tell (receivers are then
        selectors: they only read)."""
        return [receiver(*args, **kwargs) for receiver in self._receivers]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} receiver(s)>"


products_changed = Hook(
    "products_changed",
    "products_changed(products): what search shows of these products changed (a Product "
    "queryset or product ids). Search registers mark_products_dirty.",
)
shop_opened = Hook(
    "shop_opened",
    "shop_opened(shop): a new shop was created on a producer's approval, in the approving "
    "transaction. Orders registers shipping_defaults_create.",
)
variant_order_references = Hook(
    "variant_order_references",
    "variant_order_references(variant_ids) -> dict[int, str]: which of these variants order "
    "lines name, 'open' while their shop order is still to be delivered, else 'closed'. "
    "Orders registers order_variant_references; shops asks before deleting a variant.",
)
personal_data_export = Hook(
    "personal_data_export",
    "personal_data_export(user) -> dict[str, Any] (asks: gather): the sections an app holds "
    "of this person's data for their download (Decree 13/2023/NĐ-CP, art. 14). Orders "
    "registers order_personal_data (address book, orders), shops follow_personal_data.",
)
account_deletion_blockers = Hook(
    "account_deletion_blockers",
    "account_deletion_blockers(user) -> list[str] (asks: gather): why this account cannot "
    "be deleted now, as messages for the person (empty: nothing stops it). Orders answers "
    "for orders in progress, shops for owning a shop.",
)
account_erased = Hook(
    "account_erased",
    "account_erased(user): the person deleted their account; in the erasing transaction, "
    "each app removes what it keeps of them (orders: address book and carts; shops: "
    "follows). Orders themselves stay until the retention job.",
)
shop_role = Hook(
    "shop_role",
    "shop_role(user, shop) -> str | None (asks: gather): the user's role in the shop (a shop "
    "or its id), for the audit log. Shops registers shop_membership_role.",
)
