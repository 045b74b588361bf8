"""What every producer-side (shop staff) mutation shares (its permission is declared
with ``permissions.shop_staff``; ids are read with ``marketplace.graphql.ids``): scoped
lookups whose ``NotFound`` becomes ``NOT_FOUND`` on the field, and ``ShopStaffMutation``,
whose errors also fill Saleor's extra error fields (``index``, ``attributes``,
``variants``, ``channels``, ``warehouse``, ``orderLines``) from the service error's
``params``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from graphql import GraphQLError

from marketplace.errors import Forbidden, NotFound
from marketplace.graphql.errors import BaseMutation, errors_from
from marketplace.graphql.ids import global_id

T = TypeVar("T")


def field_error(field: str, message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code, params=params or None)})


def _error_items(exc: ValidationError) -> list[tuple[str, ValidationError]]:
    """(field, error) pairs in the order ``errors_from`` lists them."""
    items = (
        exc.error_dict.items()
        if hasattr(exc, "error_dict")
        else [(NON_FIELD_ERRORS, exc.error_list)]
    )
    return [(field, error) for field, errors in items for error in errors]


class ShopStaffMutation(BaseMutation):
    """``BaseMutation`` whose errors also fill Saleor's extra error fields (``index``,
    ``attributes``, ``variants``, ``channels``, ``warehouse``, ``orderLines``) from the
    service error's ``params``."""

    class Meta:
        abstract = True

    @classmethod
    def error_extras(cls, field: str, params: dict[str, Any]) -> dict[str, Any]:
        extras: dict[str, Any] = {}
        if "index" in params:
            extras["index"] = params["index"]
        if params.get("variants"):
            extras["variants"] = [global_id("ProductVariant", pk) for pk in params["variants"]]
        for name in ("attributes", "channels", "warehouse", "order_lines", "values"):
            if params.get(name):
                extras[name] = params[name]
        return extras

    @classmethod
    def coded_errors(cls, exc: ValidationError) -> list[dict[str, Any]]:
        code_enum = cls._meta.error_type._meta.fields["code"].type.of_type
        errors = errors_from(exc, code_enum, cls.__name__, cls.field_map)
        fields = cls._meta.error_type._meta.fields
        for out, (field, error) in zip(errors, _error_items(exc), strict=True):
            if error.params and not out["message"]:
                # Django's plural messages (max_length…) read empty until formatted
                try:
                    out["message"] = str(error.message % error.params)
                except (KeyError, TypeError, ValueError):
                    out["message"] = str(error.message)
            extras = cls.error_extras(field, dict(error.params or {}))
            out.update({name: value for name, value in extras.items() if name in fields})
        return errors

    @classmethod
    def mutate(cls, root: Any, info: Any, **data: Any) -> Any:
        try:
            cls.check_permissions(info)
            return cls.payload(**cls.perform_mutation(root, info, **data))
        except ValidationError as exc:
            return cls.payload(errors=cls.coded_errors(exc))
        except NotFound:
            return cls.payload(
                errors=[{"field": None, "message": NOT_FOUND_MESSAGE, "code": "NOT_FOUND"}]
            )
        except Forbidden as exc:
            raise GraphQLError(
                str(exc), extensions={"exception": {"code": "PermissionDenied"}}
            ) from None


NOT_FOUND_MESSAGE = "Không tìm thấy. / Not found."


def scoped(field: str, value: Any, lookup: Callable[[], T]) -> T:
    """``lookup()``, with ``NotFound`` (missing, or another shop's) as ``NOT_FOUND`` on
    ``field``."""
    try:
        return lookup()
    except NotFound:
        raise field_error(
            field, f"Không tìm thấy: {value}. / Couldn't resolve id: {value}.", "not_found"
        ) from None


def no_external_reference(value: Any) -> None:
    if value:
        raise field_error(
            "externalReference",
            "Chưa hỗ trợ tham chiếu ngoài; dùng `id`. / External references "
            "are not supported; use `id`.",
            "invalid",
        )
