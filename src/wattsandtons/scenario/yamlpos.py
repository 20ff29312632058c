"""Located YAML for scenarios; the kernel is :mod:`wattsandtons.spec.located`.

Kept so that ``wattsandtons.scenario.yamlpos`` keeps working for dispatch until it imports from
:mod:`wattsandtons.spec` directly; raises :class:`~wattsandtons.scenario.errors.ScenarioError`.
"""

from __future__ import annotations

from wattsandtons.scenario.errors import ScenarioError
from wattsandtons.spec import located
from wattsandtons.spec.located import MAX_DEPTH, MAX_NODES, Located

__all__ = ["MAX_DEPTH", "MAX_NODES", "Located", "load_yaml"]


def load_yaml(text: str, file: str) -> Located:
    """:func:`wattsandtons.spec.located.load_yaml` raising :class:`ScenarioError`."""
    return located.load_yaml(text, file, error=ScenarioError, what="scenario")
