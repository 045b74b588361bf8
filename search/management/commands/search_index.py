"""manage.py search_index --rebuild | --check | --sync"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import rebuild as rebuild_module
from search import services


class Command(BaseCommand):
    help = "Tìm kiếm: dựng lại chỉ mục, kiểm tra, đồng bộ / Search index: rebuild, check, sync."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--rebuild",
            action="store_true",
            help="Build a new index, bulk-load it and swap the alias atomically.",
        )
        group.add_argument(
            "--check",
            action="store_true",
            help="Report products missing, stale or extra in the index (exit 1 if any).",
        )
        group.add_argument("--sync", action="store_true", help="Index dirty products now.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        if options["rebuild"]:
            total = rebuild_module.indexable_count()
            with tqdm(
                total=total, unit="doc", disable=options["no_progress"], file=self.stderr
            ) as bar:
                result = rebuild_module.rebuild_all(on_batch=bar.update)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Rebuilt {result.backend} index {result.index}: {result.documents} documents "
                    f"in {result.seconds:.1f}s ({result.documents / max(result.seconds, 1e-9):.0f} docs/s)"
                )
            )
        elif options["sync"]:
            report = services.sync_search_index()
            self.stdout.write(
                f"indexed {report.indexed}, deleted {report.deleted}, failed {report.failed}"
            )
            if report.failed:
                raise CommandError("; ".join(report.errors))
        else:
            report = services.check_index()
            self.stdout.write(f"missing: {len(report.missing)} {report.missing[:20]}")
            self.stdout.write(f"stale:   {len(report.stale)} {report.stale[:20]}")
            self.stdout.write(f"extra:   {len(report.extra)} {report.extra[:20]}")
            if not report.ok:
                raise CommandError("index differs from the database")
            self.stdout.write(self.style.SUCCESS("index is consistent"))
