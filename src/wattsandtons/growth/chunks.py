"""One chunk of ensemble members, start to finish: simulate on the internal grid, find milestones there, record.

A year or a quarter is simulated month by month (:data:`wattsandtons.growth.model.INTERNAL_STEP`); the milestone
years are found on that monthly grid and the paths are then recorded on the requested step: capacity at the start
of each recorded step, everything else as its mean over the step (demand met weighted by demand, conservation
residuals as their largest, the bottleneck of the last month). So ``--step`` changes what is written, not the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields

import numpy as np

from wattsandtons.growth.core import Paths, simulate_chunk
from wattsandtons.growth.model import Structure, build_coefficients
from wattsandtons.growth.results import milestone_years, to_dataset
from wattsandtons.growth.sampling import ParameterSample
from wattsandtons.physics.kardashev import kardashev, kardashev_power

#: Paths recorded as their largest value over a recorded step (the others, but capacity and those below, as means).
_LARGEST = ("energy_residual", "mass_residual", "process_mass_residual", "process_energy_residual")


def run_chunk(
    structure: Structure, sample: ParameterSample, progress: Callable[[int], None] | None = None
) -> tuple[Paths, np.ndarray]:
    """Paths of one chunk on the recorded step, and its members' milestone years (members, milestones)."""
    paths = simulate_chunk(structure, build_coefficients(structure, sample), progress)
    fine = to_dataset(structure, paths, sample, None)
    years = milestone_years(fine, structure)
    if structure.record_every == 1:
        return paths, years
    return record(paths, structure.record_every), years


def record(paths: Paths, k: int) -> Paths:
    """``paths`` on a step ``k`` times longer (see the module docstring)."""
    M, T = paths.demand_met.shape
    if T % k:
        raise ValueError(f"{T} steps do not fall into recorded steps of {k}")

    def blocks(a: np.ndarray) -> np.ndarray:
        return a.reshape(M, T // k, k, *a.shape[2:])

    out = {}
    for f in fields(Paths):
        a = getattr(paths, f.name)
        if (a.ndim >= 2 and a.shape[1] == 0) or f.name == "learning_clamped":  # not derived, or not in time
            out[f.name] = a
        elif f.name == "capacity":
            out[f.name] = a[:, ::k]
        elif f.name == "bottleneck":
            out[f.name] = a[:, k - 1 :: k]
        elif f.name in _LARGEST:
            out[f.name] = blocks(a).max(axis=2)
        elif f.name == "demand_met":  # delivered ÷ demanded over the step
            factor = blocks(paths.demand_factor)
            out[f.name] = (blocks(a) * factor).sum(axis=2) / factor.sum(axis=2)
        elif f.name == "utilisation":  # used ÷ available over the step
            cap = blocks(paths.mean_capacity)
            used = np.nansum(blocks(a) * cap, axis=2)
            total = np.where(np.isnan(blocks(a)), 0.0, cap).sum(axis=2)
            out[f.name] = np.divide(used, total, out=np.full_like(used, np.nan), where=total > 0)
        elif f.name == "kardashev":  # of the mean power: K = (log10 P − 6) / 10 (Sagan)
            out[f.name] = kardashev(np.mean(kardashev_power(blocks(a)), axis=2))
        else:
            out[f.name] = blocks(a).mean(axis=2)
    return Paths(**out)
