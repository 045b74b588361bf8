"""The signed-in buyer's address book (``/account/addresses/``): list, add, edit, delete
and choose the default. Reads through ``orders.selectors.address_book`` (another
person's address is a 404), writes through ``orders.services.address_book``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from marketplace.errors import NotFound
from marketplace.http import AuthenticatedHttpRequest

from ..forms import _int_or_none
from ..forms_address import AddressBookForm
from ..models import Address
from ..selectors import address_book as address_book_selectors
from ..selectors import units as units_selectors
from ..services import address_book


def _entry_or_404(request: AuthenticatedHttpRequest, address_id: int) -> Address:
    try:
        return address_book_selectors.access_address_book_entry(
            user=request.user, address_id=address_id
        )
    except NotFound as exc:
        raise Http404 from exc


@login_required
def address_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "orders/account/addresses.html",
        {
            "addresses": list(address_book_selectors.address_book(user=request.user)),
        },
    )


def _form_page(
    request: AuthenticatedHttpRequest,
    form: AddressBookForm,
    *,
    address: Address | None,
    status: int = 200,
) -> HttpResponse:
    province_id = _int_or_none(form["province"].value())
    return render(
        request,
        "orders/account/address_form.html",
        {
            "form": form,
            "address": address,
            "provinces": units_selectors.provinces(),
            "province_data": units_selectors.province_communes(province_id),
            "selected": {
                key: str(form[key].value() or "") for key in ("province", "commune", "district")
            },
        },
        status=status,
    )


def _initial(address: Address) -> dict[str, Any]:
    return {
        "full_name": address.full_name,
        "phone": address.phone,
        "province": address.province_id,
        "commune": address.commune_id,
        "district": address.district_id or "",
        "street": address.street,
        "make_default": address.is_default,
    }


def _save(request: AuthenticatedHttpRequest, address: Address | None) -> HttpResponse:
    """Add (``address`` None) or edit; errors go back on the form and nothing is saved."""
    if request.method == "GET":
        form = AddressBookForm(initial=_initial(address) if address is not None else {})
        return _form_page(request, form, address=address)
    form = AddressBookForm(request.POST)
    if not form.is_valid():
        return _form_page(request, form, address=address, status=400)
    if request.POST.get("action") == "refresh":  # no JavaScript: show the province's communes
        return _form_page(request, form, address=address)
    try:
        with transaction.atomic():  # edit and default together, or neither
            _write(request, form, address)
    except ValidationError as exc:
        if address is not None:
            address.refresh_from_db()
        form.add_service_errors(exc)
        return _form_page(request, form, address=address, status=400)
    if address is None:
        messages.success(request, _("Đã lưu địa chỉ mới."))
    else:
        messages.success(request, _("Đã cập nhật địa chỉ."))
    return redirect("orders:account_addresses")


def _write(
    request: AuthenticatedHttpRequest, form: AddressBookForm, address: Address | None
) -> None:
    if address is None:
        address_book.address_book_add(
            user=request.user,
            data=form.address_data(),
            make_default=form.cleaned_data["make_default"],
        )
        return
    address_book.address_book_update(user=request.user, address=address, data=form.address_data())
    if form.cleaned_data["make_default"] and not address.is_default:
        address_book.address_book_set_default(user=request.user, address=address)


@login_required
@require_http_methods(["GET", "POST"])
def address_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _save(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request: AuthenticatedHttpRequest, address_id: int) -> HttpResponse:
    return _save(request, _entry_or_404(request, address_id))


@login_required
@require_POST
def address_delete(request: AuthenticatedHttpRequest, address_id: int) -> HttpResponse:
    address = _entry_or_404(request, address_id)
    address_book.address_book_delete(user=request.user, address=address)
    messages.success(request, _("Đã xoá địa chỉ."))
    return redirect("orders:account_addresses")


@login_required
@require_POST
def address_set_default(request: AuthenticatedHttpRequest, address_id: int) -> HttpResponse:
    address = _entry_or_404(request, address_id)
    address_book.address_book_set_default(user=request.user, address=address)
    messages.success(request, _("Đã đặt làm địa chỉ mặc định."))
    return redirect("orders:account_addresses")
