"""The office's audit log: ``/office/audit/`` (filtered, paginated) and its CSV export
(formula-escaped, ``marketplace.csv_safe``). Login required, then the office only (403)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .csv_safe import SafeWriter
from .forms_audit import AuditFilterForm
from .http import AuthenticatedHttpRequest
from .selectors_audit import LOCAL_TZ, audit_entry_list
from .views_office import office_view

PER_PAGE = 50
#: an export holds at most this many rows (narrow the dates for more)
EXPORT_MAX_ROWS = 50_000


@office_view
def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    entries = audit_entry_list(actor=request.user, filters=form.filters())
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "marketplace/office/audit_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else ""


def _rows(entries: Any) -> Iterator[str]:
    writer = SafeWriter(_Echo())
    yield "\ufeff"  # spreadsheets read the file as UTF-8
    yield writer.writerow(
        [
            _("Thời gian"),
            _("Người thực hiện"),
            _("Vai trò"),
            _("Gian hàng"),
            _("Thao tác"),
            _("Loại đối tượng"),
            _("Mã đối tượng"),
            _("Đối tượng"),
            _("Giá trị trước"),
            _("Giá trị sau"),
            _("Địa chỉ IP"),
            _("Trình duyệt"),
            _("Đường dẫn yêu cầu"),
            _("Mã yêu cầu"),
        ]
    )
    for entry in entries.iterator(chunk_size=1000):
        yield writer.writerow(
            [
                entry.created_at.astimezone(LOCAL_TZ).strftime("%Y-%m-%d %H:%M:%S"),
                entry.actor_label,
                entry.actor_role,
                entry.shop_label,
                entry.action,
                entry.target_type,
                entry.target_id,
                entry.target_label,
                _json(entry.before),
                _json(entry.after),
                entry.ip or "",
                entry.user_agent,
                entry.path,
                entry.request_id,
            ]
        )


@office_view
def audit_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    form = AuditFilterForm(request.GET)
    entries = audit_entry_list(actor=request.user, filters=form.filters())
    stamp = timezone.localtime(timezone.now(), LOCAL_TZ).strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        _rows(entries[:EXPORT_MAX_ROWS]), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
