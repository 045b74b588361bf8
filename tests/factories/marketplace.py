from __future__ import annotations

import datetime
from typing import Any

import factory
from django.utils import timezone

from marketplace.dates import add_months
from marketplace.models import AdministrativeUnit, OcopCertificate, Producer, ProductGroup, User
from marketplace.validators import mst_check_digit


def valid_mst(n: int) -> str:
    """Deterministic valid tax code number ``n`` (skips bodies whose check digit is 10)."""
    base = 310_000_000 + n * 7
    while True:
        body = f"{base:09d}"
        check = mst_check_digit(body)
        if check < 10:
            return body + str(check)
        base += 1


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    full_name = factory.Faker("name", locale="vi_VN")
    password = factory.django.Password("pass12345")


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit
        django_get_or_create = ("generation", "level", "code")

    generation = "current"
    level = "province"
    code = "44"
    name = "Quảng Trị"
    full_name = "Tỉnh Quảng Trị"
    slug = "quang-tri"


class ProductGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductGroup
        django_get_or_create = ("criteria_version", "code")

    criteria_version = "148/2023"
    code = "thuc-pham"
    name_vi = "Thực phẩm"
    name_en = "Food"


class ProducerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Producer

    name = factory.Sequence(lambda n: f"HTX Sản xuất {n}")
    legal_type = Producer.LegalType.COOPERATIVE
    tax_code = factory.Sequence(valid_mst)
    district = factory.LazyFunction(
        lambda: AdministrativeUnit.objects.get(generation="former", level="district", code="456")
    )
    commune = factory.LazyAttribute(
        lambda o: (
            AdministrativeUnit.objects.filter(parent=o.district, successor__isnull=False)
            .first()
            .successor
        )
    )
    address = "Thôn 1"
    contact_name = "Nguyễn Văn A"
    phone = "+84912345678"
    email = factory.Sequence(lambda n: f"producer{n}@example.vn")
    status = Producer.Status.APPROVED


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OcopCertificate

    producer = factory.SubFactory(ProducerFactory)
    product_group = factory.SubFactory(ProductGroupFactory)
    product_name = "Sản phẩm"
    stars = 4
    score = 75
    criteria_version = "148/2023"
    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-UBND")
    decision_date = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=100)
    )
    valid_until = factory.LazyAttribute(lambda o: add_months(o.decision_date, 36))
    issuing_level = "province"
    issuing_body = "UBND tỉnh Quảng Bình"


#: the score make_certificate gives a certificate of so many stars (3★ 50–69, 4★ 70–89, 5★ 90+)
STAR_SCORES = {3: 60, 4: 75, 5: 95}


def make_certificate(
    *products: Any,
    producer: Producer | None = None,
    stars: int = 4,
    score: int | None = None,
    decision_date: datetime.date | None = None,
    valid_until: datetime.date | None = None,
    **fields: Any,
) -> OcopCertificate:
    """An OCOP certificate of ``producer`` (by default the producer of the first product's
    shop) covering ``products``: ``stars`` with the score of ``STAR_SCORES`` unless given.
    Decided ``decision_date`` and valid until ``valid_until``: given one, the other follows
    (36 months after a decision; a decision 900 days before a given end), given neither,
    decided 100 days ago for 36 months. ``fields`` go to ``CertificateFactory``."""
    if producer is None:
        producer = products[0].shop.producer
    if valid_until is not None and decision_date is None:
        decision_date = valid_until - datetime.timedelta(days=900)
    dates = {"decision_date": decision_date} if decision_date is not None else {}
    if valid_until is not None:
        dates["valid_until"] = valid_until
    certificate = CertificateFactory(
        producer=producer,
        stars=stars,
        score=STAR_SCORES[stars] if score is None else score,
        **dates,
        **fields,
    )
    if products:
        certificate.products.add(*products)
    return certificate
