"""Where each column of BPJSTK's registration file comes from: one mapping, layout field -> source.

A person's identity comes from the registry (``Person``) and is copied onto the ``BatchMember`` at approval, under
the layout field's name (``SNAPSHOT``): BPJSTK receives what was approved, not what the registry says later. The
batch gives the programmes, income basis, period and payer; the region's name is the work location. ``SOURCES``
covers every field of ``cakupan.enrolment.layout.FIELDS`` except ``FILLED_OUTSIDE`` (no registry holds them):
``registration_rows`` builds each row from it alone, so a registry value can no longer be left out of the file
by a forgotten keyword (NOMOR KK was empty in every row that way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from cakupan.enrolment.layout import FIELDS, FILLED_OUTSIDE, RegistrationRow
from cakupan.web.enrolment.models import BatchMember, EnrolmentBatch, split_list
from cakupan.web.enrolment.schedule import cover_end
from cakupan.web.registry.models import Person, Region

__all__ = ["SNAPSHOT", "SOURCES", "registration_rows", "snapshot_freeze"]

# layout field -> Person attribute; the BatchMember keeps the frozen copy under the layout field's name.
SNAPSHOT: dict[str, str] = {
    "nik": "nik",
    "kk_number": "kk_number",
    "name": "name",
    "birth_date": "birth_date",
    "sex": "sex",
    "occupation": "occupation",
    "region_code": "region_id",
    "address": "address",
}


@dataclass(frozen=True)
class _Batch:
    """What every row of one batch shares, computed once."""

    batch: EnrolmentBatch
    region_names: dict[str, str]
    programmes: tuple[str, ...]
    end_date: dt.date


Source = Callable[[BatchMember, _Batch], object]


def _frozen(field: str) -> Source:
    return lambda member, _batch: getattr(member, field)


SOURCES: dict[str, Source] = {field: _frozen(field) for field in SNAPSHOT} | {
    "work_location": lambda m, b: b.region_names.get(m.region_code, m.region_code),
    "income_basis": lambda _m, b: b.batch.income_basis,
    "programmes": lambda _m, b: b.programmes,
    "start_date": lambda _m, b: b.batch.start_date,
    "end_date": lambda _m, b: b.end_date,
    "months": lambda _m, b: b.batch.months,
    "payer": lambda _m, b: b.batch.source.name,
}

_UNCOVERED = set(FIELDS) - set(SOURCES) - set(FILLED_OUTSIDE)
if _UNCOVERED or set(SOURCES) & set(FILLED_OUTSIDE):  # a programming error: fail at start-up, not in a file
    raise RuntimeError(
        f"registration SOURCES must cover FIELDS minus FILLED_OUTSIDE, not {sorted(_UNCOVERED)}"
    )


def snapshot_freeze(member: BatchMember, person: Person) -> None:
    """Copy the registry values the file needs onto ``member`` (saved by the caller, fields ``list(SNAPSHOT)``)."""
    for field, attribute in SNAPSHOT.items():
        setattr(member, field, getattr(person, attribute))


def registration_rows(batch: EnrolmentBatch) -> list[RegistrationRow]:
    """The batch's workers not rejected by BPJSTK, by NIK, each row built from ``SOURCES`` alone."""
    members = list(batch.members.exclude(status=BatchMember.Status.REJECTED).order_by("nik"))
    names = dict(Region.objects.filter(code__in={m.region_code for m in members}).values_list("code", "name"))
    shared = _Batch(
        batch=batch,
        region_names=names,
        programmes=split_list(batch.programmes),
        end_date=cover_end(batch.start_date, batch.months),
    )
    return [
        RegistrationRow(**{field: source(m, shared) for field, source in SOURCES.items()})  # type: ignore[arg-type]
        for m in members
    ]
