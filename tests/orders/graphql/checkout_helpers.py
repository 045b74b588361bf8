"""Documents and fixtures for the checkout/order API tests, written the way Saleor's
storefront writes them (named operations, variables, fragments)."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import gql, token_for

MONEY = """
fragment Money on Money {
  currency
  amount
}
"""

ADDRESS = """
fragment AddressFragment on Address {
  id
  firstName
  lastName
  companyName
  streetAddress1
  streetAddress2
  city
  cityArea
  postalCode
  countryArea
  country { code country }
  phone
}
"""

CHECKOUT = (
    MONEY
    + ADDRESS
    + """
fragment CheckoutLineFragment on CheckoutLine {
  id
  quantity
  totalPrice { gross { currency amount } }
  unitPrice { gross { ...Money } }
  undiscountedUnitPrice { ...Money }
  requiresShipping
  variant { id name product { name } }
}

fragment PaymentGatewayFragment on PaymentGateway {
  id
  name
  currencies
  config { field value }
}

fragment CheckoutFragment on Checkout {
  id
  token
  email
  discount { ...Money }
  voucherCode
  giftCards { id displayCode currentBalance { ...Money } }
  channel { id slug }
  user { id }
  shippingAddress { ...AddressFragment }
  billingAddress { ...AddressFragment }
  authorizeStatus
  chargeStatus
  isShippingRequired
  quantity
  availablePaymentGateways { ...PaymentGatewayFragment }
  delivery { id shippingMethod { id name } }
  shippingMethods { id name price { ...Money } minimumDeliveryDays maximumDeliveryDays }
  availableCollectionPoints { id name clickAndCollectOption }
  deliveryMethod { __typename ... on ShippingMethod { id name } ... on Warehouse { id name } }
  problems {
    ... on CheckoutProblemDeliveryMethodStale { __typename }
    ... on CheckoutProblemDeliveryMethodInvalid { __typename }
  }
  totalPrice { gross { ...Money } tax { ...Money } }
  shippingPrice { gross { ...Money } }
  subtotalPrice { gross { ...Money } }
  lines { ...CheckoutLineFragment }
  deliveries {
    shop { id name }
    subtotalPrice { gross { amount } }
    shippingPrice { gross { amount } }
    shippingMethods { id name price { amount } }
    availableCollectionPoints { id name }
    deliveryMethod { __typename ... on ShippingMethod { id } ... on Warehouse { id } }
  }
}
"""
)

ERRORS = """
fragment CheckoutErrorFragment on CheckoutError {
  message
  field
  code
  variants
  lines
  addressType
}
"""

CHECKOUT_CREATE = (
    CHECKOUT
    + ERRORS
    + """
mutation checkoutCreate($input: CheckoutCreateInput!) {
  checkoutCreate(input: $input) {
    errors { ...CheckoutErrorFragment }
    checkoutErrors { code }
    checkout { ...CheckoutFragment }
  }
}
"""
)

CHECKOUT_QUERY = (
    CHECKOUT
    + """
query checkout($id: ID!) {
  checkout(id: $id) { ...CheckoutFragment }
}
"""
)

LINES_ADD = (
    CHECKOUT
    + ERRORS
    + """
mutation checkoutLinesAdd($checkoutId: ID!, $lines: [CheckoutLineInput!]!) {
  checkoutLinesAdd(id: $checkoutId, lines: $lines) {
    errors { ...CheckoutErrorFragment }
    checkout { ...CheckoutFragment }
  }
}
"""
)

LINES_UPDATE = (
    CHECKOUT
    + ERRORS
    + """
mutation checkoutLinesUpdate($checkoutId: ID!, $lines: [CheckoutLineUpdateInput!]!) {
  checkoutLinesUpdate(id: $checkoutId, lines: $lines) {
    errors { ...CheckoutErrorFragment }
    checkout { ...CheckoutFragment }
  }
}
"""
)

LINES_DELETE = (
    CHECKOUT
    + ERRORS
    + """
mutation checkoutLinesDelete($checkoutId: ID!, $lineIds: [ID!]!) {
  checkoutLinesDelete(id: $checkoutId, linesIds: $lineIds) {
    errors { ...CheckoutErrorFragment }
    checkout { ...CheckoutFragment }
  }
}
"""
)

LINE_DELETE = (
    CHECKOUT
    + ERRORS
    + """
mutation checkoutLineDelete($checkoutId: ID!, $lineId: ID) {
  checkoutLineDelete(id: $checkoutId, lineId: $lineId) {
    errors { ...CheckoutErrorFragment }
    checkout { ...CheckoutFragment }
  }
}
"""
)

EMAIL_UPDATE = (
    CHECKOUT
    + ERRORS
    + """
mutation checkoutEmailUpdate($email: String!, $checkoutId: ID!) {
  checkoutEmailUpdate(email: $email, id: $checkoutId) {
    errors { ...CheckoutErrorFragment }
    checkout { ...CheckoutFragment }
  }
}
"""
)

SHIPPING_ADDRESS_UPDATE = (
    CHECKOUT
    + ERRORS
    + """
mutation checkoutShippingAddressUpdate(
  $checkoutId: ID!
  $shippingAddress: AddressInput!
  $saveAddress: Boolean
  $validationRules: CheckoutAddressValidationRules
) {
  checkoutShippingAddressUpdate(
    id: $checkoutId
    shippingAddress: $shippingAddress
    saveAddress: $saveAddress
    validationRules: $validationRules
  ) {
    errors { ...CheckoutErrorFragment }
    checkout { ...CheckoutFragment }
  }
}
"""
)

BILLING_ADDRESS_UPDATE = (
    CHECKOUT
    + ERRORS
    + """
mutation checkoutBillingAddressUpdate($checkoutId: ID!, $billingAddress: AddressInput!, $saveAddress: Boolean) {
  checkoutBillingAddressUpdate(id: $checkoutId, billingAddress: $billingAddress, saveAddress: $saveAddress) {
    errors { ...CheckoutErrorFragment }
    checkout { ...CheckoutFragment }
  }
}
"""
)

DELIVERY_OPTIONS = (
    MONEY
    + """
mutation deliveryOptionsCalculate($id: ID!) {
  deliveryOptionsCalculate(id: $id) {
    deliveries {
      id
      shippingMethod { id name active price { ...Money } minimumDeliveryDays maximumDeliveryDays }
    }
    errors { field message code }
  }
}
"""
)

DELIVERY_METHOD_UPDATE = (
    CHECKOUT
    + ERRORS
    + """
mutation checkoutDeliveryMethodUpdate($checkoutId: ID!, $deliveryMethodId: ID!) {
  checkoutDeliveryMethodUpdate(id: $checkoutId, deliveryMethodId: $deliveryMethodId) {
    errors { ...CheckoutErrorFragment }
    checkout { ...CheckoutFragment }
  }
}
"""
)

SHIPPING_METHOD_UPDATE = (
    CHECKOUT
    + ERRORS
    + """
mutation checkoutShippingMethodUpdate($checkoutId: ID!, $shippingMethodId: ID!) {
  checkoutShippingMethodUpdate(id: $checkoutId, shippingMethodId: $shippingMethodId) {
    errors { ...CheckoutErrorFragment }
    checkoutErrors { code }
    checkout { ...CheckoutFragment }
  }
}
"""
)

SHOP_DELIVERY_UPDATE = (
    CHECKOUT
    + ERRORS
    + """
mutation checkoutShopDeliveryUpdate($checkoutId: ID!, $shopId: ID, $shopSlug: String, $shippingMethodId: ID,
                                    $collectionPointId: ID) {
  checkoutShopDeliveryUpdate(id: $checkoutId, shopId: $shopId, shopSlug: $shopSlug,
                             shippingMethodId: $shippingMethodId, collectionPointId: $collectionPointId) {
    errors { ...CheckoutErrorFragment }
    checkout { ...CheckoutFragment }
  }
}
"""
)

GATEWAYS_INITIALIZE = """
mutation paymentGatewaysInitialize($checkoutId: ID!, $paymentGateways: [PaymentGatewayToInitialize!]) {
  paymentGatewayInitialize(id: $checkoutId, paymentGateways: $paymentGateways) {
    errors { field message code }
    gatewayConfigs { id data errors { field message code } }
  }
}
"""

TRANSACTION_INITIALIZE = """
mutation transactionInitialize(
  $checkoutId: ID!
  $action: TransactionFlowStrategyEnum
  $paymentGateway: PaymentGatewayToInitialize!
  $amount: PositiveDecimal
) {
  transactionInitialize(id: $checkoutId, action: $action, paymentGateway: $paymentGateway, amount: $amount) {
    transaction { id actions pspReference authorizedAmount { amount } chargedAmount { amount } }
    transactionEvent { message type pspReference amount { amount } }
    data
    errors { field code message }
  }
}
"""

TRANSACTION_PROCESS = """
mutation transactionProcess($id: ID!, $data: JSON) {
  transactionProcess(id: $id, data: $data) {
    transaction { id actions }
    transactionEvent { message type }
    data
    errors { field code message }
  }
}
"""

ORDER = (
    MONEY
    + ADDRESS
    + """
fragment OrderLineFragment on OrderLine {
  id
  quantity
  productName
  variantName
  productSku
  variant { id name }
  totalPrice { gross { ...Money } }
  unitPrice { gross { ...Money } }
  undiscountedUnitPrice { gross { ...Money } }
  thumbnail(size: 128, format: WEBP) { alt url }
}

fragment OrderFragment on Order {
  id
  number
  token
  created
  status
  statusDisplay
  paymentStatus
  isPaid
  userEmail
  chargeStatus
  authorizeStatus
  channel { slug }
  discounts { type name amount { ...Money } }
  voucher { code }
  shippingAddress { ...AddressFragment }
  billingAddress { ...AddressFragment }
  deliveryMethod { __typename ... on ShippingMethod { name minimumDeliveryDays maximumDeliveryDays } }
  total { gross { ...Money } tax { ...Money } }
  shippingPrice { gross { ...Money } }
  subtotal { gross { ...Money } }
  totalBalance { ...Money }
  totalCaptured { ...Money }
  lines { ...OrderLineFragment }
  fulfillments { id status trackingNumber lines { id quantity orderLine { id } } }
  shopOrders {
    number
    status
    shop { id name }
    lines { id productName quantity }
    subtotal { gross { amount } }
    shippingPrice { gross { amount } }
    total { gross { amount } }
    carrier
    trackingNumber
    isPaid
  }
}
"""
)

CHECKOUT_COMPLETE = (
    ORDER
    + """
mutation checkoutComplete($checkoutId: ID!) {
  checkoutComplete(id: $checkoutId) {
    errors { field message code variants lines }
    checkoutErrors { code }
    confirmationNeeded
    order { ...OrderFragment }
  }
}
"""
)

ORDER_QUERY = (
    ORDER
    + """
query order($id: ID!) {
  order(id: $id) { ...OrderFragment }
}
"""
)

ORDER_BY_TOKEN = (
    ORDER
    + """
query orderByToken($token: UUID!) {
  orderByToken(token: $token) { ...OrderFragment }
}
"""
)


def address_input(**overrides: Any) -> dict[str, Any]:
    """A Vietnamese address the Saleor way: province in countryArea, commune and former
    district in city."""
    data = {
        "firstName": "Văn An",
        "lastName": "Nguyễn",
        "streetAddress1": "12 Quang Trung",
        "city": "Xã Minh Hóa, Huyện Minh Hóa",
        "countryArea": "Tỉnh Quảng Trị",
        "country": "VN",
        "phone": "+84912345678",
    }
    data.update(overrides)
    return data


def run(
    client: Any, query: str, variables: dict[str, Any] | None = None, user: Any = None
) -> dict[str, Any]:
    """Posts ``query``; fails on top-level GraphQL errors; returns ``data``."""
    answer = gql(client, query, variables, token=token_for(user))
    assert "errors" not in answer, answer.get("errors")
    return answer["data"]
