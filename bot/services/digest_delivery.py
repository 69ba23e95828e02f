"""Posting the weekly digests a run holds: each channel's, through its workspace's port.

Kept apart from `bot.services.digest_posts` (what a digest says, its picture) so that a tick
with no digest due, which is most minutes, loads none of that: it is imported once a claim is
held.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.port import CANNOT_POST, ChatError, ChatPort, Ports
from bot.services.digest_plans import schedule_of
from storage import digests as ledger
from storage.models import DigestPost

log = logging.getLogger(__name__)
TOO_LATE = timedelta(days=7)  # by then the next week's digest is due: post that one instead


@dataclass
class DigestDelivery:
    """What one run posted."""

    posted: int = 0
    failed: int = 0
    dropped: int = 0


def deliver_digests(deps: Deps, ports: Ports, *, token: str) -> DigestDelivery:
    """Post every week's digest this run holds, through its workspace's port."""
    now = deps.now()
    with deps.transaction() as session:
        claimed = ledger.claims_to_post(session, token=token, now=now)
    result = DigestDelivery()
    for post in claimed:
        port = ports.for_team(post.team_id)
        if port is None:  # the workspace removed Backbone: given up when it is marked
            result.dropped += 1
            continue
        try:
            _deliver(deps, port, post, result)
        except Exception:  # one channel's trouble must not stop every other channel's digest
            log.exception("the digest of %s failed; it will be tried again", post.channel_id)
            _failed(deps, post, "unexpected error", result)
    return result


def _deliver(deps: Deps, port: ChatPort, post: DigestPost, result: DigestDelivery) -> None:
    from bot.services.digest_posts import channel_digest, picture_or_words  # see the docstring

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
        ref = port.post(post.channel_id, message)
    except ChatError as error:  # timeouts and broken connections too, after the retries
        _not_posted(deps, post, error, result)
        return
    with deps.transaction() as session:
        ledger.mark_posted(session, post_id=post.id, now=now, ts=ref.id)
    result.posted += 1
    picture_or_words(port, digest, message, ref=ref, draw=deps.charts)


def _not_posted(deps: Deps, post: DigestPost, error: ChatError, result: DigestDelivery) -> None:
    if error.kind == "revoked":  # given up with the workspace's other work when it is marked
        result.dropped += 1
    elif error.kind in CANNOT_POST:
        log.warning("the digest of %s cannot be posted: %s", post.channel_id, error.reason)
        with deps.transaction() as session:
            ledger.give_up(session, post_id=post.id, reason=error.reason)
        result.dropped += 1
    else:
        _failed(deps, post, error.reason, result)


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
