"""Is an estimate right? First by the candidate's own premises, then by the facts revealed.

"10M writes a month, so about 4 per second" is right whatever the scenario's number is: the
arithmetic follows from the premise. An estimate with no premise of its own is compared with
the scenario's value only when the facts it rests on were revealed; otherwise it is the
candidate's assumption, and challenging it would "correct" a number nobody gave them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from interviewer.observation import EstimateMention, Premise
from interviewer.quantities import SECONDS, Dim, unit_dimension
from knowledge.scenarios import EstimationFact, Scenario

# Conversions a candidate multiplies by without saying so (one at most per derivation).
_CONVERSIONS = [SECONDS["day"], SECONDS["month"], SECONDS["year"], 12.0, 30.0, 365.0]
RESTATED = 1.25  # the same figure again, within this factor, is never checked twice
PREMISE_TOLERANCE = 1.35


@dataclass(frozen=True)
class Verdict:
    ok: bool
    basis: str  # "premises", "facts", "scenario" or "assumption"
    premise: str = ""


_TIME_DIVISORS = {60.0, 3_600.0, 86_400.0, 2_592_000.0, 2_600_000.0, 31_536_000.0, 100_000.0, 1_000.0, 1_024.0, 8.0}


def _choices(premises: list[Premise], per_second: bool) -> list[tuple[list[float], bool]]:
    """Each premise's readings in base units, and whether the candidate may divide by it: only
    by spans of time and unit sizes (86,400 s, 1,024, 8 bits); a rate over another period may also
    be read per second."""
    out: list[tuple[list[float], bool]] = []
    for p in premises:
        if p.value <= 0:
            continue
        divisor = p.dim == Dim.DURATION.value or p.value in _TIME_DIVISORS
        if p.dim == Dim.PERCENT.value:
            out.append(([p.value / 100], False))
        elif per_second and p.per and p.per in SECONDS and p.per != "second":
            out.append(([p.value / SECONDS[p.per], p.value], False))
        else:
            out.append(([p.value], divisor))
    return out


def premise_supports(value: float, unit: str, premises: list[Premise], tolerance: float) -> bool:
    """True when `value` (in the quantity's unit) follows from at most three different premises,
    multiplied or divided, with at most one unstated conversion (days, months, years)."""
    dim, per, scale = unit_dimension(unit)
    target = value * scale
    choices = _choices(premises, per == "second")[-8:]
    if not choices or target <= 0:
        return False
    low, high = target / min(PREMISE_TOLERANCE, tolerance), target * min(PREMISE_TOLERANCE, tolerance)
    # A per-second figure comes from a rate's own period, never from dividing a count by a day.
    conversions = [1.0, *_CONVERSIONS, *(1 / c for c in _CONVERSIONS)] if dim in {Dim.BYTES, Dim.MONEY} else [1.0]
    for k in range(1, min(3, len(choices)) + 1):
        for group in itertools.combinations(choices, k):
            for readings in itertools.product(*(g[0] for g in group)):
                for signs in itertools.product((1, -1), repeat=k - 1):
                    if any(sign == -1 and not g[1] for sign, g in zip(signs, group[1:], strict=True)):
                        continue
                    product = readings[0]
                    for v, sign in zip(readings[1:], signs, strict=True):
                        product = product * v if sign == 1 else product / v
                    if any(low <= product * c <= high for c in conversions):
                        return True
    return False


def judge(
    mention: EstimateMention,
    estimate: EstimationFact,
    earlier: list[Premise],
    revealed: list[str],
    scenario: Scenario,
) -> Verdict:
    """Whether to accept an estimate, and on what basis."""
    if mention.consistent:
        return Verdict(True, "premises", mention.premise)
    if earlier and premise_supports(mention.value, estimate.unit, earlier, estimate.tolerance_factor):
        return Verdict(True, "premises", ", ".join(p.text for p in earlier[-3:]))
    if estimate.accepts(mention.value):
        return Verdict(True, "scenario")
    relevant = {f.id for f in scenario.facts if f.category.value in {"scale", "traffic", "read_write_ratio", "data"}}
    if mention.consistent is False or relevant & set(revealed):
        return Verdict(False, "premises" if mention.consistent is False else "facts", mention.premise)
    return Verdict(True, "assumption")
