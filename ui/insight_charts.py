"""How each review aggregate is drawn: one function per chart, shared by the insights view
and the printed review, so the screen and the paper show the same thing."""

from __future__ import annotations

from calmcall.domain import MOOD_LABELS, OUTCOME_LABELS, Outcome
from calmcall.services.insights import (
    CallbackKeeping,
    CallsByOutcome,
    HandleTime,
    MoodShift,
    Recurring,
    SkippedStep,
)
from ui.charts import DEFAULT_COLORS, Chart

NO_OUTCOME = "No outcome"
OUTCOME_COLORS = {
    OUTCOME_LABELS[Outcome.RESOLVED]: "#0f766e",
    OUTCOME_LABELS[Outcome.CALLBACK]: "#2563eb",
    OUTCOME_LABELS[Outcome.ESCALATED]: "#d97706",
    OUTCOME_LABELS[Outcome.UNRESOLVED]: "#dc2626",
    OUTCOME_LABELS[Outcome.DROPPED]: "#94a3b8",
    NO_OUTCOME: "#cbd5e1",
}
KEPT_LABELS = {"on_time": "On time", "late": "Late", "missed": "Missed"}
KEPT_COLORS = {"On time": "#0f766e", "Late": "#d97706", "Missed": "#dc2626"}
SHORT_LABEL = 38  # characters of a root cause or step shown beside its bar


def outcome_of(series: str) -> Outcome | None:
    """The outcome behind a series name of the outcomes chart (None: no outcome)."""
    return next((o for o, label in OUTCOME_LABELS.items() if label == series), None)


def _short(text: str) -> str:
    return text if len(text) <= SHORT_LABEL else text[:SHORT_LABEL - 1] + "…"


def labels(buckets: tuple) -> list[str]:  # type: ignore[type-arg]
    return [b.label for b in buckets]


def show_outcomes(chart: Chart, data: CallsByOutcome) -> None:
    stacks = {(OUTCOME_LABELS[o] if o is not None else NO_OUTCOME): counts
              for o, counts in data.counts.items() if any(counts)}
    chart.set_bars(labels(data.buckets), stacks, OUTCOME_COLORS)


def show_handle_time(chart: Chart, data: HandleTime) -> None:
    minutes = [None if s is None else round(s / 60, 1) for s in data.average_s]
    chart.set_series(labels(data.buckets), {"Average handle time": minutes}, unit=" min")


def show_calmer(chart: Chart, data: MoodShift) -> None:
    shares = [None if s is None else round(s * 100, 1) for s in data.calmer_shares()]
    chart.set_series(labels(data.buckets), {"Ended calmer": shares}, unit="%",
                     y_range=(0, 100))


def show_mood_pairs(chart: Chart, data: MoodShift) -> None:
    xs, ys, counts, texts = [], [], [], []
    for (first, last), n in sorted(data.pairs.items()):
        xs.append(first - 1)
        ys.append(last - 1)
        counts.append(n)
        texts.append(f"{n:,} call{'s' if n != 1 else ''}: {MOOD_LABELS[first]} at the start, "
                     f"{MOOD_LABELS[last]} at the end")
    names = [MOOD_LABELS[m] for m in sorted(MOOD_LABELS)]
    chart.set_bubbles(xs, ys, counts, texts, x_labels=names, y_labels=names)


def show_callbacks(chart: Chart, data: CallbackKeeping) -> None:
    chart.set_bars(labels(data.buckets), {"On time": data.on_time, "Late": data.late,
                                          "Missed": data.missed}, KEPT_COLORS)


def show_recurring_categories(chart: Chart, data: Recurring) -> None:
    colors = {name: DEFAULT_COLORS[n % len(DEFAULT_COLORS)]
              for n, name in enumerate(data.categories)}
    chart.set_bars(labels(data.weeks), dict(data.categories), colors)


def show_root_causes(chart: Chart, data: Recurring) -> dict[str, str]:
    """Horizontal bars of the top root causes; returns shown label -> root cause."""
    shown = {_short(cause): cause for cause in data.root_causes}
    chart.set_bars(list(shown), {"Calls": [sum(c) for c in data.root_causes.values()]},
                   horizontal=True)
    return shown


def show_skipped(chart: Chart, steps: tuple[SkippedStep, ...]) -> dict[str, SkippedStep]:
    """Horizontal bars of the most skipped steps; returns shown label -> step."""
    shown = {_short(f"{s.step} · {s.playbook}"): s for s in steps}
    chart.set_bars(list(shown), {"Skipped": [s.share * 100 for s in steps]}, horizontal=True,
                   unit="% of calls")
    return shown
