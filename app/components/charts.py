"""Plotly figures of the performance page, built from typed metric values (no queries here)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from app import codes
from app.config import StageLimits
from app.data.metrics import STAGES, Durations, Escalation, Figures, SeriesPoint

STAGE_LABELS = {"respond": "响应", "arrive": "到场", "dispose": "处置"}
STAGE_COLORS = {"respond": "#1f77b4", "arrive": "#ff7f0e", "dispose": "#2ca02c"}
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
FONT = "Noto Sans CJK SC, Noto Sans SC, sans-serif"
CATEGORY_COLORS = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295",
]  # fmt: skip


def _layout(fig: go.Figure, height: int = 300, **kw) -> go.Figure:
    base = {
        "height": height,
        "margin": {"l": 48, "r": 16, "t": 12, "b": 36},
        "font": {"family": FONT, "size": 12},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "legend": {"orientation": "h", "y": -0.18, "x": 0},
        "hovermode": "x unified",
    }
    fig.update_layout(**(base | kw))
    fig.update_xaxes(gridcolor="#eef1f4")
    fig.update_yaxes(gridcolor="#eef1f4")
    return fig


def _pct(v: float | None) -> float | None:
    return None if v is None else round(v * 100, 1)


def rates_figure(points: Sequence[SeriesPoint], limits: StageLimits) -> go.Figure:
    """The three stage rates over time, with the target line."""
    fig = go.Figure()
    x = [p.bucket for p in points]
    for s in STAGES:
        fig.add_scatter(
            x=x,
            y=[_pct(p.figures.stage(s).rate) for p in points],
            name=f"{STAGE_LABELS[s]}达标率（{getattr(limits, s)}分钟）",
            mode="lines+markers",
            line={"color": STAGE_COLORS[s], "width": 2},
            marker={"size": 4},
        )
    fig.add_hline(
        y=limits.target_rate * 100,
        line={"color": "#c0392b", "dash": "dash", "width": 1},
        annotation_text=f"目标 {limits.target_rate:.0%}",
        annotation_position="top left",
    )
    return _layout(fig, yaxis={"title": "达标率 %", "rangemode": "tozero", "range": [0, 102]})


def durations_figure(items: Sequence[Durations], limits: StageLimits) -> go.Figure:
    """Median (solid) and p90 (dotted) of each stage's time, log scale, with the limits as thin lines."""
    fig = go.Figure()
    x = [d.bucket for d in items]
    for s in STAGES:
        color = STAGE_COLORS[s]
        fig.add_scatter(x=x, y=[d.p50[s] for d in items], name=f"{STAGE_LABELS[s]} 中位数", line={"color": color})
        fig.add_scatter(
            x=x, y=[d.p90[s] for d in items], name=f"{STAGE_LABELS[s]} P90", line={"color": color, "dash": "dot"}
        )
        fig.add_hline(y=getattr(limits, s), line={"color": color, "width": 1, "dash": "dash"}, opacity=0.5)
    ticks = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1440]
    return _layout(
        fig,
        yaxis={"title": "分钟（对数）", "type": "log", "tickvals": ticks, "ticktext": [str(t) for t in ticks]},
    )


def volume_figure(points: Sequence[SeriesPoint]) -> go.Figure:
    """Incidents per bucket, stacked by category (warning categories first)."""
    fig = go.Figure()
    x = [p.bucket for p in points]
    present = [c for c in codes.CATEGORIES if any(c in p.by_category for p in points)]
    for i, c in enumerate(present):
        fig.add_bar(
            x=x,
            y=[p.by_category.get(c, 0) for p in points],
            name=codes.CATEGORIES[c].zh,
            marker_color=CATEGORY_COLORS[list(codes.CATEGORIES).index(c) % len(CATEGORY_COLORS)],
            legendrank=i,
        )
    fig.update_layout(barmode="stack")
    return _layout(fig, yaxis={"title": "事件数"}, legend={"orientation": "v", "x": 1.01, "y": 1, "font": {"size": 11}})


def backlog_figure(days: Sequence[tuple[date, int]]) -> go.Figure:
    fig = go.Figure()
    fig.add_scatter(
        x=[d for d, _ in days],
        y=[n for _, n in days],
        name="日末未办结",
        mode="lines",
        fill="tozeroy",
        line={"color": "#8e44ad"},
    )
    return _layout(fig, yaxis={"title": "件", "rangemode": "tozero"}, showlegend=False)


def areas_figure(by_area: dict[str, Figures], names: dict[str, str], limits: StageLimits) -> go.Figure:
    """The functional areas side by side: stage rates and closure rate, volume, satisfaction."""
    ids = sorted(a for a in by_area if a is not None)
    labels = [names.get(a, a) for a in ids]
    fig = make_subplots(
        rows=1, cols=3, column_widths=[0.5, 0.25, 0.25], subplot_titles=("达标率与办结率 %", "事件数", "满意度")
    )
    for s in STAGES:
        fig.add_bar(
            x=labels,
            y=[_pct(by_area[a].stage(s).rate) for a in ids],
            name=STAGE_LABELS[s],
            marker_color=STAGE_COLORS[s],
            row=1,
            col=1,
        )
    fig.add_bar(
        x=labels, y=[_pct(by_area[a].closure_rate) for a in ids], name="办结率", marker_color="#7f8c8d", row=1, col=1
    )
    fig.add_hline(y=limits.target_rate * 100, line={"color": "#c0392b", "dash": "dash", "width": 1}, row=1, col=1)
    fig.add_bar(x=labels, y=[by_area[a].count for a in ids], name="事件数", marker_color="#34495e", row=1, col=2)
    sat = [None if by_area[a].satisfaction is None else round(by_area[a].satisfaction, 2) for a in ids]
    fig.add_bar(x=labels, y=sat, name="满意度", marker_color="#16a085", row=1, col=3)
    fig.update_yaxes(range=[1, 5], row=1, col=3)
    fig.update_layout(barmode="group")
    fig.update_annotations(font_size=12)
    return _layout(fig, height=320, hovermode="closest", margin={"l": 40, "r": 10, "t": 30, "b": 40})


def heatmap_figure(matrix: Sequence[Sequence[int]], label: str, colorscale: str) -> go.Figure:
    fig = go.Figure(
        go.Heatmap(
            z=[list(r) for r in matrix],
            x=list(range(24)),
            y=WEEKDAYS,
            colorscale=colorscale,
            colorbar={"title": {"text": label}, "thickness": 10},
            hovertemplate="%{y} %{x}时<br>" + label + " %{z}<extra></extra>",
        )
    )
    return _layout(
        fig, height=260, hovermode="closest", yaxis={"autorange": "reversed"}, xaxis={"title": "时", "dtick": 2}
    )


def escalations_figure(items: Sequence[Escalation]) -> go.Figure:
    """Escalations by department: count, with the median stage times in the hover."""
    ordered = list(reversed(items))
    names = [codes.DEPARTMENTS[e.department].zh if e.department in codes.DEPARTMENTS else "未记录" for e in ordered]
    text = [" · ".join(f"{STAGE_LABELS[s]} {e.p50[s]:.0f}分" for s in STAGES if e.p50[s] is not None) for e in ordered]
    fig = go.Figure(
        go.Bar(
            y=names,
            x=[e.count for e in ordered],
            orientation="h",
            marker_color="#d35400",
            text=text,
            textposition="auto",
            textfont={"size": 11},
            hovertemplate="%{y}: %{x} 件<br>中位用时 %{text}<extra></extra>",
        )
    )
    return _layout(
        fig, height=260, hovermode="closest", xaxis={"title": "吹哨次数"}, margin={"l": 120, "r": 16, "t": 12, "b": 36}
    )


def sparkline_svg(values: Sequence[float | None], color: str = "#16324f", width: int = 90, height: int = 22) -> str:
    """A tiny inline SVG line as a data URI (one <img> per row is far lighter than a plotly graph)."""
    pts = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(pts) < 2:
        path = ""
    else:
        lo, hi = min(v for _, v in pts), max(v for _, v in pts)
        span = (hi - lo) or 1.0
        step = (width - 4) / max(len(values) - 1, 1)
        path = " ".join(
            f"{'M' if k == 0 else 'L'}{2 + i * step:.1f},{height - 3 - (v - lo) / span * (height - 6):.1f}"
            for k, (i, v) in enumerate(pts)
        )
    svg = (
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}'>"
        f"<path d='{path}' fill='none' stroke='{color}' stroke-width='1.5'/></svg>"
    )
    return "data:image/svg+xml;utf8," + svg.replace("#", "%23").replace("<", "%3C").replace(">", "%3E")
