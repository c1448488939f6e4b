"""The gap list: workers of a region with no membership active on the coverage facts' day.

A worker is a person whose sector is formal or informal (an empty sector means not working). "Covered" uses the
same rule as the coverage facts (``person_active_on``), on the facts' day, so the list agrees with the dashboard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from cakupan.core.regions import is_region_code, is_within
from cakupan.web.indicators.request_dashboard import parse_facts_date
from cakupan.web.indicators.selectors import person_active_on
from cakupan.web.params import is_digits, whole_number
from cakupan.web.registry.models import Person
from cakupan.web.registry.selectors import person_in_region

SECTORS = ("formal", "informal")
SEXES = ("L", "P")
MAX_AGE = 120
MAX_SEARCH = 100


@dataclass(frozen=True, slots=True)
class GapFilters:
    """The valid filters of one request; None (or "") means not filtered."""

    region: str | None = None  # a region inside the page's region
    sector: str | None = None
    max_decile: int | None = None
    sex: str | None = None
    min_age: int | None = None
    max_age: int | None = None
    name: str = ""
    date: dt.date | None = None  # picks the facts period; None = the latest

    def params(self) -> dict[str, str]:
        """The filters as GET parameters (for the pager and the export link); the name searched is personal data
        and stays out of URLs (``cakupan.web.private_search``)."""
        values = {
            "wilayah": self.region,
            "sektor": self.sector,
            "desil": self.max_decile,
            "jk": self.sex,
            "umur_min": self.min_age,
            "umur_maks": self.max_age,
            "tanggal": self.date.isoformat() if self.date else None,
        }
        return {key: str(value) for key, value in values.items() if value not in (None, "")}

    def query(self) -> str:
        return urlencode(self.params())


def _whole(raw: str, low: int, high: int) -> int | None:
    return whole_number(raw, None, minimum=low, maximum=high) if is_digits(raw.strip()) else None


def gap_filters_parse(params: Mapping[str, str], *, region_code: str) -> tuple[GapFilters, list[str]]:
    """Read the filters from ``params`` (request.GET); each bad value is explained and then ignored."""
    problems: list[str] = []

    def given(key: str) -> str:
        return (params.get(key) or "").strip()

    region: str | None = given("wilayah") or None
    if region is not None and not (
        is_region_code(region) and region != region_code and is_within(region, region_code)
    ):
        problems.append(
            _("The region %(value)s is not inside %(region)s; the region filter is ignored.")
            % {"value": region, "region": region_code}
        )
        region = None

    sector: str | None = given("sektor") or None
    if sector is not None and sector not in SECTORS:
        problems.append(
            _("The sector %(value)s is not valid (use formal or informal); the sector filter is ignored.")
            % {"value": sector}
        )
        sector = None

    max_decile = None
    if raw := given("desil"):
        max_decile = _whole(raw, 1, 10)
        if max_decile is None:
            problems.append(
                _(
                    "The decile %(value)s is not valid (use a whole number from 1 to 10); the decile filter is ignored."
                )
                % {"value": raw}
            )

    sex: str | None = given("jk").upper() or None
    if sex is not None and sex not in SEXES:
        problems.append(
            _("The sex %(value)s is not valid (use L or P); the sex filter is ignored.")
            % {"value": given("jk")}
        )
        sex = None

    ages: dict[str, int | None] = {}
    for key in ("umur_min", "umur_maks"):
        ages[key] = None
        if raw := given(key):
            ages[key] = _whole(raw, 0, MAX_AGE)
            if ages[key] is None:
                problems.append(
                    _(
                        "The age %(value)s is not valid (use a whole number from 0 to 120); that age limit is ignored."
                    )
                    % {"value": raw}
                )
    min_age, max_age = ages["umur_min"], ages["umur_maks"]
    if min_age is not None and max_age is not None and min_age > max_age:
        problems.append(_("The minimum age is above the maximum age; the age filter is ignored."))
        min_age = max_age = None

    date, date_problem = parse_facts_date(given("tanggal"))
    if date_problem:
        problems.append(date_problem)

    filters = GapFilters(
        region=region,
        sector=sector,
        max_decile=max_decile,
        sex=sex,
        min_age=min_age,
        max_age=max_age,
        name=given("q")[:MAX_SEARCH],
        date=date,
    )
    return filters, problems


def years_before(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` earlier (29 February becomes 28 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def uncovered_workers(
    *, user: object, region_code: str, as_of: dt.date, filters: GapFilters
) -> QuerySet[Person]:
    """Workers visible to ``user`` domiciled in ``region_code`` with no membership active on ``as_of``,
    filtered, ordered by kelurahan/desa code then name."""
    persons = person_in_region(Person.objects.visible_to(user), code=filters.region or region_code)
    persons = persons.filter(sector__in=SECTORS).exclude(pk__in=person_active_on(as_of=as_of).values("pk"))
    if filters.sector:
        persons = persons.filter(sector=filters.sector)
    if filters.max_decile is not None:
        persons = persons.filter(decile__isnull=False, decile__lte=filters.max_decile)
    if filters.sex:
        persons = persons.filter(sex=filters.sex)
    if filters.min_age is not None:  # age >= n: born on or before the day n years earlier
        persons = persons.filter(birth_date__lte=years_before(as_of, filters.min_age))
    if filters.max_age is not None:  # age <= n: born after the day n + 1 years earlier
        persons = persons.filter(birth_date__gt=years_before(as_of, filters.max_age + 1))
    if filters.name:
        persons = persons.filter(name__icontains=filters.name)
    return persons.select_related("region").order_by("region_id", "name", "id")
