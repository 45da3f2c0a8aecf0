"""The printed weekly review for the team meeting: HTML for Qt to lay out (no Qt here).

Key figures with the week before, the calls and callbacks as small tables, the issues that keep
coming back, and the steps most often skipped. Chart images are made by the UI layer and come
in as opaque image sources (file paths or URLs) keyed by CHART_NAMES; a missing one is simply
left out, so the review still prints without them. Jinja2 autoescaping keeps typed root causes
and category names as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, tzinfo
from functools import cache
from typing import TYPE_CHECKING

from calmcall.domain import OUTCOME_LABELS, Outcome
from calmcall.paths import resource_dir
from calmcall.services.insight_figures import duration_text, figure_rows, share_text
from calmcall.services.insight_periods import PeriodKind
from calmcall.services.insights import ON_TIME_GRACE, Insights

if TYPE_CHECKING:
    import jinja2

# The charts a review shows, in print order, with their captions.
CHART_NAMES = {
    "outcomes": "Calls per day, by outcome",
    "calmer": "Customers who ended calmer (%)",
    "callbacks": "Callbacks: on time, late, missed",
    "recurring": "Categories per week",
}
TOP_ISSUES = 8
CHART_WIDTH = 300  # px in the document: two charts side by side across A4


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # loaded on the first review, not when the window opens

    return jinja2.Environment(loader=jinja2.FileSystemLoader(resource_dir() / "print"),
                              autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def _weeks_seen(counts: tuple[int, ...]) -> int:
    return sum(1 for n in counts if n)


def weekly_html(insights: Insights, charts: Mapping[str, str] | None = None, *,
                now: datetime, company: str = "", zone: tzinfo | None = None) -> str:
    """The review of `insights.period` as HTML; `charts` maps CHART_NAMES keys to image srcs."""
    charts = charts or {}
    outcomes = insights.outcomes
    days = [{"label": b.label, "calls": total,
             "handle": duration_text(insights.handle.average_s[i]),
             "calmer": share_text(insights.mood.calmer_shares()[i]),
             "on_time": insights.callbacks.on_time[i], "late": insights.callbacks.late[i],
             "missed": insights.callbacks.missed[i]}
            for i, (b, total) in enumerate(zip(outcomes.buckets, outcomes.per_bucket,
                                               strict=True))]
    outcome_rows = [{"name": OUTCOME_LABELS[o] if isinstance(o, Outcome) else "No outcome",
                     "count": sum(counts),
                     "share": share_text(sum(counts) / outcomes.total if outcomes.total else None)}
                    for o, counts in outcomes.counts.items() if sum(counts)]
    weeks = len(insights.recurring.weeks)
    issues = [{"name": cause, "total": sum(counts), "this_week": counts[-1],
               "weeks": _weeks_seen(counts), "of": weeks}
              for cause, counts in insights.recurring.root_causes.items()][:TOP_ISSUES]
    categories = [{"name": name, "total": sum(counts), "this_week": counts[-1],
                   "weeks": _weeks_seen(counts), "of": weeks}
                  for name, counts in insights.recurring.categories.items()]
    skipped = [{"step": s.step, "playbook": s.playbook, "skipped": s.skipped, "calls": s.calls,
                "share": share_text(s.share)} for s in insights.skipped[:6]]
    week = insights.period.kind is PeriodKind.WEEK
    values = {
        "heading": "Weekly review" if week else "Review",
        "current_label": "This week" if week else "This period",
        "previous_label": "Week before" if week else "Before",
        "last_week_label": "Last week shown" if not week else "This week",
        "by_label": "Day by day" if len(days) <= 31 else "Week by week",
        "grace_minutes": int(ON_TIME_GRACE.total_seconds() // 60),
        "chart_width": CHART_WIDTH,
        "company": company,
        "title": insights.period.title,
        "previous_noun": insights.headline.noun,
        "figures": figure_rows(insights.headline),
        "charts": [{"src": charts[key], "caption": caption}
                   for key, caption in CHART_NAMES.items() if charts.get(key)],
        "days": days,
        "outcomes": outcome_rows,
        "callbacks": {"on_time": sum(insights.callbacks.on_time),
                      "late": sum(insights.callbacks.late),
                      "missed": sum(insights.callbacks.missed),
                      "pending": insights.callbacks.pending,
                      "cancelled": insights.callbacks.cancelled},
        "issues": issues,
        "categories": categories,
        "weeks": weeks,
        "skipped": skipped,
        "printed": now.astimezone(zone).strftime("%a %d %b %Y, %H:%M"),
    }
    return _environment().get_template("weekly_review.html").render(values)
