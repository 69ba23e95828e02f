"""Reading what people type: `/action` subcommands, mentions, item codes and action titles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from bot.errors import InvalidInput
from bot.when import Due, find_due

MAX_TITLE = 4000
MENTION = re.compile(r"<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>")
GROUP_MENTION = re.compile(r"<!(channel|here|everyone|subteam\^[A-Z0-9]+)(?:\|[^>]*)?>")
ITEM_CODE = re.compile(r"(?:a-?|#)?(\d{1,9})", re.IGNORECASE)
# Owner lists at either end of a title: "<@U1>, <@U2> and <@U3> call the shelter".
EDGE_OWNERS = re.compile(rf"^(?:\s*(?:{MENTION.pattern})\s*(?:,|&|\band\b|\bcc\b)?)+", re.I)
TRAILING_OWNERS = re.compile(
    rf"(?:\s*(?:,|&|\band\b|\bcc\b|-|—)?\s*(?:{MENTION.pattern}))+\s*$", re.I
)

Verb = Literal["done", "drop", "snooze", "due", "assign"]
Scope = Literal["mine", "user", "channel", "overdue"]
VERBS: tuple[Verb, ...] = ("done", "drop", "snooze", "due", "assign")


@dataclass(frozen=True)
class Help:
    """`/action` alone, or `/action help`."""


@dataclass(frozen=True)
class ListItems:
    """`/action list [@user|channel|overdue]`."""

    scope: Scope
    user_id: str | None = None


@dataclass(frozen=True)
class Change:
    """`/action done|drop|snooze|due|assign A-12 …`."""

    verb: Verb
    number: int
    rest: str


@dataclass(frozen=True)
class Create:
    """Anything else: a new item."""

    text: str


ActionCommand = Help | ListItems | Change | Create


@dataclass(frozen=True)
class Draft:
    """How a new item's text reads: owners, title and due."""

    owners: list[str]
    title: str
    due: Due | None


def parse_action_command(text: str) -> ActionCommand:
    """Tell which `/action` subcommand a text is; anything unrecognised creates an item."""
    words = text.split()
    if not words or (len(words) == 1 and words[0].lower() == "help"):
        return Help()
    head = words[0].lower()
    if head == "list":
        listing = _parse_list(words[1:])
        if listing is not None:
            return listing
    if head in VERBS and len(words) > 1:
        code = ITEM_CODE.fullmatch(words[1])
        if code:
            rest = text.strip().split(None, 2)[2] if len(words) > 2 else ""
            return Change(verb=head, number=int(code.group(1)), rest=rest)
    return Create(text=text.strip())


def _parse_list(args: list[str]) -> ListItems | None:
    if not args or (len(args) == 1 and args[0].lower() in {"mine", "me"}):
        return ListItems(scope="mine")
    if len(args) != 1:
        return None
    word = args[0].lower()
    if word in {"channel", "here"}:
        return ListItems(scope="channel")
    if word == "overdue":
        return ListItems(scope="overdue")
    mention = MENTION.fullmatch(args[0])
    return ListItems(scope="user", user_id=mention.group(1)) if mention else None


def mentioned_users(text: str) -> list[str]:
    """Return the users mentioned in a text, first mention first, each once."""
    return list(dict.fromkeys(MENTION.findall(text)))


def check_no_group_mentions(text: str) -> None:
    """Refuse @channel, @here, @everyone and user groups as owners."""
    match = GROUP_MENTION.search(text)
    if match:
        name = match.group(1).split("^")[0]
        who = "a user group" if name == "subteam" else f"@{name}"
        raise InvalidInput(
            f"An action item needs people as owners, not {who}. "
            "Mention the people who will do it, like @maria."
        )


def read_action_text(text: str, *, now: datetime, zone: ZoneInfo) -> Draft:
    """Read a new item's text: owners from mentions, due from a date phrase, the rest as title."""
    check_no_group_mentions(text)
    found = find_due(text, now=now, zone=zone)
    title = _strip_owner_edges(found.title)
    if not title:
        raise InvalidInput(
            "What needs doing? Add a few words, like: /action Call the shelter by Friday"
        )
    if len(title) > MAX_TITLE:
        raise InvalidInput(
            f"That is {len(title):,} characters; an action item can have up to {MAX_TITLE:,}. "
            "Shorten it and put the details in the thread."
        )
    return Draft(owners=mentioned_users(text), title=title, due=found.due)


def _strip_owner_edges(title: str) -> str:
    title = EDGE_OWNERS.sub("", title)
    title = TRAILING_OWNERS.sub("", title)
    return title.strip(" \t\n,;:-—")
