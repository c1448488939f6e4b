"""A NIK or a name searched never travels in a URL (browser history, proxies and server logs keep URLs): every
form that can carry one is POSTed with its CSRF token, and no page links or redirects with it afterwards."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import cakupan.web
from enrolment_world import World, world_create

pytestmark = pytest.mark.django_db

TEMPLATES = Path(cakupan.web.__file__).parent / "templates"
# Form fields that hold a NIK, a name or a birth date.
PERSONAL_FIELDS = {"nik", "q", "nama", "name", "tanggal_lahir", "birth_date", "kk"}
_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)


def _get_forms() -> list[tuple[str, list[str]]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for attributes, body in _FORM.findall(path.read_text(encoding="utf-8")):
            if 'method="post"' not in attributes.lower():
                found.append((str(path.relative_to(TEMPLATES)), re.findall(r'name="([^"]+)"', body)))
    return found


def test_no_get_form_has_a_personal_field() -> None:
    carrying = [(page, names) for page, names in _get_forms() if PERSONAL_FIELDS & set(names)]
    assert carrying == []


def _urls(html: str) -> list[str]:
    return re.findall(r'(?:href|action|src|formaction)="([^"]*)"', html)


@pytest.fixture
def world(sumbar_regions: None) -> World:
    return world_create(workers=3)


def test_searching_a_nik_keeps_it_out_of_every_url(world: World) -> None:
    client = Client()
    client.force_login(world.maker)
    nik = world.persons[0].nik
    pages = [
        (reverse("person-list"), {"q": nik}),
        ("/wilayah/13.02/belum-terlindungi/", {"q": nik}),
    ]
    for url, form in pages:
        searched = client.post(url, form)
        assert searched.status_code == 302 and nik not in searched["Location"]
        page = client.get(searched["Location"]).content.decode()
        assert not [u for u in _urls(page) if nik in u], url
    listed = client.get(reverse("person-list")).content.decode()
    assert "WARGA 1" in listed and "WARGA 2" not in listed  # the search held, from the session

    check = client.post(reverse("enrolment:scheme", args=[world.scheme.pk]), {"nik": nik})
    assert check.status_code == 200 and 'id="priority-parts"' in check.content.decode()
    assert not [u for u in _urls(check.content.decode()) if nik in u]
    # The old query string is no longer read: a NIK in a URL checks nobody.
    old = client.get(reverse("enrolment:scheme", args=[world.scheme.pk]), {"nik": nik}).content.decode()
    assert 'id="priority-parts"' not in old
