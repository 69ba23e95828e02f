"""`/poll`: start a poll, list a channel's open polls, close one, stop a weekly one.

The rules are in bot/services/poll_commands.py; votes (reactions and buttons) are in
handlers/slack/poll_votes.py, "you said, we did" in handlers/slack/poll_followup.py; posting and
closing are in bot/services/poll_posts.py and bot/services/poll_close_work.py.
"""

from __future__ import annotations

from slack_bolt import App, Args

from bot.deps import deps_of
from bot.ids import ActionId, Command
from bot.services.poll_commands import run_poll_command
from bot.services.poll_link_commands import share_pressed
from handlers.slack import poll_followup, poll_votes
from handlers.slack.commands import asked
from handlers.slack.common import SlashCall, acknowledged, answer, port_of, team_of


def register(app: App) -> None:
    """Attach `/poll`, the vote listeners and the "you said, we did" buttons.

    Register this before handlers/events.py: Bolt runs only the first listener whose matchers
    match, and the poll reaction listeners match only number emoji on open emoji polls.
    """
    app.command(Command.POLL)(acknowledged(handle_poll_command))
    app.action(ActionId.POLL_SHARE_LINK)(acknowledged(handle_share_button))
    poll_votes.register(app)
    poll_followup.register(app)


def handle_poll_command(args: Args) -> None:
    """Answer `/poll …`."""
    run_poll_command(asked(SlashCall.of(args), private=answer), args.body.get("text") or "")


def handle_share_button(args: Args) -> None:
    """Answer "Share a link": the link to its creator alone, the QR code in the poll's thread."""
    said = share_pressed(
        deps_of(args.context), port_of(args), team_id=team_of(args.context),
        user_id=args.body["user"]["id"], value=str(args.body["actions"][0].get("value", "")),
    )  # fmt: skip
    answer(args.respond, said)
