"""Running polls in scenarios: start one, vote, and read back what was stored."""

from __future__ import annotations

from sqlalchemy import select

from bot.ids import ActionId, Command
from bot.sandbox.state import Message
from storage import polls as store
from storage.models import Poll, PollBallot, PollVote
from tests.support.harness import CASE, MARIA, TEAM, Harness
from tests.support.records import read


def start(backbone: Harness, text: str, *, user: str = MARIA, channel: str = CASE) -> Message:
    """Type `/poll <text>` and return the poll's message."""
    backbone.command(text, command=Command.POLL, user=user, channel=channel)
    message = backbone.emulator.messages(channel)[-1]
    assert message.text.startswith("📊 P-"), message.text
    return message


def poll_command(backbone: Harness, text: str, *, user: str = MARIA) -> str:
    """Type `/poll <text>` and return the text of the private answer."""
    backbone.command(text, command=Command.POLL, user=user)
    return str(backbone.last_response()["text"])


def react(backbone: Harness, message: Message, user: str, name: str, *, add: bool = True) -> None:
    """Add (or remove) a reaction as a person and wait for the app."""
    act = backbone.emulator.react if add else backbone.emulator.unreact
    act(user=user, channel=message.channel, ts=message.ts, name=name)
    backbone.settle()


def click(backbone: Harness, message: Message, option: int, user: str) -> None:
    """Click an option's button on an anonymous poll and wait for the app."""
    backbone.emulator.click(message, f"{ActionId.POLL_VOTE}:{option}", user=user)
    backbone.settle()


def get_poll(backbone: Harness, number: int) -> Poll:
    """Read a poll from the database."""
    found = read(backbone, lambda s: store.get_poll(s, team_id=TEAM, number=number))
    assert found is not None
    return found


def votes(backbone: Harness, number: int) -> set[tuple[str, int]]:
    """The (person, option) reactions recorded for an emoji poll."""
    poll_id = get_poll(backbone, number).id
    found = read(backbone, lambda s: store.votes_of(s, poll_id=poll_id))
    return {(vote.user_id, vote.option) for vote in found}


def ballots(backbone: Harness) -> list[PollBallot]:
    """Every anonymous ballot stored."""
    return read(backbone, lambda s: list(s.scalars(select(PollBallot))))


def all_votes(backbone: Harness) -> list[PollVote]:
    """Every emoji vote stored."""
    return read(backbone, lambda s: list(s.scalars(select(PollVote))))


def thread_of(backbone: Harness, message: Message) -> list[Message]:
    """The replies under a poll (its results)."""
    return backbone.emulator.messages(message.channel, thread_ts=message.ts)


def current(backbone: Harness, message: Message) -> Message:
    """The poll's message as it is now in the channel."""
    return next(m for m in backbone.emulator.messages(message.channel) if m.ts == message.ts)
