"""What `/action` says back about a command itself: a suggestion, a summary, coordinators."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.slack.blocks import Message, notice
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
    "`/action list @name`, `/action list channel`, `/action list #channel`, "
    "`/action list overdue` or `/action list overdue all`"
)
USER = re.compile(r"<@[UW][A-Z0-9]+(?:\|([^>]*))?>")
CHANNEL = re.compile(r"<#[CG][A-Z0-9]+(?:\|([^>]*))?>")
SPECIAL = re.compile(r"<!([a-z]+)[^>]*>")
SHOWN = 200
SAVED_NOTHING = "Nothing was saved."


def did_you_mean(guess: DidYouMean) -> Message:
    """Suggest the command a person probably meant; nothing was stored."""
    if guess.verb == "list":
        return notice(_list_hint(guess))
    if guess.verb == "coordinators":
        op = guess.rest if guess.rest in {"add", "remove"} else "list"
        command = f"/action coordinators {op}" + (" @name" if op != "list" else "")
        return notice(f"Did you mean `{command}`? {SAVED_NOTHING}")
    if guess.verb in WITHOUT_CODE:
        return notice(f"Did you mean `{WITHOUT_CODE[guess.verb]}`? {SAVED_NOTHING}{_more(guess)}")
    rest = plain(guess.rest) or EXAMPLES.get(guess.verb, "")
    if not guess.numbers:
        command = " ".join(part for part in ("/action", guess.verb, "A-12", rest) if part)
        return notice(
            f"Did you mean `{command}`? Put the item's code after {guess.verb}: "
            f"`/action list` shows your items and their codes. {SAVED_NOTHING}{_more(guess)}"
        )
    codes = " ".join(f"A-{number}" for number in guess.numbers)
    command = " ".join(part for part in ("/action", guess.verb, codes, rest) if part)
    return notice(f"Did you mean `{command}`? {SAVED_NOTHING}")


def _list_hint(guess: DidYouMean) -> str:
    if guess.rest.startswith("#"):
        name = plain(guess.rest.split()[0])
        return (
            f"I couldn't tell which channel {name} is. Type `/action list #` and pick the "
            "channel from the list Slack shows, so it arrives as a link. " + SAVED_NOTHING
        )
    return f"Did you mean `/action list`? You can also use {LIST_FORMS}. {SAVED_NOTHING}"


def _more(guess: DidYouMean) -> str:
    """Say how to add a one-word item that only looked like a command."""
    if guess.rest or guess.numbers or guess.typed.lower() == guess.verb:
        return ""
    return f" To add “{plain(guess.typed)}” as a new item, use a few more words."


def plain(typed: str) -> str:
    """Return typed words as they can stand in a code span: mentions as @name, no backticks."""
    text = USER.sub(lambda m: f"@{m.group(1) or 'someone'}", typed)
    text = CHANNEL.sub(lambda m: f"#{m.group(1) or 'channel'}", text)
    text = SPECIAL.sub(lambda m: f"@{m.group(1)}", text).replace("`", "'")
    text = " ".join(text.split())
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def change_summary(changed: Sequence[str], refused: Sequence[tuple[str, str]]) -> Message:
    """Say in one reply what several changes did, and which could not be made and why."""
    if len(changed) == 1 and not refused:
        return notice(changed[0])
    lines = list(changed)
    if refused:
        lines.append(f"*Not changed ({len(refused)}):*" if changed else "*Nothing was changed:*")
        lines += [f"• {code}: {reason}" for code, reason in refused]
    return notice("\n".join(lines))


def coordinator_list(named: Sequence[str]) -> Message:
    """Say who the coordinators are."""
    who = ", ".join(f"<@{uid}>" for uid in named)
    first = f"Coordinators: {who}." if named else "Nobody has been named a coordinator yet."
    return notice(
        f"{first} Workspace admins are coordinators too. Coordinators can see what is overdue "
        "in every channel with `/action list overdue all`, and name others with "
        "`/action coordinators add @name`."
    )


NOT_A_COORDINATOR = (
    "Only coordinators can see what is overdue in every channel: workspace admins, and people a "
    "coordinator names with `/action coordinators add @name`. You can see what is overdue here "
    "with `/action list overdue`, and your own items with `/action list`."
)
ONLY_COORDINATORS_NAME = (
    "Only coordinators (workspace admins, and people they name) can change who is a "
    "coordinator. Nothing was changed. `/action coordinators` shows who they are."
)
