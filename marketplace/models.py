"""Shared domain: accounts and roles, administrative units, OCOP product groups,
producers and OCOP star certificates."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from .documents import document_path, private_storage
from .validators import validate_mst


def new_jwt_token_key() -> str:
    return get_random_string(12)


class User(AbstractUser):
    """A person. Customers are plain users; other roles come from the flags below and
    from shop / sale-point memberships (``shops.ShopMembership``,
    ``shops.SalePointMembership``)."""

    class MarketingRole(models.TextChoices):
        NONE = "", _("Không / None")
        LIVE_HOST = "live_host", _("Người dẫn livestream / Live host")
        MODERATOR = "moderator", _("Kiểm duyệt viên / Moderator")

    email = models.EmailField(_("email"), unique=True)
    full_name = models.CharField(_("họ tên / full name"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại / phone"), max_length=16, blank=True)
    is_ocop_office = models.BooleanField(
        _("cán bộ văn phòng OCOP / OCOP office"),
        default=False,
        help_text=_("Quản lý chứng nhận OCOP và duyệt nhà sản xuất. / Manages certificates."),
    )
    marketing_role = models.CharField(
        _("vai trò marketing / marketing role"),
        max_length=16,
        choices=MarketingRole.choices,
        blank=True,
        default="",
    )
    language_code = models.CharField(
        _("ngôn ngữ / language"),
        max_length=35,
        default="vi",
        help_text=_("Mã ngôn ngữ của Saleor, chữ thường (vi, en, en-us). / Saleor language code."),
    )
    jwt_token_key = models.CharField(
        max_length=12,
        default=new_jwt_token_key,
        editable=False,
        help_text=_(
            "Đổi khoá này làm mọi JWT của người dùng hết hiệu lực. / Rotating it revokes all JWTs."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)
    #: set when the person deleted their account: the row stays (orders and consents point
    #: to it) with its personal data erased (``services_privacy.account_erase``)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return self.full_name or self.email or self.username


class RefreshTokenRecord(models.Model):
    """A refresh token the API issued, kept as the SHA-256 of its ``jti`` claim (never the
    token). Tokens of one sign-in share a ``family``; ``tokenRefresh`` marks a token
    ``used_at`` when it hands out its successor, and a used token presented again after the
    grace window revokes the whole family (``marketplace.services_tokens``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="refresh_tokens"
    )
    family = models.UUIDField(db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    #: the one extra use a used token gets inside the grace window (a second tab)
    grace_used = models.BooleanField(default=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "revoked_at"])]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.family}"


class AdministrativeUnit(models.Model):
    """A province, (former) district or commune. ``generation`` separates the units in
    force since 1 July 2025 (province → commune) from Quảng Bình's former units
    (province → district → commune); ``successor`` maps a former commune to the
    current commune it became part of. Loaded from data by ``load_administrative_units``."""

    class Generation(models.TextChoices):
        CURRENT = "current", _("Hiện hành (từ 1/7/2025) / Current")
        FORMER = "former", _("Trước 1/7/2025 / Former")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh / Province")
        DISTRICT = "district", _("Huyện / District")
        COMMUNE = "commune", _("Xã / Commune")

    generation = models.CharField(max_length=8, choices=Generation.choices)
    level = models.CharField(max_length=8, choices=Level.choices)
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=100)
    full_name = models.CharField(max_length=120)
    unit_type = models.CharField(max_length=20, blank=True)
    slug = models.SlugField(max_length=120)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    successor = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="predecessors"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["generation", "level", "code"], name="adminunit_unique_code"
            )
        ]
        indexes = [models.Index(fields=["generation", "level", "slug"])]
        ordering = ["generation", "level", "code"]

    def __str__(self) -> str:
        return self.full_name


class ProductGroup(models.Model):
    """OCOP product group of a criteria version (148/QĐ-TTg 2023 or 1048/QĐ-TTg 2019)."""

    class CriteriaVersion(models.TextChoices):
        D148_2023 = "148/2023", _("Quyết định 148/QĐ-TTg (2023)")
        D1048_2019 = "1048/2019", _("Quyết định 1048/QĐ-TTg (2019)")

    code = models.SlugField(max_length=40)
    criteria_version = models.CharField(max_length=10, choices=CriteriaVersion.choices)
    name_vi = models.CharField(max_length=150)
    name_en = models.CharField(max_length=150)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["criteria_version", "code"], name="productgroup_unique_code"
            )
        ]
        ordering = ["criteria_version", "position"]

    def __str__(self) -> str:
        return self.name_vi


class Producer(models.Model):
    """An OCOP producer (HTX, enterprise, cooperative group or household business)."""

    class LegalType(models.TextChoices):
        COOPERATIVE = "cooperative", _("Hợp tác xã / Cooperative")
        ENTERPRISE = "enterprise", _("Doanh nghiệp / Enterprise")
        COOPERATIVE_GROUP = "cooperative_group", _("Tổ hợp tác / Cooperative group")
        HOUSEHOLD = "household", _("Hộ kinh doanh / Household business")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Đã nộp hồ sơ / Applied")
        APPROVED = "approved", _("Đã duyệt / Approved")
        REJECTED = "rejected", _("Từ chối / Rejected")
        SUSPENDED = "suspended", _("Tạm ngừng / Suspended")

    name = models.CharField(_("tên / name"), max_length=200)
    legal_type = models.CharField(
        _("loại hình / legal type"), max_length=20, choices=LegalType.choices
    )
    tax_code = models.CharField(
        _("mã số thuế / tax code"), max_length=14, unique=True, validators=[validate_mst]
    )
    registration_number = models.CharField(
        _("số ĐKKD / registration number"), max_length=40, blank=True
    )
    district = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="producers_in_district",
        limit_choices_to={"generation": "former", "level": "district"},
        verbose_name=_("huyện (cũ) / district"),
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="producers_in_commune",
        limit_choices_to={"generation": "current", "level": "commune"},
        verbose_name=_("xã / commune"),
    )
    address = models.CharField(_("địa chỉ / address"), max_length=255)
    contact_name = models.CharField(_("người liên hệ / contact"), max_length=150)
    phone = models.CharField(_("điện thoại / phone"), max_length=16)
    email = models.EmailField(_("email"))
    bank_bin = models.CharField(_("mã BIN ngân hàng / bank BIN"), max_length=6, blank=True)
    bank_name = models.CharField(_("ngân hàng / bank"), max_length=100, blank=True)
    bank_account_number = models.CharField(
        _("số tài khoản / account number"), max_length=30, blank=True
    )
    bank_account_name = models.CharField(
        _("chủ tài khoản / account name"), max_length=150, blank=True
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.APPLIED)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="producer_applications",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return self.name


class ProducerDocument(models.Model):
    class Kind(models.TextChoices):
        BUSINESS_REGISTRATION = "business_registration", _("Giấy ĐKKD / Business registration")
        FOOD_SAFETY = "food_safety", _("Giấy ATTP / Food safety certificate")
        OTHER = "other", _("Khác / Other")

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OTHER)
    # private storage under a random name (marketplace/documents.py); served only by
    # marketplace.views.producer_document to the office and the applicant
    file = models.FileField(storage=private_storage, upload_to=document_path, max_length=200)
    content_type = models.CharField(max_length=40, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.producer_id}:{self.kind}"


class CertificateQuerySet(models.QuerySet["OcopCertificate"]):
    def valid_on(self, day: datetime.date) -> CertificateQuerySet:
        """Certificates in force on ``day`` — computed from dates, never from a job."""
        return self.filter(decision_date__lte=day, valid_until__gte=day, revoked_at__isnull=True)


class OcopCertificate(models.Model):
    """An OCOP star certificate: one decision covering one or more products. Valid from
    the decision date for 36 months (``valid_until`` is derived in the service)."""

    class IssuingLevel(models.TextChoices):
        DISTRICT = "district", _("Cấp huyện / District")
        PROVINCE = "province", _("Cấp tỉnh / Province")
        NATIONAL = "national", _("Trung ương / National")

    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="certificates")
    products = models.ManyToManyField("shops.Product", related_name="certificates", blank=True)
    product_group = models.ForeignKey(ProductGroup, on_delete=models.PROTECT, related_name="+")
    product_name = models.CharField(
        _("tên sản phẩm trên quyết định / product name"), max_length=255
    )
    stars = models.PositiveSmallIntegerField(_("số sao / stars"))
    score = models.PositiveSmallIntegerField(_("điểm / score"))
    criteria_version = models.CharField(max_length=10, choices=ProductGroup.CriteriaVersion.choices)
    decision_number = models.CharField(_("số quyết định / decision number"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định / decision date"))
    valid_until = models.DateField(_("hiệu lực đến / valid until"))
    issuing_level = models.CharField(max_length=10, choices=IssuingLevel.choices)
    issuing_body = models.CharField(_("cơ quan cấp / issuing body"), max_length=200)
    evidence = models.FileField(upload_to="ocop-certificates/%Y/", blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    reminder_90_sent_at = models.DateTimeField(null=True, blank=True)
    reminder_30_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=3, stars__lte=5), name="cert_stars_3_5"),
            models.CheckConstraint(condition=Q(score__lte=100), name="cert_score_le_100"),
            models.CheckConstraint(
                condition=Q(valid_until__gt=models.F("decision_date")),
                name="cert_valid_after_decision",
            ),
        ]
        indexes = [models.Index(fields=["valid_until"]), models.Index(fields=["decision_date"])]
        ordering = ["-decision_date"]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.stars}★)"


class ConsentRecord(models.Model):
    """One consent given or withdrawn (Decree 13/2023/NĐ-CP, art. 11): append-only, the
    latest record of a subject and purpose is the current state. Kept as proof after
    the account is erased: the e-mail is then gone, ``subject_digest`` (a keyed hash of
    the e-mail at the time) still ties the record to the person who asks."""

    class Purpose(models.TextChoices):
        ACCOUNT = "account", _("Tài khoản")
        ORDER = "order", _("Xử lý và giao đơn hàng")
        MARKETING = "marketing", _("Tiếp thị")

    class Source(models.TextChoices):
        SIGNUP_FORM = "signup_form", _("Ô đánh dấu ở trang đăng ký")
        CHECKOUT_FORM = "checkout_form", _("Ô đánh dấu ở trang thanh toán")
        API_ORDER = "api_order", _("Đặt hàng qua API (checkoutComplete)")
        API_SIGNUP = "api_signup", _("Đăng ký qua API (accountRegister)")
        ACCOUNT_PAGE = "account_page", _("Trang quyền riêng tư của tài khoản")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consents",
    )
    email = models.EmailField(blank=True)
    subject_digest = models.CharField(max_length=64, db_index=True)
    order_number = models.CharField(max_length=20, blank=True, db_index=True)
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    granted = models.BooleanField()
    notice_version = models.CharField(max_length=20)
    source = models.CharField(max_length=16, choices=Source.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "purpose", "-created_at"])]
        constraints = [
            # checkout consent is recorded once per order, however often it completes
            models.UniqueConstraint(
                fields=["order_number", "purpose"],
                condition=~Q(order_number=""),
                name="consent_once_per_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose}:{'granted' if self.granted else 'withdrawn'}:{self.notice_version}"


class AuditAction(models.TextChoices):
    """The registered actions of the audit log (``AuditEntry.action``): dotted codes,
    ``<family>.<verb>``. A code outside this list is refused by ``services_audit.record``."""

    ORDER_REFUND = "order.refund", _("Hoàn tiền đơn hàng")
    ORDER_CASH_PAID = "order.cash_paid", _("Xác nhận đã thu tiền mặt")
    ORDER_CANCEL = "order.cancel", _("Huỷ đơn (trả lại hàng giữ)")
    LEDGER_ADJUST = "ledger.adjust", _("Điều chỉnh số dư")
    COMMISSION_SET = "ledger.commission_set", _("Đặt mức hoa hồng")
    COMMISSION_DELETE = "ledger.commission_delete", _("Xoá mức hoa hồng")
    PAYOUT_CREATE = "payout.create", _("Tạo đợt chi trả")
    PAYOUT_EXPORT = "payout.export", _("Xuất file chi trả")
    PAYOUT_PAID = "payout.paid", _("Xác nhận đã chi trả")
    PAYOUT_CANCEL = "payout.cancel", _("Huỷ đợt chi trả")
    BANK_TRANSFER_REVIEW = "bank.transfer_review", _("Xử lý chuyển khoản")
    SHOP_BANK_DETAILS = "shop.bank_details", _("Đổi tài khoản ngân hàng")
    STOCK_ADJUST = "stock.adjust", _("Điều chỉnh tồn kho")
    STOCK_SET = "stock.set", _("Đặt số tồn kho")
    CONSIGNMENT_SEND = "stock.consignment_send", _("Gửi hàng ký gửi")
    CERTIFICATE_ISSUE = "certificate.issue", _("Cấp chứng nhận OCOP")
    CERTIFICATE_UPDATE = "certificate.update", _("Sửa chứng nhận OCOP")
    CERTIFICATE_REVOKE = "certificate.revoke", _("Thu hồi chứng nhận OCOP")
    PRODUCER_APPROVE = "producer.approve", _("Duyệt nhà sản xuất")
    PRODUCER_REJECT = "producer.reject", _("Từ chối hồ sơ nhà sản xuất")
    PRODUCER_SUSPEND = "producer.suspend", _("Tạm ngừng nhà sản xuất")
    PRODUCER_UPDATE = "producer.update", _("Sửa hồ sơ nhà sản xuất")
    MEMBERSHIP_GRANT = "membership.grant", _("Thêm thành viên gian hàng")
    MEMBERSHIP_ROLE = "membership.role", _("Đổi vai trò thành viên")
    MEMBERSHIP_REVOKE = "membership.revoke", _("Gỡ thành viên gian hàng")
    USER_ROLES = "user.roles", _("Đổi quyền người dùng")
    SHOP_REFUND_THRESHOLD = "shop.refund_threshold", _("Đổi ngưỡng hoàn tiền của nhân viên")


class AuditFamily(models.TextChoices):
    """What the office filters the log by: the four areas of the issue."""

    MONEY = "money", _("Tiền")
    STOCK = "stock", _("Tồn kho")
    CERTIFICATES = "certificates", _("Chứng nhận")
    PERMISSIONS = "permissions", _("Phân quyền")


#: each action's family (an action in none is a bug: tests check every action has one)
AUDIT_FAMILIES: dict[str, tuple[str, ...]] = {
    AuditFamily.MONEY: (
        AuditAction.ORDER_REFUND,
        AuditAction.ORDER_CASH_PAID,
        AuditAction.LEDGER_ADJUST,
        AuditAction.COMMISSION_SET,
        AuditAction.COMMISSION_DELETE,
        AuditAction.PAYOUT_CREATE,
        AuditAction.PAYOUT_EXPORT,
        AuditAction.PAYOUT_PAID,
        AuditAction.PAYOUT_CANCEL,
        AuditAction.BANK_TRANSFER_REVIEW,
        AuditAction.SHOP_BANK_DETAILS,
        AuditAction.SHOP_REFUND_THRESHOLD,
    ),
    AuditFamily.STOCK: (
        AuditAction.ORDER_CANCEL,
        AuditAction.STOCK_ADJUST,
        AuditAction.STOCK_SET,
        AuditAction.CONSIGNMENT_SEND,
    ),
    AuditFamily.CERTIFICATES: (
        AuditAction.CERTIFICATE_ISSUE,
        AuditAction.CERTIFICATE_UPDATE,
        AuditAction.CERTIFICATE_REVOKE,
        AuditAction.PRODUCER_APPROVE,
        AuditAction.PRODUCER_REJECT,
        AuditAction.PRODUCER_SUSPEND,
        AuditAction.PRODUCER_UPDATE,
    ),
    AuditFamily.PERMISSIONS: (
        AuditAction.MEMBERSHIP_GRANT,
        AuditAction.MEMBERSHIP_ROLE,
        AuditAction.MEMBERSHIP_REVOKE,
        AuditAction.USER_ROLES,
    ),
}


class AuditAppendOnly(Exception):
    """An audit entry was about to be changed or deleted (the log is append-only)."""


#: the only change an audit row takes: unlinking a deleted user or shop (labels stay)
AUDIT_UNLINKABLE = frozenset({"actor", "actor_id", "shop", "shop_id"})


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        if (
            not kwargs
            or set(kwargs) - AUDIT_UNLINKABLE
            or any(v is not None for v in kwargs.values())
        ):
            raise AuditAppendOnly("Nhật ký kiểm toán chỉ được ghi thêm.")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditAppendOnly("Nhật ký kiểm toán chỉ được ghi thêm.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AuditAppendOnly("Nhật ký kiểm toán chỉ được ghi thêm.")


class AuditEntry(models.Model):
    """One staff action on money, stock, certificates or permissions: who (kept as a
    label when the user is deleted), in which role and shop, what (a registered action on
    a target), the changed fields before and after (secrets masked), when and from where.

    Append-only: written only by ``marketplace.services_audit.record``; the ORM refuses to
    update or delete a row (``AuditAppendOnly``) and on PostgreSQL a trigger refuses the
    same in SQL (migration 0005). ``hash`` chains each row to the one before it
    (``prev_hash``), so ``manage.py audit_verify`` finds a changed or removed row."""

    created_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=254)
    actor_role = models.CharField(max_length=20)
    shop = models.ForeignKey(
        "shops.Shop", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shop_label = models.CharField(max_length=200, blank=True)
    # an ``AuditAction`` value (no ``choices``: a new action needs no migration)
    action = models.CharField(max_length=40)
    # "app_label.model" rather than a ContentType row: nothing outside the log may change it
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=200, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"  # a deleted user/shop is unlinked through update()
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["shop", "-id"], name="audit_shop_recent"),
            models.Index(fields=["actor", "-id"], name="audit_actor_recent"),
            models.Index(fields=["action", "-id"], name="audit_action_recent"),
        ]
        verbose_name = _("mục nhật ký kiểm toán")
        verbose_name_plural = _("nhật ký kiểm toán")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditAppendOnly("Nhật ký kiểm toán chỉ được ghi thêm.")
        kwargs["force_insert"] = True  # a row with an existing pk fails, never overwrites
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditAppendOnly("Nhật ký kiểm toán chỉ được ghi thêm.")

    @property
    def action_label(self) -> str:
        return (
            str(AuditAction(self.action).label)
            if self.action in AuditAction.values
            else self.action
        )
