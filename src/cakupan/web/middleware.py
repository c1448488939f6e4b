"""Bahasa Indonesia first: the language is the one the user picked, else Indonesian, whatever the browser asks."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
