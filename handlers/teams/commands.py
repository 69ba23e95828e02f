"""Commands typed to Backbone in Teams: `action`, `decision`, `poll`, `digest`, `goal`, `pdsa`,
`home`.

In a channel they follow Backbone's mention (`@Backbone action list`); in the personal chat
they are typed alone, with or without a leading slash (`action list`, `/action list`). They run
the same services as Slack's slash commands, with the same words. Where Slack answers the
person alone (an ephemeral response) Teams has nothing private in a channel, so those answers
go to the person's personal chat (`TeamsCall.tell`); where Slack answers the channel (an item
or a decision announced, a digest turned on) Teams replies in the command's thread
(`TeamsCall.answer`). A poll is its own post in the channel, as on Slack.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.errors import InvalidInput
from bot.goal_text import EditGoal, parse_goal_command
from bot.ids import ActionId
from bot.messages.parts import Button, Controls, Message, Paragraph
from bot.messages.spans import Typed, line, strong
from bot.services import homes
from bot.services.action_commands import run_action_command
from bot.services.asked import Asked
from bot.services.decision_commands import run_decision_command
from bot.services.digest_commands import run_digest_command
from bot.services.directory import person_for, zone_of
from bot.services.goal_commands import Invoker, editable_goal, run_goal_command
from bot.services.item_forms import editable
from bot.services.poll_commands import run_poll_command
from handlers.teams.common import TeamsCall
from handlers.teams.cycles import pdsa
from storage.people import mark_home_opened

HELP = (
    "Tell me what to do, starting with one of: action, decision, poll, digest, goal, pdsa, or "
    "home. "
    "For example: action Call the shelter by Friday. Type action help to see everything."
)


def read_command(text: str) -> tuple[str, str] | None:
    """Return the command a text starts with and the words after it; None when it starts none."""
    parts = text.strip().split(None, 1)
    if not parts:
        return None
    name = parts[0].lower().lstrip("/").rstrip(":,.")
    return (name, parts[1].strip() if len(parts) > 1 else "") if name in COMMANDS else None


def run_command(call: TeamsCall, text: str) -> None:
    """Run the command a message carries, or say how to give one."""
    command = read_command(text)
    if command is None:
        call.say(HELP)
        return
    name, rest = command
    COMMANDS[name](call, rest)


def asked(call: TeamsCall) -> Asked:
    """Return a Teams command as the services see it (see the module docstring)."""
    return Asked(
        call.deps, call.port, call.team_id, call.user_id, call.channel_id,
        tell=call.tell, show=call.show, thread=call.thread, me=call.bot_id or None,
        direct=call.personal,
    )  # fmt: skip


def action(call: TeamsCall, rest: str) -> None:
    """`action …`: the same subcommands as `/action`; edit answers with a button."""
    run_action_command(asked(call), rest, edit=lambda number: offer_edit(call, number))


def offer_edit(call: TeamsCall, number: int) -> None:
    """Answer `action edit A-n` with a card whose button opens the item's form.

    Teams opens a dialog only as the answer to a press (`task/fetch`), never from a message.
    """
    _, item = editable(call.deps, call.port, team_id=call.team_id, user_id=call.user_id,
                       number=number)  # fmt: skip
    said = line("Press the button to edit ", strong(item.code), " ", Typed(item.title, 200))
    button = Button(f"✏️ Edit {item.code}", ActionId.ITEM_UPDATE, str(item.number))
    call.tell(Message(said, (Paragraph((said,)), Controls((button,)))))


def offer_goal_edit(call: TeamsCall, who: Invoker, rest: str) -> None:
    """Answer `goal edit G-n` with a card whose button opens the goal's form."""
    person = person_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)
    command = parse_goal_command(
        rest, now=call.deps.now(), zone=zone_of(person, call.deps.default_zone)
    )
    if not isinstance(command, EditGoal):
        raise InvalidInput("Which goal? Say its code, like: goal edit G-1")
    goal = editable_goal(call.deps, who, command.number, admin=person.is_admin)
    said = line("Press the button to edit ", strong(goal.code), " ", Typed(goal.title, 200))
    button = Button(f"✏️ Edit {goal.code}", ActionId.GOAL_EDIT, str(goal.number))
    call.tell(Message(said, (Paragraph((said,)), Controls((button,)))))


def decision(call: TeamsCall, rest: str) -> None:
    """`decision …`: record one, or list this channel's."""
    run_decision_command(asked(call), rest)


def poll(call: TeamsCall, rest: str) -> None:
    """`poll "Question" "A" "B" …`, and list, close, stop."""
    run_poll_command(asked(call), rest)


def digest(call: TeamsCall, rest: str) -> None:
    """`digest on|off|preview|now`."""
    run_digest_command(asked(call), rest)


def goal(call: TeamsCall, rest: str) -> None:
    """`goal …`: the same subcommands as `/goal`; edit answers with a button (see offer_edit)."""
    who = Invoker(call.team_id, call.user_id, call.channel_id, direct=call.personal)
    words = rest.split()
    if words and words[0].lower() == "edit":
        offer_goal_edit(call, who, rest)
        return
    reply = run_goal_command(call.deps, call.port, who, rest)
    if reply is not None:
        (call.answer if reply.public else call.tell)(reply.message)


def home(call: TeamsCall, rest: str) -> None:
    """`home`: show the person their Home, as a card in their personal chat."""
    person = person_for(call.deps, call.port, team_id=call.team_id, user_id=call.user_id)
    with call.deps.transaction() as session:
        mark_home_opened(session, team_id=call.team_id, user_id=call.user_id, now=call.deps.now())
    homes.publish_home(call.deps, call.port, person)


def help_words(call: TeamsCall, rest: str) -> None:
    """`help`: what Backbone can be asked."""
    call.say(HELP)


COMMANDS: dict[str, Callable[[TeamsCall, str], None]] = {
    "action": action,
    "decision": decision,
    "poll": poll,
    "digest": digest,
    "goal": goal,
    "pdsa": pdsa,
    "home": home,
    "help": help_words,
}
