"""Absolute links for what leaves the site (e-mails, QR labels, exports): ``SITE_URL`` +
a path. Pages use relative links; anything read outside a browser tab needs the host."""

from __future__ import annotations

from django.conf import settings


def absolute_url(path: str) -> str:
    """``SITE_URL`` joined to ``path`` (a site path such as ``/dashboard/htx/``)."""
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")
