"""Watts & Tons: physical economics in watts and tonnes.

Five parts share one vocabulary (commodity, process, location, flow): the scenario model, the steady-state balance,
growth over time, hourly dispatch and a ledger kept in physical units.
"""

__version__ = "0.1.0"
