from django.core.management.base import BaseCommand

from marketplace.demo import demo_summary, seed_demo


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu Quảng Bình (idempotent) / Load the Quảng Bình demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-images", action="store_true", help="Skip drawing product images.")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args, **options):
        report = seed_demo(
            stdout=None if options["quiet"] else self.stdout, with_images=not options["no_images"]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded: {report.producers} new producers, {report.products} products, "
                f"{report.certificates} certificates, {report.consignments} consignments, {report.orders} orders"
            )
        )
        self.stdout.write(demo_summary())
