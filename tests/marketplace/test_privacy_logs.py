"""Personal data out of the logs (Decree 13/2023/NĐ-CP): the site's real secret links
are masked — the password-reset link as this site routes it (``/accounts/reset/<uid>/
<token>/``, which the first version of the filter missed) and one-time tokens in query
strings (the account-deletion and confirmation links of API clients)."""

from __future__ import annotations

import logging

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from marketplace.log_redaction import RedactPersonalData, redact
from tests.factories.marketplace import UserFactory


def test_the_real_password_reset_link_is_masked(db):
    user = UserFactory(username="lan")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (path,), None
    )
    RedactPersonalData().filter(record)
    message = record.getMessage()
    assert token not in message
    assert uid not in message
    assert message == "Not Found: /accounts/reset/[secret]/[secret]/"


def test_tokens_in_query_strings_are_masked():
    assert (
        redact("GET /account/delete?token=cb3kz-0123456789abcdef&lang=vi")
        == "GET /account/delete?token=[secret]&lang=vi"
    )
    assert redact("confirm?email=a%40b.vn&token=abc123") == "confirm?email=a%40b.vn&token=[secret]"
