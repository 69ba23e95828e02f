"""Backbone's tables. Every row belongs to a workspace (`team_id`); instants are stored in UTC."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    ColumnElement,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """An instant stored as naive UTC and read back as an aware UTC datetime, on every database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; attach a zone first")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


# Every id a chat platform gives (workspace, person, channel, message, event) fits in this:
# Slack's are under 32 characters, Teams' (`29:…`, `19:…@thread.tacv2`) run to 150 and more.
# One bounded size for all, as most of them are keys or indexed.
ID_LENGTH = 255
PlatformId = String(ID_LENGTH)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Platform(enum.StrEnum):
    """The chat platform a workspace is on."""

    SLACK = "slack"
    TEAMS = "teams"


class Status(enum.StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


class Workspace(Base):
    __tablename__ = "workspaces"
    __table_args__ = (CheckConstraint("platform IN ('slack', 'teams')", name="platform"),)

    # Slack's team id (T…), or the Teams tenant id (a GUID).
    team_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    platform: Mapped[str] = mapped_column(
        String(16), default=Platform.SLACK, server_default=Platform.SLACK.value
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    action_seq: Mapped[int] = mapped_column(Integer, default=0)
    decision_seq: Mapped[int] = mapped_column(Integer, default=0)
    poll_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    goal_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    cycle_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Counts under this are shown as "fewer than N" (small counts can identify someone).
    small_count: Mapped[int] = mapped_column(Integer, default=11, server_default="11")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Working hours, in each person's own zone: minutes after midnight, ISO weekdays (Mon = 1).
    workday_start: Mapped[int] = mapped_column(Integer, default=9 * 60, server_default="540")
    workday_end: Mapped[int] = mapped_column(Integer, default=17 * 60, server_default="1020")
    workdays: Mapped[str] = mapped_column(String(7), default="12345", server_default="12345")
    # When Slack said Backbone was removed (or its token stopped working): scheduled work skips
    # the workspace, its records stay, and installing again clears it.
    uninstalled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Person(Base):
    __tablename__ = "people"

    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    tz: Mapped[str] = mapped_column(String(64))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    deactivated: Mapped[bool] = mapped_column(Boolean, default=False)
    refreshed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    away_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # When they last opened Backbone's Home tab; None: never, so there is no Home to refresh.
    home_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Channel(Base):
    __tablename__ = "channels"

    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), primary_key=True)
    channel_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    is_archived: Mapped[bool] = mapped_column(Boolean, default=False)


IN_DUE_ORDER = ("due_at", "number")


class ActionItem(Base):
    __tablename__ = "action_items"
    __table_args__ = (
        UniqueConstraint("team_id", "number"),
        Index("ix_action_items_team_status_due", "team_id", "status", "due_at"),
        Index("ix_action_items_team_channel", "team_id", "channel_id"),
        Index("ix_action_items_source", "team_id", "source_channel", "source_ts"),
        Index("ix_action_items_announce_pending", "announce_pending_until"),
        # Bounded lists (migration 0013): a channel's and a creator's open items, in due order.
        Index("ix_action_items_channel_open", "team_id", "channel_id", "status", *IN_DUE_ORDER),
        Index("ix_action_items_creator_open", "team_id", "creator_id", "status", *IN_DUE_ORDER),
        Index("ix_action_items_team_cycle", "team_id", "cycle_id"),  # migration 0017
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    creator_id: Mapped[str] = mapped_column(PlatformId)
    channel_id: Mapped[str] = mapped_column(PlatformId)
    source_url: Mapped[str | None] = mapped_column(Text, default=None)
    announce_channel: Mapped[str | None] = mapped_column(PlatformId, default=None)
    announce_ts: Mapped[str | None] = mapped_column(PlatformId, default=None)
    # Set when the item is saved and still owes its channel post (an outbox): from this moment a
    # tick may post it. Cleared once posted, or once posting is known to have happened or failed
    # for good. Saved in the same transaction as the item, so a crash before the post loses nothing.
    announce_pending_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    due_all_day: Mapped[bool] = mapped_column(Boolean, default=False)
    due_tz: Mapped[str | None] = mapped_column(String(64), default=None)
    status: Mapped[str] = mapped_column(String(16), default=Status.OPEN)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # "every Monday", "every 2 weeks", "every month": done makes the next occurrence.
    recurrence: Mapped[str | None] = mapped_column(String(64), default=None)
    # The message it was captured from, so edits to that message can follow.
    source_channel: Mapped[str | None] = mapped_column(PlatformId, default=None)
    source_ts: Mapped[str | None] = mapped_column(PlatformId, default=None)
    # Flags the digest lists, and when the creator was told about them (once).
    needs_help: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    help_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    needs_owner: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    owner_flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The test of change (T-<n>) this item is a task of, if any.
    cycle_id: Mapped[int | None] = mapped_column(
        ForeignKey("cycles.id", ondelete="SET NULL"), default=None
    )

    owners: Mapped[list[ActionOwner]] = relationship(
        back_populates="item",
        cascade="all, delete-orphan",
        order_by="ActionOwner.position",
        lazy="selectin",
    )

    @property
    def code(self) -> str:
        """The code people use for the item, like A-12."""
        return f"A-{self.number}"

    @property
    def owner_ids(self) -> list[str]:
        """The owners' user ids, in the order they were named."""
        return [owner.user_id for owner in self.owners]


def needs_help_untold() -> ColumnElement[bool]:
    """Items that need help and whose creator was not told yet (a partial index holds them)."""
    return and_(ActionItem.needs_help.is_(True), ActionItem.escalated_at.is_(None))


def needs_owner_untold() -> ColumnElement[bool]:
    """Items whose owner left and whose creator was not told yet (a partial index holds them)."""
    return and_(ActionItem.needs_owner.is_(True), ActionItem.owner_flagged_at.is_(None))


# The scheduler looks for these every tick: partial indexes keep that to the few flagged rows.
# Their WHERE is said per database once an engine names it (`declare_for_database`).
PARTIAL_INDEXES: dict[Index, Callable[[], ColumnElement[bool]]] = {
    Index("ix_action_items_help_untold", ActionItem.id): needs_help_untold,
    Index("ix_action_items_owner_untold", ActionItem.id): needs_owner_untold,
}


class ActionOwner(Base):
    __tablename__ = "action_owners"
    __table_args__ = (
        Index("ix_action_owners_user", "user_id"),
        Index("ix_action_owners_next_nudge", "next_nudge_at"),
        Index("ix_action_owners_user_item", "user_id", "action_id"),  # migration 0013
    )

    action_id: Mapped[int] = mapped_column(
        ForeignKey("action_items.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # When this owner's next reminder about this item falls due; None when none is planned.
    next_nudge_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    item: Mapped[ActionItem] = relationship(back_populates="owners")


class ActionEvent(Base):
    """One line of an item's history: who did what, when."""

    __tablename__ = "action_events"
    __table_args__ = (Index("ix_action_events_action_at", "action_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action_items.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(PlatformId)
    kind: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[str] = mapped_column(PlatformId)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Decision(Base):
    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("team_id", "number"),
        ForeignKeyConstraint(["team_id"], ["workspaces.team_id"]),
        # Home's decisions (migration 0013): by channel and time, and by who recorded them.
        Index("ix_decisions_team_channel_created", "team_id", "channel_id", "created_at"),
        Index("ix_decisions_team_recorder", "team_id", "recorder_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(PlatformId)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    recorder_id: Mapped[str] = mapped_column(PlatformId)
    channel_id: Mapped[str] = mapped_column(PlatformId)
    source_url: Mapped[str | None] = mapped_column(Text, default=None)
    source_channel: Mapped[str | None] = mapped_column(PlatformId, default=None)
    source_ts: Mapped[str | None] = mapped_column(PlatformId, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    @property
    def code(self) -> str:
        """The code people use for the decision, like D-3."""
        return f"D-{self.number}"


class ProcessedEvent(Base):
    """An Events API delivery already handled: retries with the same id change nothing."""

    __tablename__ = "processed_events"

    team_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    event_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MessageCapture(Base):
    """A message Backbone captured from (lines, or a :pushpin:), and its reply in the thread."""

    __tablename__ = "message_captures"
    __table_args__ = (UniqueConstraint("team_id", "channel_id", "message_ts", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(PlatformId)
    channel_id: Mapped[str] = mapped_column(PlatformId)
    message_ts: Mapped[str] = mapped_column(PlatformId)
    kind: Mapped[str] = mapped_column(String(16))
    reply_ts: Mapped[str | None] = mapped_column(PlatformId, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NudgeState(enum.StrEnum):
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    GAVE_UP = "gave_up"


class Nudge(Base):
    """The ledger of reminders: one row per item, owner and ladder step, ever.

    The unique key is what makes a reminder go out at most once, however many processes tick.
    """

    __tablename__ = "nudges"
    __table_args__ = (
        UniqueConstraint("action_id", "user_id", "step"),
        Index("ix_nudges_state_lease", "state", "lease_until"),
        Index("ix_nudges_state_retry", "state", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(PlatformId)
    action_id: Mapped[int] = mapped_column(ForeignKey("action_items.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(PlatformId)
    step: Mapped[str] = mapped_column(String(32))
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default=NudgeState.CLAIMED)
    claim_token: Mapped[str | None] = mapped_column(String(36), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(String(200), default=None)
    dm_channel: Mapped[str | None] = mapped_column(PlatformId, default=None)
    dm_ts: Mapped[str | None] = mapped_column(PlatformId, default=None)


class DigestSchedule(Base):
    """A channel's weekly digest: the weekday and wall-clock time it goes out, in one zone.

    The local time and zone are kept (not a UTC instant) so the digest follows DST; `next_run_at`
    is that next local time in UTC, so a tick finds what is due with one indexed query.
    """

    __tablename__ = "digest_schedules"
    __table_args__ = (Index("ix_digest_schedules_next_run", "next_run_at"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), primary_key=True)
    channel_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    weekday: Mapped[int] = mapped_column(Integer)  # ISO: Monday = 1 … Sunday = 7
    minute: Mapped[int] = mapped_column(Integer)  # minutes after local midnight
    tz: Mapped[str] = mapped_column(String(64))
    set_by: Mapped[str] = mapped_column(PlatformId)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_run_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DigestPost(Base):
    """The ledger of scheduled digests: one row per channel and week, ever.

    The unique key is what makes a week's digest go out at most once, however many processes tick.
    States are those of the nudge ledger (`NudgeState`): claimed, sent, failed, gave_up.
    """

    __tablename__ = "digest_posts"
    __table_args__ = (
        UniqueConstraint("team_id", "channel_id", "week"),
        Index("ix_digest_posts_state_lease", "state", "lease_until"),
        Index("ix_digest_posts_state_retry", "state", "next_try_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(PlatformId)
    channel_id: Mapped[str] = mapped_column(PlatformId)
    week: Mapped[str] = mapped_column(String(10))  # ISO week of the local posting day: 2026-W49
    slot_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default=NudgeState.CLAIMED)
    claim_token: Mapped[str | None] = mapped_column(String(36), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    message_ts: Mapped[str | None] = mapped_column(PlatformId, default=None)
    last_error: Mapped[str | None] = mapped_column(String(200), default=None)


class PollMode(enum.StrEnum):
    EMOJI = "emoji"  # votes are reactions, public like any reaction
    ANONYMOUS = "anonymous"  # votes are button clicks, kept as keyed hashes (see PollBallot)


class Poll(Base):
    """A feedback poll, P-<n>: its question and options, how it is voted, and its results."""

    __tablename__ = "polls"
    __table_args__ = (
        UniqueConstraint("team_id", "number"),
        Index("ix_polls_message", "team_id", "channel_id", "message_ts"),
        Index("ix_polls_closes", "closed_at", "closes_at"),
        Index("ix_polls_repeat", "repeat_at"),
        Index("ix_polls_team_channel_closed", "team_id", "channel_id", "closed_at"),
        Index("ix_polls_post_pending", "post_pending_until"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"))
    number: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    options: Mapped[list[str]] = mapped_column(JSON)
    mode: Mapped[str] = mapped_column(String(16), default=PollMode.EMOJI)
    multi: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The creator's zone, where `closes` was read; dates fall back to it where Slack can't
    # show each reader their own.
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    repeat: Mapped[str | None] = mapped_column(String(16), default=None)  # "weekly"
    # Set when the poll is saved, cleared once its post is known (the outbox, as for items): a
    # tick finds the post of a poll whose process died before recording it, or posts it.
    post_pending_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # When the next weekly copy is due; None once it is made, or when the poll does not repeat.
    repeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    channel_id: Mapped[str] = mapped_column(PlatformId)
    message_ts: Mapped[str | None] = mapped_column(PlatformId, default=None)
    source_url: Mapped[str | None] = mapped_column(Text, default=None)
    creator_id: Mapped[str] = mapped_column(PlatformId)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_by: Mapped[str | None] = mapped_column(PlatformId, default=None)  # None: on schedule
    # {"counts": [int, …], "voters": int}, written once when the poll closes.
    results: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    results_ts: Mapped[str | None] = mapped_column(PlatformId, default=None)
    # Anonymous polls only, and only while open: deleted at close (see bot/services/ballots.py).
    ballot_salt: Mapped[str | None] = mapped_column(String(64), default=None)
    # Running counts on the poll message are redrawn at most every few seconds (anonymous polls).
    counts_stale: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    counts_shown_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    @property
    def code(self) -> str:
        """The code people use for the poll, like P-3."""
        return f"P-{self.number}"

    @property
    def anonymous(self) -> bool:
        """Tell whether votes are anonymous button clicks."""
        return self.mode == PollMode.ANONYMOUS


class PollVote(Base):
    """One option emoji a person reacted with on an emoji poll (public in Slack anyway).

    `reacted_at` is Slack's time of the reaction; None for reactions first seen when reconciling
    with reactions.get, which counts them as older than any reaction heard about as it happened.
    """

    __tablename__ = "poll_votes"

    poll_id: Mapped[int] = mapped_column(
        ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    option: Mapped[int] = mapped_column(Integer, primary_key=True)
    team_id: Mapped[str] = mapped_column(PlatformId)
    reacted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class PollBallot(Base):
    """One person's anonymous ballot: a keyed hash instead of who, and what they chose.

    No user id, no timestamp, no sequence number: nothing here says who voted or in what order.
    On SQLite the table has no rowid either (rowids grow with each insert, so they would give
    the order of the votes); rows are kept in the order of their hashes. Ballots are deleted
    when the poll closes; only the counts remain.
    """

    __tablename__ = "poll_ballots"  # WITHOUT ROWID on SQLite: see `declare_for_database`

    poll_id: Mapped[int] = mapped_column(
        ForeignKey("polls.id", ondelete="CASCADE"), primary_key=True
    )
    voter: Mapped[str] = mapped_column(String(64), primary_key=True)
    team_id: Mapped[str] = mapped_column(PlatformId)
    options: Mapped[list[int]] = mapped_column(JSON)


class Coordinator(Base):
    """Someone a coordinator named to see every channel's overdue items (admins are by role)."""

    __tablename__ = "coordinators"

    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), primary_key=True)
    user_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    added_by: Mapped[str] = mapped_column(PlatformId)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)


class HealthCheck(Base):
    """One row `/healthz` writes, to learn whether the database still takes writes."""

    __tablename__ = "health_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime)


class NorthStar(Base):
    """A channel's north star: the one long-term aim its goals serve."""

    __tablename__ = "north_stars"

    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), primary_key=True)
    channel_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    set_by: Mapped[str] = mapped_column(PlatformId)
    set_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Goal(Base):
    """A measure a channel watches, G-<n>: numbers only, never people.

    `kind` is "goal", "capacity" (a provider's open slots, units or vouchers) or "bfz" (a Built
    for Zero template measure, `template` naming which). Values come every period of `cadence`
    ("weekly", "biweekly", "monthly"); `next_checkin_at` is when the scheduler next looks at it.
    """

    __tablename__ = "goals"
    __table_args__ = (
        UniqueConstraint("team_id", "number"),
        Index("ix_goals_team_channel", "team_id", "channel_id"),
        Index("ix_goals_next_checkin", "next_checkin_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"))
    number: Mapped[int] = mapped_column(Integer)
    channel_id: Mapped[str] = mapped_column(PlatformId)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="goal")
    template: Mapped[str | None] = mapped_column(String(64), default=None)
    higher_is_better: Mapped[bool] = mapped_column(Boolean, default=False)
    is_count: Mapped[bool] = mapped_column(Boolean, default=True)
    baseline: Mapped[float | None] = mapped_column(Float, default=None)
    target: Mapped[float | None] = mapped_column(Float, default=None)
    target_date: Mapped[date | None] = mapped_column(Date, default=None)
    owner_id: Mapped[str | None] = mapped_column(PlatformId, default=None)
    cadence: Mapped[str] = mapped_column(String(16), default="monthly")
    # Weekly: the ISO weekday check-ins go out; monthly: the day of the month (None: the first).
    cadence_day: Mapped[int | None] = mapped_column(Integer, default=None)
    method: Mapped[str] = mapped_column(String(8), default="ihi")  # "ihi" or "anhoj"
    # The first this-many values are the baseline: their median is frozen as the centre line.
    baseline_points: Mapped[int | None] = mapped_column(Integer, default=None)
    # Built for Zero, chronic: the individuals in the latest point-in-time count (0.1% of it, or 3,
    # is how many people functional zero allows); None when the coordinator has not given it.
    point_in_time_count: Mapped[int | None] = mapped_column(Integer, default=None)
    # Capacity: flag it in the digest when it stays unused (above zero) this many days.
    idle_days: Mapped[int | None] = mapped_column(Integer, default=None)
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    created_by: Mapped[str] = mapped_column(PlatformId)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    next_checkin_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    @property
    def code(self) -> str:
        """The code people use for the goal, like G-1."""
        return f"G-{self.number}"


class GoalValue(Base):
    """One period's value of a goal; a second report for the period replaces the first."""

    __tablename__ = "goal_values"
    __table_args__ = (UniqueConstraint("goal_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(PlatformId)
    period: Mapped[str] = mapped_column(String(16))  # "2026-11", or a week's Monday "2026-11-02"
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    reported_by: Mapped[str] = mapped_column(PlatformId)
    reported_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GoalCheckin(Base):
    """The ledger of check-in DMs: one row per goal, period and step, ever (as `Nudge`)."""

    __tablename__ = "goal_checkins"
    __table_args__ = (
        UniqueConstraint("goal_id", "period", "step"),
        Index("ix_goal_checkins_state_lease", "state", "lease_until"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(PlatformId)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    period: Mapped[str] = mapped_column(String(16))
    step: Mapped[str] = mapped_column(String(16))
    user_id: Mapped[str] = mapped_column(PlatformId)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default=NudgeState.CLAIMED)
    claim_token: Mapped[str | None] = mapped_column(String(36), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(String(200), default=None)


class TeamsConversation(Base):
    """Where Backbone can speak in Teams: a conversation reference, kept from the activities.

    The workspace column is `team_id` as in every table (it holds the tenant id); the adapter
    calls it `tenant_id`, and `teams_team_id` is a Teams team (a group of channels).

    Bot Framework reaches a conversation only through the `service_url` its activities came
    from; a person's personal chat (`kind` "personal") is how Backbone sends them a DM; a channel
    (`kind` "channel") belongs to the Teams team `teams_team_id`. `active` is False while the app
    is uninstalled there. `home_activity_id` is the card showing the person's Home, if any.
    """

    __tablename__ = "teams_conversations"
    __table_args__ = (
        UniqueConstraint("team_id", "conversation_id"),
        Index("ix_teams_conversations_person", "team_id", "person_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column("team_id", PlatformId)
    conversation_id: Mapped[str] = mapped_column(PlatformId)
    kind: Mapped[str] = mapped_column(String(16))  # "personal", "channel" or "groupChat"
    service_url: Mapped[str] = mapped_column(String(500))
    person_id: Mapped[str | None] = mapped_column(PlatformId, default=None)
    teams_team_id: Mapped[str | None] = mapped_column(PlatformId, default=None)
    name: Mapped[str | None] = mapped_column(String(200), default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    home_activity_id: Mapped[str | None] = mapped_column(PlatformId, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TeamsPost(Base):
    """What Backbone posted in Teams: Bot Framework cannot read messages back, so we keep them.

    `conversation_id` is the channel (no `;messageid=` suffix); `thread_id` the post a reply is
    under. The tag and the plain text are what the port's `read` and `find_tagged` answer.
    """

    __tablename__ = "teams_posts"
    __table_args__ = (
        UniqueConstraint("team_id", "conversation_id", "activity_id"),
        Index("ix_teams_posts_tagged", "team_id", "conversation_id", "tag_kind", "posted_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column("team_id", PlatformId)
    conversation_id: Mapped[str] = mapped_column(PlatformId)
    activity_id: Mapped[str] = mapped_column(PlatformId)
    thread_id: Mapped[str | None] = mapped_column(PlatformId, default=None)
    tag_kind: Mapped[str | None] = mapped_column(String(64), default=None)
    tag_values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    text: Mapped[str] = mapped_column(Text, default="")
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class TeamsPicture(Base):
    """A picture Backbone shared in Teams, served at an unguessable address for its cards.

    A Teams message holds about 28 KB, too little for a chart inline, so the card points here.
    """

    __tablename__ = "teams_pictures"
    __table_args__ = (Index("ix_teams_pictures_team_created", "team_id", "created_at"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    tenant_id: Mapped[str] = mapped_column("team_id", PlatformId)
    png: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class CycleStatus(enum.StrEnum):
    """Where a test of change stands: being done, studied, then adopted, adapted or abandoned."""

    DOING = "doing"
    STUDIED = "studied"
    ADOPTED = "adopted"
    ADAPTED = "adapted"
    ABANDONED = "abandoned"
    STOPPED = "stopped"


class Cycle(Base):
    """A test of change, T-<n>: a Plan-Do-Study-Act cycle, with its prediction and what it taught.

    Its tasks are action items whose `cycle_id` points here. `next_study_at` is when the scheduler
    next looks at it (the start of the day after `ends_on`, in `tz`); None once studied. A ramp's
    next cycle `follows` this one; a scale-out copy in another channel is `scaled_from` it.
    """

    __tablename__ = "cycles"
    __table_args__ = (
        UniqueConstraint("team_id", "number"),
        Index("ix_cycles_team_channel", "team_id", "channel_id"),
        Index("ix_cycles_next_study", "next_study_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"))
    number: Mapped[int] = mapped_column(Integer)
    channel_id: Mapped[str] = mapped_column(PlatformId)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("goals.id", ondelete="SET NULL"), default=None
    )
    change_idea: Mapped[str] = mapped_column(Text)
    question: Mapped[str] = mapped_column(Text)
    prediction: Mapped[str] = mapped_column(Text)
    measure: Mapped[str | None] = mapped_column(Text, default=None)
    plan: Mapped[str | None] = mapped_column(Text, default=None)  # who, what, when, where
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    tz: Mapped[str] = mapped_column(String(64), default="UTC")
    status: Mapped[str] = mapped_column(String(16), default=CycleStatus.DOING)
    created_by: Mapped[str] = mapped_column(PlatformId)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    announce_channel: Mapped[str | None] = mapped_column(PlatformId, default=None)
    announce_ts: Mapped[str | None] = mapped_column(PlatformId, default=None)
    # Study: what happened, beside what was predicted.
    observations: Mapped[str | None] = mapped_column(Text, default=None)
    result: Mapped[str | None] = mapped_column(Text, default=None)
    surprise: Mapped[str | None] = mapped_column(Text, default=None)
    learning: Mapped[str | None] = mapped_column(Text, default=None)
    studied_by: Mapped[str | None] = mapped_column(PlatformId, default=None)
    studied_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Act: adopt, adapt or abandon, and why.
    decision_reason: Mapped[str | None] = mapped_column(Text, default=None)
    decided_by: Mapped[str | None] = mapped_column(PlatformId, default=None)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    follows_id: Mapped[int | None] = mapped_column(
        ForeignKey("cycles.id", ondelete="SET NULL"), default=None
    )
    scaled_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("cycles.id", ondelete="SET NULL"), default=None
    )
    next_study_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    owners: Mapped[list[CycleOwner]] = relationship(
        back_populates="cycle",
        cascade="all, delete-orphan",
        order_by="CycleOwner.position",
        lazy="selectin",
    )

    @property
    def code(self) -> str:
        """The code people use for the cycle, like T-3."""
        return f"T-{self.number}"

    @property
    def owner_ids(self) -> list[str]:
        """The owners' user ids, in the order they were named."""
        return [owner.user_id for owner in self.owners]


class CycleOwner(Base):
    """One owner of a test of change."""

    __tablename__ = "cycle_owners"
    __table_args__ = (Index("ix_cycle_owners_user", "user_id"),)

    cycle_id: Mapped[int] = mapped_column(
        ForeignKey("cycles.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    cycle: Mapped[Cycle] = relationship(back_populates="owners")


class CycleStudyNudge(Base):
    """The ledger of Study reminders: one row per cycle, owner and step, ever (as `GoalCheckin`)."""

    __tablename__ = "cycle_study_nudges"
    __table_args__ = (
        UniqueConstraint("cycle_id", "user_id", "step"),
        Index("ix_cycle_study_nudges_state_lease", "state", "lease_until"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(PlatformId)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(PlatformId)
    step: Mapped[str] = mapped_column(String(32))
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default=NudgeState.CLAIMED)
    claim_token: Mapped[str | None] = mapped_column(String(36), default=None)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_error: Mapped[str | None] = mapped_column(String(200), default=None)


class ProgressPage(Base):
    """A channel's public progress page, at `/progress/<code>`: one per channel, while published.

    The code is random (128 bits) and is the page's only key: unpublishing deletes the row, so
    the old address stops working at once, and publishing again makes a new one.
    """

    __tablename__ = "progress_pages"
    __table_args__ = (UniqueConstraint("code"),)

    team_id: Mapped[str] = mapped_column(ForeignKey("workspaces.team_id"), primary_key=True)
    channel_id: Mapped[str] = mapped_column(PlatformId, primary_key=True)
    code: Mapped[str] = mapped_column(String(64))
    show_titles: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(8), default="en")
    published_by: Mapped[str] = mapped_column(PlatformId)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime)


# The web pages' tables live beside these (storage/web_models.py); loading them here puts them in
# Base.metadata wherever the models are used.
import storage.web_models  # noqa: E402, F401


def declare_for_database(dialect: str) -> None:
    """Give the schema its options in this database's terms (DDL and schema checks read them).

    The partial indexes' WHERE, and SQLite's WITHOUT ROWID for ballots (migrations 0008, 0012
    made them so). Said here instead of in the declarations, because naming a database there
    loads its SQLAlchemy dialect into every process: both dialects cost a tenth of a second of
    a cold `backbone tick`.
    """
    if dialect not in {"sqlite", "postgresql"}:
        return
    for index, where in PARTIAL_INDEXES.items():
        index.dialect_options[dialect]["where"] = where()
    if dialect == "sqlite":
        Base.metadata.tables["poll_ballots"].dialect_options["sqlite"]["with_rowid"] = False
