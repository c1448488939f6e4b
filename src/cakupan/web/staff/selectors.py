"""Reads from the staff tables."""

from __future__ import annotations

from django.db.models import Count, Q

from cakupan.web.staff.models import AsnFamilyMember, Staff


def staff_unlinked_count(*, import_batch_id: int) -> int:
    """Staff rows last written by this import whose NIK is not (yet) in the person registry."""
    return Staff.objects.filter(import_batch_id=import_batch_id, person__isnull=True).count()


def asn_family_unlinked_count(*, import_batch_id: int) -> int:
    """Family members last written by this import whose own NIK is not (yet) in the person registry."""
    return AsnFamilyMember.objects.filter(import_batch_id=import_batch_id, member_person__isnull=True).count()


def staff_counts_by_status(*, user: object) -> dict[str, dict[str, int]]:
    """For the staff visible to ``user``: per status, how many there are and how many are linked to a person."""
    rows = (
        Staff.objects.visible_to(user)
        .values("status")
        .annotate(total=Count("id"), linked=Count("id", filter=Q(person__isnull=False)))
        .order_by("status")
    )
    return {r["status"]: {"total": r["total"], "linked": r["linked"]} for r in rows}
