"""The demo: an SQLite database with West Sumatra's regions and a synthetic population, imported through the
same importers a user uses, and demo logins."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command

from cakupan.maps import format_number_id
from cakupan.synth import generate
from cakupan.web.accounts.services import user_ensure_demo
from cakupan.web.benefits.demo import benefits_demo_seed
from cakupan.web.compliance.demo import compliance_demo_seed
from cakupan.web.enrolment.demo import enrolment_demo_batch, enrolment_demo_seed
from cakupan.web.imports.services import import_batch_create
from cakupan.web.indicators.selectors import coverage_get, fact_period
from cakupan.web.indicators.services import facts_as_of, facts_refresh
from cakupan.web.paths import data_dir
from cakupan.web.registry.services import region_load_province

PROVINCE = "13"
SOURCES = (
    ("persons", "persons"),
    ("memberships", "memberships"),
    ("labour-force", "labour_force"),
)


def run_demo(
    *,
    scale: float,
    seed: int,
    url: str,
    echo: Callable[[str], None],
    say: Callable[[str, str], str],
    boundaries: tuple[Path, ...] = (),
) -> None:
    echo(say("1/5 Menyiapkan basis data...", "1/5 Setting up the database..."))
    call_command("migrate", interactive=False, verbosity=0)
    echo(say("2/5 Memuat wilayah Sumatera Barat...", "2/5 Loading West Sumatra's regions..."))
    count = region_load_province(province_code=PROVINCE)
    echo(say(f"    {count} wilayah.", f"    {count} regions."))

    out_dir = data_dir() / "demo" / f"sumbar-skala{scale}-benih{seed}"
    echo(
        say(
            f"3/5 Membuat data sintetis (skala {scale}) di {out_dir}...",
            f"3/5 Generating synthetic data (scale {scale}) in {out_dir}...",
        )
    )
    summary = generate(out_dir=out_dir, province=PROVINCE, scale=scale, seed=seed)

    echo(
        say(
            "4/5 Mengimpor berkas lewat importer yang sama dengan pengguna...",
            "4/5 Importing the files through the same importers users use...",
        )
    )
    for source, attribute in SOURCES:
        path: Path = getattr(summary, attribute).path
        outcome = import_batch_create(source=source, path=path)
        batch = outcome.batch
        if outcome.already_imported:
            echo(say(f"    {path.name}: sudah diimpor sebelumnya.", f"    {path.name}: already imported."))
        else:
            echo(
                say(
                    f"    {path.name}: {batch.rows_created + batch.rows_updated} dimuat, {batch.rows_rejected} ditolak "
                    f"(cacat yang sengaja dibuat), {batch.warnings} peringatan.",
                    f"    {path.name}: {batch.rows_created + batch.rows_updated} loaded, {batch.rows_rejected} rejected "
                    f"(deliberate defects), {batch.warnings} warnings.",
                )
            )

    for path in boundaries:  # GeoJSON region polygons, for the dashboard's map
        batch = import_batch_create(source="boundaries", path=path).batch
        echo(
            say(
                f"    {path.name}: {batch.rows_created + batch.rows_updated} batas wilayah.",
                f"    {path.name}: {batch.rows_created + batch.rows_updated} region boundaries.",
            )
        )

    echo(say("5/5 Menyiapkan pengguna demo...", "5/5 Creating demo users..."))
    logins = user_ensure_demo()
    enrolment_demo_seed(scale=scale)  # example budgets and schemes under /perlindungan/
    answer = enrolment_demo_batch(out_dir)  # an exported example batch and BPJSTK's answer to it
    benefits_demo_seed()  # example claims under /manfaat/
    compliance_demo_seed(out_dir)  # example employers and warning letters under /kepatuhan/
    as_of = facts_as_of()  # the latest month with data: the synthetic data's reference date, at first
    period = fact_period(as_of=as_of)
    if period is None or period.as_of != as_of:
        facts_refresh(as_of=as_of)
        period = fact_period(as_of=as_of)
    assert period is not None
    figure = coverage_get(region_code=PROVINCE, period=period)
    denominator = figure.denominator.value if figure.denominator else None
    echo(
        say(
            *coverage_sentences(
                as_of, summary.reference_date, figure.percent, figure.active_participants, denominator
            )
        )
    )
    echo(
        say(
            f"Fakta cakupan (dasbor, API) berakhir pada bulan terakhir yang berdata: {url}/wilayah/{PROVINCE}/",
            f"The coverage facts (dashboard, API) end in the latest month with data: {url}/wilayah/{PROVINCE}/",
        )
    )
    if answer is not None:
        echo(
            say(
                f"Coba: login pemda, Perlindungan, batch contoh DBH Sawit Pasaman Barat, Unggah jawaban BPJSTK: "
                f"{answer}; lalu UCJ Pasaman Barat ({url}/wilayah/13.12/) naik sebanyak pekerja yang diterima.",
                f"Try: log in as pemda, Perlindungan, Pasaman Barat's example DBH Sawit batch, upload BPJSTK's "
                f"answer: {answer}; then Pasaman Barat's UCJ ({url}/wilayah/13.12/) rises by the accepted workers.",
            )
        )
    echo(
        say(
            "Login demo (ganti kata sandinya sebelum dipakai sungguhan):",
            "Demo logins (change the passwords before real use):",
        )
    )
    for login in logins:
        echo(
            f"    {login.username:<14} / {login.password:<26} {login.label}, wilayah {', '.join(login.regions)}"
        )


def coverage_sentences(
    as_of: dt.date, reference: dt.date, percent: Decimal | None, active: int, denominator: int | None
) -> tuple[str, str]:
    """The demo's closing figure in Bahasa Indonesia (27,17 %; 4.215) and in English (27.17 %; 4,215)."""

    def indonesian(value: Decimal | int | None) -> str:
        return "-" if value is None else format_number_id(Decimal(value))

    def english(value: Decimal | int | None) -> str:
        return "-" if value is None else f"{value:,}"

    return (
        f"UCJ Sumatera Barat per {as_of} (data sintetis per {reference}): {indonesian(percent)} % "
        f"= {indonesian(active)} peserta aktif ÷ {indonesian(denominator)} angkatan kerja.",
        f"UCJ West Sumatra as of {as_of} (synthetic data as of {reference}): {english(percent)} % "
        f"= {english(active)} active participants ÷ {english(denominator)} labour force.",
    )
