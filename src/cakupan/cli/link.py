"""``cakupan link``: link a file of person records to the registry, or search the registry for duplicates."""

from __future__ import annotations

from pathlib import Path

import click

from cakupan.cli.common import UserError, _require_database, _setup_django, friendly_errors, language, say

SHOWN_PROBLEMS = 20
ACTOR = "sistem (baris perintah)"


def _measured_line(report: object) -> str:
    measured = getattr(report, "measured", None)
    if not measured:
        return say("Belum ada pengukuran untuk ambang ini.", "No measurement is stored for these thresholds.")
    return say(
        f"Diukur pada data sintetis (ambang {measured['match']}): presisi {measured['precision']}, "
        f"recall {measured['recall']}; gabungan NIK persis saja: recall {measured['nik_join_recall']}.",
        f"Measured on synthetic data (threshold {measured['match']}): precision {measured['precision']}, "
        f"recall {measured['recall']}; an exact NIK join alone: recall {measured['nik_join_recall']}.",
    )


@click.command(
    name="link",
    help=say(
        "Cocokkan berkas CSV/XLSX berisi orang (kolom nik bila ada, nama, tanggal_lahir, jenis_kelamin, "
        "kode_wilayah) dengan registri: NIK yang sama lebih dahulu, sisanya secara probabilistik (Splink). "
        "Pasangan di atas ambang tautan ditautkan otomatis, yang ragu-ragu masuk antrean tinjauan di "
        "/pencocokan/. Dengan --duplicates: cari orang di registri yang tampak sama dengan NIK berbeda.",
        "Link a CSV/XLSX file of persons (columns nik if any, nama, tanggal_lahir, jenis_kelamin, kode_wilayah) "
        "to the registry: the same NIK first, the rest probabilistically (Splink). Pairs above the match threshold "
        "are linked automatically, uncertain ones wait in the review queue at /pencocokan/. With --duplicates: "
        "find registry persons that look the same under different NIKs.",
    ),
)
@click.argument("file", required=False, type=click.Path(path_type=Path))
@click.option(
    "--sheet", default=None, help=say("Nama lembar XLSX (bawaan: yang pertama).", "XLSX sheet name.")
)
@click.option(
    "--source",
    default="file",
    show_default=True,
    help=say(
        "Asal data, dicatat pada hasil pencocokan (misalnya memberships).", "What the records are (noted)."
    ),
)
@click.option(
    "--duplicates",
    is_flag=True,
    help=say(
        "Cari duplikat dalam registri (tanpa berkas); tidak ada yang digabung otomatis.",
        "Search the registry for duplicates (no file); nothing is merged automatically.",
    ),
)
@friendly_errors
def link(file: Path | None, sheet: str | None, source: str, duplicates: bool) -> None:
    if duplicates == (file is not None):
        raise UserError(
            say(
                "Sebutkan satu berkas untuk dicocokkan, atau --duplicates tanpa berkas.",
                "Name one file to link, or --duplicates without a file.",
            )
        )
    if file is not None and not file.is_file():
        raise UserError(say(f"Berkas {file} tidak ditemukan.", f"File {file} not found."))
    _setup_django()
    _require_database()
    from cakupan.web.linkage.selectors import threshold_report

    report = threshold_report()
    if file is None:
        _duplicates()
    else:
        _link_file(file, sheet, source)
    click.echo(
        say(
            f"Ambang: tautan otomatis >= {report.thresholds.match}, tinjauan >= {report.thresholds.review}. ",
            f"Thresholds: automatic link >= {report.thresholds.match}, review >= {report.thresholds.review}. ",
        )
        + _measured_line(report)
    )


def _duplicates() -> None:
    from cakupan.web.linkage.services import link_duplicates_create

    run = link_duplicates_create(actor_name=ACTOR)
    click.echo(
        say(
            f"Registri: {run.rows_total} orang diperiksa dalam {run.seconds:.1f} detik; {run.rows_pending} pasangan "
            f"baru yang mungkin satu orang menunggu tinjauan di /pencocokan/ (proses #{run.pk}).",
            f"Registry: {run.rows_total} persons checked in {run.seconds:.1f} s; {run.rows_pending} new pairs that "
            f"may be one person wait for review at /pencocokan/ (run #{run.pk}).",
        )
    )


def _link_file(file: Path, sheet: str | None, source: str) -> None:
    import polars as pl

    from cakupan.core.files import sha256_of
    from cakupan.ingest.readers import UnreadableFile, read_table
    from cakupan.linkage.engine import LinkageError
    from cakupan.linkage.records import LinkFileError, link_records
    from cakupan.web.linkage.services import link_run_create

    nothing = say("Tidak ada yang diubah.", "Nothing changed.")
    try:
        found = link_records(read_table(file, sheet))
    except UnreadableFile as exc:
        raise UserError(f"{file}: {exc.problem.message(language())} {nothing}") from exc
    except LinkFileError as exc:
        raise UserError(f"{file}: {exc.problem.message(language())} {nothing}") from exc
    lang = language()
    for p in found.problems[:SHOWN_PROBLEMS]:
        kind = say("galat", "error") if p.problem.severity == "error" else say("peringatan", "warning")
        value = "" if p.value is None else f" {p.value!r}"
        click.echo(
            f"{file}: {say('baris', 'row')} {p.row}, {say('kolom', 'column')} {p.column}{value}: "
            f"{kind}: {p.problem.message(lang)}",
            err=True,
        )
    if len(found.problems) > SHOWN_PROBLEMS:
        more = len(found.problems) - SHOWN_PROBLEMS
        click.echo(say(f"... dan {more} masalah lain.", f"... and {more} more problems."), err=True)
    if found.records.is_empty():
        raise UserError(
            say(
                f"{file}: tidak ada baris yang dapat dicocokkan dari {found.rows_total}; {nothing.lower()}",
                f"{file}: none of {found.rows_total} rows can be linked; {nothing.lower()}",
            )
        )
    try:
        run, result = link_run_create(
            records=found.records,
            source=source,
            file_name=file.name,
            file_sha256=sha256_of(file),
            actor_name=ACTOR,
        )
    except LinkageError as exc:
        raise UserError(f"{file}: {exc} {nothing}") from exc
    linked_to = result.links.group_by("person_id").len().filter(pl.col("len") > 1)
    click.echo(
        say(
            f"{file}: {run.rows_total} baris ({found.rows_skipped} dilewati) dicocokkan dengan {run.registry_rows} "
            f"orang di registri dalam {run.seconds:.1f} detik (proses #{run.pk}): {run.rows_nik_linked} dengan NIK "
            f"yang sama, {run.rows_auto_linked} secara probabilistik, {run.rows_pending} menunggu tinjauan di "
            f"/pencocokan/, {run.rows_unmatched} tidak ditemukan; {run.nik_conflicts} NIK sama tetapi nama/tanggal "
            f"lahir berbeda; {linked_to.height} orang registri ditautkan ke lebih dari satu baris.",
            f"{file}: {run.rows_total} rows ({found.rows_skipped} skipped) linked against {run.registry_rows} registry "
            f"persons in {run.seconds:.1f} s (run #{run.pk}): {run.rows_nik_linked} by the same NIK, "
            f"{run.rows_auto_linked} probabilistically, {run.rows_pending} waiting for review at /pencocokan/, "
            f"{run.rows_unmatched} not found; {run.nik_conflicts} with the same NIK but another name/birth date; "
            f"{linked_to.height} registry persons linked to more than one row.",
        )
    )
