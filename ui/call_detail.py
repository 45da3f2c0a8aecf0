"""One past call in full: timeline, steps, cards, mood curve, and its callbacks with events.

After the call has ended a line can only be corrected by adding a correction; the original line
stays as it was (the service refuses to change it).

Signals:
    print_requested(int, bool): print the summary of a call (id, customer version).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QWidget

from calmcall.domain import MOOD_LABELS, CallRecord, Note, NoteKind, format_elapsed
from ui.qtutils import button, hbox, vbox

KIND_TAGS = {NoteKind.STEP: "step", NoteKind.CARD: "card", NoteKind.MOOD: "mood",
             NoteKind.PROMISE: "promise", NoteKind.CORRECTION: "correction",
             NoteKind.SYSTEM: "system", NoteKind.NOTE: ""}


class MoodCurve(QWidget):
    """A small painted line of the mood samples, 1 (furious, bottom) to 5 (calm, top)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("moodCurve")
        self.setMinimumSize(160, 44)
        self._values: list[int] = []

    def set_values(self, values: list[int]) -> None:
        self._values = values
        self.setToolTip(" → ".join(f"{v} {MOOD_LABELS[v]}" for v in values) or "No mood noted")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = self.palette().text().color()
        w, h, pad = self.width(), self.height(), 6
        faint = QPen(color)
        faint.setStyle(Qt.PenStyle.DotLine)
        painter.setPen(faint)
        painter.drawLine(pad, h - pad, w - pad, h - pad)
        if not self._values:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "no mood noted")
            return
        step = (w - 2 * pad) / max(1, len(self._values) - 1)
        points = [QPointF(pad + i * step, h - pad - (v - 1) / 4 * (h - 2 * pad))
                  for i, v in enumerate(self._values)]
        painter.setPen(QPen(self.palette().highlight().color(), 2))
        painter.drawPolyline(QPolygonF(points))
        for point in points:
            painter.drawEllipse(point, 2.5, 2.5)


class CallDetail(QWidget):
    print_requested = Signal(int, bool)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("callDetail")
        self._record: CallRecord | None = None
        self.title = QLabel("Choose a call to see everything that happened on it.")
        self.title.setObjectName("callDetailTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setWordWrap(True)
        self.mood_curve = MoodCurve()
        self.timeline = QListWidget()
        self.timeline.setObjectName("callTimeline")
        self.timeline.setWordWrap(True)
        self.callbacks = QListWidget()
        self.callbacks.setObjectName("callCallbacks")
        self.callbacks.setMaximumHeight(120)
        self.correct_button = button("Add correction…", "addCorrectionButton",
                                     "Correct the chosen line; the original stays on record")
        self.print_button = button("Print summary…", "printSummaryButton", "Ctrl+P")
        self.print_customer_button = button("Customer copy…", "printCustomerButton",
                                            "The version without internal notes")
        self.setLayout(vbox(
            self.title, self.facts, hbox(QLabel("Mood"), self.mood_curve, None),
            QLabel("Timeline"), self.timeline, QLabel("Callbacks"), self.callbacks,
            hbox(self.correct_button, None, self.print_button, self.print_customer_button),
            spacing=4))
        self._connect_signals()
        self.show_record(None)

    def _connect_signals(self) -> None:
        self.print_button.clicked.connect(lambda: self._print(False))
        self.print_customer_button.clicked.connect(lambda: self._print(True))
        self.timeline.currentRowChanged.connect(lambda _row: self._update_buttons())

    @property
    def record(self) -> CallRecord | None:
        return self._record

    def show_record(self, record: CallRecord | None,
                    events: dict[int, list[str]] | None = None) -> None:
        """Show a call; `events` holds each callback's history, as lines, by callback id."""
        self._record = record
        self.timeline.clear()
        self.callbacks.clear()
        if record is None:
            self.facts.clear()
            self.mood_curve.set_values([])
            self._update_buttons()
            return
        call = record.call
        self.title.setText(f"{call.customer.name or 'Unnamed customer'}  ·  "
                           f"{call.started_at.astimezone():%a %d %b %Y, %H:%M}")
        ticks = ", ".join(f"{s.title} [{format_elapsed(s.elapsed_s)}]" for s in record.steps)
        cards = ", ".join(u.card_id for u in record.cards_used)
        self.facts.setText("\n".join(filter(None, (
            f"Phone {call.customer.phone}" if call.customer.phone else "",
            f"Outcome: {call.outcome.label}" if call.outcome else "Outcome: not set",
            f"Category: {call.category}" if call.category else "",
            f"Root cause: {call.root_cause}" if call.root_cause else "",
            f"Steps ticked: {ticks}" if ticks else "No step ticked",
            f"Cards used: {cards}" if cards else "",
        ))))
        self.mood_curve.set_values([m.value for m in record.mood])
        for note in record.notes:
            item = QListWidgetItem(self.line_text(note))
            item.setData(Qt.ItemDataRole.UserRole, note.id)
            self.timeline.addItem(item)
        for cb in record.callbacks:
            lines = [f"{cb.due_at.astimezone():%d %b %H:%M}  {cb.promise or 'Call back'}  "
                     f"({cb.status.value})"]
            lines += [f"    {line}" for line in (events or {}).get(cb.id, [])]
            self.callbacks.addItem("\n".join(lines))
        if not record.callbacks:
            self.callbacks.addItem("No callback promised.")
        self._update_buttons()

    @staticmethod
    def line_text(note: Note) -> str:
        tag = KIND_TAGS[note.kind]
        clock = note.at.astimezone().strftime("%H:%M:%S")
        return f"[{note.stamp}]  {clock}  " + (f"{tag}: " if tag else "") + note.text

    def chosen_note(self) -> Note | None:
        if self._record is None:
            return None
        item = self.timeline.currentItem()
        if item is None:
            return None
        note_id = item.data(Qt.ItemDataRole.UserRole)
        return next((n for n in self._record.notes if n.id == note_id), None)

    def choose_note(self, note_id: int) -> None:
        for row in range(self.timeline.count()):
            if self.timeline.item(row).data(Qt.ItemDataRole.UserRole) == note_id:
                self.timeline.setCurrentRow(row)
                return

    def _update_buttons(self) -> None:
        has_call = self._record is not None
        ended = has_call and not self._record.call.running  # type: ignore[union-attr]
        self.correct_button.setEnabled(bool(ended and self.chosen_note() is not None))
        self.correct_button.setToolTip(
            "Correct the chosen line; the original stays on record" if ended
            else "A running call is edited in the note pad")
        self.print_button.setEnabled(has_call)
        self.print_customer_button.setEnabled(has_call)

    def _print(self, customer: bool) -> None:
        if self._record is not None:
            self.print_requested.emit(self._record.call.id, customer)
