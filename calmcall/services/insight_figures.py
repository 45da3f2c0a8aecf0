"""The headline figures as people read them: "Calls 412 ▲ 8% vs last month".

Shared by the insights view and the printed weekly review so both say the same thing. Counts
and times change by a percentage; shares (calmer at end, callbacks on time) by percentage
points, since "74% ▲ 12%" would be ambiguous. `trend` says whether the change is good news.
"""

from __future__ import annotations

from dataclasses import dataclass

from calmcall.services.insights import Headline


@dataclass(frozen=True)
class FigureRow:
    key: str
    name: str
    value: str
    previous: str
    change: str  # "▲ 8% vs last month", "no change", "" when nothing to compare
    trend: str  # "better", "worse" or "" (neutral or unknown)


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"


def share_text(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


def _relative(now: float | None, before: float | None, noun: str) -> tuple[str, float | None]:
    if now is None or before is None or before == 0:
        return "", None
    change = (now - before) / before * 100
    if round(change) == 0:
        return f"no change vs {noun}", 0.0
    return f"{'▲' if change > 0 else '▼'} {abs(change):.0f}% vs {noun}", change


def _points(now: float | None, before: float | None, noun: str) -> tuple[str, float | None]:
    if now is None or before is None:
        return "", None
    change = (now - before) * 100
    if round(change) == 0:
        return f"no change vs {noun}", 0.0
    unit = "pt" if round(abs(change)) == 1 else "pts"
    return f"{'▲' if change > 0 else '▼'} {abs(change):.0f} {unit} vs {noun}", change


def _trend(change: float | None, higher_is_better: bool | None) -> str:
    if change is None or higher_is_better is None or round(change) == 0:
        return ""
    return "better" if (change > 0) == higher_is_better else "worse"


def figure_rows(headline: Headline) -> list[FigureRow]:
    now, before = headline.current, headline.previous
    noun = headline.noun
    rows = []
    specs: list[tuple[str, str, str, str, tuple[str, float | None], bool | None]] = [
        ("calls", "Calls", f"{now.calls:,}", f"{before.calls:,}",
         _relative(now.calls, before.calls, noun), None),  # more calls is neither good nor bad
        ("handle", "Average handle time", duration_text(now.handle_s),
         duration_text(before.handle_s), _relative(now.handle_s, before.handle_s, noun), False),
        ("calmer", "Ended calmer", share_text(now.calmer_share),
         share_text(before.calmer_share), _points(now.calmer_share, before.calmer_share, noun),
         True),
        ("on_time", "Callbacks on time", share_text(now.on_time_share),
         share_text(before.on_time_share),
         _points(now.on_time_share, before.on_time_share, noun), True),
    ]
    for key, name, value, previous, (change, delta), higher_is_better in specs:
        rows.append(FigureRow(key, name, value, previous, change,
                              _trend(delta, higher_is_better)))
    return rows

