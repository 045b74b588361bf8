"""Carts (checkouts), customer orders split into shop orders, payments (Stripe cards, cash
on delivery, VietQR bank transfer), refunds, shipping configuration, the commission
ledger and payout batches. Money is integer VND (đồng) everywhere."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import AdministrativeUnit, ProductGroup
from shops.models import ProductVariant, SalePoint, Shop, StockLocation

DEFAULT_CHANNEL = "default-channel"


class Address(models.Model):
    """A Vietnamese postal address: current province and commune (since 1 July 2025),
    optionally the former district (what shipping zones inside the province use), and
    the street line. Users keep an address book (``user`` set); checkouts and orders hold
    their own copies, so editing the book never rewrites an order."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="addresses",
    )
    full_name = models.CharField(_("họ tên / full name"), max_length=150)
    phone = models.CharField(_("điện thoại / phone"), max_length=16)
    province = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tỉnh / province"),
    )
    district = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("huyện (cũ) / former district"),
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("xã / commune"),
    )
    street = models.CharField(_("số nhà, đường / street"), max_length=255)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return ", ".join(p for p in (self.street, self.commune.name, self.province.name) if p)

    def as_lines(self) -> list[str]:
        parts = [self.full_name, self.phone, self.street, self.commune.full_name]
        if self.district_id:
            parts.append(self.district.full_name)  # type: ignore[union-attr]
        parts.append(self.province.full_name)
        return [p for p in parts if p]


class PaymentMethod(models.TextChoices):
    CARD = "card", _("Thẻ (Stripe) / Card")
    COD = "cod", _("Thanh toán khi nhận hàng / Cash on delivery")
    VIETQR = "vietqr", _("Chuyển khoản VietQR / Bank transfer (VietQR)")
    CASH = "cash", _("Tiền mặt tại quầy / Cash at the counter")
    DUMMY = "dummy", _("Cổng thử nghiệm / Test gateway")


class Checkout(models.Model):
    """A cart that becomes an order. Anonymous carts are found by ``token`` (cookie or
    Saleor checkout id) and merged into the account at login. Prices are never stored
    here: they are read from the catalogue at every step and at completion."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="checkouts",
    )
    channel = models.CharField(max_length=60, default=DEFAULT_CHANNEL)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=16, blank=True)
    shipping_address = models.OneToOneField(
        Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    billing_address = models.OneToOneField(
        Address, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payment_method = models.CharField(max_length=8, choices=PaymentMethod.choices, blank=True)
    note = models.TextField(blank=True)
    language_code = models.CharField(max_length=8, default="vi")
    # public key → value strings a storefront keeps on the checkout (Saleor's metadata)
    metadata = models.JSONField(default=dict, blank=True)
    completed_order = models.OneToOneField(
        "Order", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["user", "-updated_at"])]

    def __str__(self) -> str:
        return str(self.token)


class CheckoutLine(models.Model):
    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["checkout", "variant"], name="checkoutline_unique_variant"
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="checkoutline_qty_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.checkout_id}:{self.variant_id} x{self.quantity}"


class DeliveryKind(models.TextChoices):
    SHIPPING = "shipping", _("Giao hàng / Shipping")
    PICKUP = "pickup", _("Nhận tại điểm bán / Pickup at a sale point")


class CheckoutDelivery(models.Model):
    """The buyer's delivery choice for one shop's lines of a checkout."""

    checkout = models.ForeignKey(Checkout, on_delete=models.CASCADE, related_name="deliveries")
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=DeliveryKind.choices)
    shipping_method = models.ForeignKey(
        "ShippingMethod", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sale_point = models.ForeignKey(
        SalePoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["checkout", "shop"], name="checkoutdelivery_unique_shop"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checkout_id}:{self.shop_id}:{self.kind}"


# --- Shipping configuration (per shop) -------------------------------------------------


class ShippingZone(models.Model):
    """Where a shop ships: a set of provinces and/or former districts. A zone with neither
    is the shop's "rest of Vietnam". The most specific matching zone wins (district, then
    province, then rest of country)."""

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="shipping_zones")
    name = models.CharField(_("tên vùng / zone name"), max_length=120)
    provinces = models.ManyToManyField(AdministrativeUnit, blank=True, related_name="+")
    districts = models.ManyToManyField(AdministrativeUnit, blank=True, related_name="+")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["shop", "name"]

    def __str__(self) -> str:
        return self.name


class ShippingMethod(models.Model):
    """A rate in a zone: flat, or by weight bands; free above an order value when set."""

    class Kind(models.TextChoices):
        FLAT = "flat", _("Đồng giá / Flat rate")
        WEIGHT = "weight", _("Theo khối lượng / By weight")

    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="methods")
    name_vi = models.CharField(_("tên (tiếng Việt) / name (vi)"), max_length=120)
    name_en = models.CharField(_("tên (tiếng Anh) / name (en)"), max_length=120, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.FLAT)
    price = models.PositiveBigIntegerField(_("phí (đ) / fee (VND)"), default=0)
    free_above = models.PositiveBigIntegerField(
        _("miễn phí từ (đ) / free above (VND)"), null=True, blank=True
    )
    min_days = models.PositiveSmallIntegerField(_("giao sớm nhất (ngày) / min days"), default=1)
    max_days = models.PositiveSmallIntegerField(_("giao muộn nhất (ngày) / max days"), default=3)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["zone", "price", "id"]

    def __str__(self) -> str:
        return self.name_vi


class ShippingWeightBand(models.Model):
    """Fee for parcels up to ``max_grams`` (the smallest band that fits applies)."""

    method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="bands")
    max_grams = models.PositiveIntegerField()
    price = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["method", "max_grams"]
        constraints = [
            models.UniqueConstraint(fields=["method", "max_grams"], name="weightband_unique"),
        ]

    def __str__(self) -> str:
        return f"≤{self.max_grams} g: {self.price}"


# --- Orders -----------------------------------------------------------------------------


class Order(models.Model):
    """What the buyer placed and paid once. Its ``status`` is derived from the shop
    orders (``orders.services.fulfilment.order_status_refresh``)."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Chờ thanh toán / Awaiting payment")
        UNFULFILLED = "unfulfilled", _("Chờ xử lý / Unfulfilled")
        PARTIALLY_FULFILLED = "partially_fulfilled", _("Đã gửi một phần / Partially fulfilled")
        FULFILLED = "fulfilled", _("Đã gửi hàng / Fulfilled")
        COMPLETED = "completed", _("Hoàn tất / Completed")
        CANCELLED = "cancelled", _("Đã huỷ / Cancelled")
        RETURNED = "returned", _("Đã trả hàng / Returned")
        EXPIRED = "expired", _("Hết hạn thanh toán / Expired")

    class PaymentStatus(models.TextChoices):
        NOT_CHARGED = "not_charged", _("Chưa thanh toán / Not paid")
        PENDING = "pending", _("Đang chờ / Pending")
        PARTIALLY_CHARGED = "partially_charged", _("Thanh toán một phần / Partially paid")
        FULLY_CHARGED = "fully_charged", _("Đã thanh toán / Paid")
        OVERCHARGED = "overcharged", _("Thanh toán thừa / Overpaid")
        PARTIALLY_REFUNDED = "partially_refunded", _("Hoàn tiền một phần / Partially refunded")
        FULLY_REFUNDED = "fully_refunded", _("Đã hoàn tiền / Refunded")

    number = models.CharField(max_length=20, unique=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    channel = models.CharField(max_length=60, default=DEFAULT_CHANNEL)
    email = models.EmailField()
    phone = models.CharField(max_length=16)
    shipping_address = models.OneToOneField(
        Address, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    billing_address = models.OneToOneField(
        Address, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    payment_method = models.CharField(max_length=8, choices=PaymentMethod.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UNFULFILLED)
    payment_status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.NOT_CHARGED
    )
    subtotal = models.PositiveBigIntegerField(default=0)
    shipping_total = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    amount_paid = models.BigIntegerField(default=0)
    amount_refunded = models.BigIntegerField(default=0)
    payment_due_at = models.DateTimeField(null=True, blank=True)
    #: until when the unpaid order's stock reservations hold (a bank-transfer order keeps
    #: waiting for the money until ``payment_due_at`` without holding the goods)
    stock_held_until = models.DateTimeField(null=True, blank=True)
    #: who placed it, for the stock-hold limits (``orders.services.holds``): the client
    #: address and a digest of the normalised shipping address
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    address_key = models.CharField(max_length=32, blank=True)
    note = models.TextField(blank=True)
    language_code = models.CharField(max_length=8, default="vi")
    checkout_token = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"]),
            models.Index(fields=["phone"]),
            models.Index(fields=["status", "payment_due_at"]),
            models.Index(fields=["client_ip"], name="order_client_ip_idx"),
            models.Index(fields=["address_key"], name="order_address_key_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class ShopOrder(models.Model):
    """One shop's part of an order: what it fulfils, its own state machine, its shipping
    fee and the platform's commission."""

    class Status(models.TextChoices):
        UNFULFILLED = "unfulfilled", _("Chờ xác nhận / Unfulfilled")
        CONFIRMED = "confirmed", _("Đã xác nhận / Confirmed")
        PACKED = "packed", _("Đã đóng gói / Packed")
        SHIPPED = "shipped", _("Đang giao / Shipped")
        DELIVERED = "delivered", _("Đã giao / Delivered")
        COMPLETED = "completed", _("Hoàn tất / Completed")
        CANCELLED = "cancelled", _("Đã huỷ / Cancelled")
        RETURNED = "returned", _("Đã trả hàng / Returned")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shop_orders")
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="shop_orders")
    number = models.CharField(max_length=24, unique=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNFULFILLED)
    delivery_kind = models.CharField(
        max_length=8, choices=DeliveryKind.choices, default=DeliveryKind.SHIPPING
    )
    shipping_method = models.ForeignKey(
        ShippingMethod, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    shipping_method_name = models.CharField(max_length=120, blank=True)
    delivery_min_days = models.PositiveSmallIntegerField(null=True, blank=True)
    delivery_max_days = models.PositiveSmallIntegerField(null=True, blank=True)
    sale_point = models.ForeignKey(
        SalePoint, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stock_location = models.ForeignKey(StockLocation, on_delete=models.PROTECT, related_name="+")
    subtotal = models.PositiveBigIntegerField(default=0)
    shipping_fee = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    commission = models.PositiveBigIntegerField(default=0)
    is_paid = models.BooleanField(default=False)
    paid_at = models.DateTimeField(null=True, blank=True)
    amount_refunded = models.BigIntegerField(default=0)
    carrier = models.CharField(_("đơn vị vận chuyển / carrier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("mã vận đơn / tracking number"), max_length=60, blank=True)
    cancel_reason = models.CharField(max_length=255, blank=True)
    delivery_failed = models.BooleanField(default=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["shop", "status", "-created_at"]),
            models.Index(fields=["shop", "-created_at"]),
        ]

    def __str__(self) -> str:
        return self.number


class OrderLine(models.Model):
    """A snapshot of what was sold: names, SKU and price at the time of the order."""

    shop_order = models.ForeignKey(ShopOrder, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        ProductVariant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    product_name = models.CharField(max_length=200)
    product_name_en = models.CharField(max_length=200, blank=True)
    variant_name = models.CharField(max_length=120, blank=True)
    sku = models.CharField(max_length=64)
    barcode = models.CharField(max_length=13, blank=True)
    product_group = models.ForeignKey(
        ProductGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit_price = models.PositiveBigIntegerField()
    quantity = models.PositiveIntegerField()
    quantity_fulfilled = models.PositiveIntegerField(default=0)
    total = models.PositiveBigIntegerField()
    weight_grams = models.PositiveIntegerField(default=0)
    commission_rate_bp = models.PositiveIntegerField(default=0)  # basis points (1/100 %)
    commission = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="orderline_qty_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.sku} x{self.quantity}"


class OrderEvent(models.Model):
    """Append-only history of an order and its shop orders: who did what, when."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    shop_order = models.ForeignKey(
        ShopOrder, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}:{self.kind}"


# --- Payments ---------------------------------------------------------------------------


class Payment(models.Model):
    """One attempt to collect money for an order (or, in Saleor's pay-first flow, for a
    checkout before it becomes an order). ``amount`` is whole đồng; Stripe's VND is
    zero-decimal so the same number goes to Stripe."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ / Pending")
        AUTHORIZED = "authorized", _("Đã cấp phép / Authorized")
        SUCCEEDED = "succeeded", _("Thành công / Succeeded")
        FAILED = "failed", _("Thất bại / Failed")
        CANCELLED = "cancelled", _("Đã huỷ / Cancelled")
        REFUNDED = "refunded", _("Đã hoàn tiền / Refunded")

    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.CASCADE, related_name="payments"
    )
    checkout = models.ForeignKey(
        Checkout, null=True, blank=True, on_delete=models.SET_NULL, related_name="payments"
    )
    method = models.CharField(max_length=8, choices=PaymentMethod.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    amount = models.PositiveBigIntegerField()
    captured_amount = models.BigIntegerField(default=0)
    refunded_amount = models.BigIntegerField(default=0)
    currency = models.CharField(max_length=3, default="VND")
    stripe_payment_intent = models.CharField(max_length=255, blank=True, db_index=True)
    client_secret = models.CharField(max_length=255, blank=True)
    idempotency_key = models.CharField(max_length=160, unique=True)
    failure_message = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.method}:{self.amount}:{self.status}"


class Refund(models.Model):
    """Money returned for one shop order, through the method used: a Stripe refund, or a
    recorded manual refund (COD, bank transfer)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang xử lý / Pending")
        SUCCEEDED = "succeeded", _("Thành công / Succeeded")
        FAILED = "failed", _("Thất bại / Failed")

    shop_order = models.ForeignKey(
        ShopOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="refunds"
    )
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.PositiveBigIntegerField()
    method = models.CharField(max_length=8, choices=PaymentMethod.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=255, blank=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive")
        ]

    def __str__(self) -> str:
        return f"refund {self.amount} ({self.method})"


class StripeEvent(models.Model):
    """Every verified Stripe webhook event, stored once by its id; ``processed_at`` marks
    it applied (redeliveries are acknowledged and skipped)."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=80)
    payload = models.JSONField()
    processed_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"


class BankTransaction(models.Model):
    """A credit reported by the bank feed (SePay/payOS-style webhook), stored once by the
    bank's transaction id and matched to an order by the order code in its content."""

    class Match(models.TextChoices):
        MATCHED = "matched", _("Khớp đủ / Matched")
        PARTIAL = "partial", _("Thiếu tiền / Partial payment")
        OVERPAID = "overpaid", _("Thừa tiền / Overpayment")
        LATE = "late", _("Đến muộn / Late (order closed)")
        DUPLICATE = "duplicate", _("Trùng / Already paid")
        UNMATCHED = "unmatched", _("Không khớp / Unmatched")

    provider = models.CharField(max_length=20, default="sepay")
    transaction_id = models.CharField(max_length=100)
    account_number = models.CharField(max_length=30, blank=True)
    amount = models.BigIntegerField()
    content = models.CharField(max_length=500, blank=True)
    transaction_at = models.DateTimeField(null=True, blank=True)
    order = models.ForeignKey(
        Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="bank_transactions"
    )
    match = models.CharField(max_length=10, choices=Match.choices, default=Match.UNMATCHED)
    needs_review = models.BooleanField(default=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "transaction_id"], name="banktx_unique_id"),
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.transaction_id} {self.amount}"


# --- Commission, ledger, payouts ---------------------------------------------------------


class CommissionRule(models.Model):
    """The platform's commission in basis points (800 = 8 %). The most specific rule
    wins: shop + product group, shop, product group, then ``settings.OCOP_COMMISSION_BP``."""

    shop = models.ForeignKey(
        Shop, null=True, blank=True, on_delete=models.CASCADE, related_name="commission_rules"
    )
    product_group = models.ForeignKey(
        ProductGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    rate_bp = models.PositiveIntegerField(_("hoa hồng (phần vạn) / commission (basis points)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["shop", "product_group"], name="commission_unique"),
            # NULLs are distinct in a unique index: one default per group, one per shop
            models.UniqueConstraint(
                fields=["product_group"],
                condition=Q(shop__isnull=True),
                name="commission_unique_group_default",
            ),
            models.UniqueConstraint(
                fields=["shop"],
                condition=Q(product_group__isnull=True),
                name="commission_unique_shop_default",
            ),
            models.CheckConstraint(condition=Q(rate_bp__lte=10000), name="commission_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.shop_id}/{self.product_group_id}: {self.rate_bp}bp"


class LedgerEntry(models.Model):
    """What the platform owes a shop, in signed whole đồng (positive: owed to the shop).
    Entries of a shop order become payable (``available_at``) once it is delivered and
    the return window has passed; payouts are negative and payable at once. Cash on
    delivery the shop collected itself is a ``COD_CASH`` entry (− the cash), so such a sale
    nets to the commission the shop owes; a negative balance carries forward and is netted
    against card and VietQR sales, never paid out."""

    class Kind(models.TextChoices):
        SALE = "sale", _("Doanh thu bán hàng / Sale")
        COMMISSION = "commission", _("Hoa hồng sàn / Commission")
        SHIPPING = "shipping", _("Phí vận chuyển / Shipping")
        REFUND = "refund", _("Hoàn tiền / Refund")
        ADJUSTMENT = "adjustment", _("Điều chỉnh / Adjustment")
        PAYOUT = "payout", _("Chi trả / Payout")
        COD_CASH = "cod_cash", _("Tiền thu hộ (COD) gian hàng đã giữ")

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="ledger_entries")
    shop_order = models.ForeignKey(
        ShopOrder, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    payout = models.ForeignKey(
        "Payout", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    refund = models.ForeignKey(
        Refund, null=True, blank=True, on_delete=models.PROTECT, related_name="ledger_entries"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    amount = models.BigIntegerField()
    description = models.CharField(max_length=255, blank=True)
    available_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["shop", "created_at"]),
            models.Index(fields=["shop", "available_at"]),
        ]
        # Posting is idempotent at the database level too: a shop order's sale, shipping
        # and commission once; each refund's entries once; each payout's entry once.
        constraints = [
            models.UniqueConstraint(
                fields=["shop_order", "kind"],
                condition=Q(
                    refund__isnull=True, kind__in=["sale", "shipping", "commission", "cod_cash"]
                ),
                name="ledger_once_per_shop_order",
            ),
            models.UniqueConstraint(fields=["refund", "kind"], name="ledger_once_per_refund"),
            models.UniqueConstraint(
                fields=["payout"], condition=Q(kind="payout"), name="ledger_once_per_payout"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shop_id} {self.kind} {self.amount:+d}"


class PayoutBatch(models.Model):
    """A set of bank transfers to shops prepared by the OCOP office: exported as a CSV
    transfer file, then marked paid (which posts the payout ledger entries)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp / Draft")
        EXPORTED = "exported", _("Đã xuất file / Exported")
        PAID = "paid", _("Đã chi / Paid")
        CANCELLED = "cancelled", _("Đã huỷ / Cancelled")

    reference = models.CharField(max_length=30, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    total = models.BigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Shops with a payable balance left out of the batch, and why (no bank details, below
    # the minimum): [{"shop_id", "shop_name", "shop_slug", "amount", "reason"}].
    skipped = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference


class Payout(models.Model):
    """One shop's transfer in a batch, with the bank details as they were when prepared."""

    batch = models.ForeignKey(PayoutBatch, on_delete=models.CASCADE, related_name="payouts")
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="payouts")
    amount = models.PositiveBigIntegerField()
    bank_bin = models.CharField(max_length=6, blank=True)
    bank_name = models.CharField(max_length=100, blank=True)
    account_number = models.CharField(max_length=30)
    account_name = models.CharField(max_length=150)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "shop"], name="payout_unique_shop"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payout_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.shop_id} {self.amount}"
