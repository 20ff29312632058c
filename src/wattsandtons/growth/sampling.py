"""Drawing ensemble members: every uncertain parameter sampled from a seeded ``numpy.random.Generator``.

Determinism: the whole member × parameter matrix is drawn up front, each parameter from its own stream
``SeedSequence([seed, crc32(name)])`` — so the same seed gives the same numbers whatever the chunking (local or on a
Dask cluster), and adding a parameter to a scenario does not change the draws of the others.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from wattsandtons.scenario.model import Parameter, Scenario

#: Most members one ensemble may have (a limit, TIGER_STYLE): 10 million × a few dozen parameters fits in memory.
MAX_MEMBERS = 10_000_000


@dataclass(frozen=True)
class ParameterSample:
    """Values of the uncertain parameters for each member: ``values[m, k]`` is parameter ``names[k]`` (SI)."""

    names: tuple[str, ...]
    values: np.ndarray  # (members, parameters)

    @property
    def members(self) -> int:
        return int(self.values.shape[0])

    def chunk(self, start: int, stop: int) -> ParameterSample:
        return ParameterSample(self.names, self.values[start:stop])


def uncertain_parameters(scenario: Scenario) -> list[Parameter]:
    """The parameters that carry a distribution, in name order."""
    return sorted((p for p in scenario.parameters.values() if p.uncertain), key=lambda p: p.name)


def draw(parameter: Parameter, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` draws of one parameter (SI). Central values: uniform/triangular mode, normal mean, lognormal median."""
    c = parameter.central
    kind = parameter.distribution
    if kind == "uniform":
        assert parameter.low is not None and parameter.high is not None
        return rng.uniform(parameter.low, parameter.high, n)
    if kind == "triangular":
        assert parameter.low is not None and parameter.high is not None
        return rng.triangular(parameter.low, c, parameter.high, n)
    if kind == "normal":
        assert parameter.sd is not None
        return rng.normal(c, parameter.sd, n)
    if kind == "lognormal":
        assert parameter.sigma is not None
        return c * np.exp(parameter.sigma * rng.standard_normal(n))
    raise AssertionError(f"parameter {parameter.name} has no distribution")


def sample_parameters(scenario: Scenario, members: int, seed: int) -> ParameterSample:
    """Draw ``members`` values of every uncertain parameter; a single member is the central (base) case."""
    if not 1 <= members <= MAX_MEMBERS:
        raise ValueError(f"members must be between 1 and {MAX_MEMBERS}, got {members}")
    if members == 1:
        return central_sample(scenario)
    params = uncertain_parameters(scenario)
    values = np.empty((members, len(params)))
    for k, param in enumerate(params):
        stream = np.random.default_rng(np.random.SeedSequence([seed, zlib.crc32(param.name.encode())]))
        values[:, k] = draw(param, members, stream)
    return ParameterSample(tuple(p.name for p in params), values)


def central_sample(scenario: Scenario, members: int = 1) -> ParameterSample:
    """Every member at the central values (a deterministic run)."""
    params = uncertain_parameters(scenario)
    values = np.tile([p.central for p in params], (members, 1)) if params else np.empty((members, 0))
    return ParameterSample(tuple(p.name for p in params), values)
