"""A producer's shop through the producer's life: approval opens it (shop, warehouse, the
applicant's owner membership, and — through ``shop_opened`` — the default shipping rates
of ``orders``), suspension closes it. The office's decisions on the application itself
(apply, reject, edit) are the core's (``marketplace.services``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from marketplace import services_audit as audit
from marketplace.hooks import products_changed, shop_opened
from marketplace.links import absolute_url
from marketplace.models import AuditAction, Producer, User
from marketplace.permissions import require_ocop_office
from marketplace.text import vi_slugify
from shops.models import Shop, ShopMembership, StockLocation


def _unique_shop_slug(name: str) -> str:
    base = vi_slugify(name)[:200] or "shop"
    slug, n = base, 1
    while Shop.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def producer_approve(*, actor: User, producer: Producer, note: str = "") -> Producer:
    """OCOP office approval: creates the producer's shop, its warehouse, default shipping
    rates and the owner's membership (the applicant). Idempotent for an already approved
    producer; a suspended producer's shop opens again. Locks the producer's row."""
    require_ocop_office(actor)
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    if producer.status not in (
        Producer.Status.APPLIED,
        Producer.Status.SUSPENDED,
        Producer.Status.APPROVED,
    ):
        raise ValidationError(
            {
                "status": ValidationError(
                    "Hồ sơ không thể duyệt ở trạng thái này. / Cannot approve.", code="invalid"
                )
            }
        )
    status_before = producer.status
    producer.status = Producer.Status.APPROVED
    producer.decided_by = actor
    producer.decided_at = timezone.now()
    producer.decision_note = note
    producer.save(
        update_fields=["status", "decided_by", "decided_at", "decision_note", "updated_at"]
    )
    shop = Shop.objects.filter(producer=producer).first()
    if shop is None:
        shop = Shop.objects.create(
            producer=producer,
            name=producer.name,
            slug=_unique_shop_slug(producer.name),
            address=producer.address,
            phone=producer.phone,
            email=producer.email,
        )
        StockLocation.objects.create(
            kind=StockLocation.Kind.WAREHOUSE, shop=shop, name=f"Kho {producer.name}"
        )
        shop_opened(shop)  # a new shop can sell at once; it edits the rates later
    elif not shop.is_active:
        shop.is_active = True
        shop.save(update_fields=["is_active", "updated_at"])
        products_changed(shop.products.all())
    audit.record(
        AuditAction.PRODUCER_APPROVE,
        actor=actor,
        target=producer,
        shop=shop,
        before={"status": status_before},
        after={"status": producer.status, "note": note},
    )
    if producer.applicant_id:
        membership, created = ShopMembership.objects.get_or_create(
            user_id=producer.applicant_id, shop=shop, defaults={"role": ShopMembership.Role.OWNER}
        )
        if created:
            audit.record(
                AuditAction.MEMBERSHIP_GRANT,
                actor=actor,
                target=membership,
                target_label=str(producer.applicant),
                after={"user": producer.applicant_id, "role": membership.role},
            )
        recipient = producer.applicant.email if producer.applicant else ""
        if recipient:
            slug = shop.slug
            transaction.on_commit(lambda: _send_approval_email(recipient, producer.name, slug))
    return producer


def _send_approval_email(recipient: str, producer_name: str, shop_slug: str) -> None:
    link = absolute_url(reverse("shops:overview", args=[shop_slug]))
    send_mail(
        subject="[OCOP] Hồ sơ đã được duyệt / Your application is approved",
        message=(
            f"Hồ sơ của {producer_name} đã được Văn phòng OCOP duyệt. Gian hàng của bạn: "
            f"{link}\n\n"
            f"{producer_name} is approved by the OCOP office. Your shop: {link}\n"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
        fail_silently=True,
    )


@transaction.atomic
def producer_suspend(*, actor: User, producer: Producer, note: str) -> Producer:
    """Suspends a producer: its shop stops selling and its products leave search."""
    require_ocop_office(actor)
    producer = Producer.objects.select_for_update().get(pk=producer.pk)
    status_before = producer.status
    producer.status = Producer.Status.SUSPENDED
    producer.decided_by, producer.decided_at, producer.decision_note = actor, timezone.now(), note
    producer.save()
    shop = Shop.objects.filter(producer=producer).first()
    if shop is not None:
        shop.is_active = False
        shop.save(update_fields=["is_active", "updated_at"])
        products_changed(shop.products.all())
    audit.record(
        AuditAction.PRODUCER_SUSPEND,
        actor=actor,
        target=producer,
        shop=shop,
        before={"status": status_before},
        after={"status": producer.status, "note": note},
    )
    return producer
