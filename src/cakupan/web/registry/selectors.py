"""Reads from the registry."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cakupan.core.regions import RegionIndex, ancestors_of, level_of
from cakupan.web.history.selectors import record_history
from cakupan.web.params import is_digits
from cakupan.web.registry.models import Person, Region


def region_index() -> RegionIndex:
    return RegionIndex.of(Region.objects.values_list("code", flat=True))


def region_get(*, code: str) -> Region:
    return Region.objects.get(code=code)


def region_first_province() -> str | None:
    """The province the home page opens (the lowest code when several are loaded)."""
    return Region.objects.filter(level=1).order_by("code").values_list("code", flat=True).first()


def region_ancestors(*, code: str) -> QuerySet[Region]:
    """The regions above ``code``, province first (for breadcrumbs)."""
    return Region.objects.filter(code__in=ancestors_of(code)[1:]).order_by("level")


def region_children(*, code: str) -> QuerySet[Region]:
    return Region.objects.filter(parent_id=code).order_by("code")


def person_in_region(queryset: QuerySet[Person], *, code: str) -> QuerySet[Person]:
    """Restrict persons to those domiciled in region ``code`` (any level), by the code's prefix."""
    if level_of(code) == 4:
        return queryset.filter(region_id=code)
    return queryset.filter(region__code__startswith=code + ".")


def person_ids_by_nik(niks: list[str], *, chunk: int = 5000) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(niks), chunk):
        part = niks[start : start + chunk]
        found.update(Person.objects.filter(nik__in=part).values_list("nik", "id"))
    return found


def person_list(*, user: object, q: str = "") -> QuerySet[Person]:
    """Persons visible to ``user``, optionally searched by name or by an exact NIK."""
    persons = Person.objects.visible_to(user).select_related("region").order_by("name", "id")
    q = q.strip()
    if is_digits(q) and len(q) == 16:
        return persons.filter(nik=q)
    return persons.filter(name__icontains=q) if q else persons


def person_get(*, user: object, pk: int) -> Person:
    """One person visible to ``user``; Person.DoesNotExist (a 404) when out of scope."""
    return Person.objects.visible_to(user).select_related("region").get(pk=pk)


# Fields whose old and new values are personal data: shown only with the rest of the revealed record.
PERSONAL_FIELDS = frozenset({"nik", "kk_number", "name", "birth_date", "address", "decile"})
MASKED = "•••"
FIELD_LABELS = {
    "nik": "NIK",
    "kk_number": _("Family card (KK)"),
    "name": _("Name"),
    "birth_date": _("Birth date"),
    "sex": _("Sex"),
    "region": _("Domicile"),
    "address": _("Address"),
    "occupation": _("Occupation"),
    "sector": _("Sector"),
    "decile": _("DTSEN decile"),
}


def person_history(*, person: Person, revealed: bool = False) -> list[dict[str, Any]]:
    """What imports changed in this person's record, newest first; personal values masked unless revealed."""
    entries = []
    for change in record_history(entity="persons", object_id=person.pk):
        fields = [
            {
                "field": FIELD_LABELS.get(field, field),
                "old": old if revealed or field not in PERSONAL_FIELDS else MASKED,
                "new": new if revealed or field not in PERSONAL_FIELDS else MASKED,
            }
            for field, (old, new) in sorted(change.changes.items())
        ]
        entries.append({"change": change, "fields": fields})
    return entries
