"""The fake answers to the callback questions (`ui.callback_ask.CallbackQuestions`).

Answers are queued per question: each question pops the next one; an empty queue answers None
(the agent cancelled). Everything asked is kept so tests can check the wording.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ui.promise_form import PromiseRequest


@dataclass
class FakeCallbackAsk:
    promise_answers: list[PromiseRequest | None] = field(default_factory=list)
    when_answers: list[datetime | None] = field(default_factory=list)
    text_answers: list[str | None] = field(default_factory=list)
    pdf_path_answer: Path | None = None
    promise_asked: list[dict[str, Any]] = field(default_factory=list)
    when_asked: list[str] = field(default_factory=list)
    text_asked: list[str] = field(default_factory=list)
    previews: list[str] = field(default_factory=list)

    def promise(self, parent: Any, now: datetime, settings: Any, check: Any, tz: Any,
                phone: str) -> PromiseRequest | None:
        self.promise_asked.append({"now": now, "phone": phone, "check": check})
        return self.promise_answers.pop(0) if self.promise_answers else None

    def when(self, parent: Any, title: str, now: datetime, settings: Any, check: Any,
             tz: Any) -> datetime | None:
        self.when_asked.append(title)
        return self.when_answers.pop(0) if self.when_answers else None

    def text(self, parent: Any, title: str, label: str) -> str | None:
        self.text_asked.append(title)
        return self.text_answers.pop(0) if self.text_answers else None

    def save_pdf(self, parent: Any, suggested: str) -> Path | None:
        return self.pdf_path_answer

    def print_preview(self, parent: Any, html: str, title: str) -> None:
        self.previews.append(html)
