"""Nothing a person typed reaches Slack as a group ping or a link whose label hides its address.

People paste all sorts into meeting notes, titles and polls: an `@here` from another message, a
link whose words say one address and whose target is another. Each hostile text below is written
as Slack delivers it (mrkdwn: `<!here>`, `<url|label>`; a typed `<` as `&lt;`), and is driven
through every kind of message Backbone sends. Every `text` the emulator received, in every
message, update, ephemeral, response_url body, modal and Home tab, is then checked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from bot.ids import ActionId, Command
from tests.support.forms import open_home
from tests.support.harness import CASE, JOE, MARIA, PAT, Harness
from tests.support.polls import react, start

HOSTILE = [
    "<!here>",  # why: pings everyone online in the channel
    "<!channel|channel>",  # why: pings the whole channel, with a label
    "<!subteam^S123|@team>",  # why: pings a user group
    "<https://evil.example|https://good.example>",  # why: the label shows another address
    "&lt;!here&gt;",  # why: the characters typed literally; must not turn into a ping
    "<mailto:a@b|x>",  # why: a mail link whose label hides the address
]
ALL = " ".join(HOSTILE)
LINKS = " ".join(HOSTILE[3:])  # what `/action` accepts: it refuses group mentions as owners
SHOWN = "https://good.example (<https://evil.example>) &lt;!here&gt; x (<mailto:a@b>)"
PINGS = "@here @channel @team"
# Slack reads these in mrkdwn: a group ping, and a link with a label.
PING = re.compile(r"<!(?:here|channel|everyone|subteam\^)[^>]*>")
LABELLED = re.compile(r"<([a-z][a-z0-9+.-]*:[^<>|]+)\|([^<>]*)>", re.IGNORECASE)
SENT = ("chat.postMessage", "chat.update", "chat.postEphemeral")
VIEWS = ("views.open", "views.push", "views.update", "views.publish")
FRIDAY_NOON_LA = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)


def texts(value: Any) -> Iterator[str]:
    """Yield every `text` Slack reads as mrkdwn (plain_text objects are shown literally)."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            value = json.loads(value)  # blocks sent form-encoded arrive as a JSON string
        except ValueError:
            return
    if isinstance(value, list):
        for inner in value:
            yield from texts(inner)
    elif isinstance(value, dict) and value.get("type") != "plain_text":
        for key, inner in value.items():
            if key == "text" and isinstance(inner, str):
                yield inner
            else:
                yield from texts(inner)


def hides_its_address(address: str, label: str) -> bool:
    """Tell whether a labelled link's label says something other than where it goes."""
    if re.match(r"https://[a-z0-9-]+\.slack\.com/archives/", address):
        return False  # Backbone's own links to Slack messages (chat.getPermalink)
    bare = re.sub(r"^(?:https?://|mailto:)", "", address).rstrip("/")
    return label not in {address, bare}


def everything_sent(backbone: Harness) -> list[Any]:
    """Every message, update, ephemeral, modal, Home tab and response_url body sent."""
    calls = [call for method in SENT + VIEWS for call in backbone.emulator.calls(method)]
    return [*calls, *(response["body"] for response in backbone.emulator.responses())]


def drive_every_kind_of_message(b: Harness) -> None:
    """Items, their list, form, Home, reminder, done note; decisions; notes; a pin; a poll."""
    b.command(f"<@{JOE}> call {LINKS} by Friday")  # the channel post
    b.command("list")
    b.command(f"<@{JOE}> {ALL} by Friday")  # refused: group mentions are not owners
    b.command(f"due A-1 {ALL}")  # an error that quotes what was typed
    b.command("edit A-1")  # the item form, prefilled
    open_home(b, JOE)
    b.tick(FRIDAY_NOON_LA)  # Joe's reminder DM
    b.command(f"done A-1 {ALL}", user=JOE)  # the closed post and Maria's note, with Joe's words
    b.command(ALL, command=Command.DECISION)
    b.command("list", command=Command.DECISION)
    notes = f"ACTION: <@{PAT}> email {LINKS} by Friday\nDECISION: {ALL}\nTODO: {ALL} due 13/45"
    posted = b.emulator.post_message(user=MARIA, channel=CASE, text=notes)
    b.settle()
    pinned = b.emulator.post_message(user=PAT, channel=CASE, text=f"Send {LINKS} to the VA")
    b.settle()
    b.emulator.react(user=MARIA, channel=CASE, ts=pinned.ts, name="pushpin")
    refused = b.emulator.post_message(user=PAT, channel=CASE, text=f"{ALL} call due 13/45")
    b.emulator.react(user=MARIA, channel=CASE, ts=refused.ts, name="pushpin")  # an ephemeral
    b.settle()
    quoted = [f'"{ALL}?"', '"<!subteam^S123|@team>"', '"<https://evil.example|good.example>"']
    poll = start(b, " ".join(quoted))
    react(b, poll, JOE, "one")
    b.command("close P-1", command=Command.POLL)
    b.command("list", command=Command.POLL)
    b.command("preview", command="/digest")
    reply = b.emulator.messages(CASE, thread_ts=posted.ts)[0]
    b.emulator.click(reply, ActionId.CAPTURED_DONE, user=PAT)  # the reply, updated
    b.settle()


def test_no_text_reaches_slack_as_a_group_ping_or_a_disguised_link(backbone: Harness) -> None:
    drive_every_kind_of_message(backbone)
    sent = [text for body in everything_sent(backbone) for text in texts(body)]
    assert [text for text in sent if PING.search(text)] == []
    disguised = [
        text for text in sent for m in LABELLED.finditer(text) if hides_its_address(*m.groups())
    ]
    assert disguised == []
    # The words themselves still arrive, readable: the checks above looked at the real thing.
    posts = [message.text for message in backbone.emulator.messages(CASE)]
    assert posts[0] == f"✅ A-1 call {SHOWN} — done by <@{JOE}>. Note: {PINGS} {SHOWN}"
    assert f"🧭 Decision D-1: {PINGS} {SHOWN} — recorded by <@{MARIA}>" in posts
    assert not any(
        call.get("link_names") or call.get("parse") for call in everything_sent(backbone)
    )

    methods = {call["method"] for call in backbone.emulator.calls()}
    assert {*SENT, "views.open", "views.publish"} <= methods  # every kind was reached
