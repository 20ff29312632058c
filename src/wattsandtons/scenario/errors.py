"""The scenario language's error: located problems (the kernel is :mod:`wattsandtons.spec.errors`)."""

from __future__ import annotations

from wattsandtons.spec.errors import SpecError

__all__ = ["ScenarioError"]


class ScenarioError(SpecError):
    """A scenario that cannot be used; carries every problem found, each with its location."""
