"""memberships.csv: layout, who holds which membership where, DBH Sawit terms, and the defects."""

from __future__ import annotations

import datetime as dt

import polars as pl
from synth_support import REFERENCE, Checked, Generated

from cakupan.synth import load_calibration
from cakupan.synth.writer import MEMBERSHIPS_COLUMNS

PALM_OIL = {"13.10", "13.12"}
COASTAL = {"13.01", "13.05", "13.06", "13.09", "13.12", "13.71", "13.77"}


def _with_person(generated: Generated) -> pl.DataFrame:
    persons = generated.persons.unique(subset="nik", keep="first").select(
        "nik", "kode_wilayah", "pekerjaan", "sektor"
    )
    return generated.memberships.join(persons, on="nik", how="left").with_columns(
        pl.col("tanggal_mulai").str.to_date(), pl.col("tanggal_akhir").str.to_date()
    )


def test_layout_and_numbers(generated: Generated) -> None:
    header = generated.summary.memberships.path.read_text(encoding="utf-8").split("\n", 1)[0]
    assert header == ",".join(MEMBERSHIPS_COLUMNS)
    m = generated.memberships
    assert m["kpj"].str.contains(r"^\d{11}$").all()
    assert m.group_by("nik").agg(pl.col("kpj").n_unique())["kpj"].max() == 1  # one KPJ per person
    assert m.group_by("kpj").agg(pl.col("nik").n_unique())["nik"].max() == 1
    assert set(m["segmen"].unique()) == {"PU", "BPU", "JAKON", "PMI"}
    employer_paid = m.filter(pl.col("pembayar") == "pemberi_kerja")
    assert employer_paid["npp"].str.contains(r"^\d{8}$").all()
    assert m.filter(pl.col("pembayar") != "pemberi_kerja")["npp"].is_null().all()
    assert m["dasar_upah"].str.contains(r"^\d+$").all()  # whole Rupiah, never a decimal


def test_segments_programmes_and_payers(generated: Generated) -> None:
    m = generated.memberships.with_columns(pl.col("dasar_upah").cast(pl.Int64))
    minimum_wage = load_calibration().minimum_wage.value
    pu = m.filter(pl.col("segmen") == "PU")
    assert (pu["program"] == "JKK;JKM;JHT;JP").all() and (pu["pembayar"] == "pemberi_kerja").all()
    assert (pu["dasar_upah"] >= minimum_wage).all()
    assert pu["dasar_upah"].n_unique() > 10
    bpu = m.filter(pl.col("segmen") == "BPU")
    assert set(bpu["program"].unique()) == {"JKK;JKM", "JKK;JKM;JHT"}
    assert set(bpu["pembayar"].unique()) == {"mandiri", "apbd", "apb_nagari", "dbh_sawit", "csr", "baznas"}
    assert (bpu["dasar_upah"] >= 1_000_000).all() and (bpu["dasar_upah"] <= 5_000_000).all()
    assert (bpu["dasar_upah"] == 1_000_000).mean() > 0.8  # type: ignore[operator]
    government = bpu.filter(pl.col("pembayar") != "mandiri")
    assert (government["program"] == "JKK;JKM").all() and (government["dasar_upah"] == 1_000_000).all()


def test_occupations_fit_the_region(generated: Generated) -> None:
    persons = generated.persons.with_columns(pl.col("kode_wilayah").str.slice(0, 5).alias("kab"))
    palm = set(persons.filter(pl.col("pekerjaan") == "Buruh Kebun Sawit")["kab"].unique())
    fishers = set(persons.filter(pl.col("pekerjaan") == "Nelayan")["kab"].unique())
    known_kab = {r.code for r in generated.summary.regions}
    assert palm & known_kab == PALM_OIL
    assert fishers & known_kab == COASTAL
    farmers = persons.group_by(pl.col("kab").str.slice(3, 1) == "7").agg(
        (pl.col("pekerjaan") == "Petani/Pekebun").mean().alias("farmers"),
        (pl.col("pekerjaan") == "Pedagang").mean().alias("traders"),
    )
    kota = farmers.filter(pl.col("kab")).row(0, named=True)
    kabupaten = farmers.filter(~pl.col("kab")).row(0, named=True)
    assert kabupaten["farmers"] > 2 * kota["farmers"] and kota["traders"] > kabupaten["traders"]


def test_dbh_sawit_terms_and_cohorts(generated: Generated) -> None:
    m = _with_person(generated).filter(pl.col("pembayar") == "dbh_sawit")
    assert m.height > 0
    assert (m["pekerjaan"] == "Buruh Kebun Sawit").all()
    assert set(m["kode_wilayah"].str.slice(0, 5).unique()) <= PALM_OIL
    for start, end in m.select("tanggal_mulai", "tanggal_akhir").unique().iter_rows():
        assert start.day == 1
        three_months_later = dt.date(start.year + (start.month + 2) // 12, (start.month + 2) % 12 + 1, 1)
        assert end == three_months_later - dt.timedelta(days=1)
    active = (m["tanggal_mulai"] <= REFERENCE) & (m["tanggal_akhir"] >= REFERENCE)
    assert active.any() and (~active).any()
    renewed = m.group_by("nik").len().filter(pl.col("len") == 2)
    assert renewed.height > 0


def test_payers_fit_the_region(generated: Generated) -> None:
    m = _with_person(generated)
    nagari = m.filter(pl.col("pembayar") == "apb_nagari")
    assert nagari.height > 0
    assert nagari["kode_wilayah"].str.starts_with("13.02.").all()  # Perbup Solok 2/2025
    assert nagari["kode_wilayah"].str.slice(9, 1).eq("2").all()  # a nagari, never a kelurahan
    padang = m.filter(pl.col("kode_wilayah").str.starts_with("13.71.") & (pl.col("segmen") == "BPU"))
    assert (padang["pembayar"] == "apbd").mean() > 0.3  # type: ignore[operator]


def _accepted_active(generated: Generated, checked: Checked) -> dict[str, set[str]]:
    """Distinct people per kab/kota with an accepted membership active on the reference date."""
    active: dict[str, set[str]] = {}
    for nik, start, end in generated.memberships.select("nik", "tanggal_mulai", "tanggal_akhir").iter_rows():
        region = checked.accepted.get(nik)
        if region is None:
            continue
        begins = dt.date.fromisoformat(start)
        ends = dt.date.fromisoformat(end) if end else None
        if ends is not None and ends < begins:
            continue
        if begins <= REFERENCE and (ends is None or ends >= REFERENCE):
            active.setdefault(region[:5], set()).add(nik)
    return active


def test_importer_view_matches_the_expected_active_count(generated: Generated, checked: Checked) -> None:
    active = _accepted_active(generated, checked)
    for region in generated.summary.regions:
        assert len(active.get(region.code, set())) == region.expected_active, region.code


def test_rows_differ_from_people(generated: Generated, checked: Checked) -> None:
    """Histories and lapsed memberships: more rows than people, and not every member is active."""
    m = generated.memberships
    people = m["nik"].n_unique()
    assert m.height > people
    assert sum(len(s) for s in _accepted_active(generated, checked).values()) < people


def test_membership_defects(generated: Generated, checked: Checked) -> None:
    m = generated.memberships
    defects = generated.summary.defects
    unknown_person = ~m["nik"].is_in(list(checked.accepted))
    assert int(unknown_person.sum()) == defects.memberships_of_defective_persons > 0
    reversed_dates = m["tanggal_akhir"].is_not_null() & (m["tanggal_akhir"] < m["tanggal_mulai"])
    assert int(reversed_dates.sum()) == defects.memberships_end_before_start > 0
    assert 0.002 <= defects.memberships_end_before_start / m.height <= 0.004
