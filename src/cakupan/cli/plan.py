"""``cakupan plan``: funding plans; ``plan trajectory`` gives yearly quotas and budgets to a coverage target.

No database needed: the figures come from the options and the dated parameter tree (the default monthly cost is
JKK + JKM at the lowest BPU income basis in force on 1 January of the start year; with ``--payer`` (and
``--sector``) each year's budget is what that payer really pays month by month, e.g. with PP 50/2025's discount).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

import click

from cakupan.cli.common import UserError, friendly_errors, language, say
from cakupan.rules.contributions import PAYER_KINDS

PAYER_CHOICES: list[str] = list(PAYER_KINDS)
OPTION_OF_FIELD = {
    "target": "--target-workers",
    "years": "--years",
    "first_year": "--first-year",
    "labour_force": "--labour-force",
    "active_other": "--active",
    "target_percent": "--target-percent",
    "by_year": "--by-year",
    "active_now": "--active",
    "funded_now": "--funded-now",
    "monthly_cost": "--monthly-cost",
    "lapse_rate": "--lapse-rate",
    "labour_force_growth": "--growth",
}


def _decimal(_ctx: click.Context, param: click.Parameter, value: str | None) -> Decimal | None:
    """A decimal number written with a point or an Indonesian comma (51,4)."""
    if value is None:
        return None
    try:
        number = Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise click.BadParameter(
            say(
                f"{value!r} bukan bilangan desimal (mis. 0,05).",
                f"{value!r} is not a decimal number (e.g. 0.05).",
            )
        )
    return number


def _rp(amount: int) -> str:
    return "Rp " + f"{amount:,}".replace(",", ".")


def _count(value: int | None) -> str:
    return "-" if value is None else f"{value:,}".replace(",", ".")


def _percent(value: Decimal | None) -> str:
    return "-" if value is None else str(value).replace(".", ",")


def _default_monthly_cost(start_year: int) -> tuple[int, str, list[str]]:
    """JKK + JKM at the lowest BPU income basis on 1 January of ``start_year`` (no discount), where it comes from,
    and the rules' notes (e.g. that PP 50/2025's discount may apply: give --payer)."""
    from cakupan.rules import RulesError, lowest_bpu_contribution

    day = dt.date(start_year, 1, 1)
    try:
        result = lowest_bpu_contribution(on=day)
    except RulesError as exc:
        raise UserError(exc.message(language())) from None
    references = "; ".join(sorted({s.reference for item in result.items for s in item.sources}))
    notes = [say(indonesian, english) for indonesian, english in result.notes]
    return (
        result.total,
        say(
            f"JKK + JKM pada dasar penghasilan BPU terendah {_rp(result.basis)}, berlaku {day} ({references})",
            f"JKK + JKM at the lowest BPU income basis {_rp(result.basis)}, in force on {day} ({references})",
        ),
        notes,
    )


def _yearly_costs(payer: str, sector: str | None, years: range) -> tuple[tuple[int, int], ...]:
    """What one worker paid by ``payer`` costs in each year, JKK + JKM at the lowest BPU income, month by month."""
    from cakupan.funding.costs import yearly_costs
    from cakupan.rules import RulesError, parameter

    try:
        lowest = int(parameter("bpu/income_basis/minimum", on=dt.date(years[0], 1, 1)).scalar())
        return yearly_costs(payer=payer, sector=sector, years=years, income=lowest, programmes=("JKK", "JKM"))
    except RulesError as exc:
        raise UserError(f"{exc.message(language())} (--payer/--sector)") from None


def _costs(
    monthly_cost: int | None, payer: str | None, sector: str | None, years: range
) -> tuple[int, str, list[str], tuple[tuple[int, int], ...]]:
    """The monthly cost, where it comes from, the rules' notes, and (with --payer) each year's real cost."""
    if sector is not None and payer is None:
        raise UserError(say("--sector memerlukan juga --payer.", "--sector also needs --payer."))
    if monthly_cost is not None:
        if payer is not None:
            raise UserError(
                say(
                    "Pilih salah satu: --monthly-cost atau --payer (iuran menurut aturan).",
                    "Choose one: --monthly-cost or --payer (contributions by the rules).",
                )
            )
        return monthly_cost, say("diberikan dengan --monthly-cost", "given with --monthly-cost"), [], ()
    cost, source, notes = _default_monthly_cost(years[0])
    if payer is None:
        return cost, source, notes, ()
    return cost, source, [], _yearly_costs(payer, sector, years)


def _print_rows(headers: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    for r in [headers, *rows]:
        click.echo("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip())


def _print_trajectory(trajectory: Any) -> None:
    click.echo(f"== {trajectory.name} ==")
    click.echo(trajectory.method(language()))
    headers = [
        say("Tahun", "Year"),
        say("Didanai", "Funded"),
        say("Pendaftaran baru", "New enrolments"),
        say("Anggaran", "Budget"),
        say("Angkatan kerja", "Labour force"),
        say("Peserta aktif", "Active"),
        "UCJ %",
    ]
    rows = [
        [
            str(y.year),
            _count(y.covered),
            _count(y.new_enrolments),
            _rp(y.budget),
            _count(y.labour_force),
            _count(y.active_total),
            _percent(y.ucj_percent),
        ]
        for y in trajectory.years
    ]
    rows.append([say("Jumlah", "Total"), "", "", _rp(trajectory.total_budget), "", "", ""])
    _print_rows(headers, rows)


def _print_comparison(rows: Any, names: list[str]) -> None:
    click.echo(say("== Perbandingan skenario ==", "== Scenarios side by side =="))
    headers = [say("Tahun", "Year")]
    for name in names:
        headers += [f"{name}: " + say("didanai", "funded"), say("anggaran", "budget"), "UCJ %"]
    table = []
    for row in rows:
        cells = [str(row.year)]
        for plan in row.plans:
            if plan is None:
                cells += ["-", "-", "-"]
            else:
                cells += [_count(plan.covered), _rp(plan.budget), _percent(plan.ucj_percent)]
        table.append(cells)
    _print_rows(headers, table)


def _need(given: dict[str, object], scenario: str) -> None:
    missing = [name for name, value in given.items() if value is None]
    if missing:
        raise UserError(
            say(
                f"Skenario {scenario} memerlukan juga {', '.join(missing)}.",
                f"The {scenario} scenario also needs {', '.join(missing)}.",
            )
        )


@click.group(
    help=say(
        "Rencana pendanaan iuran pekerja rentan: kuota dan anggaran per tahun menuju target cakupan.",
        "Funding plans for vulnerable workers' contributions: yearly quotas and budgets towards a coverage target.",
    )
)
def plan() -> None:
    pass


@plan.command(
    help=say(
        "Lintasan beberapa tahun: menurut jumlah pekerja (--target-workers, --years, --first-year) dan/atau menurut "
        "UCJ % (--target-percent, --by-year, --labour-force, --active). Dua skenario dibandingkan berdampingan.",
        "A multi-year trajectory: by a number of workers (--target-workers, --years, --first-year) and/or by a UCJ % "
        "(--target-percent, --by-year, --labour-force, --active). Two scenarios are compared side by side.",
    )
)
@click.option(
    "--target-workers",
    "target_workers",
    type=int,
    help=say("Jumlah pekerja didanai pada tahun terakhir.", "Funded workers in the last year."),
)
@click.option("--years", type=int, help=say("Lama rencana (tahun).", "Length of the plan (years)."))
@click.option(
    "--first-year", "first_year", type=int, help=say("Kuota tahun pertama.", "The first year's quota.")
)
@click.option(
    "--start-year",
    "start_year",
    type=click.IntRange(2000, 2100),
    required=True,
    help=say("Tahun anggaran pertama.", "First fiscal year."),
)
@click.option(
    "--target-percent",
    "target_percent",
    callback=_decimal,
    help=say("Target UCJ %, mis. 51,4.", "UCJ % target, e.g. 51.4."),
)
@click.option("--by-year", "by_year", type=int, help=say("Tahun target UCJ %.", "Year of the UCJ % target."))
@click.option(
    "--labour-force",
    "labour_force",
    type=int,
    help=say("Angkatan kerja sekarang (penyebut UCJ).", "Labour force now (the UCJ denominator)."),
)
@click.option(
    "--active", type=int, help=say("Peserta aktif sekarang (semua).", "Active participants now (all).")
)
@click.option(
    "--funded-now",
    "funded_now",
    type=int,
    default=0,
    show_default=True,
    help=say(
        "Dari peserta aktif itu, yang kini didanai skema ini.",
        "Of those active participants, the ones this scheme funds now.",
    ),
)
@click.option(
    "--lapse-rate",
    "lapse_rate",
    default="0",
    show_default=True,
    callback=_decimal,
    help=say(
        "Bagian peserta didanai yang keluar tiap tahun, mis. 0,05.", "Share of funded workers lost each year."
    ),
)
@click.option(
    "--growth",
    default="0",
    show_default=True,
    callback=_decimal,
    help=say("Pertumbuhan angkatan kerja per tahun, mis. 0,01.", "Labour force growth per year, e.g. 0.01."),
)
@click.option(
    "--monthly-cost",
    "monthly_cost",
    type=int,
    help=say(
        "Iuran per orang per bulan (bawaan: JKK + JKM pada dasar penghasilan BPU terendah).",
        "Contribution per person per month (default: JKK + JKM at the lowest BPU income basis).",
    ),
)
@click.option(
    "--payer",
    type=click.Choice(PAYER_CHOICES),
    help=say(
        "Pembayar iuran (mis. apbd_kabkota, apb_nagari, csr): anggaran tiap tahun = iuran yang benar-benar "
        "dibayarnya (diskon PP 50/2025 tidak untuk APBN/APBD).",
        "Who pays (e.g. apbd_kabkota, apb_nagari, csr): each year's budget = what that payer really pays (no "
        "PP 50/2025 discount for APBN/APBD).",
    ),
)
@click.option(
    "--sector",
    help=say(
        "Kelompok sektor pekerja untuk diskon PP 50/2025 (transportasi, lainnya); perlu --payer.",
        "The workers' sector group for the PP 50/2025 discount (transportasi, lainnya); needs --payer.",
    ),
)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def trajectory(
    *,
    target_workers: int | None,
    years: int | None,
    first_year: int | None,
    start_year: int,
    target_percent: Decimal | None,
    by_year: int | None,
    labour_force: int | None,
    active: int | None,
    funded_now: int,
    lapse_rate: Decimal,
    growth: Decimal,
    monthly_cost: int | None,
    payer: str | None,
    sector: str | None,
    fmt: str,
) -> None:
    from cakupan.funding import Assumptions, FundingError, compare, plan_by_count, plan_by_percent

    if target_workers is None and target_percent is None:
        raise UserError(
            say(
                "Sebutkan --target-workers (jumlah pekerja) atau --target-percent (UCJ %), atau keduanya.",
                "Give --target-workers (a number of workers) or --target-percent (a UCJ %), or both.",
            )
        )
    if labour_force is not None and active is None:
        raise UserError(
            say("--labour-force memerlukan juga --active.", "--labour-force also needs --active.")
        )
    last = max(start_year + (years or 1) - 1, by_year or start_year, start_year)
    monthly_cost, source, notes, yearly = _costs(monthly_cost, payer, sector, range(start_year, last + 1))
    assumptions = Assumptions(
        monthly_cost=monthly_cost, lapse_rate=lapse_rate, labour_force_growth=growth, yearly_costs=yearly
    )
    scenarios = []
    try:
        if target_workers is not None:
            _need({"--years": years, "--first-year": first_year}, say("jumlah pekerja", "workers"))
            assert years is not None and first_year is not None
            scenarios.append(
                plan_by_count(
                    name=say(
                        f"Target {_count(target_workers)} pekerja", f"Target {target_workers:,} workers"
                    ),
                    target=target_workers,
                    years=years,
                    first_year=first_year,
                    start_year=start_year,
                    assumptions=assumptions,
                    labour_force=labour_force,
                    active_other=0 if active is None else active - funded_now,
                )
            )
        if target_percent is not None:
            _need(
                {"--by-year": by_year, "--labour-force": labour_force, "--active": active},
                say("UCJ %", "UCJ %"),
            )
            assert by_year is not None and labour_force is not None and active is not None
            scenarios.append(
                plan_by_percent(
                    name=say(f"Target UCJ {_percent(target_percent)}%", f"Target UCJ {target_percent}%"),
                    target_percent=target_percent,
                    by_year=by_year,
                    start_year=start_year,
                    labour_force=labour_force,
                    active_now=active,
                    funded_now=funded_now,
                    assumptions=assumptions,
                )
            )
    except FundingError as exc:
        option = OPTION_OF_FIELD.get(exc.field, exc.field)
        raise UserError(f"{exc.message(language())} ({option})") from None
    rows = compare(scenarios)
    if fmt == "json":
        payload = {
            "monthly_cost": monthly_cost,
            "monthly_cost_source": source,
            "payer": payer,
            "sector": sector,
            "yearly_costs": {str(year): cost for year, cost in yearly},
            "notes": notes,
            "scenarios": [t.as_dict() for t in scenarios],
            "comparison": [row.as_dict() for row in rows],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(
        say(
            f"Iuran per orang per bulan: {_rp(monthly_cost)} ({source}).",
            f"Contribution per person per month: {_rp(monthly_cost)} ({source}).",
        )
    )
    if yearly:
        listed = ", ".join(f"{year} {_rp(cost)}" for year, cost in yearly)
        click.echo(
            say(
                f"Dibayar {payer}{f', sektor {sector}' if sector else ''}: iuran setahun per orang {listed}.",
                f"Paid by {payer}{f', sector {sector}' if sector else ''}: a year per person {listed}.",
            )
        )
    for note in notes:
        click.echo(note)
    for index, scenario in enumerate(scenarios):
        if index:
            click.echo()
        _print_trajectory(scenario)
    if len(scenarios) > 1:
        click.echo()
        _print_comparison(rows, [t.name for t in scenarios])
