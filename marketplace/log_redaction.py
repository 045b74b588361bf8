"""Personal data out of the logs (Decree 13/2023/NĐ-CP): a logging filter on every handler
that masks e-mail addresses, Vietnamese phone numbers and the secret parts of URLs
(password-reset, sign-up and guest-order links, one-time tokens in query strings) in a
record's message and arguments, whoever logged it — our code, Django's request log or a
library."""

from __future__ import annotations

import logging
import re
from typing import Any

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w.])(?:\+?84|0)(?:[\s.-]?\d){8,10}(?!\w)")
# /accounts/reset/<uidb64>/<token>/ is Django's password-reset link on this site
SECRET_PATH = re.compile(
    r"(/(?:confirm|orders|track|reset)/)([^/\s?#]{2,})(/[^/\s?#]{6,})?", re.IGNORECASE
)
# one-time tokens in query strings (accountDelete / confirmAccount links of API clients)
SECRET_QUERY = re.compile(r"([?&](?:token|key|signature)=)[^&\s#]+", re.IGNORECASE)


def redact(text: str) -> str:
    text = EMAIL.sub("[email]", text)
    text = PHONE.sub("[phone]", text)
    text = SECRET_QUERY.sub(r"\1[secret]", text)
    return SECRET_PATH.sub(
        lambda m: m.group(1) + "[secret]" + ("/[secret]" if m.group(3) else ""), text
    )


def _clean(value: Any) -> Any:
    return redact(value) if isinstance(value, str) else value


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _clean(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_clean(value) for value in record.args)
        return True
