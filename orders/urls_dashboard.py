"""Producer dashboard routes under ``/dashboard/<shop_slug>/`` (orders, shipping, ledger,
statements). Views resolve the shop with ``shops.views.shop_view``."""

from django.urls import path  # noqa: F401

app_name = "orders_dashboard"

urlpatterns: list = []

# Shipping zones, methods and weight bands (orders/views/shipping.py).
from .views import shipping as shipping_views  # noqa: E402

urlpatterns += [
    path("shipping/", shipping_views.shipping, name="shipping"),
    path("shipping/defaults/", shipping_views.shipping_defaults, name="shipping_defaults"),
    path("shipping/zones/new/", shipping_views.shipping_zone_create, name="shipping_zone_create"),
    path(
        "shipping/zones/<int:zone_id>/",
        shipping_views.shipping_zone_edit,
        name="shipping_zone_edit",
    ),
    path(
        "shipping/zones/<int:zone_id>/delete/",
        shipping_views.shipping_zone_delete,
        name="shipping_zone_delete",
    ),
    path(
        "shipping/zones/<int:zone_id>/methods/new/",
        shipping_views.shipping_method_create,
        name="shipping_method_create",
    ),
    path(
        "shipping/methods/<int:method_id>/",
        shipping_views.shipping_method_edit,
        name="shipping_method_edit",
    ),
    path(
        "shipping/methods/<int:method_id>/delete/",
        shipping_views.shipping_method_delete,
        name="shipping_method_delete",
    ),
]

# Ledger and monthly statements (orders/views/ledger.py).
from .views import ledger as ledger_views  # noqa: E402

urlpatterns += [
    path("ledger/", ledger_views.ledger, name="ledger"),
    path("statements/<int:year>/<int:month>/", ledger_views.statement, name="statement"),
    path(
        "statements/<int:year>/<int:month>/csv/", ledger_views.statement_csv, name="statement_csv"
    ),
]

# Orders: list, detail, packing slip and one POST per fulfilment action
# (orders/views/dashboard.py).
from .views import dashboard as order_views  # noqa: E402

urlpatterns += [
    path("orders/", order_views.order_list, name="orders"),
    path("orders/<str:number>/", order_views.order_detail, name="order_detail"),
    path("orders/<str:number>/packing-slip/", order_views.packing_slip, name="packing_slip"),
    *[
        path(
            f"orders/<str:number>/{action.replace('_', '-')}/",
            order_views.order_action,
            {"action": action},
            name=f"order_{action}",
        )
        for action in order_views.ACTIONS
    ],
]
