"""The five actors every restricted operation is tested with (STYLE rule 22)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

#: (fixture name, allowed) — own shop's staff is the only allowed actor.
FIVE_ACTORS = [
    ("anonymous", False),
    ("customer", False),
    ("other_owner", False),
    ("shop_staff", True),
    ("other_sale_point_clerk", False),
]


def actor_for(request, name: str):
    """The user behind ``name``: an AnonymousUser or the fixture of that name."""
    return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)
