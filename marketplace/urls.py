"""Project-wide URL wiring: may import every app's views (the import contracts let it)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from shops import views as shop_views
from storefront.views import seo as storefront_seo

from . import onboarding, views, views_account, views_audit, views_privacy, views_two_factor
from .graphql.view import OcopGraphQLView

admin.site.site_header = "OCOP Quảng Bình — Quản trị / Administration"
admin.site.site_title = "OCOP Quảng Bình"

# Machine endpoints: one URL whatever the language.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # JWT only (no session cookie), so no CSRF exposure
    path("graphql/", csrf_exempt(OcopGraphQLView.as_view(graphiql=settings.DEBUG)), name="graphql"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("sitemap.xml", storefront_seo.sitemap, name="sitemap"),
    path("robots.txt", storefront_seo.robots_txt, name="robots_txt"),
]
# Pages people read: Vietnamese at the bare URL, English under /en/ (URLs per language,
# so each has its own canonical address and hreflang alternate). The language switch
# (set_language) moves to the same page in the other language.
urlpatterns += i18n_patterns(
    path("accounts/welcome/", shop_views.after_login, name="after_login"),
    path("accounts/login/", views_account.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Two-factor sign-in (marketplace/views_two_factor.py)
    path("accounts/two-factor/", views_two_factor.manage, name="two_factor_manage"),
    path("accounts/two-factor/setup/", views_two_factor.setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", views_two_factor.verify, name="two_factor_verify"),
    # Sign up and password reset (marketplace/views_account.py)
    path("accounts/signup/", views_account.signup, name="signup"),
    path(
        "accounts/signup/confirm/<uidb64>/<token>/",
        views_account.signup_confirm,
        name="signup_confirm",
    ),
    path(
        "accounts/password-reset/", views_account.PasswordResetView.as_view(), name="password_reset"
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views_account.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # Personal data: the privacy notice and the account's privacy page (views_privacy.py)
    path("privacy/", views_privacy.privacy_notice, name="privacy_notice"),
    path("account/privacy/", views_privacy.account_privacy, name="account_privacy"),
    path(
        "account/privacy/marketing/",
        views_privacy.marketing_consent,
        name="account_privacy_marketing",
    ),
    path("account/privacy/download/", views_privacy.data_download, name="account_data_download"),
    path("account/privacy/delete/", views_privacy.account_delete, name="account_delete"),
    path("producers/apply/", onboarding.producer_apply_view, name="producer_apply"),
    path(
        "producers/documents/<int:document_id>/",
        views.producer_document,
        name="producer_document",
    ),
    path("dashboard/", include("shops.urls")),
    path("dashboard/<slug:shop_slug>/", include("orders.urls_dashboard")),
    path("office/applications/", include("shops.urls_office")),
    path("office/audit/", views_audit.audit_list, name="audit_list"),
    path("office/audit/export.csv", views_audit.audit_export, name="audit_export"),
    path("office/", include("orders.urls_office")),
    path("", include("orders.urls")),
    path("", include("storefront.urls")),
    prefix_default_language=False,
)
if settings.DEBUG or not settings.AWS_STORAGE_BUCKET_NAME:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
