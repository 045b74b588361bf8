"""Consumer routes. The public pages that look the same to every visitor who is not
signed in are served through the page cache (``storefront.page_cache``); forms posting
elsewhere and JSON endpoints are not."""

from django.urls import path, re_path

from .page_cache import cache_page_for_visitors as cached
from .views import catalogue as catalogue_views
from .views import home
from .views import product as product_views
from .views import shop as shop_views
from .views import trace as trace_views

app_name = "storefront"
urlpatterns = [
    path("", cached(home.home), name="home"),
    # catalogue & search — storefront/views/catalogue.py
    path("products/", cached(catalogue_views.catalogue), name="catalogue"),
    path("products/suggest/", catalogue_views.suggest, name="suggest"),
    # product page & traceability — storefront/views/product.py, storefront/views/trace.py
    # (the product route refuses the catalogue's "suggest" so route order does not matter)
    re_path(
        r"^products/(?!suggest/$)(?P<slug>[-a-zA-Z0-9_]+)/$",
        cached(product_views.product),
        name="product",
    ),
    path("trace/barcode/<str:barcode>/", cached(trace_views.trace_barcode), name="trace_barcode"),
    path("trace/<slug:slug>/", cached(trace_views.trace), name="trace"),
    path("trace/<slug:slug>/label/", cached(trace_views.trace_label), name="trace_label"),
    path("trace/<slug:slug>/qr.svg", trace_views.trace_qr, name="trace_qr"),
    # shop list, shop page and follow — storefront/views/shop.py
    path("shops/", cached(shop_views.shop_list), name="shop_list"),
    path("shops/<slug:slug>/", cached(shop_views.shop), name="shop"),
    path("shops/<slug:slug>/follow/", shop_views.shop_follow, name="shop_follow"),
]
