"""The GraphQL mutation rows of the authorization matrix (see graphql_rows.py). Each document
is minimal: an allowed actor may get validation errors back, which shows the permission
check let them through; a refused one gets ``PermissionDenied`` or ``NOT_FOUND``."""

from __future__ import annotations

from typing import Any

from tests.orders.graphql.checkout_helpers import address_input
from tests.shops.graphql.producer_helpers import DEFAULT_CHANNEL, product_input, variant_input
from tests.support.graphql import gid

from .graphql_build import CUSTOMER_ONLY, PUBLIC, SHOP_MEMBERS, SIGNED_IN, id_of, mutation


def _checkout(world: Any, **more: Any) -> dict[str, Any]:
    return {"id": gid("Checkout", str(world.checkout.token)), **more}


def _line_id(world: Any) -> str:
    return gid("CheckoutLine", world.checkout.lines.get().pk)


#: The customer's own checkout (a cart with one line of the own shop's product).
CHECKOUT = CUSTOMER_ONLY
ID = "$id: ID"
USE_ID = "id: $id"

ACCOUNT_ROWS = [
    mutation(
        "tokenCreate",
        PUBLIC,
        use='email: "nobody@example.vn", password: "wrong-password"',
    ),
    mutation("tokenRefresh", PUBLIC, use='refreshToken: "not-a-token"'),
    mutation("tokenVerify", PUBLIC, use='token: "not-a-token"'),
    mutation("tokensDeactivateAll", SIGNED_IN),
    mutation(
        "requestPasswordReset",
        PUBLIC,
        use='email: "nobody@example.vn", redirectUrl: "http://testserver/reset/"',
    ),
    mutation("setPassword", PUBLIC, use='email: "nobody@example.vn", password: "x", token: "x"'),
    mutation("passwordChange", SIGNED_IN, use='newPassword: "x", oldPassword: "y"'),
    mutation(
        "accountRegister",
        PUBLIC,
        use='input: {email: "new@example.vn", password: "x"}',
    ),
    mutation("accountUpdate", SIGNED_IN, use='input: {firstName: "An"}'),
    mutation(
        "accountAddressCreate",
        SIGNED_IN,
        declare="$input: AddressInput!",
        use="input: $input",
        variables=lambda w: {"input": address_input()},
    ),
    mutation(
        "accountAddressUpdate",
        CUSTOMER_ONLY,
        declare="$id: ID!, $input: AddressInput!",
        use="id: $id, input: $input",
        variables=lambda w: {"id": gid("Address", w.address.pk), "input": address_input()},
    ),
    mutation(
        "accountAddressDelete",
        CUSTOMER_ONLY,
        declare="$id: ID!",
        use=USE_ID,
        variables=id_of("Address", "address"),
    ),
    mutation(
        "accountSetDefaultAddress",
        CUSTOMER_ONLY,
        declare="$id: ID!",
        use="id: $id, type: SHIPPING",
        variables=id_of("Address", "address"),
    ),
    mutation("confirmAccount", PUBLIC, use='email: "nobody@example.vn", token: "x"'),
    mutation("accountRequestDeletion", SIGNED_IN, use='redirectUrl: "http://testserver/delete/"'),
    mutation("accountDelete", SIGNED_IN, use='token: "not-a-token"'),
]

ORDER_ROWS = [
    mutation(
        "orderFulfill",
        SHOP_MEMBERS,
        declare="$order: ID",
        use="order: $order, input: {lines: []}",
        variables=lambda w: {"order": gid("Order", str(w.order.token))},
    ),
]

CHECKOUT_ROWS = [
    mutation(
        "checkoutCreate",
        PUBLIC,
        declare="$variant: ID!",
        use="input: {lines: [{variantId: $variant, quantity: 1}]}",
        variables=lambda w: {"variant": gid("ProductVariant", w.variant.pk)},
    ),
    mutation(
        "checkoutLinesAdd",
        CHECKOUT,
        declare="$id: ID, $variant: ID!",
        use="id: $id, lines: [{variantId: $variant, quantity: 1}]",
        variables=lambda w: _checkout(w, variant=gid("ProductVariant", w.variant.pk)),
    ),
    mutation(
        "checkoutLinesUpdate",
        CHECKOUT,
        declare="$id: ID, $variant: ID!",
        use="id: $id, lines: [{variantId: $variant, quantity: 2}]",
        variables=lambda w: _checkout(w, variant=gid("ProductVariant", w.variant.pk)),
    ),
    mutation(
        "checkoutLinesDelete",
        CHECKOUT,
        declare="$id: ID, $line: ID!",
        use="id: $id, linesIds: [$line]",
        variables=lambda w: _checkout(w, line=_line_id(w)),
    ),
    mutation(
        "checkoutLineDelete",
        CHECKOUT,
        declare="$id: ID, $line: ID",
        use="id: $id, lineId: $line",
        variables=lambda w: _checkout(w, line=_line_id(w)),
    ),
    mutation(
        "checkoutEmailUpdate",
        CHECKOUT,
        declare=ID,
        use='id: $id, email: "an@example.vn"',
        variables=_checkout,
    ),
    mutation(
        "checkoutShippingAddressUpdate",
        CHECKOUT,
        declare="$id: ID, $address: AddressInput!",
        use="id: $id, shippingAddress: $address",
        variables=lambda w: _checkout(w, address=address_input()),
    ),
    mutation(
        "checkoutBillingAddressUpdate",
        CHECKOUT,
        declare="$id: ID, $address: AddressInput!",
        use="id: $id, billingAddress: $address",
        variables=lambda w: _checkout(w, address=address_input()),
    ),
    mutation(
        "checkoutDeliveryMethodUpdate",
        CHECKOUT,
        declare="$id: ID, $method: ID",
        use="id: $id, deliveryMethodId: $method",
        variables=lambda w: _checkout(w, method=gid("ShippingMethod", w.method.pk)),
    ),
    mutation(
        "checkoutShippingMethodUpdate",
        CHECKOUT,
        declare="$id: ID, $method: ID",
        use="id: $id, shippingMethodId: $method",
        variables=lambda w: _checkout(w, method=gid("ShippingMethod", w.method.pk)),
    ),
    mutation(
        "checkoutShopDeliveryUpdate",
        CHECKOUT,
        declare="$id: ID, $shop: String, $method: ID",
        use="id: $id, shopSlug: $shop, shippingMethodId: $method",
        variables=lambda w: _checkout(
            w, shop=w.shop.slug, method=gid("ShippingMethod", w.method.pk)
        ),
    ),
    mutation(
        "deliveryOptionsCalculate", CHECKOUT, declare="$id: ID!", use=USE_ID, variables=_checkout
    ),
    mutation(
        "checkoutCustomerAttach",
        CHECKOUT,
        declare=ID,
        use=USE_ID,
        variables=_checkout,
    ),
    mutation("checkoutCustomerDetach", CHECKOUT, declare=ID, use=USE_ID, variables=_checkout),
    mutation(
        "checkoutLanguageCodeUpdate",
        CHECKOUT,
        declare=ID,
        use="id: $id, languageCode: EN",
        variables=_checkout,
    ),
    mutation(
        "checkoutCustomerNoteUpdate",
        CHECKOUT,
        declare="$id: ID!",
        use='id: $id, customerNote: "Giao giờ hành chính"',
        variables=_checkout,
    ),
    mutation(
        "checkoutAddPromoCode",
        CHECKOUT,
        declare=ID,
        use='id: $id, promoCode: "TET"',
        variables=_checkout,
    ),
    mutation(
        "checkoutRemovePromoCode",
        CHECKOUT,
        declare=ID,
        use='id: $id, promoCode: "TET"',
        variables=_checkout,
    ),
    mutation(
        "paymentGatewayInitialize",
        CHECKOUT,
        declare="$id: ID!",
        use='id: $id, paymentGateways: [{id: "ocop.cod"}]',
        variables=_checkout,
    ),
    mutation(
        "transactionInitialize",
        CHECKOUT,
        declare="$id: ID!",
        use='id: $id, paymentGateway: {id: "ocop.cod"}',
        variables=_checkout,
    ),
    mutation(
        "transactionProcess",
        CHECKOUT,
        declare=ID,
        use=USE_ID,
        variables=lambda w: {"id": gid("TransactionItem", w.payment.idempotency_key)},
        note="the checkout's card payment",
    ),
    mutation("checkoutComplete", CHECKOUT, declare=ID, use=USE_ID, variables=_checkout),
    mutation(
        "updateMetadata",
        CHECKOUT,
        declare="$id: ID!",
        use='id: $id, input: [{key: "gift", value: "yes"}]',
        variables=_checkout,
        note="a checkout's public metadata",
    ),
]

CATALOGUE_ROWS = [
    mutation(
        "productCreate",
        SHOP_MEMBERS,
        declare="$input: ProductCreateInput!",
        use="input: $input",
        variables=lambda w: {"input": {**product_input(), "shop": w.shop.slug}},
    ),
    mutation(
        "productUpdate",
        SHOP_MEMBERS,
        declare=ID,
        use='id: $id, input: {name: "Đổi tên"}',
        variables=id_of("Product", "product"),
    ),
    mutation(
        "productDelete", SHOP_MEMBERS, declare=ID, use=USE_ID, variables=id_of("Product", "product")
    ),
    mutation(
        "productChannelListingUpdate",
        SHOP_MEMBERS,
        declare="$id: ID!, $channel: ID!",
        use="id: $id, input: {removeChannels: [$channel]}",
        variables=lambda w: {"id": gid("Product", w.product.pk), "channel": DEFAULT_CHANNEL},
    ),
    mutation(
        "productMediaCreate",
        SHOP_MEMBERS,
        declare="$product: ID!",
        use='input: {product: $product, alt: "ảnh"}',
        variables=lambda w: {"product": gid("Product", w.product.pk)},
    ),
    mutation(
        "productVariantCreate",
        SHOP_MEMBERS,
        declare="$input: ProductVariantCreateInput!",
        use="input: $input",
        variables=lambda w: {"input": variant_input(w.product)},
    ),
    mutation(
        "productVariantUpdate",
        SHOP_MEMBERS,
        declare=ID,
        use='id: $id, input: {name: "Mới"}',
        variables=id_of("ProductVariant", "variant"),
    ),
    mutation(
        "productVariantStocksUpdate",
        SHOP_MEMBERS,
        declare="$variant: ID, $warehouse: ID!",
        use="variantId: $variant, stocks: [{warehouse: $warehouse, quantity: 3}]",
        variables=lambda w: {
            "variant": gid("ProductVariant", w.variant.pk),
            "warehouse": gid("Warehouse", w.shop.warehouses.get().pk),
        },
    ),
    mutation(
        "productVariantChannelListingUpdate",
        SHOP_MEMBERS,
        declare="$id: ID, $channel: ID!",
        use="id: $id, input: [{channelId: $channel, price: 99000}]",
        variables=lambda w: {"id": gid("ProductVariant", w.variant.pk), "channel": DEFAULT_CHANNEL},
    ),
]

MUTATION_ROWS = [*ACCOUNT_ROWS, *ORDER_ROWS, *CHECKOUT_ROWS, *CATALOGUE_ROWS]
