"""Pydantic errors as located problems; moved to :mod:`wattsandtons.spec.pydantic` (kept for dispatch's imports)."""

from wattsandtons.spec.pydantic import pydantic_problems, titles_in

__all__ = ["pydantic_problems", "titles_in"]
