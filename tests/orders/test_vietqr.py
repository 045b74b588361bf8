"""VietQR payloads: EMVCo structure, CRC, validation, and the QR image."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from orders.vietqr import VietQR, crc16_ccitt_false, parse_tlv, verify_crc


def test_crc16_ccitt_false_check_value():
    # The catalogue check value of CRC-16/CCITT-FALSE for "123456789" is 0x29B1.
    assert crc16_ccitt_false(b"123456789") == 0x29B1


def test_dynamic_payload_fields():
    qr = VietQR(
        bank_bin="970436", account_number="0011001932418", amount=150_000, purpose="DH-2026-000123"
    )
    payload = qr.payload()
    fields = parse_tlv(payload)
    assert fields["00"] == "01"
    assert fields["01"] == "12"
    assert fields["53"] == "704"
    assert fields["54"] == "150000"
    assert fields["58"] == "VN"
    merchant = parse_tlv(fields["38"])
    assert merchant == {"00": "A000000727", "01": "000697043601130011001932418", "02": "QRIBFTTA"}
    assert parse_tlv(merchant["01"]) == {"00": "970436", "01": "0011001932418"}
    assert parse_tlv(fields["62"]) == {"08": "DH2026000123"}
    assert verify_crc(payload)
    assert payload == (
        "000201"
        "010212"
        "3857"
        "0010A000000727"
        "0127"
        "0006970436"
        "0113"
        "0011001932418"
        "0208QRIBFTTA"
        "5303704"
        "5406150000"
        "5802VN"
        "6216"
        "0812DH2026000123"
        "6304" + fields["63"]
    )


def test_static_payload_has_no_amount():
    fields = parse_tlv(VietQR(bank_bin="970418", account_number="12345678").payload())
    assert fields["01"] == "11"
    assert "54" not in fields
    assert "62" not in fields


def test_purpose_is_folded_to_ascii_and_capped():
    fields = parse_tlv(
        VietQR(
            bank_bin="970418",
            account_number="1",
            amount=1,
            purpose="Thanh toán đơn hàng Đồng Hới số 123456789",
        ).payload()
    )
    assert parse_tlv(fields["62"])["08"] == "Thanh toan don hang Dong"


def test_tampering_breaks_the_crc():
    payload = VietQR(bank_bin="970436", account_number="0011001932418", amount=150_000).payload()
    assert verify_crc(payload)
    assert not verify_crc(payload.replace("150000", "950000"))


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"bank_bin": "97043", "account_number": "1", "amount": 1}, "bank_bin"),
        ({"bank_bin": "970436", "account_number": "12-34", "amount": 1}, "account_number"),
        ({"bank_bin": "970436", "account_number": "1", "amount": -5}, "amount"),
        ({"bank_bin": "970436", "account_number": "1", "amount": 1.5}, "amount"),
    ],
)
def test_invalid_input_is_rejected_by_field(kwargs, field):
    with pytest.raises(ValidationError) as exc:
        VietQR(**kwargs).payload()
    assert list(exc.value.error_dict) == [field]


def test_png_is_a_qr_image():
    png = VietQR(
        bank_bin="970436", account_number="0011001932418", amount=150_000, purpose="DH1"
    ).png()
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size[0] == image.size[1] >= 200
