"""Block Kit for decisions: the channel announcement, the list and the help. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence

from bot.slack.blocks import Message, context, mrkdwn, notice, shorten
from bot.text import neutralise
from storage.models import Decision

HELP = """*Record what your team decides, so nobody has to remember it.*
• `/decision We hold 3 shelter beds for veterans through December` — records *D-1* and posts it here
• `/decision list` — this channel's decisions, newest first
• `/decision list #housing-partners` — another channel's decisions
• In meeting notes, a line starting with `DECISION:` is recorded too."""


def decision_line(decision: Decision, *, limit: int = 300) -> str:
    """Return a decision as one line: its code and words."""
    return f"*{decision.code}* {neutralise(shorten(decision.text, limit))}"


def _day(decision: Decision) -> str:
    at = decision.created_at
    fallback = f"{at:%b} {at.day}, {at.year}"
    return f"<!date^{int(at.timestamp())}^{{date_short}}|{fallback}>"


def announcement(decision: Decision) -> Message:
    """Return the channel post that records a decision."""
    words = neutralise(decision.text)
    text = f"🧭 Decision {decision.code}: {words} — recorded by <@{decision.recorder_id}>"
    blocks = [
        mrkdwn(f"🧭 *Decision {decision.code}*\n{neutralise(shorten(decision.text))}"),
        context(f"Recorded by <@{decision.recorder_id}> · see them all with `/decision list`"),
    ]
    return {"text": text, "blocks": blocks}


def decision_list(
    heading: str, decisions: Sequence[Decision], *, total: int, empty: str
) -> Message:
    """Return an ephemeral list of decisions, newest first, within Block Kit's limits."""
    if not decisions:
        return notice(empty)
    lines = [f"{decision_line(d)} — <@{d.recorder_id}> · {_day(d)}" for d in decisions]
    blocks = [mrkdwn(f"*{heading}*"), *(mrkdwn(line) for line in lines)]
    more = total - len(decisions)
    if more > 0:
        blocks.append(context(f"…and {more} more"))
    text = "\n".join([heading, *lines] + ([f"…and {more} more"] if more > 0 else []))
    return {"text": text, "blocks": blocks}


def help_message() -> Message:
    """Return the short help for `/decision`."""
    return {"text": HELP.replace("*", "").replace("`", ""), "blocks": [mrkdwn(HELP)]}
