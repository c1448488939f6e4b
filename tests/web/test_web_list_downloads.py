"""Every list page has an "Unduh XLSX" download with exactly the rows its page shows the user: the same filters,
the same region scope, personal data masked as on screen; money as Rupiah numbers, dates as dates; each download
audited (issue 18, point 10)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import fastexcel
import polars as pl
import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.benefits.models import Claim
from cakupan.web.compliance.letters import letter_issue
from cakupan.web.compliance.models import Meeting
from cakupan.web.employers.models import Employer
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, FundingSource, Scheme
from cakupan.web.imports.models import ImportBatch
from cakupan.web.linkage.models import LinkCandidate, LinkRun
from cakupan.web.registry.models import Person
from cakupan.web.targets.models import CoverageTarget

pytestmark = pytest.mark.django_db
PASSWORD = "kata-sandi-uji-123"
SOLOK, PADANG = "13.02", "13.71"
DESA = {SOLOK: "13.02.05.2001", PADANG: "13.71.01.1001"}
NIK = {SOLOK: "1302054107850001", PADANG: "1371014107850002"}
TAG = {SOLOK: "Solok", PADANG: "Padang"}

# Pages with a table that are no list of records, and why.
NOT_LISTS = {
    "enrolment:trajectories": "a calculation from the form's assumptions, no stored records",
    "benefits:report": "a form (the heirs' rows are inputs)",
    "compliance:letter-templates": "the four letter templates of a region, each opened to edit",
    "compliance:letter-template-regions": "a choice of the region whose letter templates to edit",
    "rules-due": "a status of the shipped parameter files (a handful of rows, the same as `cakupan rules check`)",
}


def _side(kab: str) -> dict[str, Any]:
    """One object of every listed kind in kab/kota ``kab``; each carries the kab/kota's name in its key column."""
    tag, desa = TAG[kab], DESA[kab]
    person = Person.objects.create(nik=NIK[kab], name=f"WARGA {tag.upper()}", birth_date=dt.date(1985, 7, 1),
                                   sex="P", region_id=desa)  # fmt: skip
    source = FundingSource.objects.create(region_id=desa, kind="apb_nagari", name=f"APB Nagari {tag}",
                                          fiscal_year=2026, budget=201_600, earmark_regions=desa)  # fmt: skip
    scheme = Scheme.objects.create(region_id=desa, name=f"Skema {tag}", fiscal_year=2026,
                                   start_date=dt.date(2026, 1, 1), income_basis=1_000_000)  # fmt: skip
    scheme.sources.set([source])
    batch = EnrolmentBatch.objects.create(scheme=scheme, source=source, region_id=desa, name=f"Batch {tag}",
                                          state="approved", start_date=dt.date(2026, 1, 1), months=12,
                                          monthly_cost=16_800, income_basis=1_000_000, programmes="JKK;JKM")  # fmt: skip
    BatchMember.objects.create(batch=batch, person=person)
    claim = Claim.objects.create(person=person, region_id=desa, kind="death" if kab == SOLOK else "work_accident", event_date=dt.date(2026, 3, 1),
                                 covered=True, due_total=42_000_000, assessment={}, assessed_at=timezone.now())  # fmt: skip
    employer = Employer.objects.create(nib="300" + kab.replace(".", ""), name=f"PT {tag}", kbli="47111",
                                       region_id=kab, workforce=9)  # fmt: skip
    letter = letter_issue(employer=employer, issued_on=dt.date(2025, 3, 20), by=None)
    imported = ImportBatch.objects.create(source="persons", file_name=f"penduduk-{tag}.csv", file_sha256="f" * 64,
                                          rows_total=1, rows_created=1, rows_updated=0, rows_rejected=0,
                                          warnings=0, scope=[kab])  # fmt: skip
    CoverageTarget.objects.create(region_id=kab, baseline_value="33.51", baseline_date="2025-06-30",
                                  target_value="51.40", target_date="2029-12-31", source_document=f"RPJMD {tag}")  # fmt: skip
    meeting = Meeting.objects.create(
        region_id=kab, held_on=dt.date(2026, 2, 2), title=f"Rapat {tag}", place=""
    )
    run = LinkRun.objects.create(kind="file", source="file", match_threshold=0.85, review_threshold=0.3,
                                 model_version=1, rows_total=1, registry_rows=2)  # fmt: skip
    LinkCandidate.objects.create(run=run, source_row=2, record_name=person.name, person=person, method="splink",
                                 match_weight=10.0, match_probability=0.7, status="pending")  # fmt: skip
    user_create(username=f"petugas-{tag.lower()}", password=PASSWORD, role=Role.REGION_OPERATOR,
                region_codes=[desa])  # fmt: skip
    return {"claim": claim, "letter": letter, "import": imported, "meeting": meeting, "run": run}


@pytest.fixture
def world(sumbar_regions: None) -> dict[str, dict[str, Any]]:
    return {kab: _side(kab) for kab in (SOLOK, PADANG)}


def _client(role: Role, regions: list[str], username: str) -> Client:
    client = Client()
    client.force_login(user_create(username=username, password=PASSWORD, role=role, region_codes=regions))
    return client


class _Tables(HTMLParser):
    """The rows of each table (and list) with an id: the text of each cell (or item)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, list[list[str]]] = {}
        self.links: list[str] = []
        self._open: list[str] = []  # ids of the tables (lists) being read
        self._cell: list[str] | None = None
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.links.append(str(values["href"]))
        if tag in ("table", "ul") and values.get("id"):
            self._open.append(str(values["id"]))
            self.rows[self._open[-1]] = []
        elif self._open and tag == "tbody":
            self._in_body = True
        elif self._open and ((tag == "tr" and self._in_body) or tag == "li"):
            self.rows[self._open[-1]].append([])
        if self._open and tag in ("td", "th", "li") and (self._in_body or tag == "li"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._open and tag in ("td", "th", "li") and self._cell is not None:
            self.rows[self._open[-1]][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tbody":
            self._in_body = False
        elif tag in ("table", "ul") and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _page(client: Client, url: str) -> _Tables:
    response = client.get(url)
    assert response.status_code == 200, url
    parsed = _Tables()
    parsed.feed(response.content.decode())
    return parsed


def _download(client: Client, url: str, key: str) -> tuple[pl.DataFrame, bytes]:
    page = _page(client, url)
    links = [link for link in page.links if f"unduh={key}" in link]
    assert links, f"{url}: no XLSX download of {key}"
    response = client.get(url.split("?", maxsplit=1)[0] + links[0])
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    assert key in response["Content-Disposition"]
    return fastexcel.read_excel(response.content).load_sheet(0).to_polars(), response.content


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# list key -> (role, page, table or list id, the page's column and the XLSX column that name a row, rows of the
# page that are no data row)
LISTS: dict[str, tuple[Role, str, str, int, int, tuple[str, ...]]] = {
    "sumber-dana": (Role.PEMDA_ADMIN, "/perlindungan/", "source-table", 0, 0, ()),
    "skema": (Role.PEMDA_ADMIN, "/perlindungan/", "scheme-list", 0, 0, ()),
    "batch": (Role.PEMDA_ADMIN, "/perlindungan/", "batch-table", 0, 1, ()),
    "jadwal-iuran": (
        Role.PEMDA_ADMIN,
        "/perlindungan/jadwal-iuran/?tahun=2026",
        "schedule-table",
        0,
        0,
        ("Total", "Jumlah", "Total (Rp)", "Jumlah (Rp)"),
    ),
    "klaim": (Role.PEMDA_ADMIN, "/manfaat/", "claim-table", 0, 0, ()),
    "surat": (Role.PEMDA_ADMIN, "/kepatuhan/surat/", "letter-table", 3, 3, ()),
    "kewajiban-daerah": (Role.PEMDA_ADMIN, f"/kepatuhan/kewajiban/{SOLOK}/", "obligations", 0, 0, ()),
    "impor": (Role.PEMDA_ADMIN, "/impor/", "batch-table", 1, 1, ()),
    "target": (Role.PEMDA_ADMIN, "/target/", "target-table", 5, 8, ()),
    "rapat": (Role.PEMDA_ADMIN, "/kepatuhan/rapat/", "meeting-table", 2, 3, ()),
    "pengguna": (Role.SYSTEM_ADMIN, "/pengguna/", "user-table", 0, 0, ()),
    "kandidat-pencocokan": (Role.PEMDA_ADMIN, "/pencocokan/", "link-candidates", 3, 4, ()),
}


# Lists whose page turns rows into columns: the contribution schedule shows months as rows and funding sources as
# columns on screen, while its XLSX keeps one row per funding source.
TRANSPOSED = {"jadwal-iuran"}


def _header_names(client: Client, url: str, table: str) -> list[str]:
    page = client.get(url).content.decode()
    head = page[page.index(f'id="{table}"') :]
    head = head[head.index("<thead>") : head.index("</thead>")]
    return [
        " ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in re.findall(r"<th[^>]*>(.*?)</th>", head)
    ][1:]


@pytest.mark.parametrize("key", list(LISTS))
def test_the_download_holds_the_pages_rows_and_no_other_regions(world: dict[str, Any], key: str) -> None:
    role, url, table, page_column, xlsx_column, skipped = LISTS[key]
    client = _client(role, [SOLOK], "solok")
    rows = [r for r in _page(client, url).rows[table] if r and r[0] not in skipped]
    if key in TRANSPOSED:  # the page shows the list's rows as columns (to fit the screen): read its header
        rows = [[name] for name in _header_names(client, url, table) if name not in skipped]
    sheet, _content = _download(client, url, key)
    names = [_text(v) for v in sheet.to_series(xlsx_column).to_list()]
    assert len(rows) == len(names) > 0
    for row, name in zip(rows, names, strict=True):
        assert name in row[page_column]
    assert "Padang" not in str(sheet.to_dicts()) and "PADANG" not in str(sheet.to_dicts())
    assert "1371014107850002" not in str(sheet.to_dicts()) and NIK[SOLOK] not in str(sheet.to_dicts())
    event = AuditEvent.objects.filter(action="export", actor_name="solok").latest("id")
    assert event.changes["list"] == key and event.changes["rows"] == len(rows)


def test_a_padang_user_gets_padang_rows(world: dict[str, Any]) -> None:
    """The scope check is not one-sided: the other region's user sees its own rows, not Kab. Solok's."""
    client = _client(Role.PEMDA_ADMIN, [PADANG], "padang")
    sheet, _content = _download(client, "/manfaat/", "klaim")
    assert sheet.to_series(0).to_list() == [world[PADANG]["claim"].pk]


def test_the_download_keeps_the_pages_filters(world: dict[str, Any]) -> None:
    client = _client(Role.PEMDA_ADMIN, ["13"], "provinsi")
    both, _content = _download(client, "/manfaat/", "klaim")
    accidents, _content = _download(client, "/manfaat/?peristiwa=work_accident", "klaim")
    assert both.height == 2 and accidents.to_series(0).to_list() == [world[PADANG]["claim"].pk]
    event = AuditEvent.objects.filter(action="export", actor_name="provinsi").latest("id")
    assert event.changes["query"] == "peristiwa=work_accident"


def test_headers_in_the_pages_language_money_as_rupiah_dates_as_dates(world: dict[str, Any]) -> None:
    client = _client(Role.PEMDA_ADMIN, [SOLOK], "solok")
    sheet, content = _download(client, "/manfaat/", "klaim")
    assert sheet.columns[:2] == ["Klaim", "NIK"] and sheet["Hak (Rp)"].to_list() == [42_000_000]
    assert sheet.schema["Tanggal"] in (pl.Date, pl.Datetime) and sheet["Tanggal"].dt.date().to_list() == [
        dt.date(2026, 3, 1)
    ]
    styles = zipfile.ZipFile(io.BytesIO(content)).read("xl/styles.xml").decode()
    assert 'formatCode="&quot;Rp&quot; #,##0"' in styles
    client.cookies["django_language"] = "en"
    english, _content = _download(client, "/manfaat/", "klaim")
    assert english.columns[:2] == ["Claim", "NIK"] and english["Due (Rp)"].to_list() == [42_000_000]


def _pages() -> Iterator[tuple[str, str]]:
    """(url name, path) of every page without an argument other than a region code."""

    def walk(patterns: list[Any], prefix: str, namespace: str) -> Iterator[tuple[str, str]]:
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
                yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern) and p.name:
                yield f"{namespace}{p.name}", prefix + str(p.pattern)

    for name, route in walk(get_resolver().url_patterns, "", ""):
        if route.startswith("api/") or re.search(r"<(?!str:code>)", route):
            continue
        yield name, "/" + route.replace("<str:code>", SOLOK)


def test_every_list_page_has_an_xlsx_download(world: dict[str, Any]) -> None:
    clients = [_client(role, [SOLOK], role.value) for role in Role]
    lacking = []
    for name, path in _pages():
        for client in clients:
            response = client.get(path)
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                break
        else:
            continue  # a download, a POST-only action, or no page for any role
        parsed = _Tables()
        parsed.feed(response.content.decode())
        is_list = any(rows for rows in parsed.rows.values())
        has_xlsx = any("unduh=" in link or "xlsx" in link or "ekspor" in link for link in parsed.links)
        if is_list and not has_xlsx and name not in NOT_LISTS:
            lacking.append(name)
    assert lacking == []
