"""Producer onboarding pages: the application form (thin view over ``producer_onboard``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import services
from .forms import ApplicantAccountForm, ProducerApplicationForm


def producer_apply_view(request: HttpRequest) -> HttpResponse:
    anonymous = not request.user.is_authenticated
    form = ProducerApplicationForm(request.POST or None, request.FILES or None)
    account_form = ApplicantAccountForm(request.POST or None) if anonymous else None
    if request.method == "POST":
        valid = form.is_valid() & (account_form.is_valid() if account_form else True)
        if valid:
            account = None
            if account_form:
                account = {
                    "email": account_form.cleaned_data["account_email"],
                    "full_name": account_form.cleaned_data["account_full_name"],
                    "password": account_form.cleaned_data["account_password"],
                }
            data = {k: v for k, v in form.cleaned_data.items() if not k.endswith("_document")}
            try:
                user = request.user if request.user.is_authenticated else None
                producer = services.producer_onboard(
                    user=user, account=account, data=data, documents=form.documents()
                )
                return render(request, "marketplace/producer_applied.html", {"producer": producer})
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    if account_form is not None and field == "email":
                        account_form.add_error("account_email", errors)
                    else:
                        form.add_error(field if field in form.fields else None, errors)
        return render(
            request,
            "marketplace/producer_apply.html",
            {"form": form, "account_form": account_form},
            status=400,
        )
    return render(
        request, "marketplace/producer_apply.html", {"form": form, "account_form": account_form}
    )
