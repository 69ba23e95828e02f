"""Card buttons on Teams (`adaptiveCard/action`): read the press, call the service Slack's call.

A press names its button by `verb` (a `bot.ids.ActionId`, with `:<option>` for a poll's option
buttons and an item's day picker) and carries `data`: `{"value": …}` for a button, the chosen
option under the menu's own id for a menu. The pressed card is the post `replyToId` names in the
press's conversation. Who may do what is the services' rule, the same as on Slack.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.errors import InvalidInput
from bot.ids import ActionId, SnoozeChoice
from bot.messages import items as item_words
from bot.messages.capture import kept_note, skipped_in
from bot.messages.common import notice
from bot.messages.parts import Message
from bot.messages.poll_forms import vote_confirmation
from bot.messages.spans import Line, line
from bot.port import ChatError, PostRef
from bot.services import poll_votes
from bot.services.capture_replies import refresh_reply
from bot.services.homes import refresh_homes
from bot.services.item_buttons import Pressed, press_done, press_snooze
from bot.services.notify import concerned
from bot.services.poll_link_commands import share_pressed
from bot.services.poll_posts import redraw_counts
from bot.services.reminder_buttons import ask_for_help, snooze_pick_message, snooze_to_day
from handlers.teams import answers
from handlers.teams.answers import Answer
from handlers.teams.cards import card_of
from handlers.teams.common import TeamsCall
from storage import polls as poll_store
from storage.models import ActionItem

GONE = "That button no longer names anything I know. Nothing was changed."
PICK_FIRST = "Pick one in the menu first, then press its button."


@dataclass(frozen=True)
class Press:
    """One press of a card's button: which, its value, every input's value, and the card."""

    verb: str
    value: str
    data: dict[str, Any]
    card: PostRef | None


def press_of(call: TeamsCall, activity: dict[str, Any]) -> Press:
    """Read a Universal Action's press out of its invoke."""
    action = activity["value"].get("action") or {}
    verb = str(action.get("verb") or "")
    raw = action.get("data")
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    chosen = data.get(data["menu"]) if isinstance(data.get("menu"), str) else data.get("value")
    posted = activity.get("replyToId")
    card = PostRef(call.conversation_id, str(posted)) if posted else None
    return Press(verb, str(chosen if chosen is not None else ""), data, card)


def handle_press(call: TeamsCall, activity: dict[str, Any]) -> Answer:
    """Do what a pressed button says, and answer in the card or with a few words."""
    press = press_of(call, activity)
    route = PRESSES.get(press.verb.split(":", 1)[0])
    if route is None:
        return answers.bad_request(GONE)
    if isinstance(press.data.get("menu"), str) and not press.value:
        return said_to(call, line(PICK_FIRST))  # the menu's button, pressed with nothing picked
    return route(call, press)


def number_in(value: str) -> int:
    """Read the record number a button carries ("12", or "12:<more>")."""
    head = value.split(":", 1)[0]
    if not head.isdigit():
        raise InvalidInput(GONE)
    return int(head)


def said_to(call: TeamsCall, said: Line) -> Answer:
    """Answer a press with a few words, people and channels by name."""
    return answers.text(said, answers.names_in(call.deps, tenant_id=call.tenant_id, said=said))


def redraw(call: TeamsCall, pressed: Pressed) -> None:
    """Show the change on the Home cards of the people it concerns."""
    refresh_homes(call.deps, call.port, team_id=call.tenant_id, user_ids=pressed.people)


def on_announcement(item: ActionItem, card: PostRef | None) -> bool:
    """Tell whether the pressed card is the item's own post in its channel."""
    return card is not None and (card.channel, card.id) == (item.announce_channel, item.announce_ts)


def handle_done(call: TeamsCall, press: Press) -> Answer:
    """Mark an item done: its post shows it done in place; elsewhere the presser is thanked."""
    pressed = press_done(
        call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
        number=number_in(press.value),
    )  # fmt: skip
    redraw(call, pressed)
    if on_announcement(pressed.item, press.card):
        return answers.card(card_of(call, closed(pressed.item, call.user_id)))
    return said_to(call, pressed.said)


def closed(item: ActionItem, by: str) -> Message:
    """Return an item's post as it reads once closed."""
    return item_words.closed_announcement(item, by=by)


def handle_captured_done(call: TeamsCall, press: Press) -> Answer:
    """Mark an item done from the reply under captured notes, and show it done there."""
    try:
        return handle_done(call, press)
    finally:  # even when it was already done elsewhere, the reply should show it as it is
        if press.card is not None:
            refresh_reply(call.deps, call.port, team_id=call.tenant_id, reply_ref=press.card,
                          skipped=skipped_of(call, press.card))  # fmt: skip


def skipped_of(call: TeamsCall, reply: PostRef) -> tuple[Line, ...] | None:
    """Return the skipped-lines note a reply shows, read back from what Backbone posted."""
    try:
        seen = call.port.read(reply)
    except ChatError:
        return None  # the note is a convenience: the records are what the reply shows
    return kept_note(skipped_in(seen.text)) if seen is not None else None


def handle_snooze(call: TeamsCall, press: Press) -> Answer:
    """Pause an item's reminders from its Snooze menu; "Pick a date…" sends a day picker."""
    number, _, choice = press.value.partition(":")
    if choice == SnoozeChoice.PICK:
        return send_day_picker(call, number_in(number))
    if choice not in set(SnoozeChoice):
        raise InvalidInput("Pick when to snooze it in the menu, then press the button.")
    pressed = press_snooze(
        call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
        number=number_in(number), choice=SnoozeChoice(choice),
    )  # fmt: skip
    redraw(call, pressed)
    return said_to(call, pressed.said)


def send_day_picker(call: TeamsCall, number: int) -> Answer:
    """Send the day picker as its own card: Teams opens no dialog from this press."""
    message = snooze_pick_message(
        call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id, number=number
    )
    call.port.dm(call.user_id, message)
    return said_to(call, line("Pick the day in the message I just sent you."))


def handle_day_picked(call: TeamsCall, press: Press) -> Answer:
    """Snooze an item until the picked day; the picker's card then says until when."""
    number = number_in(press.verb.partition(":")[2])
    item, until = snooze_to_day(
        call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id, number=number,
        day=picked_day(press.data.get(press.verb)),
    )  # fmt: skip
    refresh_homes(call.deps, call.port, team_id=call.tenant_id, user_ids=concerned(item))
    return answers.card(card_of(call, notice(*item_words.paused_until(item, until))))


def picked_day(value: Any) -> date | None:
    """Read the day an Input.Date sent ("2026-12-05"); None when there is none."""
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def handle_need_help(call: TeamsCall, press: Press) -> Answer:
    """Ask the item's channel, in its thread, to help the owner who pressed; once per item."""
    asked = ask_for_help(
        call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
        number=number_in(press.value),
    )  # fmt: skip
    if asked.item is not None:
        people = concerned(asked.item)
        refresh_homes(call.deps, call.port, team_id=call.tenant_id, user_ids=people)
    return said_to(call, asked.said)


def handle_vote(call: TeamsCall, press: Press) -> Answer:
    """Count a press on a poll's option, tell the voter alone, and redraw the counts."""
    number, _, option = press.value.partition(":")
    if not option.isdigit():
        raise InvalidInput(GONE)
    deps = call.deps
    with deps.transaction() as session:
        poll = poll_store.get_poll(session, team_id=call.tenant_id, number=number_in(number))
        if poll is None:
            raise InvalidInput(GONE)
        if poll.anonymous:  # the voter becomes a keyed hash here, and is never stored
            chosen = poll_votes.cast_ballot(session, poll=poll, user_id=call.user_id,
                                            option=int(option), key=deps.ballot_key)  # fmt: skip
        else:
            chosen = poll_votes.press_vote(session, poll=poll, user_id=call.user_id,
                                           option=int(option), at=deps.now())  # fmt: skip
    if not poll.hidden:  # the card shows everyone the running counts
        redraw_counts(deps, call.port, poll.id)
    return answers.text(vote_confirmation(poll, chosen).text)


def handle_share(call: TeamsCall, press: Press) -> Answer:
    """Answer "Share a link": the link to its creator alone, the QR code in the poll's thread."""
    said = share_pressed(call.deps, call.port, team_id=call.tenant_id, user_id=call.user_id,
                         value=press.value)  # fmt: skip
    return answers.text(said.text)


PRESSES: dict[str, Callable[[TeamsCall, Press], Answer]] = {
    ActionId.ITEM_DONE: handle_done,
    ActionId.CAPTURED_DONE: handle_captured_done,
    ActionId.ITEM_SNOOZE: handle_snooze,
    ActionId.SNOOZE_DATE_PICKED: handle_day_picked,
    ActionId.ITEM_NEED_HELP: handle_need_help,
    ActionId.POLL_VOTE: handle_vote,
    ActionId.POLL_SHARE_LINK: handle_share,
}
