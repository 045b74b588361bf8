from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .errors import NotFound
from .health import dependency_report
from .selectors import access_producer_document


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = dependency_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)


@require_GET
@never_cache
@login_required
def producer_document(request: HttpRequest, document_id: int) -> FileResponse:
    """A producer's document, for the office and the applicant only: always a download
    (``attachment``) of its checked type, never rendered by the browser (``nosniff`` and a
    sandboxing CSP, should it be opened anyway)."""
    try:
        document = access_producer_document(actor=request.user, document_id=document_id)
    except NotFound:
        raise Http404 from None
    name = document.file.name or ""
    extension = name.rsplit(".", 1)[-1] if "." in name else "bin"
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{document.kind}-{document.producer_id}-{document.pk}.{extension}",
        content_type=document.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
