"""The shapes of invoke answers, as Teams documents them, and the plain words they carry.

Universal Actions (`adaptiveCard/action`) answer `{"statusCode", "type", "value"}`: a card shown
in place of the pressed one, a message shown to the presser alone, or an error. Dialogs
(`task/fetch`, `task/submit`, and the message extension's) answer `{"task": …}`: `continue`
shows a dialog, `message` shows words and closes it. A text answer is plain: Teams shows it as
it is, so mentions and channels read as names, never as markup.
"""

from __future__ import annotations

from typing import Any

from bot.deps import Deps
from bot.messages.spans import (
    ChannelRef,
    Code,
    Line,
    Mention,
    Quote,
    Span,
    Strong,
    Struck,
    Words,
    plain,
)
from bot.teams.spans import commands
from storage.people import get_person
from storage.teams_refs import conversation

Answer = tuple[int, dict[str, Any]]
CARD = "application/vnd.microsoft.card.adaptive"
MESSAGE = "application/vnd.microsoft.activity.message"
ERROR = "application/vnd.microsoft.error"
MAX_TEXT = 1000  # a text answer is a short note, not a page


def card(content: dict[str, Any]) -> Answer:
    """Show a card in place of the one pressed."""
    return 200, {"statusCode": 200, "type": CARD, "value": content}


def text(said: Line, names: dict[str, str] | None = None) -> Answer:
    """Show the presser a few words; the card stays as it was."""
    return 200, {"statusCode": 200, "type": MESSAGE, "value": words(said, names)}


def bad_request(said: str) -> Answer:
    """Refuse an invoke that cannot be read (nothing was changed).

    The refusal is in the body (`statusCode` 400); the HTTP answer itself is 200, as the
    Universal Actions contract has it, so Teams shows the words rather than a failure.
    """
    error = {"code": "BadRequest", "message": said}
    return 200, {"statusCode": 400, "type": ERROR, "value": error}


def dialog(task: dict[str, Any]) -> Answer:
    """Show (or show again) a dialog; `task` is the rendered `{"task": {"type": "continue"…}}`."""
    return 200, task


def dialog_message(said: Line, names: dict[str, str] | None = None) -> Answer:
    """Close a dialog (or refuse to open one) with a few words."""
    return 200, {"task": {"type": "message", "value": words(said, names)}}


def words(said: Line, names: dict[str, str] | None = None) -> str:
    """Return a line as plain words: people and channels by their names where known."""
    known = names or {}
    spans: list[Span] = [_named(span, known) for span in said]
    return plain(spans)[:MAX_TEXT]


def _named(span: Span, names: dict[str, str]) -> Span:
    match span:
        case Words(said):
            return Words(commands(said))
        case Code(said):
            return Code(commands(said))
        case Mention(person):
            return Words(names.get(person) or "someone")
        case ChannelRef(channel):
            return Words(f"#{names[channel]}" if names.get(channel) else "the channel")
        case Strong(inner) | Struck(inner) | Quote(inner):
            return Words(plain([_named(one, names) for one in inner]))
    return span


def names_in(deps: Deps, *, tenant_id: str, said: Line) -> dict[str, str]:
    """Return the names of the people and channels a line names, as Backbone knows them."""
    people, channels = _ids(said)
    names: dict[str, str] = {}
    with deps.transaction() as session:
        for person_id in people:
            person = get_person(session, team_id=tenant_id, user_id=person_id)
            if person is not None and person.name:
                names[person_id] = person.name
        for channel_id in channels:
            found = conversation(session, tenant_id=tenant_id, conversation_id=channel_id)
            if found is not None and found.name:
                names[channel_id] = found.name
    return names


def _ids(said: Line) -> tuple[set[str], set[str]]:
    people: set[str] = set()
    channels: set[str] = set()
    for span in said:
        match span:
            case Mention(person):
                people.add(person)
            case ChannelRef(channel):
                channels.add(channel)
            case Strong(inner) | Struck(inner) | Quote(inner):
                more_people, more_channels = _ids(inner)
                people |= more_people
                channels |= more_channels
    return people, channels
