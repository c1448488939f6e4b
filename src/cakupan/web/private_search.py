"""Search terms that identify a person (a NIK, a name) never travel in a URL, where the browser history, proxies and
server logs would keep them: the search form is POSTed (with its CSRF token), its personal fields are kept in the
session for that page, and the browser is redirected to the page with only the other filters in the query string.
The page, its pager and its export read the personal fields back from the session."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

SESSION_KEY = "private_search"
MAX_CHARS = 100


def private_search_remember(request: HttpRequest, *, page: str, fields: Iterable[str]) -> HttpResponse:
    """The POSTed search of ``page``: keep ``fields`` in the session, redirect with the other fields as GET."""
    names = set(fields)
    kept = dict(request.session.get(SESSION_KEY, {}))
    kept[page] = {name: str(request.POST.get(name, "")).strip()[:MAX_CHARS] for name in names}
    request.session[SESSION_KEY] = kept
    public = [
        (key, value)
        for key, value in request.POST.items()
        if key not in names and key != "csrfmiddlewaretoken" and str(value).strip()
    ]
    return HttpResponseRedirect(request.path + (f"?{urlencode(public)}" if public else ""))


def private_search_terms(request: HttpRequest, *, page: str) -> dict[str, str]:
    """The personal search fields last POSTed on ``page`` in this session (empty: none)."""
    terms = request.session.get(SESSION_KEY, {}).get(page, {})
    return {str(k): str(v) for k, v in terms.items()} if isinstance(terms, dict) else {}
