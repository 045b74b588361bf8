"""The orders app's mutations, one per module (Saleor's names): the checkout, payment and
completion mutations of the storefront and the shop staff's ``orderFulfill``. Each is a
``marketplace.graphql.errors.BaseMutation``: declarative permission, objects loaded by
global ID through scoped selectors, input cleaned, one service called, errors mapped onto
Saleor's codes; ``base`` holds what they share."""

from .checkout_add_promo_code import CheckoutAddPromoCode
from .checkout_billing_address_update import CheckoutBillingAddressUpdate
from .checkout_complete import CheckoutComplete
from .checkout_create import CheckoutCreate
from .checkout_customer_attach import CheckoutCustomerAttach
from .checkout_customer_detach import CheckoutCustomerDetach
from .checkout_customer_note_update import CheckoutCustomerNoteUpdate
from .checkout_delivery_method_update import CheckoutDeliveryMethodUpdate
from .checkout_email_update import CheckoutEmailUpdate
from .checkout_language_code_update import CheckoutLanguageCodeUpdate
from .checkout_line_delete import CheckoutLineDelete
from .checkout_lines_add import CheckoutLinesAdd
from .checkout_lines_delete import CheckoutLinesDelete
from .checkout_lines_update import CheckoutLinesUpdate
from .checkout_remove_promo_code import CheckoutRemovePromoCode
from .checkout_shipping_address_update import CheckoutShippingAddressUpdate
from .checkout_shipping_method_update import CheckoutShippingMethodUpdate
from .checkout_shop_delivery_update import CheckoutShopDeliveryUpdate
from .delivery_options_calculate import DeliveryOptionsCalculate
from .order_fulfill import OrderFulfill
from .payment_gateway_initialize import PaymentGatewayInitialize
from .transaction_initialize import TransactionInitialize
from .transaction_process import TransactionProcess
from .update_metadata import UpdateMetadata

__all__ = [
    "CheckoutAddPromoCode",
    "CheckoutBillingAddressUpdate",
    "CheckoutComplete",
    "CheckoutCreate",
    "CheckoutCustomerAttach",
    "CheckoutCustomerDetach",
    "CheckoutCustomerNoteUpdate",
    "CheckoutDeliveryMethodUpdate",
    "CheckoutEmailUpdate",
    "CheckoutLanguageCodeUpdate",
    "CheckoutLineDelete",
    "CheckoutLinesAdd",
    "CheckoutLinesDelete",
    "CheckoutLinesUpdate",
    "CheckoutRemovePromoCode",
    "CheckoutShippingAddressUpdate",
    "CheckoutShippingMethodUpdate",
    "CheckoutShopDeliveryUpdate",
    "DeliveryOptionsCalculate",
    "OrderFulfill",
    "PaymentGatewayInitialize",
    "TransactionInitialize",
    "TransactionProcess",
    "UpdateMetadata",
]
