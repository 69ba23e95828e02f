"""What is said around polls: help, the list, vote confirmations and the decision form. Pure."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.ids import BlockId, CallbackId
from bot.messages.common import notice, when
from bot.messages.parts import Form, Message, Note, Paragraph, Part, TextField
from bot.messages.polls import PRIVACY
from bot.messages.spans import Code, Line, Link, Span, Typed, Words, joined, line, plain, strong
from bot.services.decisions import MAX_TEXT
from bot.services.polls import RESULTS_RULE
from bot.text import from_mrkdwn
from storage.models import Poll

QUESTION_IN_LIST = 200
HELP: tuple[Line, ...] = (
    (strong("Ask your channel a question, and turn the answer into action."),),
    line(
        "• ",
        Code('/poll "Where should we meet?" "Library" "Church hall" "Online"'),
        " — people react 1️⃣ 2️⃣ 3️⃣ to vote",
    ),
    line("• After the options you can add:"),
    line(
        "   ",
        Code("anonymous"),
        " — vote with buttons; nobody, you included, can see who voted for what;",
    ),
    line("      results show once 3 people have voted"),
    line("   ", Code("multi"), " — people can pick several options"),
    line(
        "   ", Code("hidden"), " — with ", Code("anonymous"), ": no results until the poll closes"
    ),
    line("   ", Code("closes Friday 5pm"), " — close it then and post the results"),
    line("   ", Code("repeat weekly"), " — post it again every week (a pulse check)"),
    line(
        "   ",
        Code("link"),
        " — people without Slack or Teams answer on a web page too (add ",
        Code("spanish"),
        " for the page in Spanish); you get the link and a QR code",
    ),
    line("• ", Code("/poll list"), " — the open polls in this channel"),
    line(
        "• ",
        Code("/poll close P-3"),
        " — close a poll now and post its results (its creator or an admin)",
    ),
    line("• ", Code("/poll stop P-3"), " — stop a weekly poll from being posted again"),
    line("• ", Code("/poll link P-3"), " — a web link for a poll you started"),
    line(
        "• ",
        Code('/poll people P-3 "Advisor 1" "Advisor 2"'),
        " — one link per person, one vote each (use labels, not names)",
    ),
)


def help_message() -> Message:
    """Return the short help for `/poll`."""
    text = line("\n".join(plain(one) for one in HELP))
    return Message(text=text, parts=(Paragraph(HELP),))


def poll_line(poll: Poll) -> Line:
    """Return a poll as one line of a list."""
    kind = ("anonymous" if poll.anonymous else "emoji") + (
        ", several choices" if poll.multi else ""
    )
    parts = [line(strong(poll.code), " ", Typed(poll.question, QUESTION_IN_LIST)), line(kind)]
    if poll.anonymous:
        parts.append(line(RESULTS_RULE.lower()))
    if poll.closes_at is not None:
        parts.append(line("closes ", when(poll.closes_at, all_day=False, tz=poll.tz or "UTC")))
    if poll.repeat_at is not None:
        parts.append(line("🔁 weekly"))
    if poll.source_url:
        parts.append((Link(poll.source_url, line("see it")),))
    return joined(parts, " · ")


def poll_list(polls: Sequence[Poll], *, limit: int = 40) -> Message:
    """Return the open polls of a channel, for the person who asked."""
    if not polls:
        return notice('This channel has no open polls. Start one with /poll "Question?" "A" "B"')
    heading = f"Open polls in this channel ({len(polls)})"
    lines = [poll_line(poll) for poll in polls[:limit]]
    more = len(polls) - len(lines)
    parts: list[Part] = [Paragraph(((strong(heading),),)), *(Paragraph((one,)) for one in lines)]
    tail = [line(f"…and {more} more")] if more else []
    parts += [Note(one) for one in tail]
    return Message(text=joined([line(heading), *lines, *tail], "\n"), parts=tuple(parts))


def vote_confirmation(poll: Poll, chosen: Sequence[int]) -> Message:
    """Tell a voter, and only them, what their ballot (or their button votes) now says."""
    picked: list[Line] = [(Words("“"), Typed(poll.options[i]), Words("”")) for i in chosen]
    private = f" {PRIVACY}" if poll.anonymous else ""
    said: list[Span | str]
    if not chosen:
        said = [f"You took back your votes in {poll.code}. Click an option to vote again."]
    elif poll.multi:
        said = [f"Your votes in {poll.code} are in: ", *joined(picked, ", "), f".{private}"]
    else:
        said = ["Your vote for ", *joined(picked, ", "), f" in {poll.code} is in.{private}"]
    return notice(*said)


def decision_form(poll: Poll, prefill: str) -> Form:
    """Return the form that records a decision from a poll's results.

    The prefill (a code and at most ten options of 75 characters) is far under MAX_TEXT.
    """
    field = TextField(
        key=BlockId.POLL_DECISION_TEXT,
        label="What was decided?",
        initial=from_mrkdwn(prefill),
        multiline=True,
        max_length=MAX_TEXT,
    )
    note = line(
        "From the results of ", strong(poll.code), ". I'll post the decision in the poll's thread."
    )
    return Form(
        key=CallbackId.POLL_DECISION,
        title="Record a decision",
        items=(Note(note), field),
        submit="Record",
        close="Cancel",
        state=json.dumps({"n": poll.number}),
    )
