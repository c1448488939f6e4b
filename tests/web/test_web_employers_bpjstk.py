"""BPJSTK's employer data as a file of its own (issue 18 point 4): it imports without the OSS list, in the
browser and from the command line, and meets the OSS list on one record per employer by NIB or NPP in either
order; what meets nothing is kept and listed, what is ambiguous is a row problem in Bahasa Indonesia."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from django.conf import LazySettings
from django.test import Client
from django.urls import reverse

from cakupan.compliance import kbli_section, summarise
from cakupan.core.access import Role
from cakupan.web.accounts.services import user_create
from cakupan.web.employers.compliance import employer_reviews, employers_not_in_oss
from cakupan.web.employers.models import Employer
from cakupan.web.imports.models import ImportBatch, ImportJob
from cakupan.web.imports.services import NothingImported, import_batch_create

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 6, 30)

# The OSS list as DPMPTSP exports it: `;`, Windows-1252 (the é), headers as typed.
OSS = (
    "NIB;Nama Perusahaan;KBLI;Kode Wilayah;Jumlah TK;Skala Usaha\n"
    "9120301234567;CV MAJU BERSAMA;47111;13.71.01;12;Usaha Kecil\n"
    "9120301234568;CAFÉ MINANG;56101;13.71;40;Usaha Menengah\n"
    "9120301234569;KOPERASI SAWIT;01262;13.71;30;\n"
    "9120301234570;TOKO BARU;47111;13.71;5;Usaha Mikro\n"
)
# BPJSTK's employer data: NPP, NIB when BPJSTK has it, no KBLI, no workforce, no region.
BPJSTK = (
    "NPP;NIB;Nama Perusahaan;TK Aktif;Total Upah;Program\n"
    "11111111;9120301234567;CV. MAJU BERSAMA;12;Rp 37.730.316;JKK, JKM, JHT\n"
    "22222222;9120301234568;CAFE MINANG;25;Rp 80.000.000;JKK, JKM, JHT, JP\n"
    "44444444;;WARUNG TANPA NIB;3;Rp 6.000.000;JKK, JKM\n"
)
FIELDS = (
    "nib",
    "npp",
    "name",
    "kbli",
    "region_id",
    "workforce",
    "workers_registered",
    "wages_reported",
    "programmes",
    "scale",
    "capital",
)


def _csv(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("cp1252"))
    return path


def _xlsx(path: Path, text: str) -> Path:
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Data")
    for r, line in enumerate(text.splitlines()):
        for c, cell in enumerate(line.split(";")):
            sheet.write_string(r, c, cell)
    book.close()
    return path


def _records() -> list[tuple[Any, ...]]:
    return sorted(Employer.objects.values_list(*FIELDS), key=lambda r: (r[0] or "", r[1]))


def _counts() -> dict[str, dict[str, Any]]:
    reviews = employer_reviews(region_code="13.71", on=ON)
    return {k: c.as_dict() for k, c in summarise((kbli_section(e.kbli), r) for e, r in reviews).items()}


def _reset() -> None:
    Employer.objects.all().delete()
    ImportBatch.objects.all().delete()


@pytest.fixture
def immediate(settings: LazySettings, tmp_path: Path) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()


def _kota_admin() -> Client:
    """A Kota Padang Disnaker admin: one region, so rows without kode_wilayah are located there."""
    user = user_create(
        username="disnaker", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13.71"]
    )
    client = Client()
    client.force_login(user)
    return client


def _upload_and_commit(client: Client, path: Path, source: str) -> tuple[ImportJob, str]:
    """The job after its commit, and its page as the officer saw it before committing."""
    with path.open("rb") as handle:
        client.post(reverse("imports:upload"), {"source": source, "file": handle, "sheet": ""})
    job = ImportJob.objects.order_by("-created_at").first()
    assert job is not None
    assert job.status == ImportJob.Status.READY, (job.status, job.problem)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    client.post(reverse("imports:job-commit", args=[job.pk]))
    job.refresh_from_db()
    return job, page


def test_bpjstk_employer_data_imports_alone_from_the_command_line_service(
    sumbar_regions: None, tmp_path: Path
) -> None:
    # The command line has no officer region: rows that meet no employer need their kode_wilayah.
    text = BPJSTK.replace("Program\n", "Program;Kode Wilayah\n").replace("JHT\n", "JHT;13.71\n")
    text = text.replace("JP\n", "JP;13.71\n").replace("JKK, JKM\n", "JKK, JKM;13.71.01\n")
    outcome = import_batch_create(source="employers-bpjstk", path=_csv(tmp_path / "bpjstk.csv", text))
    assert (outcome.batch.rows_created, outcome.batch.rows_rejected) == (3, 0)
    warung = Employer.objects.get(npp="44444444")
    assert (warung.nib, warung.workforce, warung.kbli, warung.region_id) == (None, None, "", "13.71.01")
    assert (warung.workers_registered, warung.wages_reported, warung.programmes) == (3, 6_000_000, "JKK;JKM")
    assert {p.problem.code for p in outcome.problems} == {"employer_not_in_oss"}
    assert employers_not_in_oss(region_code="13.71").count() == 3
    assert _counts()["*"]["employers"] == 0  # nothing to review before the OSS list


def test_bpjstk_employer_data_imports_alone_in_the_browser(
    immediate: None, sumbar_regions: None, tmp_path: Path
) -> None:
    client = _kota_admin()
    job, page = _upload_and_commit(client, _csv(tmp_path / "bpjstk.csv", BPJSTK), "employers-bpjstk")
    assert job.status == ImportJob.Status.COMMITTED, (job.status, job.problem)
    assert (job.rows_valid, job.rows_rejected, job.warnings) == (3, 0, 3)
    assert "belum ada di daftar OSS" in page
    assert sorted(Employer.objects.values_list("npp", "region_id")) == [
        ("11111111", "13.71"),
        ("22222222", "13.71"),
        ("44444444", "13.71"),
    ]
    compliance = client.get(reverse("compliance:employers", args=["13.71"])).content.decode()
    assert 'id="employers-not-in-oss"' in compliance
    assert "3 pemberi kerja dari data BPJS Ketenagakerjaan belum ada di daftar OSS" in compliance
    assert "WARUNG TANPA NIB" in compliance  # listed by name for the officer


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_either_order_gives_the_same_employers_and_the_same_pwbd_pds_by_sector(
    immediate: None, sumbar_regions: None, tmp_path: Path, kind: str
) -> None:
    write = _csv if kind == "csv" else _xlsx
    oss = write(tmp_path / f"oss.{kind}", OSS)
    bpjstk = write(tmp_path / f"bpjstk.{kind}", BPJSTK)
    client = _kota_admin()

    for path, source in ((oss, "employers"), (bpjstk, "employers-bpjstk")):
        assert _upload_and_commit(client, path, source)[0].status == ImportJob.Status.COMMITTED
    oss_first, oss_first_counts = _records(), _counts()
    _reset()
    for path, source in ((bpjstk, "employers-bpjstk"), (oss, "employers")):
        assert _upload_and_commit(client, path, source)[0].status == ImportJob.Status.COMMITTED
    assert _records() == oss_first
    assert _counts() == oss_first_counts

    maju = Employer.objects.get(nib="9120301234567")
    # The OSS list's name and region, BPJSTK's NPP and figures, on one record.
    assert (maju.name, maju.region_id, maju.npp, maju.workers_registered) == (
        "CV MAJU BERSAMA",
        "13.71.01",
        "11111111",
        12,
    )
    assert Employer.objects.get(nib="9120301234568").name == "CAFÉ MINANG"
    counts = oss_first_counts["*"]
    assert (counts["employers"], counts["pwbd"]) == (4, 2)  # KOPERASI and TOKO BARU: no NPP
    assert counts["by_kind"]["pds_workers"] == 1  # CAFÉ MINANG registers 25 of 40
    # The BPJSTK employer without NIB met nothing: kept apart, counted, not reviewed.
    assert [e.npp for e in employers_not_in_oss(region_code="13.71")] == ["44444444"]


def test_unmatched_and_ambiguous_rows_are_reported(sumbar_regions: None, tmp_path: Path) -> None:
    import_batch_create(source="employers", path=_csv(tmp_path / "oss.csv", OSS))
    import_batch_create(
        source="employers-bpjstk",
        path=_csv(
            tmp_path / "first.csv", "npp,nib,nama,tenaga_kerja_terdaftar\n55555555,9120301234569,KOP,30\n"
        ),
    )
    text = (
        "npp,nib,nama,tenaga_kerja_terdaftar,kode_wilayah\n"
        "11111111,9120301234567,A,1,\n"  # row 2: same NIB as row 3, another NPP
        "11111112,9120301234567,A,1,\n"  # row 3
        "55555555,9120301234570,B,1,\n"  # row 4: NPP recorded for KOPERASI's NIB, NIB is TOKO BARU's
        "66666666,,C,1,\n"  # row 5: meets nothing and has no region
        "77777777,,D,1,13.71\n"  # row 6: meets nothing: kept, listed
        "22222222,9120301234568,E,2,\n"  # row 7: meets CAFÉ MINANG
    )
    outcome = import_batch_create(source="employers-bpjstk", path=_csv(tmp_path / "second.csv", text))
    found = {(p.row, p.problem.code) for p in outcome.problems}
    assert found == {
        (2, "employer_nib_rows"),
        (3, "employer_nib_rows"),
        (4, "employer_match_conflict"),
        (5, "employer_region_unknown"),
        (6, "employer_not_in_oss"),
    }
    messages = {p.row: p.problem.message() for p in outcome.problems}
    assert "NIB 9120301234567 tertulis di beberapa baris berkas ini (baris 2, 3)" in messages[2]
    assert "NPP 55555555 tercatat untuk NIB 9120301234569" in messages[4]
    assert "kode_wilayah" in messages[5]
    assert (outcome.batch.rows_created, outcome.batch.rows_updated, outcome.batch.rows_rejected) == (1, 1, 4)
    assert Employer.objects.get(nib="9120301234568").npp == "22222222"
    assert Employer.objects.get(nib="9120301234567").npp == ""  # untouched: its rows were ambiguous
    assert Employer.objects.get(nib="9120301234570").npp == ""

    # Two rows meeting one employer (KOPERASI: by its NPP, and by its NIB with a new NPP): neither is written.
    twice = "npp,nib,nama,tenaga_kerja_terdaftar\n55555555,,KOP,31\n88888888,9120301234569,KOP,32\n"
    with pytest.raises(NothingImported) as raised:
        import_batch_create(source="employers-bpjstk", path=_csv(tmp_path / "twice.csv", twice))
    assert [(p.row, p.problem.code) for p in raised.value.problems] == [
        (2, "employer_same_record"),
        (3, "employer_same_record"),
    ]
    assert "Baris ini dan baris 3 cocok dengan pemberi kerja yang sama (NIB 9120301234569)" in (
        raised.value.problems[0].problem.message()
    )
    assert Employer.objects.get(nib="9120301234569").workers_registered == 30


def test_an_npp_on_two_employers_is_ambiguous(sumbar_regions: None, tmp_path: Path) -> None:
    # A combined OSS file (the old way) may give one NPP to two NIBs; BPJSTK's row cannot choose.
    combined = (
        "nib,npp,nama,kbli,kode_wilayah,jumlah_tenaga_kerja\n"
        "9120301234567,11111111,A,47111,13.71,3\n"
        "9120301234568,11111111,B,47111,13.71,3\n"
    )
    import_batch_create(source="employers", path=_csv(tmp_path / "oss.csv", combined))
    with pytest.raises(NothingImported) as raised:
        import_batch_create(
            source="employers-bpjstk",
            path=_csv(tmp_path / "b.csv", "npp,nama,tenaga_kerja_terdaftar\n11111111,A,3\n"),
        )
    (problem,) = raised.value.problems
    assert problem.problem.code == "employer_npp_ambiguous"
    assert "NIB 9120301234567, NIB 9120301234568" in problem.problem.message()


def test_a_combined_oss_file_meets_a_bpjstk_employer_without_nib_by_its_npp(
    sumbar_regions: None, tmp_path: Path
) -> None:
    bpjstk = _csv(
        tmp_path / "b.csv", "npp,nama,tenaga_kerja_terdaftar,kode_wilayah\n44444444,WARUNG,3,13.71\n"
    )
    combined = _csv(
        tmp_path / "oss.csv",
        "nib,npp,nama,kbli,kode_wilayah,jumlah_tenaga_kerja\n9120301234570,44444444,TOKO BARU,47111,13.71.01,5\n",
    )
    import_batch_create(source="employers-bpjstk", path=bpjstk)
    import_batch_create(source="employers", path=combined)
    bpjstk_first = _records()
    _reset()
    import_batch_create(source="employers", path=combined)
    import_batch_create(source="employers-bpjstk", path=bpjstk)
    assert _records() == bpjstk_first
    assert bpjstk_first == [
        ("9120301234570", "44444444", "TOKO BARU", "47111", "13.71.01", 5, 3, None, "", "", None)
    ]
