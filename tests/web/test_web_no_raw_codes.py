"""No raw code reaches a page: the pages a Pemda admin reaches from the home page (and the person, scheme and
meeting pages, in both languages) show no snake_case token and no stored code such as ``non_ASN`` in their visible
text. Code-like things that are meant to be read as such are allowed: inside ``<code>``, file names, the
``{placeholders}`` of letter templates, and the column names of the file layouts users fill in."""

from __future__ import annotations

import html
import re
from collections import deque

import pytest
from django.test import Client
from django.urls import reverse

from cakupan.ingest.schemas import LAYOUTS, PAYERS, STAFF_STATUSES
from cakupan.targeting import SPECIAL_GROUPS
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Region
from cakupan.web.staff.models import Staff
from enrolment_world import SOLOK, World, world_create

pytestmark = pytest.mark.django_db

SNAKE = re.compile(r"\b[A-Za-z]+(?:_[A-Za-z0-9]+)+\b")
RAW_CODES = {c for c in (*STAFF_STATUSES, *PAYERS, *SPECIAL_GROUPS) if "_" in c}
COLUMNS = {name for layout in LAYOUTS.values() for name in layout.names}
_HIDDEN = re.compile(r"(?is)<(script|style|textarea|svg|code|title)\b.*?</\1>")
_ALLOWED_IN_TEXT = re.compile(r"\{[a-z_]+\}|\b[\w.-]+\.(?:csv|xlsx|geojson|json|pdf|zip)\b")
SKIP = ("/static/", "/keluar/", "/bahasa/", "/api/", "/audit/", "ekspor", "unduh", "berkas-bpjstk")


def _visible(page: str) -> str:
    text = _HIDDEN.sub(" ", page)
    text = html.unescape(re.sub(r"(?s)<[^>]+>", " ", text))
    return _ALLOWED_IN_TEXT.sub(" ", text)


def _raw(page: str) -> set[str]:
    return {t for t in SNAKE.findall(_visible(page)) if t not in COLUMNS} | {
        c for c in RAW_CODES if re.search(rf"\b{c}\b", _visible(page))
    }


@pytest.fixture
def world(sumbar_regions: None) -> World:
    world = world_create(workers=3)
    person = world.persons[0]
    Membership.objects.create(
        person=person, kpj="25010000001", segment="BPU", programmes="JKK;JKM", start_date="2025-01-01",
        wage_basis=1_000_000, payer="pemberi_kerja",
    )  # fmt: skip
    for serial, status in enumerate(STAFF_STATUSES):
        Staff.objects.create(
            nik=f"13020541078500{serial:02d}", name=f"PEGAWAI {serial}", agency="Dinas Tenaga Kerja",
            status=status, region=Region.objects.get(code=SOLOK),
        )  # fmt: skip
    return world


def _crawl(client: Client, start: list[str], limit: int) -> dict[str, str]:
    pages: dict[str, str] = {}
    queue, seen = deque(start), set(start)
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url, follow=True)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        pages[url] = page
        for link in re.findall(r'href="(/[^"#]*)"', page):
            href = html.unescape(link)
            if href not in seen and not any(s in href for s in SKIP) and "halaman=" not in href:
                seen.add(href)
                queue.append(href)
    return pages


def test_no_raw_code_on_the_pages(world: World) -> None:
    client = Client()
    client.force_login(world.maker)
    meeting = client.post(
        reverse("compliance:meetings"),
        {"region": SOLOK, "held_on": "2025-12-15", "title": "Rapat Kepatuhan", "place": "Balai"},
    )
    assert meeting.status_code == 302
    start = [
        "/",
        meeting["Location"],
        reverse("person-detail", args=[world.persons[0].pk]),
        reverse("enrolment:scheme-create"),
        reverse("enrolment:scheme", args=[world.scheme.pk]),
        reverse("enrolment:index"),
    ]
    found: dict[str, set[str]] = {}
    for language in ("id", "en"):
        client.post("/bahasa/", {"language": language, "next": "/"})
        for url, page in _crawl(client, start, limit=60).items():
            if raw := _raw(page):
                found[f"{language} {url}"] = raw
    assert found == {}


def test_the_check_sees_a_raw_code() -> None:
    assert _raw("<td>non_ASN</td><td>pemberi_kerja</td>") == {"non_ASN", "pemberi_kerja"}
    assert (
        _raw("<code>benefits/jkm/lump_sum</code> {nama_pemberi_kerja} labour_force.csv tanggal_lahir")
        == set()
    )
