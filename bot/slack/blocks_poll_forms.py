"""Block Kit around polls: help, the list, vote confirmations and the decision form. Pure."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.clip import clip
from bot.ids import BlockId, CallbackId
from bot.services.decisions import MAX_TEXT
from bot.services.polls import RESULTS_RULE
from bot.slack.blocks import Message, context, mrkdwn, notice, plain_text, shorten, when_phrase
from bot.slack.blocks_modals import View
from bot.slack.blocks_polls import PRIVACY
from bot.text import from_mrkdwn, neutralise
from storage.models import Poll

HELP = """*Ask your channel a question, and turn the answer into action.*
• `/poll "Where should we meet?" "Library" "Church hall" "Online"` — people react 1️⃣ 2️⃣ 3️⃣ to vote
• After the options you can add:
   `anonymous` — vote with buttons; nobody, you included, can see who voted for what;
      results show once 3 people have voted
   `multi` — people can pick several options
   `hidden` — with `anonymous`: no results until the poll closes
   `closes Friday 5pm` — close it then and post the results
   `repeat weekly` — post it again every week (a pulse check)
• `/poll list` — the open polls in this channel
• `/poll close P-3` — close a poll now and post its results (its creator or an admin)
• `/poll stop P-3` — stop a weekly poll from being posted again"""


def help_message() -> Message:
    """Return the short help for `/poll`."""
    return {"text": HELP.replace("*", "").replace("`", ""), "blocks": [mrkdwn(HELP)]}


def poll_line(poll: Poll) -> str:
    """Return a poll as one line of a list."""
    parts = [f"*{poll.code}* {neutralise(shorten(poll.question, 200))}"]
    kind = ("anonymous" if poll.anonymous else "emoji") + (
        ", several choices" if poll.multi else ""
    )
    parts.append(kind)
    if poll.anonymous:
        parts.append(RESULTS_RULE.lower())
    if poll.closes_at is not None:
        parts.append(f"closes {when_phrase(poll.closes_at, all_day=False, tz=poll.tz or 'UTC')}")
    if poll.repeat_at is not None:
        parts.append("🔁 weekly")
    if poll.source_url:
        parts.append(f"<{poll.source_url}|see it>")
    return " · ".join(parts)


def poll_list(polls: Sequence[Poll], *, limit: int = 40) -> Message:
    """Return the open polls of a channel, for the person who asked."""
    if not polls:
        return notice('This channel has no open polls. Start one with /poll "Question?" "A" "B"')
    heading = f"Open polls in this channel ({len(polls)})"
    lines = [poll_line(poll) for poll in polls[:limit]]
    more = len(polls) - len(lines)
    blocks = [mrkdwn(f"*{heading}*"), *(mrkdwn(line) for line in lines)]
    if more:
        blocks.append(context(f"…and {more} more"))
    text = "\n".join([heading, *lines] + ([f"…and {more} more"] if more else []))
    return {"text": text, "blocks": blocks}


def vote_confirmation(poll: Poll, chosen: Sequence[int]) -> Message:
    """Tell a voter, and only them, what their anonymous ballot now says."""
    picked = ", ".join(f"“{neutralise(poll.options[i])}”" for i in chosen)
    if not chosen:
        said = f"You took back your votes in {poll.code}. Click an option to vote again."
    elif poll.multi:
        said = f"Your votes in {poll.code} are in: {picked}. {PRIVACY}"
    else:
        said = f"Your vote for {picked} in {poll.code} is in. {PRIVACY}"
    return notice(said)


def decision_modal(poll: Poll, prefill: str) -> View:
    """Return the form that records a decision from a poll's results."""
    field = {
        "type": "input",
        "block_id": BlockId.POLL_DECISION_TEXT,
        "label": plain_text("What was decided?"),
        "element": {
            "type": "plain_text_input",
            "action_id": BlockId.POLL_DECISION_TEXT,
            "multiline": True,
            "max_length": MAX_TEXT,
            "initial_value": clip(from_mrkdwn(prefill), MAX_TEXT),
        },
    }
    note = f"From the results of *{poll.code}*. I'll post the decision in the poll's thread."
    return {
        "type": "modal",
        "callback_id": CallbackId.POLL_DECISION,
        "title": plain_text("Record a decision"),
        "submit": plain_text("Record"),
        "close": plain_text("Cancel"),
        "private_metadata": json.dumps({"n": poll.number}),
        "blocks": [context(note), field],
    }
