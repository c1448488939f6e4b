"""Settings for a server other computers reach: ``DJANGO_SETTINGS_MODULE=cakupan.web.settings_production``.

Everything of ``cakupan.web.settings``, plus HTTPS-only cookies, HSTS and the redirect to HTTPS, DEBUG always
off, and a secret key and host names that must come from the environment (no generated key file, no
localhost default). ``python -m django check --deploy`` passes with no warning under these settings.

Serve it over HTTPS. Waitress (``cakupan serve``) speaks plain HTTP, so put a TLS reverse proxy in front
(nginx, Caddy, Apache) and set ``CAKUPAN_BEHIND_TLS_PROXY=1``: the proxy must then set
``X-Forwarded-Proto: https`` and strip that header from what clients send.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

# Checked before the base settings load: they would otherwise write a generated key to the data directory.
_SECRET_KEY = os.environ.get("CAKUPAN_SECRET_KEY", "").strip()
_KEY_ADVICE = (
    'Buat satu dengan: python -c "import secrets; print(secrets.token_urlsafe(50))", simpan di tempat '
    "aman (ia menandatangani sesi login), lalu isikan ke variabel lingkungan CAKUPAN_SECRET_KEY."
)
if not _SECRET_KEY:
    raise ImproperlyConfigured(
        "CAKUPAN_SECRET_KEY belum diisi. Server produksi membutuhkan kunci rahasia dari lingkungan. "
        + _KEY_ADVICE
    )
if len(_SECRET_KEY) < 50 or len(set(_SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "CAKUPAN_SECRET_KEY terlalu pendek atau terlalu sederhana (minimal 50 karakter acak). " + _KEY_ADVICE
    )
if not os.environ.get("CAKUPAN_ALLOWED_HOSTS", "").strip(","):
    raise ImproperlyConfigured(
        "CAKUPAN_ALLOWED_HOSTS belum diisi. Isikan nama host atau alamat IP server yang dibuka pengguna, "
        "dipisah koma, misalnya CAKUPAN_ALLOWED_HOSTS=cakupan.sumbarprov.go.id,10.0.0.5"
    )

from cakupan.web.settings import *  # noqa: E402, F403

SECRET_KEY = _SECRET_KEY
DEBUG = False  # whatever CAKUPAN_DEBUG says: a traceback page would show settings and personal data
ALLOWED_HOSTS = [h.strip() for h in os.environ["CAKUPAN_ALLOWED_HOSTS"].split(",") if h.strip()]

# Cookies only over HTTPS. The __Host- prefix makes browsers refuse these cookies unless they are Secure,
# set by this very host (no Domain attribute) for path /.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# HTTPS only, remembered by browsers for a year (HSTS), subdomains included, eligible for the preload list.
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Plain-HTTP requests are redirected to HTTPS. CAKUPAN_SSL_REDIRECT=0 leaves that to the TLS proxy (the deploy
# check then warns, security.W008, as it should: only do it when the proxy does redirect).
SECURE_SSL_REDIRECT = os.environ.get("CAKUPAN_SSL_REDIRECT", "1").strip() != "0"
if os.environ.get("CAKUPAN_BEHIND_TLS_PROXY", "").strip() == "1":
    # Trust the proxy's X-Forwarded-Proto. Only safe when the app is reachable through the proxy alone.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
