"""``cakupan compliance employers``: PWBD and PDS employers of a region, counted per KBLI sector."""

from __future__ import annotations

import datetime as dt
import json

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


@click.group(help=say("Kepatuhan pemberi kerja.", "Employer compliance."))
def compliance() -> None:
    pass


@compliance.command(
    help=say(
        "Pemberi kerja suatu wilayah menurut kepatuhan (PWBD, PDS tenaga kerja, upah, program), per sektor KBLI.",
        "A region's employers by compliance (PWBD, PDS workers, wages, programmes), per KBLI sector.",
    )
)
@click.option("--region", required=True, help=say("Kode wilayah, mis. 13.71.", "Region code, e.g. 13.71."))
@click.option("--as-of", "as_of", default=None, callback=date_option, help="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def employers(region: str, as_of: dt.date | None, fmt: str) -> None:
    _setup_django()
    _require_database()
    from cakupan.compliance import SECTION_LABELS, kbli_section, summarise
    from cakupan.web.employers.compliance import employer_reviews

    code = _region(region)
    on = as_of or dt.datetime.now(JAKARTA).date()
    reviews = employer_reviews(region_code=code, on=on)
    counts = summarise((kbli_section(employer.kbli), review) for employer, review in reviews)
    if fmt == "json":
        payload = {
            "region": code,
            "as_of": on.isoformat(),
            "sectors": {k: v.as_dict() for k, v in counts.items()},
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    english = language() == "en"
    header = say(
        "sektor  pemberi kerja  patuh  PWBD  PDS  PDS-TK  PDS-upah  PDS-program  pekerja belum terdaftar",
        "sector  employers  compliant  PWBD  PDS  PDS-workers  PDS-wages  PDS-programmes  workers unregistered",
    )
    click.echo(header)
    for key, count in counts.items():
        label = (
            say("Semua", "All")
            if key == "*"
            else (
                SECTION_LABELS[key].text("en" if english else "id")
                if key in SECTION_LABELS
                else say("(tanpa KBLI)", "(no KBLI)")
            )
        )
        kinds = count.by_kind
        click.echo(
            f"{key} {label}: {count.employers}  {count.compliant}  {count.pwbd}  {count.pds}  "
            f"{kinds['pds_workers']}  {kinds['pds_wages']}  {kinds['pds_programmes']}  {count.workers_unregistered}"
        )


@compliance.command(
    help=say(
        "Pegawai pemerintah terlindungi atau tidak (non-ASN, perangkat nagari, Bamus, kader, ASN) per status dan "
        "instansi, serta ASN yang mendaftarkan anggota keluarga.",
        "Government staff covered or not (non-ASN, perangkat nagari, Bamus, cadres, ASN) per status and agency, "
        "and ASN who registered a family member.",
    )
)
@click.option("--region", required=True, help=say("Kode wilayah, mis. 13.12.", "Region code, e.g. 13.12."))
@click.option("--as-of", "as_of", default=None, callback=date_option, help="YYYY-MM-DD")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@friendly_errors
def staff(region: str, as_of: dt.date | None, fmt: str) -> None:
    _setup_django()
    _require_database()
    from cakupan.ingest.schemas import STAFF_STATUS_LABELS
    from cakupan.web.staff.coverage import asn_family_compliance, staff_coverage

    code = _region(region)
    on = as_of or dt.datetime.now(JAKARTA).date()
    rows = staff_coverage(region_code=code, on=on)
    families = asn_family_compliance(region_code=code, on=on)
    if fmt == "json":
        payload = {
            "region": code,
            "as_of": on.isoformat(),
            "staff": [
                {
                    "status": r.status,
                    "agency": r.agency,
                    "total": r.total,
                    "linked": r.linked,
                    "covered": r.covered,
                }
                for r in rows
            ],
            "asn_family": [
                {"agency": f.agency, "asn": f.asn, "with_family_member": f.with_family_member}
                for f in families
            ],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    click.echo(
        say("status · instansi: pegawai, terlindungi, belum", "status · agency: staff, covered, not covered")
    )
    for r in rows:
        status = STAFF_STATUS_LABELS.get(r.status)
        shown = status.text(language()) if status else r.status
        click.echo(f"{shown} · {r.agency}: {r.total}, {r.covered}, {r.uncovered}")
    uncovered = sum(r.uncovered for r in rows)
    click.echo(say(f"Belum terlindungi: {uncovered} pegawai.", f"Not covered: {uncovered} staff."))
    for f in families:
        click.echo(
            say(
                f"ASN {f.agency}: {f.with_family_member} dari {f.asn} mendaftarkan anggota keluarga.",
                f"ASN {f.agency}: {f.with_family_member} of {f.asn} registered a family member.",
            )
        )


def _region(region: str) -> str:
    from cakupan.core.regions import normalize_code
    from cakupan.web.registry.models import Region

    code = normalize_code(region)
    if not Region.objects.filter(code=code).exists():
        raise UserError(
            say(
                f"Kode wilayah {region!r} tidak dikenal. Sudahkah wilayah dimuat (cakupan regions)?",
                f"Unknown region code {region!r}. Were the regions loaded (cakupan regions)?",
            )
        )
    return code
