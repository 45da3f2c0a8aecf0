"""The live-call window: header, steps, cards and the note pad, wired to the call service.

Signals:
    call_started(int): a call began or was resumed (its id).
    call_ended(int): a call was wrapped up.
    note_saved(object): a Note is on disk and shown in the timeline.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QMainWindow, QSplitter, QWidget

from calmcall.clock import Clock
from calmcall.domain import Card, Playbook
from calmcall.placeholders import fill
from calmcall.services.playbooks import PlaybookLibrary
from calmcall.settings import Settings
from ui.ask import Ask
from ui.call_header import CallHeader
from ui.mood_scale import MoodScale
from ui.note_pad import NotePad
from ui.qtutils import vbox
from ui.script_cards import ScriptCards
from ui.shortcuts import ShortcutGuard, ShortcutSheet
from ui.step_checklist import StepChecklist
from ui.window_chrome import WindowChrome
from ui.window_state import WindowState

if TYPE_CHECKING:
    from calmcall.domain import Call, CallRecord, Note

    # The data layer (SQLAlchemy and all) is attached after the window is on screen, so none
    # of it may be imported here: see `attach` and main.py.
    from calmcall.services.callbacks import CallbackService
    from calmcall.services.calls import CallService
    from calmcall.services.outbox import NoteOutbox, PendingNote
    from ui.callback_desk import CallbackDesk
    from ui.history_view import HistoryWindow
    from ui.insights_open import InsightsOpener
    from ui.insights_view import InsightsWindow

Action = TypeVar("Action", bound=Callable[..., Any])


def needs_data(method: Action) -> Action:
    """For actions that need the database: before `attach`, they wait and run right after.

    The window is shown before the data layer has loaded (about half a second), so a Ctrl+N or
    an Enter pressed in that moment is kept, not lost.
    """
    @functools.wraps(method)
    def run(self: MainWindow, *args: Any) -> Any:
        if self._calls is None:
            self._waiting.append(functools.partial(method, self, *args))
            self.statusBar().showMessage("Opening your call history…")
            return None
        return method(self, *args)
    return run  # type: ignore[return-value]


def _panel(title: str, body: QWidget) -> QFrame:
    frame = QFrame()
    frame.setObjectName("panel")
    label = QLabel(title.upper())
    label.setObjectName("panelTitle")
    frame.setLayout(vbox(label, body, margin=8, spacing=4))
    return frame


class MainWindow(WindowChrome, QMainWindow):
    call_started = Signal(int)
    call_ended = Signal(int)
    note_saved = Signal(object)

    def __init__(self, calls: CallService | None, playbooks: PlaybookLibrary, settings: Settings,
                 clock: Clock, window_state: WindowState | None = None,
                 ask: Ask | None = None, callbacks: CallbackService | None = None,
                 history: HistoryWindow | None = None,
                 insights: InsightsOpener | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("CalmCall")
        self.setMinimumWidth(340)
        self._calls: CallService | None = None  # set by attach()
        self._waiting: list[Callable[[], object]] = []  # actions that came before attach()
        # What can go wrong while writing (the database gone, locked, read-only, disk full);
        # the database's own errors join in attach(), once SQLAlchemy is loaded.
        self._save_errors: tuple[type[BaseException], ...] = (OSError,)
        self.outbox: NoteOutbox | None = None
        self.callback_desk: CallbackDesk | None = None
        self._playbooks = playbooks
        self._settings = settings
        self._clock = clock
        self._window_state = window_state
        self.ask = ask or Ask()
        self._call: Call | None = None
        self._playbook: Playbook = playbooks.default(settings["default_playbook"])
        self._sheet: ShortcutSheet | None = None
        self.history: HistoryWindow | None = None  # ui/history_view.py, from attach()
        self._open_insights: InsightsOpener | None = None  # builds insights on first use
        self.insights: InsightsWindow | None = None

        self.header = CallHeader(clock)
        self.header.set_playbooks(playbooks.playbooks, self._playbook.id)
        self.message_bar = QLabel()
        self.message_bar.setObjectName("messageBar")
        self.message_bar.setWordWrap(True)
        self.message_bar.setTextFormat(Qt.TextFormat.PlainText)
        self.message_bar.setToolTip("Click to dismiss")
        self.message_bar.hide()
        self.steps = StepChecklist()
        self.mood = MoodScale()
        self.cards = ScriptCards(playbooks.search_cards, self.render_card)
        self.notes = NotePad()

        self.splitter = QSplitter()
        self.splitter.setChildrenCollapsible(False)
        self.steps_panel = _panel("Steps", self._steps_body())
        self.splitter.addWidget(self.steps_panel)
        self.splitter.addWidget(_panel("Notes", self.notes))
        self.say_panel = _panel("Say", self.cards)
        self.splitter.addWidget(self.say_panel)
        central = QWidget()
        layout = vbox(self.header, self.message_bar, self.splitter, margin=8, spacing=8)
        layout.setStretchFactor(self.splitter, 1)  # spare height goes to the panels
        central.setLayout(layout)
        self.setCentralWidget(central)

        self._outbox_warning = False
        self._retry = QTimer(self)
        self._retry.setInterval(3000)  # a disk that refused a note is asked again every 3 s
        self._customer_save = QTimer(self)
        self._customer_save.setSingleShot(True)
        self._customer_save.setInterval(400)
        self._build_actions()
        app = QApplication.instance()
        if isinstance(app, QApplication):  # our keys beat line-edit bindings everywhere
            self._guard = ShortcutGuard(app, self)
        self._connect_signals()
        self._show_playbook(self._playbook, set())
        self.statusBar().showMessage("Ready. Ctrl+N starts a call; F1 lists the keys.")
        if playbooks.problems:
            self.show_message("\n".join(playbooks.problems))
        if settings["always_on_top"]:
            self.header.pin.setChecked(True)
        if window_state is not None:
            window_state.restore(self)
        self._apply_orientation(self.width())
        if calls is not None:
            self.attach(calls, callbacks, history, insights)

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def playbooks(self) -> PlaybookLibrary:
        return self._playbooks

    @property
    def clock(self) -> Clock:
        return self._clock

    def attach(self, calls: CallService, callbacks: CallbackService | None = None,
               history: HistoryWindow | None = None,
               insights: InsightsOpener | None = None, offer_resume: bool = False) -> None:
        """Connect the data layer; actions that came before it run now, in order.

        With `offer_resume`, an interrupted call is offered back first: an early Ctrl+N must
        start a new call only after the old one was resumed or filed, never be mistaken for it.
        """
        from calmcall.services.outbox import WRITE_ERRORS, NoteOutbox

        self._calls = calls
        self._save_errors = WRITE_ERRORS
        self.outbox = NoteOutbox(calls)
        self.history = history
        if history is not None:  # closes with the main window, stays its own top-level window
            history.setParent(self, history.windowFlags())
        self._open_insights = insights
        if callbacks is not None:  # None in tests that need no callbacks
            from ui.callback_desk import CallbackDesk

            self.callback_desk = CallbackDesk(callbacks, calls, self._settings, self.ask, self,
                                              self.show_message, self.open_call_in_history)
            self.callback_desk.note_added.connect(self._on_callback_note)
            self.callback_desk.callbacks_changed.connect(self.cards.refresh_text)
        if self.statusBar().currentMessage() == "Opening your call history…":
            self.statusBar().showMessage("Ready. Ctrl+N starts a call; F1 lists the keys.")
        if offer_resume:
            self.offer_resume()
        self.notes.drop_waiting()  # the queued notes below put their lines back, stamped
        waiting, self._waiting = self._waiting, []
        for action in waiting:
            action()

    def _steps_body(self) -> QWidget:
        body = QWidget()
        body.setLayout(vbox(self.steps, self.mood, None, spacing=6))
        return body

    def _connect_signals(self) -> None:
        self.header.start_requested.connect(self.start_call)
        self.header.end_requested.connect(self.end_call)
        self.header.playbook_chosen.connect(self.choose_playbook)
        self.header.customer_edited.connect(self._customer_save.start)
        self.header.customer_edited.connect(self.cards.refresh_text)
        self.header.pin_toggled.connect(self.set_always_on_top)
        self.on_top_action.toggled.connect(self.header.pin.setChecked)
        self._customer_save.timeout.connect(self.save_customer)
        self._retry.timeout.connect(self.retry_pending_notes)
        self.steps.step_toggled.connect(self._on_step_toggled)
        self.steps.step_focused.connect(self._on_step_focused)
        self.mood.mood_chosen.connect(self.record_mood)
        self.cards.card_chosen.connect(self.use_card)
        self.cards.search_left.connect(self.notes.focus_input)
        self.notes.note_entered.connect(self.save_note)
        self.header.promise_requested.connect(self.promise_callback)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_system_scheme_changed)
        self.message_bar.mousePressEvent = lambda _e: self.message_bar.hide()  # type: ignore[method-assign]

    # -- the call ------------------------------------------------------------------------

    @property
    def current_call(self) -> Call | None:
        return self._call

    @needs_data
    def start_call(self) -> Call | None:
        if self._call is not None:
            self.notes.focus_input()
            return self._call
        try:
            call = self._calls.start_call(self._playbook.id, self.header.customer())
        except self._save_errors as exc:
            self.show_message(f"Could not start the call: {exc}. Check the disk and try again.")
            return None
        self._enter_call(call, None)
        return call

    def _enter_call(self, call: Call, record: CallRecord | None) -> None:
        self._call = call
        playbook = self._playbooks.get(call.playbook_id) or self._playbook
        self._playbook = playbook
        self.header.show_playbook(playbook.id)
        self.header.show_customer(call.customer)
        self.header.call_started(call.started_at)
        ticked = {s.step_id for s in record.steps} if record else set()
        self._show_playbook(playbook, ticked)
        self.notes.show_notes(list(record.notes) if record else [])
        self.mood.show_value(record.mood[-1].value if record and record.mood else None)
        self.notes.focus_input()
        self._saved()
        self.call_started.emit(call.id)

    @needs_data
    def offer_resume(self) -> bool:
        """At start-up: a call that never reached wrap-up is offered back to the agent."""
        call = self._calls.interrupted_call()
        if call is None:
            return False
        record = self._calls.record(call.id)
        if self.ask.resume(self, call, len(record.notes)):
            self._calls.resume_call(call.id)
            self._enter_call(call, self._calls.record(call.id))
            return True
        self._calls.end_call(call.id, None, open_steps=0)
        self.statusBar().showMessage("The interrupted call was filed with no outcome.")
        return False

    @needs_data
    def end_call(self) -> None:
        if self._call is None:
            self.statusBar().showMessage("No call is running. Ctrl+N starts one.")
            return
        self.retry_pending_notes()
        if self.outbox is not None and any(p.call_id == self._call.id
                                           for p in self.outbox.pending):
            # Its notes must land on the call before it closes, or they could never be stored.
            self.show_message("This call still has notes the disk refused. They are retried "
                              "every few seconds; wrap up once they are saved (free some disk "
                              "space or check the data folder).")
            return
        self.save_customer()
        open_steps = self.steps.open_steps()
        wrap = self.ask.wrap_up(self, open_steps)
        # Back to this window once the dialog closes: without a window manager Qt leaves no
        # window active, and the keys (Ctrl+N for the next call) would stop working.
        self.activateWindow()
        if wrap is None:
            self.notes.focus_input()
            return
        try:
            self._calls.end_call(self._call.id, wrap.outcome, wrap.category, wrap.root_cause,
                                 open_steps=len(open_steps))
        except self._save_errors as exc:
            self.show_message(f"Could not save the wrap-up: {exc}. The call is still open; "
                              "press Ctrl+E to try again.")
            return
        ended = self._call.id
        self._call = None
        self.header.call_ended()
        self.mood.show_value(None)
        self._show_playbook(self._playbook, set())
        self.statusBar().showMessage("Call saved. Ctrl+N starts the next one.")
        self.call_ended.emit(ended)

    def save_customer(self) -> None:
        self._customer_save.stop()
        if self._call is None:
            return
        try:
            self._call = self._calls.update_customer(self._call.id, self.header.customer())
        except self._save_errors as exc:
            self.show_message(f"Could not save the customer details: {exc}")
            return
        self._saved()

    def save_note(self, text: str) -> None:
        if self._calls is None:
            # Out of the pad now, so a second Enter cannot send it twice; stored on attach.
            self.notes.note_saved(text)
            self.notes.add_waiting(text)
            self._waiting.append(functools.partial(self._store_note, text, from_pad=False))
            self.statusBar().showMessage("Opening your call history…")
            return
        self._store_note(text)

    def _store_note(self, text: str, from_pad: bool = True) -> None:
        if self._call is None and self.start_call() is None:
            return
        assert self._call is not None
        pending = self.outbox.submit(self._call.id, text, self._call.started_at)
        if pending is None:
            return  # only blanks or control characters: nothing to keep
        self.notes.add_pending(pending)  # on screen at once; confirmed below once on disk
        if from_pad:
            self.notes.note_saved(text)  # safe in the outbox either way: out of the pad
        self.retry_pending_notes()

    def retry_pending_notes(self) -> list[tuple[PendingNote, Note]]:
        """Write notes the disk refused, oldest first; warn while any are still waiting."""
        saved = self.outbox.flush()
        for pending, note in saved:
            self.notes.confirm(pending, note)
            self.note_saved.emit(note)
        waiting = len(self.outbox.pending)
        if waiting:
            self._retry.start()
            self._outbox_warning = True
            self.show_message(
                f"The disk refused {'a note' if waiting == 1 else f'{waiting} notes'} "
                f"({self.outbox.last_error}). {'It is' if waiting == 1 else 'They are'} kept "
                "here and retried every few seconds: keep CalmCall open and free some disk "
                "space or check the data folder.")
        else:
            self._retry.stop()
            if self._outbox_warning:  # only our own warning: others stay until dismissed
                self._outbox_warning = False
                self.message_bar.hide()
            if saved:
                self._saved()
        return saved

    @needs_data
    def toggle_step(self, number: int) -> None:
        step = self.steps.step_at(number)
        if step is not None:
            self._on_step_toggled(step.id, step.id not in self.steps.ticked())

    @needs_data
    def _on_step_toggled(self, step_id: str, checked: bool) -> None:
        step = self._playbook.step(step_id)
        if step is None or (self._call is None and self.start_call() is None):
            return
        assert self._call is not None
        try:
            if checked:
                _check, note = self._calls.tick_step(self._call.id, step)
            else:
                note = self._calls.untick_step(self._call.id, step)
        except self._save_errors as exc:
            self.show_message(f"Could not save the step: {exc}")
            self.steps.set_checked(step_id, not checked)
            return
        self.steps.set_checked(step_id, checked)
        self.notes.add_line(note)
        self._show_step_cards()
        self._saved()

    @needs_data
    def record_mood(self, value: int) -> None:
        if self._call is None and self.start_call() is None:
            return
        assert self._call is not None
        try:
            _sample, note = self._calls.record_mood(self._call.id, value)
        except self._save_errors as exc:
            self.show_message(f"Could not save the mood: {exc}")
            return
        self.mood.show_value(value)
        self.notes.add_line(note)
        self._saved()

    def use_card(self, card: Card) -> None:
        text = self.cards.show_card(card)
        QGuiApplication.clipboard().setText(text)
        if self._call is not None:
            try:
                _use, note = self._calls.record_card_use(self._call.id, card)
            except self._save_errors as exc:
                self.show_message(f"Could not record the card: {exc}")
            else:
                self.notes.add_line(note)
                self._saved()
        if self.cards.search_field.hasFocus():
            self.cards.search_field.clear()
            self.notes.focus_input()
        self.statusBar().showMessage(f"“{card.title}” copied to the clipboard.", 4000)

    def render_card(self, text: str) -> str:
        return fill(text, {
            "customer": self.header.customer().name,
            "agent": self._settings["agent_name"],
            "company": self._settings["company"],
            "callback_time": (self.callback_desk.callback_phrase(self._call.id)
                              if self.callback_desk and self._call else ""),
        })

    # -- history (the work is in ui/history_view.py) ---------------------------------------

    @needs_data
    def show_insights(self) -> None:
        """View ▸ Insights (Ctrl+I): its own window, so a running call is never blocked."""
        if self._open_insights is None:
            return
        if self.insights is None:
            self.insights = self._open_insights(self, self.history)
        self.insights.open()

    @needs_data
    def show_history(self) -> None:
        if self.history is not None:
            self.history.open()

    def open_call_in_history(self, call_id: int) -> None:
        """A call from today's list: its whole story in the history window's call detail."""
        if self.history is not None:
            self.history.open()
            self.history.select_call(call_id)

    @needs_data
    def print_summary(self) -> None:
        """Ctrl+P: the call chosen in history when it is in front, else the running call."""
        if self.history is None or not self.history.print_for(
                self._call.id if self._call else None):
            self.statusBar().showMessage("No call to print: start one, or choose one in the "
                                         "history (Ctrl+H).", 6000)

    # -- callbacks (the work is in ui/callback_desk.py) ------------------------------------

    @needs_data
    def promise_callback(self) -> None:
        if self.callback_desk is None:
            return
        if self._call is None:
            self.statusBar().showMessage("No call is running: Ctrl+N starts one, then Ctrl+B "
                                         "promises a callback.", 6000)
            return
        self.save_customer()
        if self.callback_desk.promise(self._call, self.header.customer().phone) is not None:
            self._saved()
        self.notes.focus_input()  # back to typing, as after every dialog the agent opens

    @needs_data
    def show_today_callbacks(self) -> None:
        if self.callback_desk is not None:
            self.callback_desk.show_today()

    def _on_callback_note(self, note: Note) -> None:
        if self._call is not None and note.call_id == self._call.id:
            self.notes.add_line(note)

    # -- playbooks -----------------------------------------------------------------------

    def choose_playbook(self, playbook_id: str) -> None:
        playbook = self._playbooks.get(playbook_id)
        if playbook is None or playbook.id == self._playbook.id:
            return
        if self._call is not None:
            try:
                self._call = self._calls.set_playbook(self._call.id, playbook.id)
            except self._save_errors as exc:
                self.show_message(f"Could not switch playbook: {exc}")
                self.header.show_playbook(self._playbook.id)
                return
        self._playbook = playbook
        ticked = self.steps.ticked() if self._call else set()
        self._show_playbook(playbook, ticked)

    def _show_playbook(self, playbook: Playbook, ticked: set[str]) -> None:
        self.steps.set_playbook(playbook, ticked)
        self._show_step_cards()

    def _show_step_cards(self) -> None:
        step = self.steps.current_step()
        self.cards.show_step_cards(list(step.cards) if step else list(self._playbook.cards))

    def _on_step_focused(self, step_id: str) -> None:
        step = self._playbook.step(step_id)
        if step is not None:
            self.cards.show_step_cards(list(step.cards))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        if self.outbox is not None and self.outbox.pending:
            self.retry_pending_notes()
        if self.outbox is not None and self.outbox.pending and \
                not self.ask.close_with_unsaved(self, len(self.outbox.pending)):
            event.ignore()
            return
        self.save_customer()
        if self._window_state is not None:
            self._window_state.save(self)
        super().closeEvent(event)
