"""User administration: the system admin creates users within their region, resets passwords, deactivates."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.test import Client

from cakupan.core.access import Role
from cakupan.web.accounts.models import Profile
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-uji-123"


@pytest.fixture
def admin(sumbar_regions: None) -> Client:
    client = Client()
    client.force_login(
        user_create(username="admin", password=PASSWORD, role=Role.SYSTEM_ADMIN, region_codes=["13.02"])
    )
    return client


def test_admin_creates_a_user_inside_their_region_only(admin: Client) -> None:
    outside = admin.post(
        "/pengguna/baru/",
        {"username": "op", "password": PASSWORD, "role": "region_operator", "regions": "13.71"},
    )
    assert "Di luar wilayah Anda sendiri: 13.71" in outside.content.decode() and not User.objects.filter(
        username="op"
    )
    admin.post(
        "/pengguna/baru/",
        {"username": "op", "password": PASSWORD, "role": "region_operator", "regions": "13.02.05.2001"},
    )
    profile = Profile.objects.get(user__username="op")
    assert profile.role == "region_operator" and [r.code for r in profile.regions.all()] == ["13.02.05.2001"]
    assert AuditEvent.objects.filter(action="role_change", actor_name="admin").exists()


def test_users_outside_the_admins_region_are_hidden(admin: Client) -> None:
    padang = user_create(username="padang", password=PASSWORD, role=Role.VIEWER, region_codes=["13.71"])
    assert "padang" not in admin.get("/pengguna/").content.decode()
    assert admin.get(f"/pengguna/{padang.pk}/").status_code == 404


def test_password_reset_forces_a_new_password(admin: Client) -> None:
    op = user_create(
        username="op", password=PASSWORD, role=Role.REGION_OPERATOR, region_codes=["13.02.05.2001"]
    )
    page = admin.post(f"/pengguna/{op.pk}/atur-ulang-sandi/").content.decode()
    temporary = page.split('<code id="temporary-password">')[1].split("</code>")[0]
    assert AuditEvent.objects.filter(action="password_reset", object_id=str(op.pk)).exists()

    client = Client()
    assert client.login(request=HttpRequest(), username="op", password=temporary)
    assert client.get("/wilayah/13/")["Location"] == "/sandi/"
    client.post(
        "/sandi/",
        {
            "old_password": temporary,
            "new_password1": "sandi-baru-yang-panjang-9",
            "new_password2": "sandi-baru-yang-panjang-9",
        },
    )
    assert client.get("/wilayah/13/").status_code == 200


def test_deactivated_user_cannot_log_in(admin: Client) -> None:
    op = user_create(
        username="op", password=PASSWORD, role=Role.REGION_OPERATOR, region_codes=["13.02.05.2001"]
    )
    admin.post(f"/pengguna/{op.pk}/aktif/")
    assert not Client().login(request=HttpRequest(), username="op", password=PASSWORD)


def test_new_users_get_a_checked_first_password_they_must_change(admin: Client) -> None:
    weak = admin.post(
        "/pengguna/baru/", {"username": "op", "password": "password123", "role": "viewer", "regions": "13.02"}
    )
    assert "terlalu umum" in weak.content.decode() and not User.objects.filter(username="op").exists()
    admin.post(
        "/pengguna/baru/",
        {"username": "op", "password": "Bukittinggi-jam-gadang-7", "role": "viewer", "regions": "13.02"},
    )
    assert Profile.objects.get(user__username="op").must_change_password


def test_admin_removes_a_lost_authenticator(admin: Client) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    op = user_create(
        username="op", password=PASSWORD, role=Role.REGION_OPERATOR, region_codes=["13.02.05.2001"]
    )
    TOTPDevice.objects.create(user=op, name="hp", confirmed=True)
    admin.post(f"/pengguna/{op.pk}/hapus-dua-langkah/", {"alasan": "ponsel hilang"})
    assert not TOTPDevice.objects.filter(user=op).exists()
    event = AuditEvent.objects.get(object_type="user", object_id=str(op.pk), reason="ponsel hilang")
    assert event.changes == {"totp": [True, False]} and event.actor_name == "admin"


# --- wrong current passwords on /sandi/ (issue 17, point 8) ----------------------------------------------


def _change_password(client: Client, old: str) -> object:
    new = "sandi-baru-yang-panjang-9"
    return client.post("/sandi/", {"old_password": old, "new_password1": new, "new_password2": new})


def test_wrong_current_passwords_are_audited_and_lock_the_user_out(sumbar_regions: None) -> None:
    from axes.models import AccessAttempt
    from django.conf import settings

    user_create(username="op", password=PASSWORD, role=Role.REGION_OPERATOR, region_codes=["13.02.05.2001"])
    client = Client()
    assert client.login(request=HttpRequest(), username="op", password=PASSWORD)
    for attempt in range(1, settings.AXES_FAILURE_LIMIT):
        page = _change_password(client, f"tebakan-salah-{attempt}")
        assert page.status_code == 200 and "_auth_user_id" in client.session
    locked = _change_password(client, "tebakan-salah-terakhir")
    assert locked.status_code == 429 and "Terlalu banyak percobaan" in locked.content.decode()
    assert "_auth_user_id" not in client.session  # logged out
    assert client.get("/wilayah/13/")["Location"].startswith("/masuk/")
    assert Client().post("/masuk/", {"username": "op", "password": PASSWORD}).status_code == 429
    failed = AuditEvent.objects.filter(
        action="password_failed", actor_name="op", object_id=str(User.objects.get().pk)
    )
    assert failed.count() == settings.AXES_FAILURE_LIMIT
    assert AuditEvent.objects.filter(action="lockout", actor_name="op").exists()
    stored = "".join(a.post_data for a in AccessAttempt.objects.all())
    assert "tebakan-salah" not in stored and "sandi-baru" not in stored  # axes keeps no password


def test_a_session_locked_out_elsewhere_cannot_keep_guessing(sumbar_regions: None) -> None:
    from django.conf import settings

    user_create(username="op", password=PASSWORD, role=Role.REGION_OPERATOR, region_codes=["13.02.05.2001"])
    client = Client()
    assert client.login(request=HttpRequest(), username="op", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        Client().post("/masuk/", {"username": "op", "password": "salah-salah-salah"})
    assert _change_password(client, PASSWORD).status_code == 429  # even the right one: locked is locked
    assert User.objects.get().check_password(PASSWORD)


# --- user names (issue 17, point 9) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("xss<script>", "hanya boleh berisi huruf kecil a-z, angka"),
        ("аdmin", "hanya boleh berisi huruf kecil a-z, angka"),  # a Cyrillic a
        ("Admin", "hanya boleh berisi huruf kecil a-z, angka"),
        ("adm1n", "terlalu mirip dengan nama pengguna yang sudah ada"),
        ("-op", "diawali dan diakhiri huruf atau angka"),
    ],
)
def test_the_user_form_refuses_bad_and_look_alike_names(admin: Client, username: str, message: str) -> None:
    page = admin.post(
        "/pengguna/baru/",
        {"username": username, "password": "Bukittinggi-jam-gadang-7", "role": "viewer", "regions": "13.02"},
    )
    assert page.status_code == 200 and message in page.content.decode()
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]


def test_the_service_refuses_what_the_form_refuses(sumbar_regions: None) -> None:
    user_create(username="pemda", password=PASSWORD, role=Role.VIEWER, region_codes=["13"])
    for bad in ("xss<script>", "реmda", "PEMDA", "pemda "):
        with pytest.raises(ValueError, match="nama pengguna"):
            user_create(username=bad, password=PASSWORD, role=Role.VIEWER, region_codes=["13"])
    assert list(User.objects.values_list("username", flat=True)) == ["pemda"]
