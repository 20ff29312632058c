"""Located problems in a scenario and the error that carries them (the kernel is :mod:`wattsandtons.spec.errors`)."""

from __future__ import annotations

from wattsandtons.spec.errors import Path, Problem, SpecError, dotted

__all__ = ["Path", "Problem", "ScenarioError", "dotted"]


class ScenarioError(SpecError):
    """A scenario (or site spec) that cannot be used; carries every problem found, each with its location."""
