"""Mutation errors the Saleor way: every payload has ``errors: [<App>Error!]!`` (and the
legacy ``<app>Errors`` field where Saleor still has it) with ``field``, ``message`` and an
enum ``code``. Services raise Django ``ValidationError`` with codes of their app's
vocabulary; ``error_codes.saleor_code`` maps them onto the error type's enum."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, TypeVar

import graphene
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from graphene.types.mutation import MutationOptions
from graphql import GraphQLError

from marketplace.errors import Forbidden, NotFound

from . import ids
from .error_codes import saleor_code

T = TypeVar("T")

PERMISSION_DENIED = (
    "Bạn không có quyền thực hiện thao tác này. / You do not have permission to perform this action"
)


def error_type(
    name: str, code_enum: type[graphene.Enum], **extra: Any
) -> type[graphene.ObjectType]:
    """An error object type: ``field``, ``message``, ``code`` (+ Saleor's extra fields)."""
    attrs = {
        "field": graphene.String(
            description="Name of a field that caused the error. A value of `null` "
            "indicates that the error isn't associated with a particular field."
        ),
        "message": graphene.String(description="The error message."),
        "code": graphene.Field(code_enum, required=True, description="The error code."),
        **extra,
    }
    return type(name, (graphene.ObjectType,), attrs)


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def errors_from(
    exc: ValidationError,
    code_enum: type[graphene.Enum],
    mutation: str | None = None,
    field_map: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    result = []
    items = (
        exc.error_dict.items()
        if hasattr(exc, "error_dict")
        else [(NON_FIELD_ERRORS, exc.error_list)]
    )
    for field, errors in items:
        for error in errors:
            code = saleor_code(error.code, code_enum, mutation)
            message = (
                error.message % error.params
                if error.params and "%(" in str(error.message)
                else error.message
            )
            name = None if field == NON_FIELD_ERRORS else (field_map or {}).get(field, camel(field))
            result.append({"field": name, "message": str(message), "code": code})
    return result


class BaseMutationOptions(MutationOptions):
    error_type: Any = None
    legacy_errors_field: str | None = None


class BaseMutation(graphene.Mutation):
    """The shared base of every mutation. Subclasses define ``Arguments``, their output
    fields, ``Meta.error_type`` (and optionally ``Meta.legacy_errors_field``) and
    ``perform_mutation`` returning the payload's fields as a dict. The steps:

    1. ``permission`` (declarative): a callable ``(info) -> None`` raising ``Forbidden``;
       checked before anything is read — a missing permission is a top-level GraphQL
       error, as in Saleor;
    2. ``perform_mutation``: load objects with :meth:`get_node` (global ID → scoped
       lookup), clean the input, call one service;
    3. errors: a service's ``ValidationError`` becomes ``errors`` (codes mapped onto the
       error type's enum), ``NotFound`` a ``NOT_FOUND`` error."""

    #: ``(info) -> None``, raising ``Forbidden``; ``None``: no check before the mutation.
    permission: ClassVar[Callable[[Any], Any] | None] = None
    field_map: ClassVar[dict[str, str]] = {}

    class Meta:
        abstract = True

    @classmethod
    def __init_subclass_with_meta__(
        cls,
        error_type: Any = None,
        legacy_errors_field: str | None = None,
        _meta: Any = None,
        **options: Any,
    ) -> None:
        if not _meta:
            _meta = BaseMutationOptions(cls)
        _meta.error_type = error_type
        _meta.legacy_errors_field = legacy_errors_field
        if error_type is not None:
            fields = dict(getattr(_meta, "fields", None) or {})
            fields["errors"] = graphene.Field(
                graphene.NonNull(graphene.List(graphene.NonNull(error_type)))
            )
            if legacy_errors_field:
                fields[legacy_errors_field] = graphene.Field(
                    graphene.NonNull(graphene.List(graphene.NonNull(error_type))),
                    deprecation_reason="Use `errors` field instead.",
                )
            _meta.fields = fields
        super().__init_subclass_with_meta__(_meta=_meta, **options)

    @classmethod
    def perform_mutation(cls, root: Any, info: Any, **data: Any) -> dict[str, Any]:
        raise NotImplementedError

    @classmethod
    def check_permissions(cls, info: Any) -> None:
        """Run the declared ``permission`` (raises ``Forbidden``)."""
        if cls.permission is not None:
            cls.permission(info)

    @staticmethod
    def get_node(
        value: Any, types: str | Iterable[str], field: str, lookup: Callable[[int], T]
    ) -> T:
        """``lookup(pk)`` for the global ID ``value`` of one of ``types``: an id of another
        type is a ``GRAPHQL_ERROR`` on ``field``; ``NotFound`` from the (scoped) lookup —
        missing, or another shop's — a ``NOT_FOUND`` on ``field``."""
        pk = ids.require_pk(value, types, field)
        try:
            return lookup(pk)
        except NotFound:
            raise ValidationError(
                {
                    field: ValidationError(
                        f"Không tìm thấy: {value}. / Couldn't resolve id: {value}.",
                        code="not_found",
                    )
                }
            ) from None

    @classmethod
    def payload(cls, errors: list[dict[str, Any]] | None = None, **fields: Any) -> Any:
        error_objects = [cls._meta.error_type(**e) for e in (errors or [])]
        values = {"errors": error_objects, **fields}
        if cls._meta.legacy_errors_field:
            values[cls._meta.legacy_errors_field] = error_objects
        return cls(**values)

    @classmethod
    def mutate(cls, root: Any, info: Any, **data: Any) -> Any:
        code_enum = cls._meta.error_type._meta.fields["code"].type.of_type
        try:
            cls.check_permissions(info)
            return cls.payload(**cls.perform_mutation(root, info, **data))
        except ValidationError as exc:
            return cls.payload(errors=errors_from(exc, code_enum, cls.__name__, cls.field_map))
        except NotFound as exc:
            return cls.payload(
                errors=[{"field": None, "message": str(exc) or "Not found", "code": "NOT_FOUND"}]
            )
        except Forbidden as exc:
            raise GraphQLError(
                str(exc) or PERMISSION_DENIED,
                extensions={"exception": {"code": "PermissionDenied"}},
            ) from None
