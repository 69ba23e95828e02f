"""Delivering claimed reminders as DMs, and the once-only notes to creators, through the port."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.deps import Deps
from bot.errors import NotFound
from bot.messages import reminders as words
from bot.messages.parts import Message
from bot.port import ChatError, ChatPort, Kind, Ports, PostRef
from bot.services.actions import SYSTEM, flag_needs_owner, mark_needs_help
from bot.services.directory import person_for
from bot.services.ladder import ESCALATION_STEP
from bot.services.nudges import zone_named
from storage import nudges as ledger
from storage.models import ActionItem, Nudge, Status
from storage.people import deactivated_among, get_person, mark_deactivated

log = logging.getLogger(__name__)
# What means this person can no longer get messages. (A revoked token is Backbone's own: the
# workspace removed it, and its work is given up when the workspace is marked.)
GONE: frozenset[Kind] = frozenset({"no_person", "cannot_post"})


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
    deps: Deps, ports: Ports, *, token: str, clock: Callable[[], datetime] | None = None
) -> Delivery:
    """Send every reminder this run holds, one DM per person, in their own workspace."""
    run = Run(token, clock or deps.now)
    with deps.transaction() as session:
        claimed = ledger.claim_for_delivery(session, token=token, now=deps.now())
    by_person: dict[tuple[str, str], list[Nudge]] = defaultdict(list)
    for nudge in claimed:
        by_person[(nudge.team_id, nudge.user_id)].append(nudge)
    result = Delivery()
    for (team_id, user_id), nudges in by_person.items():
        port = ports.for_team(team_id)
        if port is None:  # the workspace removed Backbone: given up when it is marked
            result.dropped += len(nudges)
            continue
        try:
            _deliver_to(deps, port, run, (team_id, user_id), nudges, result)
        except Exception:  # one person's trouble must not stop everyone's reminders
            log.exception("reminders for one person failed; they will be tried again")
            _failed(deps, run, nudges, "unexpected error", result)
    return result


def _deliver_to(
    deps: Deps,
    port: ChatPort,
    run: Run,
    person: tuple[str, str],
    nudges: list[Nudge],
    result: Delivery,
) -> None:
    team_id, user_id = person
    if not _reachable(deps, port, team_id, user_id):
        _owner_gone(deps, team_id, user_id, nudges)
        result.dropped += len(nudges)
        return
    live, items = _still_ours(deps, run, nudges, result)
    if not live:
        return
    message = _reminder_for(deps, team_id, user_id, [(items[n.action_id], n.step) for n in live])
    try:
        posted = port.dm(user_id, message)
    except ChatError as error:  # timeouts and broken connections too, after the retries
        _not_sent(deps, run, person, live, error, result)
        return
    _sent(deps, run, live, posted)
    result.sent += len(live)


def _reminder_for(
    deps: Deps, team_id: str, user_id: str, entries: list[tuple[ActionItem, str]]
) -> Message:
    with deps.transaction() as session:
        owner = get_person(session, team_id=team_id, user_id=user_id)
        zone = zone_named(owner.tz if owner else None, deps.default_zone)
    return words.reminder(entries, now=deps.now(), zone=zone)


def _not_sent(
    deps: Deps,
    run: Run,
    person: tuple[str, str],
    live: list[Nudge],
    error: ChatError,
    result: Delivery,
) -> None:
    if error.kind == "revoked":  # given up with the workspace's other work when it is marked
        result.dropped += len(live)
    elif error.kind in GONE:
        _owner_gone(deps, *person, live)
        result.dropped += len(live)
    else:
        _failed(deps, run, live, error.reason, result)


def _sent(deps: Deps, run: Run, live: list[Nudge], posted: PostRef) -> None:
    now = deps.now()
    with deps.transaction() as session:
        ledger.mark_sent(session, ids=[n.id for n in live], token=run.token, now=now,
                         channel=posted.channel, ts=posted.id)  # fmt: skip
        escalated = (n.action_id for n in live if n.step == ESCALATION_STEP)
        for item in ledger.items_by_id(session, escalated).values():
            mark_needs_help(session, item=item, now=now, by=SYSTEM)


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


def _reachable(deps: Deps, port: ChatPort, team_id: str, user_id: str) -> bool:
    try:
        person = person_for(deps, port, team_id=team_id, user_id=user_id)
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


def tell_creators(deps: Deps, ports: Ports) -> int:
    """Tell creators, once each, about items that need help or a new owner; return how many."""
    with deps.transaction() as session:
        items = ledger.items_to_tell_creators(session)
        # Only a lost owner's note names who left: no query per item for the others.
        gone = {
            item.id: deactivated_among(session, team_id=item.team_id, user_ids=item.owner_ids)
            for item in items
            if item.needs_owner and item.owner_flagged_at is None
        }
    return sum(_tell_creator(deps, ports, item, gone.get(item.id, [])) for item in items)


def _tell_creator(deps: Deps, ports: Ports, item: ActionItem, gone: list[str]) -> int:
    port = ports.for_team(item.team_id)
    if port is None:
        return 0  # told when the workspace installs Backbone again
    lost_owner = item.needs_owner and item.owner_flagged_at is None
    column = "owner_flagged_at" if lost_owner else "escalated_at"
    with deps.transaction() as session:
        if not ledger.claim_once(session, item_id=item.id, column=column, now=deps.now()):
            return 0  # another run is telling them
    if not lost_owner and item.creator_id in item.owner_ids:
        return 0  # they asked it of themselves and have had the reminders
    try:
        port.dm(item.creator_id, _creator_note(item, gone, lost_owner=lost_owner))
    except ChatError as error:
        log.warning("could not tell the creator of %s: %s", item.code, error.reason)
        return 0
    return 1


def _creator_note(item: ActionItem, gone: list[str], *, lost_owner: bool) -> Message:
    if lost_owner:
        return words.owner_left(item, gone)
    if item.help_requested_at is not None:
        return words.help_asked(item)
    return words.escalation(item)
