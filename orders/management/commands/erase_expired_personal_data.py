"""``manage.py erase_expired_personal_data``: the retention job of
``orders.services.privacy`` run by hand (Celery beat runs it daily)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from orders.services.privacy import BATCH_SIZE, order_personal_data_erase_expired


class Command(BaseCommand):
    help = (
        "Removes personal data from guest and deleted accounts' orders older than "
        "ORDER_PERSONAL_DATA_RETENTION_DAYS (amounts, products and dates stay)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = order_personal_data_erase_expired(batch_size=max(1, options["batch_size"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Personal data erased: {counts['orders']} orders, {counts['carts']} carts."
            )
        )
