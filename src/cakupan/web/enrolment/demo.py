"""Example budgets and schemes for the demo, from BRIEF §1, with amounts scaled to the synthetic population:
Kota Padang's city budget for vulnerable workers (3,000 workers × Rp 16,800 × 12 = Rp 604,800,000 at full
scale) with a CSR contribution for traders, and Pasaman Barat's DBH Sawit cohort (7,723 palm-oil workers for
3 months) beside its APBD.

Their cover starts in the synthetic data's reference month (June 2025), the last month the coverage facts
describe (``facts_as_of``): what the user enrols shows in the figures. One small example batch of Pasaman
Barat's palm-oil workers (paid by its DBH Sawit) is approved and exported, and BPJSTK's answer to it (KPJ
numbers, one rejection) is written beside the synthetic files, so the first thing a user tries works: upload the
answer, see Pasaman Barat's UCJ rise by the accepted workers. The rest is left to the user in the browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl
from django.contrib.auth import get_user_model
from django.db.models import Q

from cakupan.rules import lowest_bpu_contribution
from cakupan.synth import REFERENCE_DATE
from cakupan.web.enrolment import batches
from cakupan.web.enrolment.allocation import ranked_eligible
from cakupan.web.enrolment.bpjstk_files import batch_export
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, FundingSource, Scheme, split_list
from cakupan.web.enrolment.schedule import cover_end
from cakupan.web.enrolment.services import funding_source_save, scheme_save
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Region

START = REFERENCE_DATE.replace(day=1)  # the synthetic data's last month: the facts show what starts in it
PASBAR_SCHEME = f"Demo: Pekerja rentan Pasaman Barat {START.year}"
EXAMPLE_BATCH = "Demo: contoh batch DBH Sawit Pasaman Barat"
EXAMPLE_WORKERS = 10  # at most; never more than half of what the source pays for
REJECTION = "NIK tidak sesuai data Dukcapil"


def _source(
    *, region: str, kind: str, name: str, workers: int, months: int, note: str, **earmark: Any
) -> FundingSource:
    values = {
        "region": Region.objects.get(code=region),
        "kind": kind,
        "name": name,
        "fiscal_year": START.year,
        "budget": workers * lowest_bpu_contribution(on=START).total * months,
        "months": months,
        "earmark_regions": "",
        "earmark_sectors": "",
        "earmark_occupations": "",
        "earmark_max_decile": None,
        "legal_basis": note,
    } | earmark
    return funding_source_save(values=values, by=None)


def _scheme(*, region: str, name: str, sources: list[FundingSource], **rules: Any) -> Scheme:
    values = {
        "region": Region.objects.get(code=region),
        "name": name,
        "fiscal_year": START.year,
        "start_date": START,
        "programmes": "JKK;JKM",
        "income_basis": 1_000_000,
        "min_age": 15,
        "max_age": 65,
        "sectors": "informal",
        "max_decile": None,
        "occupations": "",
        "special_groups": "",
        "exclude_active": True,
        "weight_decile": 10,
        "weight_risk": 5,
        "weight_head": 10,
        "weight_dependants": 3,
        "max_dependants": 5,
    } | rules
    return scheme_save(values=values, sources=sources, by=None)


def enrolment_demo_seed(*, scale: float) -> int:
    """Create the example sources and schemes once (a second demo run leaves them); returns how many schemes
    were created."""
    if Scheme.objects.filter(name__startswith="Demo:").exists():
        return 0

    def scaled(workers: int) -> int:
        return max(1, round(workers * scale))

    demo = f"Demo: jumlah × skala {scale}"
    padang = _source(
        region="13.71",
        kind="apbd_kabkota",
        name=f"APBD Kota Padang {START.year} (pekerja rentan)",
        workers=scaled(3_000),
        months=12,
        note=f"{demo}; 3.000 pekerja × Rp 16.800 × 12",
    )
    csr = _source(
        region="13.71",
        kind="csr",
        name=f"CSR untuk pedagang Kota Padang {START.year}",
        workers=scaled(500),
        months=12,
        note=demo,
        earmark_occupations="Pedagang",
    )
    sawit = _source(
        region="13.12",
        kind="dbh_sawit",
        name=f"DBH Sawit Pasaman Barat {START.year}",
        workers=scaled(7_723),
        months=3,
        note=f"{demo}; 7.723 pekerja sawit, 3 bulan",
        earmark_occupations="Buruh Kebun Sawit",
    )
    pasbar = _source(
        region="13.12",
        kind="apbd_kabkota",
        name=f"APBD Pasaman Barat {START.year}",
        workers=scaled(2_000),
        months=12,
        note=demo,
    )
    _scheme(
        region="13.71",
        name=f"Demo: Pekerja rentan Kota Padang {START.year}",
        sources=[padang, csr],
        max_decile=4,
    )
    _scheme(region="13.12", name=PASBAR_SCHEME, sources=[sawit, pasbar])
    return 2


def enrolment_demo_batch(out_dir: Path) -> Path | None:
    """The example batch of Pasaman Barat's palm-oil workers paid by its DBH Sawit (created once, by the demo
    users ``pemda`` and ``kadis``: made, verified, approved, exported, its registration file written to
    ``out_dir``) and, while it awaits BPJSTK's answer, that answer in ``out_dir``; returns the answer's path (None
    once the answer has been applied, or when no worker is eligible)."""
    batch = EnrolmentBatch.objects.filter(name=EXAMPLE_BATCH).first()
    if batch is None:
        batch = _example_batch(out_dir)
    if batch is None or batch.state != "exported":
        return None
    members = list(batch.members.filter(status=BatchMember.Status.PENDING).order_by("nik"))
    lines = ["nik;kpj;status;alasan"]
    for k, member in enumerate(members):
        if k == len(members) - 1 and len(members) > 2:
            lines.append(f"{member.nik};;ditolak;{REJECTION}")
        else:
            lines.append(f"{member.nik};99{member.person_id:09d};diterima;")
    answer = out_dir / f"jawaban-bpjstk-batch-{batch.pk}.csv"
    answer.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return answer


def _example_batch(out_dir: Path) -> EnrolmentBatch | None:
    users = get_user_model().objects
    maker, checker = users.get(username="pemda"), users.get(username="kadis")
    scheme = Scheme.objects.filter(name=PASBAR_SCHEME).first()
    source = None if scheme is None else scheme.sources.filter(kind="dbh_sawit").first()
    if scheme is None or source is None:
        return None
    ranked, _ = ranked_eligible(scheme, maker)
    ranked = ranked.filter(pl.col("occupation").is_in(split_list(source.earmark_occupations)))
    end = cover_end(scheme.start_date, source.months)
    # Anyone with a membership in the cover's months (one starting later in June, say) cannot be approved.
    members_elsewhere = set(
        Membership.objects.filter(person_id__in=ranked["person_id"].to_list(), start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=scheme.start_date))
        .values_list("person_id", flat=True)
    )
    affordable = source.budget // (source.months * lowest_bpu_contribution(on=START).total)
    wanted = min(EXAMPLE_WORKERS, affordable // 2)
    picked = [
        (person_id, score)
        for person_id, score in ranked.select("person_id", "score").iter_rows()
        if person_id not in members_elsewhere
    ][:wanted]
    if not picked:
        return None
    batch = batches.batch_create(scheme=scheme, source=source, name=EXAMPLE_BATCH, members=picked, by=maker)
    batches.batch_verify(batch=batch, by=maker)
    batches.batch_approve(batch=batch, by=checker)
    registration = batch_export(batch=batch, by=maker)
    (out_dir / f"pendaftaran-bpjstk-batch-{batch.pk}.xlsx").write_bytes(registration)
    batch.refresh_from_db()
    return batch
