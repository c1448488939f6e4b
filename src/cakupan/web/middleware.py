"""Bahasa Indonesia first: the language is the one the user picked, else Indonesian, whatever the browser asks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control


class IndonesianFirstMiddleware:
    """Drop the browser's Accept-Language so LocaleMiddleware falls back to LANGUAGE_CODE ("id").

    An office PC set up in English would otherwise get English pages; the choice stays with the user
    (the language button sets a cookie that LocaleMiddleware honours).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """After an admin reset, the user must choose a new password before any other page opens."""

    ALLOWED = ("password-change", "logout", "set_language", "otp-verify")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
        if profile is not None and profile.must_change_password:
            try:
                name = resolve(request.path_info).url_name
            except Resolver404:
                name = None
            if name not in self.ALLOWED and not request.path_info.startswith("/static/"):
                return redirect("password-change")
        return self.get_response(request)


class NoStoreMiddleware:
    """Every response to a logged-in user (pages, exports, reveals, the API) carries ``Cache-Control: no-store``:
    personal data must stay out of browser and proxy caches (a shared office PC, a caching proxy).

    Static files never get here (WhiteNoise answers them first). A user logged out by the request itself (the
    lockout) counts as logged in: the page was asked for with their session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        logged_in = user is not None and user.is_authenticated
        response = self.get_response(request)
        user = getattr(request, "user", None)  # the API sets the token's user in the view
        if logged_in or (user is not None and user.is_authenticated):
            patch_cache_control(response, no_store=True, private=True)
        return response


class NoNulCharacterMiddleware:
    """A NUL character in the path, a query parameter or a form field: 400 (the Indonesian "bad request" page).

    PostgreSQL refuses NUL in text ("A string literal cannot contain NUL"), so a value that reached a query would
    be a server error; no real user types one. The API is left alone: it validates every parameter itself and
    answers its documented 422. The form body is checked before the view runs, like CsrfViewMiddleware reads it,
    except for views exempt from CSRF (the upload views, which set their own upload handlers first).
    """

    API_PREFIX = "/api/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(self.API_PREFIX) and (
            "\x00" in request.path_info or _has_nul(request.GET)
        ):
            return _bad_request(request)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if (
            request.method == "POST"
            and not request.path_info.startswith(self.API_PREFIX)
            and not getattr(view, "csrf_exempt", False)
            and _has_nul(request.POST)
        ):
            return _bad_request(request)
        return None


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


def _bad_request(request: HttpRequest) -> HttpResponse:
    return render(request, "400.html", status=400)
