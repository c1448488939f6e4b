"""django-axes' database handler, made to work while a long import holds SQLite's write lock.

* A successful login's bookkeeping (clearing old failures) is skipped when the database is busy: the login goes on.
* A failed login must always count, or a busy database would be a way around the lockout. When its record cannot
  be written, the failure is counted in the cache instead (per user name and IP address, for the cool-off time),
  and every lockout check adds the cache's count to the database's. The cache is per process (LocMemCache): one
  web process, as ``cakupan serve`` runs, sees every attempt; several processes need a shared cache.
"""

from __future__ import annotations

import hashlib
from typing import Any

from axes.conf import settings as axes_settings
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.signals import user_locked_out
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections

from cakupan.web.busy import brief_wait, is_busy, unless_busy

_PREFIX = "cakupan:axes-busy:"


def _cache_key(request: Any, credentials: dict[str, Any] | None) -> str:
    username = get_client_username(request, credentials) or ""
    ip_address = getattr(request, "axes_ip_address", "") or ""
    digest = hashlib.sha256(f"{username}\n{ip_address}".encode()).hexdigest()
    return _PREFIX + digest


def _cool_off_seconds() -> int:
    cool_off = axes_settings.AXES_COOLOFF_TIME
    return int(cool_off.total_seconds()) if hasattr(cool_off, "total_seconds") else 30 * 60


class BusyTolerantAxesHandler(AxesDatabaseHandler):  # type: ignore[misc]
    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        counted = int(super().get_failures(request, credentials))
        return counted + int(cache.get(_cache_key(request, credentials), 0))

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        unless_busy(
            lambda: super(BusyTolerantAxesHandler, self).user_logged_in(sender, request, user, **kwargs),
            what="axes: clearing the failed attempts of a successful login",
        )

    def user_logged_out(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        unless_busy(
            lambda: super(BusyTolerantAxesHandler, self).user_logged_out(sender, request, user, **kwargs),
            what="axes: logout bookkeeping",
        )

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        try:
            with brief_wait():
                super().user_login_failed(sender, credentials, request, **kwargs)
        except OperationalError as exc:
            if not is_busy(exc) or request is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
                raise
            self._count_in_cache(request, credentials)

    def _count_in_cache(self, request: Any, credentials: dict[str, Any]) -> None:
        """The failure the database could not take: counted in the cache, and a lockout when it reaches the limit
        (as axes does: a failure during a lockout counts and starts the cool-off again, unless configured not to)."""
        username = get_client_username(request, credentials)
        locked = bool(getattr(request, "axes_locked_out", False))
        if not (locked and not axes_settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT):
            key = _cache_key(request, credentials)
            if not cache.add(key, 1, timeout=_cool_off_seconds()):
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.add(key, 1, timeout=_cool_off_seconds())
                cache.touch(key, timeout=_cool_off_seconds())
            failures = self.get_failures(request, credentials)
            request.axes_failures_since_start = failures
            limit = get_failure_limit(request, credentials)
            locked = locked or (axes_settings.AXES_LOCK_OUT_AT_FAILURE and failures >= limit)
        if locked:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes", request=request, username=username, ip_address=request.axes_ip_address
            )
