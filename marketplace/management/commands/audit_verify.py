"""``manage.py audit_verify``: recomputes the audit log's hash chain and fails (exit 1)
naming every entry that was changed, or that follows a removed entry."""

from django.core.management.base import BaseCommand, CommandError

from marketplace.models import AuditEntry
from marketplace.services_audit import audit_chain_verify


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký kiểm toán / Verify the audit log's hash chain."

    def handle(self, *args, **options):
        breaks = list(audit_chain_verify())
        for chain_break in breaks:
            self.stderr.write(f"entry {chain_break.entry_id}: {chain_break.reason} mismatch")
        if breaks:
            raise CommandError(f"audit log chain broken at {len(breaks)} place(s)")
        self.stdout.write(
            self.style.SUCCESS(f"audit log intact: {AuditEntry.objects.count()} entries")
        )
