"""Consumer routes. Each area adds its block here; keep each block together."""

from django.urls import path

from .views import home

app_name = "storefront"
urlpatterns = [path("", home.home, name="home")]
