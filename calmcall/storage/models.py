"""ORM models. Only `calmcall.storage` and the services see these rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from calmcall.storage.types import TZDateTime

# Alembic's batch mode on SQLite needs named constraints to alter them later.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CallRow(Base):
    __tablename__ = "calls"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_name: Mapped[str] = mapped_column(Text, default="")
    customer_phone: Mapped[str] = mapped_column(String(64), default="")
    customer_account: Mapped[str] = mapped_column(String(128), default="")
    playbook_id: Mapped[str] = mapped_column(String(64))
    started_at: Mapped[datetime] = mapped_column(TZDateTime, index=True)
    ended_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    outcome: Mapped[str | None] = mapped_column(String(32))
    category: Mapped[str] = mapped_column(String(64), default="")
    root_cause: Mapped[str] = mapped_column(Text, default="")

    notes: Mapped[list[NoteRow]] = relationship(
        back_populates="call", cascade="all, delete-orphan", order_by="NoteRow.id"
    )


class NoteRow(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(TZDateTime)
    elapsed_s: Mapped[float]
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)

    call: Mapped[CallRow] = relationship(back_populates="notes")


class StepCheckRow(Base):
    __tablename__ = "step_checks"
    __table_args__ = (UniqueConstraint("call_id", "step_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    step_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    done_at: Mapped[datetime] = mapped_column(TZDateTime)
    elapsed_s: Mapped[float]


class MoodSampleRow(Base):
    __tablename__ = "mood_samples"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(TZDateTime)
    value: Mapped[int]


class CardUseRow(Base):
    __tablename__ = "card_uses"

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    card_id: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(TZDateTime)
    elapsed_s: Mapped[float]


class CallbackRow(Base):
    __tablename__ = "callbacks"
    __table_args__ = (
        Index("ix_callbacks_status_due", "status", "due_at"),
        # "Done today" on the day's list, and kept-on-time in the review, look up by done_at.
        Index("ix_callbacks_done_at", "done_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[int] = mapped_column(ForeignKey("calls.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(TZDateTime)
    due_at: Mapped[datetime] = mapped_column(TZDateTime)
    promise: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(64), default="")
    cadence_minutes: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16), default="open")
    done_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    # The time first promised: snoozes and reschedules move due_at, not this, so "kept on time"
    # is measured against what the customer was told.
    original_due_at: Mapped[datetime | None] = mapped_column(TZDateTime)
    # When the reminder for the current due_at was shown; cleared when due_at moves.
    reminded_at: Mapped[datetime | None] = mapped_column(TZDateTime)


class CallbackEventRow(Base):
    """What happened to a callback: promised, no answer, update, snoozed, rescheduled, done..."""

    __tablename__ = "callback_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    callback_id: Mapped[int] = mapped_column(ForeignKey("callbacks.id", ondelete="CASCADE"),
                                             index=True)
    at: Mapped[datetime] = mapped_column(TZDateTime)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    due_at: Mapped[datetime | None] = mapped_column(TZDateTime)  # the due time after the event
