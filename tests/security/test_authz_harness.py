"""The matrix's own machinery tells a refusal from an answer and sees a write."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.http import HttpResponse, HttpResponseRedirect
from django.utils import timezone

from marketplace.models import User

from .matrix import DENY, INVALID, LOGIN, OK, REJECT, classify_response, fingerprint


def test_a_write_changes_the_fingerprint(world):
    before = fingerprint()
    assert fingerprint() == before
    User.objects.filter(pk=world.users["customer"].pk).update(first_name="Đổi")
    changed = fingerprint()
    assert changed != before
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now())
    assert fingerprint() == changed  # signing in writes a session: not counted


def test_answers_are_classified(db):
    assert classify_response(HttpResponse(status=200)) == OK
    assert classify_response(HttpResponseRedirect("/accounts/login/?next=/x/")) == LOGIN
    assert classify_response(HttpResponseRedirect("/en/accounts/login/?next=/x/")) == LOGIN
    assert classify_response(HttpResponseRedirect("/admin/login/?next=/admin/")) == LOGIN
    assert classify_response(HttpResponseRedirect("/dashboard/shop-1/")) == OK
    assert classify_response(HttpResponse(status=404)) == DENY
    assert classify_response(HttpResponse(status=403)) == DENY
    assert classify_response(HttpResponse(status=400)) == INVALID
    assert classify_response(HttpResponse(status=405)) == REJECT
    assert classify_response(HttpResponse(status=500)) == "HTTP 500"
