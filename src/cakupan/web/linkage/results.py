"""The rows of a linked file with their link result, for the officer's download.

Each row of the file as it was read (its own cells, under its normalised headers) gets: its row number, the
result (the same NIK, linked by Splink, confirmed or dismissed by a reviewer, waiting for review, not found,
skipped), the registry person's id when it is linked, the match probability and the problems found in the row.
The result is read when the file is downloaded, so reviews done since the run are in it.

Nothing of the registry person but their id is added: the file is the officer's own, and the id lets them find
the person on the person pages (masked, audited like every other look at a person).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import polars as pl
from django.utils import timezone

from cakupan.core.problems import Language, Problem
from cakupan.linkage.records import FIRST_ROW
from cakupan.web.linkage.files import job_files, nik_links_path
from cakupan.web.linkage.models import LinkCandidate, LinkJob, PersonMerge
from cakupan.web.xlsx import Sheet

ROW = "baris_asal"
# Outcome of a row -> its text in each language.
OUTCOMES: dict[str, dict[Language, str]] = {
    "nik": {"id": "ditautkan: NIK sama", "en": "linked: same NIK"},
    "auto_linked": {"id": "ditautkan otomatis (Splink)", "en": "linked automatically (Splink)"},
    "confirmed": {"id": "ditautkan: dikonfirmasi peninjau", "en": "linked: confirmed by a reviewer"},
    "pending": {"id": "menunggu tinjauan", "en": "waiting for review"},
    "dismissed": {
        "id": "tidak ditemukan (kandidat ditolak peninjau)",
        "en": "not found (candidates dismissed)",
    },
    "unmatched": {"id": "tidak ditemukan", "en": "not found"},
    "skipped": {"id": "dilewati (lihat masalah)", "en": "skipped (see problems)"},
}
ADDED_COLUMNS: dict[Language, tuple[str, ...]] = {
    "id": ("hasil_pencocokan", "id_orang_registri", "peluang_cocok", "kandidat_menunggu", "masalah"),
    "en": ("link_result", "registry_person_id", "match_probability", "candidates_waiting", "problems"),
}
SUMMARY_HEADER: dict[Language, tuple[str, str]] = {"id": ("keterangan", "nilai"), "en": ("item", "value")}
SHEET_TITLES: dict[Language, tuple[str, str]] = {
    "id": ("Hasil pencocokan", "Ringkasan"),
    "en": ("Link results", "Summary"),
}
# A row's candidates decide its outcome in this order: a confirmation wins, then an automatic link, then a
# candidate still waiting; a row whose every candidate was dismissed was not found.
_PRIORITY: dict[str, int] = {"confirmed": 0, "auto_linked": 1, "pending": 2, "dismissed": 3, "merged": 3}
_LINKED = {"confirmed", "auto_linked"}


def _candidate_outcomes(job: LinkJob) -> pl.DataFrame:
    """Per row with candidates: outcome, linked person id, probability and how many candidates still wait."""
    schema = {
        ROW: pl.Int64,
        "outcome": pl.String,
        "person_id": pl.Int64,
        "probability": pl.Float64,
        "waiting": pl.Int64,
    }
    best: dict[int, tuple[int, int, int, float | None]] = {}  # row -> (priority, rank, person, probability)
    statuses: dict[int, str] = {}
    waiting: dict[int, int] = {}
    candidates = LinkCandidate.objects.filter(run_id=job.run_id).values_list(
        "source_row", "status", "rank", "person_id", "match_probability"
    )
    for row, status, rank, person, probability in candidates.iterator(chunk_size=5000):
        if status == "pending":
            waiting[row] = waiting.get(row, 0) + 1
        key = (_PRIORITY.get(status, 3), rank, person, probability)
        if row not in best or key[:2] < best[row][:2]:
            best[row] = key
            statuses[row] = status
    rows = []
    for row, (_priority, _rank, person, probability) in best.items():
        status = statuses[row]
        outcome = "dismissed" if status in ("dismissed", "merged") else status
        rows.append(
            {
                ROW: row,
                "outcome": outcome,
                "person_id": person if status in _LINKED else None,
                "probability": probability,
                "waiting": waiting.get(row, 0),
            }
        )
    return pl.DataFrame(rows, schema=schema)


def _nik_outcomes(job: LinkJob) -> pl.DataFrame:
    """Rows linked by their NIK, with the person's id now (a person merged since is the kept one)."""
    path = nik_links_path(job.pk)
    schema = {ROW: pl.Int64, "outcome": pl.String, "person_id": pl.Int64, "probability": pl.Float64}
    if not path.is_file():
        return pl.DataFrame(schema=schema)
    links = pl.read_parquet(path)
    merged = dict(
        PersonMerge.objects.filter(
            merged_person_id__in=links["person_id"].to_list(), kept__isnull=False
        ).values_list("merged_person_id", "kept_id")
    )
    person = pl.col("person_id")
    if merged:
        person = person.replace_strict(merged, default=person, return_dtype=pl.Int64)
    return links.select(
        pl.col("record_id").cast(pl.Int64).alias(ROW),
        pl.lit("nik").alias("outcome"),
        person.cast(pl.Int64).alias("person_id"),
        pl.lit(None, pl.Float64).alias("probability"),
    )


def _problem_texts(job: LinkJob, language: Language) -> tuple[pl.DataFrame, set[int]]:
    """Per row, its problems as one text; and the rows skipped (an error: no name)."""
    path = job_files(job.pk).problems
    if not path.is_file():
        return pl.DataFrame(schema={ROW: pl.Int64, "problems": pl.String}), set()
    problems = pl.read_parquet(path)
    texts: dict[int, list[str]] = {}
    skipped: set[int] = set()
    for row, column, code, severity, params in problems.iter_rows():
        problem = Problem(code, severity, json.loads(params))
        texts.setdefault(row, []).append(f"{column}: {problem.message(language)}")
        if severity == "error":
            skipped.add(row)
    frame = pl.DataFrame(
        {ROW: list(texts), "problems": ["; ".join(t) for t in texts.values()]},
        schema={ROW: pl.Int64, "problems": pl.String},
    )
    return frame, skipped


def link_job_result_frame(*, job: LinkJob, language: Language = "id") -> pl.DataFrame:
    """The file's rows (cells as read) with ``baris_asal`` first and the result columns appended."""
    cells = pl.read_parquet(job_files(job.pk).source_rows)
    rows = cells.with_row_index(ROW, offset=FIRST_ROW).with_columns(pl.col(ROW).cast(pl.Int64))
    candidates = _candidate_outcomes(job)
    outcomes = pl.concat([_nik_outcomes(job), candidates.drop("waiting")])
    waiting = candidates.select(ROW, "waiting")
    problems, skipped = _problem_texts(job, language)
    found = (
        rows.join(outcomes, on=ROW, how="left")
        .join(waiting, on=ROW, how="left")
        .join(problems, on=ROW, how="left")
    )
    outcome = (
        pl.when(pl.col(ROW).is_in(list(skipped)))
        .then(pl.lit("skipped"))
        .otherwise(pl.col("outcome").fill_null("unmatched"))
    )
    labels = {code: text[language] for code, text in OUTCOMES.items()}
    added = ADDED_COLUMNS[language]
    return found.select(
        ROW,
        *cells.columns,
        outcome.replace_strict(labels, return_dtype=pl.String).alias(added[0]),
        pl.col("person_id").alias(added[1]),
        pl.col("probability").round(3).alias(added[2]),
        pl.col("waiting").fill_null(0).alias(added[3]),
        pl.col("problems").alias(added[4]),
    ).sort(ROW)


def _rows(frame: pl.DataFrame) -> Iterator[Sequence[Any]]:
    yield from frame.iter_rows()


def link_job_sheets(*, job: LinkJob, language: Language = "id") -> tuple[Sheet, Sheet]:
    """The download's two sheets: the rows with their results, and a summary of the run."""
    frame = link_job_result_frame(job=job, language=language)
    run = job.run
    when = timezone.localtime(run.created_at).strftime("%Y-%m-%d %H:%M") if run else ""
    summary: list[tuple[str, Any]]
    if language == "en":
        summary = [
            ("file", job.file_name),
            ("run", run.pk if run else ""),
            ("linked on", when),
            ("registry persons compared (the regions of the uploader)", run.registry_rows if run else ""),
            ("automatic link threshold", run.match_threshold if run else ""),
            ("review threshold", run.review_threshold if run else ""),
            ("rows", frame.height),
        ]
    else:
        summary = [
            ("berkas", job.file_name),
            ("proses", run.pk if run else ""),
            ("dicocokkan pada", when),
            ("orang registri yang dibandingkan (wilayah pengunggah)", run.registry_rows if run else ""),
            ("ambang tautan otomatis", run.match_threshold if run else ""),
            ("ambang tinjauan", run.review_threshold if run else ""),
            ("baris", frame.height),
        ]
    counts = frame.group_by(ADDED_COLUMNS[language][0]).len().sort(ADDED_COLUMNS[language][0])
    summary += [(str(label), int(n)) for label, n in counts.iter_rows()]
    rows_title, summary_title = SHEET_TITLES[language]
    return (
        Sheet(rows_title, frame.columns, _rows(frame)),
        Sheet(summary_title, SUMMARY_HEADER[language], summary),
    )
