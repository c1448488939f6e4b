"""Record linkage in the web app: runs and candidates stored, the review queue (masked, scoped), confirm,
dismiss, the audited reveal, merging two persons with both provenances kept, and the threshold settings."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from django.test import Client
from django.urls import reverse

from cakupan.core.access import Role
from cakupan.core.nik import mask_nik
from cakupan.linkage.engine import Thresholds
from cakupan.web.accounts.services import user_create
from cakupan.web.audit.models import AuditEvent
from cakupan.web.imports.services import NothingImported, import_batch_create
from cakupan.web.linkage.display import mask_name
from cakupan.web.linkage.models import LinkCandidate, LinkRun, PersonMerge
from cakupan.web.linkage.selectors import registry_frame, threshold_report
from cakupan.web.linkage.services import (
    LinkDecisionError,
    link_candidate_confirm,
    link_candidate_dismiss,
    link_duplicates_create,
    link_run_create,
    person_merge,
)
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person
from factories import membership_row, person_row, write_memberships, write_persons

pytestmark = pytest.mark.django_db

SOLOK = "13.02.05.2001"  # Nagari Supayang, Kab. Solok
PADANG = "13.71.01.1001"
SCHEMA = {
    "record_id": pl.Int64,
    "nik": pl.String,
    "nama": pl.String,
    "tanggal_lahir": pl.Date,
    "jenis_kelamin": pl.String,
    "kode_wilayah": pl.String,
}


@pytest.fixture
def registry(sumbar_regions: None, tmp_path: Path) -> dict[str, Person]:
    rows = {
        "budi": person_row(
            kecamatan=SOLOK[:8], desa=SOLOK, serial=1, name="BUDI SAPUTRA", birth=dt.date(1985, 7, 1)
        ),
        "siti": person_row(
            kecamatan=SOLOK[:8],
            desa=SOLOK,
            serial=2,
            name="SITI RAHMADANI",
            birth=dt.date(1990, 3, 12),
            sex="P",
        ),
        # SITI again under a mistyped NIK: a registry duplicate
        "siti2": person_row(
            kecamatan=SOLOK[:8],
            desa=SOLOK,
            serial=7,
            name="SITI RAHMADANI",
            birth=dt.date(1990, 3, 12),
            sex="P",
        ),
        "zul": person_row(
            kecamatan=PADANG[:8], desa=PADANG, serial=3, name="ZULKIFLI", birth=dt.date(1970, 11, 11)
        ),
        "rina": person_row(
            kecamatan=PADANG[:8],
            desa=PADANG,
            serial=4,
            name="RINA WAHYUNI",
            birth=dt.date(1995, 5, 5),
            sex="P",
        ),
    }
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", rows.values()))
    memberships = [
        membership_row(nik=rows["siti"]["nik"], start="2025-01-01"),
        membership_row(nik=rows["siti2"]["nik"], start="2025-01-01", kpj="9111"),  # the same membership twice
        membership_row(
            nik=rows["siti2"]["nik"], start="2024-01-01", kpj="9222", segment="PU", payer="mandiri"
        ),
    ]
    import_batch_create(source="memberships", path=write_memberships(tmp_path / "m.csv", memberships))
    return {key: Person.objects.get(nik=row["nik"]) for key, row in rows.items()}


def _records(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SCHEMA)


def _incoming(registry: dict[str, Person]) -> pl.DataFrame:
    return _records(
        [
            {"record_id": 2, "nik": registry["budi"].nik, "nama": "BUDI SAPUTRA", "tanggal_lahir": dt.date(1985, 7, 1),
             "jenis_kelamin": "L", "kode_wilayah": SOLOK},
            {"record_id": 3, "nik": None, "nama": "RINA", "tanggal_lahir": dt.date(1995, 5, 5),
             "jenis_kelamin": "P", "kode_wilayah": PADANG},
            {"record_id": 4, "nik": None, "nama": "RINA", "tanggal_lahir": dt.date(1995, 1, 1),
             "jenis_kelamin": "P", "kode_wilayah": "13.71.05.1001"},
            {"record_id": 5, "nik": None, "nama": "YOHANES SABULAT", "tanggal_lahir": dt.date(1960, 1, 1),
             "jenis_kelamin": "L", "kode_wilayah": "13.09.01.2001"},
        ]
    )  # fmt: skip


def _client(username: str, role: Role, regions: list[str]) -> Client:
    client = Client()
    client.force_login(
        user_create(username=username, password="kata-sandi-uji-123", role=role, region_codes=regions)
    )
    return client


# --- runs ---


def test_registry_frame_is_the_linker_layout(registry: dict[str, Person]) -> None:
    frame = registry_frame()
    assert frame.columns == list(SCHEMA) and frame.height == 5
    assert frame.filter(pl.col("record_id") == registry["budi"].pk).row(0)[1:] == (
        registry["budi"].nik, "BUDI SAPUTRA", dt.date(1985, 7, 1), "L", SOLOK,
    )  # fmt: skip


def test_a_run_stores_links_and_candidates_and_is_audited(registry: dict[str, Person]) -> None:
    run, _ = link_run_create(records=_incoming(registry), source="memberships", file_name="anggota.csv")
    assert (run.kind, run.rows_total, run.registry_rows) == (LinkRun.Kind.FILE, 4, 5)
    assert run.rows_nik_linked == 1
    statuses = {
        c.source_row: (c.person_id, c.method, c.status) for c in LinkCandidate.objects.filter(run=run, rank=1)
    }
    assert 2 not in statuses  # linked by its NIK: counted, not stored
    assert statuses[3] == (registry["rina"].pk, "splink", "auto_linked")  # dropped second name
    assert statuses[4] == (registry["rina"].pk, "splink", "pending")  # birth year only, another kecamatan
    assert 5 not in statuses  # nobody like him
    assert run.rows_auto_linked + run.rows_nik_linked + run.rows_pending + run.rows_unmatched == 4
    rina = LinkCandidate.objects.get(run=run, source_row=3)
    assert rina.agreement == {
        "name": "name_dropped",
        "dob": "exact",
        "sex": "exact",
        "region": "same_desa",
        "nik": "null",
    }
    assert (rina.record_name, rina.record_birth_date, rina.record_region_code) == (
        "RINA",
        dt.date(1995, 5, 5),
        PADANG,
    )
    event = AuditEvent.objects.get(object_type="link_run", object_id=str(run.pk))
    assert event.action == "create" and event.changes["rows"] == 4 and event.changes["nik_linked"] == 1


def test_uncertain_pairs_wait_for_review(registry: dict[str, Person]) -> None:
    run, _ = link_run_create(records=_incoming(registry), source="file")
    assert [c.source_row for c in LinkCandidate.objects.filter(run=run, status="pending")] == [4]
    assert run.rows_pending == 1
    strict, _ = link_run_create(
        records=_incoming(registry), source="file", thresholds=Thresholds(match=0.8, review=0.7)
    )
    assert not LinkCandidate.objects.filter(run=strict, status="pending").exists()  # 0.63 is below review
    assert strict.rows_unmatched == 2


# --- the review queue ---


def test_queue_is_masked_scoped_and_shows_the_measured_thresholds(registry: dict[str, Person]) -> None:
    link_run_create(records=_incoming(registry), source="file")
    solok = _client("bpjs", Role.BPJSTK_OFFICER, ["13.02"])
    padang = _client("pemda", Role.PEMDA_ADMIN, ["13.71"])
    body = padang.get(reverse("linkage:queue")).content.decode()
    assert mask_name("RINA WAHYUNI") in body and "RINA WAHYUNI" not in body
    assert mask_nik(registry["rina"].nik) in body and registry["rina"].nik not in body
    measured = threshold_report().measured
    assert measured is not None
    for figure in (measured["precision"], measured["recall"], measured["nik_join_recall"]):
        assert str(figure) in body or str(figure).replace(".", ",") in body  # shown beside the thresholds
    assert mask_name("RINA WAHYUNI") not in solok.get(reverse("linkage:queue")).content.decode()
    assert solok.get(reverse("linkage:queue"), {"status": "auto_linked"}).status_code == 200


def test_candidate_page_compares_fields_masked_and_reveals_with_a_reason(registry: dict[str, Person]) -> None:
    run, _ = link_run_create(records=_incoming(registry), source="file")
    candidate = LinkCandidate.objects.get(run=run, source_row=3, rank=1)
    client = _client("pemda", Role.PEMDA_ADMIN, ["13"])
    url = reverse("linkage:candidate", args=[candidate.pk])
    body = client.get(url).content.decode()
    assert "R*** W******" in body and "RINA WAHYUNI" not in body and registry["rina"].nik not in body
    assert "agree" in body and "partial" in body  # markers: birth date the same, one name missing
    reveal = reverse("linkage:candidate-reveal", args=[candidate.pk])
    assert client.post(reveal, {"alasan": "x"}).status_code == 400
    opened = client.post(reveal, {"alasan": "cek data anggota baru"}).content.decode()
    assert "RINA WAHYUNI" in opened and registry["rina"].nik in opened
    event = AuditEvent.objects.get(action="reveal", object_type="link_candidate")
    assert event.reason == "cek data anggota baru" and event.region_code == PADANG
    assert "RINA WAHYUNI" not in client.get(url).content.decode()  # masked again


def test_confirm_dismisses_the_other_candidates_of_the_row(registry: dict[str, Person]) -> None:
    records = _records(
        [{"record_id": 7, "nik": None, "nama": "SITI RAHMADANI", "tanggal_lahir": dt.date(1990, 3, 12),
          "jenis_kelamin": "P", "kode_wilayah": SOLOK}]
    )  # fmt: skip
    run, _ = link_run_create(records=records, source="file")
    candidates = list(LinkCandidate.objects.filter(run=run).order_by("rank"))
    assert {c.person_id for c in candidates} == {registry["siti"].pk, registry["siti2"].pk}
    assert {c.status for c in candidates} == {"pending"}  # two registry records alike: no automatic choice
    client = _client("pemda", Role.PEMDA_ADMIN, ["13"])
    response = client.post(
        reverse("linkage:candidate-confirm", args=[candidates[0].pk]), {"catatan": "sesuai KTP"}
    )
    assert response.status_code == 302
    candidates = [LinkCandidate.objects.get(pk=c.pk) for c in candidates]
    assert [c.status for c in candidates] == ["confirmed", "dismissed"]
    assert candidates[0].decided_by.username == "pemda" and candidates[0].note == "sesuai KTP"
    assert AuditEvent.objects.filter(object_type="link_candidate", action="update").count() == 2
    again = client.post(reverse("linkage:candidate-confirm", args=[candidates[0].pk]))
    assert again.status_code == 400 and "sudah diputuskan" in again.content.decode()


def test_dismiss(registry: dict[str, Person]) -> None:
    run, _ = link_run_create(records=_incoming(registry), source="file")
    candidate = LinkCandidate.objects.get(run=run, source_row=3)
    user = user_create(
        username="u", password="kata-sandi-uji-123", role=Role.PEMDA_ADMIN, region_codes=["13"]
    )
    link_candidate_dismiss(candidate=candidate, user=user, note="orang lain")
    candidate.refresh_from_db()
    assert candidate.status == "dismissed" and candidate.note == "orang lain"
    with pytest.raises(LinkDecisionError):
        link_candidate_confirm(candidate=candidate, user=user)


def test_a_role_without_the_permission_and_a_candidate_outside_the_region(
    registry: dict[str, Person],
) -> None:
    run, _ = link_run_create(records=_incoming(registry), source="file")
    padang = LinkCandidate.objects.get(run=run, source_row=3)
    assert _client("auditor", Role.VIEWER, ["13"]).get(reverse("linkage:queue")).status_code == 403
    solok = _client("bpjs", Role.BPJSTK_OFFICER, ["13.02"])
    assert solok.get(reverse("linkage:candidate", args=[padang.pk])).status_code == 404
    assert solok.post(reverse("linkage:candidate-dismiss", args=[padang.pk])).status_code == 404
    padang.refresh_from_db()
    assert padang.status == "auto_linked"


# --- duplicates and merging ---


def test_duplicate_search_queues_each_pair_once(registry: dict[str, Person]) -> None:
    run = link_duplicates_create()
    pairs = {frozenset((c.record_person_id, c.person_id)) for c in LinkCandidate.objects.filter(run=run)}
    assert pairs == {frozenset((registry["siti"].pk, registry["siti2"].pk))}
    again = link_duplicates_create()
    assert again.rows_pending == 0 and not LinkCandidate.objects.filter(run=again).exists()


def test_merge_moves_memberships_keeps_both_records_and_is_audited(registry: dict[str, Person]) -> None:
    run = link_duplicates_create()
    candidate = LinkCandidate.objects.get(run=run)
    keep, drop = registry["siti"], registry["siti2"]
    client = _client("pemda", Role.PEMDA_ADMIN, ["13"])
    url = reverse("linkage:candidate-merge", args=[candidate.pk])
    assert client.post(url, {"alasan": "satu orang", "pertahankan": "999999"}).status_code == 400
    assert client.post(url, {"alasan": "", "pertahankan": keep.pk}).status_code == 400
    assert (
        client.post(url, {"alasan": "NIK salah ketik pada impor", "pertahankan": keep.pk}).status_code == 302
    )

    assert not Person.objects.filter(pk=drop.pk).exists()
    kept_memberships = Membership.objects.filter(person=keep).order_by("start_date")
    assert [(m.segment, str(m.start_date)) for m in kept_memberships] == [
        ("PU", "2024-01-01"),
        ("BPU", "2025-01-01"),
    ]
    merge = PersonMerge.objects.get()
    assert (merge.kept_id, merge.merged_person_id, merge.merged_nik) == (keep.pk, drop.pk, drop.nik)
    assert (
        merge.merged_record["name"] == "SITI RAHMADANI" and merge.merged_record["import_batch_id"] is not None
    )
    assert merge.kept_record["nik"] == keep.nik
    assert len(merge.moved["membership.Membership.person"]) == 1
    assert [row["kpj"] for row in merge.dropped["membership.Membership.person"]] == ["9111"]
    candidate.refresh_from_db()
    assert candidate.status == "merged" and candidate.person_id == candidate.record_person_id == keep.pk
    event = AuditEvent.objects.get(object_type="person", object_id=str(keep.pk), action="update")
    assert event.changes["merged_person"] == [drop.pk, None] and event.reason == "NIK salah ketik pada impor"
    assert drop.nik not in str(event.changes)  # the merged NIK is stored masked in the log


def test_merge_refuses_one_person_twice(registry: dict[str, Person]) -> None:
    with pytest.raises(LinkDecisionError):
        person_merge(keep=registry["budi"], merge=registry["budi"], user=None, reason="uji")


def test_a_file_candidate_cannot_be_merged(registry: dict[str, Person]) -> None:
    run, _ = link_run_create(records=_incoming(registry), source="file")
    candidate = LinkCandidate.objects.get(run=run, source_row=3)
    client = _client("pemda", Role.PEMDA_ADMIN, ["13"])
    response = client.post(
        reverse("linkage:candidate-merge", args=[candidate.pk]),
        {"alasan": "coba", "pertahankan": candidate.person_id},
    )
    assert response.status_code == 400
    assert Person.objects.filter(pk=candidate.person_id).exists()


# --- settings ---


@pytest.mark.parametrize(
    ("match", "review", "message"),
    [
        ("1.5", "", "CAKUPAN_LINK_MATCH_THRESHOLD"),
        ("0.5", "0.8", "tidak boleh lebih besar"),
        ("abc", "", "peluang"),
    ],
)
def test_bad_threshold_settings_stop_with_a_clear_message(
    match: str, review: str, message: str, tmp_path: Path
) -> None:
    env = {**os.environ, "CAKUPAN_DATA_DIR": str(tmp_path), "CAKUPAN_LINK_MATCH_THRESHOLD": match,
           "CAKUPAN_LINK_REVIEW_THRESHOLD": review}  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", "import cakupan.web.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0 and message in done.stderr


def test_an_old_file_cannot_bring_a_merged_person_back(registry: dict[str, Person], tmp_path: Path) -> None:
    keep, drop = registry["siti"], registry["siti2"]
    candidate = LinkCandidate.objects.get(run=link_duplicates_create())
    user = user_create(
        username="pemda-m", password="sandi-yang-panjang-1", role=Role.PEMDA_ADMIN, region_codes=["13"]
    )
    person_merge(keep=keep, merge=drop, candidate=candidate, user=user, reason="satu orang")
    again = person_row(
        kecamatan=SOLOK[:8], desa=SOLOK, serial=7, name="SITI RAHMADANI", birth=dt.date(1990, 3, 12), sex="P"
    )
    assert again["nik"] == drop.nik
    with pytest.raises(NothingImported) as refused:
        import_batch_create(source="persons", path=write_persons(tmp_path / "lama.csv", [again]))
    [problem] = refused.value.problems
    assert problem.problem.code == "person_merged" and problem.problem.params == {"kept": str(keep.pk)}
    assert not Person.objects.filter(nik=drop.nik).exists()
    # An officer of another region is not told which person it was merged into (issue 17.6).
    padang = write_persons(tmp_path / "padang.csv", [{**again, "kode_wilayah": "13.71.01.1001"}])
    with pytest.raises(NothingImported) as elsewhere:
        import_batch_create(source="persons", path=padang, scope=["13.71"])
    [problem] = elsewhere.value.problems
    assert problem.problem.code == "person_outside_scope" and not problem.problem.params

    # A membership still carrying the merged NIK lands on the kept person.
    late = membership_row(nik=drop.nik, start="2025-06-01", segment="JAKON", kpj="97777")
    import_batch_create(source="memberships", path=write_memberships(tmp_path / "m.csv", [late]))
    assert Membership.objects.get(kpj="97777").person_id == keep.pk
