"""What Backbone says about action items: their channel post, lists, notes, and the help."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.ids import ActionId, BlockId
from bot.messages.common import (
    due,
    item_line,
    notice,
    owners,
    people_and,
    repeat,
    snooze_menu,
    title,
    when,
)
from bot.messages.parts import Button, Controls, Message, Note, Paragraph, Part
from bot.messages.spans import (
    Code,
    Line,
    Mention,
    Quote,
    Span,
    Strong,
    Struck,
    Typed,
    Words,
    joined,
    line,
    plain,
    strong,
)
from bot.repeat_rule import rule_from_code
from storage.models import ActionItem, Status

if TYPE_CHECKING:
    from bot.when import Due  # a type only: the date reader is not loaded to show an item

LIST_LIMIT = 40
NOTE_SHOWN = 2000


def announcement(item: ActionItem, *, absent: Sequence[str] = ()) -> Message:
    """Return the channel post announcing an open item, with buttons for its owners.

    `absent` are owners who are not in the channel: the first post says so, once.
    """
    dated = line(" · due ", *due(item)) if item.due_at else ()
    who = (*owners(item), *dated, *repeat(item))
    text = (*line(f"📌 {item.code} ", Typed(item.title), " — "), *who)
    parts: list[Part] = [
        Paragraph((line("📌 ", strong(item.code), " ", title(item)), who)),
        Note(line("Asked by ", Mention(item.creator_id), " · owners can use these buttons")),
        Controls(
            (
                Button("✅ Done", ActionId.ITEM_DONE, str(item.number), style="primary"),
                snooze_menu(item),
            ),
            key=BlockId.ITEM_BUTTONS,
        ),
    ]
    if absent:
        said = absent_note(absent)
        parts.append(Note(line("👋 ", *said)))
        text = (*text, Words(". "), *said)
    return Message(text=text, parts=tuple(parts))


def absent_note(user_ids: Sequence[str]) -> Line:
    """Say that some owners are not in the channel and how they will hear about the item."""
    verb = "is" if len(user_ids) == 1 else "are"
    return line(
        *people_and(user_ids),
        f" {verb} not in this channel, so they may not see this here; "
        "they will get reminders by DM.",
    )


def closed_announcement(item: ActionItem, *, by: str) -> Message:
    """Return the channel post of an item once it is done or dropped."""
    mark, word = ("✅", "done") if item.status == Status.DONE else ("➖", "dropped")
    text = line(f"{mark} {item.code} ", Typed(item.title), f" — {word} by ", Mention(by))
    struck = Struck(line(strong(item.code), " ", title(item)))
    parts: list[Part] = [
        Paragraph((line(f"{mark} ", struck), line(f"{word.capitalize()} by ", Mention(by))))
    ]
    if item.note:
        parts.append(Note(line("Note: ", Typed(item.note, NOTE_SHOWN))))
        text = (*text, Words(". Note: "), Typed(item.note))
    return Message(text=text, parts=tuple(parts))


def item_list(
    heading: Line,
    items: Sequence[ActionItem],
    *,
    now: datetime,
    empty: Line,
    total: int | None = None,
) -> Message:
    """Return a list of items for one person, within the platform's limits.

    `total` is how many the list holds when `items` are only its first ones.
    """
    total = len(items) if total is None else total
    if not total:
        return notice(*empty)
    shown = list(items[:LIST_LIMIT])
    lines = [item_line(item, now=now, channel=True) for item in shown]
    parts: list[Part] = [Paragraph((line(Strong(heading)),))]
    parts += [Paragraph((one,)) for one in lines]
    more = total - len(shown)
    tail = [line(f"…and {more} more")] if more else []
    parts += [Note(one) for one in tail]
    return Message(text=joined([heading, *lines, *tail], "\n"), parts=tuple(parts))


def next_phrase(follow: ActionItem) -> Line:
    """Say which item comes next in a series, and when it is due."""
    rule = rule_from_code(follow.recurrence)
    how = f"It repeats {rule.describe()}: " if rule else "It repeats: "
    dated = line(", due ", *due(follow)) if follow.due_at else ()
    return line(how, strong(follow.code), " is next", *dated, ".")


def done_said(item: ActionItem, follow: ActionItem | None) -> Line:
    """Say thank you for an item done, and which comes next in its series."""
    said = line(f"✅ {item.code} is done. Thank you!")
    return (*said, Words(" "), *next_phrase(follow)) if follow is not None else said


def creator_done(item: ActionItem, *, by: str, follow: ActionItem | None = None) -> Message:
    """Return the note telling the person who asked for an item that it is done."""
    first = line("✅ You asked for ", strong(item.code), " ", title(item), ": ", Mention(by))
    lines = [(*first, Words(" marked it done."))]
    if item.note:
        lines.append((Quote((Typed(item.note, NOTE_SHOWN),)),))
    if follow is not None:
        lines.append(next_phrase(follow))
    said = joined(lines, "\n")
    return Message(text=said, parts=(Paragraph((said,)),))


def paused_until(item: ActionItem, until: Due) -> Line:
    """Say that reminders about an item are paused until a moment."""
    shown = when(until.at, all_day=until.all_day, tz=until.zone)
    return line(f"😴 Reminders about {item.code} are paused until ", shown, ".")


def due_changed(item: ActionItem) -> Line:
    """Say an item's new due date, or that it has none now."""
    if item.due_at is None:
        return line(f"📅 {item.code} no longer has a due date.")
    return line(f"📅 {item.code} is now due ", *due(item), ".")


def dropped(item: ActionItem) -> Line:
    """Say that an item is dropped."""
    return line(f"{item.code} is dropped. Nobody will be reminded about it.")


def owners_changed(item: ActionItem) -> Line:
    """Say who owns an item now."""
    return line(f"👥 {item.code} now belongs to ", *owners(item), ".")


def _commands(*pieces: str) -> Line:
    """Return "• " and pieces, every second one something to type (`/action list`)."""
    spans: list[Span] = [Words("• ")]
    for index, piece in enumerate(pieces):
        spans.append(Code(piece) if index % 2 == 0 else Words(piece))
    return tuple(spans)


DATES_TYPED = ("by Friday", "due 12/5", "tomorrow 3pm", "next week", "in 2 weeks", "EOD", "EOW")
HELP: tuple[Line, ...] = (
    line(strong("Backbone keeps track of what your team commits to.")),
    _commands(
        "/action Call the shelter about 3 beds @maria by Friday",
        " — add an item (no @ means it's yours)",
    ),
    (
        Words("• Dates: "),
        *joined([(Code(said),) for said in DATES_TYPED], ", "),
    ),
    _commands("/action list", " — your open items"),
    _commands("/action list @maria", " · ", "/action list channel", " · ", "/action list overdue"),
    _commands("/action list #channel", " — another channel's open items"),
    _commands(
        "/action done A-12 [note]",
        " · ",
        "/action drop A-12",
        " — several at once: ",
        "/action done A-12 A-13",
    ),
    _commands(
        "/action snooze A-12 next week",
        " · ",
        "/action due A-12 Dec 5",
        " · ",
        "/action assign A-12 @joe",
    ),
    _commands("/action edit A-12", " — change the title, owners or due in a form"),
    _commands("/action list overdue all", " — overdue in every channel, for coordinators"),
    _commands(
        "/action coordinators",
        " · ",
        "coordinators add @maria",
        " · ",
        "coordinators remove @maria",
    ),
    _commands(
        "/action Send the HMIS report every Monday",
        " — repeats (",
        "every 2 weeks",
        ", ",
        "every month",
        "…)",
    ),
    _commands(
        "/action Print the call list for T-3", " — a task of test of change T-3 (", "/pdsa", ")"
    ),
    _commands(
        "/action away until Dec 2",
        " · ",
        "/action back",
        " — hold your reminders while you're away",
    ),
)


def help_message() -> Message:
    """Return the short help for `/action`; its fallback is the same words without markup."""
    said = "\n".join(plain(one) for one in HELP)
    return Message(text=(Words(said),), parts=(Paragraph(HELP),))
