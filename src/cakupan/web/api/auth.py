"""Bearer-token authentication: ``Authorization: Bearer <token>`` resolves to the token's user.

A token is looked up by its SHA-256 digest; a revoked token, or one whose user is inactive, is no token.
The request then carries that user in ``request.user`` and ``request.auth``, so every permission and scope
check of the web app applies to API requests unchanged.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from cakupan.web.api.models import APIToken
from cakupan.web.api.services import token_hash

MAX_TOKEN_LENGTH = 200
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)  # write last_used_at at most once a minute per token


def api_token_user(raw: str) -> Any | None:
    """The active user owning the active token ``raw``, or None."""
    raw = raw.strip()
    if not raw or len(raw) > MAX_TOKEN_LENGTH:
        return None
    token = (
        APIToken.objects.select_related("user")
        .filter(key_hash=token_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = api_token_user(token)
        if user is not None:
            request.user = user
        return user
