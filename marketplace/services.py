"""Writes of the shared domain: producer onboarding and OCOP certificates.

Every function is one transaction and checks who is acting."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import services_audit as audit
from .data.banks import BANK_NAMES
from .dates import add_months
from .documents import document_kind
from .hooks import products_changed
from .links import absolute_url
from .models import (
    AdministrativeUnit,
    AuditAction,
    OcopCertificate,
    Producer,
    ProducerDocument,
    ProductGroup,
    User,
)
from .permissions import require_ocop_office
from .text import vi_slugify
from .validators import normalize_phone, validate_phone

CERTIFICATE_VALIDITY_MONTHS = 36
BANK_FIELDS = ("bank_bin", "bank_name", "bank_account_number", "bank_account_name")
CERTIFICATE_AUDIT_FIELDS = (
    "product_name",
    "product_group",
    "stars",
    "score",
    "criteria_version",
    "decision_number",
    "decision_date",
    "valid_until",
    "issuing_level",
    "issuing_body",
)
STAR_SCORE_BANDS = {3: (50, 69), 4: (70, 89), 5: (90, 100)}


PRODUCER_FIELDS = (
    "name",
    "legal_type",
    "tax_code",
    "registration_number",
    "district",
    "commune",
    "address",
    "contact_name",
    "phone",
    "email",
    "bank_bin",
    "bank_name",
    "bank_account_number",
    "bank_account_name",
)


@transaction.atomic
def producer_apply(
    *,
    applicant: User | None,
    data: dict[str, Any],
    documents: Iterable[tuple[str, UploadedFile]] = (),
) -> Producer:
    """A producer's onboarding application (status ``applied``), with its documents:
    each checked by its content (PDF, JPEG or PNG; ``ValidationError`` on ``documents``
    otherwise, nothing saved) and stored privately under a random name."""
    uploads = list(documents)
    errors: dict[str, list[ValidationError]] = {}
    kinds = []
    for index, (_kind, upload) in enumerate(uploads):
        try:
            kinds.append(document_kind(upload))
        except ValidationError as exc:
            errors.setdefault("documents", []).append(
                ValidationError(
                    exc.messages[0], code=exc.error_list[0].code, params={"index": index}
                )
            )
    producer = Producer(applicant=applicant, status=Producer.Status.APPLIED)
    for field in PRODUCER_FIELDS:
        if field in data:
            setattr(producer, field, data[field])
    try:
        _clean_producer(producer)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    producer.save()
    for (kind, upload), checked in zip(uploads, kinds, strict=True):
        document = ProducerDocument(producer=producer, kind=kind, content_type=checked.content_type)
        document.file.save(upload.name or "document", upload, save=False)
        document.save()
    return producer


def _clean_producer(producer: Producer) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if producer.phone:
        try:
            validate_phone(producer.phone)
            producer.phone = normalize_phone(producer.phone)
        except ValidationError as exc:
            errors["phone"] = [exc]
    try:
        producer.full_clean(exclude=["phone"] if "phone" in errors else None)
    except ValidationError as exc:
        for field, msgs in exc.error_dict.items():
            errors.setdefault(field, []).extend(msgs)
    bank_bin = (producer.bank_bin or "").strip()
    if bank_bin:
        if bank_bin not in BANK_NAMES:
            errors.setdefault("bank_bin", []).append(
                ValidationError(_("Hãy chọn ngân hàng trong danh sách."), code="invalid_choice")
            )
        else:
            producer.bank_bin, producer.bank_name = bank_bin, BANK_NAMES[bank_bin]
    if producer.district_id and (
        producer.district.generation != AdministrativeUnit.Generation.FORMER
        or producer.district.level != AdministrativeUnit.Level.DISTRICT
    ):
        errors.setdefault("district", []).append(
            ValidationError("Huyện không hợp lệ. / Invalid district.", code="invalid")
        )
    if errors:
        raise ValidationError(errors)


#: the longest rejection reason the applicant is sent
REJECT_REASON_MAX = 1000


@transaction.atomic
def producer_reject(*, actor: User, producer: Producer, reason: str) -> Producer:
    """The office turns an application down with a reason the applicant is e-mailed (after
    commit). Only an application still waiting can be rejected (``already_decided``); the
    reason is required, at most ``REJECT_REASON_MAX`` characters."""
    require_ocop_office(actor)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Hãy ghi lý do từ chối."), code="required")}
        )
    if len(reason) > REJECT_REASON_MAX:
        raise ValidationError(
            {
                "reason": ValidationError(
                    _("Lý do tối đa %(limit)d ký tự.") % {"limit": REJECT_REASON_MAX},
                    code="max_length",
                )
            }
        )
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    if producer.status != Producer.Status.APPLIED:
        raise ValidationError(
            {"status": ValidationError(_("Hồ sơ đã được xử lý trước đó."), code="already_decided")}
        )
    producer.status = Producer.Status.REJECTED
    producer.decided_by, producer.decided_at, producer.decision_note = actor, timezone.now(), reason
    producer.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    audit.record(
        AuditAction.PRODUCER_REJECT,
        actor=actor,
        target=producer,
        before={"status": Producer.Status.APPLIED},
        after={"status": producer.status, "note": reason},
    )
    recipient = producer.applicant.email if producer.applicant else producer.email
    if recipient:
        name = producer.name
        transaction.on_commit(lambda: _send_rejection_email(recipient, name, reason))
    return producer


def _send_rejection_email(recipient: str, producer_name: str, reason: str) -> None:
    link = absolute_url(reverse("producer_apply"))
    send_mail(
        subject=_("[OCOP] Hồ sơ chưa được duyệt"),
        message=_(
            "Hồ sơ đăng ký của %(name)s chưa được Văn phòng OCOP duyệt.\n\n"
            "Lý do: %(reason)s\n\n"
            "Bạn có thể bổ sung và nộp lại hồ sơ tại %(link)s"
        )
        % {"name": producer_name, "reason": reason, "link": link},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
        fail_silently=True,
    )


def _validate_certificate(cert: OcopCertificate, products: list[Any]) -> None:
    errors: dict[str, ValidationError] = {}
    band = STAR_SCORE_BANDS.get(cert.stars)
    if band is None:
        errors["stars"] = ValidationError(
            "Số sao phải là 3, 4 hoặc 5. / Stars must be 3–5.", code="invalid"
        )
    elif cert.score is not None and not band[0] <= cert.score <= band[1]:
        errors["score"] = ValidationError(
            f"{cert.stars} sao cần điểm {band[0]}–{band[1]}. / {cert.stars}★ needs {band[0]}–{band[1]} points.",
            code="invalid",
        )
    if cert.product_group_id and cert.product_group.criteria_version != cert.criteria_version:
        errors["product_group"] = ValidationError(
            "Nhóm sản phẩm không thuộc bộ tiêu chí đã chọn. / Group not in this criteria version.",
            code="invalid",
        )
    shop = getattr(cert.producer, "shop", None)
    for product in products:
        if shop is None or product.shop_id != shop.pk:
            errors["products"] = ValidationError(
                "Sản phẩm không thuộc nhà sản xuất này. / Product of another producer.",
                code="invalid",
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def certificate_issue(
    *,
    actor: User,
    producer: Producer,
    products: list[Any],
    data: dict[str, Any],
    evidence: UploadedFile | None = None,
) -> OcopCertificate:
    """Records an OCOP certificate (OCOP office only). ``valid_until`` is the decision
    date + 36 months; covered products are marked for reindexing."""
    require_ocop_office(actor)
    cert = OcopCertificate(producer=producer, created_by=actor, **data)
    if cert.decision_date:
        cert.valid_until = add_months(cert.decision_date, CERTIFICATE_VALIDITY_MONTHS)
    if evidence is not None:
        cert.evidence = evidence
    if not cert.criteria_version and cert.product_group_id:
        cert.criteria_version = cert.product_group.criteria_version
    errors: dict[str, list[ValidationError]] = {}
    for check in (
        lambda: cert.full_clean(validate_constraints=False),  # the bands below name the field
        lambda: _validate_certificate(cert, products),
    ):
        try:
            check()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    cert.save()
    cert.products.set(products)
    _mark_products_dirty([p.pk for p in products])
    audit.record(
        AuditAction.CERTIFICATE_ISSUE,
        actor=actor,
        target=cert,
        shop=getattr(producer, "shop", None),
        after={**audit.snapshot(cert, CERTIFICATE_AUDIT_FIELDS), "products": products},
    )
    return cert


@transaction.atomic
def certificate_update(*, actor: User, certificate: OcopCertificate) -> OcopCertificate:
    """The office corrects or renews a certificate (admin): ``valid_until`` follows the
    decision date; the changed fields are recorded."""
    require_ocop_office(actor)
    stored = OcopCertificate.objects.get(pk=certificate.pk)
    certificate.valid_until = add_months(certificate.decision_date, CERTIFICATE_VALIDITY_MONTHS)
    certificate.save()
    audit.record(
        AuditAction.CERTIFICATE_UPDATE,
        actor=actor,
        target=certificate,
        before=audit.snapshot(stored, CERTIFICATE_AUDIT_FIELDS),
        after=audit.snapshot(certificate, CERTIFICATE_AUDIT_FIELDS),
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: OcopCertificate) -> OcopCertificate:
    require_ocop_office(actor)
    revoked_before = certificate.revoked_at
    certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["revoked_at"])
    _mark_products_dirty(list(certificate.products.values_list("pk", flat=True)))
    audit.record(
        AuditAction.CERTIFICATE_REVOKE,
        actor=actor,
        target=certificate,
        before={"revoked_at": revoked_before},
        after={"revoked_at": certificate.revoked_at},
    )
    return certificate


def _mark_products_dirty(product_ids: list[int]) -> None:
    if product_ids:
        products_changed(product_ids)


def product_groups_load() -> int:
    """Creates or updates the OCOP product groups of both criteria versions (idempotent)."""
    from .data.product_groups import PRODUCT_GROUPS

    for version, groups in PRODUCT_GROUPS.items():
        for position, (code, name_vi, name_en) in enumerate(groups):
            ProductGroup.objects.update_or_create(
                criteria_version=version,
                code=code,
                defaults={"name_vi": name_vi, "name_en": name_en, "position": position},
            )
    return sum(len(g) for g in PRODUCT_GROUPS.values())


DEFAULT_UNITS_FILE = (
    __import__("pathlib").Path(__file__).parent / "data" / "administrative_units.json"
)


@transaction.atomic
def administrative_units_load(*, path: Any = None) -> dict[str, int]:
    """Loads current units (province → commune), Quảng Bình's former units (province →
    district → commune) and the former→current commune mapping from the data file.
    Idempotent: existing units are updated in place, keyed by (generation, level, code)."""
    import json

    data = json.loads((path or DEFAULT_UNITS_FILE).read_text(encoding="utf-8"))
    existing = {
        (u.generation, u.level, u.code): u
        for u in AdministrativeUnit.objects.select_related("parent", "successor")
    }
    G, L = AdministrativeUnit.Generation, AdministrativeUnit.Level
    counts = {"created": 0, "updated": 0}

    def upsert(
        generation: str,
        level: str,
        item: dict[str, Any],
        parent: AdministrativeUnit | None,
        **extra: Any,
    ) -> AdministrativeUnit:
        key = (generation, level, item["code"])
        values = {
            "name": item["name"],
            "full_name": item.get("full_name", item["name"]),
            "unit_type": item.get("type", ""),
            "slug": vi_slugify(item["name"]),
            "parent": parent,
            **extra,
        }
        unit = existing.get(key)
        if unit is None:
            unit = AdministrativeUnit.objects.create(
                generation=generation, level=level, code=item["code"], **values
            )
            existing[key] = unit
            counts["created"] += 1
        elif any(getattr(unit, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(unit, k, v)
            unit.save()
            counts["updated"] += 1
        return unit

    current_communes: dict[str, AdministrativeUnit] = {}
    new_rows: list[AdministrativeUnit] = []
    for province in data["current"]:
        p = upsert(G.CURRENT, L.PROVINCE, province, None)
        for commune in province["communes"]:
            key = (G.CURRENT, L.COMMUNE, commune["code"])
            if key in existing:
                current_communes[commune["code"]] = upsert(G.CURRENT, L.COMMUNE, commune, p)
            else:
                unit = AdministrativeUnit(
                    generation=G.CURRENT,
                    level=L.COMMUNE,
                    code=commune["code"],
                    name=commune["name"],
                    full_name=commune["full_name"],
                    unit_type=commune.get("type", ""),
                    slug=vi_slugify(commune["name"]),
                    parent=p,
                )
                new_rows.append(unit)
    if new_rows:
        AdministrativeUnit.objects.bulk_create(new_rows, batch_size=1000)
        counts["created"] += len(new_rows)
        for unit in AdministrativeUnit.objects.filter(generation=G.CURRENT, level=L.COMMUNE):
            current_communes[unit.code] = unit
    former = data["former"]
    fp = upsert(G.FORMER, L.PROVINCE, former["province"], None)
    for district in former["districts"]:
        d = upsert(G.FORMER, L.DISTRICT, district, fp)
        for commune in district["communes"]:
            successor = current_communes.get(commune.get("new_code") or "")
            upsert(G.FORMER, L.COMMUNE, commune, d, successor=successor)
    counts["total"] = AdministrativeUnit.objects.count()
    _refresh_planner_statistics(AdministrativeUnit)
    return counts


@transaction.atomic
def producer_onboard(
    *,
    user: User | None,
    account: dict[str, str] | None,
    data: dict[str, Any],
    documents: Iterable[tuple[str, UploadedFile]] = (),
) -> Producer:
    """The public onboarding form: creates the applicant's account when the visitor is
    anonymous (``account`` = email, full_name, password), then the application. One
    transaction: a bad field leaves neither account nor application behind."""
    if user is None or not user.is_authenticated:
        if not account:
            raise ValidationError(
                {"email": ValidationError("Bắt buộc. / Required.", code="required")}
            )
        if User.objects.filter(email__iexact=account["email"]).exists():
            raise ValidationError(
                {
                    "email": ValidationError(
                        "Email đã có tài khoản; vui lòng đăng nhập trước. / Email already registered; sign in first.",
                        code="unique",
                    )
                }
            )
        user = User(
            username=account["email"].lower(),
            email=account["email"].lower(),
            full_name=account.get("full_name", ""),
        )
        user.set_password(account["password"])
        user.save()
    if not documents:
        raise ValidationError(
            {
                "documents": ValidationError(
                    "Cần ít nhất một giấy tờ (ĐKKD). / At least one document is required.",
                    code="required",
                )
            }
        )
    return producer_apply(applicant=user, data=data, documents=documents)


def _refresh_planner_statistics(model: Any) -> None:
    """After a bulk load, refresh PostgreSQL's statistics so joins on the table get sane
    plans straight away (without them a fresh table is planned as if nearly empty)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')


@transaction.atomic
def producer_save(*, actor: User, producer: Producer) -> Producer:
    """The OCOP office edits a producer's record (admin). Its shop's products are
    reindexed, since producer name, type and place are part of their search documents."""
    require_ocop_office(actor)
    _clean_producer(producer)
    stored = Producer.objects.filter(pk=producer.pk).first() if producer.pk else None
    before = audit.snapshot(stored, PRODUCER_FIELDS) if stored is not None else {}
    producer.save()
    shop = getattr(producer, "shop", None)
    if shop is not None:
        products_changed(shop.products.all())
    _record_producer_edit(actor, producer, before, shop)
    return producer


def _record_producer_edit(
    actor: User, producer: Producer, before: dict[str, Any], shop: Any
) -> None:
    """A change of bank details is its own audit entry (money goes there); the rest of
    the record another."""
    after = audit.snapshot(producer, PRODUCER_FIELDS)
    for action, fields in (
        (AuditAction.SHOP_BANK_DETAILS, BANK_FIELDS),
        (AuditAction.PRODUCER_UPDATE, tuple(f for f in PRODUCER_FIELDS if f not in BANK_FIELDS)),
    ):
        changed = [f for f in fields if before.get(f) != after[f]]
        if changed:
            audit.record(
                action,
                actor=actor,
                target=producer,
                shop=shop,
                before={f: before[f] for f in changed if f in before},
                after={f: after[f] for f in changed},
            )
