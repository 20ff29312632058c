"""Reports: Plotly figures with units and captions, written as self-contained HTML pages that open offline."""
