"""``{% load access %}{% if request.user|can:"view_persons" %}``: permission checks for menus."""

from __future__ import annotations

from typing import Any

from django import template

from cakupan.core.access import Permission
from cakupan.web.accounts.scope import user_can

register = template.Library()


@register.filter
def can(user: Any, permission: str) -> bool:
    return user_can(user, Permission(permission))
