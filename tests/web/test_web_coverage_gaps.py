"""The gap list: workers of a region with no membership active on the facts' day, filtered, NIK masked, exported
with an audit entry."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from cakupan.core.access import Role
from cakupan.core.nik import mask_nik
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.imports.services import import_batch_create
from cakupan.web.indicators.gaps import age_on, gap_filters_parse, years_before
from factories import membership_row, person_row, write_memberships, write_persons

SUPAYANG = "13.02.05.2001"  # Kab. Solok, Kec. Payung Sekaki
SIRUKAM = "13.02.05.2002"
BATU_BANYAK = "13.02.06.2001"  # Kab. Solok, Kec. Lembang Jaya
PADANG = "13.71.01.1001"
PAGE = "/wilayah/13.02/belum-terlindungi/"
EXPORT = "/wilayah/13.02/belum-terlindungi/ekspor/"
UNCOVERED = {"CITRA BERHENTI", "DEDI TANPA", "FAJAR LEMBANG", "HADI NANTI"}


def _person(desa: str, serial: int, name: str, **fields: Any) -> dict[str, str]:
    birth = fields.pop("birth", dt.date(1985, 7, 1))
    sex = fields.pop("sex", "L")
    row = person_row(kecamatan=desa[:8], desa=desa, serial=serial, birth=birth, sex=sex, name=name)
    return {**row, **fields}


@pytest.fixture
def people(sumbar_regions: None, tmp_path: Path) -> dict[str, dict[str, str]]:
    rows = {
        "BUDI TERLINDUNGI": _person(SUPAYANG, 1, "BUDI TERLINDUNGI"),
        # Membership ended before the facts' day (2025-06-30): not covered.
        "CITRA BERHENTI": _person(
            SUPAYANG, 2, "CITRA BERHENTI", sex="P", birth=dt.date(1990, 7, 1), desil="3"
        ),
        # 39 on the facts' day (40 the day after).
        "DEDI TANPA": _person(
            SIRUKAM, 3, "DEDI TANPA", sektor="formal", pekerjaan="Karyawan Swasta", desil="7"
        ),
        "EKA TIDAK BEKERJA": _person(SUPAYANG, 4, "EKA TIDAK BEKERJA", sektor="", pekerjaan=""),
        # 25 exactly on the facts' day; no decile.
        "FAJAR LEMBANG": _person(BATU_BANYAK, 5, "FAJAR LEMBANG", birth=dt.date(2000, 6, 30)),
        "GITA PADANG": _person(PADANG, 6, "GITA PADANG", sex="P"),
        # Membership starts after the facts' day: not covered on it.
        "HADI NANTI": _person(SUPAYANG, 7, "HADI NANTI", birth=dt.date(1995, 1, 1)),
    }
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", rows.values()))
    memberships = [
        membership_row(nik=rows["BUDI TERLINDUNGI"]["nik"]),
        membership_row(nik=rows["CITRA BERHENTI"]["nik"], end="2025-03-31"),
        membership_row(nik=rows["HADI NANTI"]["nik"], start="2025-07-01"),
    ]
    import_batch_create(source="memberships", path=write_memberships(tmp_path / "m.csv", memberships))
    return rows


def _client(username: str, role: Role, regions: list[str]) -> Client:
    user = user_create(username=username, password="kata-sandi-uji-123", role=role, region_codes=regions)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def pemda(sumbar_regions: None) -> Client:
    return _client("pemda", Role.PEMDA_ADMIN, ["13"])


def _listed(response: Any) -> set[str]:
    assert response.status_code == 200
    return {p.name for p in response.context["page"]}


@pytest.mark.django_db
def test_lists_uncovered_workers_only(pemda: Client, people: dict[str, dict[str, str]]) -> None:
    response = pemda.get(PAGE)
    # Covered (BUDI), not working (EKA) and outside the region (GITA) are left out.
    assert _listed(response) == UNCOVERED
    assert response.context["page"].paginator.count == 4
    assert response.context["as_of"] == dt.date(2025, 6, 30)
    page = response.content.decode()
    assert "BUDI TERLINDUNGI" not in page and "EKA TIDAK BEKERJA" not in page
    # Ordered by kelurahan/desa code, then name.
    assert [p.name for p in response.context["page"]] == [
        "CITRA BERHENTI",
        "HADI NANTI",
        "DEDI TANPA",
        "FAJAR LEMBANG",
    ]


@pytest.mark.django_db
def test_rows_show_masked_nik_age_and_link(pemda: Client, people: dict[str, dict[str, str]]) -> None:
    response = pemda.get(PAGE)
    page = response.content.decode()
    for name in UNCOVERED:
        assert mask_nik(people[name]["nik"]) in page
    assert not any(row["nik"] in page for row in people.values()), "a full NIK leaked"
    rows = {r["person"].name: r for r in response.context["rows"]}
    assert rows["DEDI TANPA"]["age"] == 39 and rows["FAJAR LEMBANG"]["age"] == 25
    assert f'href="/penduduk/{rows["DEDI TANPA"]["person"].pk}/"' in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"wilayah": "13.02.06"}, {"FAJAR LEMBANG"}),
        ({"wilayah": SIRUKAM}, {"DEDI TANPA"}),
        ({"sektor": "formal"}, {"DEDI TANPA"}),
        ({"sektor": "informal"}, UNCOVERED - {"DEDI TANPA"}),
        ({"desil": "4"}, {"CITRA BERHENTI"}),
        ({"desil": "7"}, {"CITRA BERHENTI", "DEDI TANPA"}),
        ({"jk": "P"}, {"CITRA BERHENTI"}),
        ({"jk": "l"}, UNCOVERED - {"CITRA BERHENTI"}),
        ({"umur_min": "39"}, {"DEDI TANPA"}),
        ({"umur_min": "40"}, set()),
        ({"umur_maks": "25"}, {"FAJAR LEMBANG"}),
        ({"umur_maks": "24"}, set()),
        ({"umur_min": "30", "umur_maks": "34"}, {"CITRA BERHENTI", "HADI NANTI"}),
        ({"q": "citra"}, {"CITRA BERHENTI"}),
        ({"sektor": "informal", "desil": "4", "jk": "P"}, {"CITRA BERHENTI"}),
        # An earlier facts month: CITRA's membership (ended 2025-03-31) covered her on 31 March.
        ({"tanggal": "2025-03-31"}, UNCOVERED - {"CITRA BERHENTI"}),
    ],
)
@pytest.mark.django_db
def test_each_filter(
    pemda: Client, people: dict[str, dict[str, str]], params: dict[str, str], expected: set[str]
) -> None:
    searched = pemda.post(PAGE, params)  # the form is POSTed; the name searched stays out of the URL
    assert searched.status_code == 302 and ("q=" not in searched["Location"])
    response = pemda.get(searched["Location"])
    assert _listed(response) == expected
    assert response.context["problems"] == []


@pytest.mark.django_db
def test_bad_filter_values_are_explained_and_ignored(
    pemda: Client, people: dict[str, dict[str, str]]
) -> None:
    bad = {
        "wilayah": "13.71",
        "sektor": "petani",
        "desil": "11",
        "jk": "X",
        "umur_min": "abc",
        "umur_maks": "200",
    }
    response = pemda.get(PAGE, bad)
    assert _listed(response) == UNCOVERED
    problems = response.context["problems"]
    assert len(problems) == len(bad)
    page = response.content.decode()
    assert 'id="filter-problems"' in page
    for value in bad.values():
        assert any(value in p for p in problems)
    # Only the valid filters travel on to the export link.
    response = pemda.get(PAGE, {"umur_min": "50", "umur_maks": "20", "sektor": "formal"})
    assert _listed(response) == {"DEDI TANPA"}
    assert len(response.context["problems"]) == 1
    assert response.context["filter_query"] == "sektor=formal"


@pytest.mark.django_db
def test_filters_travel_with_the_pager_and_the_export_link(
    pemda: Client, people: dict[str, dict[str, str]], tmp_path: Path
) -> None:
    many = [_person(SUPAYANG, 100 + i, f"WARGA {i:03d}", desil="2") for i in range(55)]
    import_batch_create(source="persons", path=write_persons(tmp_path / "banyak.csv", many))
    response = pemda.get(PAGE, {"desil": "2"})
    assert response.context["page"].paginator.count == 55 and len(response.context["rows"]) == 50
    page = response.content.decode()
    assert 'href="?desil=2&amp;halaman=2"' in page
    assert 'href="/wilayah/13.02/belum-terlindungi/ekspor/?desil=2"' in page
    second = pemda.get(PAGE, {"desil": "2", "halaman": "2"})
    assert len(second.context["rows"]) == 5


@pytest.mark.django_db
def test_export_is_masked_filtered_and_audited(pemda: Client, people: dict[str, dict[str, str]]) -> None:
    pemda.post(PAGE, {"sektor": "informal", "q": people["DEDI TANPA"]["nik"]})
    response = pemda.get(EXPORT, {"sektor": "informal"})
    assert response.status_code == 200  # a NIK typed as a name finds no one, and is masked in the log
    pemda.post(PAGE, {"sektor": "informal"})
    response = pemda.get(EXPORT, {"sektor": "informal"})
    assert (
        response.status_code == 200 and "belum-terlindungi-13.02-20250630" in response["Content-Disposition"]
    )
    frame = pl.read_excel(io.BytesIO(response.content), engine="calamine")
    expected = UNCOVERED - {"DEDI TANPA"}
    assert set(frame.get_column("NIK (disamarkan)")) == {mask_nik(people[n]["nik"]) for n in expected}
    assert set(frame.get_column("Nama")) == expected
    assert not any(row["nik"].encode() in response.content for row in people.values())
    events = list(AuditEvent.objects.filter(action="export", actor_name="pemda").order_by("pk"))
    assert len(events) == 2
    assert events[1].changes["rows"] == 3
    assert "13.02" in events[1].changes["query"] and "sektor=informal" in events[1].changes["query"]
    assert "2025-06-30" in events[1].changes["query"]
    assert people["DEDI TANPA"]["nik"] not in events[0].changes["query"]
    assert mask_nik(people["DEDI TANPA"]["nik"]) in events[0].changes["query"]


@pytest.mark.django_db
def test_scope_limits_the_list_and_hides_other_regions(people: dict[str, dict[str, str]]) -> None:
    nagari = _client("nagari", Role.REGION_OPERATOR, [SUPAYANG])
    # The kab above the user's nagari opens (as on the dashboard) but lists only the nagari's persons.
    assert _listed(nagari.get(PAGE)) == {"CITRA BERHENTI", "HADI NANTI"}
    assert [r.code for r in nagari.get(PAGE).context["children"]] == ["13.02.05"]
    for code in ("13.71", "13.02.06", BATU_BANYAK, "13.02.05.2002", "99.99", "bukan-kode"):
        assert nagari.get(f"/wilayah/{code}/belum-terlindungi/").status_code == 404
    bpjs = _client("bpjs", Role.BPJSTK_OFFICER, ["13.71"])
    assert bpjs.get(EXPORT).status_code == 404


@pytest.mark.django_db
def test_roles_without_permission_are_forbidden(people: dict[str, dict[str, str]]) -> None:
    licensing = _client("perizinan", Role.LICENSING_OFFICER, ["13"])
    assert licensing.get(PAGE).status_code == 403
    assert licensing.get(EXPORT).status_code == 403
    nagari = _client("nagari", Role.REGION_OPERATOR, [SUPAYANG])
    page = nagari.get(f"/wilayah/{SUPAYANG}/belum-terlindungi/")
    assert page.status_code == 200 and 'id="gap-export"' not in page.content.decode()
    assert nagari.get(f"/wilayah/{SUPAYANG}/belum-terlindungi/ekspor/").status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()


@pytest.mark.django_db
def test_without_facts_the_page_says_so(pemda: Client) -> None:
    from cakupan.web.indicators.models import FactsRefresh

    FactsRefresh.objects.all().delete()  # loading the regions computed (empty) facts; undo that
    response = pemda.get(PAGE)
    assert response.status_code == 200
    assert response.templates[0].name == "cakupan/no_facts.html"


@given(
    birth=st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)),
    day=st.dates(dt.date(1950, 1, 1)),
    years=st.integers(0, 120),
)
def test_age_cutoff_agrees_with_age(birth: dt.date, day: dt.date, years: int) -> None:
    assert (age_on(birth, day) >= years) == (birth <= years_before(day, years))


def test_leap_day_cutoff() -> None:
    assert years_before(dt.date(2024, 2, 29), 1) == dt.date(2023, 2, 28)
    assert age_on(dt.date(2000, 2, 29), dt.date(2025, 2, 28)) == 24
    assert age_on(dt.date(2000, 2, 29), dt.date(2025, 3, 1)) == 25


@given(
    params=st.dictionaries(
        st.sampled_from(["wilayah", "sektor", "desil", "jk", "umur_min", "umur_maks", "q", "tanggal"]),
        st.text(max_size=30),
    )
)
def test_parser_never_fails_and_keeps_only_valid_values(params: dict[str, str]) -> None:
    filters, _ = gap_filters_parse(params, region_code="13.02")
    assert filters.sector in (None, "formal", "informal") and filters.sex in (None, "L", "P")
    assert filters.max_decile is None or 1 <= filters.max_decile <= 10
    assert filters.region is None or filters.region.startswith("13.02.")
    if filters.min_age is not None and filters.max_age is not None:
        assert filters.min_age <= filters.max_age
    reparsed, again = gap_filters_parse({**filters.params(), "q": filters.name}, region_code="13.02")
    assert reparsed == filters and again == []
