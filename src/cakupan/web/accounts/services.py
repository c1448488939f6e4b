"""Writes to user accounts: create users with a role and a region scope, change them, reset passwords.

Every change of role or scope and every password reset is written to the audit log.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import HttpRequest

from cakupan.core.access import ROLE_LABELS, Role
from cakupan.core.usernames import MESSAGES as USERNAME_MESSAGES
from cakupan.core.usernames import username_new_problem
from cakupan.web.accounts.models import Profile
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record, audit_region
from cakupan.web.registry.models import Region


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: Role
    regions: tuple[str, ...]

    @property
    def label(self) -> str:
        return ROLE_LABELS[self.role]


# Obviously-demo passwords: the README tells every real deployment to change them.
DEMO_LOGINS = (
    DemoLogin("admin", "demo-admin-ganti", Role.SYSTEM_ADMIN, ("13",)),
    DemoLogin("pemda", "demo-pemda-ganti", Role.PEMDA_ADMIN, ("13",)),
    # A second Pemda admin (the head of the office): approves the batches `pemda` makes (maker-checker).
    DemoLogin("kadis", "demo-kadis-ganti", Role.PEMDA_ADMIN, ("13",)),
    DemoLogin("bpjs", "demo-bpjs-ganti", Role.BPJSTK_OFFICER, ("13.02", "13.72")),
    DemoLogin("nagari", "demo-nagari-ganti", Role.REGION_OPERATOR, ("13.02.05.2001",)),
    DemoLogin("perizinan", "demo-perizinan-ganti", Role.LICENSING_OFFICER, ("13.71",)),
    DemoLogin("auditor", "demo-auditor-ganti", Role.VIEWER, ("13",)),
    # Kab/kota officers: each lands on their own kab/kota. The Disnaker of Kota Padang runs its Rapat Kepatuhan.
    DemoLogin("pemdasolok", "demo-pemdasolok-ganti", Role.PEMDA_ADMIN, ("13.02",)),
    DemoLogin("disnakerpadang", "demo-disnakerpadang-ganti", Role.PEMDA_ADMIN, ("13.71",)),
)


@transaction.atomic
def user_set_access(*, user: Any, role: Role, region_codes: Sequence[str], by: Any = None) -> Profile:
    """Give ``user`` a role and a scope (replacing the old ones); audited as a role change."""
    regions = list(Region.objects.filter(code__in=region_codes))
    missing = sorted(set(region_codes) - {r.code for r in regions})
    if missing:
        raise ValueError(f"kode wilayah tidak dikenal: {', '.join(missing)}")
    profile, _ = Profile.objects.get_or_create(user=user, defaults={"role": role.value})
    before = {"role": profile.role, "regions": sorted(profile.regions.values_list("code", flat=True))}
    profile.role = role.value
    profile.save()
    profile.regions.set(regions)
    after = {"role": role.value, "regions": sorted(region_codes)}
    if before != after:
        changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
        audit_record(
            action=AuditEvent.Action.ROLE_CHANGE,
            actor=by,
            actor_name="" if by else "sistem",
            object_type="user",
            object_id=user.pk,
            region_code=audit_region([*before["regions"], *after["regions"]]),  # an auditor of these regions
            changes=changes,
        )
    return profile


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role,
    region_codes: Sequence[str],
    by: Any = None,
    must_change_password: bool = False,
) -> Any:
    """Create a user with a role and a scope; an admin-given first password must be changed at first login.

    Raises ValueError for a user name the rule refuses (characters, length, a look-alike of another name)."""
    users = get_user_model().objects
    problem = username_new_problem(username, users.values_list("username", flat=True))
    if problem is not None:
        raise ValueError(f"nama pengguna {username!r} ditolak: {USERNAME_MESSAGES[problem]['id']}")
    user = users.create_user(username=username, password=password)
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=by,
        actor_name="" if by else "sistem",
        object_type="user",
        object_id=user.pk,
        region_code=audit_region(region_codes),
        changes={"username": [None, username]},
    )
    profile = user_set_access(user=user, role=role, region_codes=region_codes, by=by)
    if must_change_password:
        profile.must_change_password = True
        profile.save(update_fields=["must_change_password"])
    return user


@transaction.atomic
def user_reset_password(*, user: Any, by: Any) -> str:
    """Give ``user`` a random temporary password (returned once, never stored in clear) to change at next login."""
    temporary = "-".join(secrets.token_hex(3) for _ in range(3))
    user.set_password(temporary)
    user.save()
    Profile.objects.filter(user=user).update(must_change_password=True)
    audit_record(action=AuditEvent.Action.PASSWORD_RESET, actor=by, object_type="user", object_id=user.pk)
    return temporary


@transaction.atomic
def user_password_changed(*, user: Any) -> None:
    Profile.objects.filter(user=user).update(must_change_password=False)
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=user,
        object_type="user",
        object_id=user.pk,
        changes={"password": ["***", "***"]},
    )


def user_password_failed(*, user: Any, request: HttpRequest) -> bool:
    """A wrong current password on the password-change page: audited, and counted by django-axes as a failed
    login of ``user`` from this address, so the login lockout applies. True when this attempt locks them out
    (axes then records the lockout, which is audited too, and its middleware answers with the lockout page)."""
    audit_record(
        action=AuditEvent.Action.PASSWORD_FAILED,
        actor=user,
        request=request,
        object_type="user",
        object_id=user.pk,
    )
    AxesProxyHandler.user_login_failed(
        sender=user_password_failed, credentials={"username": user.get_username()}, request=request
    )
    return bool(getattr(request, "axes_locked_out", False))


def user_locked_out(*, user: Any, request: HttpRequest) -> bool:
    """True when axes has locked ``user`` out from this address (by failed logins or wrong current passwords)."""
    return bool(AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()}))


@transaction.atomic
def user_set_active(*, user: Any, active: bool, by: Any) -> None:
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            action=AuditEvent.Action.UPDATE,
            actor=by,
            object_type="user",
            object_id=user.pk,
            changes={"is_active": [not active, active]},
        )


@transaction.atomic
def user_ensure_demo() -> tuple[DemoLogin, ...]:
    """Create (or reset) the demo users with their demo passwords, roles and scopes."""
    user_model = get_user_model()
    for login in DEMO_LOGINS:
        user = user_model.objects.filter(username=login.username).first()
        if user is None:
            user = user_create(
                username=login.username, password=login.password, role=login.role, region_codes=login.regions
            )
        else:
            user.set_password(login.password)
            user.save()
            user_set_access(user=user, role=login.role, region_codes=login.regions)
    return DEMO_LOGINS
