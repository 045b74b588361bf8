from django.urls import path

from . import views, views_staff

app_name = "shops"

urlpatterns = [
    path("", views.dashboard_home, name="dashboard"),
    path("<slug:shop_slug>/", views.overview, name="overview"),
    path("<slug:shop_slug>/profile/", views.profile, name="profile"),
    path("<slug:shop_slug>/products/", views.product_list, name="product_list"),
    path("<slug:shop_slug>/products/new/", views.product_create, name="product_create"),
    path("<slug:shop_slug>/products/<int:product_id>/", views.product_edit, name="product_edit"),
    path(
        "<slug:shop_slug>/products/<int:product_id>/delete/",
        views.product_delete,
        name="product_delete",
    ),
    path(
        "<slug:shop_slug>/products/<int:product_id>/media/", views.media_upload, name="media_upload"
    ),
    path(
        "<slug:shop_slug>/products/<int:product_id>/media/reorder/",
        views.media_reorder,
        name="media_reorder",
    ),
    path("<slug:shop_slug>/media/<int:media_id>/delete/", views.media_delete, name="media_delete"),
    path("<slug:shop_slug>/stock/", views.stock_list, name="stock_list"),
    path("<slug:shop_slug>/stock/adjust/", views.stock_adjust, name="stock_adjust"),
    path("<slug:shop_slug>/audit/", views.shop_audit, name="audit"),
    path("<slug:shop_slug>/import/", views.csv_import, name="csv_import"),
    path("<slug:shop_slug>/export/products.csv", views.csv_export_products, name="export_products"),
    path("<slug:shop_slug>/export/stock.csv", views.csv_export_stock, name="export_stock"),
    # people and money settings (shops/views_staff.py)
    path("<slug:shop_slug>/staff/", views_staff.staff_list, name="staff"),
    path("<slug:shop_slug>/staff/add/", views_staff.staff_add, name="staff_add"),
    path(
        "<slug:shop_slug>/staff/<int:membership_id>/",
        views_staff.staff_update,
        name="staff_update",
    ),
    path(
        "<slug:shop_slug>/staff/<int:membership_id>/remove/",
        views_staff.staff_remove,
        name="staff_remove",
    ),
    path(
        "<slug:shop_slug>/staff/refund-threshold/",
        views_staff.refund_threshold_update,
        name="refund_threshold",
    ),
    path("<slug:shop_slug>/bank/", views_staff.bank_details, name="bank_details"),
]
