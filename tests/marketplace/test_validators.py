"""Vietnamese identifiers: tax codes (MST) with their check digit, EAN-13 barcodes and
phone numbers normalised to +84."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from marketplace.validators import (
    ean13_check_digit,
    is_valid_ean13,
    is_valid_mst,
    is_valid_personal_id,
    mst_check_digit,
    normalize_phone,
    validate_ean13,
    validate_mst,
    validate_phone,
)

MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def test_mst_check_digit_follows_the_weighted_sum_algorithm():
    # 0100109106 (Viettel, one of the first tax codes): weighted sum of 010010910 is
    # 0*31 + 1*29 + 0*23 + 0*19 + 1*17 + 0*13 + 9*7 + 1*5 + 0*3 = 114; 114 mod 11 = 4.
    assert sum(int(d) * w for d, w in zip("010010910", MST_WEIGHTS, strict=True)) == 114
    assert mst_check_digit("010010910") == 6


@pytest.mark.parametrize(
    "tax_code",
    [
        "0100109106",  # Viettel
        "0300588569",  # Vinamilk
        "0101248141",  # FPT
        "0101245486",  # Vingroup
        "0100109106-001",  # branch 001 of a valid tax code
        "0100109106-999",
    ],
)
def test_valid_tax_codes(tax_code):
    assert is_valid_mst(tax_code) is True
    validate_mst(tax_code)


@pytest.mark.parametrize(
    "tax_code",
    [
        "0100109107",  # wrong check digit
        "0100109105",
        "0100109108-001",  # branch of an invalid tax code
        "0100109106-1",  # branch number must be 3 digits
        "0100109106001",  # branch without the hyphen
        "0100109106-0001",
        "010010910",  # 9 digits
        "01001091066",  # 11 digits
        " 0100109106",
        "010010910A",
        "",
    ],
)
def test_invalid_tax_codes(tax_code):
    assert is_valid_mst(tax_code) is False
    with pytest.raises(ValidationError) as exc:
        validate_mst(tax_code)
    assert exc.value.code == "invalid_tax_code"


def test_a_body_whose_remainder_is_zero_has_no_valid_check_digit():
    # 100000008: weighted sum 1*31 + 8*3 = 55, 55 mod 11 = 0 -> 10, which is never issued.
    assert mst_check_digit("100000008") == 10
    assert [d for d in range(10) if is_valid_mst(f"100000008{d}")] == []
    assert is_valid_mst("1000000081") is False


def test_remainder_ten_gives_check_digit_zero():
    # 100000004: 1*31 + 4*3 = 43, 43 mod 11 = 10 -> 10 - 10 = 0.
    # 100000005: 31 + 5*3 = 46, 46 mod 11 = 2 -> 8.
    assert mst_check_digit("100000004") == 0
    assert mst_check_digit("100000005") == 8
    assert is_valid_mst("1000000040") is True
    assert is_valid_mst("1000000058") is True


@pytest.mark.parametrize(
    ("code", "check"),
    [
        ("4006381333931", 1),  # a real EAN-13 (GS1 example)
        ("5901234123457", 7),
        ("8934588012112", 2),  # 893 = Vietnam's GS1 prefix
        ("8935049500506", 6),
    ],
)
def test_valid_ean13(code, check):
    assert ean13_check_digit(code[:12]) == check
    assert is_valid_ean13(code) is True
    validate_ean13(code)


@pytest.mark.parametrize(
    "code",
    [
        "4006381333932",  # wrong check digit
        "8934588012111",
        "893458801211",  # 12 digits
        "89345880121120",  # 14 digits
        "893458801211X",
        "",
    ],
)
def test_invalid_ean13(code):
    assert is_valid_ean13(code) is False
    with pytest.raises(ValidationError) as exc:
        validate_ean13(code)
    assert exc.value.code == "invalid_barcode"


def test_ean13_check_digit_zero_case():
    # 893000000001: 8 + 3*9 + 3 + 1*3 = 41 -> 10 - 1 = 9; 893000000003 -> 8+27+3+9 = 47 -> 3.
    assert ean13_check_digit("893000000001") == 9
    assert ean13_check_digit("893000000003") == 3
    assert ean13_check_digit("893000000007") == 1
    # 8+27+3 = 38; a last digit of 4 adds 12 -> 50 -> check 0.
    assert ean13_check_digit("893000000004") == 0


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("091.234.5678", "+84912345678"),
        ("(091) 234-5678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("+84912345678", "+84912345678"),
        ("0381234567", "+84381234567"),
        ("0701234567", "+84701234567"),
        ("0812345678", "+84812345678"),
        ("0581234567", "+84581234567"),
    ],
)
def test_valid_phone_numbers_normalise_to_plus_84(raw, normalised):
    assert normalize_phone(raw) == normalised
    validate_phone(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "091234567",  # 9 digits
        "09123456789",  # 11 digits
        "+8491234567",
        "0212345678",  # not a mobile prefix
        "0612345678",
        "12345",
        "",
    ],
)
def test_invalid_phone_numbers(raw):
    with pytest.raises(ValidationError) as exc:
        validate_phone(raw)
    assert exc.value.code == "invalid_phone"


@pytest.mark.parametrize(
    "number",
    [
        "044095001234",  # Quảng Bình (044), born 1995, male, 20th century
        "045300004321",  # Quảng Trị (045), born 2000, female, 21st century
        "001185000001",  # Hà Nội
    ],
)
def test_a_household_business_uses_its_12_digit_personal_id_as_tax_code(number):
    assert is_valid_personal_id(number) is True
    validate_mst(number)


@pytest.mark.parametrize(
    "number",
    [
        "003095001234",  # 003 is no province's code
        "099095001234",
        "04409500123",  # 11 digits
        "0440950012345",  # 13 digits
        "04409500123A",
        "044-095001234",
    ],
)
def test_a_malformed_personal_id_is_no_tax_code(number):
    assert is_valid_personal_id(number) is False
    with pytest.raises(ValidationError) as exc:
        validate_mst(number)
    assert exc.value.code == "invalid_tax_code"
    assert "12 số định danh cá nhân" in exc.value.messages[0]
