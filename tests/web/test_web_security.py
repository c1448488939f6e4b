"""Web security: CSP and other headers, cookies, production settings, login lockout, uploads, error pages, TOTP."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from axes.exceptions import AxesBackendRequestParameterRequired
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils import timezone
from django.views import defaults
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

import cakupan.web
from cakupan.core.access import Role
from cakupan.web import urls as project_urls
from cakupan.web.accounts import otp_views
from cakupan.web.accounts.otp import totp_devices_remove
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent

TEMPLATES = Path(cakupan.web.__file__).parent / "templates"
PASSWORD = "kata-sandi-uji-123"
LOCKOUT_TEXT = (
    "Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 30 menit atau hubungi admin sistem."
)
MB = 1024 * 1024

# The project URLs plus the TOTP pages (in case urls.py does not route them yet); used by the TOTP tests.
urlpatterns = [
    *project_urls.urlpatterns,
    path("akun/dua-langkah/", otp_views.otp_setup, name="otp-setup"),
    path("akun/dua-langkah/kode/", otp_views.otp_verify, name="otp-verify"),
]
with_otp_urls = override_settings(ROOT_URLCONF=__name__)


@pytest.fixture
def user(db: None) -> object:
    return get_user_model().objects.create_user(username="petugas", password=PASSWORD)


def _login_post(client: Client, password: str, username: str = "petugas") -> object:
    return client.post("/masuk/", {"username": username, "password": password})


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- 1. Content-Security-Policy -------------------------------------------------------------------------


def _csp(response: object) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_pages_carry_the_content_security_policy() -> None:
    csp = _csp(Client().get("/masuk/"))
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert sorted(csp["img-src"]) == sorted(["'self'", "data:"])
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    everything = " ".join(v for values in csp.values() for v in values)
    assert "unsafe-inline" not in everything and "unsafe-eval" not in everything and "http" not in everything


_TAG = re.compile(r"<[a-zA-Z][^<>]*>")
_INLINE_ATTR = re.compile(r"""(?:^|\s)(style|on[a-z]+)\s*=""", re.IGNORECASE)


def _inline_code(text: str) -> list[str]:
    found: list[str] = []
    for script in re.finditer(r"<script\b[^>]*>", text, re.IGNORECASE):
        if not re.search(r"\bsrc\s*=", script.group(0)):
            found.append(script.group(0))
    found += re.findall(r"<style\b[^>]*>", text, re.IGNORECASE)
    found += re.findall(r"javascript:", text, re.IGNORECASE)
    for tag in _TAG.finditer(text):
        name = tag.group(0)[1:].split(None, 1)[0]
        found += [f"{name} {m.group(1)}=" for m in _INLINE_ATTR.finditer(tag.group(0)[1 + len(name) :])]
    return found


def test_the_template_scanner_finds_inline_code() -> None:
    assert _inline_code("<script>alert(1)</script>") and _inline_code("<p style='color:red'>")
    assert _inline_code('<button onclick="x()">') and _inline_code("<style>p{}</style>")
    assert _inline_code('<a href="javascript:x()">')
    assert not _inline_code('<script src="/static/x.js"></script><tr data-kode="13"><input name="one">')


def test_no_template_has_inline_script_style_or_event_handlers() -> None:
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) >= 5
    offending = {
        str(p.relative_to(TEMPLATES)): found
        for p in templates
        if (found := _inline_code(p.read_text(encoding="utf-8")))
    }
    assert offending == {}, "CSP forbids inline script/style: move it to a static file"


# --- 2. Headers, cookies, sessions ------------------------------------------------------------------------


@pytest.mark.django_db
def test_security_headers() -> None:
    response = Client().get("/masuk/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_session_and_csrf_settings() -> None:
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_COOKIE_SAMESITE == "Lax" and settings.CSRF_COOKIE_SAMESITE == "Lax"
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE


def test_session_cookie_is_httponly_lax_and_ends_with_the_browser(user: object) -> None:
    response = _login_post(Client(), PASSWORD)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie


@pytest.mark.django_db
def test_login_without_csrf_token_is_refused(user: object) -> None:
    client = Client(enforce_csrf_checks=True)
    assert _login_post(client, PASSWORD).status_code == 403
    assert not _logged_in(client)


# --- production settings (run in a subprocess: settings load once per process) ---------------------------


def _production(tmp_path: Path, code: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cakupan.web.settings_production",
        "CAKUPAN_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "CAKUPAN_SECRET_KEY": secrets.token_urlsafe(50),
        "CAKUPAN_ALLOWED_HOSTS": "cakupan.pemda.example.go.id",
    }
    for name in (
        "CAKUPAN_DEBUG",
        "CAKUPAN_SSL_REDIRECT",
        "CAKUPAN_BEHIND_TLS_PROXY",
        "CAKUPAN_MAX_UPLOAD_BYTES",
    ):
        environment.pop(name, None)
    for name, value in env.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    script = "import django\ndjango.setup()\nfrom django.conf import settings\n" + code
    return subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


_DEPLOY_CHECK = "from django.core.management import call_command\ncall_command('check', deploy=True, fail_level='WARNING')\n"


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = _production(tmp_path, _DEPLOY_CHECK)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_settings_values(tmp_path: Path) -> None:
    code = (
        "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD,"
        " settings.SECURE_SSL_REDIRECT, settings.SECURE_PROXY_SSL_HEADER, settings.ALLOWED_HOSTS)\n"
    )
    result = _production(tmp_path, code, CAKUPAN_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "True",
        "True",
        "31536000",
        "True",
        "True",
        "True",
        "None",
        "['cakupan.pemda.example.go.id']",
    ]


def test_production_behind_a_tls_proxy(tmp_path: Path) -> None:
    code = "print(settings.SECURE_PROXY_SSL_HEADER, settings.SECURE_SSL_REDIRECT)\n"
    result = _production(tmp_path, code, CAKUPAN_BEHIND_TLS_PROXY="1", CAKUPAN_SSL_REDIRECT="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "('HTTP_X_FORWARDED_PROTO', 'https') False"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CAKUPAN_SECRET_KEY": None}, "CAKUPAN_SECRET_KEY belum diisi"),
        ({"CAKUPAN_SECRET_KEY": "  "}, "CAKUPAN_SECRET_KEY belum diisi"),
        ({"CAKUPAN_SECRET_KEY": "pendek-sekali"}, "CAKUPAN_SECRET_KEY terlalu pendek"),
        ({"CAKUPAN_ALLOWED_HOSTS": None}, "CAKUPAN_ALLOWED_HOSTS belum diisi"),
        (
            {"CAKUPAN_MAX_UPLOAD_BYTES": "seratus"},
            "CAKUPAN_MAX_UPLOAD_BYTES harus berupa bilangan bulat positif",
        ),
    ],
)
def test_production_settings_refuse_to_start_without_configuration(
    tmp_path: Path, env: dict[str, str | None], message: str
) -> None:
    result = _production(tmp_path, _DEPLOY_CHECK, **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr
    assert not (tmp_path / "secret_key").exists()  # no key was generated on the way


def test_upload_limit_comes_from_the_environment(tmp_path: Path) -> None:
    result = _production(
        tmp_path, "print(settings.CAKUPAN_MAX_UPLOAD_BYTES)\n", CAKUPAN_MAX_UPLOAD_BYTES="2048"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2048"


# --- 3. Login throttling and lockout (django-axes) -------------------------------------------------------


def test_axes_configuration() -> None:
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.AUTHENTICATION_BACKENDS[1] == "django.contrib.auth.backends.ModelBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"
    assert settings.AXES_FAILURE_LIMIT == 5
    assert dt.timedelta(minutes=30) == settings.AXES_COOLOFF_TIME
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert settings.AXES_RESET_ON_SUCCESS is True


def test_five_failures_lock_the_user_out_in_indonesian(user: object) -> None:
    client = Client()
    for _ in range(4):
        response = _login_post(client, "salah-salah-salah")
        assert response.status_code == 200 and "Nama pengguna" in response.content.decode()
    fifth = _login_post(client, "salah-salah-salah")
    assert fifth.status_code == 429 and LOCKOUT_TEXT in fifth.content.decode()
    locked = _login_post(client, PASSWORD)  # the right password no longer helps
    assert locked.status_code == 429
    page = locked.content.decode()
    assert LOCKOUT_TEXT in page and "Content-Security-Policy" in locked
    assert not _logged_in(client)
    # The lock holds for this user name from this address only.
    other_address = Client(REMOTE_ADDR="10.1.2.3")
    assert _login_post(other_address, PASSWORD).status_code == 302 and _logged_in(other_address)


def test_lockout_lasts_thirty_minutes(user: object) -> None:
    client = Client()
    for _ in range(5):
        _login_post(client, "salah-salah-salah")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=29))
    assert _login_post(client, PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=31))
    assert _login_post(client, PASSWORD).status_code == 302 and _logged_in(client)


def test_a_successful_login_resets_the_failure_count(user: object) -> None:
    client = Client()
    for _ in range(4):
        _login_post(client, "salah-salah-salah")
    assert _login_post(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login_post(client, "salah-salah-salah").status_code == 200
    assert _login_post(client, PASSWORD).status_code == 302 and _logged_in(client)


def test_failed_logins_still_reach_the_audit_log(user: object) -> None:
    client = Client()
    for _ in range(5):
        _login_post(client, "salah-salah-salah")
    _login_post(client, PASSWORD)  # refused by the lockout: a failed login too
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED)
    assert failed.count() == 6
    assert set(failed.values_list("actor_name", flat=True)) == {"petugas"}
    assert set(failed.values_list("ip_address", flat=True)) == {"127.0.0.1"}
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN).exists()
    _login_post(Client(REMOTE_ADDR="10.1.2.3"), PASSWORD)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN, actor_name="petugas").count() == 1


def test_test_client_logins_work_with_axes(user: object) -> None:
    forced = Client()
    forced.force_login(user)  # type: ignore[arg-type]
    assert _logged_in(forced)
    with_request = Client()
    assert with_request.login(request=HttpRequest(), username="petugas", password=PASSWORD)
    # Axes refuses to authenticate without a request (it could not count failures per address).
    with pytest.raises(AxesBackendRequestParameterRequired):
        Client().login(username="petugas", password=PASSWORD)


@pytest.mark.django_db
def test_login_and_language_switch_need_no_login() -> None:
    client = Client()
    assert client.get("/masuk/").status_code == 200
    response = client.post("/bahasa/", {"language": "en", "next": "/masuk/"})
    assert response.status_code == 302 and response["Location"] == "/masuk/"


# --- 4. Uploads -------------------------------------------------------------------------------------------


def test_upload_settings() -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE == 5 * MB
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE == 5 * MB
    if not os.environ.get("CAKUPAN_MAX_UPLOAD_BYTES"):
        assert settings.CAKUPAN_MAX_UPLOAD_BYTES == 100 * MB
    temp = Path(settings.FILE_UPLOAD_TEMP_DIR)
    assert temp.is_dir() and temp.parent == settings.DATA_DIR
    assert temp.stat().st_mode & 0o077 == 0  # personal data: owner only


@pytest.mark.django_db
def test_a_form_body_over_five_megabytes_is_refused() -> None:
    response = Client().post("/masuk/", {"username": "x" * (5 * MB + 1), "password": "y"})
    assert response.status_code == 400


# --- 5. Error pages ---------------------------------------------------------------------------------------


@override_settings(DEBUG=False)
def test_404_is_generic_and_in_indonesian(sumbar_regions: None) -> None:
    officer = user_create(username="pemda", password=PASSWORD, role=Role.PEMDA_ADMIN, region_codes=["13"])
    client = Client()
    client.force_login(officer)
    for url in ("/tidak-ada/", "/wilayah/99/", "/wilayah/13.02.05.9999/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404, url
        assert '<h1 id="judul-galat">Halaman tidak ditemukan</h1>' in page
        assert "99" not in page.split("<main>")[1].split("</main>")[0]  # the code asked for is not echoed
        assert "Content-Security-Policy" in response


@override_settings(DEBUG=False)
def test_403_and_500_pages_are_in_indonesian(user: object) -> None:
    request = RequestFactory().get("/rahasia/")
    request.user = user  # type: ignore[assignment]
    denied = defaults.permission_denied(request, PermissionDenied())
    assert denied.status_code == 403
    assert (
        "Anda tidak berwenang membuka halaman ini. Hubungi admin sistem bila perlu akses."
        in denied.content.decode()
    )
    request.user = AnonymousUser()
    failed = defaults.server_error(request)  # rendered without a request context
    assert failed.status_code == 500 and "Terjadi kesalahan pada server" in failed.content.decode()


# --- 6. Optional TOTP -------------------------------------------------------------------------------------


def _token(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def _enrolled(user: object) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="uji", confirmed=True)


@with_otp_urls
def test_enrol_an_authenticator_app(user: object) -> None:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    page = client.get("/akun/dua-langkah/")
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    text = page.content.decode()
    assert '<img id="otp-qr" src="data:image/svg+xml' in text and 'id="otp-kunci"' in text
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    assert client.get("/akun/dua-langkah/").status_code == 200  # the same pending device, not a new one
    assert TOTPDevice.objects.filter(user=user).count() == 1

    wrong = client.post("/akun/dua-langkah/", {"kode": "12345"})
    assert wrong.status_code == 400 and "6 angka" in wrong.content.decode()
    done = client.post("/akun/dua-langkah/", {"kode": _token(device)})
    assert done.status_code == 302 and done["Location"] == "/akun/dua-langkah/"
    device.refresh_from_db()
    assert device.confirmed
    assert 'id="otp-aktif"' in client.get("/akun/dua-langkah/").content.decode()  # this session is verified
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="user")
    assert event.changes == {"totp": [False, True]} and event.actor_name == "petugas"


@with_otp_urls
def test_a_wrong_code_does_not_enrol(user: object) -> None:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    client.get("/akun/dua-langkah/")
    device = TOTPDevice.objects.get(user=user)
    wrong = f"{(int(_token(device)) + 1) % 1_000_000:06d}"
    response = client.post("/akun/dua-langkah/", {"kode": wrong})
    assert response.status_code == 400 and "Kode salah" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


@with_otp_urls
def test_enrolled_user_must_enter_the_code_after_the_password(user: object) -> None:
    device = _enrolled(user)
    client = Client()
    assert _login_post(client, PASSWORD).status_code == 302 and _logged_in(client)
    for url in ("/", "/akun/dua-langkah/", "/wilayah/13/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/akun/dua-langkah/kode/?next=")
    assert client.get("/akun/dua-langkah/kode/").status_code == 200
    assert client.get("/masuk/").status_code == 200  # login_not_required pages stay open

    response = client.post("/akun/dua-langkah/kode/", {"kode": _token(device), "next": "/akun/dua-langkah/"})
    assert response.status_code == 302 and response["Location"] == "/akun/dua-langkah/"
    assert 'id="otp-aktif"' in client.get("/akun/dua-langkah/").content.decode()


@with_otp_urls
def test_a_wrong_code_is_refused_audited_and_throttled(user: object) -> None:
    device = _enrolled(user)
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    response = client.post("/akun/dua-langkah/kode/", {"kode": "abcdef"})
    assert response.status_code == 400 and "6 angka" in response.content.decode()
    wrong = f"{(int(_token(device)) + 1) % 1_000_000:06d}"
    response = client.post("/akun/dua-langkah/kode/", {"kode": wrong})
    assert response.status_code == 400 and "Kode salah" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOGIN_FAILED, actor_name="petugas").count() == 1
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=5, throttling_failure_timestamp=timezone.now()
    )
    response = client.post("/akun/dua-langkah/kode/", {"kode": _token(device)})  # right code, too soon
    assert response.status_code == 400 and "Terlalu banyak kode salah" in response.content.decode()
    assert client.get("/akun/dua-langkah/")["Location"].startswith("/akun/dua-langkah/kode/")


@with_otp_urls
def test_the_code_page_never_redirects_elsewhere(user: object) -> None:
    device = _enrolled(user)
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    response = client.post(
        "/akun/dua-langkah/kode/", {"kode": _token(device), "next": "https://jahat.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/"


@with_otp_urls
def test_an_enrolled_user_can_still_log_out(user: object) -> None:
    _enrolled(user)
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    response = client.post("/keluar/")
    assert response.status_code == 302 and response["Location"] == "/masuk/"
    assert not _logged_in(client)


@with_otp_urls
def test_users_without_a_device_are_not_asked_for_a_code(user: object) -> None:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    assert client.get("/akun/dua-langkah/kode/")["Location"] == "/"
    response = client.get("/")
    assert not (response.status_code == 302 and "/akun/dua-langkah/kode/" in response["Location"])


@with_otp_urls
def test_removing_the_device_lifts_the_code_requirement(user: object) -> None:
    _enrolled(user)
    assert totp_devices_remove(user=user, reason="ponsel hilang") == 1
    event = AuditEvent.objects.get(action=AuditEvent.Action.UPDATE, object_type="user")
    assert event.changes == {"totp": [True, False]} and event.reason == "ponsel hilang"
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    assert client.get("/akun/dua-langkah/").status_code == 200


def test_processes_starting_together_read_one_whole_secret_key(tmp_path: Path) -> None:
    """The web app and its worker (or two test workers) start at once: neither reads a half-written key file."""
    code = "from cakupan.web.paths import secret_key; print(secret_key())"
    env = {k: v for k, v in os.environ.items() if k != "CAKUPAN_SECRET_KEY"} | {
        "CAKUPAN_DATA_DIR": str(tmp_path)
    }
    starting = [
        subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(8)
    ]
    keys = {p.communicate(timeout=60)[0].strip() for p in starting}
    assert keys == {(tmp_path / "secret_key").read_text().strip()} and len(keys.pop()) >= 50
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no draft left behind
