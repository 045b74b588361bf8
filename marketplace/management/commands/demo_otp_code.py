"""Prints the current two-factor code of the demo's office and admin (DEBUG only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp

from marketplace.demo import DEMO_TOTP_KEY_HEX, DEMO_TOTP_USERS


class Command(BaseCommand):
    help = (
        "Mã xác thực hai lớp hiện tại của tài khoản demo / The demo accounts' current "
        "two-factor code (DEBUG only)."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_AUTHENTICATOR:
            raise CommandError("The demo's authenticator key is for the quickstart only.")
        code = totp(bytes.fromhex(DEMO_TOTP_KEY_HEX))
        self.stdout.write(f"{code:06d}  ({', '.join(DEMO_TOTP_USERS)})")
