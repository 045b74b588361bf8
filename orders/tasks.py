"""Periodic tasks of orders (scheduled in ``CELERY_BEAT_SCHEDULE``)."""

from __future__ import annotations

from celery import shared_task

from .services import fulfilment, holds, payments, privacy


@shared_task(ignore_result=True)
def expire_unpaid_orders() -> dict[str, int]:
    """Card and bank-transfer orders unpaid past their deadline are closed, bank-transfer
    orders past their short stock hold let their stock go, and pay-first card payments
    of checkouts that never completed are voided or refunded."""
    return {
        "expired": payments.expire_unpaid_orders(),
        "holds_released": holds.stock_holds_release_lapsed(),
        "released": payments.release_abandoned_checkout_payments(),
    }


@shared_task(ignore_result=True)
def complete_delivered_orders() -> int:
    """Delivered shop orders past the return window become completed."""
    return fulfilment.complete_delivered_orders()


@shared_task(ignore_result=True)
def erase_expired_order_personal_data() -> dict[str, int]:
    """Guest and deleted accounts' orders past the retention period lose their personal
    data (``ORDER_PERSONAL_DATA_RETENTION_DAYS``; ``orders.services.privacy``)."""
    return privacy.order_personal_data_erase_expired()
