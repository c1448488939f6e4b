"""Errors of targeting: every message in Bahasa Indonesia first, with an English twin for CAKUPAN_LANG=en."""

from __future__ import annotations

from cakupan.core.errors import BilingualError
from cakupan.core.labels import Label
from cakupan.core.problems import Language

__all__ = ["Language", "RiskTableError", "TargetingError", "field_error"]


class TargetingError(BilingualError):
    """A rule, a weight, a candidate or a frame targeting cannot use; ``field`` names the input at fault.

    ``str()`` is the Indonesian sentence, which names the field too.
    """

    def __init__(self, field: str, indonesian: str, english: str) -> None:
        super().__init__(indonesian, english)
        self.field = field


# What a person reads for the fields of eligibility rules and priority weights (the scheme form's fields): a refusal
# names the field as the form labels it, never by its code (``max_age``). Other fields (a frame's columns, for
# developers) are named by their code.
FIELD_LABELS: dict[str, Label] = {
    "region": Label("Wilayah", "Region"),
    "min_age": Label("Umur minimal", "Minimum age"),
    "max_age": Label("Umur maksimal", "Maximum age"),
    "sectors": Label("Sektor", "Sectors"),
    "sector": Label("Sektor", "Sector"),
    "max_decile": Label("Desil DTSEN paling tinggi", "Highest DTSEN decile"),
    "decile": Label("Desil DTSEN", "DTSEN decile"),
    "occupations": Label("Pekerjaan", "Occupations"),
    "special_groups": Label("Kelompok sasaran", "Targeted groups"),
    "exclude_active": Label("Kecualikan peserta aktif", "Exclude active participants"),
    "occupational_risk": Label("Bobot risiko pekerjaan", "Occupational risk weight"),
    "head_of_household": Label("Bobot kepala keluarga", "Head of household weight"),
    "dependants": Label("Tanggungan", "Dependants"),
    "max_dependants": Label("Tanggungan paling banyak", "Most dependants counted"),
}


def field_error(field: str, indonesian: str, english: str) -> TargetingError:
    """An error about one input field, its name (as the form labels it) leading both sentences."""
    label = FIELD_LABELS.get(field)
    named_id, named_en = (label.id, label.en) if label else (field, field)
    return TargetingError(field, f"Isian {named_id}: {indonesian}", f"Field {named_en}: {english}")


class RiskTableError(TargetingError):
    """The occupational-risk file breaks the format; names the file and the key."""

    def __init__(self, file: str, key: str, indonesian: str, english: str) -> None:
        super().__init__(
            key,
            f"Berkas risiko pekerjaan {file}, kunci {key!r}: {indonesian}",
            f"Occupational-risk file {file}, key {key!r}: {english}",
        )
        self.file = file
        self.key = key
