"""Items someone asked help for, or whose owner left, say so in the Home tab and in lists."""

from __future__ import annotations

import pytest

from bot.services.actions import flag_needs_owner, mark_needs_help
from bot.slack import blocks
from storage.actions import get_item
from tests.scenarios.test_home import texts
from tests.support.forms import open_home
from tests.support.harness import JOE, MARIA, TEAM, Harness


@pytest.fixture
def flagged(backbone: Harness) -> Harness:
    """A-1 needs help, A-2 (Maria asked of Joe) needs a new owner, A-3 is as usual."""
    backbone.command("Call the shelter by Friday")
    backbone.command("Renew the lease <@UJOE>")
    backbone.command("Book the room")
    with backbone.database() as session:
        first, second = (get_item(session, team_id=TEAM, number=n) for n in (1, 2))
        assert first is not None and second is not None
        mark_needs_help(session, item=first, now=backbone.clock.now, by=MARIA)
        flag_needs_owner(session, item=second, now=backbone.clock.now)
    return backbone


def test_the_home_tab_marks_flagged_items(flagged: Harness) -> None:
    assert texts(open_home(flagged, MARIA).view) == [
        "Your action items",
        "*This week* (1)",
        "*A-1* Call the shelter — <@UMARIA> · due Fri Nov 27 · 🙋 needs help · <#CCASE>",
        "*No date* (1)",
        "*A-3* Book the room — <@UMARIA> · <#CCASE>",
        "*You asked others* (1)",
        "*A-2* Renew the lease — <@UJOE> · 👤 needs a new owner · <#CCASE>",
        "*Decisions in your channels, last 14 days* (0)",
        "No decisions in your channels in the last 14 days.",
    ]


def test_lists_mark_flagged_items_in_blocks_and_text(flagged: Harness) -> None:
    flagged.command("list channel", user=JOE)
    lines = [
        "*A-1* Call the shelter — <@UMARIA> · due Fri Nov 27 · 🙋 needs help · <#CCASE>",
        "*A-2* Renew the lease — <@UJOE> · 👤 needs a new owner · <#CCASE>",
        "*A-3* Book the room — <@UMARIA> · <#CCASE>",
    ]
    heading = "Open items in this channel (3)"
    assert flagged.last_response() == {
        "text": "\n".join([heading, *lines]),
        "blocks": [blocks.mrkdwn(f"*{heading}*"), *[blocks.mrkdwn(line) for line in lines]],
    }


def test_a_closed_item_loses_its_marks(flagged: Harness) -> None:
    flagged.command("done A-1")
    flagged.command("list", user=JOE)
    assert flagged.last_response()["text"] == (
        "Your open items (1)\n*A-2* Renew the lease — <@UJOE> · 👤 needs a new owner · <#CCASE>"
    )
