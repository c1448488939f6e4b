"""The optional TOTP second factor (django-otp): enrolment helpers and the middleware that asks for the code.

A user who has a *confirmed* TOTP device must enter a 6-digit code after the password before any page works:
``OTPRequiredMiddleware`` redirects such a user, while the session is not yet verified, to the code page
(``otp-verify``). Users without a device are not affected. The views live in ``otp_views``.
"""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from typing import Any, TypeVar

import segno
from django.contrib.auth.views import LogoutView, redirect_to_login
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.deprecation import MiddlewareMixin
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record

DEVICE_NAME = "Aplikasi autentikator"
F = TypeVar("F", bound=Callable[..., Any])


def otp_not_required(view_func: F) -> F:
    """Mark a view as reachable before the TOTP code is entered (the code page itself, for example)."""
    view_func.otp_required = False  # type: ignore[attr-defined]
    return view_func


def user_has_confirmed_device(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user_has_device(user, confirmed=True))


def user_is_verified(user: Any) -> bool:
    """True once the session passed the code page (``OTPMiddleware`` installs ``is_verified``)."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def _exempt(view_func: Callable[..., Any]) -> bool:
    if getattr(view_func, "otp_required", True) is False:
        return True
    if getattr(view_func, "login_required", True) is False:  # login page, language switch
        return True
    view_class = getattr(view_func, "view_class", None)
    # A user who cannot produce a code must still be able to log out.
    return isinstance(view_class, type) and issubclass(view_class, LogoutView)


class OTPRequiredMiddleware(MiddlewareMixin):
    """Send a logged-in user with a confirmed TOTP device to the code page until the session is verified.

    Install after ``django_otp.middleware.OTPMiddleware`` and ``LoginRequiredMiddleware``.
    """

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        user = request.user
        if not user.is_authenticated or user_is_verified(user) or _exempt(view_func):
            return None
        if not user_has_confirmed_device(user):
            return None
        return redirect_to_login(request.get_full_path(), reverse("otp-verify"))


def totp_device_pending(user: Any) -> TOTPDevice:
    """The user's unconfirmed device for enrolment: the existing one (the QR code stays the same between
    showing the page and checking the code), else a new one with a fresh random key."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_secret_text(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for typing into an app when the QR code cannot be scanned."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI, rendered on the server (no JavaScript, no CDN)."""
    uri: str = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    return uri


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, request: HttpRequest) -> None:
    """Confirm an enrolment whose code checked out; drop other unconfirmed devices; audit it."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.devices_for_user(device.user, confirmed=False).delete()
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=device.user,
        request=request,
        object_type="user",
        object_id=device.user.pk,
        changes={"totp": [False, True]},
        reason="mendaftarkan aplikasi autentikator (verifikasi dua langkah)",
    )


@transaction.atomic
def totp_devices_remove(*, user: Any, by: Any = None, reason: str = "") -> int:
    """Remove every TOTP device of ``user`` (a lost phone); the user logs in with the password only until
    enrolling again. Audited. Returns the number of devices removed."""
    confirmed = TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()
    count, _ = TOTPDevice.objects.devices_for_user(user, confirmed=None).delete()
    if confirmed:
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=by,
            actor_name="" if by else "sistem",
            object_type="user",
            object_id=user.pk,
            changes={"totp": [True, False]},
            reason=reason or "menghapus aplikasi autentikator",
        )
    return int(count)
