"""``cakupan regions boundaries FILE.geojson``: store region polygons, then say which regions still have none."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import click

from cakupan.cli.common import UserError, _require_database, _setup_django, friendly_errors, language, say

SHOWN_PROBLEMS = 20
SHOWN_MISSING = 10
ERRORS_OUT_SUFFIXES = (".xlsx", ".csv")


def _csv_safe(text: str) -> str:
    """A cell Excel would run as a formula is quoted as text (as ``cakupan import --errors-out`` does)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _feature(row: int) -> str:
    """A problem's row number as the feature it is (row 2 is the first feature, as row 2 is a table's first)."""
    return say(f"fitur ke-{row - 1}", f"feature {row - 1}")


@click.command(
    name="boundaries",
    help=say(
        "Impor batas wilayah dari berkas GeoJSON (FeatureCollection WGS84, Polygon/MultiPolygon, properti kode "
        "atau kode_digits = kode Kemendagri), lalu laporkan wilayah yang belum punya batas per tingkat. Fitur "
        "yang salah dilaporkan dan dilewati; berkas yang sama tidak diimpor dua kali.",
        "Import region boundaries from a GeoJSON file (a WGS84 FeatureCollection, Polygon/MultiPolygon, property "
        "kode or kode_digits = Kemendagri code), then report, per level, the regions still without one. Bad "
        "features are reported and skipped; the same file is never imported twice.",
    ),
)
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--errors-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=say(
        "Tulis fitur yang ditolak (.xlsx: kode, nama dan masalahnya; lembar kedua semua masalah) atau daftar "
        "masalah (.csv) ke berkas ini.",
        "Write the rejected features (.xlsx: code, name and problem; second sheet every problem) or a list of "
        "problems (.csv) to this file.",
    ),
)
@click.option(
    "--all-missing",
    is_flag=True,
    help=say("Sebutkan semua wilayah tanpa batas.", "List every region without a boundary."),
)
@friendly_errors
def boundaries(file: Path, errors_out: Path | None, all_missing: bool) -> None:
    if not file.is_file():
        raise UserError(say(f"Berkas {file} tidak ditemukan.", f"File {file} not found."))
    if errors_out is not None and errors_out.suffix.lower() not in ERRORS_OUT_SUFFIXES:
        raise UserError(
            say(
                f"--errors-out {errors_out}: akhiran berkas harus .xlsx atau .csv. Tidak ada yang diimpor.",
                f"--errors-out {errors_out}: the file name must end in .xlsx or .csv. Nothing was imported.",
            )
        )
    _setup_django()
    _require_database()
    from django.utils import timezone

    from cakupan.ingest.readers import UnreadableFile
    from cakupan.web.imports.services import NothingImported, import_batch_create

    try:
        outcome = import_batch_create(source="boundaries", path=file)
    except UnreadableFile as exc:
        raise UserError(
            f"{file}: {exc.problem.message(language())} " + say("Tidak ada yang diubah.", "Nothing changed.")
        ) from exc
    except NothingImported as exc:
        _report_problems(file, exc.problems, errors_out)
        raise UserError(
            say(
                f"{file}: tidak ada fitur yang sah dari {exc.rows_total}; tidak ada yang diubah.",
                f"{file}: none of {exc.rows_total} features is valid; nothing changed.",
            )
        ) from exc
    batch = outcome.batch
    if outcome.already_imported:
        click.echo(
            say(
                f"{file}: berkas ini sudah diimpor (impor #{batch.pk}, "
                f"{timezone.localtime(batch.created_at):%Y-%m-%d %H:%M}); tidak ada yang diubah.",
                f"{file}: this file was already imported (import #{batch.pk}); nothing changed.",
            )
        )
    else:
        _report_problems(file, outcome.problems, errors_out)
        click.echo(
            say(
                f"{file}: {batch.rows_total} fitur; {batch.rows_created} batas baru, {batch.rows_updated} "
                f"diperbarui, {batch.rows_rejected} ditolak (impor #{batch.pk}).",
                f"{file}: {batch.rows_total} features; {batch.rows_created} new boundaries, {batch.rows_updated} "
                f"updated, {batch.rows_rejected} rejected (import #{batch.pk}).",
            )
        )
    _report_coverage(all_missing=all_missing)


def _report_coverage(*, all_missing: bool) -> None:
    from cakupan.web.registry.boundary_selectors import region_boundary_coverage

    click.echo(say("Batas wilayah yang tersimpan:", "Stored region boundaries:"))
    for level in region_boundary_coverage():
        missing = len(level.missing)
        if level.with_boundary == 0 and not all_missing:
            click.echo(
                say(
                    f"  {level.label}: belum ada batas ({level.total} wilayah).",
                    f"  {level.label}: no boundaries yet ({level.total} regions).",
                )
            )
            continue
        line = say(
            f"  {level.label}: {level.with_boundary} dari {level.total} punya batas",
            f"  {level.label}: {level.with_boundary} of {level.total} have a boundary",
        )
        if missing:
            groups = ", ".join(f"{name} {n}" for name, n in level.missing_by_kabkota.items())
            line += say(f"; {missing} tanpa batas", f"; {missing} without one") + (
                f" ({groups})" if groups else ""
            )
        click.echo(line + ".")
        shown = level.missing if all_missing else level.missing[:SHOWN_MISSING]
        for code, name in shown:
            click.echo(f"    {code} {name}")
        if len(shown) < missing:
            click.echo(
                say(
                    f"    ... dan {missing - len(shown)} lagi (--all-missing menyebutkan semuanya).",
                    f"    ... and {missing - len(shown)} more (--all-missing lists them all).",
                )
            )


def _report_problems(file: Path, problems: tuple[Any, ...], errors_out: Path | None) -> None:
    lang = language()
    for p in problems[:SHOWN_PROBLEMS]:
        value = "" if p.value is None else f" {p.value!r}"
        click.echo(f"  {_feature(p.row)}, {p.column}{value}: {p.problem.message(lang)}", err=True)
    if len(problems) > SHOWN_PROBLEMS:
        click.echo(
            say(
                f"  ... dan {len(problems) - SHOWN_PROBLEMS} masalah lain.",
                f"  ... and {len(problems) - SHOWN_PROBLEMS} more problems.",
            ),
            err=True,
        )
    if errors_out is None:
        return
    if errors_out.suffix.lower() == ".xlsx":
        from cakupan.ingest.boundaries import read_geojson
        from cakupan.ingest.error_report import write_error_report

        # The geometry is left out: it does not fit a spreadsheet cell and cannot be fixed there.
        rows = read_geojson(file).drop("geometri")
        write_error_report(errors_out, source_rows=rows, problems=problems, language=lang)
    else:
        with errors_out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(say("fitur,kolom,nilai,masalah", "feature,column,value,problem").split(","))
            for p in problems:
                writer.writerow([p.row - 1, p.column, _csv_safe(p.value or ""), p.problem.message(lang)])
    click.echo(say(f"  Daftar masalah: {errors_out}", f"  List of problems: {errors_out}"), err=True)
