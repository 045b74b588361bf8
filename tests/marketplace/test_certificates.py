"""OCOP certificates: issued by the OCOP office only, valid 36 months from the decision,
stars matching the score bands; expiry and revocation remove the star rating at query
time (``shops.selectors``)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from marketplace import services
from marketplace.dates import add_months
from marketplace.errors import Forbidden
from marketplace.models import OcopCertificate, ProductGroup
from shops.models import Product
from shops.selectors import ocop_rating_annotations, product_current_certificate
from tests.factories.marketplace import ProductGroupFactory, make_certificate

DAY = datetime.timedelta(days=1)


@pytest.fixture
def food(admin_units):
    return ProductGroup.objects.get(criteria_version="148/2023", code="thuc-pham")


def _data(group, **overrides):
    return {
        "product_group": group,
        "product_name": "Nước mắm cá cơm Cảnh Dương",
        "stars": 4,
        "score": 78,
        "criteria_version": "148/2023",
        "decision_number": "1234/QĐ-UBND",
        "decision_date": datetime.date(2025, 3, 15),
        "issuing_level": "province",
        "issuing_body": "UBND tỉnh Quảng Bình",
        **overrides,
    }


def _issue(office, product, group, **overrides):
    return services.certificate_issue(
        actor=office,
        producer=product.shop.producer,
        products=[product],
        data=_data(group, **overrides),
    )


def _clean(product):
    Product.objects.filter(pk=product.pk).update(search_dirty=False)


# --- add_months ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 3, 15), 36, datetime.date(2028, 3, 15)),
        (datetime.date(2025, 1, 31), 36, datetime.date(2028, 1, 31)),
        (datetime.date(2024, 2, 29), 36, datetime.date(2027, 2, 28)),
        (datetime.date(2024, 2, 29), 48, datetime.date(2028, 2, 29)),
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), 1, datetime.date(2024, 2, 29)),
        (datetime.date(2025, 8, 31), 1, datetime.date(2025, 9, 30)),
        (datetime.date(2025, 12, 15), 1, datetime.date(2026, 1, 15)),
        (datetime.date(2025, 11, 30), 3, datetime.date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_the_month(day, months, expected):
    assert add_months(day, months) == expected


# --- certificate_issue ------------------------------------------------------------------


def test_office_issues_a_certificate_valid_36_months(ocop_office, product, food):
    _clean(product)
    cert = _issue(ocop_office, product, food)

    cert.refresh_from_db()
    assert cert.producer == product.shop.producer
    assert list(cert.products.all()) == [product]
    assert (cert.stars, cert.score) == (4, 78)
    assert cert.decision_date == datetime.date(2025, 3, 15)
    assert cert.valid_until == datetime.date(2028, 3, 15)
    assert cert.created_by == ocop_office
    assert cert.revoked_at is None
    assert cert.criteria_version == "148/2023"
    product.refresh_from_db()
    assert product.search_dirty is True


@pytest.mark.parametrize(
    ("decision", "valid_until"),
    [
        (datetime.date(2025, 1, 31), datetime.date(2028, 1, 31)),
        (datetime.date(2024, 2, 29), datetime.date(2027, 2, 28)),
        (datetime.date(2023, 12, 31), datetime.date(2026, 12, 31)),
    ],
)
def test_valid_until_is_derived_from_the_decision_date(
    ocop_office, product, food, decision, valid_until
):
    cert = _issue(ocop_office, product, food, decision_date=decision)
    assert cert.valid_until == valid_until


def test_a_valid_until_in_the_data_is_ignored(ocop_office, product, food):
    cert = _issue(ocop_office, product, food, valid_until=datetime.date(2099, 1, 1))
    assert (
        OcopCertificate.objects.get().valid_until == cert.valid_until == datetime.date(2028, 3, 15)
    )


def test_criteria_version_defaults_to_the_group_version(ocop_office, product, food):
    data = _data(food)
    del data["criteria_version"]
    cert = services.certificate_issue(
        actor=ocop_office, producer=product.shop.producer, products=[product], data=data
    )
    assert cert.criteria_version == "148/2023"


def test_issue_stores_the_evidence(ocop_office, product, food):
    evidence = SimpleUploadedFile("qd-1234.pdf", b"%PDF decision", content_type="application/pdf")
    cert = services.certificate_issue(
        actor=ocop_office,
        producer=product.shop.producer,
        products=[product],
        data=_data(food),
        evidence=evidence,
    )
    cert.refresh_from_db()
    assert cert.evidence.name.startswith("ocop-certificates/")
    assert cert.evidence.read() == b"%PDF decision"


DENIED_ACTORS = [
    "anonymous",
    "customer",
    "owner",
    "shop_staff",
    "other_owner",
    "other_sale_point_clerk",
    "staff_without_office",
]


def _actor(request, name):
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)


@pytest.mark.parametrize("actor_name", DENIED_ACTORS)
def test_issue_is_forbidden_to_everyone_but_the_ocop_office(request, product, food, actor_name):
    _clean(product)
    with pytest.raises(Forbidden):
        _issue(_actor(request, actor_name), product, food)

    assert OcopCertificate.objects.count() == 0
    product.refresh_from_db()
    assert product.search_dirty is False


@pytest.mark.parametrize(
    ("stars", "score"), [(3, 50), (3, 69), (4, 70), (4, 89), (5, 90), (5, 100)]
)
def test_stars_within_their_score_band(ocop_office, product, food, stars, score):
    cert = _issue(ocop_office, product, food, stars=stars, score=score)
    assert (cert.stars, cert.score) == (stars, score)


@pytest.mark.parametrize(
    ("stars", "score"),
    [
        (3, 49),
        (3, 70),
        (4, 69),
        (4, 90),
        (5, 89),
        (5, 101),
        (3, 0),
    ],
)
def test_a_score_outside_the_star_band_is_an_error_on_score(
    ocop_office, product, food, stars, score
):
    with pytest.raises(ValidationError) as exc:
        _issue(ocop_office, product, food, stars=stars, score=score)

    assert list(exc.value.message_dict) == ["score"]
    assert OcopCertificate.objects.count() == 0


@pytest.mark.parametrize("stars", [0, 1, 2, 6])
def test_stars_outside_3_to_5_is_an_error_on_stars(ocop_office, product, food, stars):
    with pytest.raises(ValidationError) as exc:
        _issue(ocop_office, product, food, stars=stars, score=95)

    assert list(exc.value.message_dict) == ["stars"]
    assert OcopCertificate.objects.count() == 0


def test_a_product_of_another_producer_is_an_error_on_products(
    ocop_office, product, other_shop, food
):
    from tests.factories.shops import ProductFactory

    foreign = ProductFactory(shop=other_shop)
    with pytest.raises(ValidationError) as exc:
        services.certificate_issue(
            actor=ocop_office,
            producer=product.shop.producer,
            products=[product, foreign],
            data=_data(food),
        )

    assert list(exc.value.message_dict) == ["products"]
    assert OcopCertificate.objects.count() == 0


def test_a_producer_without_a_shop_cannot_certify_products(ocop_office, product, food):
    from tests.factories.marketplace import ProducerFactory

    with pytest.raises(ValidationError) as exc:
        services.certificate_issue(
            actor=ocop_office, producer=ProducerFactory(), products=[product], data=_data(food)
        )

    assert list(exc.value.message_dict) == ["products"]
    assert OcopCertificate.objects.count() == 0


def test_a_group_of_another_criteria_version_is_an_error_on_product_group(
    ocop_office, product, food
):
    old_group = ProductGroup.objects.get(criteria_version="1048/2019", code="thuc-pham")
    with pytest.raises(ValidationError) as exc:
        _issue(ocop_office, product, food, product_group=old_group)

    assert list(exc.value.message_dict) == ["product_group"]
    assert OcopCertificate.objects.count() == 0


def test_missing_fields_are_reported(ocop_office, product, food):
    data = _data(food)
    for field in ("score", "decision_date", "decision_number"):
        del data[field]
    with pytest.raises(ValidationError) as exc:
        services.certificate_issue(
            actor=ocop_office, producer=product.shop.producer, products=[product], data=data
        )

    assert {"score", "decision_date", "decision_number"} <= set(exc.value.message_dict)
    assert OcopCertificate.objects.count() == 0


# --- expiry and the star rating ---------------------------------------------------------


def _certify(product, *, stars=4, valid_until, decision_date=None, **kwargs):
    return make_certificate(
        product,
        product_group=ProductGroupFactory(),
        stars=stars,
        valid_until=valid_until,
        decision_date=decision_date or valid_until - datetime.timedelta(days=1000),
        **kwargs,
    )


def _stars(product, day=None):
    return Product.objects.annotate(**ocop_rating_annotations(day)).get(pk=product.pk).ocop_stars


def test_a_product_without_a_certificate_has_no_stars(product):
    assert _stars(product) is None
    assert product_current_certificate(product=product) is None


def test_a_certificate_valid_through_today_shows_its_stars(product):
    today = timezone.localdate()
    cert = _certify(product, stars=4, valid_until=today)

    annotated = Product.objects.annotate(**ocop_rating_annotations()).get(pk=product.pk)
    assert (annotated.ocop_stars, annotated.ocop_certificate_id) == (4, cert.pk)
    assert product_current_certificate(product=product) == cert


def test_a_certificate_that_expired_yesterday_hides_the_stars(product):
    today = timezone.localdate()
    _certify(product, stars=5, valid_until=today - DAY)

    annotated = Product.objects.annotate(**ocop_rating_annotations()).get(pk=product.pk)
    assert (annotated.ocop_stars, annotated.ocop_certificate_id) == (None, None)
    assert product_current_certificate(product=product) is None


def test_expiry_is_computed_for_the_day_asked(product):
    today = timezone.localdate()
    cert = _certify(product, stars=3, valid_until=today)

    assert _stars(product, today) == 3
    assert _stars(product, today + DAY) is None
    assert product_current_certificate(product=product, day=today) == cert
    assert product_current_certificate(product=product, day=today + DAY) is None


def test_a_certificate_decided_in_the_future_does_not_count_yet(product):
    today = timezone.localdate()
    _certify(product, stars=5, decision_date=today + DAY, valid_until=add_months(today + DAY, 36))

    assert _stars(product) is None
    assert _stars(product, today + DAY) == 5


def test_the_best_of_two_valid_certificates_wins(product):
    today = timezone.localdate()
    _certify(product, stars=3, valid_until=today + 500 * DAY)
    best = _certify(product, stars=4, valid_until=today + 10 * DAY)

    assert _stars(product) == 4
    assert product_current_certificate(product=product) == best


def test_an_expired_better_certificate_does_not_win(product):
    today = timezone.localdate()
    current = _certify(product, stars=3, valid_until=today + 500 * DAY)
    _certify(product, stars=5, valid_until=today - DAY)

    assert _stars(product) == 3
    assert product_current_certificate(product=product) == current


def test_a_revoked_certificate_does_not_count(product):
    today = timezone.localdate()
    current = _certify(product, stars=3, valid_until=today + 500 * DAY)
    _certify(product, stars=5, valid_until=today + 500 * DAY, revoked_at=timezone.now())

    assert _stars(product) == 3
    assert product_current_certificate(product=product) == current


def test_annotations_rate_each_product_separately(product, shop):
    from tests.factories.shops import ProductFactory

    today = timezone.localdate()
    second, third = ProductFactory(shop=shop), ProductFactory(shop=shop)
    _certify(product, stars=5, valid_until=today + DAY)
    _certify(second, stars=4, valid_until=today - DAY)

    rows = dict(
        Product.objects.annotate(**ocop_rating_annotations()).values_list("pk", "ocop_stars")
    )
    assert rows == {product.pk: 5, second.pk: None, third.pk: None}


# --- certificate_revoke -----------------------------------------------------------------


def test_office_revokes_a_certificate(ocop_office, product, food):
    cert = services.certificate_issue(
        actor=ocop_office,
        producer=product.shop.producer,
        products=[product],
        data=_data(food, decision_date=timezone.localdate() - 10 * DAY),
    )
    assert _stars(product) == 4
    _clean(product)

    services.certificate_revoke(actor=ocop_office, certificate=cert)

    cert.refresh_from_db()
    product.refresh_from_db()
    assert cert.revoked_at is not None
    assert product.search_dirty is True
    assert _stars(product) is None


@pytest.mark.parametrize("actor_name", DENIED_ACTORS)
def test_revoke_is_forbidden_to_everyone_but_the_ocop_office(request, product, actor_name):
    cert = _certify(product, stars=4, valid_until=timezone.localdate() + 100 * DAY)
    _clean(product)

    with pytest.raises(Forbidden):
        services.certificate_revoke(actor=_actor(request, actor_name), certificate=cert)

    cert.refresh_from_db()
    product.refresh_from_db()
    assert cert.revoked_at is None
    assert product.search_dirty is False
    assert _stars(product) == 4
