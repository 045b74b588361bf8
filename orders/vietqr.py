"""VietQR (NAPAS) payloads: the EMVCo merchant-presented QR format that Vietnamese banking
apps scan to pre-fill a bank transfer — beneficiary bank BIN and account, amount in VND,
and the order code in the purpose field — closed by a CRC-16/CCITT-FALSE checksum.

Used by checkout (bank transfer) and the POS (QR payment); bank-feed webhooks match the
incoming transfer by the order code."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY = "VN"
MAX_PURPOSE = 25  # many banking apps cut the purpose field beyond this


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as EMVCo QR specifies."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMVCo field {tag} longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def _ascii_purpose(text: str) -> str:
    """Banking apps expect plain ASCII: fold Vietnamese, keep letters, digits and spaces."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.sub(r"[^A-Za-z0-9 ]", "", text).strip()[:MAX_PURPOSE].strip()


@dataclass(frozen=True)
class VietQR:
    bank_bin: str
    account_number: str
    amount: int | None = None  # whole đồng; None for a static QR (payer types the amount)
    purpose: str = ""  # the order code the bank feed will be matched by

    def clean(self) -> None:
        errors = {}
        if not re.fullmatch(r"\d{6}", self.bank_bin or ""):
            errors["bank_bin"] = ValidationError(
                "Mã BIN ngân hàng gồm 6 số. / Bank BIN is 6 digits.", code="invalid"
            )
        if not re.fullmatch(r"[0-9A-Za-z]{1,19}", self.account_number or ""):
            errors["account_number"] = ValidationError(
                "Số tài khoản không hợp lệ. / Invalid account number.", code="invalid"
            )
        if self.amount is not None and (
            not isinstance(self.amount, int) or self.amount <= 0 or self.amount > 9_999_999_999_999
        ):
            errors["amount"] = ValidationError(
                "Số tiền phải là số nguyên đồng dương. / Amount must be "
                "a positive whole number of đồng.",
                code="invalid",
            )
        if errors:
            raise ValidationError(errors)

    def payload(self) -> str:
        """The EMVCo string to encode in the QR image."""
        self.clean()
        beneficiary = _tlv("00", self.bank_bin) + _tlv("01", self.account_number)
        merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_TO_ACCOUNT)
        parts = [
            _tlv("00", "01"),
            _tlv("01", "12" if self.amount else "11"),
            _tlv("38", merchant),
            _tlv("53", CURRENCY_VND),
        ]
        if self.amount:
            parts.append(_tlv("54", str(self.amount)))
        parts.append(_tlv("58", COUNTRY))
        purpose = _ascii_purpose(self.purpose)
        if purpose:
            parts.append(_tlv("62", _tlv("08", purpose)))
        body = "".join(parts) + "6304"
        return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"

    def png(self, box_size: int = 8) -> bytes:
        """The QR image (PNG bytes) drawn with the ``qrcode`` library."""
        import qrcode

        image = qrcode.make(
            self.payload(),
            box_size=box_size,
            border=2,
            error_correction=qrcode.constants.ERROR_CORRECT_M,
        )
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()


def parse_tlv(payload: str) -> dict[str, str]:
    """Top-level EMVCo fields of a payload (tag -> value); raises ValueError if malformed."""
    fields, i = {}, 0
    while i < len(payload):
        tag, length = payload[i : i + 2], payload[i + 2 : i + 4]
        if not (tag.isdigit() and length.isdigit()):
            raise ValueError(f"malformed EMVCo field at {i}")
        end = i + 4 + int(length)
        if end > len(payload):
            raise ValueError(f"field {tag} runs past the end")
        fields[tag] = payload[i + 4 : end]
        i = end
    return fields


def verify_crc(payload: str) -> bool:
    return (
        len(payload) > 8
        and payload[-8:-4] == "6304"
        and (f"{crc16_ccitt_false(payload[:-4].encode('ascii')):04X}" == payload[-4:])
    )
