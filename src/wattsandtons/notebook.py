"""Notebook conveniences shared by the result types: short reprs, HTML tables, frames, datasets and figures.

:class:`NotebookMixin` gives a result class ``__repr__`` (one line), ``_repr_html_`` (a small table Jupyter
shows), and relies on the class's own ``to_frame()``, ``to_xarray()`` and ``plot()``. Nothing here is needed
outside a notebook; pandas is imported only when a table is drawn.
"""

from __future__ import annotations

import html
from typing import Any

__all__ = ["NotebookMixin", "html_table"]

MAX_ROWS = 20


def html_table(frame: Any, caption: str) -> str:
    """A frame as a compact HTML table (at most :data:`MAX_ROWS` rows) with a caption."""
    shown = frame.head(MAX_ROWS)
    more = len(frame) - len(shown)
    note = f"<p>… {more:,} more rows (<code>.to_frame()</code> has them all)</p>" if more > 0 else ""
    body = shown.to_html(float_format=lambda v: f"{v:.4g}", na_rep="", border=0, escape=True)
    return f"<p><b>{html.escape(caption)}</b></p>{body}{note}"


class NotebookMixin:
    """Short ``repr`` and ``_repr_html_`` from :meth:`_summary` and :meth:`to_frame` of the class."""

    def _summary(self) -> str:  # pragma: no cover - every user overrides it
        raise NotImplementedError

    def to_frame(self) -> Any:  # pragma: no cover - every user overrides it
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._summary()}>"

    def _repr_html_(self) -> str:
        return html_table(self.to_frame(), f"{type(self).__name__}: {self._summary()}")
