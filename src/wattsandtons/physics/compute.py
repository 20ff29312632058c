"""Energy of computation: FLOP per joule, facility overhead (PUE), the Landauer limit, technology options."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from wattsandtons.physics._validate import (
    FloatOrArray,
    PhysicsError,
    at_least,
    non_negative,
    positive,
    scalar_or_array,
)
from wattsandtons.physics.reference import (
    BOLTZMANN,
    EXTROPIC_RELATIVE_EFFICIENCY,
    GB200_NVL72_BF16_DENSE,
    GB200_NVL72_POWER,
    H100_SXM_BF16_DENSE,
    H100_SXM_POWER,
    Reference,
)

__all__ = [
    "TECHNOLOGIES",
    "Technology",
    "facility_power",
    "flop_per_joule",
    "landauer_limit",
    "relative_to_landauer",
    "technology_flop_per_joule",
]


def flop_per_joule(flops: npt.ArrayLike, power_w: npt.ArrayLike, pue: npt.ArrayLike = 1.0) -> FloatOrArray:
    """Computational energy efficiency: ``FLOP/s ÷ (P · PUE)``.

    Parameters
    ----------
    flops : float or array
        Throughput, ≥ 0. [FLOP/s]
    power_w : float or array
        Power drawn by the device (IT power), > 0. [W]
    pue : float or array
        Power usage effectiveness of the facility, ≥ 1; 1 counts the device alone. [1]

    Returns
    -------
    float or array
        Operations per joule of facility energy. [FLOP/J]

    Raises
    ------
    PhysicsError
        If ``flops`` is negative, ``power_w`` not > 0 or ``pue`` below 1.

    Notes
    -----
    H100 SXM, dense BF16 at TDP: 989.4e12 / 700 = 1.41e12 FLOP/J (chip only).

    References
    ----------
    .. [1] NVIDIA H100 Tensor Core GPU datasheet,
       https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet.
    .. [2] The Green Grid (2007), "The Green Grid data center power efficiency metrics: PUE and DCiE",
       White Paper 6; ISO/IEC 30134-2:2016.
    """
    f = non_negative("flops", flops, "FLOP/s")
    p = positive("power_w", power_w, "W")
    return scalar_or_array(f / facility_power(p, pue))


def facility_power(it_power_w: npt.ArrayLike, pue: npt.ArrayLike) -> FloatOrArray:
    """Total facility power from IT power: ``P_IT · PUE``.

    Parameters
    ----------
    it_power_w : float or array
        Power delivered to IT equipment, ≥ 0. [W]
    pue : float or array
        Power usage effectiveness, total facility power over IT power, ≥ 1. [1]

    Returns
    -------
    float or array
        Facility power, cooling and power conditioning included. [W]

    Raises
    ------
    PhysicsError
        If ``it_power_w`` is negative or ``pue`` below 1.

    References
    ----------
    .. [1] ISO/IEC 30134-2:2016, *Key performance indicators — Part 2: Power usage effectiveness (PUE)*.
    .. [2] Uptime Institute Global Data Center Survey 2024 (average PUE 1.56).
    """
    p = non_negative("it_power_w", it_power_w, "W")
    k = at_least("pue", pue, 1.0)
    return scalar_or_array(p * k)


def landauer_limit(temperature_k: npt.ArrayLike) -> FloatOrArray:
    """Minimum heat dissipated to erase one bit at temperature T: ``k_B T ln 2``.

    Parameters
    ----------
    temperature_k : float or array
        Temperature of the environment the heat goes to, > 0. [K]

    Returns
    -------
    float or array
        Energy per bit erased; 2.87e-21 J at 300 K. [J]

    Raises
    ------
    PhysicsError
        If ``temperature_k`` is not > 0.

    References
    ----------
    .. [1] Landauer, R. (1961), "Irreversibility and heat generation in the computing process", IBM Journal of
       Research and Development 5(3), 183–191, doi:10.1147/rd.53.0183.
    .. [2] Bérut, A. et al. (2012), "Experimental verification of Landauer's principle linking information and
       thermodynamics", Nature 483, 187–189, doi:10.1038/nature10872.
    """
    t = positive("temperature_k", temperature_k, "K")
    return scalar_or_array(BOLTZMANN.value * t * np.log(2.0))


def relative_to_landauer(flop_per_j: npt.ArrayLike, temperature_k: npt.ArrayLike = 300.0) -> FloatOrArray:
    """Landauer bit-erasures the energy of one operation would pay for: ``(1 / FLOP_per_J) / (k T ln 2)``.

    Assumption: a floating-point operation is compared with the erasure of a single bit. A real FLOP erases
    many bits (a BF16 multiply-add overwrites tens of bits of state), so this ratio overstates how far a
    device is from *its* thermodynamic floor; it is a yardstick across technologies, not a bound on any one
    of them. Reversible computing is not limited by Landauer at all.

    Parameters
    ----------
    flop_per_j : float or array
        Device efficiency, e.g. from :func:`flop_per_joule`, > 0. [FLOP/J]
    temperature_k : float or array
        Temperature at which heat is rejected, > 0; 300 K by default. [K]

    Returns
    -------
    float or array
        Energy per operation in units of ``k T ln 2``; about 2.5e8 for an H100 at TDP. [1]

    Raises
    ------
    PhysicsError
        If ``flop_per_j`` or ``temperature_k`` is not > 0.

    References
    ----------
    .. [1] Landauer, R. (1961), IBM J. Res. Dev. 5(3), 183–191, doi:10.1147/rd.53.0183.
    """
    eff = positive("flop_per_j", flop_per_j, "FLOP/J")
    return scalar_or_array(1.0 / (eff * landauer_limit(temperature_k)))


@dataclass(frozen=True)
class Technology:
    """A compute technology as the loop sees it.

    Either absolute (``flop_per_s`` and ``power_w``) or only relative (``relative_efficiency``: useful work
    per joule as a multiple of ``baseline``'s, for a named task); never one invented from the other.
    """

    name: str
    evidence: str
    flop_per_s: Reference | None = None
    power_w: Reference | None = None
    relative_efficiency: Reference | None = None
    baseline: str | None = None


#: Compute options, by key. The thermodynamic sampler carries no joules: only Extropic's simulated ratio.
TECHNOLOGIES: dict[str, Technology] = {
    "h100_bf16_dense": Technology(
        name="NVIDIA H100 SXM, dense BF16, at TDP (chip only)",
        evidence="vendor datasheet",
        flop_per_s=H100_SXM_BF16_DENSE,
        power_w=H100_SXM_POWER,
    ),
    "gb200_nvl72_bf16_dense": Technology(
        name="NVIDIA GB200 NVL72 rack, dense BF16 (72 GPUs, 36 CPUs, switches)",
        evidence="vendor specification; rack power from press reports",
        flop_per_s=GB200_NVL72_BF16_DENSE,
        power_w=GB200_NVL72_POWER,
    ),
    "thermodynamic_sampler": Technology(
        name="Extropic thermodynamic sampling unit (denoising thermodynamic model)",
        evidence="simulated, not hardware-witnessed; vendor claim",
        relative_efficiency=EXTROPIC_RELATIVE_EFFICIENCY,
        baseline="GPU on the same image-generation task (binarized Fashion-MNIST, equal FID)",
    ),
}


def technology_flop_per_joule(key: str, pue: npt.ArrayLike = 1.0) -> FloatOrArray:
    """FLOP per joule of a technology in :data:`TECHNOLOGIES` that has absolute figures.

    Parameters
    ----------
    key : str
        Key in :data:`TECHNOLOGIES`, e.g. ``"h100_bf16_dense"``.
    pue : float or array
        Facility PUE, ≥ 1. [1]

    Returns
    -------
    float or array
        Operations per joule of facility energy. [FLOP/J]

    Raises
    ------
    PhysicsError
        If ``key`` is unknown, or the technology is described only relative to a baseline (no joules).

    References
    ----------
    .. [1] See the ``source`` of each technology's :class:`~wattsandtons.physics.reference.Reference`.
    """
    try:
        tech = TECHNOLOGIES[key]
    except KeyError:
        raise PhysicsError(f"key must be one of {', '.join(TECHNOLOGIES)}; got {key!r}") from None
    if tech.flop_per_s is None or tech.power_w is None:
        ratio = (
            f"{tech.relative_efficiency.value:g}x"
            if tech.relative_efficiency is not None
            else "a multiple of"
        )
        raise PhysicsError(
            f"technology {key!r} has no absolute FLOP/J: it is described only as {ratio} the energy "
            f"efficiency of {tech.baseline} ({tech.evidence})"
        )
    return flop_per_joule(tech.flop_per_s.value, tech.power_w.value, pue)
