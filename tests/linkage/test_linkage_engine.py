"""Record linkage in the pure core: preparing records, the offline DuckDB, exact NIK then Splink, duplicates.

Accuracy is checked on small synthetic samples with known truth (the 200k x 200k figures are the benchmark's).
"""

from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import polars as pl
import pytest

from cakupan.linkage import engine as L
from cakupan.linkage.records import LinkFileError, link_records
from cakupan.synth.linkage import LinkageSample, linkage_sample, score_duplicates, score_links

THRESHOLDS = L.Thresholds(match=L.DEFAULT_MATCH_THRESHOLD, review=L.DEFAULT_REVIEW_THRESHOLD)


@pytest.fixture(scope="module")
def sample() -> LinkageSample:
    return linkage_sample(registry_size=4000, incoming_size=4000, seed=5)


@pytest.fixture(scope="module")
def linked(sample: LinkageSample) -> L.LinkResult:
    return L.link(sample.incoming, sample.registry, thresholds=THRESHOLDS)


def _frame(rows: list[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "record_id": pl.Int64,
            "nik": pl.String,
            "nama": pl.String,
            "tanggal_lahir": pl.Date,
            "jenis_kelamin": pl.String,
            "kode_wilayah": pl.String,
        },
    )


# --- DuckDB stays offline ---


def test_duckdb_cannot_install_load_or_fetch_anything() -> None:
    con = L.offline_connection()
    settings = dict(
        con.sql(
            "SELECT name, value FROM duckdb_settings() WHERE name IN "
            "('autoinstall_known_extensions', 'autoload_known_extensions', 'enable_external_access', "
            "'lock_configuration')"
        ).fetchall()
    )
    assert settings == {
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "enable_external_access": "false",
        "lock_configuration": "true",
    }
    with pytest.raises(duckdb.Error):
        con.execute("SET autoinstall_known_extensions = true")  # locked
    with pytest.raises(duckdb.Error):
        con.execute("INSTALL httpfs")
    with pytest.raises(duckdb.Error):  # refused before any connection is attempted
        con.sql("SELECT * FROM read_csv('https://example.invalid/persons.csv')").fetchall()


def test_linking_runs_where_no_extension_can_be_loaded(sample: LinkageSample) -> None:
    """Everything Splink runs is built into DuckDB: with loading, installing and file access refused, it links."""
    con = L.offline_connection()
    result = L.link(sample.incoming.head(300), sample.registry, thresholds=THRESHOLDS, connection=con)
    assert result.links.height > 150
    with pytest.raises(duckdb.Error, match="disabled by configuration"):
        con.sql("SELECT * FROM duckdb_extensions()").fetchall()  # not even the extension folder is read


# --- accuracy against the known truth ---


def test_links_are_precise_and_find_far_more_than_a_nik_join(
    sample: LinkageSample, linked: L.LinkResult
) -> None:
    links = linked.links
    scores = score_links(sample, links["record_id"].to_numpy(), links["person_id"].to_numpy())
    joined = sample.incoming.join(sample.registry.select("nik", person_id="record_id"), on="nik")
    nik_only = score_links(sample, joined["record_id"].to_numpy(), joined["person_id"].to_numpy())
    assert scores.precision >= 0.995
    assert scores.recall >= 0.97
    assert nik_only.recall < 0.7  # a third has no NIK: the exact join alone misses them
    assert scores.recall - nik_only.recall > 0.25


def test_every_row_has_at_most_one_automatic_link(linked: L.LinkResult) -> None:
    links = linked.links
    assert links["record_id"].n_unique() == links.height
    assert set(linked.pairs["status"].unique()) <= {"auto_linked", "pending"}
    assert set(linked.pairs["method"].unique()) <= {"nik", "nik_conflict", "splink"}
    splink = links.filter(pl.col("method") == "splink")
    assert splink["match_probability"].min() >= THRESHOLDS.match  # type: ignore[operator]
    pending = linked.pending.filter(pl.col("method") == "splink")
    assert pending["pair_probability"].min() >= THRESHOLDS.review  # type: ignore[operator]


def test_a_higher_threshold_trades_recall_for_precision(sample: LinkageSample) -> None:
    strict = L.link(sample.incoming, sample.registry, thresholds=L.Thresholds(match=0.999, review=0.3))
    loose = L.link(sample.incoming, sample.registry, thresholds=L.Thresholds(match=0.5, review=0.3))

    def scores(result: L.LinkResult) -> tuple[int, int]:
        s = score_links(sample, result.links["record_id"].to_numpy(), result.links["person_id"].to_numpy())
        return s.true_links, s.false_links

    (strict_true, strict_false), (loose_true, loose_false) = scores(strict), scores(loose)
    assert strict_true < loose_true
    assert strict_false <= loose_false
    assert strict.pending.height > loose.pending.height


# --- individual cases ---


REGISTRY = _frame(
    [
        {"record_id": 1, "nik": "1302050107850001", "nama": "BUDI SAPUTRA", "tanggal_lahir": dt.date(1985, 7, 1),
         "jenis_kelamin": "L", "kode_wilayah": "13.02.05.2001"},
        {"record_id": 2, "nik": "1302055203900002", "nama": "SITI RAHMADANI", "tanggal_lahir": dt.date(1990, 3, 12),
         "jenis_kelamin": "P", "kode_wilayah": "13.02.05.2001"},
        {"record_id": 3, "nik": "1371011111700003", "nama": "ZULKIFLI", "tanggal_lahir": dt.date(1970, 11, 11),
         "jenis_kelamin": "L", "kode_wilayah": "13.71.01.1001"},
    ]
)  # fmt: skip


def test_a_dropped_surname_and_a_typo_still_link_without_nik() -> None:
    incoming = _frame(
        [
            {"record_id": 10, "nik": None, "nama": "Budi", "tanggal_lahir": dt.date(1985, 7, 1),
             "jenis_kelamin": "L", "kode_wilayah": "13.02.05.2001"},
            {"record_id": 11, "nik": None, "nama": "SITI RAHMADNI", "tanggal_lahir": dt.date(1990, 12, 3),
             "jenis_kelamin": "P", "kode_wilayah": "13.02.05.2001"},
        ]
    )  # fmt: skip
    result = L.link(incoming, REGISTRY, thresholds=L.Thresholds(match=0.8, review=0.3))
    links = dict(result.links.select("record_id", "person_id").iter_rows())
    assert links == {10: 1, 11: 2}
    labels = L.level_labels(L.load_model())
    gammas = result.links.filter(pl.col("record_id") == 11).row(0, named=True)
    assert labels["name"][gammas["gamma_name"]] == "one_typo"
    assert labels["dob"][gammas["gamma_dob"]] == "day_month_swapped"


def test_a_nik_that_belongs_to_someone_else_is_a_conflict_not_a_link() -> None:
    incoming = _frame(
        [  # ZULKIFLI's NIK, but the name, birth date, sex and place of SITI
            {"record_id": 20, "nik": "1371011111700003", "nama": "SITI RAHMADANI", "tanggal_lahir": dt.date(1990, 3, 12),
             "jenis_kelamin": "P", "kode_wilayah": "13.02.05.2001"},
            {"record_id": 21, "nik": "1302050107850001", "nama": "BUDI SAPUTRA", "tanggal_lahir": dt.date(1985, 7, 1),
             "jenis_kelamin": "L", "kode_wilayah": "13.02.05.2001"},
        ]
    )  # fmt: skip
    result = L.link(incoming, REGISTRY, thresholds=L.Thresholds(match=0.8, review=0.3))
    assert result.nik_linked == 1 and result.nik_conflicts == 1
    row = {
        (r["record_id"], r["person_id"]): (r["method"], r["status"])
        for r in result.pairs.iter_rows(named=True)
    }
    assert row[(21, 1)] == ("nik", "auto_linked")
    assert row[(20, 2)] == ("splink", "auto_linked")  # found the right person despite the NIK
    assert (20, 3) not in row  # the conflicting NIK pair is dropped once the row is linked elsewhere


def test_nik_conflict_waits_for_review_when_nobody_else_fits() -> None:
    incoming = _frame(
        [{"record_id": 30, "nik": "1371011111700003", "nama": "ANI", "tanggal_lahir": dt.date(2001, 1, 5),
          "jenis_kelamin": "P", "kode_wilayah": "13.02.05.2001"}]
    )  # fmt: skip
    result = L.link(incoming, REGISTRY, thresholds=L.Thresholds(match=0.8, review=0.3))
    assert result.links.is_empty()
    assert result.pending.select("record_id", "person_id", "method").rows() == [(30, 3, "nik_conflict")]


def test_a_stranger_is_not_linked() -> None:
    incoming = _frame(
        [{"record_id": 40, "nik": None, "nama": "YOHANES SABULAT", "tanggal_lahir": dt.date(1962, 4, 9),
          "jenis_kelamin": "L", "kode_wilayah": "13.09.01.2001"}]
    )  # fmt: skip
    result = L.link(incoming, REGISTRY, thresholds=THRESHOLDS)
    assert result.pairs.is_empty()


def test_empty_inputs_give_no_pairs() -> None:
    result = L.link(REGISTRY.head(0), REGISTRY, thresholds=THRESHOLDS)
    assert result.pairs.is_empty() and result.incoming_rows == 0
    result = L.link(REGISTRY, REGISTRY.head(0), thresholds=THRESHOLDS)
    assert result.pairs.is_empty() and result.registry_rows == 0


@pytest.mark.parametrize(("match", "review"), [(0.3, 0.8), (0, 0), (1, 0.5), (0.9, -0.1)])
def test_thresholds_must_be_ordered_probabilities(match: float, review: float) -> None:
    with pytest.raises(L.LinkageError, match="Ambang"):
        L.Thresholds(match=match, review=review)


# --- preparing records ---


def test_prepare_normalises_nik_names_dates_and_regions() -> None:
    frame = pl.DataFrame(
        {
            "record_id": [1, 2, 3, 4],
            "nik": ["1302 0541 0785 0003", "1302054107850003.0", "1.30205E+15", None],
            "nama": ["H. Budi Saputra, S.Pd", "Sjafrizal", "   ", "Djoni Tjahjadi"],
            "tanggal_lahir": ["1985-07-01", "bukan tanggal", None, "1990-01-02"],
            "jenis_kelamin": ["l", "P", "X", None],
            "kode_wilayah": ["13.02.05.2001", "13.02", "", None],
        }
    )
    prepared = L.prepare(frame)
    assert prepared["nik"].to_list() == ["1302054107850003", "1302054107850003", None, None]
    assert prepared["name"].to_list() == ["BUDI SAPUTRA", "SYAFRIZAL", None, "YONI CAHYADI"]
    assert prepared["first_token"].to_list() == ["BUDI", "SYAFRIZAL", None, "YONI"]
    assert prepared["last_token"].to_list() == ["SAPUTRA", "SYAFRIZAL", None, "CAHYADI"]
    assert prepared["dob"].to_list() == [dt.date(1985, 7, 1), None, None, dt.date(1990, 1, 2)]
    assert prepared["birth_md"].to_list() == ["07-01", None, None, "01-02"]
    assert prepared["sex"].to_list() == ["L", "P", None, None]
    assert prepared.select("desa", "kec", "kab").rows() == [
        ("13.02.05.2001", "13.02.05", "13.02"),
        (None, None, "13.02"),
        (None, None, None),
        (None, None, None),
    ]


def test_prepare_says_which_columns_are_missing() -> None:
    with pytest.raises(L.LinkageError, match="tanggal_lahir"):
        L.prepare(REGISTRY.drop("tanggal_lahir"))
    with pytest.raises(L.LinkageError, match="unik"):
        L.prepare(pl.concat([REGISTRY, REGISTRY]))


# --- the model ---


def test_the_stored_model_is_trained_and_its_labels_follow_the_comparisons() -> None:
    model = L.load_model()
    assert model.version == L.MODEL_VERSION
    structure = {
        c["output_column_name"]: [lv["label_for_charts"] for lv in c["comparison_levels"]]
        for c in L.comparisons()
    }
    stored = {
        c["output_column_name"]: [lv["label_for_charts"] for lv in c["comparison_levels"]]
        for c in model.comparisons
    }
    assert stored == structure, "retrain the model (scripts/linkage_train.py) after changing the comparisons"
    for comparison in model.comparisons:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level"):
                assert 0 < level["m_probability"] <= 1 and 0 < level["u_probability"] <= 1
    labels = L.level_labels(model)
    assert labels["nik"] == {-1: "null", 1: "exact", 0: "different"}
    assert labels["region"][3] == "same_desa"


def test_the_default_thresholds_were_measured_within_the_budget() -> None:
    measured = L.load_model().measured(THRESHOLDS)
    assert measured is not None and measured["match"] == THRESHOLDS.match
    assert measured["precision"] >= 0.995 and measured["recall"] >= 0.97
    assert measured["nik_join_recall"] < measured["recall"]


# --- duplicates in the registry ---


def test_duplicates_finds_persons_written_twice_under_another_nik(sample: LinkageSample) -> None:
    found = L.duplicates(sample.registry, threshold=0.5)
    pairs = found.pairs
    assert (pairs["left_id"] < pairs["right_id"]).all()
    scores = score_duplicates(sample, pairs["left_id"].to_numpy(), pairs["right_id"].to_numpy())
    assert scores.findable == 20  # 0.5% of 4000
    assert scores.true_links >= 17
    assert scores.false_links <= 2


def test_duplicates_of_a_tiny_registry() -> None:
    assert L.duplicates(REGISTRY.head(1), threshold=0.5).pairs.is_empty()


# --- a file to link ---


def test_link_records_reads_variant_headers_and_reports_bad_cells() -> None:
    frame = pl.DataFrame(
        {
            "nik_ktp": ["1302 0501 0785 0001", "123", "", ""],
            "nama_lengkap": ["Budi", "Siti", "", "Ani"],
            "tgl_lahir": ["01/07/1985", "1990-03-12", "1990-03-12", "kemarin"],
            "jk": ["L", "Perempuan", "P", "?"],
            "kode_desa": ["13.02.05.2001", "13.02.05.2001", "13.02.05.2001", "13.71.01.1001"],
        }
    )
    found = link_records(frame)
    assert found.rows_total == 4 and found.rows_skipped == 1
    assert found.records["record_id"].to_list() == [2, 3, 5]
    assert found.records["nik"].to_list() == ["1302050107850001", None, None]
    assert found.records["tanggal_lahir"].to_list() == [dt.date(1985, 7, 1), dt.date(1990, 3, 12), None]
    assert found.records["jenis_kelamin"].to_list() == ["L", "P", None]
    problems = [(p.row, p.column, p.problem.code, p.problem.severity) for p in found.problems]
    assert problems == [
        (3, "nik", "nik_format", "warning"),
        (4, "nama", "required", "error"),
        (5, "tanggal_lahir", "bad_date", "warning"),
        (5, "jenis_kelamin", "bad_choice", "warning"),
    ]


def test_link_records_needs_the_columns() -> None:
    with pytest.raises(LinkFileError) as caught:
        link_records(pl.DataFrame({"nama": ["Budi"], "nik": ["1"]}))
    assert "tanggal_lahir" in caught.value.problem.message()


def test_record_ids_follow_the_file_rows(sample: LinkageSample) -> None:
    assert np.array_equal(sample.incoming["record_id"].to_numpy(), np.arange(sample.incoming.height))


def test_a_conflicting_nik_pair_is_not_scored_again_by_splink() -> None:
    """BUDI's NIK with BUDI's name but another birth date and place: a conflict, and Splink sees the same pair."""
    incoming = _frame(
        [{"record_id": 50, "nik": "1302050107850001", "nama": "BUDI SAPUTRA", "tanggal_lahir": dt.date(1985, 7, 1),
          "jenis_kelamin": "P", "kode_wilayah": "13.71.01.1001"}]
    )  # fmt: skip
    model = L.load_model()
    strict = L.LinkageModel(**{**model.__dict__, "nik_conflict_weight": 1000.0})  # every NIK pair a conflict
    result = L.link(incoming, REGISTRY, thresholds=L.Thresholds(match=0.8, review=0.01), model=strict)
    assert result.nik_conflicts == 1
    assert result.pairs.select("record_id", "person_id", "method").rows() == [(50, 1, "nik_conflict")]
