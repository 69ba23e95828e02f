"""What a poll's messages say: the poll as it runs, as it ends, and its results. Pure functions.

Emoji polls show no counts while open: the platform shows the reactions themselves. Anonymous
polls show running counts unless `hidden`, and always say that nobody can see who voted for
what. Their counts show only once MIN_VOTERS people have voted (bot/services/poll_votes.py),
and every surface says so.
"""

from __future__ import annotations

from datetime import datetime

from bot.ids import ActionId, BlockId
from bot.messages.common import when
from bot.messages.parts import Button, Controls, Message, Note, Paragraph, Part, Tag
from bot.messages.spans import Code, Line, Mention, Strong, Typed, Words, joined, line, strong
from bot.services.poll_votes import Tally
from bot.services.polls import RESULTS_RULE, percent, winner_phrase
from bot.text import from_mrkdwn
from storage.models import Poll

NUMBER_EMOJI = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "keycap_ten",
)  # fmt: skip
BAR_WIDTH = 10
QUESTION_IN_BLOCK = 300
PRIVACY = "Nobody, the poll's creator included, can see who voted for what."
POLL_EVENT = "backbone_poll"  # the tag a poll's post carries, to find it again


def keycap(option: int) -> str:
    """Return an option's number emoji, like :one:."""
    return f":{NUMBER_EMOJI[option]}:"


def bar(count: int, voters: int) -> Line:
    """Return a text bar with its percentage and count, like █████░░░░░ 50% (3)."""
    filled = int(BAR_WIDTH * count / voters + 0.5) if voters else 0
    shown = f"{'█' * filled}{'░' * (BAR_WIDTH - filled)}"
    return (Code(shown), Words(f" {percent(count, voters)}% ({count})"))


def people(count: int) -> str:
    """Say how many people, in words that read right for one."""
    return "1 person" if count == 1 else f"{count} people"


def heading(poll: Poll, *, closed: bool = False) -> Line:
    """Return the poll's first line: its code and question."""
    state = line(" — closed") if closed else ()
    question = Strong((Typed(poll.question, QUESTION_IN_BLOCK),))
    return (Words("📊 "), strong(poll.code), Words(" · "), question, *state)


def option_lines(poll: Poll, counted: Tally | None, *, apart: str = "\n") -> list[Line]:
    """Return a line per option, with its bar (after `apart`) when counts are shown."""
    lines: list[Line] = []
    for index, option in enumerate(poll.options):
        typed = option if apart == "\n" else option.replace("\n", apart)
        one: Line = (Words(f"{keycap(index)} "), Typed(typed))
        if counted is not None and counted.counts is not None:
            one += (Words(apart), *bar(counted.counts[index], counted.voters))
        lines.append(one)
    return lines


def _at(poll: Poll, moment: datetime) -> Line:
    return (when(moment, all_day=False, tz=poll.tz or "UTC"),)


def how_to_vote(poll: Poll, *, by_button: bool = False) -> str:
    """Say how to vote in this poll, in a line (`by_button`: its options are buttons)."""
    pressed = poll.anonymous or by_button
    if pressed and poll.multi:
        how = "Click every option you agree with; click one again to take it back"
    elif pressed:
        how = "Click an option to vote; click another to change your vote"
    elif poll.multi:
        how = "React with the number of every option you agree with"
    else:
        how = "React with a number to vote. One choice each: if you pick more, your latest counts"
    return how + (" · Results stay hidden until the poll closes" if poll.hidden else "")


def _footer(poll: Poll, counted: Tally | None, *, by_button: bool = False, on_web: int = 0) -> Line:
    parts = [line(how_to_vote(poll, by_button=by_button))]
    if poll.anonymous and (counted is None or counted.counts is None):
        parts.append(line(RESULTS_RULE))  # hidden polls too: at close, only with enough voters
    if poll.closes_at is not None:
        parts.append(line("Closes ", *_at(poll, poll.closes_at)))
    if poll.repeat_at is not None:
        parts.append(line("🔁 Posted again every week"))
    if counted is not None:
        parts.append(line(f"{people(counted.voters)} voted so far"))
    if on_web:
        parts.append(line(f"🌐 {people(on_web)} voted on the web page too"))
    parts.append(line("Asked by ", Mention(poll.creator_id)))
    return joined(parts, " · ")


def vote_buttons(poll: Poll) -> Controls:
    """Return the option buttons of an anonymous poll (or of any poll where people press)."""
    buttons = tuple(
        Button(from_mrkdwn(option), f"{ActionId.POLL_VOTE}:{index}", f"{poll.number}:{index}")
        for index, option in enumerate(poll.options)
    )
    return Controls(buttons, key=BlockId.POLL_VOTES)


def _anonymous() -> Paragraph:
    return Paragraph((line("🔒 ", strong("Anonymous poll."), f" {PRIVACY}"),))


def poll_message(
    poll: Poll, counted: Tally | None = None, *, by_button: bool = False, on_web: int = 0
) -> Message:
    """Return an open poll's message; `counted` shows running counts (anonymous, not hidden).

    `by_button`: people vote by pressing the options even when the poll is not anonymous (where
    the platform has no reactions to vote with). `on_web`: how many people voted on the poll's
    web page, where reactions do not show them. The message is tagged with the poll's id, so a
    post whose place was never stored is found.
    """
    # Reactions show themselves; votes by button show only as counts (hidden: only at close).
    shown = counted if (poll.anonymous or by_button) and not poll.hidden else None
    parts: list[Part] = [Paragraph((heading(poll),))]
    if poll.anonymous:
        parts.append(_anonymous())
    parts.append(Paragraph(tuple(option_lines(poll, shown))))
    if poll.anonymous or by_button:
        parts.append(vote_buttons(poll))
    footer = _footer(poll, shown, by_button=by_button, on_web=on_web)
    parts.append(Note(footer))
    privacy = f" 🔒 Anonymous poll. {PRIVACY}" if poll.anonymous else ""
    text = (
        *line(f"📊 {poll.code} ", Typed(poll.question), f"{privacy}\n"),
        *joined(option_lines(poll, shown, apart=" "), "\n"),
        Words("\n"),
        *footer,
    )
    return Message(text=text, parts=tuple(parts), tag=Tag(POLL_EVENT, {"poll_id": poll.id}))


def _closed_footer(poll: Poll, counted: Tally) -> Line:
    by = line(" by ", Mention(poll.closed_by)) if poll.closed_by else ()
    closed = line("Closed ", *_at(poll, poll.closed_at), *by) if poll.closed_at else line("Closed")
    parts = [closed, line(f"{people(counted.voters)} voted")]
    if counted.counts is None:
        parts.append(line(f"{RESULTS_RULE}, so these stay private"))
    elif poll.multi:
        parts.append(line("people could pick several options, so the percentages add up to more"))
    return joined(parts, " · ")


def _thread_pointer(counted: Tally) -> str:
    return ". Results are in the thread." if counted.counts is not None else "."


def closed_poll_message(poll: Poll, counted: Tally) -> Message:
    """Return the poll's message once it is closed: bars and percentages, no buttons."""
    parts: list[Part] = [Paragraph((heading(poll, closed=True),))]
    if poll.anonymous:
        parts.append(_anonymous())
    parts += [
        Paragraph(tuple(option_lines(poll, counted))),
        Note((*_closed_footer(poll, counted), Words(_thread_pointer(counted)))),
    ]
    text = (
        *line(f"📊 {poll.code} ", Typed(poll.question), " — closed. "),
        *joined(option_lines(poll, counted, apart=" "), "; "),
        *line(". ", *_closed_footer(poll, counted), "."),
    )
    return Message(text=text, parts=tuple(parts))


def _follow_up(poll: Poll, *, bold: bool) -> Line:
    said = "You said, we did:"
    return line(
        strong(said) if bold else said,
        " ",
        Mention(poll.creator_id),
        " can record a decision or action items from this result.",
    )


def results_message(poll: Poll, counted: Tally) -> Message:
    """Return the results posted in the poll's thread, with the "you said, we did" buttons."""
    won = Typed(winner_phrase(poll.options, counted))
    privacy = f". {PRIVACY}" if poll.anonymous else ""
    title = line("🏁 ", strong(f"Results of {poll.code}"), " · ", Typed(poll.question, 300))
    buttons = (
        Button("📝 Record a decision", ActionId.POLL_DECISION, str(poll.number)),
        Button("📌 Make an action item", ActionId.POLL_ACTION_ITEM, str(poll.number)),
    )
    parts: tuple[Part, ...] = (
        Paragraph((title, (won, Words(".")))),
        Paragraph(tuple(option_lines(poll, counted))),
        Note((*_closed_footer(poll, counted), Words(privacy))),
        Paragraph((_follow_up(poll, bold=True),)),
        Controls(buttons, key=BlockId.POLL_FOLLOW_UP),
    )
    text = (
        *line(f"🏁 Results of {poll.code} ", Typed(poll.question), ": ", won, ". "),
        *joined(option_lines(poll, counted, apart=" "), "; "),
        *line(". ", *_closed_footer(poll, counted), ". ", *_follow_up(poll, bold=False)),
    )
    return Message(text=text, parts=parts)
