"""Nothing typed into a test of change reaches Slack as a group ping or a disguised link.

A modal's text arrives as typed (raw `<!here>`, not mrkdwn); a slash command's as mrkdwn. Both
are driven through the cycle's post, its update, the list, its detail and the prefilled form.
"""

from __future__ import annotations

from bot.ids import Command, CycleField
from tests.scenarios.test_no_pings_or_disguised_links import (
    ALL,
    LABELLED,
    LINKS,
    PING,
    everything_sent,
    hides_its_address,
    texts,
)
from tests.support.forms import modal_of
from tests.support.goals import fill
from tests.support.harness import CASE, JOE, MARIA, Harness

TYPED = "<!here> <!channel> read <https://evil.example|https://good.example> now"  # as typed


def test_no_cycle_text_reaches_slack_as_a_group_ping_or_a_disguised_link(
    backbone: Harness,
) -> None:
    backbone.command(ALL, command=Command.PDSA)  # why: a change idea typed after /pdsa
    view = modal_of(backbone, MARIA)
    values = fill(view, **{
        CycleField.CHANGE_IDEA: f"Walk-ins {TYPED}"[:200], CycleField.QUESTION: TYPED,
        CycleField.PREDICTION: TYPED, CycleField.PLAN: TYPED, CycleField.ENDS_ON: "2026-12-18",
        CycleField.OWNERS: [JOE], CycleField.TASKS: f"Print {TYPED}",
    })  # fmt: skip
    assert backbone.emulator.submit_view(view.id, values, user=MARIA).status == 200
    backbone.settle()
    backbone.command(f"Call {LINKS} for T-1", user=JOE)  # the post, updated with the task
    backbone.command("list", command=Command.PDSA)
    backbone.command("T-1", command=Command.PDSA)
    backbone.command("edit T-1", command=Command.PDSA)  # the form, prefilled with it all
    sent = [text for body in everything_sent(backbone) for text in texts(body)]
    assert [text for text in sent if PING.search(text)] == []
    disguised = [
        text for text in sent for m in LABELLED.finditer(text) if hides_its_address(*m.groups())
    ]
    assert disguised == []
    methods = {call["method"] for call in backbone.emulator.calls()}
    assert {"chat.postMessage", "chat.update", "views.open"} <= methods
    # The words themselves still arrive, readable: the checks above looked at the real thing.
    (post,) = [m for m in backbone.emulator.messages(CASE) if "T-1" in m.text]
    shown = "@here @channel read https://good.example (<https://evil.example>) now"
    assert post.text.splitlines()[0] == f"🧪 *T-1* Walk-ins {shown}"
    assert f"*Prediction*: {shown}" in post.text.splitlines()
