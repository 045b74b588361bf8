#!/usr/bin/env python3
"""Build ``administrative_units.json`` (dev tool, never run at runtime).

Inputs (see README.md in this folder for where to get them):

--current     nested-divisions.json of the post-2025 data (34 provinces,
              province -> commune), vietnam-provinces >= 2026.1.0 (official
              codes from danhmuchanhchinh.nso.gov.vn).
--legacy      nested-divisions.json of vietnam-provinces 0.6.0 (pre-2025,
              province -> district -> commune, data as of 2025-01-04).
--conversion  BangChuyendoiĐVHCmoi_cu_khong_merge.csv: the NSO old->new
              commune conversion table (implements Nghị quyết
              1680/NQ-UBTVQH15 for Quảng Trị).

Usage:
    python build_administrative_units.py \\
        --current /tmp/vp_latest_nested.json \\
        --legacy /tmp/vp06/x/vietnam_provinces/data/nested-divisions.json \\
        --conversion /tmp/nso_conv.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "administrative_units.json"

QUANG_BINH_CODE = 44  # former province code (pre-2025)
QUANG_TRI_CODE = 44  # current province code (Quảng Trị kept code 44)

SOURCES = [
    "Current units (34 provinces, province -> commune/ward, from 2025-07-01): "
    "vietnam-provinces 2026.2.3 data/nested-divisions.json "
    "(github.com/sunshine-tech/VietnamProvinces, official codes from danhmuchanhchinh.nso.gov.vn)",
    "Former Quảng Bình units (8 districts, 145 communes, as of 2025-01-04): "
    "vietnam-provinces 0.6.0 (PyPI) vietnam_provinces/data/nested-divisions.json",
    "Old -> new commune mapping: NSO conversion table BangChuyendoiĐVHCmoi_cu_final.xlsx "
    "(danhmuchanhchinh.nso.gov.vn), CSV copy in sunshine-tech/VietnamProvinces "
    "dev/seed-data/2025-07/BangChuyendoiĐVHCmoi_cu_khong_merge.csv; implements "
    "Nghị quyết 1680/NQ-UBTVQH15 (16/6/2025) on rearranging commune-level units of Quảng Trị",
]

# (prefix, type) in match order; longest first where prefixes overlap.
PROVINCE_PREFIXES = [("Thành phố", "province"), ("Tỉnh", "province")]
CURRENT_COMMUNE_PREFIXES = [("Phường", "ward"), ("Xã", "commune"), ("Đặc khu", "special_zone")]
FORMER_DISTRICT_PREFIXES = [("Thành phố", "city"), ("Thị xã", "town"), ("Huyện", "district")]
FORMER_COMMUNE_PREFIXES = [("Thị trấn", "township"), ("Phường", "ward"), ("Xã", "commune")]

# Abbreviations in the legacy data; the NSO table spells them out.
EXPANSIONS = {"Thị trấn NT ": "Thị trấn Nông trường "}


def nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def split_name(raw: str, prefixes: list[tuple[str, str]]) -> tuple[str, str, str]:
    """Return (name, full_name, type); the prefix's case is normalised."""
    full = nfc(raw)
    for old, new in EXPANSIONS.items():
        if full.startswith(old):
            full = new + full[len(old) :]
    for prefix, kind in prefixes:
        if full.lower().startswith(prefix.lower() + " "):
            name = full[len(prefix) + 1 :].strip()
            return name, f"{prefix} {name}", kind
    raise ValueError(f"unknown administrative prefix in {raw!r}")


def build_current(path: Path) -> list[dict]:
    provinces = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for p in provinces:
        name, full, kind = split_name(p["name"], PROVINCE_PREFIXES)
        communes = []
        for w in p["wards"]:
            wname, wfull, wkind = split_name(w["name"], CURRENT_COMMUNE_PREFIXES)
            communes.append(
                {"code": f"{w['code']:05d}", "name": wname, "full_name": wfull, "type": wkind}
            )
        out.append(
            {
                "code": f"{p['code']:02d}",
                "name": name,
                "full_name": full,
                "type": kind,
                "communes": communes,
            }
        )
    return out


def read_conversion(path: Path) -> dict[str, str]:
    """old commune code -> new commune code, for former Quảng Bình only."""
    mapping: dict[str, str] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            if len(row) < 8 or not row[7].strip().endswith(f"({QUANG_BINH_CODE})"):
                continue
            if "Quảng Bình" not in row[7]:
                continue
            old, new, note = row[4].strip(), row[2].strip(), row[5].strip()
            if note not in ("Nhập toàn bộ", "Giữ nguyên"):
                # A partial merge would need several targets; not expected here.
                raise ValueError(f"unexpected conversion note {note!r} for {row}")
            if old in mapping and mapping[old] != new:
                raise ValueError(f"old commune {old} maps to several new communes")
            mapping[old] = new
    return mapping


def build_former(path: Path, conversion: dict[str, str]) -> dict:
    provinces = json.loads(path.read_text(encoding="utf-8"))
    (qb,) = [p for p in provinces if p["code"] == QUANG_BINH_CODE]
    name, full, _ = split_name(qb["name"], PROVINCE_PREFIXES)
    districts = []
    for d in sorted(qb["districts"], key=lambda d: d["code"]):
        dname, dfull, dkind = split_name(d["name"], FORMER_DISTRICT_PREFIXES)
        communes = []
        for w in sorted(d["wards"], key=lambda w: w["code"]):
            wname, wfull, wkind = split_name(w["name"], FORMER_COMMUNE_PREFIXES)
            code = f"{w['code']:05d}"
            communes.append(
                {
                    "code": code,
                    "name": wname,
                    "full_name": wfull,
                    "type": wkind,
                    "new_code": conversion.get(code),
                }
            )
        districts.append(
            {
                "code": f"{d['code']:03d}",
                "name": dname,
                "full_name": dfull,
                "type": dkind,
                "communes": communes,
            }
        )
    return {
        "province": {"code": f"{QUANG_BINH_CODE:02d}", "name": name, "full_name": full},
        "current_province_code": f"{QUANG_TRI_CODE:02d}",
        "districts": districts,
    }


def dump(data: dict) -> str:
    """JSON with one commune per line: small, yet readable in diffs."""

    def line(obj) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

    def unit_block(unit: dict, indent: str) -> str:
        head = {k: v for k, v in unit.items() if k != "communes"}
        body = (",\n").join(f"{indent}  {line(c)}" for c in unit["communes"])
        return f'{indent}{line(head)[:-1]},"communes":[\n{body}\n{indent}]}}'

    parts = ["{", f'"sources":{line(data["sources"])},', '"current":[']
    parts.append(",\n".join(unit_block(p, " ") for p in data["current"]))
    former = data["former"]
    parts.append("],")
    parts.append(
        f'"former":{{"province":{line(former["province"])},'
        f'"current_province_code":{line(former["current_province_code"])},'
        '"districts":['
    )
    parts.append(",\n".join(unit_block(d, " ") for d in former["districts"]))
    parts.append("]}")
    parts.append("}")
    return "\n".join(parts) + "\n"


def validate(data: dict) -> list[str]:
    errors = []
    current = data["current"]
    if len(current) != 34:
        errors.append(f"expected 34 current provinces, got {len(current)}")
    all_codes = [c["code"] for p in current for c in p["communes"]]
    if len(all_codes) != len(set(all_codes)):
        errors.append("duplicate current commune codes")
    (qt,) = [p for p in current if p["code"] == data["former"]["current_province_code"]]
    qt_codes = {c["code"] for c in qt["communes"]}
    former = data["former"]["districts"]
    if len(former) != 8:
        errors.append(f"expected 8 former districts, got {len(former)}")
    for d in former:
        for c in d["communes"]:
            if c["new_code"] is not None and c["new_code"] not in qt_codes:
                errors.append(
                    f"{c['code']} {c['full_name']}: new_code {c['new_code']} "
                    "is not a current Quảng Trị commune"
                )
    return errors


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--current", type=Path, default=Path("/tmp/vp_latest_nested.json"))
    ap.add_argument(
        "--legacy",
        type=Path,
        default=Path("/tmp/vp06/x/vietnam_provinces/data/nested-divisions.json"),
    )
    ap.add_argument("--conversion", type=Path, default=Path("/tmp/nso_conv.csv"))
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()

    conversion = read_conversion(args.conversion)
    data: dict[str, Any] = {
        "sources": SOURCES,
        "current": build_current(args.current),
        "former": build_former(args.legacy, conversion),
    }
    text = dump(data)
    assert json.loads(text) == data  # the hand-rolled layout must round-trip

    errors = validate(data)
    former_communes = [c for d in data["former"]["districts"] for c in d["communes"]]
    unmapped = [c for c in former_communes if c["new_code"] is None]
    qt = [p for p in data["current"] if p["code"] == data["former"]["current_province_code"]][0]
    print(f"current provinces:        {len(data['current'])}")
    print(f"current communes (total): {sum(len(p['communes']) for p in data['current'])}")
    print(f"Quảng Trị communes:       {len(qt['communes'])}")
    print(f"former districts:         {len(data['former']['districts'])}")
    print(f"former communes:          {len(former_communes)}")
    print(f"mapped:                   {len(former_communes) - len(unmapped)}")
    print(f"unmapped:                 {len(unmapped)}")
    for c in unmapped:
        print(f"  unmapped: {c['code']} {c['full_name']}")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        return 1
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode('utf-8'))} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
