"""What `/action` says back about a command itself: a suggestion, a summary, lists, coordinators."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.ids import PERSON_ID
from bot.messages.common import notice
from bot.messages.parts import Message
from bot.messages.spans import ChannelRef, Code, Line, Mention, Typed, Words, joined, line, mentions
from bot.messages.spans import strong as bold
from bot.text import DidYouMean

# What follows the code when a person left it out, so the suggestion reads as a whole command.
EXAMPLES = {"snooze": "next week", "due": "Dec 5", "assign": "@name"}
WITHOUT_CODE = {
    "back": "/action back",
    "help": "/action help",
    "away": "/action away until Dec 2",
    "coordinators": "/action coordinators list",
}
LIST_FORMS = (
    "/action list @name",
    "/action list channel",
    "/action list #channel",
    "/action list overdue",
)
USER = re.compile(rf"<@{PERSON_ID}(?:\|([^>]*))?>")
CHANNEL = re.compile(r"<#[CG][A-Z0-9]+(?:\|([^>]*))?>")
SPECIAL = re.compile(r"<!([a-z]+)[^>]*>")
SHOWN = 200
SAVED_NOTHING = "Nothing was saved."
ONLY_COORDINATORS_NAME = (
    "Only coordinators (workspace admins, and people they name) can change who is a "
    "coordinator. Nothing was changed. `/action coordinators` shows who they are."
)


def did_you_mean(guess: DidYouMean) -> Message:
    """Suggest the command a person probably meant; nothing was stored."""
    if guess.verb == "list":
        return notice(*_list_hint(guess))
    if guess.verb == "coordinators":
        op = guess.rest if guess.rest in {"add", "remove"} else "list"
        command = f"/action coordinators {op}" + (" @name" if op != "list" else "")
        return notice(*_meant(command), f" {SAVED_NOTHING}")
    if guess.verb in WITHOUT_CODE:
        return notice(*_meant(WITHOUT_CODE[guess.verb]), f" {SAVED_NOTHING}", *_more(guess))
    rest = plain(guess.rest) or EXAMPLES.get(guess.verb, "")
    if not guess.numbers:
        command = " ".join(part for part in ("/action", guess.verb, "A-12", rest) if part)
        return notice(
            *_meant(command),
            f" Put the item's code after {guess.verb}: ",
            Code("/action list"),
            f" shows your items and their codes. {SAVED_NOTHING}",
            *_more(guess),
        )
    codes = " ".join(f"A-{number}" for number in guess.numbers)
    command = " ".join(part for part in ("/action", guess.verb, codes, rest) if part)
    return notice(*_meant(command), f" {SAVED_NOTHING}")


def _meant(command: str) -> Line:
    return line("Did you mean ", Code(command), "?")


def _list_hint(guess: DidYouMean) -> Line:
    if guess.rest.startswith("#"):
        name = plain(guess.rest.split()[0])
        return line(
            "I couldn't tell which channel ", Typed(name), " is. Type ", Code("/action list #"),
            " and pick the channel from the list Slack shows, so it arrives as a link. "
            + SAVED_NOTHING,
        )  # fmt: skip
    forms = joined([(Code(form),) for form in LIST_FORMS], ", ")
    return line(
        *_meant("/action list"), " You can also use ", *forms, " or ",
        Code("/action list overdue all"), f". {SAVED_NOTHING}",
    )  # fmt: skip


def _more(guess: DidYouMean) -> Line:
    """Say how to add a one-word item that only looked like a command."""
    if guess.rest or guess.numbers or guess.typed.lower() == guess.verb:
        return ()
    return line(" To add “", Typed(plain(guess.typed)), "” as a new item, use a few more words.")


def plain(typed: str) -> str:
    """Return typed words as they can stand in a code span: mentions as @name, no backticks."""
    text = USER.sub(lambda m: f"@{m.group(1) or 'someone'}", typed)
    text = CHANNEL.sub(lambda m: f"#{m.group(1) or 'channel'}", text)
    text = SPECIAL.sub(lambda m: f"@{m.group(1)}", text).replace("`", "'")
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def change_summary(changed: Sequence[Line], refused: Sequence[tuple[str, str]]) -> Message:
    """Say in one reply what several changes did, and which could not be made and why."""
    if len(changed) == 1 and not refused:
        return notice(*changed[0])
    lines = list(changed)
    if refused:
        head = f"Not changed ({len(refused)}):" if changed else "Nothing was changed:"
        lines.append((bold(head),))
        lines += [line(f"• {code}: ", Typed(reason)) for code, reason in refused]
    return notice(*joined(lines, "\n"))


def coordinator_list(named: Sequence[str]) -> Message:
    """Say who the coordinators are."""
    first = (
        line("Coordinators: ", *mentions(named), ".")
        if named
        else line("Nobody has been named a coordinator yet.")
    )
    return notice(
        *first,
        " Workspace admins are coordinators too. Coordinators can see what is overdue "
        "in every channel with ",
        Code("/action list overdue all"),
        ", and name others with ",
        Code("/action coordinators add @name"),
        ".",
    )


def not_a_coordinator() -> Message:
    """Say who may see what is overdue in every channel, and what the person can see."""
    return notice(
        "Only coordinators can see what is overdue in every channel: workspace admins, and "
        "people a coordinator names with ",
        Code("/action coordinators add @name"),
        ". You can see what is overdue here with ",
        Code("/action list overdue"),
        ", and your own items with ",
        Code("/action list"),
        ".",
    )


def coordinator_added(user_id: str, *, added: bool) -> Line:
    """Say that someone is a coordinator now, or was already."""
    if not added:
        return line(Mention(user_id), " is already a coordinator.")
    return line(
        Mention(user_id), " is now a coordinator: they can use ", Code("/action list overdue all"),
        ".",
    )  # fmt: skip


def coordinator_removed(user_id: str, *, removed: bool) -> Line:
    """Say that someone is no longer a named coordinator, or never was."""
    if removed:
        return line(Mention(user_id), " is no longer a named coordinator.")
    return line(Mention(user_id), " was not a named coordinator, so nothing changed.")


def list_words(scope: str, *, channel: str | None, user: str) -> tuple[Line, Line]:
    """Return a list's heading and what it says when empty; `channel` None means this one."""
    where: Line = line("this channel") if channel is None else (ChannelRef(channel),)
    match scope:
        case "mine":
            return line("Your open items"), line("You have no open items. Nice work!")
        case "channel":
            whole = line("This channel") if channel is None else where
            return line("Open items in ", *where), (*whole, Words(" has no open items."))
        case "overdue":
            return line("Overdue items in ", *where), line("Nothing here is overdue. 🎉")
        case "overdue_all":
            return line("Overdue items in every channel"), line("Nothing is overdue anywhere. 🎉")
    return (
        line("Open items of ", Mention(user), " that you can see"),
        line(Mention(user), " has no open items that you can see."),
    )
