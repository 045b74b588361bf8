"""Saleor's checkout, payment and order types over our models, one module per domain.
Multi-vendor extensions: ``Checkout.deliveries`` (one delivery choice per shop) and
``Order.shopOrders``. Money is integer VND (``marketplace.graphql.money``).

Other apps refer to these types by module (``"orders.graphql.types.warehouse.Warehouse"``);
this package exports the public names."""

from .address import (
    Address,
    AddressValidationData,
    CheckoutAddressValidationRules,
    CheckoutValidationRules,
    ChoiceValue,
    PlainAddress,
)
from .checkout import Checkout, CheckoutCountableConnection, CheckoutShopDelivery
from .checkout_line import (
    CheckoutLine,
    CheckoutLineProblem,
    CheckoutLineProblemInsufficientStock,
    CheckoutLineProblemVariantNotAvailable,
    CheckoutProblem,
    CheckoutProblemDeliveryMethodInvalid,
    CheckoutProblemDeliveryMethodStale,
)
from .delivery import Delivery, DeliveryMethod, ShippingMethod, ShippingMethodTranslation
from .discounts import GiftCard, OrderDiscount, Voucher
from .fulfilment import Fulfillment, FulfillmentLine, FulfillmentLineView, FulfillmentView
from .order import Order, OrderCountableConnection
from .order_line import OrderLine
from .payments import (
    EventView,
    GatewayConfigLine,
    PaymentGateway,
    PaymentGatewayConfig,
    TransactionEvent,
    TransactionItem,
    payment_event,
)
from .shop_order import (
    DeliveryKindEnum,
    ShopOrder,
    ShopOrderCountableConnection,
    ShopOrderStatusEnum,
)
from .warehouse import Warehouse

__all__ = [
    "Address",
    "AddressValidationData",
    "Checkout",
    "CheckoutAddressValidationRules",
    "CheckoutCountableConnection",
    "CheckoutLine",
    "CheckoutLineProblem",
    "CheckoutLineProblemInsufficientStock",
    "CheckoutLineProblemVariantNotAvailable",
    "CheckoutProblem",
    "CheckoutProblemDeliveryMethodInvalid",
    "CheckoutProblemDeliveryMethodStale",
    "CheckoutShopDelivery",
    "CheckoutValidationRules",
    "ChoiceValue",
    "Delivery",
    "DeliveryKindEnum",
    "DeliveryMethod",
    "EventView",
    "Fulfillment",
    "FulfillmentLine",
    "FulfillmentLineView",
    "FulfillmentView",
    "GatewayConfigLine",
    "GiftCard",
    "Order",
    "OrderCountableConnection",
    "OrderDiscount",
    "OrderLine",
    "PaymentGateway",
    "PaymentGatewayConfig",
    "PlainAddress",
    "ShippingMethod",
    "ShippingMethodTranslation",
    "ShopOrder",
    "ShopOrderCountableConnection",
    "ShopOrderStatusEnum",
    "TransactionEvent",
    "TransactionItem",
    "Voucher",
    "Warehouse",
    "payment_event",
]
