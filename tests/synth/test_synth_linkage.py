"""The synthetic linkage files: sizes and shares as asked, the truth consistent, the mistakes really made."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest

from cakupan.core.nik import check_nik
from cakupan.core.regions import RegionIndex, load_province
from cakupan.synth.linkage import COLUMNS, Corruption, LinkageSample, linkage_sample, score_links


@pytest.fixture(scope="module")
def sample() -> LinkageSample:
    return linkage_sample(registry_size=6000, incoming_size=5000, match_share=0.6, seed=9)


def test_sizes_shares_and_columns(sample: LinkageSample) -> None:
    assert sample.registry.columns == list(COLUMNS) == sample.incoming.columns
    assert sample.registry.height == 6000 + 30  # 0.5% written twice
    assert sample.incoming.height == 5000
    assert sample.findable.sum() == 3000
    assert abs(sample.incoming["nik"].null_count() / 5000 - 1 / 3) < 0.03
    assert sample.registry["nik"].n_unique() == sample.registry.height  # a registry holds each NIK once
    assert sample.registry["record_id"].to_list() == list(range(sample.registry.height))


def test_same_seed_same_files() -> None:
    a = linkage_sample(registry_size=500, incoming_size=500, seed=3)
    b = linkage_sample(registry_size=500, incoming_size=500, seed=3)
    c = linkage_sample(registry_size=500, incoming_size=500, seed=4)
    assert a.registry.equals(b.registry) and a.incoming.equals(b.incoming)
    assert np.array_equal(a.incoming_human, b.incoming_human)
    assert not a.incoming.equals(c.incoming)


def test_registry_rows_are_valid_people(sample: LinkageSample) -> None:
    known = RegionIndex.of(load_province("13"))
    humans, counts = np.unique(sample.registry_human, return_counts=True)
    once = sample.registry.filter(pl.Series(np.isin(sample.registry_human, humans[counts == 1])))
    assert once.height == 6000 - 30
    for row in once.head(300).iter_rows(named=True):
        check = check_nik(
            row["nik"], known_regions=known, birth_date=row["tanggal_lahir"], sex=row["jenis_kelamin"]
        )
        assert check.errors == ()
        assert row["kode_wilayah"] in known


def test_the_mistakes_are_made_about_as_often_as_stated(sample: LinkageSample) -> None:
    c = Corruption()
    registry = sample.registry.with_columns(pl.Series("human", sample.registry_human)).unique(
        "human", keep="first"
    )
    pairs = (
        sample.incoming.with_columns(pl.Series("human", sample.incoming_human))
        .join(registry, on="human", suffix="_reg")
        .with_columns(
            (pl.col("nama") != pl.col("nama_reg")).alias("name_changed"),
            (pl.col("tanggal_lahir") != pl.col("tanggal_lahir_reg")).alias("date_changed"),
            (pl.col("kode_wilayah") != pl.col("kode_wilayah_reg")).alias("moved"),
            (pl.col("jenis_kelamin") != pl.col("jenis_kelamin_reg")).alias("sex_changed"),
            (pl.col("nik").is_not_null() & (pl.col("nik") != pl.col("nik_reg"))).alias("nik_wrong"),
        )
    )
    n = pairs.height
    expected_name = 1 - (1 - c.name_typo) * (1 - c.second_name_dropped) * (1 - c.old_spelling / 2)
    assert abs(pairs["name_changed"].sum() / n - expected_name) < 0.04
    dates = c.date_swapped + c.date_shifted_days + c.date_shifted_year + c.date_year_only
    assert abs(pairs["date_changed"].sum() / n - dates) < 0.025
    assert abs(pairs["moved"].sum() / n - c.moved) < 0.02
    assert pairs["sex_changed"].sum() / n < 0.02
    assert 0 < pairs["nik_wrong"].sum() / n < 0.03
    dropped = pairs.filter(pl.col("nama").str.count_matches(" ") < pl.col("nama_reg").str.count_matches(" "))
    assert dropped.height > 0.02 * n


def test_score_links_counts_true_and_false_links(sample: LinkageSample) -> None:
    registry = sample.registry.with_columns(pl.Series("human", sample.registry_human))
    truth = (
        sample.incoming.select("record_id", pl.Series("human", sample.incoming_human))
        .join(registry.select("human", person_id="record_id"), on="human")
        .unique("record_id", keep="first")
    )
    perfect = score_links(sample, truth["record_id"].to_numpy(), truth["person_id"].to_numpy())
    assert perfect.precision == 1.0 and perfect.recall == 1.0
    shifted = score_links(
        sample, truth["record_id"].to_numpy()[:100], np.roll(truth["person_id"].to_numpy()[:100], 1)
    )
    assert shifted.false_links == 100 and shifted.true_links == 0
    with pytest.raises(ValueError, match="more than once"):
        score_links(sample, np.array([1, 1]), np.array([2, 3]))
