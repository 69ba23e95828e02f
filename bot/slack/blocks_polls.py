"""Block Kit for polls: the poll as it runs, as it ends, and its results. Pure functions.

Emoji polls show no counts while open: Slack shows the reactions themselves. Anonymous polls
show running counts unless `hidden`, and always say that nobody can see who voted for what.
Their counts show only once MIN_VOTERS people have voted (bot/services/poll_votes.py), and
every surface says so.
"""

from __future__ import annotations

from datetime import datetime

from bot.ids import ActionId, BlockId
from bot.services.poll_votes import Tally
from bot.services.polls import RESULTS_RULE, percent, winner_phrase
from bot.slack.blocks import Block, Message, button, context, mrkdwn, shorten, when_phrase
from bot.text import from_mrkdwn, neutralise
from storage.models import Poll

NUMBER_EMOJI = (
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "keycap_ten",
)  # fmt: skip
BAR_WIDTH = 10
PRIVACY = "Nobody, the poll's creator included, can see who voted for what."


def keycap(option: int) -> str:
    """Return an option's number emoji, like :one:."""
    return f":{NUMBER_EMOJI[option]}:"


def bar(count: int, voters: int) -> str:
    """Return a text bar with its percentage and count, like `█████░░░░░` 50% (3)."""
    filled = int(BAR_WIDTH * count / voters + 0.5) if voters else 0
    return f"`{'█' * filled}{'░' * (BAR_WIDTH - filled)}` {percent(count, voters)}% ({count})"


def people(count: int) -> str:
    """Say how many people, in words that read right for one."""
    return "1 person" if count == 1 else f"{count} people"


def heading(poll: Poll, *, closed: bool = False) -> str:
    """Return the poll's first line: its code and question."""
    state = " — closed" if closed else ""
    return f"📊 *{poll.code}* · *{neutralise(shorten(poll.question, 300))}*{state}"


def option_lines(poll: Poll, counted: Tally | None) -> list[str]:
    """Return a line per option, with a bar when counts are shown."""
    lines = []
    for index, option in enumerate(poll.options):
        line = f"{keycap(index)} {neutralise(option)}"
        if counted is not None and counted.counts is not None:
            line += f"\n{bar(counted.counts[index], counted.voters)}"
        lines.append(line)
    return lines


def _at(poll: Poll, moment: datetime) -> str:
    return when_phrase(moment, all_day=False, tz=poll.tz or "UTC")


def how_to_vote(poll: Poll) -> str:
    """Say how to vote in this poll, in a line."""
    if poll.anonymous and poll.multi:
        how = "Click every option you agree with; click one again to take it back"
    elif poll.anonymous:
        how = "Click an option to vote; click another to change your vote"
    elif poll.multi:
        how = "React with the number of every option you agree with"
    else:
        how = "React with a number to vote. One choice each: if you pick more, your latest counts"
    return how + (" · Results stay hidden until the poll closes" if poll.hidden else "")


def _footer(poll: Poll, counted: Tally | None) -> str:
    parts = [how_to_vote(poll)]
    if poll.anonymous and (counted is None or counted.counts is None):
        parts.append(RESULTS_RULE)  # hidden polls too: at close, only with enough voters
    if poll.closes_at is not None:
        parts.append(f"Closes {_at(poll, poll.closes_at)}")
    if poll.repeat_at is not None:
        parts.append("🔁 Posted again every week")
    if counted is not None:
        parts.append(f"{people(counted.voters)} voted so far")
    parts.append(f"Asked by <@{poll.creator_id}>")
    return " · ".join(parts)


def vote_buttons(poll: Poll) -> Block:
    """Return the option buttons of an anonymous poll."""
    elements = [
        button(from_mrkdwn(option), f"{ActionId.POLL_VOTE}:{index}", f"{poll.number}:{index}")
        for index, option in enumerate(poll.options)
    ]
    return {"type": "actions", "block_id": BlockId.POLL_VOTES, "elements": elements}


def poll_message(poll: Poll, counted: Tally | None = None) -> Message:
    """Return an open poll's message; `counted` shows running counts (anonymous, not hidden)."""
    shown = counted if poll.anonymous and not poll.hidden else None
    lines = option_lines(poll, shown)
    blocks: list[Block] = [mrkdwn(heading(poll))]
    if poll.anonymous:
        blocks.append(mrkdwn(f"🔒 *Anonymous poll.* {PRIVACY}"))
    blocks.append(mrkdwn("\n".join(lines)))
    if poll.anonymous:
        blocks.append(vote_buttons(poll))
    footer = _footer(poll, shown)
    blocks.append(context(footer))
    privacy = f" 🔒 Anonymous poll. {PRIVACY}" if poll.anonymous else ""
    text = f"📊 {poll.code} {neutralise(poll.question)}{privacy}\n" + "\n".join(_plain(lines))
    text += f"\n{footer}"
    return {"text": text, "blocks": blocks}


def _plain(lines: list[str]) -> list[str]:
    return [line.replace("\n", " ") for line in lines]


def _closed_footer(poll: Poll, counted: Tally) -> str:
    by = f" by <@{poll.closed_by}>" if poll.closed_by else ""
    parts = [f"Closed {_at(poll, poll.closed_at)}{by}" if poll.closed_at else "Closed"]
    parts.append(f"{people(counted.voters)} voted")
    if counted.counts is None:
        parts.append(f"{RESULTS_RULE}, so these stay private")
    elif poll.multi:
        parts.append("people could pick several options, so the percentages add up to more")
    return " · ".join(parts)


def _thread_pointer(counted: Tally) -> str:
    return ". Results are in the thread." if counted.counts is not None else "."


def closed_poll_message(poll: Poll, counted: Tally) -> Message:
    """Return the poll's message once it is closed: bars and percentages, no buttons."""
    lines = option_lines(poll, counted)
    blocks: list[Block] = [mrkdwn(heading(poll, closed=True))]
    if poll.anonymous:
        blocks.append(mrkdwn(f"🔒 *Anonymous poll.* {PRIVACY}"))
    blocks += [
        mrkdwn("\n".join(lines)),
        context(_closed_footer(poll, counted) + _thread_pointer(counted)),
    ]
    text = (
        f"📊 {poll.code} {neutralise(poll.question)} — closed. "
        + "; ".join(_plain(lines))
        + f". {_closed_footer(poll, counted)}."
    )
    return {"text": text, "blocks": blocks}


def results_message(poll: Poll, counted: Tally) -> Message:
    """Return the results posted in the poll's thread, with the "you said, we did" buttons."""
    won = neutralise(winner_phrase(poll.options, counted))
    lines = option_lines(poll, counted)
    follow_up = (
        f"*You said, we did:* <@{poll.creator_id}> can record a decision or action items "
        "from this result."
    )
    blocks: list[Block] = [
        mrkdwn(f"🏁 *Results of {poll.code}* · {neutralise(shorten(poll.question, 300))}\n{won}."),
        mrkdwn("\n".join(lines)),
        context(_closed_footer(poll, counted) + (f". {PRIVACY}" if poll.anonymous else "")),
        mrkdwn(follow_up),
        {
            "type": "actions",
            "block_id": BlockId.POLL_FOLLOW_UP,
            "elements": [
                button("📝 Record a decision", ActionId.POLL_DECISION, str(poll.number)),
                button("📌 Make an action item", ActionId.POLL_ACTION_ITEM, str(poll.number)),
            ],
        },
    ]
    text = (
        f"🏁 Results of {poll.code} {neutralise(poll.question)}: {won}. "
        + "; ".join(_plain(lines))
        + f". {_closed_footer(poll, counted)}. {follow_up.replace('*', '')}"
    )
    return {"text": text, "blocks": blocks}
