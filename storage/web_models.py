"""The web pages' records: the stored signing key, and polls' links (open, and one per person).

A link's `code` is the unguessable part of its address (`/p/<code>`, 96 random bits). A link
for a named person is that code plus the person's row id, signed with the stored key
(bot/webpages/tokens.py); its `label` is what the poll's creator called them ("Advisor 1"),
never a client's personal data (the privacy refusal applies).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, PlatformId, UTCDateTime


class WebKey(Base):
    """A random secret made once and shared by every process (never logged, never shown)."""

    __tablename__ = "web_keys"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    secret: Mapped[str] = mapped_column(String(128))  # hex
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PollLink(Base):
    """A poll's web address: its code, the page's language, and whether anyone may vote by it."""

    __tablename__ = "poll_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"), unique=True)
    team_id: Mapped[str] = mapped_column(PlatformId)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    language: Mapped[str] = mapped_column(String(8), default="en")
    # False once the creator made links for named people: then only those links take votes.
    open_votes: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str] = mapped_column(PlatformId)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PollLinkPerson(Base):
    """One named person's link to a poll: one vote, changeable until the poll closes."""

    __tablename__ = "poll_link_people"
    __table_args__ = (Index("ix_poll_link_people_link", "link_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("poll_links.id", ondelete="CASCADE"))
    team_id: Mapped[str] = mapped_column(PlatformId)
    label: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
