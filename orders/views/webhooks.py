"""Bank-feed webhook (SePay's format and authentication): every transfer the bank
reports on the platform's account is posted here; incoming ones are recorded once and
matched to orders by ``bank.bank_transaction_apply``.

Authentication is SePay's ``Authorization: Apikey <BANK_WEBHOOK_API_KEY>``, compared in
constant time; without the key configured every call is refused. Answers are JSON:
401 (bad or missing key, nothing stored), 413 (body over ``WEBHOOK_MAX_BODY_BYTES``),
400 with a ``code`` (unreadable, too deep or out-of-range body, missing fields, an
amount beyond ``MONEY_MAX_VND``; nothing stored), 200 ``{"success": true}`` otherwise —
also for a redelivered transfer and an outgoing one (ignored) — because SePay retries
any non-2xx."""

from __future__ import annotations

import datetime
import hmac
import logging
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from marketplace.bounded import BIGINT_MAX, InputRejected, load_json, money_max, query_int

from ..services import bank

log = logging.getLogger(__name__)
PROVIDER = "sepay"
BANK_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")  # bank feeds report Vietnamese local time


#: Years a bank may report a transfer in (anything else is a bad payload).
TRANSACTION_YEARS = range(2000, 2200)


class BadPayload(ValueError):
    pass


def _fail(error: str, status: int, code: str = "invalid", **extra: Any) -> JsonResponse:
    return JsonResponse({"success": False, "error": error, "code": code, **extra}, status=status)


def _authorized(request: HttpRequest) -> bool:
    expected = settings.BANK_WEBHOOK_API_KEY or ""
    if not expected:
        log.error("bank webhook called but BANK_WEBHOOK_API_KEY is not configured")
        return False
    scheme, _, key = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "apikey":
        return False
    return hmac.compare_digest(key.strip().encode("utf-8"), expected.encode("utf-8"))


def _text(body: dict[str, Any], name: str) -> str:
    value = body.get(name)
    if value is None:
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise BadPayload(f"'{name}' must be a string")
    return str(value)


def _amount(body: dict[str, Any]) -> int:
    value = body.get("transferAmount")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        value = query_int(value, minimum=-BIGINT_MAX, maximum=BIGINT_MAX)
    if isinstance(value, bool) or not isinstance(value, int):
        raise BadPayload("'transferAmount' must be a whole number of đồng")
    if value > money_max():
        raise BadPayload(f"'transferAmount' must be at most {money_max()} đồng")
    return value


def _transaction_at(body: dict[str, Any]) -> datetime.datetime | None:
    value = body.get("transactionDate")
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise BadPayload("'transactionDate' must be 'YYYY-MM-DD HH:MM:SS'")
    try:
        parsed = datetime.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise BadPayload("'transactionDate' must be 'YYYY-MM-DD HH:MM:SS'") from exc
    if parsed.year not in TRANSACTION_YEARS:
        raise BadPayload("'transactionDate' is out of range")
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BANK_TIME_ZONE)


@csrf_exempt
@require_POST
def bank_webhook(request: HttpRequest) -> JsonResponse:
    if not _authorized(request):
        return _fail("unauthorized: send 'Authorization: Apikey <key>'", 401, "unauthorized")
    try:
        body = load_json(request.body)
    except InputRejected as exc:
        return _fail(str(exc), exc.status, exc.code)
    if not isinstance(body, dict):
        return _fail("the body must be a JSON object", 400)
    missing = [
        name for name in ("id", "transferType", "transferAmount") if body.get(name) in (None, "")
    ]
    if missing:
        return _fail(f"missing fields: {', '.join(missing)}", 400, "required")
    direction = str(body.get("transferType")).strip().lower()
    if direction == "out":
        return JsonResponse({"success": True, "ignored": "outgoing transfer"})
    if direction != "in":
        return _fail("'transferType' must be 'in' or 'out'", 400)
    try:
        transaction_id = _text(body, "id")
        content = _text(body, "content") or _text(body, "description")
        account_number = _text(body, "accountNumber")
        amount = _amount(body)
        transaction_at = _transaction_at(body)
    except BadPayload as exc:
        return _fail(str(exc), 400)
    try:
        bank.bank_transaction_apply(
            provider=PROVIDER,
            transaction_id=transaction_id,
            amount=amount,
            content=content,
            account_number=account_number,
            transaction_at=transaction_at,
            payload=body,
        )
    except ValidationError as exc:
        return _fail("invalid transfer", 400, fields=exc.message_dict)
    return JsonResponse({"success": True})
