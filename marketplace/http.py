"""Request types for views."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from .models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request a login-protected view receives (behind ``login_required`` or
    ``shops.views.shop_view``): ``request.user`` is a signed-in ``User``, never an
    ``AnonymousUser``. For annotations only; Django still passes a plain request."""

    user: User
