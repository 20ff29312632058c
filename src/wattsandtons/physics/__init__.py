"""Physics of the space loop: pvlib-style pure functions on SI floats and NumPy arrays.

Modules
-------
reference
    Sourced default parameters (:class:`~wattsandtons.physics.reference.Reference`: value in SI, unit, source,
    low/high, note).
solar
    Solar flux with distance, eclipses, β angles and year-average sunlit fractions over an orbit's seasons, array
    power, specific power and annual energy.
thermal
    Radiated flux, view factor to the Earth, sink temperature, fin efficiency, radiator area and mass, coolant
    loop (Stefan–Boltzmann).
launch
    Rocket equation, propellant energy per kg of payload, Wright's-law launch cost, Starship defaults.
massdriver
    Escape velocity (lunar default), mass-driver energy and power.
compute
    FLOP per joule, facility power (PUE), the Landauer limit, compute technology options.
kardashev
    Sagan's Kardashev index and its inverse.
datacentre
    Earth versus orbit datacentre comparison in mass, launches, energy and full cost, with the break-even
    launch price.
tco
    Itemised total cost of ownership of both sites (money, for comparison only).

Every function validates its arguments and raises :class:`PhysicsError` (a :class:`ValueError`) naming the
argument when a value is physically impossible. Units live at the edges of the app, never in here.
"""

from __future__ import annotations

from wattsandtons.physics import (
    compute,
    datacentre,
    kardashev,
    launch,
    massdriver,
    reference,
    solar,
    tco,
    thermal,
)
from wattsandtons.physics._validate import PhysicsError

__all__ = [
    "PhysicsError",
    "compute",
    "datacentre",
    "kardashev",
    "launch",
    "massdriver",
    "reference",
    "solar",
    "tco",
    "thermal",
]
