"""Slash commands: `/action` and its subcommands (the rules: bot.services.action_commands)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import App, Args, Respond

from bot.ids import Command
from bot.messages.parts import Message
from bot.services import action_commands
from bot.services.asked import Asked
from bot.slack.render import render_message
from bot.work import Lane
from handlers.slack.common import SlashCall, acknowledged
from handlers.slack.views import open_edit


def register(app: App) -> None:
    """Attach the slash command listeners."""
    app.command(Command.ACTION)(acknowledged(handle_action_command, lane=action_lane))


def action_lane(body: dict[str, Any]) -> Lane:
    """`/action edit` opens a form, which must happen while the command's trigger lasts."""
    words = str(body.get("text") or "").split(maxsplit=1)
    return Lane.TRIGGER if words and words[0].lower() == "edit" else Lane.PERSON


def handle_action_command(args: Args) -> None:
    """Answer `/action …`."""
    call = SlashCall.of(args)

    def edit(number: int) -> None:
        open_edit(call.deps, call.client, team_id=call.team_id, user_id=call.user_id,
                  number=number, trigger_id=call.trigger_id)  # fmt: skip

    action_commands.run_action_command(asked(call), args.body.get("text") or "", edit=edit)


def asked(call: SlashCall, *, private: Callable[[Respond, Message], None] | None = None) -> Asked:
    """Return a command as the services see it: answers to the person, shows to the channel.

    `private` says how this command answers the person alone (each command has always sent
    its ephemeral answers in its own way); by default, a response without response_type.
    """

    def tell(message: Message) -> None:
        if private is not None:
            private(call.respond, message)
        else:
            call.respond(**render_message(message))  # without response_type: ephemeral

    def show(message: Message) -> None:
        call.respond(response_type="in_channel", **render_message(message))

    return Asked(call.deps, call.port, call.team_id, call.user_id, call.channel_id, tell, show,
                 me=call.bot_user_id, direct=call.channel_id.startswith("D"))  # fmt: skip


def ephemeral(respond: Respond, message: Message) -> None:
    """Answer the person alone, saying so (response_type "ephemeral")."""
    respond(response_type="ephemeral", **render_message(message))


def create_item(call: SlashCall, text: str) -> None:
    """Create an item from `/action <text>` and announce it in the channel."""
    action_commands.create_item(asked(call), text)
