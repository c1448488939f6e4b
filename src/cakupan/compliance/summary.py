"""Counts of employer findings by a key (sector, kab/kota): what a Rapat Kepatuhan reads first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cakupan.compliance.employers import EmployerReview, FindingKind


@dataclass
class ComplianceCount:
    employers: int = 0
    compliant: int = 0
    pwbd: int = 0
    pds: int = 0  # employers with at least one PDS finding
    by_kind: dict[str, int] = field(default_factory=lambda: {k.value: 0 for k in FindingKind})
    workers_unregistered: int = 0  # PWBD workforce + PDS tenaga kerja gap

    def add(self, review: EmployerReview) -> None:
        self.employers += 1
        status = review.status
        self.compliant += status == "patuh"
        self.pwbd += status == "pwbd"
        self.pds += status == "pds"
        for finding in review.findings:
            self.by_kind[finding.kind.value] += 1
            if finding.kind in (FindingKind.PWBD, FindingKind.PDS_WORKERS):
                self.workers_unregistered += finding.gap

    def as_dict(self) -> dict[str, object]:
        return {
            "employers": self.employers,
            "compliant": self.compliant,
            "pwbd": self.pwbd,
            "pds": self.pds,
            "by_kind": dict(self.by_kind),
            "workers_unregistered": self.workers_unregistered,
        }


def summarise(keyed: Iterable[tuple[str, EmployerReview]]) -> dict[str, ComplianceCount]:
    """One count per key (a sector letter, a kab/kota code; sorted), plus ``"*"`` for all of them together."""
    counts: dict[str, ComplianceCount] = {"*": ComplianceCount()}
    for key, review in keyed:
        counts.setdefault(key, ComplianceCount()).add(review)
        counts["*"].add(review)
    return dict(sorted(counts.items()))
