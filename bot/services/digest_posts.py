"""Posting weekly digests: the message, its picture in the thread, and claimed weeks.

The digest itself is what matters: once it is posted and recorded, the picture is extra. It is
drawn by the chart worker (`bot.chart_worker`), outside this process unless the caller says
otherwise; a picture that cannot be drawn or uploaded is logged, the post says so in words, and
the post is never undone or repeated.
"""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.chart_worker import ChartFailed, Drawer, draw_chart
from bot.digest_chart import KIND, chart_title, trend_alt_text, trend_chart
from bot.messages.digest import digest_message, footer, preview_message, without_picture
from bot.messages.parts import Message
from bot.port import ChatError, ChatPort, PostRef
from bot.services.digest_plans import schedule_of
from bot.services.digests import WeekDigest, digest_week
from bot.services.goal_charts import share_chart

log = logging.getLogger(__name__)


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
    """Work out a channel's digest of the week ending at `end` (or its preview)."""
    weekly = schedule_of(session, team_id=team_id, channel_id=channel_id)
    digest = digest_week(session, team_id=team_id, channel_id=channel_id, end=end, now=now,
                         zone=weekly.zone if weekly else zone)  # fmt: skip
    build = preview_message if preview else digest_message
    return digest, build(digest, footer=footer(weekly))


def channel_digest_now(
    session: Session, *, team_id: str, channel_id: str, now: datetime, zone: str = "UTC"
) -> Message:
    """Return the digest a channel would get at `now` (what `/digest preview` shows)."""
    return channel_digest(
        session, team_id=team_id, channel_id=channel_id, end=now, now=now, zone=zone
    )[1]


def share_picture(port: ChatPort, digest: WeekDigest, *, ref: PostRef, draw: Drawer) -> bool:
    """Upload the run chart into the digest's thread; False when skipped or failed."""
    if not digest.has_history:
        return False
    day = digest.end.date().isoformat()
    try:
        png = draw(KIND, trend_chart(digest.trend, zone=digest.zone))
        port.upload_image(
            digest.channel_id, png, name=f"digest-{day}", title=chart_title(digest.trend),
            alt=trend_alt_text(digest.trend, zone=digest.zone), thread=ref,
        )  # fmt: skip
    except ChartFailed as error:
        log.warning("the picture of the digest of %s could not be drawn: %s", digest.channel_id,
                    error.reason)  # fmt: skip
        return False
    except (ChatError, OSError) as error:  # refused, timed out, or the line dropped
        log.warning("the digest of %s went out without its picture: %s", digest.channel_id,
                    error.reason if isinstance(error, ChatError) else error)  # fmt: skip
        return False
    except Exception:  # the digest is posted and recorded: never undo or repeat it for a picture
        log.exception("the picture of the digest of %s could not be shared", digest.channel_id)
        return False
    return True


def picture_or_words(
    port: ChatPort, digest: WeekDigest, message: Message, *, ref: PostRef, draw: Drawer
) -> None:
    """Share the pictures in the post's thread; when the trend's cannot be, say it in words."""
    trend_picture_or_words(port, digest, message, ref=ref, draw=draw)
    share_goal_charts(port, digest, ref=ref, draw=draw)


def share_goal_charts(port: ChatPort, digest: WeekDigest, *, ref: PostRef, draw: Drawer) -> None:
    """Upload the run chart of each goal with a signal into the digest's thread."""
    today = digest.end.astimezone(ZoneInfo(digest.zone)).date()
    for picture in digest.goals:
        if not picture.report.signals:
            continue
        try:
            share_chart(port, picture, today, channel=digest.channel_id, thread=ref, draw=draw)
        except Exception:  # the digest is posted: a picture never undoes or repeats it
            log.exception("the run chart of %s could not be drawn", picture.goal.code)


def trend_picture_or_words(
    port: ChatPort, digest: WeekDigest, message: Message, *, ref: PostRef, draw: Drawer
) -> None:
    """Share the trend picture in the thread; when it cannot be, say it in the post in words."""
    if share_picture(port, digest, ref=ref, draw=draw) or not digest.has_history:
        return
    try:  # the post says the picture is in its thread: it must not, when it is not
        port.update(ref, without_picture(message, digest))
    except ChatError as error:
        log.warning("the digest of %s still points at its picture: %s", digest.channel_id,
                    error.reason)  # fmt: skip


def post_digest(
    port: ChatPort, digest: WeekDigest, message: Message, *, draw: Drawer = draw_chart
) -> PostRef:
    """Post a digest in its channel, then its picture in the thread; return where it is."""
    ref = port.post(digest.channel_id, message)
    picture_or_words(port, digest, message, ref=ref, draw=draw)
    return ref
