from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from .health import dependency_report


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    report = dependency_report()
    return JsonResponse(report, status=200 if report["ok"] else 503)
