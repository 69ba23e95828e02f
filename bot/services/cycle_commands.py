"""`/pdsa …` from start to finish, through the port: what each subcommand does and says.

A listener reads who typed what where (an `Invoker`) and calls `run_pdsa_command`. Opening a
form is the one step each platform does its own way (Slack: a modal from the command's
trigger; Teams: a card whose button opens the dialog), so `open_form` is passed in.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from bot.cycle_text import (
    CycleDidYouMean,
    CycleHelp,
    EditCycle,
    Learned,
    ListCycles,
    NewCycle,
    ShowCycle,
    parse_pdsa_command,
)
from bot.deps import Deps
from bot.ids import ActionId
from bot.messages import cycles as words
from bot.messages.common import notice
from bot.messages.parts import Button, Form, Message
from bot.messages.spans import Code
from bot.port import ChatPort
from bot.services import cycles as service
from bot.services.cycle_forms import edit_cycle_form, new_cycle_form
from bot.services.cycle_learning import learned_for
from bot.services.cycles import MAX_IDEA
from bot.services.directory import person_for, zone_of
from bot.services.goal_commands import Invoker, Reply
from bot.text import from_mrkdwn
from storage import cycles as store

LIST_LIMIT = 40


@dataclass(frozen=True)
class Opening:
    """A form to open, and the button that opens it where a command cannot (Teams)."""

    form: Form
    button: Button


OpenForm = Callable[[Opening], None]


def run_pdsa_command(
    deps: Deps, port: ChatPort, who: Invoker, text: str, *, open_form: OpenForm
) -> Reply | None:
    """Do what `/pdsa <text>` asks; return what to show the invoker, if anything."""
    today = today_of(deps, port, who)
    match parse_pdsa_command(text):
        case CycleHelp():
            return Reply(words.help_message())
        case CycleDidYouMean(meant=meant):
            return Reply(notice("I didn't catch that. Did you mean ", Code(f"/pdsa {meant}"),
                                "? Nothing was saved."))  # fmt: skip
        case NewCycle(change_idea=idea):
            open_form(_new(deps, who, today, from_mrkdwn(idea)))
        case EditCycle(number=number):
            form = edit_cycle_form(deps, port, team_id=who.team_id, user_id=who.user_id,
                                   number=number)  # fmt: skip
            open_form(Opening(form, Button(f"✏️ Edit T-{number}", ActionId.CYCLE_EDIT,
                                           str(number))))  # fmt: skip
        case ListCycles():
            return Reply(list_message(deps, who, today))
        case ShowCycle(number=number):
            return Reply(show_message(deps, who, number, today))
        case Learned(everywhere=everywhere):
            return Reply(learned_for(deps, port, who, everywhere=everywhere))
    return None


def _new(deps: Deps, who: Invoker, today: date, idea: str) -> Opening:
    form = new_cycle_form(deps, team_id=who.team_id, channel_id=who.channel_id, today=today,
                          change_idea=idea)  # fmt: skip
    value = json.dumps({"c": who.channel_id, "i": idea[:MAX_IDEA]})
    return Opening(form, Button("🧪 Plan a test of change", ActionId.CYCLE_NEW, value))


def today_of(deps: Deps, port: ChatPort, who: Invoker) -> date:
    """Return today in the invoker's zone."""
    person = person_for(deps, port, team_id=who.team_id, user_id=who.user_id)
    return deps.now().astimezone(zone_of(person, deps.default_zone)).date()


def list_message(deps: Deps, who: Invoker, today: date) -> Message:
    """Return the channel's tests of change, newest first."""
    with deps.transaction() as session:
        cycles = store.cycles_in_channel(session, team_id=who.team_id, channel_id=who.channel_id,
                                         limit=LIST_LIMIT + 1)  # fmt: skip
        views = [service.view_of(session, c) for c in cycles[:LIST_LIMIT]]
        total = len(cycles)
        if total > LIST_LIMIT:
            total = store.count_in_channel(session, team_id=who.team_id, channel_id=who.channel_id)
    return words.cycle_list(views, today, total=total)


def show_message(deps: Deps, who: Invoker, number: int, today: date) -> Message:
    """Return a cycle in full: its plan, study, decision, tasks and ramp."""
    with deps.transaction() as session:
        cycle = service.find_cycle(session, team_id=who.team_id, number=number)
        view = service.view_of(session, cycle)
    return words.cycle_card(view, today, whole=True)
