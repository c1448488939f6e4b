"""The candidates of a scheme as the pure core reads them: one row per person of the scheme's region, with what
eligibility and priority need (cakupan.targeting.CANDIDATE_COLUMNS).

Household facts come from the KK number, because the person layout has no "relation to the head" column:
the head of a household is taken to be its oldest member aged 15 or more, and their dependants are the other
members under 15, over 64, or not working (a stated assumption, docs/glossary.md "kepala keluarga")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from django.db.models import Q

from cakupan.funding.costs import cover_months
from cakupan.targeting import CANDIDATE_COLUMNS
from cakupan.web.accounts.scope import scope_q
from cakupan.web.enrolment.models import EnrolmentMonth, Scheme
from cakupan.web.membership.models import Membership
from cakupan.web.registry.models import Person
from cakupan.web.staff.models import Staff

_FIELDS = ("pk", "nik", "kk_number", "region_id", "birth_date", "sector", "occupation", "decile")


def _persons(scheme: Scheme, user: Any) -> pl.DataFrame:
    rows = (
        Person.objects.visible_to(user)
        .filter(scope_q("region__code", (scheme.region_id,)))
        .values_list(*_FIELDS)
    )
    schema = {
        "person_id": pl.Int64,
        "nik": pl.Utf8,
        "kk_number": pl.Utf8,
        "region": pl.Utf8,
        "birth_date": pl.Date,
        "sector": pl.Utf8,
        "occupation": pl.Utf8,
        "decile": pl.Int64,
    }
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def _covered(code: str, *, on: dt.date, months: list[dt.date]) -> set[int]:
    """Persons of region ``code`` with a membership active ``on`` or months reserved by an approved batch."""
    active = Membership.objects.filter(scope_q("person__region__code", (code,)), start_date__lte=on).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=on)
    )
    ids = set(active.values_list("person_id", flat=True))
    reserved = EnrolmentMonth.objects.filter(scope_q("person__region__code", (code,)), month__in=months)
    return ids | set(reserved.values_list("person_id", flat=True))


def _groups(code: str) -> pl.DataFrame:
    """Special groups (staff statuses) per person of region ``code``, from the staff registers."""
    rows = Staff.objects.filter(scope_q("person__region__code", (code,))).values_list("person_id", "status")
    frame = pl.DataFrame(list(rows), schema={"person_id": pl.Int64, "group": pl.Utf8}, orient="row")
    return frame.group_by("person_id").agg(pl.col("group").unique().sort().alias("special_groups"))


def _households(frame: pl.DataFrame, on: dt.date) -> pl.DataFrame:
    age = (pl.lit(on.year) - pl.col("birth_date").dt.year()).alias("_age")
    frame = frame.with_columns(age, pl.col("kk_number").fill_null(""))
    dependent = (pl.col("_age") < 15) | (pl.col("_age") > 64) | (pl.col("sector").fill_null("") == "")
    keyed = frame.with_columns(
        pl.when(pl.col("kk_number") == "")
        .then(pl.col("nik"))
        .otherwise(pl.col("kk_number"))
        .alias("_household")
    )
    heads = (
        keyed.filter(pl.col("_age") >= 15)
        .sort(["_household", "birth_date", "person_id"])
        .group_by("_household", maintain_order=True)
        .first()
        .select("_household", pl.col("person_id").alias("_head"))
    )
    dependants = keyed.group_by("_household").agg(dependent.sum().alias("_dependent"))
    keyed = keyed.join(heads, on="_household", how="left").join(dependants, on="_household", how="left")
    head = pl.col("person_id") == pl.col("_head")
    own = dependent.cast(pl.Int64)
    return keyed.with_columns(
        head.fill_null(False).alias("head_of_household"),
        pl.when(head)
        .then(pl.col("_dependent") - own)
        .otherwise(0)
        .fill_null(0)
        .cast(pl.Int64)
        .alias("dependants"),
    )


def scheme_candidates(*, scheme: Scheme, user: Any) -> pl.DataFrame:
    """Every person of the scheme's region the user may see, with CANDIDATE_COLUMNS plus ``nik``; ``active``
    is true for members on the scheme's start date and for workers already reserved by an approved batch."""
    on, code = scheme.start_date, scheme.region_id
    covered = _covered(code, on=on, months=cover_months(on, 12))
    frame = _households(_persons(scheme, user), on).join(_groups(code), on="person_id", how="left")
    frame = frame.with_columns(
        pl.col("person_id").is_in(sorted(covered)).alias("active"),
        pl.col("special_groups").fill_null(pl.lit([], dtype=pl.List(pl.Utf8))),
        pl.col("sector").fill_null(""),
        pl.col("occupation").fill_null(""),
    )
    return frame.select("nik", *CANDIDATE_COLUMNS).cast(CANDIDATE_COLUMNS)  # type: ignore[arg-type]
