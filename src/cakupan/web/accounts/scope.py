"""The one mechanism that applies region scope: models declare which field holds their region code, and every
read of personal data goes through ``visible_to(user)``.

A model declares ``REGION_SCOPE = "<lookup path to a region code>"``. Objects outside the user's scope are
simply not in the queryset, so a view answers 404 for them, and their existence does not leak.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from cakupan.core.access import Permission, Role, has_permission

M = TypeVar("M", bound=models.Model)


def user_role(user: Any) -> Role | None:
    profile = getattr(user, "profile", None) if user is not None and user.is_authenticated else None
    return Role(profile.role) if profile is not None else None


def user_scope(user: Any) -> tuple[str, ...]:
    """The user's scope region codes (cached on the user object for the request)."""
    if user is None or not user.is_authenticated:
        return ()
    cached: tuple[str, ...] | None = getattr(user, "_cakupan_scope", None)
    if cached is None:
        profile = getattr(user, "profile", None)
        cached = tuple(profile.regions.order_by("code").values_list("code", flat=True)) if profile else ()
        user._cakupan_scope = cached
    return cached


def user_can(user: Any, permission: Permission) -> bool:
    return has_permission(user_role(user), permission)


def require(user: Any, permission: Permission) -> None:
    """Raise PermissionDenied (403) when the user's role lacks ``permission``."""
    if not user_can(user, permission):
        raise PermissionDenied


def scope_q(field: str, scope: tuple[str, ...]) -> Q:
    """Rows whose region code at ``field`` lies inside any scope region; no scope matches nothing."""
    if not scope:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."}) for code in scope))


class ScopedQuerySet(models.QuerySet[M]):
    def visible_to(self, user: Any) -> ScopedQuerySet[M]:
        field: str = self.model.REGION_SCOPE  # type: ignore[attr-defined]
        return self.filter(scope_q(field, user_scope(user)))
