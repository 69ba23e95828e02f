"""Delivering claimed reminders as DMs, and the once-only notes to creators."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from slack_sdk import WebClient

from bot.deps import Deps
from bot.errors import NotFound
from bot.services.actions import SYSTEM, flag_needs_owner, mark_needs_help
from bot.services.directory import person_for
from bot.services.ladder import ESCALATION_STEP
from bot.services.nudges import zone_named
from bot.slack import blocks_nudge
from bot.slack.clients import REVOKED, Clients
from bot.slack.port import SlackPort
from handlers.slack.common import SLACK_FAILURES, slack_reason
from storage import nudges as ledger
from storage.models import ActionItem, Nudge, Status
from storage.people import deactivated_among, get_person, mark_deactivated

log = logging.getLogger(__name__)
# Slack's answers that mean this person can no longer get messages. (`account_inactive` is the
# bot's own token being dead: the workspace removed Backbone, see bot/clients.py.)
GONE = {"user_not_found", "user_disabled", "cannot_dm_bot"}


@dataclass(frozen=True)
class Run:
    """Who is delivering: the run's claim token, and its clock for renewing leases.

    The clock moves with real time from the run's `now`, so a long run keeps its leases current.
    """

    token: str
    clock: Callable[[], datetime]


@dataclass
class Delivery:
    """What one run delivered."""

    sent: int = 0
    failed: int = 0
    dropped: int = 0


def deliver_nudges(
    deps: Deps, clients: Clients, *, token: str, clock: Callable[[], datetime] | None = None
) -> Delivery:
    """Send every reminder this run holds, one DM per person, with their workspace's token."""
    now = deps.now()
    run = Run(token, clock or deps.now)
    with deps.transaction() as session:
        claimed = ledger.claim_for_delivery(session, token=token, now=now)
    by_person: dict[tuple[str, str], list[Nudge]] = defaultdict(list)
    for nudge in claimed:
        by_person[(nudge.team_id, nudge.user_id)].append(nudge)
    result = Delivery()
    for (team_id, user_id), nudges in by_person.items():
        client = clients.client_for(team_id)
        if client is None:  # the workspace removed Backbone: given up when it is marked
            result.dropped += len(nudges)
            continue
        try:
            _deliver_to(deps, client, run, (team_id, user_id), nudges, result)
        except Exception:  # one person's trouble must not stop everyone's reminders
            log.exception("reminders for one person failed; they will be tried again")
            _failed(deps, run, nudges, "unexpected error", result)
    return result


def _deliver_to(
    deps: Deps,
    client: WebClient,
    run: Run,
    person: tuple[str, str],
    nudges: list[Nudge],
    result: Delivery,
) -> None:
    now, (team_id, user_id) = deps.now(), person
    if not _reachable(deps, client, team_id, user_id):
        _owner_gone(deps, team_id, user_id, nudges)
        result.dropped += len(nudges)
        return
    live, items = _still_ours(deps, run, nudges, result)
    with deps.transaction() as session:
        owner = get_person(session, team_id=team_id, user_id=user_id)
        zone = zone_named(owner.tz if owner else None, deps.default_zone)
    if not live:
        return
    entries = [(items[n.action_id], n.step) for n in live]
    message = blocks_nudge.reminder(entries, now=now, zone=zone)
    try:
        posted = client.chat_postMessage(channel=user_id, **message)
    except SLACK_FAILURES as error:  # timeouts and broken connections too, after the retries
        reason = slack_reason(error)
        if reason in REVOKED:  # given up with the workspace's other work when it is marked
            result.dropped += len(live)
        elif reason in GONE:
            _owner_gone(deps, team_id, user_id, live)
            result.dropped += len(live)
        else:
            _failed(deps, run, live, reason, result)
        return
    with deps.transaction() as session:
        ledger.mark_sent(session, ids=[n.id for n in live], token=run.token, now=now,
                         channel=posted["channel"], ts=posted["ts"])  # fmt: skip
        escalated = (n.action_id for n in live if n.step == ESCALATION_STEP)
        for item in ledger.items_by_id(session, escalated).values():
            mark_needs_help(session, item=item, now=now, by=SYSTEM)
    result.sent += len(live)


def _still_ours(
    deps: Deps, run: Run, nudges: list[Nudge], result: Delivery
) -> tuple[list[Nudge], dict[int, ActionItem]]:
    """Renew the claims this run still holds, just before the send, and drop closed items.

    A run slower than its lease may have lost some claims to another run: those are theirs
    to send now, not ours. A send is bounded by the client's timeout, far under the lease.
    """
    with deps.transaction() as session:
        held = ledger.renew_claims(session, ids=[n.id for n in nudges], token=run.token,
                                   lease_until=run.clock() + ledger.LEASE)  # fmt: skip
        items = ledger.items_by_id(session, (n.action_id for n in nudges))
        closed = [n.id for n in nudges if n.id in held and items[n.action_id].status != Status.OPEN]
        ledger.give_up(session, ids=closed, reason="closed before it was sent")
    if len(held) < len(nudges):
        log.info("another run took over %d reminder(s) of this one", len(nudges) - len(held))
    result.dropped += len(closed)
    return [n for n in nudges if n.id in held and n.id not in closed], items


def _failed(deps: Deps, run: Run, nudges: Sequence[Nudge], reason: str, result: Delivery) -> None:
    log.warning("reminder delivery failed (%s); it will be tried again", reason)
    ids = [n.id for n in nudges]
    with deps.transaction() as session:
        ledger.mark_failed(session, ids=ids, token=run.token, now=deps.now(), error=reason)
    result.failed += len(nudges)


def _reachable(deps: Deps, client: WebClient, team_id: str, user_id: str) -> bool:
    try:
        person = person_for(deps, SlackPort(client), team_id=team_id, user_id=user_id)
    except NotFound:
        return False
    return not person.deactivated


def _owner_gone(deps: Deps, team_id: str, user_id: str, nudges: Sequence[Nudge]) -> None:
    now = deps.now()
    with deps.transaction() as session:
        mark_deactivated(session, team_id=team_id, user_id=user_id, now=now)
        ledger.give_up(session, ids=[n.id for n in nudges], reason="owner deactivated")
        for item in ledger.items_by_id(session, (n.action_id for n in nudges)).values():
            flag_needs_owner(session, item=item, now=now)


def tell_creators(deps: Deps, clients: Clients) -> int:
    """Tell creators, once each, about items that need help or a new owner; return how many."""
    with deps.transaction() as session:
        items = ledger.items_to_tell_creators(session)
        # Only a lost owner's note names who left: no query per item for the others.
        gone = {
            item.id: deactivated_among(session, team_id=item.team_id, user_ids=item.owner_ids)
            for item in items
            if item.needs_owner and item.owner_flagged_at is None
        }
    return sum(_tell_creator(deps, clients, item, gone.get(item.id, [])) for item in items)


def _tell_creator(deps: Deps, clients: Clients, item: ActionItem, gone: list[str]) -> int:
    client = clients.client_for(item.team_id)
    if client is None:
        return 0  # told when the workspace installs Backbone again
    lost_owner = item.needs_owner and item.owner_flagged_at is None
    column = "owner_flagged_at" if lost_owner else "escalated_at"
    with deps.transaction() as session:
        if not ledger.claim_once(session, item_id=item.id, column=column, now=deps.now()):
            return 0  # another run is telling them
    if not lost_owner and item.creator_id in item.owner_ids:
        return 0  # they asked it of themselves and have had the reminders
    if lost_owner:
        message = blocks_nudge.owner_left(item, gone)
    elif item.help_requested_at is not None:
        message = blocks_nudge.help_asked(item)
    else:
        message = blocks_nudge.escalation(item)
    try:
        client.chat_postMessage(channel=item.creator_id, **message)
    except SLACK_FAILURES as error:
        log.warning("could not tell the creator of %s: %s", item.code, error)
        return 0
    return 1
