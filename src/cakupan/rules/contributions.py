"""Monthly contributions (iuran) for BPU and PU participants, from the parameter tree (BRIEF §3).

Pure functions: integers and Decimals in, frozen results out. Every item is rounded to whole rupiah, half up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal, get_args

from cakupan.rules.errors import RulesError
from cakupan.rules.items import PROGRAMMES, Item, Payer, Source, rupiah
from cakupan.rules.loader import ParameterTree, ParameterValue, default_tree

BPU_PROGRAMMES = ("JKK", "JKM", "JHT")
RISK_CLASSES = (1, 2, 3, 4, 5)
RELIEF = "relief/jkk_jkm_payable_share"  # PP 49/2020: 1% of JKK and JKM payable, Aug 2020 - Jan 2021
LABOUR_INTENSIVE = "relief/labour_intensive_jkk_payable_share"  # PP 7/2025 jo. PP 36/2025: PU JKK halved
LABOUR_INTENSIVE_INDUSTRIES = "relief/labour_intensive_industries"  # KBLI prefix -> minimum active workers
Relief = tuple[Decimal, tuple[Source, ...], str]  # share still payable, sources to cite, item detail
BPU_DISCOUNT = "relief/bpu_jkk_jkm_pp50_2025"  # PP 50/2025: BPU JKK and JKM at 50%, share by sector group
BPU_DISCOUNT_EXCLUDED = "relief/bpu_jkk_jkm_pp50_2025_excluded_payers"  # 1: payer without the discount

# Who pays a BPU worker's contribution: the worker (mandiri), the state budget, or one of a Pemda's funding sources
# (cakupan.funding.SourceKind maps onto these). PP 50/2025 excludes APBN and APBD payers from its discount.
PayerKind = Literal[
    "mandiri", "apbn", "apbd_kabkota", "apbd_provinsi", "apb_nagari", "dbh_sawit", "csr", "baznas"
]
PAYER_KINDS: tuple[PayerKind, ...] = get_args(PayerKind)
Note = tuple[str, str]  # Indonesian, English


@dataclass(frozen=True)
class Contribution:
    segment: str
    on: dt.date
    basis: int  # declared income (BPU) or wage (PU)
    programmes: tuple[str, ...]
    items: tuple[Item, ...]
    risk_class: int | None = None
    payer: str | None = None  # BPU: who pays (PAYER_KINDS), None when not given
    sector: str | None = (
        None  # BPU: the sector group of a discount (e.g. "transportasi"), None when not given
    )
    notes: tuple[Note, ...] = ()  # what the caller should know, e.g. that a discount may apply

    @property
    def total(self) -> int:
        return sum(item.amount for item in self.items)

    def by_payer(self) -> dict[Payer, int]:
        shares: dict[Payer, int] = {}
        for item in self.items:
            shares[item.payer] = shares.get(item.payer, 0) + item.amount
        return shares

    def as_dict(self) -> dict[str, Any]:
        return {
            "segment": self.segment,
            "date": self.on.isoformat(),
            "basis": self.basis,
            "risk_class": self.risk_class,
            "payer": self.payer,
            "sector": self.sector,
            "programmes": list(self.programmes),
            "items": [item.as_dict() for item in self.items],
            "by_payer": self.by_payer(),
            "total": self.total,
            "rounding": "per item, whole rupiah, half up",
            "notes": [{"id": indonesian, "en": english} for indonesian, english in self.notes],
        }


def _programmes(programmes: Iterable[str], allowed: tuple[str, ...], segment: str) -> tuple[str, ...]:
    chosen = [p.strip().upper() for p in programmes if p.strip()]
    unknown = [p for p in chosen if p not in PROGRAMMES]
    if unknown:
        raise RulesError(
            f"Program tidak dikenal: {', '.join(unknown)}. Pilihan: {', '.join(PROGRAMMES)}.",
            f"Unknown programme: {', '.join(unknown)}. Choices: {', '.join(PROGRAMMES)}.",
        )
    barred = [p for p in chosen if p not in allowed]
    if barred:
        raise RulesError(
            f"Program {', '.join(barred)} tidak tersedia untuk peserta {segment} (hanya {', '.join(allowed)}).",
            f"Programme {', '.join(barred)} is not available to {segment} participants (only {', '.join(allowed)}).",
        )
    if not chosen:
        raise RulesError("Pilih paling sedikit satu program.", "Choose at least one programme.")
    return tuple(p for p in allowed if p in chosen)  # canonical order, no duplicates


def _shares(programme: str) -> tuple[tuple[Payer, str], ...]:
    return (("employer", f"pu/{programme}/employer_rate"), ("worker", f"pu/{programme}/worker_rate"))


def _amount(basis: int, rate: Decimal) -> int:
    return rupiah(basis * rate)


def _relief(tree: ParameterTree, on: dt.date, name: str = RELIEF) -> Relief:
    """The share of JKK and JKM still payable ``on`` (1 outside a relief), the source to cite and an item detail.

    The share applies to the unrounded amount; the item is then rounded once, like every other item.
    """
    used = tree.value(name, on=on)
    share = Decimal(used.scalar())
    if share == 1:
        return share, (), ""
    return share, (Source.of(used),), _cut("keringanan", share, used)


def _cut(word: str, share: Decimal, used: ParameterValue) -> str:
    """An item detail naming a relief: 'keringanan 99%, PP 49/2020', 'diskon 50%, PP 50/2025'."""
    return f"{word} {((1 - share) * 100).normalize():f}%, {used.reference.split(' Pasal')[0]}"


def _bpu_discount(
    tree: ParameterTree, on: dt.date, payer: str | None, sector: str | None
) -> tuple[Decimal, tuple[Source, ...], str, tuple[Note, ...]]:
    """The share of a BPU worker's JKK and JKM still payable under PP 50/2025 ``on`` for ``payer`` and ``sector``,
    the sources to cite, an item detail and notes.

    Without a payer, or without a sector when the sector decides, the full contribution is taken (a budget is then
    never too small) and a note says that the discount may apply.
    """
    if payer is not None and payer not in PAYER_KINDS:
        raise RulesError(
            f"Pembayar iuran {payer!r} tidak dikenal. Pilihan: {', '.join(PAYER_KINDS)}.",
            f"Unknown contribution payer {payer!r}. Choices: {', '.join(PAYER_KINDS)}.",
        )
    used = tree.value(BPU_DISCOUNT, on=on)
    if not isinstance(used.value, dict):
        raise RulesError(
            f"Parameter {used.name} harus berupa tabel per kelompok sektor.",
            f"Parameter {used.name} must be a table by sector group.",
        )
    shares = {key: Decimal(value) for key, value in used.value.items()}
    if sector is not None and sector not in shares:
        raise RulesError(
            f"Kelompok sektor {sector!r} tidak dikenal. Pilihan: {', '.join(shares)}.",
            f"Unknown sector group {sector!r}. Choices: {', '.join(shares)}.",
        )
    if all(share == 1 for share in shares.values()):
        return Decimal(1), (), "", ()
    discounted = ", ".join(key for key, share in shares.items() if share != 1)
    if payer is None:
        return Decimal(1), (), "", (_may_apply(discounted, "pembayar (--payer)", "payer (--payer)"),)
    excluded = tree.value(BPU_DISCOUNT_EXCLUDED, on=on)
    if int(excluded.lookup(payer)):
        return (
            Decimal(1),
            (),
            "",
            (
                (
                    f"Tanpa diskon PP 50/2025: iuran dibayar {payer} ({excluded.reference}).",
                    f"No PP 50/2025 discount: the contribution is paid by {payer} ({excluded.reference}).",
                ),
            ),
        )
    if sector is None and len(set(shares.values())) > 1:
        return (
            Decimal(1),
            (),
            "",
            (_may_apply(discounted, "kelompok sektor (--sector)", "sector group (--sector)"),),
        )
    share = shares[sector] if sector is not None else next(iter(shares.values()))
    if share == 1:
        return share, (), "", ()
    applied = (
        Source.of(used, sector)
        if sector is not None
        else Source(used.name, str(share), used.reference, used.start.isoformat()),
        Source.of(excluded, payer),
    )
    return share, applied, _cut("diskon", share, used), ()


def _may_apply(discounted: str, what_id: str, what_en: str) -> Note:
    return (
        f"Iuran penuh dihitung; diskon PP 50/2025 mungkin berlaku (sektor {discounted}): sebutkan {what_id}.",
        f"The full contribution is computed; the PP 50/2025 discount may apply (sector {discounted}): give the "
        f"{what_en}.",
    )


def _check_amount(amount: int, what_id: str, what_en: str) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise RulesError(
            f"{what_id} harus bilangan bulat rupiah lebih dari nol, bukan {amount!r}.",
            f"The {what_en} must be a whole number of rupiah above zero, not {amount!r}.",
        )


def bpu_contribution(
    *,
    income: int,
    programmes: Iterable[str],
    on: dt.date,
    payer: str | None = None,
    sector: str | None = None,
    tree: ParameterTree | None = None,
) -> Contribution:
    """The monthly iuran of an informal (BPU) worker: JKK rate × income, JKM flat, JHT (optional) rate × income.

    JKK and JKM are multiplied by the share still payable under a relief (PP 49/2020: 1% for Aug 2020 - Jan 2021)
    and under PP 50/2025's discount (50% in 2026, by sector group, not when APBN or APBD pays). ``payer`` is one of
    PAYER_KINDS and ``sector`` a sector group of the discount; without them no discount is taken and a note says
    that one may apply.
    """
    tree = tree or default_tree()
    _check_amount(income, "Penghasilan", "income")
    chosen = _programmes(programmes, BPU_PROGRAMMES, "BPU")
    low = tree.value("bpu/income_basis/minimum", on=on)
    high = tree.value("bpu/income_basis/maximum", on=on)
    if not int(low.scalar()) <= income <= int(high.scalar()):
        raise RulesError(
            f"Penghasilan Rp {income:,} di luar rentang dasar iuran BPU Rp {low.scalar():,}–{high.scalar():,} "
            f"({low.reference}).".replace(",", "."),
            f"Income Rp {income:,} is outside the BPU income basis range Rp {low.scalar():,}–{high.scalar():,} "
            f"({low.reference}).",
        )
    bounds = (Source.of(low), Source.of(high))
    share, relief, detail = _relief(tree, on)
    discount, discounted, discount_detail, notes = _bpu_discount(tree, on, payer, sector)
    share, relief = share * discount, (*relief, *discounted)
    detail = "; ".join(part for part in (detail, discount_detail) if part)
    items: list[Item] = []
    for programme in chosen:
        if programme == "JKM":
            flat = tree.value("bpu/jkm/monthly_amount", on=on)
            amount = rupiah(int(flat.scalar()) * share)
            items.append(Item("JKM", "jkm", "participant", amount, None, (Source.of(flat), *relief), detail))
        elif programme == "JKK":
            rate = tree.value("bpu/jkk/rate", on=on)
            amount = _amount(income, Decimal(rate.scalar()) * share)
            items.append(
                Item("JKK", "jkk", "participant", amount, income, (Source.of(rate), *bounds, *relief), detail)
            )
        else:
            rate = tree.value(f"bpu/{programme.lower()}/rate", on=on)
            amount = _amount(income, Decimal(rate.scalar()))
            items.append(
                Item(programme, programme.lower(), "participant", amount, income, (Source.of(rate), *bounds))
            )
    if not {"JKK", "JKM"} & set(chosen):
        notes = ()
    return Contribution("BPU", on, income, chosen, tuple(items), None, payer, sector, notes)


def pu_contribution(
    *,
    wage: int,
    risk_class: int,
    programmes: Iterable[str],
    on: dt.date,
    industry: str | None = None,
    workers: int | None = None,
    tree: ParameterTree | None = None,
) -> Contribution:
    """The monthly iuran of a wage earner (PU), split between employer, worker and government.

    JP is computed on min(wage, JP wage cap in force ``on``). With JKP (from PP 37/2021), the government pays its
    share and parts of the employer's JKK (and, before PP 6/2025, JKM) are recomposed into JKP, so those employer
    items fall by the recomposed parts. JKK and JKM are multiplied by the share still payable under a relief
    (PP 49/2020: 1% for Aug 2020 - Jan 2021). ``industry`` is the employer's KBLI code and ``workers`` its number
    of active participants: a labour-intensive industry pays half of its JKK for Feb 2025 - Jan 2026 (PP 7/2025 jo.
    PP 36/2025), both the part that stays JKK and the part recomposed into JKP.
    """
    tree = tree or default_tree()
    _check_amount(wage, "Upah", "wage")
    if isinstance(risk_class, bool) or risk_class not in RISK_CLASSES:
        raise RulesError(
            f"Kelompok risiko harus 1 sampai 5, bukan {risk_class!r}.",
            f"The risk class must be 1 to 5, not {risk_class!r}.",
        )
    chosen = _programmes(programmes, PROGRAMMES, "PU")
    from_jkm = _jkp_from_jkm(chosen, on, tree) if "JKP" in chosen else None
    share, relief, detail = _relief(tree, on)
    jkk_relief = _jkk_relief((share, relief, detail), _industry_relief(tree, on, industry, workers))
    items: list[Item] = []
    if "JKK" in chosen:
        jkk_share, jkk_sources, jkk_detail = jkk_relief
        table = tree.value("pu/jkk/rate_by_risk_class", on=on)
        key = str(risk_class)
        rate = Decimal(table.lookup(key))
        sources: tuple[Source, ...] = (Source.of(table, key),)
        if "JKP" in chosen:
            recomposed = tree.value("pu/jkp/recomposed_from_jkk_rate", on=on)
            rate -= Decimal(recomposed.scalar())
            sources = (*sources, Source.of(recomposed))
        items.append(
            Item(
                "JKK",
                "jkk",
                "employer",
                _amount(wage, rate * jkk_share),
                wage,
                (*sources, *jkk_sources),
                jkk_detail,
            )
        )
    if "JKM" in chosen:
        jkm = tree.value("pu/jkm/rate", on=on)
        jkm_rate = Decimal(jkm.scalar())
        jkm_sources: tuple[Source, ...] = (Source.of(jkm), *relief)
        if from_jkm is not None:
            jkm_rate -= Decimal(from_jkm.scalar())
            jkm_sources = (*jkm_sources, Source.of(from_jkm))
        items.append(
            Item("JKM", "jkm", "employer", _amount(wage, jkm_rate * share), wage, jkm_sources, detail)
        )
    if "JHT" in chosen:
        for payer, name in _shares("jht"):
            used = tree.value(name, on=on)
            amount = _amount(wage, Decimal(used.scalar()))
            items.append(Item("JHT", "jht", payer, amount, wage, (Source.of(used),)))
    if "JP" in chosen:
        cap = tree.value("pu/jp/wage_cap", on=on)
        basis = min(wage, int(cap.scalar()))
        for payer, name in _shares("jp"):
            used = tree.value(name, on=on)
            amount = _amount(basis, Decimal(used.scalar()))
            items.append(Item("JP", "jp", payer, amount, basis, (Source.of(used), Source.of(cap))))
    if "JKP" in chosen:
        items.extend(_jkp_items(wage, from_jkm, on, tree, jkk_relief))
    return Contribution("PU", on, wage, chosen, tuple(items), risk_class)


def _jkk_relief(general: Relief, industry: Relief) -> Relief:
    """The share of JKK payable under both reliefs (they never overlap in time), their sources and details."""
    return (
        general[0] * industry[0],
        (*general[1], *industry[1]),
        "; ".join(detail for detail in (general[2], industry[2]) if detail),
    )


def _industry_relief(tree: ParameterTree, on: dt.date, industry: str | None, workers: int | None) -> Relief:
    """The labour-intensive JKK relief (PP 7/2025 jo. PP 36/2025) for an employer of KBLI ``industry`` with
    ``workers`` active participants: share 1 and no source when the industry or the date is outside it; share 1
    with the industry's source and the reason when the employer has too few workers."""
    if industry is None:
        return Decimal(1), (), ""
    code = industry.strip()
    if not (code.isdigit() and 2 <= len(code) <= 5):
        raise RulesError(
            f"Industri harus kode KBLI 2020 (2 sampai 5 angka), bukan {industry!r}.",
            f"The industry must be a KBLI 2020 code (2 to 5 digits), not {industry!r}.",
        )
    share, sources, detail = _relief(tree, on, LABOUR_INTENSIVE)
    if share == 1:
        return share, (), ""
    table = tree.value(LABOUR_INTENSIVE_INDUSTRIES, on=on)
    assert isinstance(table.value, dict)  # a table by KBLI prefix (parameter file)
    keys = [key for key in table.value if code.startswith(key)]
    if not keys:
        return Decimal(1), (), ""
    key = max(keys, key=len)
    minimum = int(table.lookup(key))
    industry_source = Source.of(table, key)
    if workers is None:
        raise RulesError(
            f"KBLI {code} termasuk industri padat karya ({table.reference.split(' (')[0]}): keringanan iuran JKK "
            f"mensyaratkan paling sedikit {minimum} pekerja peserta aktif; sebutkan jumlah pekerja pemberi kerja.",
            f"KBLI {code} is a labour-intensive industry ({table.reference.split(' (')[0]}): the JKK relief needs "
            f"at least {minimum} active participants; give the employer's number of workers.",
        )
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise RulesError(
            f"Jumlah pekerja harus bilangan bulat nol atau lebih, bukan {workers!r}.",
            f"The number of workers must be a whole number, zero or more, not {workers!r}.",
        )
    if workers < minimum:
        reason = f"tanpa keringanan padat karya: {workers} pekerja, kurang dari {minimum} (KBLI {key})"
        return Decimal(1), (industry_source,), reason
    return share, (*sources, industry_source), f"{detail}, industri padat karya KBLI {key}"


def _jkp_from_jkm(chosen: tuple[str, ...], on: dt.date, tree: ParameterTree) -> ParameterValue | None:
    """Check that JKP can be computed ``on`` with the chosen programmes; return the part recomposed out of JKM
    (PP 37/2021 Pasal 11, 0.10 % until PP 6/2025), or None when no part of JKM goes to JKP."""
    start = tree.get("pu/jkp/government_rate").values[0].start
    if on < start:
        raise RulesError(
            f"JKP belum ada sebelum {start.isoformat()} (PP 37/2021).",
            f"JKP did not exist before {start.isoformat()} (PP 37/2021).",
        )
    if "JKK" not in chosen:
        raise RulesError(
            "JKP memerlukan JKK: sebagian iurannya direkomposisi dari iuran JKK.",
            "JKP needs JKK: part of its contribution is recomposed out of the JKK contribution.",
        )
    from_jkm = tree.value("pu/jkp/recomposed_from_jkm_rate", on=on)
    if not Decimal(from_jkm.scalar()):
        return None
    if "JKM" not in chosen:
        raise RulesError(
            f"Pada {on.isoformat()} JKP memerlukan JKM: sebagian iurannya direkomposisi dari iuran JKM "
            f"({from_jkm.reference}).",
            f"On {on.isoformat()} JKP needs JKM: part of its contribution is recomposed out of the JKM "
            f"contribution ({from_jkm.reference}).",
        )
    return from_jkm


def _jkp_items(
    wage: int, from_jkm: ParameterValue | None, on: dt.date, tree: ParameterTree, jkk_relief: Relief
) -> list[Item]:
    """The JKP items: the government's share and the parts recomposed out of the employer's JKK (and JKM).

    The part recomposed out of JKK is paid at the JKK relief's share, like the part that stays JKK: a relief on JKK
    (PP 7/2025 Pasal 4 ayat (2)) cuts the full JKK rate, before recomposition."""
    government = tree.value("pu/jkp/government_rate", on=on)
    from_jkk = tree.value("pu/jkp/recomposed_from_jkk_rate", on=on)
    share, relief, detail = jkk_relief
    items = [
        Item(
            "JKP",
            "jkp_government",
            "government",
            _amount(wage, Decimal(government.scalar())),
            wage,
            (Source.of(government),),
        ),
        Item(
            "JKP",
            "jkp_recomposed_from_jkk",
            "employer",
            _amount(wage, Decimal(from_jkk.scalar()) * share),
            wage,
            (Source.of(from_jkk), *relief),
            detail,
        ),
    ]
    if from_jkm is not None:
        items.append(
            Item(
                "JKP",
                "jkp_recomposed_from_jkm",
                "employer",
                _amount(wage, Decimal(from_jkm.scalar())),
                wage,
                (Source.of(from_jkm),),
            )
        )
    return items


def lowest_bpu_contribution(
    *, on: dt.date, payer: str | None = None, sector: str | None = None, tree: ParameterTree | None = None
) -> Contribution:
    """JKK + JKM at the lowest BPU income basis in force ``on``: the monthly cost per vulnerable worker every
    Pemda budget quotes (Rp 16,800 since PP 82/2019's amounts; BRIEF §3), for ``payer`` and ``sector`` as in
    ``bpu_contribution``."""
    tree = tree or default_tree()
    lowest = int(tree.value("bpu/income_basis/minimum", on=on).scalar())
    return bpu_contribution(
        income=lowest, programmes=("JKK", "JKM"), on=on, payer=payer, sector=sector, tree=tree
    )
