"""What an item's Done button and Snooze menu do, on every platform.

Each platform's listener reads who pressed what, calls one of these, and answers the person in
its own way (Slack: privately or atop their Home; Teams: in the card they pressed).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.deps import Deps
from bot.ids import SnoozeChoice
from bot.messages.items import paused_until
from bot.messages.spans import Line
from bot.port import ChatPort
from bot.services import actions as service
from bot.services.announce import refresh_announcement
from bot.services.directory import as_actor, person_for, zone_of
from bot.services.notify import after_done, concerned
from bot.when import read_when
from storage.models import ActionItem

SNOOZE_PHRASES = {SnoozeChoice.TOMORROW: "tomorrow", SnoozeChoice.NEXT_WEEK: "next week"}


@dataclass(frozen=True)
class Pressed:
    """What a press changed: the item, what to tell the presser, and whose Home to redraw."""

    item: ActionItem
    said: Line
    people: set[str]


def press_done(deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int) -> Pressed:
    """Mark an item done: its post shows it, its series goes on, its creator hears of it."""
    actor = as_actor(person_for(deps, port, team_id=team_id, user_id=user_id))
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=number)
        follow = service.complete_item(session, item=item, actor=actor, now=deps.now())
    refresh_announcement(port, item, by=user_id)
    said = after_done(deps, port, item, follow, by=user_id)
    return Pressed(item, said, concerned(item, follow))


def press_snooze(
    deps: Deps, port: ChatPort, *, team_id: str, user_id: str, number: int, choice: SnoozeChoice
) -> Pressed:
    """Pause reminders about an item until tomorrow or next week, in the presser's zone."""
    person = person_for(deps, port, team_id=team_id, user_id=user_id)
    now = deps.now()
    until = read_when(SNOOZE_PHRASES[choice], now=now, zone=zone_of(person, deps.default_zone))
    with deps.transaction() as session:
        item = service.find_item(session, team_id=team_id, number=number)
        service.snooze_item(session, item=item, actor=as_actor(person), until=until, now=now)
    return Pressed(item, paused_until(item, until), concerned(item))
