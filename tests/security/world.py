"""The world of the authorization matrix: two shops, the seven actors and one object of each
kind a URL or a GraphQL argument can point at, all belonging to the own shop (or to the
customer) so that only the actor changes from cell to cell."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from marketplace.models import Producer, ProducerDocument, User
from orders.models import (
    Address,
    BankTransaction,
    Checkout,
    CheckoutLine,
    Order,
    Payment,
    PaymentMethod,
    PayoutBatch,
    ShopOrder,
)
from orders.selectors.orders import tracking_token_sign
from shops.models import (
    Category,
    Collection,
    Product,
    ProductMedia,
    ProductVariant,
    SalePoint,
    Shop,
)
from storefront.models import Menu
from tests.factories.marketplace import ProducerFactory, UserFactory
from tests.factories.orders import ShippingMethodFactory, ShippingZoneFactory, placed_order
from tests.factories.shops import (
    ProductFactory,
    SalePointMembershipFactory,
    ShopMembershipFactory,
    VariantFactory,
    make_stock,
)
from tests.marketplace.documents import image_bytes, pdf_bytes

#: The seven actors, in the order the tables list them.
ACTORS = ("anonymous", "customer", "other_staff", "staff", "owner", "clerk", "office")

ACTOR_LABELS = {
    "anonymous": "anonymous visitor",
    "customer": "signed-up customer (the buyer of the own shop's order)",
    "other_staff": "another shop's member (its owner)",
    "staff": "own shop's staff",
    "owner": "own shop's owner",
    "clerk": "a sale point's clerk",
    "office": "the OCOP office",
}


@dataclass
class World:
    users: dict[str, User | None]
    shop: Shop
    other_shop: Shop
    product: Product
    variant: ProductVariant
    other_product: Product
    media: ProductMedia
    zone: Any
    method: Any
    order: Order
    shop_order: ShopOrder
    vietqr_order: Order
    card_order: Order
    address: Address
    checkout: Checkout
    payment: Payment
    category: Category
    collection: Collection
    menu: Menu
    document: ProducerDocument
    application: Producer
    payout_batch: PayoutBatch
    bank_transaction: BankTransaction
    sale_point: SalePoint

    @property
    def tracking(self) -> str:
        return tracking_token_sign(self.order)

    @property
    def today(self) -> Any:
        return timezone.localdate()


def build_world() -> World:
    """Everything the tables point at (tests/security/conftest.py's ``world``)."""
    owner_membership = ShopMembershipFactory(role="owner")
    shop = owner_membership.shop
    staff = ShopMembershipFactory(shop=shop, role="staff").user
    other = ShopMembershipFactory(role="owner")
    clerk_membership = SalePointMembershipFactory()
    customer = UserFactory(username="customer")
    office = UserFactory(username="office", is_ocop_office=True, is_staff=True)

    product = ProductFactory(shop=shop)
    variant = VariantFactory(product=product)
    make_stock(variant, 50)
    other_product = ProductFactory(shop=other.shop)
    make_stock(VariantFactory(product=other_product), 50)
    media = ProductMedia.objects.create(
        product=product, image=ContentFile(image_bytes("JPEG"), name="matrix.jpg")
    )
    zone = ShippingZoneFactory(shop=shop)
    method = ShippingMethodFactory(zone=zone)
    order = placed_order([(shop, [(variant, 1)])], user=customer, email="customer@example.vn")
    vietqr = placed_order(
        [(shop, [(variant, 1)])], payment_method=PaymentMethod.VIETQR, user=customer
    )
    card = placed_order(
        [(shop, [(variant, 1)])], payment_method=PaymentMethod.CARD, paid=False, user=customer
    )
    address = Address.objects.create(
        user=customer,
        full_name="Khách Hàng",
        phone="+84912345678",
        province=order.shipping_address.province,
        commune=order.shipping_address.commune,
        street="1 Lý Thường Kiệt",
    )
    category = Category.objects.create(name_vi="Nước mắm", name_en="Fish sauce", slug="nuoc-mam")
    product.category = category
    product.save(update_fields=["category"])
    collection = Collection.objects.create(name_vi="Quà Tết", slug="qua-tet")
    collection.products.add(product)
    menu = Menu.objects.create(name="Chính", slug="navbar")
    checkout = Checkout.objects.create(user=customer, email="customer@example.vn")
    CheckoutLine.objects.create(checkout=checkout, variant=variant, quantity=1)
    payment = Payment.objects.create(
        checkout=checkout,
        method=PaymentMethod.CARD,
        amount=variant.price,
        idempotency_key="matrix-transaction",
        stripe_payment_intent="pi_matrix",
    )
    producer = shop.producer
    producer.applicant = owner_membership.user
    producer.save(update_fields=["applicant"])
    document = ProducerDocument.objects.create(
        producer=producer,
        kind=ProducerDocument.Kind.BUSINESS_REGISTRATION,
        file=ContentFile(pdf_bytes(), name="matrix.pdf"),
        content_type="application/pdf",
    )
    batch = PayoutBatch.objects.create(reference="PO-MATRIX-1", created_by=office)
    bank_transaction = BankTransaction.objects.create(
        transaction_id="MATRIX-1", amount=1000, content="unknown", needs_review=True
    )
    return World(
        users={
            "anonymous": None,
            "customer": customer,
            "other_staff": other.user,
            "staff": staff,
            "owner": owner_membership.user,
            "clerk": clerk_membership.user,
            "office": office,
        },
        shop=shop,
        other_shop=other.shop,
        product=product,
        variant=variant,
        other_product=other_product,
        media=media,
        zone=zone,
        method=method,
        order=order,
        shop_order=order.shop_orders.get(),
        vietqr_order=vietqr,
        card_order=card,
        address=address,
        checkout=checkout,
        payment=payment,
        category=category,
        collection=collection,
        menu=menu,
        document=document,
        application=ProducerFactory(status=Producer.Status.APPLIED),
        payout_batch=batch,
        bank_transaction=bank_transaction,
        sale_point=clerk_membership.sale_point,
    )
