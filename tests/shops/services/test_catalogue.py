"""Shop profile, products and variants (shops.services.catalogue)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from marketplace.errors import Forbidden
from marketplace.models import AdministrativeUnit, ProductGroup
from marketplace.validators import ean13_check_digit
from shops import permissions
from shops.models import Product, ProductVariant
from shops.services import catalogue
from tests.factories.shops import ProductFactory, VariantFactory, valid_ean13


@pytest.fixture
def base(shop) -> dict[str, Any]:
    return {
        "product_group": ProductGroup.objects.get(criteria_version="148/2023", code="thuc-pham"),
        "origin_district": shop.producer.district,
        "origin_commune": shop.producer.commune,
    }


def messages_of(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def codes_of(excinfo) -> dict[str, list[str]]:
    return {field: [e.code for e in errors] for field, errors in excinfo.value.error_dict.items()}


def counts() -> tuple[int, int]:
    return Product.objects.count(), ProductVariant.objects.count()


# --- sanitizing and membership ---------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<script>alert(1)</script><p>ok</p>", "<p>ok</p>"),
        ('<p onclick="x()" style="color:red">Chè <b>xanh</b></p>', "<p>Chè <b>xanh</b></p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        (
            '<a href="https://ocop.vn" title="OCOP">x</a>',
            '<a href="https://ocop.vn" title="OCOP" rel="noopener noreferrer">x</a>',
        ),
        ("<iframe src=x></iframe><h2>Giới thiệu</h2>", "<h2>Giới thiệu</h2>"),
        ("  plain text  ", "plain text"),
        (None, ""),
    ],
)
def test_sanitize_html(raw, clean):
    assert catalogue.sanitize_html(raw) == clean


def test_require_shop_member(shop, owner, shop_staff, other_owner, customer):
    assert permissions.require_shop_member(actor=owner, shop=shop, owner=True) == "owner"
    assert permissions.require_shop_member(actor=shop_staff, shop=shop) == "staff"
    with pytest.raises(Forbidden):
        permissions.require_shop_member(actor=shop_staff, shop=shop, owner=True)
    for outsider in (other_owner, customer, None):
        with pytest.raises(Forbidden):
            permissions.require_shop_member(actor=outsider, shop=shop)


# --- products ------------------------------------------------------------------------


def test_product_create_with_variants(shop, owner, base):
    product = catalogue.product_create(
        actor=owner,
        shop=shop,
        data={
            **base,
            "name_vi": "Đặc sản Đồng Hới",
            "status": "published",
            "description_vi": "<p>Ngon</p><script>x()</script>",
        },
        variants=[
            {"sku": "DS-1", "price": 10_000, "barcode": valid_ean13(1)},
            {"sku": "DS-2", "price": 20_000, "name": "Lớn"},
        ],
    )

    product.refresh_from_db()
    assert (
        product.shop,
        product.slug,
        product.description_vi,
        product.status,
        product.search_dirty,
    ) == (shop, "dac-san-dong-hoi", "<p>Ngon</p>", "published", True)
    assert product.published_at is not None
    assert list(
        product.variants.values_list("sku", "name", "price", "position", "barcode_is_internal")
    ) == [("DS-1", "", 10_000, 0, False), ("DS-2", "Lớn", 20_000, 1, True)]


def test_product_slugs_are_unique(shop, owner, base):
    first = catalogue.product_create(actor=owner, shop=shop, data={**base, "name_vi": "Mè xửng"})
    second = catalogue.product_create(actor=owner, shop=shop, data={**base, "name_vi": "Mè xửng"})
    third = catalogue.product_create(actor=owner, shop=shop, data={**base, "name_vi": "!!!"})

    assert (first.slug, second.slug, third.slug) == ("me-xung", "me-xung-2", "san-pham")


def test_draft_product_has_no_published_at(shop, owner, base):
    product = catalogue.product_create(actor=owner, shop=shop, data={**base, "name_vi": "Nháp"})

    assert (product.status, product.published_at) == ("draft", None)


def test_product_create_error_in_a_variant_saves_nothing(shop, owner, base):
    with pytest.raises(ValidationError) as excinfo:
        catalogue.product_create(
            actor=owner,
            shop=shop,
            data={**base, "name_vi": "X"},
            variants=[{"sku": "A", "price": 1}, {"sku": "B", "price": -1}],
        )

    assert codes_of(excinfo) == {"variants-1-price": ["negative"]}
    assert counts() == (0, 0)


def test_product_create_by_outsider_is_forbidden(shop, other_owner, base):
    with pytest.raises(Forbidden):
        catalogue.product_create(actor=other_owner, shop=shop, data={**base, "name_vi": "X"})
    assert counts() == (0, 0)


def test_origin_rules(shop, owner, base):
    dong_hoi = AdministrativeUnit.objects.get(generation="former", level="district", code="450")
    current_commune_elsewhere = (
        AdministrativeUnit.objects.filter(parent=dong_hoi, successor__isnull=False)
        .first()
        .successor
    )
    former_commune = AdministrativeUnit.objects.filter(parent=shop.producer.district).first()
    province = AdministrativeUnit.objects.get(generation="current", level="province", code="44")

    cases = [
        ({"origin_commune": current_commune_elsewhere}, {"origin_commune": ["invalid"]}),
        ({"origin_commune": former_commune}, {"origin_commune": ["invalid"]}),
        ({"origin_district": province}, {"origin_district": ["invalid"]}),
        (
            {"origin_district": None, "origin_commune": None},
            {"origin_district": ["null"], "origin_commune": ["null"]},
        ),
    ]
    for override, expected in cases:
        with pytest.raises(ValidationError) as excinfo:
            catalogue.product_create(
                actor=owner, shop=shop, data={**base, "name_vi": "X", **override}
            )
        assert codes_of(excinfo) == expected
    assert counts() == (0, 0)


def test_product_update_publishing_sets_published_at_once(shop, owner, base):
    product = catalogue.product_create(actor=owner, shop=shop, data={**base, "name_vi": "X"})

    catalogue.product_update(actor=owner, product=product, data={"status": "published"})
    product.refresh_from_db()
    published_at = product.published_at
    assert published_at is not None

    catalogue.product_update(
        actor=owner, product=product, data={"name_vi": "Y", "status": "published"}
    )
    product.refresh_from_db()
    assert (product.name_vi, product.published_at) == ("Y", published_at)


def test_product_update_when_caller_already_set_status(shop, owner, base):
    """A bound ModelForm copies the new status onto the instance before the service runs."""
    product = catalogue.product_create(actor=owner, shop=shop, data={**base, "name_vi": "X"})
    product.status = "published"

    catalogue.product_update(actor=owner, product=product, data={"status": "published"})

    product.refresh_from_db()
    assert product.published_at is not None


def test_product_delete(shop, owner, other_owner, product):
    with pytest.raises(Forbidden):
        catalogue.product_delete(actor=other_owner, product=product)
    assert counts() == (1, 1)

    catalogue.product_delete(actor=owner, product=product)
    assert counts() == (0, 0)


# --- variants ------------------------------------------------------------------------


def test_internal_barcode_is_issued_from_the_pk(shop, owner):
    product = ProductFactory(shop=shop)

    variant = catalogue.variant_create(
        actor=owner, product=product, data={"sku": "I-1", "price": 1, "barcode": " "}
    )

    body = f"20{variant.pk:010d}"
    assert (variant.barcode, variant.barcode_is_internal) == (
        body + str(ean13_check_digit(body)),
        True,
    )
    variant.refresh_from_db()
    assert variant.barcode == body + str(ean13_check_digit(body))


@pytest.mark.parametrize(
    ("data", "codes"),
    [
        ({"barcode": "8934567890123"}, {"barcode": ["invalid_barcode"]}),
        ({"barcode": "893456789012X"}, {"barcode": ["invalid_barcode"]}),
        ({"price": -1}, {"price": ["negative"]}),
        ({"weight_grams": -1}, {"weight_grams": ["negative"]}),
        ({"compare_at_price": -1}, {"compare_at_price": ["negative", "invalid"]}),
        ({"price": 100, "compare_at_price": 99}, {"compare_at_price": ["invalid"]}),
        ({"sku": ""}, {"sku": ["blank"]}),
        ({"price": None}, {"price": ["null"]}),
        ({"sku": "x" * 65}, {"sku": ["max_length"]}),
    ],
)
def test_variant_create_validation(shop, owner, data, codes):
    product = ProductFactory(shop=shop)

    with pytest.raises(ValidationError) as excinfo:
        catalogue.variant_create(
            actor=owner, product=product, data={"sku": "V-1", "price": 100, **data}
        )

    assert codes_of(excinfo) == codes
    assert ProductVariant.objects.count() == 0


def test_variant_create_unique_sku_and_barcode(shop, owner, other_shop):
    VariantFactory(product=ProductFactory(shop=other_shop), sku="TAKEN", barcode=valid_ean13(8))
    product = ProductFactory(shop=shop)

    with pytest.raises(ValidationError) as excinfo:
        catalogue.variant_create(
            actor=owner,
            product=product,
            data={"sku": "TAKEN", "price": 1, "barcode": valid_ean13(8)},
        )

    assert messages_of(excinfo) == {
        "sku": ["SKU này đã được dùng. / This SKU is already in use."],
        "barcode": ["Mã vạch này đã được dùng. / This barcode is already in use."],
    }


@pytest.fixture
def internal_variant(shop, owner):
    product = ProductFactory(shop=shop)
    return catalogue.variant_create(
        actor=owner, product=product, data={"sku": "I-1", "price": 100, "compare_at_price": 120}
    )


def test_variant_update_blank_barcode_keeps_internal_code(owner, internal_variant):
    code = internal_variant.barcode

    catalogue.variant_update(
        actor=owner, variant=internal_variant, data={"sku": "I-1", "price": 90, "barcode": ""}
    )

    internal_variant.refresh_from_db()
    assert (
        internal_variant.barcode,
        internal_variant.barcode_is_internal,
        internal_variant.price,
    ) == (code, True, 90)


def test_variant_update_gs1_code_replaces_internal_one(owner, internal_variant):
    catalogue.variant_update(
        actor=owner, variant=internal_variant, data={"barcode": valid_ean13(4)}
    )

    internal_variant.refresh_from_db()
    assert (internal_variant.barcode, internal_variant.barcode_is_internal) == (
        valid_ean13(4),
        False,
    )


def test_variant_update_refuses_invalid_gs1_code(owner, internal_variant):
    code = internal_variant.barcode

    with pytest.raises(ValidationError) as excinfo:
        catalogue.variant_update(
            actor=owner, variant=internal_variant, data={"barcode": "8934567890123"}
        )

    assert codes_of(excinfo) == {"barcode": ["invalid_barcode"]}
    internal_variant.refresh_from_db()
    assert (internal_variant.barcode, internal_variant.barcode_is_internal) == (code, True)


def test_variant_update_clearing_a_gs1_code_issues_an_internal_one(shop, owner):
    variant = VariantFactory(product=ProductFactory(shop=shop), barcode=valid_ean13(6))

    catalogue.variant_update(actor=owner, variant=variant, data={"barcode": ""})

    variant.refresh_from_db()
    body = f"20{variant.pk:010d}"
    assert (variant.barcode, variant.barcode_is_internal) == (
        body + str(ean13_check_digit(body)),
        True,
    )


def test_variant_update_absent_keys_keep_values_and_blank_compare_at_clears(
    owner, internal_variant
):
    catalogue.variant_update(actor=owner, variant=internal_variant, data={"name": "Hộp"})
    internal_variant.refresh_from_db()
    assert (internal_variant.name, internal_variant.price, internal_variant.compare_at_price) == (
        "Hộp",
        100,
        120,
    )

    catalogue.variant_update(actor=owner, variant=internal_variant, data={"compare_at_price": None})
    internal_variant.refresh_from_db()
    assert internal_variant.compare_at_price is None


def test_variant_update_marks_product_for_reindex(owner, internal_variant):
    Product.objects.update(search_dirty=False)

    catalogue.variant_update(actor=owner, variant=internal_variant, data={"price": 95})

    assert Product.objects.get().search_dirty is True


def test_variant_update_by_outsider_is_forbidden(other_owner, internal_variant):
    with pytest.raises(Forbidden):
        catalogue.variant_update(actor=other_owner, variant=internal_variant, data={"price": 1})
    internal_variant.refresh_from_db()
    assert internal_variant.price == 100


def test_variant_delete_keeps_the_last_variant(shop, owner, product):
    second = VariantFactory(product=product, sku="SECOND")

    catalogue.variant_delete(actor=owner, variant=second)
    with pytest.raises(ValidationError) as excinfo:
        catalogue.variant_delete(actor=owner, variant=product.variants.get())

    assert codes_of(excinfo) == {"variant": ["last_variant"]}
    assert product.variants.count() == 1


# --- product_save (the dashboard form) -------------------------------------------------


def test_product_save_rolls_back_deletions_when_a_variant_is_invalid(shop, owner, product):
    keep = product.variants.get()
    second = VariantFactory(product=product, sku="SECOND")

    with pytest.raises(ValidationError) as excinfo:
        catalogue.product_save(
            actor=owner,
            shop=shop,
            product=product,
            data={"name_vi": "Đổi"},
            variants=[{"id": keep.pk, "price": -5}],
            delete_variant_ids=[second.pk],
        )

    assert codes_of(excinfo) == {"variants-0-price": ["negative"]}
    product.refresh_from_db()
    assert product.name_vi != "Đổi"
    assert sorted(product.variants.values_list("pk", flat=True)) == [keep.pk, second.pk]


def test_product_save_refuses_other_shops_product_and_variant(shop, owner, other_shop, product):
    theirs = ProductFactory(shop=other_shop)
    their_variant = VariantFactory(product=theirs, sku="THEIRS", price=5)

    with pytest.raises(Forbidden):
        catalogue.product_save(actor=owner, shop=shop, product=theirs, data={}, variants=[])

    with pytest.raises(ValidationError) as excinfo:
        catalogue.product_save(
            actor=owner,
            shop=shop,
            product=product,
            data={},
            variants=[{"id": their_variant.pk, "price": 1}],
            delete_variant_ids=[their_variant.pk],
        )
    assert codes_of(excinfo) == {"variants-0-id": ["not_found"]}
    their_variant.refresh_from_db()
    assert their_variant.price == 5


def test_product_save_needs_a_variant(shop, owner, base):
    with pytest.raises(ValidationError) as excinfo:
        catalogue.product_save(
            actor=owner, shop=shop, product=None, data={**base, "name_vi": "X"}, variants=[]
        )

    assert messages_of(excinfo) == {
        "variants": ["Sản phẩm cần ít nhất một phân loại. / A product needs at least one variant."]
    }
    assert counts() == (0, 0)


# --- shop profile --------------------------------------------------------------------


def test_shop_profile_update(shop, owner, product):
    Product.objects.update(search_dirty=False)

    catalogue.shop_profile_update(
        actor=owner,
        shop=shop,
        data={
            "name": "HTX Mới",
            "story": '<p>Làng nghề</p><img src=x onerror="alert(1)">',
            "phone": "+84912345678",
        },
    )

    shop.refresh_from_db()
    assert (shop.name, shop.story, shop.phone) == ("HTX Mới", "<p>Làng nghề</p>", "+84912345678")
    assert Product.objects.get().search_dirty is True


def test_shop_profile_update_by_outsider(shop, other_owner):
    with pytest.raises(Forbidden):
        catalogue.shop_profile_update(actor=other_owner, shop=shop, data={"name": "Chiếm"})
    shop.refresh_from_db()
    assert shop.name != "Chiếm"


def test_shop_profile_logo_can_be_cleared(shop, owner):
    shop.logo = SimpleUploadedFile("logo.png", b"not-checked-here")
    shop.save()

    catalogue.shop_profile_update(
        actor=owner, shop=shop, data={"logo": False}
    )  # ClearableFileInput "clear"

    shop.refresh_from_db()
    assert shop.logo.name == ""
