"""The decorator every OCOP office page (``/office/``, in whichever app owns it) is wrapped
in: sign-in required, then the office role."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBase

from .errors import NotFound
from .http import AuthenticatedHttpRequest
from .permissions import require_ocop_office

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)


def office_view(
    view: Callable[Concatenate[AuthenticatedHttpRequest, P], R],
) -> Callable[Concatenate[AuthenticatedHttpRequest, P], R]:
    """Login required (redirect), then the OCOP office role (``Forbidden`` → 403);
    ``NotFound`` from selectors → 404."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: AuthenticatedHttpRequest, *args: P.args, **kwargs: P.kwargs) -> R:
        require_ocop_office(request.user)
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404 from exc

    return wrapper
