"""``cakupan coverage``: the UCJ % of a region (or of each region below it) as a table or JSON."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import click

from cakupan.cli.common import (
    JAKARTA,
    UserError,
    _require_database,
    _setup_django,
    date_option,
    friendly_errors,
    language,
    say,
)
from cakupan.indicators.coverage import DENOMINATOR_LABELS, Coverage
from cakupan.ingest.schemas import DENOMINATOR_KINDS


@click.command(
    help=say(
        "Hitung UCJ % = peserta aktif ÷ penyebut × 100 untuk satu wilayah (atau tiap wilayah di bawahnya) per tanggal.",
        "Compute UCJ % = active participants ÷ denominator × 100 for a region (or each child region) as of a date.",
    )
)
@click.option("--region", required=True, help=say("Kode wilayah, mis. 13.02.", "Region code, e.g. 13.02."))
@click.option(
    "--as-of",
    "as_of",
    default=None,
    callback=date_option,
    help=say(
        "Tanggal YYYY-MM-DD (bawaan: bulan terakhir fakta cakupan).",
        "Date YYYY-MM-DD (default: the latest month of the coverage facts).",
    ),
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
def coverage(region: str, as_of: dt.date | None, denominator: str, level: str, fmt: str) -> None:
    _setup_django()
    _require_database()
    from cakupan.core.regions import is_region_code, normalize_code
    from cakupan.web.indicators.selectors import coverage_children, coverage_get, fact_period
    from cakupan.web.registry.models import Region

    code = normalize_code(region)
    if not is_region_code(code) or not Region.objects.filter(code=code).exists():
        raise UserError(
            say(
                f"Kode wilayah {region!r} tidak dikenal. Sudahkah wilayah dimuat (cakupan regions)?",
                f"Unknown region code {region!r}. Were the regions loaded (cakupan regions)?",
            )
        )
    period = fact_period(as_of=as_of)
    if period is None or (as_of is not None and not period.month <= as_of <= period.as_of):
        day = as_of or dt.datetime.now(JAKARTA).date()
        raise UserError(
            say(
                f"Belum ada fakta cakupan untuk {day}. Hitung dahulu: cakupan facts refresh --as-of {day}",
                f"No coverage facts for {day} yet. Compute them first: cakupan facts refresh --as-of {day}",
            )
        )
    figures = [coverage_get(region_code=code, period=period, kind=denominator)]
    if level == "child":
        figures = coverage_children(region_code=code, period=period, kind=denominator)
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
                else f"{d.value:,}".replace(",", ".") + f" ({DENOMINATOR_LABELS[d.kind].text(language())})",
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
