"""Producer shops, catalogue (products, variants, media), sale points, stock locations,
stock, reservations, the stock-movement ledger and consignment transfers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from marketplace.models import AdministrativeUnit, Producer, ProductGroup


class Shop(models.Model):
    class CodRemittance(models.TextChoices):
        """Who holds the cash a carrier collects on delivery (the contract with the carrier)."""

        SHOP = "shop", _("Gian hàng (đơn vị vận chuyển chuyển tiền thu hộ cho gian hàng)")
        PLATFORM = "platform", _("Sàn (đơn vị vận chuyển chuyển tiền thu hộ cho sàn)")

    producer = models.OneToOneField(Producer, on_delete=models.PROTECT, related_name="shop")
    name = models.CharField(_("tên gian hàng / shop name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    logo = models.ImageField(upload_to="shops/logos/", blank=True)
    banner = models.ImageField(upload_to="shops/banners/", blank=True)
    story = models.TextField(_("câu chuyện / story"), blank=True)
    address = models.CharField(_("địa chỉ / address"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại / phone"), max_length=16, blank=True)
    email = models.EmailField(_("email"), blank=True)
    shipping_policy = models.TextField(_("chính sách giao hàng / shipping policy"), blank=True)
    returns_policy = models.TextField(_("chính sách đổi trả / returns policy"), blank=True)
    is_active = models.BooleanField(default=True)
    # COD cash the shop holds is not money the platform owes it: the ledger posts it as
    # collected, so only the commission (a debt of the shop) remains (orders.services.ledger)
    cod_remittance = models.CharField(
        _("tiền thu hộ (COD) do ai giữ"),
        max_length=8,
        choices=CodRemittance.choices,
        default=CodRemittance.SHOP,
    )
    #: Refunds of one shop order adding up to more than this (đồng) need the owner or
    #: the ``refund_any`` power; ``None``: ``settings.SHOP_REFUND_THRESHOLD``.
    refund_threshold = models.PositiveBigIntegerField(
        _("Ngưỡng hoàn tiền của nhân viên (đ)"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ShopPower(models.TextChoices):
    """What a shop member may do. An owner holds every power; a staff member holds the
    ones granted (``ShopMembership.powers``), by default ``STAFF_DEFAULT_POWERS``."""

    MANAGE_PRODUCTS = "manage_products", _("Quản lý sản phẩm, ảnh và nhập CSV")
    MANAGE_STOCK = "manage_stock", _("Quản lý tồn kho")
    MANAGE_ORDERS = "manage_orders", _("Xử lý đơn hàng (xác nhận, giao, huỷ, trả)")
    MANAGE_SHIPPING = "manage_shipping", _("Cấu hình vận chuyển")
    REFUND = "refund", _("Hoàn tiền đến ngưỡng của gian hàng")
    REFUND_ANY = "refund_any", _("Hoàn tiền vượt ngưỡng")
    MARK_CASH_PAID = "mark_cash_paid", _("Xác nhận đã thu tiền mặt (COD)")
    MANAGE_BANK_DETAILS = "manage_bank_details", _("Sửa tài khoản ngân hàng nhận tiền")
    MANAGE_SHOP_PROFILE = "manage_shop_profile", _("Sửa hồ sơ gian hàng (logo, ảnh bìa)")
    MANAGE_STAFF = "manage_staff", _("Quản lý nhân viên và quyền")


#: What an ordinary staff member could always do: the work of the shop, no money.
STAFF_DEFAULT_POWERS = (
    ShopPower.MANAGE_PRODUCTS.value,
    ShopPower.MANAGE_STOCK.value,
    ShopPower.MANAGE_ORDERS.value,
    ShopPower.MANAGE_SHIPPING.value,
)


def staff_default_powers() -> list[str]:
    return list(STAFF_DEFAULT_POWERS)


class ShopMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Chủ gian hàng / Owner")
        STAFF = "staff", _("Nhân viên / Staff")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shop_memberships"
    )
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.STAFF)
    #: A staff member's granted ``ShopPower`` values (a list; ignored for an owner, who
    #: holds them all). JSON so that SQLite runs it too.
    powers = models.JSONField(default=staff_default_powers, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "shop"], name="shopmembership_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.shop_id}:{self.role}"


class SalePoint(models.Model):
    """A showroom selling OCOP products: one provincial, one per former district. Each is a
    sales channel of its own (``channel_slug``) and holds consigned stock."""

    class Level(models.TextChoices):
        PROVINCIAL = "provincial", _("Cấp tỉnh / Provincial")
        DISTRICT = "district", _("Cấp huyện / District")

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=12, choices=Level.choices)
    district = models.ForeignKey(
        AdministrativeUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField(max_length=255)
    phone = models.CharField(max_length=16, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["level", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def channel_slug(self) -> str:
        return f"sale-point-{self.code}"


class SalePointMembership(models.Model):
    """Showroom staff belong to exactly one sale point."""

    class Role(models.TextChoices):
        CLERK = "clerk", _("Thu ngân / Clerk")
        MANAGER = "manager", _("Quản lý / Manager")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sale_point_membership"
    )
    sale_point = models.ForeignKey(SalePoint, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.CLERK)

    def __str__(self) -> str:
        return f"{self.user_id}@{self.sale_point_id}:{self.role}"


class Category(models.Model):
    name_vi = models.CharField(max_length=150)
    name_en = models.CharField(max_length=150)
    slug = models.SlugField(max_length=160, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    product_group = models.ForeignKey(
        ProductGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="categories"
    )
    description_vi = models.TextField(_("mô tả (tiếng Việt) / description (vi)"), blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh) / description (en)"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_vi"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name_vi


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp / Draft")
        PUBLISHED = "published", _("Đang bán / Published")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="products")
    name_vi = models.CharField(_("tên (tiếng Việt) / name (vi)"), max_length=200)
    name_en = models.CharField(_("tên (tiếng Anh) / name (en)"), max_length=200, blank=True)
    slug = models.SlugField(max_length=220, unique=True)
    description_vi = models.TextField(_("mô tả (tiếng Việt) / description (vi)"), blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh) / description (en)"), blank=True)
    product_group = models.ForeignKey(
        ProductGroup,
        on_delete=models.PROTECT,
        related_name="products",
        verbose_name=_("nhóm sản phẩm / product group"),
    )
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
        verbose_name=_("danh mục / category"),
    )
    net_quantity = models.CharField(
        _("khối lượng/thể tích tịnh / net weight/volume"), max_length=60, blank=True
    )
    ingredients = models.TextField(_("thành phần / ingredients"), blank=True)
    shelf_life = models.CharField(_("hạn sử dụng / shelf life"), max_length=100, blank=True)
    storage = models.CharField(_("bảo quản / storage"), max_length=255, blank=True)
    origin_district = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="products_in_district",
        verbose_name=_("huyện xuất xứ (cũ) / origin district"),
    )
    origin_commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        related_name="products_in_commune",
        verbose_name=_("xã xuất xứ / origin commune"),
    )
    status = models.CharField(
        _("trạng thái / status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    units_sold = models.PositiveIntegerField(default=0)
    search_dirty = models.BooleanField(default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["shop", "status"]),
            models.Index(fields=["status", "-published_at"]),
            # the storefront's default order (newest first): a page is read off the index
            models.Index(fields=["-created_at", "-id"], name="product_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.name_vi


class ProductVariant(models.Model):
    """A sellable unit. ``barcode`` is a GS1 EAN-13 or an internal code issued by the
    system (``barcode_is_internal``); prices are integer VND."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(_("tên phân loại / variant name"), max_length=120, blank=True)
    sku = models.CharField(max_length=64, unique=True)
    barcode = models.CharField(_("mã vạch / barcode"), max_length=13, unique=True)
    barcode_is_internal = models.BooleanField(default=False)
    price = models.PositiveBigIntegerField(_("giá (đ) / price (VND)"))
    compare_at_price = models.PositiveBigIntegerField(
        _("giá gốc (đ) / compare-at price"), null=True, blank=True
    )
    weight_grams = models.PositiveIntegerField(
        _("khối lượng vận chuyển (g) / shipping weight (g)"), default=0
    )
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.product.name_vi} {self.name}".strip() if self.name else self.sku


class ProductMedia(models.Model):
    """An image of a product. ``image`` is the EXIF-stripped, orientation-corrected
    original; ``thumbnails`` maps size → {"webp": name, "jpeg": name} in the default
    storage (local or S3)."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="media")
    image = models.ImageField(
        upload_to="products/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    alt = models.CharField(max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    thumbnails = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.image.name or ""


class StockLocation(models.Model):
    """Where stock is: a shop's warehouse or a sale point (which holds stock of many
    shops on consignment)."""

    class Kind(models.TextChoices):
        WAREHOUSE = "warehouse", _("Kho của gian hàng / Shop warehouse")
        SALE_POINT = "sale_point", _("Điểm bán / Sale point")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=200)
    shop = models.ForeignKey(
        Shop, null=True, blank=True, on_delete=models.CASCADE, related_name="warehouses"
    )
    sale_point = models.OneToOneField(
        SalePoint, null=True, blank=True, on_delete=models.CASCADE, related_name="location"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="warehouse", shop__isnull=False, sale_point__isnull=True)
                    | Q(kind="sale_point", shop__isnull=True, sale_point__isnull=False)
                ),
                name="stocklocation_kind_owner",
            ),
        ]
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Stock(models.Model):
    """Quantity on hand of a variant at a location — the one stock truth shared by the web
    shop, livestream deals and the POS. ``shop`` owns the goods (consignment at sale
    points). What is held for checkouts, orders, deals and POS sales is the sum of active
    ``StockReservation`` rows; available = quantity − held. Changes go through
    ``shops.services.stock`` with row locks only."""

    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="stocks")
    location = models.ForeignKey(StockLocation, on_delete=models.PROTECT, related_name="stocks")
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="stocks")
    quantity = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["variant", "location"], name="stock_unique_variant_location"
            ),
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="stock_quantity_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id}@{self.location_id}={self.quantity}"


class StockReservation(models.Model):
    """Quantity held from a stock row for a checkout, an order line, a livestream deal
    or a POS sale. Active reservations (not released, not expired) reduce what is
    available; ``consumed`` ones became a sale that already decremented quantity."""

    class Source(models.TextChoices):
        CHECKOUT = "checkout", _("Giỏ hàng / Checkout")
        ORDER = "order", _("Đơn hàng / Order")
        LIVESTREAM = "livestream", _("Livestream")
        POS = "pos", _("Điểm bán / POS")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang giữ / Active")
        CONSUMED = "consumed", _("Đã dùng / Consumed")
        RELEASED = "released", _("Đã trả / Released")

    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="reservations")
    quantity = models.PositiveIntegerField()
    source = models.CharField(max_length=12, choices=Source.choices)
    reference = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="reservation_quantity_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["source", "reference"]),
            models.Index(fields=["stock", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.source}:{self.reference} x{self.quantity}"


class StockMovement(models.Model):
    """Append-only ledger: every change of a stock quantity, with who and why."""

    class Reason(models.TextChoices):
        INITIAL = "initial", _("Tồn đầu kỳ / Initial stock")
        RESTOCK = "restock", _("Nhập hàng / Restock")
        ADJUSTMENT = "adjustment", _("Điều chỉnh / Adjustment")
        DAMAGE = "damage", _("Hư hỏng / Damaged")
        COUNT = "count", _("Kiểm kê / Stock count")
        IMPORT = "import", _("Nhập từ CSV / CSV import")
        SALE = "sale", _("Bán hàng / Sale")
        RETURN = "return", _("Trả hàng / Return")
        CONSIGNMENT_OUT = "consignment_out", _("Xuất ký gửi / Consignment out")
        CONSIGNMENT_IN = "consignment_in", _("Nhận ký gửi / Consignment in")

    stock = models.ForeignKey(Stock, on_delete=models.CASCADE, related_name="movements")
    delta = models.IntegerField()
    quantity_after = models.IntegerField()
    reason = models.CharField(max_length=20, choices=Reason.choices)
    note = models.CharField(max_length=255, blank=True)
    reference = models.CharField(max_length=100, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.stock_id} {self.delta:+d} ({self.reason})"


class ConsignmentTransfer(models.Model):
    """Goods a shop sends from its warehouse to a sale point (or takes back)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Nháp / Draft")
        SENT = "sent", _("Đã gửi / Sent")
        RECEIVED = "received", _("Đã nhận / Received")
        CANCELLED = "cancelled", _("Đã huỷ / Cancelled")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="consignments")
    source = models.ForeignKey(StockLocation, on_delete=models.PROTECT, related_name="+")
    destination = models.ForeignKey(StockLocation, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("trạng thái / status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    note = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"CT{self.pk}"


class ConsignmentLine(models.Model):
    transfer = models.ForeignKey(
        ConsignmentTransfer, on_delete=models.CASCADE, related_name="lines"
    )
    variant = models.ForeignKey(ProductVariant, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="consignmentline_qty_positive")
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id}:{self.variant_id} x{self.quantity}"


class Collection(models.Model):
    """A curated list of products for storefronts (Saleor's collections): ``manual``
    collections list their products; ``rule`` collections hold the published products
    matching every rule that is set (current OCOP stars between ``stars_min`` and
    ``stars_max``, origin ``district``, ``product_group``), evaluated at query time."""

    class Kind(models.TextChoices):
        MANUAL = "manual", _("Chọn tay / Manual")
        RULE = "rule", _("Theo điều kiện / Rule")

    name_vi = models.CharField(_("tên (tiếng Việt) / name (vi)"), max_length=150)
    name_en = models.CharField(_("tên (tiếng Anh) / name (en)"), max_length=150, blank=True)
    slug = models.SlugField(max_length=160, unique=True)
    description_vi = models.TextField(_("mô tả (tiếng Việt) / description (vi)"), blank=True)
    description_en = models.TextField(_("mô tả (tiếng Anh) / description (en)"), blank=True)
    kind = models.CharField(max_length=6, choices=Kind.choices, default=Kind.MANUAL)
    products = models.ManyToManyField(Product, related_name="collections", blank=True)
    stars_min = models.PositiveSmallIntegerField(null=True, blank=True)
    stars_max = models.PositiveSmallIntegerField(null=True, blank=True)
    district = models.ForeignKey(
        AdministrativeUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"generation": "former", "level": "district"},
    )
    product_group = models.ForeignKey(
        ProductGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_published = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "name_vi"]

    def __str__(self) -> str:
        return self.name_vi


class ShopFollow(models.Model):
    """A buyer follows a shop (to be told of its livestreams). One row per pair."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shop_follows"
    )
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["shop", "user"], name="shop_follow_unique")]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.shop_id}"
