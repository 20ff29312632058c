"""Steady-state balance: activities, embodied intensities, statements, closure and EROI."""
