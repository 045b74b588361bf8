"""The dashboard product form (create and edit, with the variant formset): what a valid
submission saves, and that bad input gives a field error and saves nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from marketplace.models import AdministrativeUnit
from marketplace.validators import ean13_check_digit
from shops.models import Product, ProductVariant
from tests.factories.shops import ProductFactory, ShopMembershipFactory, VariantFactory, valid_ean13
from tests.shops.views.helpers import (
    assert_internal_barcode,
    edit_post_data,
    product_post_data,
    variant_rows,
)
from tests.support.units import product_group

INVALID_EAN = "8934567890123"  # check digit should be 0
SKU_TAKEN = "SKU này đã được dùng. / This SKU is already in use."
BARCODE_TAKEN = "Mã vạch này đã được dùng. / This barcode is already in use."


@pytest.fixture
def create_url(shop):
    return reverse("shops:product_create", args=[shop.slug])


def counts() -> tuple[int, int]:
    return Product.objects.count(), ProductVariant.objects.count()


def variant_errors(response, index: int = 0) -> dict[str, list[str]]:
    return dict(response.context["formset"].forms[index].errors)


def test_create_saves_product_and_variants(owner_client, shop, create_url):
    data = product_post_data(
        shop,
        name_vi="Nước mắm Cảnh Dương",
        name_en="Canh Duong fish sauce",
        status=Product.Status.PUBLISHED,
        net_quantity="500 ml",
        shelf_life="24 tháng",
        variants=[
            {
                "name": "Chai 500 ml",
                "sku": "CD-500",
                "barcode": valid_ean13(42),
                "price": 120_000,
                "compare_at_price": 150_000,
                "weight_grams": 700,
            },
            {"name": "Can 2 lít", "sku": "CD-2000", "barcode": "", "price": 400_000},
        ],
    )

    response = owner_client.post(create_url, data=data)

    product = Product.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("shops:product_edit", args=[shop.slug, product.pk])
    assert (product.shop, product.name_vi, product.name_en, product.slug, product.status) == (
        shop,
        "Nước mắm Cảnh Dương",
        "Canh Duong fish sauce",
        "nuoc-mam-canh-duong",
        "published",
    )
    assert (product.net_quantity, product.shelf_life, product.product_group) == (
        "500 ml",
        "24 tháng",
        product_group(),
    )
    assert (product.origin_district, product.origin_commune) == (
        shop.producer.district,
        shop.producer.commune,
    )
    assert product.published_at is not None
    assert variant_rows(product) == [
        ("CD-500", "Chai 500 ml", 120_000, 150_000, 700, 0),
        ("CD-2000", "Can 2 lít", 400_000, None, 0, 1),
    ]
    bottle, can = product.variants.order_by("position")
    assert (bottle.barcode, bottle.barcode_is_internal) == (valid_ean13(42), False)
    assert can.barcode_is_internal is True
    assert_internal_barcode(can.barcode)
    body = f"20{can.pk:010d}"
    assert can.barcode == body + str(ean13_check_digit(body))


def test_create_as_draft_leaves_published_at_empty(owner_client, shop, create_url):
    data = product_post_data(shop, status="draft", variants=[{"sku": "D-1", "price": 10_000}])

    response = owner_client.post(create_url, data=data)

    assert response.status_code == 302
    assert Product.objects.get().published_at is None


def test_create_by_staff_member(client, shop, shop_staff, create_url):
    client.force_login(shop_staff)

    response = client.post(
        create_url, data=product_post_data(shop, variants=[{"sku": "S-1", "price": 1}])
    )

    assert response.status_code == 302
    assert Product.objects.get().shop == shop


def test_internal_barcodes_of_two_variants_differ(owner_client, shop, create_url):
    data = product_post_data(shop, variants=[{"sku": "A", "price": 1}, {"sku": "B", "price": 2}])

    owner_client.post(create_url, data=data)

    codes = list(ProductVariant.objects.order_by("pk").values_list("barcode", flat=True))
    assert len(set(codes)) == 2
    for code in codes:
        assert_internal_barcode(code)


def test_description_is_sanitized(owner_client, shop, create_url):
    data = product_post_data(
        shop,
        description_vi='<script>alert(1)</script><p>ok</p><img src=x onerror="alert(2)">',
        description_en='<p onclick="x()">Hi <a href="javascript:alert(3)">link</a></p>',
        variants=[{"sku": "X-1", "price": 1}],
    )

    owner_client.post(create_url, data=data)

    product = Product.objects.get()
    assert product.description_vi == "<p>ok</p>"
    assert product.description_en == '<p>Hi <a rel="noopener noreferrer">link</a></p>'


def test_edit_page_shows_the_sanitized_description_escaped(owner_client, shop, create_url):
    """The edit page shows the saved (sanitized) description inside the textarea, escaped."""
    owner_client.post(
        create_url,
        data=product_post_data(
            shop,
            description_vi="<script>alert(1)</script><p>ok</p>",
            variants=[{"sku": "X-1", "price": 1}],
        ),
    )
    product = Product.objects.get()

    html = owner_client.get(
        reverse("shops:product_edit", args=[shop.slug, product.pk])
    ).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;p&gt;ok&lt;/p&gt;" in html


@pytest.mark.parametrize(
    ("variant", "field", "message"),
    [
        (
            {"sku": "E-1", "price": 10_000, "barcode": INVALID_EAN},
            "barcode",
            "Mã vạch EAN-13 không hợp lệ (13 số, sai số kiểm tra). / Invalid EAN-13 barcode.",
        ),
        (
            {"sku": "E-1", "price": 10_000, "barcode": "893456789012"},
            "barcode",
            "Mã vạch EAN-13 không hợp lệ (13 số, sai số kiểm tra). / Invalid EAN-13 barcode.",
        ),
        ({"sku": "E-1", "price": -1}, "price", "Giá trị không được âm. / Must not be negative."),
        (
            {"sku": "E-1", "price": 10_000, "weight_grams": -5},
            "weight_grams",
            "Giá trị không được âm. / Must not be negative.",
        ),
        (
            {"sku": "E-1", "price": 10_000, "compare_at_price": 9_999},
            "compare_at_price",
            "Giá gốc phải lớn hơn hoặc bằng giá bán. / Compare-at price must be ≥ price.",
        ),
    ],
    ids=[
        "ean13-check-digit",
        "ean13-length",
        "negative-price",
        "negative-weight",
        "compare-at-below-price",
    ],
)
def test_bad_variant_input_gives_field_error_and_saves_nothing(
    owner_client, shop, create_url, variant, field, message
):
    before = counts()

    response = owner_client.post(create_url, data=product_post_data(shop, variants=[variant]))

    assert response.status_code == 400
    assert variant_errors(response) == {field: [message]}
    assert message in response.content.decode()
    assert counts() == before


def test_invalid_ean13_message_names_the_format(owner_client, shop, create_url):
    response = owner_client.post(
        create_url,
        data=product_post_data(shop, variants=[{"sku": "E-1", "price": 1, "barcode": INVALID_EAN}]),
    )

    assert response.status_code == 400
    assert "EAN-13" in variant_errors(response)["barcode"][0]
    assert counts() == (0, 0)


def test_error_in_second_variant_keeps_first_unsaved_too(owner_client, shop, create_url):
    data = product_post_data(
        shop, variants=[{"sku": "OK-1", "price": 1}, {"sku": "BAD", "price": -3}]
    )

    response = owner_client.post(create_url, data=data)

    assert response.status_code == 400
    assert variant_errors(response, 0) == {}
    assert variant_errors(response, 1) == {
        "price": ["Giá trị không được âm. / Must not be negative."]
    }
    assert counts() == (0, 0)


def test_sku_taken_by_another_shop(owner_client, shop, create_url, other_shop):
    VariantFactory(product=ProductFactory(shop=other_shop), sku="TRUNG-1")
    before = counts()

    response = owner_client.post(
        create_url, data=product_post_data(shop, variants=[{"sku": "TRUNG-1", "price": 1}])
    )

    assert response.status_code == 400
    assert variant_errors(response) == {"sku": [SKU_TAKEN]}
    assert counts() == before


def test_same_sku_twice_in_one_form(owner_client, shop, create_url):
    response = owner_client.post(
        create_url,
        data=product_post_data(
            shop, variants=[{"sku": "DUP", "price": 1}, {"sku": "DUP", "price": 2}]
        ),
    )

    assert response.status_code == 400
    assert variant_errors(response, 1) == {"sku": [SKU_TAKEN]}
    assert counts() == (0, 0)


def test_barcode_taken_by_another_variant(owner_client, shop, create_url, other_shop):
    VariantFactory(product=ProductFactory(shop=other_shop), barcode=valid_ean13(7))

    response = owner_client.post(
        create_url,
        data=product_post_data(
            shop, variants=[{"sku": "NEW", "price": 1, "barcode": valid_ean13(7)}]
        ),
    )

    assert response.status_code == 400
    assert variant_errors(response) == {"barcode": [BARCODE_TAKEN]}
    assert counts() == (1, 1)


def test_origin_commune_outside_the_district(owner_client, shop, create_url):
    dong_hoi = AdministrativeUnit.objects.get(generation="former", level="district", code="450")
    commune_of_dong_hoi = (
        AdministrativeUnit.objects.filter(parent=dong_hoi, successor__isnull=False)
        .first()
        .successor
    )
    assert shop.producer.district.code == "456"

    response = owner_client.post(
        create_url,
        data=product_post_data(
            shop, origin_commune=commune_of_dong_hoi.pk, variants=[{"sku": "O-1", "price": 1}]
        ),
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "origin_commune": [
            "Xã này không thuộc địa bàn huyện đã chọn. / Commune is not in that district."
        ]
    }
    assert counts() == (0, 0)


def test_every_former_commune_of_the_district_is_accepted_through_its_successor(
    owner_client, shop, create_url
):
    district = shop.producer.district
    successors = {
        u.successor_id
        for u in AdministrativeUnit.objects.filter(parent=district, successor__isnull=False)
    }

    for n, commune_id in enumerate(sorted(successors)):
        response = owner_client.post(
            create_url,
            data=product_post_data(
                shop,
                name_vi=f"Sản phẩm {n}",
                origin_commune=commune_id,
                variants=[{"sku": f"C-{n}", "price": 1}],
            ),
        )
        assert response.status_code == 302

    assert set(Product.objects.values_list("origin_commune_id", flat=True)) == successors


def test_missing_required_fields(owner_client, shop, create_url):
    data = product_post_data(
        shop, name_vi="", product_group="", variants=[{"name": "Chai", "sku": "", "price": ""}]
    )

    response = owner_client.post(create_url, data=data)

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"name_vi", "product_group"}
    assert set(variant_errors(response)) == {"sku", "price"}
    assert counts() == (0, 0)


def test_product_needs_a_variant(owner_client, shop, create_url):
    response = owner_client.post(create_url, data=product_post_data(shop, variants=[{}]))

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Sản phẩm cần ít nhất một phân loại. / A product needs at least one variant."
    ]
    assert counts() == (0, 0)


def test_product_group_of_old_criteria_is_refused(owner_client, shop, create_url):
    from marketplace.models import ProductGroup

    old = ProductGroup.objects.get(criteria_version="1048/2019", code="thao-duoc")

    response = owner_client.post(
        create_url,
        data=product_post_data(shop, product_group=old.pk, variants=[{"sku": "G-1", "price": 1}]),
    )

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["product_group"]
    assert counts() == (0, 0)


# --- editing -------------------------------------------------------------------------


@pytest.fixture
def two_variant_product(shop):
    product = ProductFactory(
        shop=shop, name_vi="Mè xửng", status=Product.Status.DRAFT, published_at=None
    )
    VariantFactory(product=product, sku="MX-200", name="Hộp 200 g", price=50_000, position=0)
    VariantFactory(product=product, sku="MX-500", name="Hộp 500 g", price=110_000, position=1)
    return product


def edit_url(product: Product) -> str:
    return reverse("shops:product_edit", args=[product.shop.slug, product.pk])


def test_edit_page_lists_variants(owner_client, two_variant_product):
    response = owner_client.get(edit_url(two_variant_product))

    assert response.status_code == 200
    formset = response.context["formset"]
    assert [f.initial["sku"] for f in formset.forms[:2]] == ["MX-200", "MX-500"]
    assert len(formset.forms) == 3  # two variants and one blank row


def test_edit_updates_variant_price_and_adds_one(owner_client, two_variant_product):
    data = edit_post_data(two_variant_product)
    data["variants-1-price"] = "99000"
    data["variants-1-compare_at_price"] = "110000"
    data.update(
        {
            "variants-TOTAL_FORMS": "3",
            "variants-2-sku": "MX-1000",
            "variants-2-name": "Hộp 1 kg",
            "variants-2-price": "200000",
            "variants-2-weight_grams": "1100",
        }
    )

    response = owner_client.post(edit_url(two_variant_product), data=data)

    assert response.status_code == 302
    assert variant_rows(two_variant_product) == [
        ("MX-200", "Hộp 200 g", 50_000, None, 0, 0),
        ("MX-500", "Hộp 500 g", 99_000, 110_000, 0, 1),
        ("MX-1000", "Hộp 1 kg", 200_000, None, 1100, 2),
    ]


def test_edit_publishing_a_draft_sets_published_at(owner_client, two_variant_product):
    response = owner_client.post(
        edit_url(two_variant_product), data=edit_post_data(two_variant_product, status="published")
    )

    assert response.status_code == 302
    two_variant_product.refresh_from_db()
    assert two_variant_product.status == "published"
    assert two_variant_product.published_at is not None


def test_edit_keeps_published_at_of_a_published_product(owner_client, shop):
    product = ProductFactory(shop=shop, status="published")
    VariantFactory(product=product)
    first = Product.objects.filter(pk=product.pk).update(published_at="2025-01-02T03:04:05+07:00")
    assert first == 1
    product.refresh_from_db()
    published_at = product.published_at

    response = owner_client.post(edit_url(product), data=edit_post_data(product, name_vi="Tên mới"))

    assert response.status_code == 302
    product.refresh_from_db()
    assert (product.name_vi, product.published_at) == ("Tên mới", published_at)


def test_edit_deletes_a_variant(owner_client, two_variant_product):
    data = edit_post_data(two_variant_product)
    data["variants-0-DELETE"] = "on"

    response = owner_client.post(edit_url(two_variant_product), data=data)

    assert response.status_code == 302
    assert list(two_variant_product.variants.values_list("sku", flat=True)) == ["MX-500"]


def test_edit_cannot_delete_the_last_variant(owner_client, shop, product):
    variant = product.variants.get()
    data = edit_post_data(product)
    data["variants-0-DELETE"] = "on"

    response = owner_client.post(edit_url(product), data=data)

    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Sản phẩm cần ít nhất một phân loại. / A product needs at least one variant."
    ]
    assert list(product.variants.values_list("pk", flat=True)) == [variant.pk]


def test_edit_error_rolls_back_product_fields_and_other_variants(owner_client, two_variant_product):
    data = edit_post_data(two_variant_product, name_vi="Không được lưu")
    data["variants-0-price"] = "1"
    data["variants-1-barcode"] = INVALID_EAN

    response = owner_client.post(edit_url(two_variant_product), data=data)

    assert response.status_code == 400
    assert variant_errors(response, 1) == {
        "barcode": [
            "Mã vạch EAN-13 không hợp lệ (13 số, sai số kiểm tra). / Invalid EAN-13 barcode."
        ]
    }
    two_variant_product.refresh_from_db()
    assert two_variant_product.name_vi == "Mè xửng"
    assert [r[2] for r in variant_rows(two_variant_product)] == [50_000, 110_000]


def test_edit_resubmitting_keeps_internal_barcodes(owner_client, shop, create_url):
    owner_client.post(
        create_url,
        data=product_post_data(
            shop, variants=[{"sku": "I-1", "price": 1}, {"sku": "I-2", "price": 2}]
        ),
    )
    product = Product.objects.get()
    codes = list(product.variants.values_list("barcode", flat=True))

    response = owner_client.post(edit_url(product), data=edit_post_data(product, name_vi="Đổi tên"))

    assert response.status_code == 302
    assert list(product.variants.values_list("barcode", "barcode_is_internal")) == [
        (codes[0], True),
        (codes[1], True),
    ]


def test_edit_replaces_internal_barcode_with_gs1_code(owner_client, shop, create_url):
    owner_client.post(
        create_url, data=product_post_data(shop, variants=[{"sku": "I-1", "price": 1}])
    )
    product = Product.objects.get()
    data = edit_post_data(product)
    data["variants-0-barcode"] = valid_ean13(99)

    response = owner_client.post(edit_url(product), data=data)

    assert response.status_code == 302
    assert list(product.variants.values_list("barcode", "barcode_is_internal")) == [
        (valid_ean13(99), False)
    ]


def test_edit_refuses_invalid_ean_in_place_of_internal_code(owner_client, shop, create_url):
    owner_client.post(
        create_url, data=product_post_data(shop, variants=[{"sku": "I-1", "price": 1}])
    )
    product = Product.objects.get()
    code = product.variants.get().barcode
    data = edit_post_data(product)
    data["variants-0-barcode"] = INVALID_EAN

    response = owner_client.post(edit_url(product), data=data)

    assert response.status_code == 400
    assert "EAN-13" in variant_errors(response)["barcode"][0]
    assert list(product.variants.values_list("barcode", "barcode_is_internal")) == [(code, True)]


def test_edit_clearing_barcode_issues_an_internal_code(owner_client, shop):
    product = ProductFactory(shop=shop)
    variant = VariantFactory(product=product, barcode=valid_ean13(5))
    data = edit_post_data(product)
    data["variants-0-barcode"] = ""

    response = owner_client.post(edit_url(product), data=data)

    assert response.status_code == 302
    variant.refresh_from_db()
    assert variant.barcode_is_internal is True
    assert_internal_barcode(variant.barcode)


def test_edit_clears_compare_at_price(owner_client, shop):
    product = ProductFactory(shop=shop)
    variant = VariantFactory(product=product, price=80_000, compare_at_price=100_000)
    data = edit_post_data(product)
    data["variants-0-compare_at_price"] = ""

    response = owner_client.post(edit_url(product), data=data)

    assert response.status_code == 302
    variant.refresh_from_db()
    assert (variant.price, variant.compare_at_price) == (80_000, None)


def test_edit_cannot_take_another_shops_sku(owner_client, shop, other_shop, product):
    VariantFactory(product=ProductFactory(shop=other_shop), sku="THEIRS")
    data = edit_post_data(product)
    data["variants-0-sku"] = "THEIRS"

    response = owner_client.post(edit_url(product), data=data)

    assert response.status_code == 400
    assert variant_errors(response) == {"sku": [SKU_TAKEN]}
    assert product.variants.get().sku != "THEIRS"


def test_delete_product(owner_client, shop, product):
    response = owner_client.post(reverse("shops:product_delete", args=[shop.slug, product.pk]))

    assert response.status_code == 302
    assert counts() == (0, 0)


def test_delete_product_needs_post(owner_client, shop, product):
    response = owner_client.get(reverse("shops:product_delete", args=[shop.slug, product.pk]))

    assert response.status_code == 405
    assert counts() == (1, 1)


def test_staff_of_two_shops_edits_each_within_its_slug(client, shop, other_shop, product):
    user = ShopMembershipFactory(shop=shop, role="staff").user
    ShopMembershipFactory(shop=other_shop, user=user, role="staff")
    client.force_login(user)

    wrong_slug = client.get(reverse("shops:product_edit", args=[other_shop.slug, product.pk]))
    right_slug = client.get(reverse("shops:product_edit", args=[shop.slug, product.pk]))

    assert (wrong_slug.status_code, right_slug.status_code) == (404, 200)
