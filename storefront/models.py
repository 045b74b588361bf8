"""Storefront navigation: menus (Saleor's ``Menu``/``MenuItem``) such as ``navbar`` and
``footer``. An item links to a category, a collection or a URL."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Menu(models.Model):
    name = models.CharField(_("tên / name"), max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class MenuItem(models.Model):
    menu = models.ForeignKey(Menu, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    name_vi = models.CharField(_("tên (tiếng Việt) / name (vi)"), max_length=128)
    name_en = models.CharField(_("tên (tiếng Anh) / name (en)"), max_length=128, blank=True)
    url = models.CharField(max_length=256, blank=True)
    category = models.ForeignKey(
        "shops.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    collection = models.ForeignKey(
        "shops.Collection", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name_vi
