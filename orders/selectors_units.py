"""Finding Vietnamese administrative units from what people type: the official code, the
id, or the name with or without its unit word ("Tỉnh", "Thành phố", "Xã", "Phường",
"Huyện"…), accents and case ignored. Used to read Saleor-style address inputs (province
in ``countryArea``, commune and former district in ``city``/``cityArea``)."""

from __future__ import annotations

import re
import unicodedata

from marketplace.models import AdministrativeUnit

CURRENT = AdministrativeUnit.Generation.CURRENT
FORMER = AdministrativeUnit.Generation.FORMER
Level = AdministrativeUnit.Level

UNIT_WORDS = (
    "thanh pho",
    "thi tran",
    "thi xa",
    "dac khu",
    "tinh",
    "tp.",
    "tp",
    "xa",
    "phuong",
    "huyen",
    "quan",
)


def fold(text: str) -> str:
    """Lower case, no accents, "đ" → "d", single spaces: "Thành phố Đồng Hới" → "thanh pho dong hoi"."""
    text = unicodedata.normalize("NFC", str(text or "")).strip().lower().replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text)


def bare(text: str) -> str:
    """``fold`` without a leading unit word: "Tỉnh Quảng Trị" → "quang tri"."""
    folded = fold(text)
    for word in UNIT_WORDS:
        if folded.startswith(word + " "):
            return folded[len(word) + 1 :].strip()
    return folded


def _match(units: list[AdministrativeUnit], text: str) -> AdministrativeUnit | None:
    """By code or id first, then by full name, then by bare name (one match only)."""
    text = str(text or "").strip()
    if not text:
        return None
    for key in (lambda u: u.code, lambda u: str(u.pk)):
        found = [u for u in units if key(u) == text]
        if found:
            return found[0]
    folded, name = fold(text), bare(text)
    exact = [u for u in units if fold(u.full_name) == folded]
    if len(exact) == 1:
        return exact[0]
    loose = [u for u in units if bare(u.name) == name or bare(u.full_name) == name]
    return loose[0] if len(loose) == 1 else None


def province_find(text: str) -> AdministrativeUnit | None:
    """A current province (34 since 1 July 2025)."""
    return _match(
        list(AdministrativeUnit.objects.filter(generation=CURRENT, level=Level.PROVINCE)), text
    )


def communes_of(province: AdministrativeUnit) -> list[AdministrativeUnit]:
    return list(
        AdministrativeUnit.objects.filter(generation=CURRENT, level=Level.COMMUNE, parent=province)
    )


def former_districts() -> list[AdministrativeUnit]:
    return list(AdministrativeUnit.objects.filter(generation=FORMER, level=Level.DISTRICT))


def unit_find(units: list[AdministrativeUnit], text: str) -> AdministrativeUnit | None:
    return _match(units, text)
