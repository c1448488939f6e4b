"""How an indicator's percentage is rounded: a number of decimals and a mode, part of its definition.

Offices do not all round the same way: Kab. Solok reports 54 of 74 nagari as 72.9 % (truncated), while
half-up rounding gives 73.0 %. The rule is therefore data (``rounding:`` in each definition file), and the
arithmetic is exact: integers only, then one ``Decimal`` built from the digits, never a float and never an
intermediate division that could round twice.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

RoundingMode = Literal["half_up", "truncate"]


class Rounding(BaseModel):
    """``decimals`` places after the point; ``half_up`` (5 goes up) or ``truncate`` (cut, as offices often do)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    decimals: int = Field(ge=0, le=6)
    mode: RoundingMode


def round_figure(numerator: int, denominator: int, rounding: Rounding) -> Decimal:
    """``numerator ÷ denominator × 100``, rounded by ``rounding``, as a Decimal with exactly that many places.

    A denominator of zero or less has no percentage: this raises ``ValueError`` (so does a negative
    numerator). Callers that may lack a denominator decide first and show "no figure" instead; see
    ``Definition.figure`` and ``ucj_percent``, which give ``None``. A numerator above the denominator is
    allowed (a stale published denominator can give more than 100 %).
    """
    if denominator <= 0:
        raise ValueError(f"penyebut harus lebih dari 0 (denominator must be above 0), got {denominator}")
    if numerator < 0:
        raise ValueError(f"pembilang tidak boleh negatif (numerator must not be negative), got {numerator}")
    scaled, remainder = divmod(numerator * 100 * 10**rounding.decimals, denominator)
    if rounding.mode == "half_up" and 2 * remainder >= denominator:
        scaled += 1
    return Decimal(f"{scaled}e-{rounding.decimals}")
