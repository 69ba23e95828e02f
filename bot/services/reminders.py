"""Delivering claimed reminders as DMs, and the once-only notes to creators, through the port.

Delivery works a batch of claims at a time: one transaction loads the batch's people, items and
owners and renews its claims; each person then gets one DM; what became of each is written back
together (one statement per kind of outcome), every few seconds and at the end, so the time a
batch takes is the chat platform's. A batch's outcomes that cannot be written together are
written person by person, so one bad row does not lose the others'.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.errors import NotFound
from bot.port import ChatError, ChatPort, Kind, Ports, PostRef
from bot.services.directory import STALE_AFTER, fetch_profile
from bot.services.item_flags import SYSTEM, flag_needs_owner
from bot.services.ladder import ESCALATION_STEP
from bot.services.nudges import zone_named
from storage import nudges as ledger
from storage.models import ActionItem, Nudge, Person, Status
from storage.people import Profile, mark_deactivated, save_profiles
from storage.workspaces import ensure_workspace

if TYPE_CHECKING:
    from bot.messages.parts import Message

log = logging.getLogger(__name__)
# What means this person can no longer get messages. (A revoked token is Backbone's own: the
# workspace removed it, and its work is given up when the workspace is marked.)
GONE: frozenset[Kind] = frozenset({"no_person", "cannot_post"})
BATCH = 500  # claims loaded together
# How often a batch writes down what it sent: a crash re-sends at most this much of it.
WRITE_EVERY = timedelta(seconds=2)

PersonKey = tuple[str, str]  # (team_id, user_id)


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


@dataclass
class Outcome:
    """What became of one person's reminders, to be written to the ledger."""

    person: PersonKey
    kind: Literal["sent", "failed", "gone", "dropped", "none"]
    nudges: Sequence[Nudge] = ()
    posted: PostRef | None = None
    error: str = ""
    profile: Profile | None = None  # what the platform just told us of them


@dataclass
class Batch:
    """One batch of claims, loaded together: its items, the people, the claims still held."""

    nudges: dict[PersonKey, list[Nudge]]
    items: dict[int, ActionItem]
    people: dict[PersonKey, Person]
    held: set[int]
    renewed_at: datetime


@dataclass
class Writer:
    """Outcomes waiting to be written, and when they were last written."""

    deps: Deps
    run: Run
    result: Delivery
    pending: list[Outcome] = field(default_factory=list)
    written_at: datetime | None = None

    def add(self, outcome: Outcome) -> None:
        """Note an outcome; write what waits when it has waited long enough."""
        self.pending.append(outcome)
        now = self.run.clock()
        if self.written_at is None:
            self.written_at = now
        elif now - self.written_at >= WRITE_EVERY:
            self.write()

    def write(self) -> None:
        """Write every waiting outcome together, or person by person if that fails."""
        pending, self.pending = self.pending, []
        self.written_at = self.run.clock()
        if not pending:
            return
        try:
            with self.deps.transaction() as session:
                _record(session, pending, token=self.run.token, now=self.deps.now())
        except Exception:  # one bad row must not lose the others' outcomes
            log.exception("writing a batch of reminder outcomes failed; writing them one by one")
            for outcome in pending:
                self._write_one(outcome)

    def _write_one(self, outcome: Outcome) -> None:
        try:
            with self.deps.transaction() as session:
                _record(session, [outcome], token=self.run.token, now=self.deps.now())
        except Exception:
            log.exception("could not record one person's reminders; their claims will expire")


def deliver_nudges(
    deps: Deps, ports: Ports, *, token: str, clock: Callable[[], datetime] | None = None
) -> Delivery:
    """Send every reminder this run holds, one DM per person, in their own workspace."""
    run = Run(token, clock or deps.now)
    with deps.transaction() as session:
        claimed = ledger.claim_for_delivery(session, token=token, now=deps.now())
    writer = Writer(deps, run, Delivery())
    try:
        for chunk in _batches(claimed):
            _deliver_batch(deps, ports, run, _load(deps, run, chunk, writer.result), writer)
    finally:
        writer.write()
    return writer.result


def _batches(claimed: Sequence[Nudge]) -> Iterator[dict[PersonKey, list[Nudge]]]:
    """Group claims by person, and people into batches of about BATCH claims."""
    by_person: dict[PersonKey, list[Nudge]] = defaultdict(list)
    for nudge in claimed:
        by_person[(nudge.team_id, nudge.user_id)].append(nudge)
    batch: dict[PersonKey, list[Nudge]] = {}
    size = 0
    for person, nudges in by_person.items():
        batch[person] = nudges
        size += len(nudges)
        if size >= BATCH:
            yield batch
            batch, size = {}, 0
    if batch:
        yield batch


def _load(deps: Deps, run: Run, nudges: dict[PersonKey, list[Nudge]], result: Delivery) -> Batch:
    """Renew a batch's claims and load what its DMs need, in one transaction.

    A run slower than its lease may have lost some claims to another run: those are theirs to
    send now, not ours. Items closed since they were planned are given up here.
    """
    every = [n for group in nudges.values() for n in group]
    renewed_at = run.clock()
    with deps.transaction() as session:
        held = ledger.renew_claims(session, ids=[n.id for n in every], token=run.token,
                                   lease_until=renewed_at + ledger.LEASE)  # fmt: skip
        items = ledger.items_by_id(session, (n.action_id for n in every), with_owners=False)
        people = ledger.people_by_key(session, nudges.keys())
        closed = [n.id for n in every if n.id in held and items[n.action_id].status != Status.OPEN]
        ledger.give_up(session, ids=closed, reason="closed before it was sent")
    if len(held) < len(every):
        log.info("another run took over %d reminder(s) of this one", len(every) - len(held))
    result.dropped += len(closed)
    return Batch(nudges, items, people, held - set(closed), renewed_at)


@dataclass(frozen=True)
class Ready:
    """A person whose reminders can go: their workspace's port, zone and fresh profile."""

    port: ChatPort
    tz: str | None
    profile: Profile | None


def _deliver_batch(deps: Deps, ports: Ports, run: Run, batch: Batch, writer: Writer) -> None:
    """Look up whoever is due a look, then send each person their DM.

    Every lookup comes before any DM, so no sent reminder waits to be written while we wait on
    the platform; after lookups the batch's claims are renewed once, as that wait has no bound
    of ours. (A DM's wait is bounded by the client's timeout, far under the lease.)
    """
    ready: dict[PersonKey, Ready] = {}
    asked = False
    for person, nudges in batch.nudges.items():
        port = ports.for_team(person[0])
        if port is None:  # the workspace removed Backbone: given up when it is marked
            writer.result.dropped += len(nudges)
            continue
        try:
            looked, outcome = _look_up(deps, port, batch, person)
        except Exception:  # one person's trouble must not stop everyone's reminders
            log.exception("reminders for one person failed; they will be tried again")
            _note(writer, _trouble(batch, person))
            continue
        asked = asked or looked.asked
        if outcome is None:
            ready[person] = Ready(port, looked.tz, looked.profile)
        else:
            _note(writer, outcome)
    if asked:
        _renew(deps, run, batch)
    for person, who in ready.items():
        try:
            outcome = _send(deps, run, batch, person, who)
        except Exception:  # one person's trouble must not stop everyone's reminders
            log.exception("reminders for one person failed; they will be tried again")
            outcome = _trouble(batch, person)
        _note(writer, outcome)


def _trouble(batch: Batch, person: PersonKey) -> Outcome:
    live = [n for n in batch.nudges[person] if n.id in batch.held]
    return Outcome(person, "failed", live, error="unexpected error")


def _note(writer: Writer, outcome: Outcome) -> None:
    _count(outcome, writer.result)
    writer.add(outcome)


def _count(outcome: Outcome, result: Delivery) -> None:
    if outcome.kind == "sent":
        result.sent += len(outcome.nudges)
    elif outcome.kind == "failed":
        result.failed += len(outcome.nudges)
        log.warning("reminder delivery failed (%s); it will be tried again", outcome.error)
    elif outcome.kind in ("gone", "dropped"):
        result.dropped += len(outcome.nudges)


@dataclass(frozen=True)
class Looked:
    """What we know of a person before their DM: their zone, and whether we asked the platform."""

    tz: str | None
    profile: Profile | None
    asked: bool


def _look_up(
    deps: Deps, port: ChatPort, batch: Batch, person: PersonKey
) -> tuple[Looked, Outcome | None]:
    """Learn a person's zone, asking the platform if not asked for a day; or say they left."""
    nudges = batch.nudges[person]
    known = batch.people.get(person)
    asked = known is None or deps.now() - known.refreshed_at >= STALE_AFTER
    try:
        profile = _fresh_profile(deps, port, known, person[1]) if asked else None
    except NotFound:
        return Looked(None, None, asked), Outcome(person, "gone", nudges)
    if profile.deactivated if profile else bool(known and known.deactivated):
        return Looked(None, profile, asked), Outcome(person, "gone", nudges, profile=profile)
    tz = profile.tz if profile else known.tz if known else None
    return Looked(tz, profile, asked), None


def _send(deps: Deps, run: Run, batch: Batch, person: PersonKey, who: Ready) -> Outcome:
    live = _still_held(deps, run, batch, batch.nudges[person])
    if not live:
        return Outcome(person, "none", profile=who.profile)
    message = _reminder_for(deps, [(batch.items[n.action_id], n.step) for n in live], who.tz)
    try:
        posted = who.port.dm(person[1], message)
    except ChatError as error:  # timeouts and broken connections too, after the retries
        return _not_sent(person, live, error, who.profile)
    return Outcome(person, "sent", live, posted=posted, profile=who.profile)


def _fresh_profile(
    deps: Deps, port: ChatPort, known: Person | None, user_id: str
) -> Profile | None:
    """Ask the platform about a person; None when it does not answer and what we know will do."""
    try:
        return fetch_profile(port, user_id=user_id, fallback_zone=deps.default_zone.key)
    except ChatError as error:  # refused, or no answer in time
        if known is None:  # someone who left is NotFound, which is not caught here
            raise
        log.warning("looking a person up failed (%s); using what we knew", error.reason)
        return None


def _still_held(deps: Deps, run: Run, batch: Batch, nudges: list[Nudge]) -> list[Nudge]:
    """Return the claims still ours, renewing the batch's when half a lease has passed."""
    if run.clock() - batch.renewed_at >= ledger.LEASE / 2:
        _renew(deps, run, batch)
    return [n for n in nudges if n.id in batch.held]


def _renew(deps: Deps, run: Run, batch: Batch) -> None:
    """Renew the claims the batch still holds; a run that took some over keeps them."""
    now = run.clock()
    with deps.transaction() as session:
        held = ledger.renew_claims(session, ids=sorted(batch.held), token=run.token,
                                   lease_until=now + ledger.LEASE)  # fmt: skip
    if len(held) < len(batch.held):
        log.info("another run took over %d reminder(s) of this one", len(batch.held) - len(held))
    batch.held, batch.renewed_at = held, now


def _reminder_for(deps: Deps, entries: list[tuple[ActionItem, str]], tz: str | None) -> Message:
    from bot.messages import reminders as words  # loaded at the first DM: most ticks send none

    return words.reminder(entries, now=deps.now(), zone=zone_named(tz, deps.default_zone))


def _not_sent(
    person: PersonKey, live: list[Nudge], error: ChatError, profile: Profile | None
) -> Outcome:
    if error.kind == "revoked":  # given up with the workspace's other work when it is marked
        return Outcome(person, "dropped", live, profile=profile)
    if error.kind in GONE:
        return Outcome(person, "gone", live, profile=profile)
    return Outcome(person, "failed", live, error=error.reason, profile=profile)


def _record(session: Session, outcomes: Sequence[Outcome], *, token: str, now: datetime) -> None:
    """Write outcomes to the ledger: one statement per kind, whatever the number of people."""
    profiles = [(o.person[0], o.profile) for o in outcomes if o.profile is not None]
    for team_id in sorted({team_id for team_id, _ in profiles}):
        ensure_workspace(session, team_id=team_id, now=now)
    save_profiles(session, profiles=profiles, now=now)
    sent = [o for o in outcomes if o.kind == "sent" and o.posted is not None]
    ledger.mark_sent_each(session, token=token, now=now,
                          sent=[(n.id, o.posted.channel, o.posted.id)
                                for o in sent if o.posted for n in o.nudges])  # fmt: skip
    escalated = [n.action_id for o in sent for n in o.nudges if n.step == ESCALATION_STEP]
    ledger.mark_needing_help(session, item_ids=sorted(set(escalated)), now=now, by=SYSTEM)
    failed = {n.id: o.error for o in outcomes if o.kind == "failed" for n in o.nudges}
    ledger.mark_failed_each(session, errors=failed, token=token, now=now)
    _owners_gone(session, [o for o in outcomes if o.kind == "gone"], now=now)


def _owners_gone(session: Session, gone: Sequence[Outcome], *, now: datetime) -> None:
    """Record people who can no longer get messages: their reminders end, their items say so."""
    if not gone:
        return
    ledger.people_by_key(session, (o.person for o in gone))  # one read, then from the session
    for outcome in gone:
        mark_deactivated(session, team_id=outcome.person[0], user_id=outcome.person[1], now=now)
    nudges = [n for o in gone for n in o.nudges]
    ledger.give_up(session, ids=[n.id for n in nudges], reason="owner deactivated")
    for item in ledger.items_by_id(session, (n.action_id for n in nudges)).values():
        flag_needs_owner(session, item=item, now=now)
