"""Every page × every query parameter and form field it reads × hostile values → never a server error.

The keys are not listed by hand: for each URL of the access matrix, the page is requested once (GET, then an
empty POST) by a user allowed to open it, while ``request.GET`` and ``request.POST`` record every key a view,
form or middleware reads. Then the page is requested again with those keys set to hostile values (a number
too large for a 64-bit column, a negative, empty, non-numeric, NUL, very long, non-Latin digits, a path, SQL),
all keys at once, then each query key alone, for GET and for POST. Any answer is fine but a 500 (or an exception).
A last test puts huge numbers and hostile text into the path parameters (``<int:pk>``, ``<str:code>``).

The world (users of every role, an object of every kind in two regions) is the access matrix's, built once for
the module (``db_template``); each request runs in a savepoint that is rolled back, so a POST changes nothing
the next request sees. The API is fuzzed against its schema by ``test_web_api_schemathesis.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import test_web_access_matrix as access
from django.contrib.auth.models import User
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.http import HttpRequest, QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.functional import cached_property

shared_world = access.shared_world  # the access matrix's world, built once for this module too
world = access.world

HOSTILE = [
    "99999999999999999999",  # the probe's value: more than a 64-bit integer column holds
    "-1",
    "",
    "abc' OR 1=1 --",
    "1\x00",  # PostgreSQL refuses NUL in text
    "9" * 5000,  # more digits than int() parses
    "x" * 3000,
    "²",  # str.isdigit() says yes, int() says no
    "../../etc/passwd",
    "ÄÖ 😀 名字",
    "2025-02-30",
]
# Values also sent to each query key alone (a view that refuses one bad key early would hide the others; a form
# checks every field whatever the others hold, so form fields go all at once only).
ALONE = ["99999999999999999999", "²"]
PRESENT = {"_fuzz": "1"}  # GET/POST must not be empty, or ``Form(request.POST or None)`` stays unbound
# Which role opens each page: the first that the matrix allows (200, 302 or 400) on object A, else B.
PREFERRED = ["pemda", "admin", "bpjs", "nagari", "auditor", "perizinan"]
ALLOWED = {200, 302, 400}
SKIPPED = {"logout"}  # would end the session the other requests need
ANONYMOUS = {"login", "set_language"}


class _Recorder:
    """The keys read from ``request.GET`` / ``request.POST`` while it is switched on."""

    def __init__(self) -> None:
        self.keys: dict[str, set[str]] = {"GET": set(), "POST": set()}

    def note(self, data: QueryDict, key: object) -> None:
        tag = getattr(data, "_fuzz_tag", None)
        if tag is not None and isinstance(key, str):
            self.keys[tag].add(key)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Iterator[_Recorder]:
    """Instrument QueryDict: reads from a request's GET or POST (or a copy of them) are recorded."""
    seen = _Recorder()

    def reading(name: str) -> None:
        original = getattr(QueryDict, name)

        def wrapper(self: QueryDict, key: Any, *args: Any, **kwargs: Any) -> Any:
            seen.note(self, key)
            return original(self, key, *args, **kwargs)

        monkeypatch.setattr(QueryDict, name, wrapper)

    for name in ("get", "getlist", "__getitem__", "__contains__", "pop"):
        reading(name)

    original_copy = QueryDict.copy

    def copy(self: QueryDict) -> QueryDict:
        duplicate = original_copy(self)
        duplicate._fuzz_tag = getattr(self, "_fuzz_tag", None)  # type: ignore[attr-defined]
        return duplicate

    monkeypatch.setattr(QueryDict, "copy", copy)

    original_get = WSGIRequest.__dict__["GET"].func

    def tagged_get(self: WSGIRequest) -> QueryDict:
        data = original_get(self)
        data._fuzz_tag = "GET"
        return data

    prop = cached_property(tagged_get)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)

    original_load = HttpRequest._load_post_and_files

    def load(self: HttpRequest) -> None:
        original_load(self)
        if isinstance(self._post, QueryDict):  # type: ignore[attr-defined]
            self._post._fuzz_tag = "POST"  # type: ignore[attr-defined]

    monkeypatch.setattr(HttpRequest, "_load_post_and_files", load)
    yield seen


def _names() -> list[str]:
    return sorted((set(access.MATRIX) | access.PUBLIC) - SKIPPED)


def _opener(name: str) -> tuple[str | None, str | None]:
    """(role, object) a request to ``name`` is made with; (None, None) for the public pages."""
    if name in ANONYMOUS:
        return None, None
    _, by_role = access.MATRIX[name]
    takes_object = any(answer[1] is not None for answer in by_role.values())
    for obj_index, obj in enumerate(("A", "B") if takes_object else ("A",)):
        for role in PREFERRED:
            if by_role[role][obj_index] in ALLOWED:
                return role, obj if takes_object else None
    return "pemda", "A" if takes_object else None


def _client(role: str | None) -> Client:
    client = Client()
    if role is not None:
        client.force_login(User.objects.get(username=role))
    return client


def _request(client: Client, method: str, url: str, data: dict[str, str]) -> str | None:
    """One request in a savepoint rolled back after it; the failure as text, or None."""
    try:
        with transaction.atomic():
            response = client.get(url, data) if method == "GET" else client.post(url, data)
            transaction.set_rollback(True)
    except Exception as exc:  # the test client re-raises what the view raised: that is a server error
        return f"{method} {url} {_shown(data)} → {type(exc).__name__}: {str(exc)[:200]}"
    if response.status_code >= 500:
        return f"{method} {url} {_shown(data)} → {response.status_code}"
    return None


def _shown(data: dict[str, str]) -> str:
    return repr({k: (v[:20] + "…" if len(v) > 20 else v) for k, v in data.items()})


def _discover(recorder: _Recorder, client: Client, url: str) -> dict[str, set[str]]:
    """The keys the page reads from GET (on a GET and a POST) and from POST (on a POST)."""
    failures = [_request(client, "GET", url, PRESENT), _request(client, "POST", url, PRESENT)]
    assert failures == [None, None], "the page fails even without parameters"
    return {method: keys - set(PRESENT) for method, keys in recorder.keys.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("name", _names())
def test_no_query_or_form_value_causes_a_server_error(
    world: dict[str, Any], recorder: _Recorder, name: str
) -> None:
    role, obj = _opener(name)
    url = access._url(name, world, obj) if name not in ANONYMOUS else reverse(name)
    client = _client(role)
    keys = _discover(recorder, client, url)
    failures: list[str] = []
    for method, read in keys.items():
        if not read:
            continue
        for value in HOSTILE:
            failures.append(_request(client, method, url, dict.fromkeys(read, value)))
        for key in sorted(read) if method == "GET" and len(read) > 1 else ():
            for value in ALONE:
                failures.append(_request(client, method, url, {key: value}))
    found = [f for f in failures if f]
    assert not found, f"{len(found)} server errors:\n" + "\n".join(found[:20])


def test_the_recorder_sees_the_keys_a_page_reads(world: dict[str, Any], recorder: _Recorder) -> None:
    """The discovery works (else the fuzz test above would pass having sent nothing): the candidate queue reads
    its filters, a form page its fields."""
    queue = _discover(recorder, _client("pemda"), reverse("linkage:queue"))
    assert {"proses", "status", "wilayah", "halaman"} <= queue["GET"]
    recorder.keys = {"GET": set(), "POST": set()}
    form = _discover(recorder, _client("pemda"), reverse("target-create"))
    assert {"target_value", "source_document"} <= form["POST"]


# --- path parameters ----------------------------------------------------------------------------------------

HOSTILE_PATH = {
    "int": ["99999999999999999999"],
    "str": ["13.02%00", "x" * 300, "%C3%84%F0%9F%98%80..%2F.."],
}
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def _patterns(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            if not route.startswith("api/"):
                yield from _patterns(p.url_patterns, route)
        elif isinstance(p, URLPattern) and _PARAM.search(route):
            yield p.name or route, route


ROUTES = sorted(_patterns(get_resolver().url_patterns))


def _fill(route: str, converter: str, value: str) -> list[str]:
    """``route`` with every parameter at a sane value except those of ``converter``, set to ``value``."""
    sane = {"int": "1", "str": "13", "uuid": "00000000-0000-0000-0000-000000000000", "slug": "sp1"}

    def one(match: re.Match[str]) -> str:
        kind = match.group(1) or "str"
        return value if kind == converter else sane.get(kind, "1")

    return ["/" + _PARAM.sub(one, route)]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), ROUTES, ids=[n for n, _ in ROUTES])
def test_no_path_value_causes_a_server_error(world: dict[str, Any], name: str, route: str) -> None:
    client = _client("pemda" if not name.startswith("user-") else "admin")
    failures: list[str] = []
    for converter, values in HOSTILE_PATH.items():
        if f"<{converter}:" not in route and not (converter == "str" and re.search(r"<\w+>", route)):
            continue
        for value in values:
            for url in _fill(route, converter, value):
                for method in ("GET", "POST"):
                    failures.append(_request(client, method, url, {}))
    found = [f for f in failures if f]
    assert not found, f"{len(found)} server errors:\n" + "\n".join(found)


# --- NUL characters ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_nul_character_is_a_bad_request_in_indonesian(world: dict[str, Any]) -> None:
    """PostgreSQL refuses NUL in text; the middleware answers 400 before any view sees it (on both engines)."""
    from cakupan.web.api.services import api_token_create

    client = _client("pemda")
    answers = [
        client.post(reverse("person-list"), {"q": "WARGA\x00"}),
        client.get(reverse("linkage:queue"), {"wilayah\x00": "13"}),
        client.get("/wilayah/13.02%00/"),
        client.post(reverse("target-create"), {"source_document": "RPJMD\x00"}),
    ]
    for response in answers:
        assert response.status_code == 400
        assert "Permintaan tidak sah" in response.content.decode()
    _, token = api_token_create(user=User.objects.get(username="pemda"), name="nul")
    api = Client().get("/api/v1/persons", {"q": "a\x00"}, headers={"authorization": f"Bearer {token}"})
    assert api.status_code == 422 and api.json()["detail"].startswith(
        "Masukan tidak sah"
    )  # the API's own answer


def test_a_forged_form_count_builds_no_more_heir_rows_than_allowed() -> None:
    """The event report's heirs formset: ``ahli-TOTAL_FORMS=99999999999999999999`` made Django build 1,015 forms
    per request (max_num + 1,000), which the fuzz test above found as a 75-second page."""
    from cakupan.web.benefits.forms import HeirFormSet

    heirs = HeirFormSet(
        {"ahli-TOTAL_FORMS": "99999999999999999999", "ahli-INITIAL_FORMS": "0"},
        prefix="ahli",
        form_kwargs={"english": False},
    )
    assert len(heirs.forms) == 15 and not heirs.is_valid()
