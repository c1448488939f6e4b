"""What a person costs a source when PP 50/2025's discount depends on who pays and on the sector group: the cost
per source and group, the reason shown, and the optimiser buying more cover where a source pays less
(proven against brute force with costs that differ by group)."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cakupan.funding import FundingSource, SourceKind, greedy, optimise
from cakupan.funding.costs import (
    parse_sector_groups,
    priced,
    pricing,
    sector_group,
    sector_group_names,
    sector_groups,
)
from cakupan.funding.errors import FundingError
from cakupan.funding.sources import PAYER_OF
from cakupan.rules import PAYER_KINDS
from cakupan.rules.loader import default_tree

JANUARY_2026 = dt.date(2026, 1, 1)
BASIS = {"income": 1_000_000, "programmes": ("JKK", "JKM")}


def test_every_source_kind_is_a_payer_kind_of_the_rules() -> None:
    assert set(PAYER_OF) == set(SourceKind)
    assert set(PAYER_OF.values()) <= set(PAYER_KINDS)


def test_sector_groups_are_the_groups_of_the_discount_parameter() -> None:
    table = default_tree().value("relief/bpu_jkk_jkm_pp50_2025", on=dt.date(2026, 5, 1)).value
    assert isinstance(table, dict) and set(sector_group_names()) == set(table)
    assert sector_group(" pengemudi  OJEK ") == sector_group("Sopir") == "transportasi"
    assert sector_group("Pedagang") == sector_group("") == sector_group(None) == "lainnya"
    assert sector_groups(["Kurir", "Petani/Pekebun"]).tolist() == ["transportasi", "lainnya"]


@pytest.mark.parametrize(
    ("kind", "transport", "other", "reason"),
    [
        # 12 × 8,400 = 100,800; other sectors 3 × 16,800 (Jan–Mar) + 9 × 8,400 (Apr–Dec) = 126,000
        (SourceKind.CSR, 100_800, 126_000, "diskon 50% PP 50/2025: transportasi 12 bulan, lainnya 9 bulan"),
        (SourceKind.BAZNAS, 100_800, 126_000, "diskon 50% PP 50/2025"),
        (SourceKind.APB_NAGARI, 100_800, 126_000, "APB Nagari bukan APBD, UNVERIFIED"),
        # 12 × 16,800 = 201,600: APBD (and DBH Sawit, spent through the APBD) get no discount
        (SourceKind.APBD_KABKOTA, 201_600, 201_600, "dibayar APBD kabupaten/kota: tanpa diskon PP 50/2025"),
        (SourceKind.APBD_PROVINSI, 201_600, 201_600, "tanpa diskon PP 50/2025"),
        (SourceKind.DBH_SAWIT, 201_600, 201_600, "dibelanjakan melalui APBD, UNVERIFIED"),
    ],
)
def test_a_year_of_cover_from_january_2026_costs_what_the_source_really_pays(
    kind: SourceKind, transport: int, other: int, reason: str
) -> None:
    found = pricing(kind, start=JANUARY_2026, months=12, **BASIS)
    assert (found.cost_for("transportasi"), found.cost_for("lainnya")) == (transport, other)
    assert sum(found.undiscounted) == 201_600
    assert reason in found.reason().id and found.reason().en


def test_cover_outside_the_discount_is_the_full_contribution() -> None:
    found = pricing(SourceKind.CSR, start=dt.date(2027, 6, 15), months=6, **BASIS)
    assert found.cost_for("transportasi") == found.cost_for("lainnya") == 6 * 16_800
    assert "iuran penuh" in found.reason().id


def _source(kind: SourceKind, budget: int) -> FundingSource:
    return FundingSource(kind.value, kind, kind.value, 2026, budget, 12, 16_800)


def test_a_discounted_source_buys_more_cover_than_the_apbd_with_the_same_budget() -> None:
    csr, _ = priced(_source(SourceKind.CSR, 1_008_000), start=JANUARY_2026, **BASIS)
    apbd, _ = priced(_source(SourceKind.APBD_KABKOTA, 1_008_000), start=JANUARY_2026, **BASIS)
    n = 20
    groups = sector_groups(["Pengemudi Ojek"] * n)
    weights, eligible = np.ones(n, dtype=np.int64), np.ones((n, 1), dtype=np.bool_)
    alone_csr = optimise(weights=weights, eligible=eligible, sources=[csr], groups=groups)
    alone_apbd = optimise(weights=weights, eligible=eligible, sources=[apbd], groups=groups)
    assert (alone_csr.persons, alone_csr.sources[0].cost) == (10, 1_008_000)  # 10 × 100,800
    assert (alone_apbd.persons, alone_apbd.sources[0].cost) == (5, 1_008_000)  # 5 × 201,600
    assert greedy(weights=weights, eligible=eligible, sources=[csr], groups=groups).persons == 10


def test_cheaper_workers_of_one_source_are_not_left_out_for_one_dearer_one() -> None:
    # Budget 226,800 at a CSR: one transport worker (100,800) + one other (126,000) fit; two others do not.
    csr, _ = priced(_source(SourceKind.CSR, 226_800), start=JANUARY_2026, **BASIS)
    groups = sector_groups(["Pedagang", "Pedagang", "Sopir"])
    weights, eligible = np.array([3, 2, 1], dtype=np.int64), np.ones((3, 1), dtype=np.bool_)
    best = optimise(weights=weights, eligible=eligible, sources=[csr], groups=groups)
    assert best.assigned.tolist() == [0, -1, 0] and best.sources[0].cost == 226_800
    # the greedy takes the heaviest first, skips the one that no longer fits and still funds the cheaper one
    assert greedy(weights=weights, eligible=eligible, sources=[csr], groups=groups).assigned.tolist() == [
        0,
        -1,
        0,
    ]


def _brute_force(
    weights: np.ndarray, eligible: np.ndarray, sources: list[FundingSource], groups: np.ndarray
) -> int:
    n, m = eligible.shape
    best = 0
    for choice in itertools.product(range(-1, m), repeat=n):
        spent = [0] * m
        value = 0
        for i, j in enumerate(choice):
            if j < 0:
                continue
            if not eligible[i, j]:
                break
            spent[j] += sources[j].cost_for(str(groups[i]))
            value += int(weights[i]) * sources[j].months
        else:
            if all(spent[j] <= sources[j].budget for j in range(m)):
                best = max(best, value)
    return best


@st.composite
def priced_instances(
    draw: st.DrawFn,
) -> tuple[np.ndarray, np.ndarray, list[FundingSource], np.ndarray]:
    n, m = draw(st.integers(0, 6)), draw(st.integers(1, 3))
    weights = np.array(draw(st.lists(st.integers(0, 6), min_size=n, max_size=n)), dtype=np.int64)
    eligible = np.array(draw(st.lists(st.booleans(), min_size=n * m, max_size=n * m)), dtype=np.bool_)
    groups = np.array(draw(st.lists(st.sampled_from(["a", "b"]), min_size=n, max_size=n)), dtype=str)
    sources = []
    for j in range(m):
        months = draw(st.integers(1, 12))
        cost_a, cost_b = draw(st.integers(1, 5)), draw(st.integers(1, 5))
        budget = draw(st.integers(0, 20))
        sources.append(
            FundingSource(
                f"s{j}",
                SourceKind.CSR,
                f"S{j}",
                2026,
                budget,
                months,
                5,
                costs=(("a", cost_a), ("b", cost_b)),
            )
        )
    return weights, eligible.reshape(n, m), sources, groups


@settings(max_examples=150, deadline=None)
@given(priced_instances())
def test_optimise_equals_brute_force_when_costs_differ_by_group(
    instance: tuple[np.ndarray, np.ndarray, list[FundingSource], np.ndarray],
) -> None:
    weights, eligible, sources, groups = instance
    best = optimise(weights=weights, eligible=eligible, sources=sources, groups=groups)
    assert best.method == "milp" and best.proven_optimal
    assert best.objective == _brute_force(weights, eligible, sources, groups)
    for j, (source, result) in enumerate(zip(sources, best.sources, strict=True)):
        paid = sum(source.cost_for(str(g)) for g in groups[best.assigned == j])
        assert result.cost == paid <= source.budget and result.unspent == source.budget - paid
    assert all(eligible[i, j] for i, j in enumerate(best.assigned) if j >= 0)
    baseline = greedy(weights=weights, eligible=eligible, sources=sources, groups=groups)
    assert baseline.objective <= best.objective
    assert all(r.cost <= s.budget for s, r in zip(sources, baseline.sources, strict=True))


def _greedy_loop(
    weights: np.ndarray, eligible: np.ndarray, sources: list[FundingSource], groups: np.ndarray
) -> list[int]:
    """The greedy one candidate at a time: to the eligible source giving the most months whose budget still pays."""
    left = [s.budget for s in sources]
    assigned = [-1] * len(weights)
    for i in sorted(range(len(weights)), key=lambda i: -int(weights[i])):
        price = [s.cost_for(str(groups[i])) for s in sources]
        options = [j for j in range(len(sources)) if eligible[i, j] and price[j] <= left[j]]
        if options:
            chosen = max(options, key=lambda j: (sources[j].months, -j))
            assigned[i] = chosen
            left[chosen] -= price[chosen]
    return assigned


@settings(max_examples=150, deadline=None)
@given(priced_instances())
def test_greedy_hands_out_what_the_one_at_a_time_loop_does_when_costs_differ(
    instance: tuple[np.ndarray, np.ndarray, list[FundingSource], np.ndarray],
) -> None:
    weights, eligible, sources, groups = instance
    found = greedy(weights=weights, eligible=eligible, sources=sources, groups=groups)
    assert found.assigned.tolist() == _greedy_loop(weights, eligible, sources, groups)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("source: abc\ndefault: lainnya\ngroup:\n  transportasi: [Sopir]\n", "group"),  # a typo
        (
            "source: abc\ndefault: lainnya\ngroups:\n  transportasi: Sopir\n",
            "groups.transportasi",
        ),  # not a list
        ("source: abc\ngroups:\n  transportasi: [Sopir]\n", "default"),  # missing
    ],
)
def test_a_broken_sector_groups_file_is_refused_naming_the_key(text: str, key: str) -> None:
    with pytest.raises(FundingError) as caught:
        parse_sector_groups(text, file="sector_groups.yaml")
    assert f"sector_groups.yaml, kunci {key}" in str(caught.value)
