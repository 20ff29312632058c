"""Self-contained HTML reports: plotly.js is embedded from the installed package (no CDN; opens offline)."""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from wattsandtons import __version__
from wattsandtons.balance import Balance
from wattsandtons.growth import Trajectory
from wattsandtons.report import figures

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
p.caption { color: #555; font-size: 0.92rem; margin-top: 0.2rem; }
table { border-collapse: collapse; font-size: 0.88rem; margin: 0.6rem 0; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25rem 0.6rem; text-align: left; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.verdict { font-weight: 600; padding: 0.5rem 0.8rem; background: #f3f7f3; border-left: 4px solid #2ca02c; }
.meta { color: #777; font-size: 0.8rem; }
"""


@dataclass(frozen=True)
class Section:
    """A heading with a figure or a table (or a paragraph) and a caption saying what it shows."""

    heading: str
    caption: str
    figure: go.Figure | None = None
    table: pd.DataFrame | None = None
    paragraph: str | None = None


def _table_html(table: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in table.columns)
    body = []
    for row in table.itertuples(index=False):
        cells = []
        for value in row:
            text = html.escape(str(value))
            numeric = text[:1].isdigit() or text[:1] in "-−"
            cells.append(f'<td class="num">{text}</td>' if numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render(title: str, subtitle: str, sections: list[Section]) -> str:
    """The page as one HTML string (about 4 MB: plotly.js is inlined once)."""
    parts = []
    for k, section in enumerate(sections):
        parts.append(f"<section><h2>{html.escape(section.heading)}</h2>")
        if section.paragraph is not None:
            parts.append(f'<p class="verdict">{html.escape(section.paragraph)}</p>')
        if section.figure is not None:
            parts.append(
                section.figure.to_html(full_html=False, include_plotlyjs=False, div_id=f"figure-{k}")
            )
        if section.table is not None:
            parts.append(_table_html(section.table))
        parts.append(f'<p class="caption">{html.escape(section.caption)}</p></section>')
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style>"
        f"<script type='text/javascript'>{get_plotlyjs()}</script></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(subtitle)}</p>{''.join(parts)}"
        f"<p class='meta'>Watts &amp; Tons {__version__}, written {stamp}. All figures in SI-derived units; "
        "every input carries its source in the scenario file.</p></body></html>"
    )


def balance_sections(balance: Balance) -> list[Section]:
    energy, energy_caption = figures.sankey(balance, "energy")
    mass, mass_caption = figures.sankey(balance, "mass")
    intensities = balance.intensities()
    return [
        Section(
            "Verdict",
            "Closure: whether the loop makes everything it uses; open inputs ranked by what they carry.",
            paragraph=balance.verdict,
        ),
        Section("Energy flows", energy_caption, figure=energy),
        Section("Mass flows", mass_caption, figure=mass),
        Section(
            "Energy statement",
            "Inflows and outflows of energy per year; the residual is computed, not assumed.",
            table=figures.statement_table(balance, "loop.energy"),
        ),
        Section(
            "Mass statement",
            "Resources drawn and imports against products, capital stock and waste per year.",
            table=figures.statement_table(balance, "loop.mass"),
        ),
        Section(
            "Embodied intensities",
            "Primary energy and mass drawn across the boundary per SI unit of each commodity, whole supply chain, capital included.",
            table=intensities[["node", "role", "unit", "energy_J_per_unit", "mass_kg_per_unit"]]
            .rename(
                columns={
                    "energy_J_per_unit": "primary energy [J per SI unit]",
                    "mass_kg_per_unit": "mass [kg per SI unit]",
                }
            )
            .map(lambda v: f"{v:.4g}" if isinstance(v, float) else v),
        ),
        Section(
            "Energy return",
            f"EROI and energy payback of every energy-producing process; loop EROI {balance.loop_eroi:.3g}.",
            table=balance.eroi.map(lambda v: f"{v:.4g}" if isinstance(v, float) else v),
        ),
    ]


def run_sections(run: Trajectory) -> list[Section]:
    out = [
        Section(
            "Milestones",
            f"First year each milestone is reached across {run.members} member(s).",
            table=figures.milestones_table(run),
        )
    ]
    warnings = run.warnings()
    if warnings:
        out.append(
            Section(
                "Warnings",
                "Unmet final demand above 1 % (median) and plants below 50 % utilisation for 5 years or more.",
                paragraph=" ".join(f"⚠ {w}." for w in warnings),
            )
        )
    makers = (figures.capacity_fans, figures.utilisation_plot, figures.generation_fan, figures.closure_plot)
    for make in (*makers, figures.kardashev_plot):
        figure, caption = make(run)
        out.append(Section(figure.layout.title.text or "", caption, figure=figure))
    counts = run.bottlenecks()
    table = pd.DataFrame(
        {"constraint": counts.index, "share of member-steps": [f"{c / counts.sum():.1%}" for c in counts]}
    )
    out.append(
        Section(
            "What bound the growth",
            "How often each capacity or draw limit was the binding constraint on reinvestment.",
            table=table,
        )
    )
    return out


def write_report(path: Path, title: str, subtitle: str, sections: list[Section]) -> Path:
    """Write the page atomically (a temporary file renamed into place: an interrupt leaves the old report)."""
    from wattsandtons.outputs import write_text

    return write_text(path, render(title, subtitle, sections))


def dispatch_sections(schedule: Any) -> list[Section]:
    stack, stack_caption = figures.dispatch_stack(schedule)
    duration, duration_caption = figures.curtailment_duration(schedule)
    loads = schedule.summary.loads_frame().map(lambda v: f"{v:.4g}" if isinstance(v, float) else v)
    return [
        Section("Dispatch", stack_caption, figure=stack),
        Section("Curtailment", duration_caption, figure=duration),
        Section(
            "Loads",
            "Energy, surplus absorbed, value per MW-year, what the energy became, and energy payback per load.",
            table=loads,
        ),
    ]


def datacentre_sections(result: Any) -> list[Section]:
    """The Earth-vs-orbit comparison: the per-GW and per-kW-year table, the assumptions with sources, exclusions."""
    rows = result.rows()
    table = pd.DataFrame(
        {
            "quantity": [r["quantity"] for r in rows],
            "unit": [r["unit"] for r in rows],
            "Earth, per GW": [f"{r['earth_per_gw']:.4g}" for r in rows],
            "orbit, per GW": [f"{r['orbit_per_gw']:.4g}" for r in rows],
            "Earth, per kW·yr": [f"{r['earth_per_kw_year']:.4g}" for r in rows],
            "orbit, per kW·yr": [f"{r['orbit_per_kw_year']:.4g}" for r in rows],
        }
    )
    assumptions = pd.DataFrame(
        {
            "assumption": [a.name for a in result.assumptions],
            "value": [f"{float(a.value):.4g} {a.unit}" for a in result.assumptions],
            "source": [a.source for a in result.assumptions],
        }
    )
    return [
        Section(
            "Earth vs orbit",
            "Per GW of IT power over the lifetime and per kW-year of IT service (SI units; nan: not applicable).",
            table=table,
        ),
        Section(
            "Assumptions",
            "Every input with its source; 'given by the caller' where an option overrode it.",
            table=assumptions,
        ),
        Section(
            "Left out",
            "What the comparison does not count, on purpose.",
            paragraph="; ".join(result.exclusions),
        ),
    ]
