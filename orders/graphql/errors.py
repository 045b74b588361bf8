"""Saleor's error types of the checkout, payment and order mutations (one definition each:
a GraphQL type name may exist only once in the schema)."""

from __future__ import annotations

import graphene

from marketplace.graphql.enums import AddressTypeEnum
from marketplace.graphql.errors import error_type

from . import enums

CheckoutError = error_type(
    "CheckoutError",
    enums.CheckoutErrorCode,
    variants=graphene.List(
        graphene.NonNull(graphene.ID), description="List of varint IDs which causes the error."
    ),
    lines=graphene.List(
        graphene.NonNull(graphene.ID), description="List of line Ids which cause the error."
    ),
    address_type=graphene.Field(
        AddressTypeEnum, description="A type of address that causes the error."
    ),
)
OrderError = error_type(
    "OrderError",
    enums.OrderErrorCode,
    warehouse=graphene.ID(description="Warehouse ID which causes the error."),
    order_lines=graphene.List(
        graphene.NonNull(graphene.ID), description="List of order line IDs that cause the error."
    ),
    variants=graphene.List(
        graphene.NonNull(graphene.ID),
        description="List of product variants that are associated with the error",
    ),
    address_type=graphene.Field(
        AddressTypeEnum, description="A type of address that causes the error."
    ),
)
PaymentGatewayInitializeError = error_type(
    "PaymentGatewayInitializeError", enums.PaymentGatewayInitializeErrorCode
)
PaymentGatewayConfigError = error_type(
    "PaymentGatewayConfigError", enums.PaymentGatewayConfigErrorCode
)
TransactionInitializeError = error_type(
    "TransactionInitializeError", enums.TransactionInitializeErrorCode
)
TransactionProcessError = error_type("TransactionProcessError", enums.TransactionProcessErrorCode)
DeliveryOptionsCalculateError = error_type(
    "DeliveryOptionsCalculateError", enums.DeliveryOptionsCalculateErrorCode
)

MetadataError = error_type("MetadataError", enums.MetadataErrorCode)

ORDERS_DENIED = (
    "Chỉ nhân viên của gian hàng được xử lý đơn hàng. / To access this path, you need one of the "
    "following permissions: MANAGE_ORDERS"
)
