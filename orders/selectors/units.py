"""Vietnamese administrative units for addresses: the address pickers (current provinces
→ their communes, and the former district a commune of former Quảng Bình came from), and
finding a unit from what people type: the official code, the id, or the name with or
without its unit word ("Tỉnh", "Thành phố", "Xã", "Phường", "Huyện"…), accents and case
ignored (Saleor-style address inputs: province in ``countryArea``, commune and former
district in ``city``/``cityArea``)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import QuerySet

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


# --- Address pickers ------------------------------------------------------------------


def provinces() -> QuerySet[AdministrativeUnit]:
    return AdministrativeUnit.objects.filter(generation=CURRENT, level=Level.PROVINCE).order_by(
        "name"
    )


@dataclass
class CommuneChoice:
    id: int
    name: str
    districts: list[int] = field(default_factory=list)  # former districts it came from


@dataclass
class ProvinceCommunes:
    province: AdministrativeUnit
    communes: list[CommuneChoice]
    districts: list[AdministrativeUnit]  # former districts that merged into the province


def province_communes(province_id: int | None) -> ProvinceCommunes | None:
    """The current communes of a current province and, where the province absorbed
    former districts (Quảng Bình into Quảng Trị), which former district each commune
    came from. Three queries; ``None`` for an unknown province."""
    if province_id is None:
        return None
    province = provinces().filter(pk=province_id).first()
    if province is None:
        return None
    communes = [
        CommuneChoice(id=pk, name=full_name)
        for pk, full_name in AdministrativeUnit.objects.filter(
            generation=CURRENT,
            level=Level.COMMUNE,
            parent=province,
        )
        .order_by("name", "pk")
        .values_list("pk", "full_name")
    ]
    origins: dict[int, set[int]] = {}
    for successor_id, district_id in AdministrativeUnit.objects.filter(
        generation=FORMER,
        level=Level.COMMUNE,
        successor__parent=province,
        parent__isnull=False,
    ).values_list("successor_id", "parent_id"):
        origins.setdefault(successor_id, set()).add(district_id)
    for commune in communes:
        commune.districts = sorted(origins.get(commune.id, ()))
    district_ids = {pk for ids in origins.values() for pk in ids}
    districts = (
        list(
            AdministrativeUnit.objects.filter(
                pk__in=district_ids, generation=FORMER, level=Level.DISTRICT
            ).order_by("name")
        )
        if district_ids
        else []
    )
    return ProvinceCommunes(province=province, communes=communes, districts=districts)
