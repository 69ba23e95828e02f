"""Study and Act on a test of change, through the port: the forms their buttons open, and saves.

Study: an owner (or the person who started the cycle, or a coordinator) writes what happened
beside the prediction; the cycle is studied, its post says so, and they are asked to Act.
Act: Adopt, Adapt or Abandon, with a reason. Adapt opens the next cycle's form prefilled (a
ramp); Adopt may start a linked cycle in another channel, which is told where it came from.
A form's problems come back by field (`FieldProblems`); nothing is half-saved.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.ids import StudyField
from bot.messages import cycle_study as words
from bot.messages.goal_privacy import short_refusal
from bot.messages.parts import Form, Message
from bot.port import ChatPort
from bot.privacy import personal_data
from bot.services.cycle_posts import refresh_cycle_post
from bot.services.directory import person_for
from bot.services.goal_forms import FieldProblems
from storage import cycles as store
from storage.coordinators import is_coordinator
from storage.models import Cycle, CycleStatus, Person

STUDY_FIELDS = (StudyField.OBSERVATIONS, StudyField.RESULT, StudyField.SURPRISE,
                StudyField.LEARNING)  # fmt: skip
NEEDED: dict[str, str] = {
    StudyField.RESULT: "Say what happened, beside the prediction.",
    StudyField.LEARNING: "Say what the team learned, in a line or two.",
    StudyField.REASON: "Say why, in a line or two: it goes in the learning log.",
}
OPEN_TO_ACT = (CycleStatus.STUDIED,)
After = Callable[[], Message | None]  # what to say instead of the confirmation, if anything


@dataclass(frozen=True)
class Outcome:
    """What a save tells the person (by DM), what follows once they are answered (posts
    updated), and the form that opens in place of the saved one, if any."""

    said: Message
    after: list[After] = field(default_factory=list)
    then: Form | None = None

    def follow(self, port: ChatPort, user_id: str) -> None:
        """Do what follows the save, then send the person its confirmation (or what a step
        says instead, when it could not do what the confirmation promises)."""
        said = self.said
        for step in self.after:
            said = step() or said
        port.dm(user_id, said)


def number_in(state: str) -> int:
    """Read the cycle number a form's state carries."""
    meta = json.loads(state or "{}")
    return int(meta["n"])


def find_cycle(session: Session, *, team_id: str, number: int) -> Cycle:
    """Return a cycle by number, or say kindly there is none."""
    cycle = store.cycle_by_number(session, team_id=team_id, number=number)
    if cycle is None:
        raise NotFound(f"I can't find T-{number} in this workspace. It may have been removed.")
    return cycle


def require_right(session: Session, cycle: Cycle, person: Person, *, doing: str) -> None:
    """Refuse anyone but the cycle's owners, the person who started it, or a coordinator."""
    if person.user_id in cycle.owner_ids or person.user_id == cycle.created_by:
        return
    if person.is_admin or is_coordinator(session, team_id=cycle.team_id, user_id=person.user_id):
        return
    raise NotAllowed(f"Only {cycle.code}'s owners, the person who started it, or a coordinator "
                     f"can {doing}. Nothing was changed.")  # fmt: skip


def _person(deps: Deps, port: ChatPort, team_id: str, user_id: str) -> Person:
    return person_for(deps, port, team_id=team_id, user_id=user_id)


def study_form_for(deps: Deps, port: ChatPort, *, team_id: str, user_id: str,
                   number: int) -> Form:  # fmt: skip
    """Return the Study form a button opens, if the person may study the cycle."""
    person = _person(deps, port, team_id, user_id)
    with deps.transaction() as session:
        cycle = find_cycle(session, team_id=team_id, number=number)
        require_right(session, cycle, person, doing="study it")
        _still_studying(cycle)
        return words.study_form(cycle)


def _still_studying(cycle: Cycle) -> None:
    if cycle.status == CycleStatus.STOPPED:
        raise InvalidInput(f"{cycle.code} was stopped, so it needs no Study. Nothing was changed.")
    if cycle.status not in (CycleStatus.DOING, CycleStatus.STUDIED):
        raise InvalidInput(words.already_decided(cycle))


def checked_texts(values: dict[str, str | None], keys: tuple[str, ...],
                  needed: tuple[str, ...]) -> dict[str, str | None]:  # fmt: skip
    """Read free-text fields: trimmed, within their length, no client details; else by field."""
    texts = {key: (values.get(key) or "").strip() or None for key in keys}
    problems: dict[str, str] = {}
    for key, text in texts.items():
        found = personal_data(text) if text else None
        if text is None and key in needed:
            problems[key] = NEEDED[key]
        elif text is not None and len(text) > words.LONG:
            problems[key] = f"That's {len(text):,} characters; the most is {words.LONG:,}."
        elif found is not None:
            problems[key] = short_refusal(found)
    if problems:
        raise FieldProblems(problems)
    return {key: None if text is None else as_words(text) for key, text in texts.items()}


def as_words(typed: str) -> str:
    """Return typed text as stored: escaped whole, so no markup in it (a mention, a group
    ping, a link) ever becomes one; forms read it back with `from_mrkdwn`."""
    return typed.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def save_study_form(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, state: str,
                    values: dict[str, str | None]) -> Outcome:  # fmt: skip
    """Save a Study; the cycle's post shows it, and the person is asked to Act."""
    texts = checked_texts(values, STUDY_FIELDS, (StudyField.RESULT, StudyField.LEARNING))
    person = _person(deps, port, team_id, user_id)
    with deps.transaction() as session:
        cycle = find_cycle(session, team_id=team_id, number=number_in(state))
        require_right(session, cycle, person, doing="study it")
        _still_studying(cycle)
        store.save_study(session, cycle=cycle, by=user_id, now=deps.now(),
                         observations=texts[StudyField.OBSERVATIONS],
                         result=texts[StudyField.RESULT], surprise=texts[StudyField.SURPRISE],
                         learning=texts[StudyField.LEARNING])  # fmt: skip
        said = words.studied(cycle)
    number = cycle.number
    return Outcome(said, [lambda: refresh_post(deps, port, team_id=team_id, number=number)])


def act_form_for(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int,
                 action: str) -> Form:  # fmt: skip
    """Return the Adopt, Adapt or Abandon form a button opens, if the person may decide."""
    status = words.ACT_OF.get(action)
    if status is None:
        raise InvalidInput("This button is from an older version of Backbone. Nothing was changed.")
    person = _person(deps, port, team_id, user_id)
    with deps.transaction() as session:
        cycle = find_cycle(session, team_id=team_id, number=number)
        require_right(session, cycle, person, doing="decide what to do with it")
        open_to_act(cycle)
        return words.act_form(cycle, status)


def open_to_act(cycle: Cycle) -> None:
    """Refuse a decision on a cycle not studied yet, or decided already."""
    if cycle.status == CycleStatus.DOING:
        raise InvalidInput(words.not_studied_yet(cycle))
    if cycle.status not in OPEN_TO_ACT:
        raise InvalidInput(words.already_decided(cycle))


def refresh_post(deps: Deps, port: ChatPort, *, team_id: str, number: int) -> None:
    """Show a cycle's change in its channel post (its announcement, updated in place)."""
    refresh_cycle_post(deps, port, team_id=team_id, number=number)
