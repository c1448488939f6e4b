"""Which candidate each source may pay for: the earmarks applied to a frame of candidates."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from cakupan.funding.errors import FundingError
from cakupan.funding.sources import FundingSource, normalise_label

COLUMNS = ("region", "sector", "occupation", "decile")


def _label(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.String).str.replace_all(r"\s+", " ").str.strip_chars().str.to_lowercase()


def _condition(source: FundingSource) -> pl.Expr:
    earmark = source.earmark
    condition = pl.lit(True)
    if earmark.regions:
        codes = sorted(earmark.regions)
        region = pl.col("region").cast(pl.String)
        inside = region.is_in(codes)
        for code in codes:
            inside = inside | region.str.starts_with(code + ".")
        condition = condition & inside.fill_null(False)
    if earmark.sectors:
        sectors = sorted({normalise_label(s) for s in earmark.sectors})
        condition = condition & _label("sector").is_in(sectors).fill_null(False)
    if earmark.occupations:
        occupations = sorted({normalise_label(o) for o in earmark.occupations})
        condition = condition & _label("occupation").is_in(occupations).fill_null(False)
    if earmark.max_decile is not None:
        condition = condition & (pl.col("decile") <= earmark.max_decile).fill_null(False)
    return condition


def eligible_matrix(frame: pl.DataFrame, sources: Sequence[FundingSource]) -> np.ndarray:
    """Boolean (candidates × sources): True where the source's earmark admits the candidate.

    ``frame`` has ``region`` (desa code), ``sector``, ``occupation`` and ``decile`` (null: not in DTSEN, so no
    decile earmark admits the candidate). Labels compare without case and extra spaces.
    """
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise FundingError(
            f"Data calon penerima tidak punya kolom: {', '.join(missing)}.",
            f"The candidates' data lacks the columns: {', '.join(missing)}.",
            "frame",
        )
    if not sources:
        return np.zeros((frame.height, 0), dtype=np.bool_)
    names = [f"__source_{j}" for j in range(len(sources))]
    flags = frame.with_columns(_condition(s).alias(n) for n, s in zip(names, sources, strict=True))
    matrix = flags.select(names).to_numpy().astype(np.bool_, copy=False)
    return matrix.reshape(frame.height, len(sources))
