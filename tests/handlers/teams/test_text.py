"""Teams message text as the core reads it, from messages written the way people write in Teams."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.teams.text import core_text, mentions_bot

BOT = "28:00000000-0000-0000-0000-0000000b0b0e"
ANA = "29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsfJjcbAD22bmKc4"
BO = "29:1a-Zq9XyW3t7Bc4dEf"
LONG = "29:1LongNameZ_x"
CHANNEL = "19:c0ffee@thread.tacv2"


def mention(ident: str, name: str, **extra: Any) -> dict[str, Any]:
    """A mention entity as Teams sends it."""
    return {
        "type": "mention",
        "text": f"<at>{name}</at>",
        "mentioned": {"id": ident, "name": name, **extra},
    }


ME = mention(BOT, "Backbone")
CLIENT = {"type": "clientInfo", "locale": "en-US", "timezone": "America/Chicago"}

# fmt: off
TABLE = [
    # why: the simplest command in a channel: Backbone's own mention goes
    ("<p><at>Backbone</at> action list</p>", [ME, CLIENT], "action list"),
    # why: &nbsp; after the mention, as the Teams web client writes it
    ("<p><at>Backbone</at>&nbsp;action call the shelter by Friday</p>", [ME],
     "action call the shelter by Friday"),
    # why: a person's mention mid-sentence becomes <@29:…>
    ("<p><at>Backbone</at> action ask <at>Ana Ruiz</at> to call the landlord tomorrow</p>",
     [ME, mention(ANA, "Ana Ruiz")], f"action ask <@{ANA}> to call the landlord tomorrow"),
    # why: two owners
    ("<at>Backbone</at> action <at>Ana Ruiz</at> and <at>Bo Chen</at> send the HMIS export",
     [ME, mention(ANA, "Ana Ruiz"), mention(BO, "Bo Chen")],
     f"action <@{ANA}> and <@{BO}> send the HMIS export"),
    # why: a long display name with a comma, parentheses and an ampersand
    ("<at>Backbone</at> action assign A-3 "
     "<at>María-José O&#39;Neill (Housing &amp; Outreach), LCSW</at>",
     [ME, mention(LONG, "María-José O'Neill (Housing & Outreach), LCSW")],
     f"action assign A-3 <@{LONG}>"),
    # why: the same person twice: each <at> takes its own entity
    ("<at>Ana</at> and <at>Ana</at>", [mention(ANA, "Ana"), mention(ANA, "Ana")],
     f"<@{ANA}> and <@{ANA}>"),
    # why: a channel, a team and a tag ping become <!channel>, which the core refuses
    ("<at>Backbone</at> action <at>General</at> read the minutes",
     [ME, mention(CHANNEL, "General", conversationIdentityType="channel")],
     "action <!channel> read the minutes"),
    ("<at>Outreach team</at> please",
     [mention("9b1e…", "Outreach team", conversationIdentityType="team")],
     "<!channel> please"),
    ("<at>Nurses</at> please", [mention("MjAyNC0x", "Nurses", type="tag")], "<!channel> please"),
    # why: pasted meeting notes, several lines, <br> and paragraphs
    ("<p>Weekly case conference</p><p>ACTION: <at>Ana Ruiz</at> call the shelter by Fri<br>"
     "TODO: renew the lease</p><p>DECISION: we move intake to Tuesdays</p>",
     [mention(ANA, "Ana Ruiz")],
     f"Weekly case conference\nACTION: <@{ANA}> call the shelter by Fri\nTODO: renew the lease\n"
     "DECISION: we move intake to Tuesdays"),
    # why: "- [ ]" typed in Teams turns into a bulleted list
    ("<ul><li>[ ] book the room</li><li>[ ] send the agenda</li></ul>", [],
     "- [ ] book the room\n- [ ] send the agenda"),
    # why: plain text with real line breaks (mobile clients)
    ("ACTION: book the room\nTODO: send the agenda", [],
     "ACTION: book the room\nTODO: send the agenda"),
    # why: what a person typed that looks like markup stays text, escaped as Slack escapes it
    ("<p>&lt;!channel&gt; &lt;@29:fake&gt; 3 &lt; 5 &amp; more</p>", [],
     "&lt;!channel&gt; &lt;@29:fake&gt; 3 &lt; 5 &amp; more"),
    # why: a link keeps its real address; a disguised one is <url|label>, for the core to defuse
    ('<p>see <a href="https://hud.gov/x?a=1&amp;b=2">https://hud.gov/x?a=1&amp;b=2</a></p>', [],
     "see <https://hud.gov/x?a=1&amp;b=2>"),
    ('<p>see <a href="https://evil.example">hud.gov</a></p>', [], "see <https://evil.example|hud.gov>"),
    ('<a href="javascript:alert(1)">click</a>', [], "click"),
    # why: bold, spans and emoji are just words
    ('<p><strong>TODO:</strong> <span style="x">thank</span> the donors '
     '<emoji alt="🙏" id="pray"></emoji></p>',
     [], "TODO: thank the donors 🙏"),
    # why: an <at> with no entity is just the name (nobody is mentioned)
    ("<at>Someone</at> hi", [], "Someone hi"),
    # why: another app's mention stays its name
    ("<at>Polly</at> hi", [mention("28:polly", "Polly")], "Polly hi"),
    # why: script content is never read
    ("<script>alert(1)</script>hi", [], "hi"),
    ("", [], ""),
]
# fmt: on


@pytest.mark.parametrize(("text", "entities", "expected"), TABLE)
def test_teams_text_reads_as_typed(
    text: str, entities: list[dict[str, Any]], expected: str
) -> None:
    assert core_text({"text": text, "entities": entities}, bot_id=BOT) == expected


def test_knows_when_backbone_is_mentioned() -> None:
    assert mentions_bot({"entities": [ME]}, bot_id=BOT)
    assert not mentions_bot({"entities": [mention(ANA, "Ana")]}, bot_id=BOT)
    assert not mentions_bot({}, bot_id=BOT)
