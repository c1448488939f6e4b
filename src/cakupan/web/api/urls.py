"""URLs of the HTTP API; the project URLconf mounts them at ``api/v1/``.

The API authenticates every request with a bearer token itself, so its views are exempt from the web app's
LoginRequiredMiddleware (which would redirect to the login page). They need no CSRF token: the API reads no
session cookie.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, path

from cakupan.web.api.api import api

patterns, app_name_, namespace = api.urls
for pattern in patterns:
    if isinstance(pattern, URLPattern):
        login_not_required(pattern.callback)

urlpatterns = [path("", (patterns, app_name_, namespace))]
