"""Agreement statistics for the evals: Krippendorff's alpha with the ordinal metric.

Used on the LLM judge's repeated runs: each (transcript, dimension) is a unit and each run
is a coder. Alpha is 1 for perfect agreement, 0 for agreement at chance level, and can be
negative. Missing values (a run that gave no valid verdict) are allowed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import permutations


def krippendorff_alpha_ordinal(units: Sequence[Sequence[float | None]]) -> float | None:
    """Alpha over `units`, each the values the coders gave it (None = missing).

    Units with fewer than two values are not pairable and are left out. Returns None when
    nothing is pairable or every value is the same (alpha is undefined there).
    """
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [unit for unit in pairable if len(unit) >= 2]
    if not pairable:
        return None
    # Coincidences: every ordered pair of values within a unit, weighted 1/(m_u - 1).
    coincidence: dict[tuple[float, float], float] = defaultdict(float)
    for unit in pairable:
        weight = 1.0 / (len(unit) - 1)
        for a, b in permutations(unit, 2):
            coincidence[(a, b)] += weight
    values = sorted({v for unit in pairable for v in unit})
    if len(values) < 2:
        return None
    totals = {v: sum(w for (a, _), w in coincidence.items() if a == v) for v in values}
    n = sum(totals.values())
    index = {v: i for i, v in enumerate(values)}

    def delta(c: float, k: float) -> float:
        lo, hi = sorted((index[c], index[k]))
        between = sum(totals[values[g]] for g in range(lo, hi + 1))
        return (between - (totals[c] + totals[k]) / 2) ** 2

    observed = sum(w * delta(a, b) for (a, b), w in coincidence.items())
    expected = sum(totals[c] * totals[k] * delta(c, k) for c in values for k in values)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected
