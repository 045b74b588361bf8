import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .errors import NotFound
from .health import dependency_report, is_up
from .permissions import is_ocop_office
from .selectors import access_producer_document


def _may_see_health_details(request: HttpRequest) -> bool:
    token = settings.HEALTHZ_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").strip(), token)
    user = request.user
    return bool(user.is_authenticated and (user.is_staff or is_ocop_office(user)))


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Public: ``{"status": "up"}`` (200) or ``"down"`` (503), nothing more. With
    ``?details``: every dependency's report, for staff, the office or ``Authorization:
    Bearer <HEALTHZ_TOKEN>`` (403 for anyone else)."""
    if "details" in request.GET:
        if not _may_see_health_details(request):
            return JsonResponse(
                {"error": "details need HEALTHZ_TOKEN or a staff sign-in"}, status=403
            )
        report = dependency_report()
        return JsonResponse(report, status=200 if report["ok"] else 503)
    up = is_up()
    return JsonResponse({"status": "up" if up else "down"}, status=200 if up else 503)


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
