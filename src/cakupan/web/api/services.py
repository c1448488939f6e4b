"""Writes to API tokens: create one (the raw token is returned once) and revoke one; both are audited."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from cakupan.web.api.models import PREFIX_LENGTH, APIToken
from cakupan.web.audit.models import AuditEvent
from cakupan.web.audit.services import audit_record

TOKEN_BYTES = 32  # 256 bits of randomness; the URL-safe text is 43 characters


def token_hash(raw: str) -> str:
    """The SHA-256 hex digest under which a token is stored and looked up."""
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str, by: Any = None) -> tuple[APIToken, str]:
    """Create a token for ``user``; returns the row and the raw token, which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise ValueError("nama token wajib diisi")
    # "ckp_" marks a Cakupan token (secret scanners can find one pasted somewhere) and keeps the prefix
    # from starting with "-", which a command line would read as an option.
    raw = "ckp_" + secrets.token_urlsafe(TOKEN_BYTES)
    token = APIToken.objects.create(
        user=user, name=name[:100], key_hash=token_hash(raw), prefix=raw[:PREFIX_LENGTH]
    )
    actor = by if by is not None else user
    audit_record(
        action=AuditEvent.Action.CREATE,
        actor=actor,
        object_type="api_token",
        object_id=token.pk,
        changes={
            "user": [None, user.get_username()],
            "name": [None, token.name],
            "prefix": [None, token.prefix],
        },
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: APIToken, by: Any = None) -> APIToken:
    """Revoke ``token`` (it answers 401 from then on); revoking a revoked token changes nothing."""
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        action=AuditEvent.Action.UPDATE,
        actor=by if by is not None else token.user,
        object_type="api_token",
        object_id=token.pk,
        changes={"revoked_at": [None, token.revoked_at.isoformat()]},
    )
    return token
