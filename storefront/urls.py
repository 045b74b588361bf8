"""Consumer routes. Each area adds its block here; keep each block together."""

from django.urls import path

from .views import home

app_name = "storefront"
urlpatterns = [path("", home.home, name="home")]

# product page & traceability — storefront/views/product.py, storefront/views/trace.py
# (the product route refuses the catalogue's "suggest" so block order does not matter)
from django.urls import re_path  # noqa: E402

from .views import product as product_views  # noqa: E402
from .views import trace as trace_views  # noqa: E402

urlpatterns += [
    re_path(r"^products/(?!suggest/$)(?P<slug>[-a-zA-Z0-9_]+)/$", product_views.product, name="product"),
    path("trace/barcode/<str:barcode>/", trace_views.trace_barcode, name="trace_barcode"),
    path("trace/<slug:slug>/", trace_views.trace, name="trace"),
    path("trace/<slug:slug>/label/", trace_views.trace_label, name="trace_label"),
    path("trace/<slug:slug>/qr.svg", trace_views.trace_qr, name="trace_qr"),
]

# catalogue & search — storefront/views/catalogue.py
from .views import catalogue as catalogue_views  # noqa: E402

urlpatterns += [
    path("products/", catalogue_views.catalogue, name="catalogue"),
    path("products/suggest/", catalogue_views.suggest, name="suggest"),
]

# shop list, shop page and follow — storefront/views/shop.py
from .views import shop as shop_views  # noqa: E402

urlpatterns += [
    path("shops/", shop_views.shop_list, name="shop_list"),
    path("shops/<slug:slug>/", shop_views.shop, name="shop"),
    path("shops/<slug:slug>/follow/", shop_views.shop_follow, name="shop_follow"),
]
