"""Domain exceptions shared by every app's services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class NotFound(Exception):
    """The object does not exist *or* is outside the actor's scope (never say which)."""


class Forbidden(PermissionDenied):
    """The actor may not take this action at all."""
