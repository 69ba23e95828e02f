"""Posting weekly digests in Slack: the message, its picture in the thread, and claimed weeks.

The digest itself is what matters: once it is posted and recorded, the picture is extra, and a
failed upload is logged and never undoes or repeats the post.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError
from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.services.digest_plans import schedule_of
from bot.services.digest_schedule import Weekly
from bot.services.digests import WeekDigest, digest_week
from bot.slack.blocks import Message
from bot.slack.blocks_digest import digest_message, preview_message, without_picture
from bot.slack.clients import REVOKED, Clients
from handlers.slack.common import SLACK_FAILURES, slack_reason
from storage import digests as ledger
from storage.models import DigestPost

log = logging.getLogger(__name__)
# Slack's answers that mean the digest cannot go to this channel, however often it is tried.
CANNOT_POST = {"channel_not_found", "is_archived", "not_in_channel", "restricted_action"}
TOO_LATE = timedelta(days=7)  # by then the next week's digest is due: post that one instead


@dataclass
class DigestDelivery:
    """What one run posted."""

    posted: int = 0
    failed: int = 0
    dropped: int = 0


def footer(weekly: Weekly | None) -> str:
    """Say when the digest comes, and how to change that."""
    if weekly is None:
        return "Posted on request. `/digest on Monday 9am` posts it every week."
    return (
        f"Posted {weekly.phrase()} ({weekly.zone}). "
        "`/digest preview` shows it to you first · `/digest off` stops it."
    )


def channel_digest(
    session: Session,
    *,
    team_id: str,
    channel_id: str,
    end: datetime,
    now: datetime,
    zone: str,
    preview: bool = False,
) -> tuple[WeekDigest, Message]:
    """Work out and render a channel's digest of the week ending at `end` (or its preview)."""
    weekly = schedule_of(session, team_id=team_id, channel_id=channel_id)
    digest = digest_week(session, team_id=team_id, channel_id=channel_id, end=end, now=now,
                         zone=weekly.zone if weekly else zone)  # fmt: skip
    render = preview_message if preview else digest_message
    return digest, render(digest, footer=footer(weekly))


def render_channel_digest(
    session: Session, *, team_id: str, channel_id: str, now: datetime, zone: str = "UTC"
) -> Message:
    """Return the digest a channel would get at `now` (what `/digest preview` shows)."""
    return channel_digest(
        session, team_id=team_id, channel_id=channel_id, end=now, now=now, zone=zone
    )[1]


def share_picture(client: WebClient, digest: WeekDigest, *, ts: str) -> bool:
    """Upload the run chart into the digest's thread; False when skipped or failed."""
    if not digest.has_history:
        return False
    from bot.digest_chart import chart_title, trend_alt_text, trend_png  # loads matplotlib

    day = digest.end.date().isoformat()
    try:
        png = trend_png(digest.trend, zone=digest.zone)
        client.files_upload_v2(
            channel=digest.channel_id, thread_ts=ts, content=png, filename=f"digest-{day}.png",
            title=chart_title(digest.trend),
            alt_txt=trend_alt_text(digest.trend, zone=digest.zone),
        )  # fmt: skip
    except (SlackClientError, OSError) as error:  # refused, timed out, or the line dropped
        log.warning("the digest of %s went out without its picture: %s", digest.channel_id, error)
        return False
    except Exception:  # the digest is posted and recorded: never undo or repeat it for a picture
        log.exception("the picture of the digest of %s could not be drawn", digest.channel_id)
        return False
    return True


def picture_or_words(client: WebClient, digest: WeekDigest, message: Message, *, ts: str) -> None:
    """Share the picture in the post's thread; when it cannot be, say it in the post in words."""
    if share_picture(client, digest, ts=ts) or not digest.has_history:
        return
    try:  # the post says the picture is in its thread: it must not, when it is not
        client.chat_update(channel=digest.channel_id, ts=ts, **without_picture(message, digest))
    except SLACK_FAILURES as error:
        log.warning("the digest of %s still points at its picture: %s", digest.channel_id,
                    slack_reason(error))  # fmt: skip


def post_digest(client: WebClient, digest: WeekDigest, message: Message) -> str:
    """Post a digest in its channel, then its picture in the thread; return the post's ts."""
    posted = client.chat_postMessage(channel=digest.channel_id, **message)
    ts = str(posted["ts"])
    picture_or_words(client, digest, message, ts=ts)
    return ts


def deliver_digests(deps: Deps, clients: Clients, *, token: str) -> DigestDelivery:
    """Post every week's digest this run holds, with its workspace's token."""
    now = deps.now()
    with deps.transaction() as session:
        claimed = ledger.claims_to_post(session, token=token, now=now)
    result = DigestDelivery()
    for post in claimed:
        client = clients.client_for(post.team_id)
        if client is None:  # the workspace removed Backbone: given up when it is marked
            result.dropped += 1
            continue
        try:
            _deliver(deps, client, post, result)
        except Exception:  # one channel's trouble must not stop every other channel's digest
            log.exception("the digest of %s failed; it will be tried again", post.channel_id)
            _failed(deps, post, "unexpected error", result)
    return result


def _deliver(deps: Deps, client: WebClient, post: DigestPost, result: DigestDelivery) -> None:
    now = deps.now()
    with deps.transaction() as session:
        reason = _why_not(session, post, now)
        if reason:
            ledger.give_up(session, post_id=post.id, reason=reason)
            result.dropped += 1
            return
        digest, message = channel_digest(session, team_id=post.team_id, channel_id=post.channel_id,
                                         end=post.slot_at, now=now, zone="UTC")  # fmt: skip
    try:
        posted = client.chat_postMessage(channel=post.channel_id, **message)
    except SLACK_FAILURES as error:  # timeouts and broken connections too, after the retries
        reason = slack_reason(error)
        if reason in REVOKED:  # given up with the workspace's other work when it is marked
            result.dropped += 1
        elif reason in CANNOT_POST:
            log.warning("the digest of %s cannot be posted: %s", post.channel_id, reason)
            with deps.transaction() as session:
                ledger.give_up(session, post_id=post.id, reason=reason)
            result.dropped += 1
        else:
            _failed(deps, post, reason, result)
        return
    with deps.transaction() as session:
        ledger.mark_posted(session, post_id=post.id, now=now, ts=str(posted["ts"]))
    result.posted += 1
    picture_or_words(client, digest, message, ts=str(posted["ts"]))


def _why_not(session: Session, post: DigestPost, now: datetime) -> str:
    if post.slot_at <= now - TOO_LATE:
        return "a newer week's digest is due"
    if schedule_of(session, team_id=post.team_id, channel_id=post.channel_id) is None:
        return "the digest was turned off"
    return ""


def _failed(deps: Deps, post: DigestPost, reason: str, result: DigestDelivery) -> None:
    log.warning("the digest of %s was not posted (%s); it will be tried again", post.channel_id,
                reason)  # fmt: skip
    with deps.transaction() as session:
        ledger.mark_failed(session, post_id=post.id, now=deps.now(), error=reason)
    result.failed += 1
