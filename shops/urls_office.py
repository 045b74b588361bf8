"""OCOP office routes of the shops app under ``/office/applications/``."""

from django.urls import path

from . import views_office

app_name = "shops_office"

urlpatterns = [
    path("", views_office.application_list, name="application_list"),
    path("<int:producer_id>/", views_office.application_detail, name="application_detail"),
    path(
        "<int:producer_id>/approve/", views_office.application_approve, name="application_approve"
    ),
    path("<int:producer_id>/reject/", views_office.application_reject, name="application_reject"),
]
