"""persons.csv: layout, identity numbers against the project's NIK rules, households, and the defects."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import polars as pl
from synth_support import REFERENCE, Checked, Generated

from cakupan.core.regions import parent_of
from cakupan.synth.writer import PERSONS_COLUMNS

SHOULD_FAIL_FORMAT = {"nik_format", "nik_birth_date", "nik_serial"}


def test_layout(generated: Generated) -> None:
    header = generated.summary.persons.path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert header == ",".join(PERSONS_COLUMNS)
    persons = generated.persons
    assert set(persons["jenis_kelamin"].unique()) == {"L", "P"}
    assert set(persons["sektor"].drop_nulls().unique()) == {"formal", "informal"}
    assert persons["tanggal_lahir"].str.contains(r"^\d{4}-\d{2}-\d{2}$").all()
    assert persons["no_kk"].str.contains(r"^13\d{14}$").all()
    assert (persons["nama"] == persons["nama"].str.to_uppercase()).all()
    desil = persons["desil"].drop_nulls().cast(pl.Int64)
    assert desil.min() == 1 and desil.max() == 10
    assert 0.40 <= desil.len() / persons.height <= 0.60


def test_clean_niks_pass_and_bad_ones_fail(generated: Generated, checked: Checked) -> None:
    defects = generated.summary.defects
    errors = Counter(code for codes in checked.nik_errors for code in codes)
    failing = sum(1 for codes in checked.nik_errors if codes)
    # Bad NIKs (format, impossible date, serial 0000) and NIK/birth-date mismatches fail; nothing else does.
    assert failing == defects.persons_bad_nik + defects.persons_birth_date_mismatch
    assert errors["nik_birth_date_mismatch"] == defects.persons_birth_date_mismatch
    assert sum(errors[code] for code in SHOULD_FAIL_FORMAT) == defects.persons_bad_nik
    assert all(errors[code] > 0 for code in SHOULD_FAIL_FORMAT)
    assert "nik_sex_mismatch" not in errors
    assert "nik_province" not in errors and "nik_kabkota" not in errors


def test_retired_kecamatan_codes_only_warn(generated: Generated, checked: Checked) -> None:
    warned = [
        i
        for i, (errors, warnings) in enumerate(zip(checked.nik_errors, checked.nik_warnings, strict=True))
        if "nik_kecamatan_retired" in warnings and not errors
    ]
    expected = generated.summary.nik_retired_kecamatan
    assert warned, "some NIKs should carry a kecamatan code from before a split"
    assert abs(len(warned) - expected) <= expected * 0.05 + 2  # defects may hit a few of them
    assert 0.001 <= expected / generated.summary.people <= 0.006


def test_region_codes_of_clean_rows_exist(generated: Generated, checked: Checked) -> None:
    unknown = [i for i, known in enumerate(checked.region_known) if not known]
    assert len(unknown) == generated.summary.defects.persons_unknown_region
    regions = generated.persons["kode_wilayah"].to_list()
    for i in unknown:
        assert re.fullmatch(r"13\.\d{2}\.\d{2}\.\d{4}", regions[i])
    assert all(len(code.split(".")) == 4 for code in checked.accepted.values())


def test_duplicates_are_exact_copies(generated: Generated, checked: Checked) -> None:
    assert sum(checked.repeated) == generated.summary.defects.persons_duplicate_rows > 0
    assert (
        generated.persons.height
        == generated.summary.people + generated.summary.defects.persons_duplicate_rows
    )


def test_niks_unique_with_serials_from_0001(checked: Checked) -> None:
    niks = list(checked.accepted)
    assert len(niks) == len(set(niks))
    serials = Counter(int(nik[12:]) for nik in niks)
    # Serials count from 0001 per prefix (kecamatan + birth date); at this scale almost every prefix is unique.
    assert min(serials) == 1
    assert serials[1] / len(niks) > 0.9


def test_most_niks_come_from_the_home_kecamatan(generated: Generated, checked: Checked) -> None:
    home = sum(
        1 for nik, region in checked.accepted.items() if nik[:6] == str(parent_of(region)).replace(".", "")
    )
    share_moved = 1 - home / len(checked.accepted)
    assert 0.06 <= share_moved <= 0.10  # ~8% moved, ~0.3% pre-split codes


def test_households_share_a_desa_and_a_desil(generated: Generated) -> None:
    persons = generated.persons.unique(maintain_order=True)
    households = persons.group_by("no_kk").agg(
        pl.len().alias("size"),
        pl.col("kode_wilayah").str.slice(0, 8).n_unique().alias("kecamatan"),
        pl.col("desil").n_unique().alias("desil"),
        pl.col("alamat").n_unique().alias("alamat"),
    )
    assert 3.0 <= households["size"].mean() <= 4.0  # type: ignore[operator]
    assert (households["kecamatan"] == 1).mean() > 0.99  # type: ignore[operator]
    assert (households["desil"] == 1).all()
    assert (households["alamat"] == 1).all()


def test_addresses_fit_the_kind_of_village(generated: Generated, checked: Checked) -> None:
    persons = generated.persons.filter(pl.col("kode_wilayah").is_in(list(set(checked.accepted.values()))))
    village = persons["kode_wilayah"].str.slice(9, 1)
    kelurahan = persons.filter(village == "1")["alamat"]
    assert kelurahan.str.contains(r"^Jl\. .+ No\. \d+$").all()
    desa = persons.filter(village == "2")
    padang_pariaman = desa["kode_wilayah"].str.starts_with("13.05.")
    assert desa.filter(padang_pariaman)["alamat"].str.starts_with("Korong ").all()
    others = desa.filter(~padang_pariaman)
    assert others["alamat"].str.contains(r"^(Jorong|Dusun) ").all()
    nagari = others.filter(pl.col("kode_wilayah").str.slice(0, 5).is_in(["13.02", "13.04", "13.12"]))
    assert nagari["alamat"].str.starts_with("Jorong ").all()
    mentawai = others.filter(pl.col("kode_wilayah").str.starts_with("13.09."))
    assert mentawai["alamat"].str.starts_with("Dusun ").all()


def test_labour_force_is_identifiable_in_the_file(generated: Generated) -> None:
    """Labour force = aged 15+ and working (a sektor) or seeking work (Belum/Tidak Bekerja)."""
    persons = generated.persons.unique(maintain_order=True)
    birth = persons["tanggal_lahir"].str.to_date()
    cutoff = dt.date(REFERENCE.year - 15, REFERENCE.month, REFERENCE.day)
    in_lf = (birth <= cutoff) & (
        persons["sektor"].is_not_null() | (persons["pekerjaan"] == "Belum/Tidak Bekerja")
    )
    from_file = int(in_lf.sum())
    assert (
        abs(from_file - generated.summary.labour_force_total) <= generated.summary.labour_force_total * 0.01
    )
