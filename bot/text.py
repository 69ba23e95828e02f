"""Reading what people type: `/action` subcommands, mentions, item codes and action titles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

from bot.errors import InvalidInput
from bot.ids import PERSON_ID
from bot.neutral import neutralise as neutralise  # re-exported: readers and renderers share it
from bot.recurrence import find_repeat, first_due
from bot.subcommands import (
    CODE_ATTEMPT,
    LIST_WORDS,
    code_in,
    lead_word,
    looks_like_command,
    near_miss,
    only_mentions,
    read_codes,
)
from bot.when import Due, find_due
from bot.when_grammar import WHOLE, collapse, mask

# One limit for an item's title, in the characters a person types, that every surface can
# show and edit whole: the form's plain_text_input (max_length and initial_value up to 3000), and
# the announcement's section (3000), where even a title of only `&` (5 characters once escaped,
# 2,500) still fits with its code, owners and due date. Longer titles saved before this limit
# still show everywhere, cut safely (bot/clip.py).
MAX_TITLE = 500
MENTION = re.compile(rf"<@({PERSON_ID})(?:\|[^>]*)?>")
GROUP_MENTION = re.compile(r"<!(channel|here|everyone|subteam\^[A-Z0-9]+)(?:\|[^>]*)?>")
ITEM_CODE = re.compile(r"(?:a-?|#)?(\d{1,9})", re.IGNORECASE)
# Owner lists at either end of a title: "<@U1>, <@U2> and <@U3> call the shelter".
EDGE_OWNERS = re.compile(rf"^(?:\s*(?:{MENTION.pattern})\s*(?:,|&|\band\b|\bcc\b)?)+", re.I)
TRAILING_OWNERS = re.compile(
    rf"(?:\s*(?:,|&|\band\b|\bcc\b|-|—)?\s*(?:{MENTION.pattern}))+\s*$", re.I
)

# A word that needs the mention after it ("email the list to @sam"), and "to" after a lead owner.
DANGLING = re.compile(r"\b(?:to|for|with|from|by|about|of|at|cc)\s*$", re.I)
LEAD_TO = re.compile(r"^\s*(?:will\s+|to\s+)", re.I)

# "/action away until Dec 2", "/action away for 2 weeks": a lead word, or a whole date phrase.
AWAY_LEAD = re.compile(r"(?:until|till|til|for)\b", re.IGNORECASE)
# Links and mentions Slack writes in mrkdwn; anything else with < or > is text to escape.
SLACK_TOKEN = re.compile(rf"<(?:@{PERSON_ID}|#C[A-Z0-9]+|https?://[^<>\s|]+)(?:\|[^<>]*)?>")

Verb = Literal["done", "drop", "snooze", "due", "assign"]
Scope = Literal["mine", "user", "channel", "overdue", "overdue_all"]
VERBS: tuple[Verb, ...] = ("done", "drop", "snooze", "due", "assign")
# Verbs no title begins with: after them, anything but a code is a code forgotten.
STRICT_VERBS = {"done", "snooze"}
# With `should_escape`, Slack sends a channel picked while typing as <#C123|name>.
CHANNEL_LINK = re.compile(r"<#([CG][A-Z0-9]+)(?:\|[^>]*)?>")


@dataclass(frozen=True)
class Help:
    """`/action` alone, or `/action help`."""


@dataclass(frozen=True)
class ListItems:
    """`/action list [@user|channel|#channel|overdue|overdue all]`."""

    scope: Scope
    user_id: str | None = None
    channel_id: str | None = None


@dataclass(frozen=True)
class Change:
    """`/action done|drop|snooze|due|assign A-12 [A-13 …] …`."""

    verb: Verb
    numbers: tuple[int, ...]
    rest: str


@dataclass(frozen=True)
class Edit:
    """`/action edit A-12`: open the item in a form."""

    number: int


@dataclass(frozen=True)
class Away:
    """`/action away [until <date>]`: hold the invoker's reminders; `until` is "" when not said."""

    until: str


@dataclass(frozen=True)
class Back:
    """`/action back`: reminders again from now."""


@dataclass(frozen=True)
class Coordinators:
    """`/action coordinators [list|add @x|remove @x]`."""

    op: Literal["list", "add", "remove"]
    user_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class DidYouMean:
    """A subcommand mistyped or missing its code: suggest it, store nothing.

    `typed` is the first word as typed; `rest` the words after the codes.
    """

    verb: str
    numbers: tuple[int, ...]
    rest: str
    typed: str


@dataclass(frozen=True)
class Create:
    """Anything else: a new item."""

    text: str


ActionCommand = Help | ListItems | Change | Edit | Away | Back | Coordinators | DidYouMean | Create


@dataclass(frozen=True)
class Draft:
    """How a new item's text reads: owners, title, due and how it repeats (a rule code)."""

    owners: list[str]
    title: str
    due: Due | None
    recurrence: str | None = None


def parse_action_command(text: str) -> ActionCommand:
    """Tell which `/action` subcommand a text is; a mistyped one is suggested, never stored."""
    words = text.split()
    if not words:
        return Help()
    head, rest = lead_word(words[0]), words[1:]
    exact = _exact(head, words[0], rest, text)
    if exact is not None:
        return exact
    near = near_miss(head)
    if near is not None and _reads_as(near, rest):
        return _suggest(near, rest, typed=words[0])
    return Create(text=text.strip())


def _exact(head: str, typed: str, rest: list[str], text: str) -> ActionCommand | None:
    """Read a text whose first word is a subcommand; None when it begins a title instead."""
    if head in VERBS:
        return _change(head, rest, text=text, typed=typed)
    if head == "list":
        listing = _parse_list(rest)
        if listing is None and _reads_as("list", rest):
            return _suggest("list", rest, typed=typed)
        return listing
    if head == "edit":
        numbers, _ = read_codes(rest, bare=not rest[1:])
        if numbers:
            return Edit(number=numbers[0])
        return _suggest("edit", rest, typed=typed) if _reads_as("edit", rest) else None
    if head == "help":
        return Help() if not rest else None  # "help Maria move on Saturday" is an item
    if head == "back":
        return Back() if not rest else None  # "back up the HMIS export" is an item
    if head == "away":
        return _parse_away(text.strip()[len(typed) :].strip())
    if head in {"coordinators", "coordinator"}:
        return _parse_coordinators(rest, typed=typed)
    return None


def _change(verb: Verb, rest: list[str], *, text: str, typed: str) -> ActionCommand | None:
    """Read `done A-1 A-2 note`; a code forgotten is suggested; a title stays a title."""
    bare = verb in STRICT_VERBS or verb == "due" or only_mentions(rest[1:])
    numbers, after = read_codes(rest, bare=bare)
    if numbers:
        return Change(verb=verb, numbers=numbers, rest=_tail(text, 1 + len(rest) - len(after)))
    if verb in STRICT_VERBS or _reads_as(verb, rest):
        return _suggest(verb, rest, typed=typed)
    return None  # "Drop off the blankets at the shelter", "Due diligence on the landlord"


def _reads_as(verb: str, rest: list[str]) -> bool:
    """Tell whether words after a (maybe mistyped) subcommand read as that command's."""
    if looks_like_command(rest) or code_in(rest) is not None:
        return True
    if verb == "list":  # "lsit overdue", "list #housing" (a channel Slack did not link)
        first = rest[0]
        return (
            first.lower() in LIST_WORDS
            or first.startswith(("#", "<#"))
            or bool(MENTION.match(first))
        )
    return verb == "assign" and bool(rest) and only_mentions(rest)


def _suggest(verb: str, rest: list[str], *, typed: str) -> DidYouMean:
    numbers, after = read_codes(rest, bare=True)
    if not numbers and (found := code_in(rest)) is not None:
        # "assign @jo to A-3": keep only who it goes to; other words were a sentence around it
        numbers, after = (found,), [w for w in rest if verb == "assign" and MENTION.match(w)]
    if not numbers and rest and CODE_ATTEMPT.fullmatch(rest[0].rstrip(",.;:")):
        after = rest[1:]  # "done A-": the broken code is not part of what follows
    return DidYouMean(verb=verb, numbers=numbers, rest=" ".join(after), typed=typed)


def _tail(text: str, count: int) -> str:
    """Return a text after its first `count` words, spacing and line breaks kept."""
    parts = text.strip().split(None, count)
    return parts[count] if len(parts) > count else ""


def _parse_coordinators(rest: list[str], *, typed: str) -> ActionCommand | None:
    """Read `coordinators [list]`, `coordinators add @x @y`, `coordinators remove @x`."""
    op = lead_word(rest[0]) if rest else "list"
    people = tuple(dict.fromkeys(MENTION.findall(" ".join(rest[1:]))))
    if op == "list" and len(rest) <= 1:
        return Coordinators(op="list")
    if op in {"add", "remove"} and people and only_mentions(rest[1:]):
        return Coordinators(op="add" if op == "add" else "remove", user_ids=people)
    if op in {"add", "remove", "list"}:
        return DidYouMean(verb="coordinators", numbers=(), rest=op, typed=typed)
    return None  # "coordinators retreat agenda by Friday" is an item


def _parse_away(rest: str) -> Away | None:
    """Read what follows "away": nothing, "until …"/"for …", or a whole date ("away Dec 2")."""
    if not rest or AWAY_LEAD.match(rest) or WHOLE.fullmatch(mask(rest)):
        return Away(until=rest)
    return None  # "away team retreat planning by Friday" is an item


def _parse_list(args: list[str]) -> ListItems | None:
    words = [arg.lower() for arg in args]
    if not words or words in (["mine"], ["me"]):
        return ListItems(scope="mine")
    if words in (["overdue", "all"], ["all", "overdue"]):
        return ListItems(scope="overdue_all")
    if len(args) != 1:
        return None
    if words[0] in {"channel", "here"}:
        return ListItems(scope="channel")
    if words[0] == "overdue":
        return ListItems(scope="overdue")
    channel = CHANNEL_LINK.fullmatch(args[0])
    if channel:
        return ListItems(scope="channel", channel_id=channel.group(1))
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
    repeat = find_repeat(text)
    found = find_due(repeat.rest if repeat else text, now=now, zone=zone)
    title = _strip_owner_edges(found.title)
    if not title:
        raise InvalidInput(
            "What needs doing? Add a few words, like: /action Call the shelter by Friday"
        )
    if title_too_long(title):
        raise InvalidInput(
            f"That is {len(from_mrkdwn(title)):,} characters; an action item can have up to "
            f"{MAX_TITLE:,}. Shorten it and put the details in the thread."
        )
    due = found.due
    if repeat is not None and due is None:
        due = first_due(repeat, now=now, zone=zone)
    recurrence = repeat.rule.code if repeat else None
    return Draft(owners=mentioned_users(text), title=title, due=due, recurrence=recurrence)


def suggest_draft(text: str, *, now: datetime, zone: ZoneInfo) -> Draft:
    """Read a message as an item as far as it reads, for a person to review; never refuse."""
    try:
        return read_action_text(text, now=now, zone=zone)
    except InvalidInput:
        title = _strip_owner_edges(collapse(GROUP_MENTION.sub("", text)))
        # Whole: the form shows what fits (blocks_modals), the person shortens the rest.
        return Draft(owners=mentioned_users(text), title=title, due=None)


def title_too_long(title: str) -> bool:
    """Tell whether a title (as Slack text) is over MAX_TITLE characters as a person typed it."""
    return len(from_mrkdwn(title)) > MAX_TITLE


def from_mrkdwn(text: str) -> str:
    """Return stored text as a person would type it: Slack's &amp; &lt; &gt; read back."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def to_mrkdwn(typed: str) -> str:
    """Escape typed text as Slack does, keeping real mentions, channel links and web links.

    Without this, a title typed in a form as "<!channel>" would ping everyone when posted.
    """
    parts: list[str] = []
    position = 0
    for token in SLACK_TOKEN.finditer(typed):
        parts += [_escape(typed[position : token.start()]), token.group(0)]
        position = token.end()
    return "".join([*parts, _escape(typed[position:])])


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


CUT_ENTITY = re.compile(r"&(?:lt|gt|amp)$")


def _strip_owner_edges(title: str) -> str:
    led = EDGE_OWNERS.sub("", title)
    if led != title:
        led = LEAD_TO.sub("", led)  # "@sam to call VA": the item is "call VA"
    trail = TRAILING_OWNERS.search(led)
    # "send the list to @sam": the mention finishes the sentence, so it stays (and still owns).
    keep_trail = trail is not None and DANGLING.search(led[: trail.start()]) is not None
    trimmed = led if keep_trail else TRAILING_OWNERS.sub("", led)
    if trimmed == title:
        return title.strip()  # nothing removed: keep the words exactly as typed
    kept = trimmed.strip(" \t\n,;:-—")
    # A typed "<", ">" or "&" arrives as &lt; &gt; &amp;: its ";" is part of it, not an edge.
    return kept + ";" if CUT_ENTITY.search(kept) else kept
