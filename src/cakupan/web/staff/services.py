"""Writes to the staff tables: linking staff and ASN family members to the person registry by NIK."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery

from cakupan.web.registry.models import Person
from cakupan.web.staff.models import AsnFamilyMember, Staff


def _person_id(nik_field: str) -> Subquery:
    return Subquery(Person.objects.filter(nik=OuterRef(nik_field)).values("id")[:1])


def _person_exists(nik_field: str) -> Exists:
    return Exists(Person.objects.filter(nik=OuterRef(nik_field)))


@transaction.atomic
def staff_link_persons() -> int:
    """Link every unlinked staff row and ASN family member whose NIK is now in the registry; returns how many
    links were made. The NIK is part of each row's natural key, so a link, once made, never needs changing."""
    linked = (
        Staff.objects.filter(person__isnull=True)
        .filter(_person_exists("nik"))
        .update(person_id=_person_id("nik"))
    )
    linked += (
        AsnFamilyMember.objects.filter(asn_person__isnull=True)
        .filter(_person_exists("asn_nik"))
        .update(asn_person_id=_person_id("asn_nik"))
    )
    linked += (
        AsnFamilyMember.objects.filter(member_person__isnull=True)
        .filter(_person_exists("member_nik"))
        .update(member_person_id=_person_id("member_nik"))
    )
    return linked
