"""Changing who is in a draft batch: a nagari's proposal by NIK (each NIK checked against the registry, the
scheme's rules and the source's earmark; all or nothing) and removing workers. Whoever changes the members may
not approve the batch (maker-checker)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl
from django.db import transaction
from django.http import HttpRequest

from cakupan import funding
from cakupan.enrolment.states import BatchState, EnrolmentError
from cakupan.targeting import eligible_mask, explain, priority_scores
from cakupan.web.enrolment.allocation import core_source, scheme_rules, scheme_weights
from cakupan.web.enrolment.batches import batch_audit, batch_locked
from cakupan.web.enrolment.candidates import scheme_candidates
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch
from cakupan.web.enrolment.selectors import candidate_of
from cakupan.web.params import is_digits

Message = tuple[str, str]  # Indonesian, English


def _draft_only(batch: EnrolmentBatch) -> None:
    if batch.state != BatchState.DRAFT:
        raise EnrolmentError(
            "Anggota hanya dapat diubah selama batch masih draf.",
            "Members can only be changed while the batch is a draft.",
        )


def _editor(batch: EnrolmentBatch, by: Any) -> None:
    if by is not None and by.pk not in batch.member_editors:
        batch.member_editors = [*batch.member_editors, by.pk]
        batch.save(update_fields=["member_editors", "updated_at"])


def _refusals(batch: EnrolmentBatch, wanted: list[str], frame: pl.DataFrame) -> list[Message]:
    """One message per NIK that cannot join: not a NIK, not in the batch's region, already in, not eligible under
    the scheme (with the first failed rule), or outside the source's earmark."""
    scheme = batch.scheme
    rules, weights = scheme_rules(scheme), scheme_weights(scheme)
    known = frame.filter(pl.col("nik").is_in(wanted))
    eligible = dict(zip(known["nik"], eligible_mask(known, rules, on=scheme.start_date), strict=True))
    earmark = funding.eligible_matrix(known, [core_source(batch.source, scheme=scheme, monthly_cost=1)])[:, 0]
    allowed = dict(zip(known["nik"], earmark, strict=True))
    present = set(batch.members.values_list("person__nik", flat=True))
    refused: list[Message] = []
    for line, nik in enumerate(wanted, start=1):
        shown = f"{nik[:6]}…"
        if not (len(nik) == 16 and is_digits(nik)):
            refused.append(
                (f"Baris {line}: {nik!r} bukan NIK 16 digit.", f"Line {line}: {nik!r} is not a 16-digit NIK.")
            )
        elif nik not in eligible:
            refused.append(
                (
                    f"Baris {line}: NIK {shown} tidak terdaftar di wilayah batch ini.",
                    f"Line {line}: NIK {shown} is not registered in this batch's region.",
                )
            )
        elif nik in present:
            refused.append(
                (
                    f"Baris {line}: NIK {shown} sudah ada di batch ini.",
                    f"Line {line}: NIK {shown} is already in this batch.",
                )
            )
        elif not eligible[nik]:
            row = known.filter(pl.col("nik") == nik).row(0, named=True)
            failed = explain(candidate_of(row), rules, weights, on=scheme.start_date).failed()[0]
            refused.append(
                (
                    f"Baris {line}: NIK {shown}: {failed.indonesian}",
                    f"Line {line}: NIK {shown}: {failed.english}",
                )
            )
        elif not allowed[nik]:
            refused.append(
                (
                    f"Baris {line}: NIK {shown} di luar peruntukan {batch.source.name}.",
                    f"Line {line}: NIK {shown} is outside the earmark of {batch.source.name}.",
                )
            )
        present.add(nik)
    return refused


@transaction.atomic
def batch_members_add(
    *, batch: EnrolmentBatch, niks: Sequence[str], by: Any, request: HttpRequest | None = None
) -> list[Message]:
    """Add workers by NIK to a draft batch; the answer lists one message per refused NIK (Indonesian, English),
    and nothing is added when any is refused."""
    batch = batch_locked(batch)
    _draft_only(batch)
    wanted = [n.strip() for n in niks if n.strip()]
    if not wanted:
        return [("Tidak ada NIK yang diisi.", "No NIK was given.")]
    frame = scheme_candidates(scheme=batch.scheme, user=by)
    refused = _refusals(batch, wanted, frame)
    if refused:
        return refused
    chosen = frame.filter(pl.col("nik").is_in(wanted))
    scores = priority_scores(chosen, scheme_weights(batch.scheme))
    rows = dict(zip(chosen["nik"], zip(chosen["person_id"], scores, strict=True), strict=True))
    groups = dict(zip(chosen["nik"], funding.sector_groups(chosen["occupation"]), strict=True))
    BatchMember.objects.bulk_create(
        [
            BatchMember(batch=batch, person_id=rows[n][0], score=rows[n][1], cost_group=str(groups[n]))
            for n in dict.fromkeys(wanted)
        ]
    )
    _editor(batch, by)
    added = sorted(rows[n][0] for n in set(wanted))
    batch_audit(batch, by=by, request=request, changes={"added_persons": [None, added]})
    return []


@transaction.atomic
def batch_members_remove(
    *, batch: EnrolmentBatch, member_ids: Sequence[int], by: Any, request: HttpRequest | None = None
) -> int:
    batch = batch_locked(batch)
    _draft_only(batch)
    leaving = batch.members.filter(pk__in=member_ids)
    persons = sorted(leaving.values_list("person_id", flat=True))
    removed, _ = leaving.delete()
    if removed:
        _editor(batch, by)
        batch_audit(batch, by=by, request=request, changes={"removed_persons": [persons, None]})
    return removed
