"""GUI test helper for the history window: a fake for its questions and print preview."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtWidgets import QWidget

from calmcall.domain import Note


@dataclass
class FakeHistoryAsk:
    """Answers corrections as told and keeps the previews instead of opening a dialog."""

    correction_answer: str | None = "corrected text"
    corrections_asked: list[Note] = field(default_factory=list)
    previews: list[tuple[str, str]] = field(default_factory=list)  # (title, html)

    def correction(self, parent: QWidget, note: Note) -> str | None:
        self.corrections_asked.append(note)
        return self.correction_answer

    def preview(self, parent: QWidget, html: str, title: str) -> None:
        self.previews.append((title, html))
