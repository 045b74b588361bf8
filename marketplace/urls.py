from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from . import onboarding, views
from .graphql.view import OcopGraphQLView

admin.site.site_header = "OCOP Quảng Bình — Quản trị / Administration"
admin.site.site_title = "OCOP Quảng Bình"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/welcome/", views.after_login, name="after_login"),
    path("admin/", admin.site.urls),
    # JWT only (no session cookie), so no CSRF exposure
    path("graphql/", csrf_exempt(OcopGraphQLView.as_view(graphiql=settings.DEBUG)), name="graphql"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("producers/apply/", onboarding.producer_apply_view, name="producer_apply"),
    path("dashboard/", include("shops.urls")),
    path("dashboard/<slug:shop_slug>/", include("orders.urls_dashboard")),
    path("office/", include("orders.urls_office")),
    path("", include("orders.urls")),
    path("", include("storefront.urls")),
]
if settings.DEBUG or not settings.AWS_STORAGE_BUCKET_NAME:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
