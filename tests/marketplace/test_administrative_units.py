"""Administrative units come from the data file: the 34 provinces in force since 1 July
2025 with their communes, and former Quảng Bình's 8 districts with each former commune
mapped to the current commune of Quảng Trị (44) it became part of."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from marketplace.models import AdministrativeUnit, ProductGroup
from marketplace.services import DEFAULT_UNITS_FILE, administrative_units_load
from marketplace.text import vi_slugify

CURRENT, FORMER = AdministrativeUnit.Generation.CURRENT, AdministrativeUnit.Generation.FORMER

FORMER_DISTRICTS = [
    ("450", "Thành phố Đồng Hới", "dong-hoi", 15),
    ("452", "Huyện Minh Hóa", "minh-hoa", 13),
    ("453", "Huyện Tuyên Hóa", "tuyen-hoa", 19),
    ("454", "Huyện Quảng Trạch", "quang-trach", 16),
    ("455", "Huyện Bố Trạch", "bo-trach", 26),
    ("456", "Huyện Quảng Ninh", "quang-ninh", 14),
    ("457", "Huyện Lệ Thủy", "le-thuy", 26),
    ("458", "Thị xã Ba Đồn", "ba-don", 16),
]


@pytest.fixture
def empty_units(db):
    """The session loads the units once; these tests start from an empty table (the
    deletion is rolled back with the test)."""
    AdministrativeUnit.objects.all().delete()
    ProductGroup.objects.all().delete()


@pytest.fixture
def loaded(empty_units):
    return administrative_units_load()


def test_first_load_creates_every_unit(loaded):
    # 34 provinces + 3,321 current communes + former Quảng Bình + 8 districts + 145 communes.
    assert loaded == {"created": 3509, "updated": 0, "total": 3509}


def test_34_current_provinces(loaded):
    provinces = AdministrativeUnit.objects.filter(generation=CURRENT, level="province")
    assert provinces.count() == 34
    assert provinces.filter(parent__isnull=True).count() == 34
    assert AdministrativeUnit.objects.filter(generation=CURRENT, level="district").count() == 0
    assert AdministrativeUnit.objects.filter(generation=CURRENT, level="commune").count() == 3321
    quang_tri = provinces.get(code="44")
    assert (quang_tri.name, quang_tri.full_name) == ("Quảng Trị", "Tỉnh Quảng Trị")
    assert quang_tri.children.count() == 78
    assert provinces.get(code="01").full_name == "Thành phố Hà Nội"


def test_quang_binh_is_a_former_province_with_8_districts(loaded):
    province = AdministrativeUnit.objects.get(generation=FORMER, level="province")
    assert (province.code, province.full_name) == ("44", "Tỉnh Quảng Bình")
    districts = AdministrativeUnit.objects.filter(generation=FORMER, level="district").order_by(
        "code"
    )
    assert [
        (d.code, d.full_name, d.slug, d.children.count()) for d in districts
    ] == FORMER_DISTRICTS
    assert {d.parent_id for d in districts} == {province.pk}


def test_every_former_commune_maps_to_a_current_commune_of_quang_tri(loaded):
    communes = AdministrativeUnit.objects.filter(generation=FORMER, level="commune").select_related(
        "successor__parent", "parent"
    )
    assert communes.count() == 145
    assert communes.filter(successor__isnull=True).count() == 0
    for commune in communes:
        assert commune.parent.level == "district"
        assert (commune.successor.generation, commune.successor.level) == (CURRENT, "commune")
        assert commune.successor.parent.code == "44"
    # 145 former communes became 41 current ones.
    assert communes.values("successor").distinct().count() == 41


def test_known_mappings(loaded):
    def successor(code):
        return AdministrativeUnit.objects.get(
            generation=FORMER, level="commune", code=code
        ).successor

    hai_thanh = successor("18853")
    assert (hai_thanh.code, hai_thanh.full_name, hai_thanh.slug) == (
        "18880",
        "Phường Đồng Hới",
        "dong-hoi",
    )
    assert successor("18919").code == "18919"  # Xã Tân Thành was kept unchanged
    assert successor("18919").full_name == "Xã Tân Thành"
    phong_nha = AdministrativeUnit.objects.get(generation=CURRENT, level="commune", code="19138")
    assert phong_nha.full_name == "Xã Phong Nha"
    assert phong_nha.predecessors.exists()


def test_units_match_the_file(loaded):
    data = json.loads(DEFAULT_UNITS_FILE.read_text(encoding="utf-8"))
    assert {(p["code"], p["full_name"]) for p in data["current"]} == set(
        AdministrativeUnit.objects.filter(generation=CURRENT, level="province").values_list(
            "code", "full_name"
        )
    )
    mapping = {c["code"]: c["new_code"] for d in data["former"]["districts"] for c in d["communes"]}
    assert mapping == dict(
        AdministrativeUnit.objects.filter(generation=FORMER, level="commune").values_list(
            "code", "successor__code"
        )
    )


def test_a_second_load_changes_nothing(loaded):
    before = list(AdministrativeUnit.objects.order_by("pk").values())

    assert administrative_units_load() == {"created": 0, "updated": 0, "total": 3509}
    assert list(AdministrativeUnit.objects.order_by("pk").values()) == before


def test_a_renamed_unit_is_updated_in_place(loaded, tmp_path):
    data = json.loads(DEFAULT_UNITS_FILE.read_text(encoding="utf-8"))
    district = data["former"]["districts"][0]
    district["name"], district["full_name"] = "Đồng Hới (cũ)", "Thành phố Đồng Hới (cũ)"
    path = tmp_path / "units.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    pk = AdministrativeUnit.objects.get(generation=FORMER, level="district", code="450").pk

    assert administrative_units_load(path=path) == {"created": 0, "updated": 1, "total": 3509}

    unit = AdministrativeUnit.objects.get(pk=pk)
    assert (unit.full_name, unit.slug) == ("Thành phố Đồng Hới (cũ)", "dong-hoi-cu")


def test_the_management_command_loads_units_and_product_groups(empty_units, capsys):
    call_command("load_administrative_units")
    call_command("load_administrative_units")

    out = capsys.readouterr().out.splitlines()
    assert out == [
        "Administrative units: 3509 (3509 created, 0 updated); OCOP product groups: 12",
        "Administrative units: 3509 (0 created, 0 updated); OCOP product groups: 12",
    ]
    assert AdministrativeUnit.objects.count() == 3509
    assert ProductGroup.objects.filter(criteria_version="148/2023").count() == 6
    assert list(
        ProductGroup.objects.filter(criteria_version="148/2023").values_list("code", flat=True)
    ) == [
        "thuc-pham",
        "do-uong",
        "duoc-lieu",
        "thu-cong-my-nghe",
        "sinh-vat-canh",
        "du-lich",
    ]


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Đồng Hới", "dong-hoi"),
        ("Ba Đồn", "ba-don"),
        ("HTX Đặc sản Quảng Bình", "htx-dac-san-quang-binh"),
        ("Lệ Thủy", "le-thuy"),
    ],
)
def test_vi_slugify_keeps_the_d(text, slug):
    assert vi_slugify(text) == slug
