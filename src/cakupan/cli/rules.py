"""``cakupan rules``: contributions and benefits from the dated parameter tree (no database needed)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import click

from cakupan.cli.common import JAKARTA, UserError, date_option, friendly_errors, language, say
from cakupan.core.dated import Due
from cakupan.rules.benefits import Event
from cakupan.rules.contributions import PAYER_KINDS

BPU_PAYERS: list[str] = list(PAYER_KINDS)

PAYERS = {
    "employer": ("pemberi kerja", "employer"),
    "worker": ("pekerja", "worker"),
    "government": ("pemerintah", "government"),
    "participant": ("peserta/pembayar", "participant/payer"),
    "bpjstk": ("BPJSTK", "BPJSTK"),
}


def _list(_ctx: click.Context, _param: click.Parameter, value: str | None) -> tuple[str, ...]:
    return tuple(part.strip().upper() for part in (value or "").split(",") if part.strip())


def _rp(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def _print_table(items: list[dict[str, Any]], footer: list[tuple[str, int]]) -> None:
    lang = language()
    headers = [
        say("Program", "Programme"),
        say("Pos", "Item"),
        say("Pembayar", "Payer"),
        say("Jumlah", "Amount"),
        say("Dasar hukum", "Legal reference"),
    ]
    rows = [
        [
            item["programme"],
            item["code"]
            + (f" ({item['detail']})" if item["detail"] else "")
            + (say(" /tahun", " /year") if item["yearly"] else ""),
            PAYERS[item["payer"]][0 if lang == "id" else 1],
            _rp(item["amount"]),
            "; ".join(sorted({p["reference"] for p in item["parameters"]})),
        ]
        for item in items
    ]
    rows += [[label, "", "", _rp(amount), ""] for label, amount in footer]
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]
    for r in [headers, *rows]:
        click.echo("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(r)).rstrip())


def _warn(due: list[Due]) -> None:
    for found in due:
        click.echo(
            say("Peringatan: ", "Warning: ") + (found.english if language() == "en" else found.indonesian)
        )


def _fail(exc: Exception) -> UserError:
    from cakupan.rules import RulesError

    assert isinstance(exc, RulesError)
    return UserError(exc.message(language()))


@click.group(help=say("Aturan iuran dan manfaat sebagai kode.", "Contribution and benefit rules as code."))
def rules() -> None:
    pass


@rules.command(
    help=say(
        "Iuran bulanan per program: BPU (--income) atau PU (--wage, --risk-class), dengan dasar hukum tiap pos.",
        "Monthly contributions per programme: BPU (--income) or PU (--wage, --risk-class), each item's legal basis.",
    )
)
@click.option("--segment", type=click.Choice(["BPU", "PU"], case_sensitive=False), required=True)
@click.option(
    "--income", type=int, help=say("Penghasilan BPU per bulan (rupiah).", "BPU monthly income (rupiah).")
)
@click.option("--wage", type=int, help=say("Upah PU per bulan (rupiah).", "PU monthly wage (rupiah)."))
@click.option(
    "--risk-class",
    "risk_class",
    type=click.IntRange(1, 5),
    help=say("Kelompok risiko 1–5.", "Risk class 1–5."),
)
@click.option("--programs", "programs", required=True, callback=_list, help="JKK,JKM,JHT,JP,JKP")
@click.option("--date", "on", required=True, callback=date_option, help="YYYY-MM-DD")
@click.option(
    "--payer",
    type=click.Choice(BPU_PAYERS),
    help=say(
        "BPU: pembayar iuran (diskon PP 50/2025 tidak berlaku bila APBN/APBD membayar).",
        "BPU: who pays the contribution (no PP 50/2025 discount when APBN/APBD pays).",
    ),
)
@click.option(
    "--sector",
    help=say(
        "BPU: kelompok sektor diskon PP 50/2025 (transportasi, lainnya).",
        "BPU: sector group of the PP 50/2025 discount (transportasi, lainnya).",
    ),
)
@click.option(
    "--industry",
    help=say(
        "PU: kode KBLI 2020 pemberi kerja (keringanan JKK industri padat karya, PP 7/2025 jo. PP 36/2025).",
        "PU: the employer's KBLI 2020 code (JKK relief of labour-intensive industries, PP 7/2025 jo. PP 36/2025).",
    ),
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    help=say(
        "PU: jumlah pekerja peserta aktif pemberi kerja (syarat keringanan padat karya).",
        "PU: the employer's number of active participants (condition of the labour-intensive relief).",
    ),
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def contribution(
    *,
    segment: str,
    income: int | None,
    wage: int | None,
    risk_class: int | None,
    programs: tuple[str, ...],
    on: dt.date,
    payer: str | None,
    sector: str | None,
    industry: str | None,
    workers: int | None,
    fmt: str,
) -> None:
    from cakupan.rules import RulesError, bpu_contribution, pu_contribution
    from cakupan.rules.items import warnings

    try:
        if segment.upper() == "BPU":
            if income is None:
                raise UserError(say("BPU memerlukan --income.", "BPU needs --income."))
            if industry is not None or workers is not None:
                raise UserError(
                    say(
                        "--industry dan --workers hanya untuk PU.",
                        "--industry and --workers are for PU only.",
                    )
                )
            result = bpu_contribution(income=income, programmes=programs, on=on, payer=payer, sector=sector)
        else:
            if wage is None or risk_class is None:
                raise UserError(
                    say("PU memerlukan --wage dan --risk-class.", "PU needs --wage and --risk-class.")
                )
            if payer is not None or sector is not None:
                raise UserError(
                    say("--payer dan --sector hanya untuk BPU.", "--payer and --sector are for BPU only.")
                )
            result = pu_contribution(
                wage=wage,
                risk_class=risk_class,
                programmes=programs,
                on=on,
                industry=industry,
                workers=workers,
            )
    except RulesError as exc:
        raise _fail(exc) from None
    stale = list(warnings(result.items, on))
    payload = {**result.as_dict(), "warnings": [due.as_dict() for due in stale]}
    if fmt == "json":
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    lang = language()
    footer = [
        (say("Bagian ", "Share: ") + PAYERS[p][0 if lang == "id" else 1], a)
        for p, a in payload["by_payer"].items()
    ]
    _print_table(payload["items"], [*footer, (say("Total per bulan", "Total per month"), result.total)])
    click.echo(
        say(
            "Pembulatan: per pos, rupiah penuh, setengah ke atas.",
            "Rounding: per item, whole rupiah, half up.",
        )
    )
    _warn(stale)
    for indonesian, english in result.notes:
        click.echo(say(indonesian, english))


@rules.command(
    help=say(
        "Manfaat saat meninggal (death), meninggal karena kecelakaan kerja (work-death), cacat total (disability), "
        "cacat sebagian (partial-disability) atau kecelakaan kerja (work-accident).",
        "Benefits on death, death from a work accident (work-death), total disability (disability), partial "
        "disability (partial-disability) or a work accident (work-accident).",
    )
)
@click.option(
    "--event",
    type=click.Choice(["death", "work-death", "disability", "partial-disability", "work-accident"]),
    required=True,
)
@click.option("--date", "on", required=True, callback=date_option, help="YYYY-MM-DD")
@click.option("--membership-start", "membership_start", callback=date_option, help="YYYY-MM-DD")
@click.option(
    "--months",
    type=click.IntRange(min=0),
    help=say(
        "Masa iur dalam bulan (menggantikan --membership-start).",
        "Contribution months (instead of --membership-start).",
    ),
)
@click.option(
    "--segment",
    type=click.Choice(["PU", "BPU", "JAKON", "PMI"], case_sensitive=False),
    help=say(
        "Segmen kepesertaan (masa tunggu JKM BPU: hanya biaya pemakaman dalam 3 bulan iuran pertama).",
        "Membership segment (BPU JKM waiting period: funeral cost only in the first 3 contribution months).",
    ),
)
@click.option("--wage", type=int, help=say("Upah/penghasilan per bulan (JKK).", "Monthly wage/income (JKK)."))
@click.option(
    "--percent",
    "--disability-percent",
    "percent",
    type=int,
    help=say(
        "Persentase cacat sebagian yang ditetapkan dokter penasihat (1-99); menggantikan persentase tabel.",
        "Partial disability percentage set by the medical adviser (1-99); replaces the table's percentage.",
    ),
)
@click.option(
    "--injury",
    "injuries",
    callback=_list,
    help=say(
        "Cedera dari tabel cacat sebagian: KODE[,KODE] atau KODE:NN (NN % fungsi hilang); daftar: cakupan rules "
        "injuries.",
        "Injuries from the partial-disability table: CODE[,CODE] or CODE:NN (NN % of function lost); list: "
        "cakupan rules injuries.",
    ),
)
@click.option(
    "--left-handed",
    is_flag=True,
    help=say(
        "Peserta kidal: baris kanan dan kiri bertukar.", "Left-handed worker: right and left rows swap."
    ),
)
@click.option(
    "--unable-days",
    type=click.IntRange(min=0),
    help=say("Hari tidak mampu bekerja (STMB).", "Days unable to work (income replacement)."),
)
@click.option("--children", callback=_list, help="TK,SD,SMP,SMA,S1")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def benefit(
    *,
    event: str,
    on: dt.date,
    membership_start: dt.date | None,
    months: int | None,
    segment: str | None,
    wage: int | None,
    percent: int | None,
    injuries: tuple[str, ...],
    left_handed: bool,
    unable_days: int | None,
    children: tuple[str, ...],
    fmt: str,
) -> None:
    from cakupan.rules import EVENTS, RulesError
    from cakupan.rules import benefit as compute
    from cakupan.rules.items import warnings

    kinds: dict[str, Event] = {kind.replace("_", "-"): kind for kind in EVENTS}
    kind = kinds[event]
    try:
        result = compute(
            event=kind,
            on=on,
            membership_start=membership_start,
            contribution_months=months,
            segment=segment,
            wage=wage,
            children=children,
            disability_percent=percent,
            unable_days=unable_days,
            injuries=injuries,
            left_handed=left_handed,
        )
    except RulesError as exc:
        raise _fail(exc) from None
    stale = list(warnings(result.items, on))
    payload = {**result.as_dict(), "warnings": [due.as_dict() for due in stale]}
    if fmt == "json":
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    footer = [(say("Total sekaligus", "One-off total"), result.total)]
    if result.scholarship_per_year:
        footer.append((say("Beasiswa per tahun", "Scholarship per year"), result.scholarship_per_year))
    _print_table(payload["items"], footer)
    english = language() == "en"
    click.echo(result.counted_en if english else result.counted_id)
    if result.waiting is not None:
        click.echo(result.waiting.reason_en if english else result.waiting.reason_id)
    click.echo(result.scholarship.reason_en if english else result.scholarship.reason_id)
    _warn(stale)


@rules.command(
    help=say(
        "Parameter yang nilai barunya sudah jatuh tempo menurut jadwalnya (cadence) tetapi belum dimuat. "
        "Selalu keluar dengan kode 0: daftar ini laporan, bukan kegagalan.",
        "Parameters whose next value is due by their cadence and not loaded. Always exits 0: the list is a "
        "report, not a failure.",
    )
)
@click.option(
    "--date",
    "on",
    callback=date_option,
    help=say("YYYY-MM-DD (bawaan: hari ini)", "YYYY-MM-DD (default: today)"),
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def check(*, on: dt.date | None, fmt: str) -> None:
    from cakupan.rules.due import due_on

    day = on or dt.datetime.now(JAKARTA).date()
    found = due_on(day)
    if fmt == "json":
        payload = {"date": day.isoformat(), "due": [due.as_dict() for due in found]}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if not found:
        click.echo(
            say(
                f"Tidak ada parameter yang nilai barunya jatuh tempo pada {day.isoformat()}.",
                f"No parameter has a new value due on {day.isoformat()}.",
            )
        )
        return
    click.echo(
        say(
            f"Nilai baru yang sudah jatuh tempo pada {day.isoformat()} tetapi belum dimuat:",
            f"New values due on {day.isoformat()} and not loaded:",
        )
    )
    headers = [
        say("Parameter", "Parameter"),
        say("Nilai terakhir mulai", "Last value from"),
        say("Nilai baru jatuh tempo", "Next value due"),
        say("Dasar hukum nilai terakhir", "Reference of the last value"),
    ]
    rows = [[d.name, d.start.isoformat(), d.due.isoformat(), " ".join(d.reference.split())] for d in found]
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for r in [headers, *rows]:
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip())


@rules.command(
    help=say(
        "Tabel cacat sebagian yang berlaku pada --date: kode cedera, bagian tubuh, persentase, sumber.",
        "The partial-disability table in force on --date: injury code, body part, percentage, source.",
    )
)
@click.option("--date", "on", required=True, callback=date_option, help="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def injuries(*, on: dt.date, fmt: str) -> None:
    from cakupan.rules import RulesError
    from cakupan.rules.injuries import SOURCE_LABELS, TABLE, percent_text
    from cakupan.rules.injuries import injuries as names
    from cakupan.rules.loader import default_tree

    try:
        table = default_tree().value(TABLE, on=on)
    except RulesError as exc:
        raise _fail(exc) from None
    assert isinstance(table.value, dict)
    lang = language()
    rows = [
        {
            "code": code,
            "label": injury.label.text(lang),
            "rate": str(table.value[code]),
            "source": SOURCE_LABELS[injury.source].text(lang),
        }
        for code, injury in names().rows.items()
        if code in table.value
    ]
    if fmt == "json":
        payload = {"date": on.isoformat(), "since": table.start.isoformat(), "reference": table.reference}
        click.echo(json.dumps({**payload, "rows": rows}, ensure_ascii=False, indent=2))
        return
    widths = [max(len(r[k]) for r in rows) for k in ("code", "label")]
    for r in rows:
        percent = percent_text(Decimal(r["rate"]))
        click.echo(
            f"{r['code'].ljust(widths[0])}  {r['label'].ljust(widths[1])}  {percent.rjust(6)}  {r['source']}"
        )
    click.echo(say("Dasar hukum: ", "Legal reference: ") + table.reference)
