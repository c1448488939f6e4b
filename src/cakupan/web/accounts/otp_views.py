"""Pages of the optional TOTP second factor: enrol an authenticator app, and enter the 6-digit code after login.

The QR code is an SVG rendered on the server (segno) in a data: URI: no JavaScript, nothing from a CDN.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login

from cakupan.web.accounts.otp import (
    otp_not_required,
    totp_device_confirm,
    totp_device_pending,
    totp_qr_data_uri,
    totp_secret_text,
    user_has_confirmed_device,
    user_is_verified,
)
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record

_CODE = re.compile(r"\d{6}")
MSG_FORMAT = "Masukkan 6 angka yang tampil di aplikasi autentikator."
MSG_WRONG = "Kode salah atau sudah kedaluwarsa. Coba kode yang sedang tampil."
MSG_THROTTLED = "Terlalu banyak kode salah. Tunggu sebentar, lalu coba lagi."


def _code(request: HttpRequest) -> str:
    return "".join(request.POST.get("kode", "").split())  # "123 456" as some apps show it


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@otp_not_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The code page: a user with a confirmed device enters the current 6-digit code to unlock the session."""
    user = request.user
    if user_is_verified(user) or not user_has_confirmed_device(user):
        return HttpResponseRedirect(_next_url(request))
    error = ""
    if request.method == "POST":
        code = _code(request)
        if not _CODE.fullmatch(code):
            error = MSG_FORMAT
        else:
            with transaction.atomic():
                devices = list(devices_for_user(user, confirmed=True, for_verify=True))
                allowed = [d for d in devices if d.verify_is_allowed()[0]]
                matched = next((d for d in allowed if d.verify_token(code)), None)
            if matched is not None:
                otp_login(request, matched)
                return HttpResponseRedirect(_next_url(request))
            error = MSG_WRONG if allowed else MSG_THROTTLED
            audit_record(
                action=AuditEvent.Action.LOGIN_FAILED,
                request=request,
                reason="kode verifikasi dua langkah salah",
            )
    return render(
        request,
        "accounts/otp_verify.html",
        {"error": error, "next": _next_url(request)},
        status=400 if error else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), then confirm with one code."""
    user = request.user
    if user_has_confirmed_device(user):
        return render(request, "accounts/otp_setup.html", {"active": True})
    device = totp_device_pending(user)
    error = ""
    if request.method == "POST":
        code = _code(request)
        if not _CODE.fullmatch(code):
            error = MSG_FORMAT
        elif not device.verify_is_allowed()[0]:
            error = MSG_THROTTLED
        elif device.verify_token(code):
            totp_device_confirm(device=device, request=request)
            otp_login(request, device)  # the code just entered verifies this session too
            return redirect("otp-setup")
        else:
            error = MSG_WRONG
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "active": False,
            "qr": totp_qr_data_uri(device),
            "secret": totp_secret_text(device),
            "error": error,
        },
        status=400 if error else 200,
    )
