"""The database's notion of "active on a date" is the core rule, for every shape of membership period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cakupan.indicators.coverage import is_active
from cakupan.web.imports.services import import_batch_create
from cakupan.web.indicators.selectors import person_active_on
from cakupan.web.membership.models import Membership
from factories import membership_row, person_row, write_memberships, write_persons

DESA = "13.02.05.2001"
DAY = dt.date(2025, 6, 30)
# (start, end) around DAY: before, on and after each boundary, and open-ended.
PERIODS = [
    ("2025-01-01", ""),
    ("2025-06-30", ""),
    ("2025-07-01", ""),
    ("2025-01-01", "2025-06-29"),
    ("2025-01-01", "2025-06-30"),
    ("2025-01-01", "2025-07-01"),
    ("2025-06-30", "2025-06-30"),
    ("2025-07-01", "2025-12-31"),
]


@pytest.mark.django_db
def test_database_rule_agrees_with_core_rule(sumbar_regions: None, tmp_path: Path) -> None:
    people = [person_row(kecamatan=DESA[:8], desa=DESA, serial=i + 1) for i in range(len(PERIODS))]
    import_batch_create(source="persons", path=write_persons(tmp_path / "p.csv", people))
    rows = [membership_row(nik=p["nik"], start=s, end=e) for p, (s, e) in zip(people, PERIODS, strict=True)]
    import_batch_create(source="memberships", path=write_memberships(tmp_path / "m.csv", rows))

    for on in (DAY - dt.timedelta(days=1), DAY, DAY + dt.timedelta(days=1)):
        in_database = set(person_active_on(as_of=on).values_list("nik", flat=True))
        by_rule = {
            m.person.nik
            for m in Membership.objects.select_related("person")
            if is_active(m.start_date, m.end_date, on)
        }
        assert in_database == by_rule, on
    assert len(set(person_active_on(as_of=DAY).values_list("id", flat=True))) == 5
