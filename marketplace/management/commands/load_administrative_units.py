from pathlib import Path

from django.core.management.base import BaseCommand

from marketplace.services import administrative_units_load, product_groups_load


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính và nhóm sản phẩm OCOP từ tệp dữ liệu / Load administrative units and OCOP product groups."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, default=None)

    def handle(self, *args, **options):
        counts = administrative_units_load(path=options["file"])
        groups = product_groups_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrative units: {counts['total']} ({counts['created']} created, "
                f"{counts['updated']} updated); OCOP product groups: {groups}"
            )
        )
