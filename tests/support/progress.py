"""The progress page over real HTTP: fetch its pages, publish a channel, read its codes.

The harness (tests/support/harness.py) serves the pages beside Slack's routes, as `backbone
serve` does (bot/webpages/site.py): charts come from the chart worker, as in production.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date

from bot.services import decisions
from bot.services.actions import Source
from storage import cycles
from storage.cycles import CyclePlan
from storage.models import CycleStatus, Poll, ProgressPage
from tests.support.goals import goal
from tests.support.harness import CASE, JOE, MARIA, PAT, TEAM, Harness
from tests.support.polls import react, start
from tests.support.records import read

ADDRESS = re.compile(r"/progress/[A-Za-z0-9_-]{22}")
HOUSED = (
    'add "Veterans housed" higher is better, baseline 12, target 40 by June 30, '
    "<@UJOE|joe> reports monthly"
)


@dataclass(frozen=True)
class Fetched:
    """One answer: status, headers and body."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode()


@dataclass(frozen=True)
class Pages:
    """The pages' server."""

    base_url: str

    def get(self, path: str) -> Fetched:
        """GET a path, whatever its status."""
        try:
            with urllib.request.urlopen(self.base_url + path, timeout=60) as answer:
                return Fetched(answer.status, dict(answer.headers.items()), answer.read())
        except urllib.error.HTTPError as error:
            return Fetched(error.code, dict(error.headers.items()), error.read())


def pages_of(backbone: Harness) -> Pages:
    """The web pages of the served Backbone (the same server as its Slack routes)."""
    return Pages(backbone.server.base_url)


def publish(backbone: Harness, options: str = "", *, channel: str = CASE) -> str:
    """Type `/digest publish …` and return the page's path, read from the channel's post."""
    backbone.command(f"publish {options}".strip(), command="/digest", user=MARIA, channel=channel)
    said = backbone.emulator.messages(channel)[-1].text
    found = ADDRESS.search(said)
    assert found is not None, said
    return found.group(0)


def page_codes(backbone: Harness) -> list[str]:
    """The codes of every published page."""
    return read(backbone, lambda s: [p.code for p in s.query(ProgressPage).all()])


def seed_channel(backbone: Harness) -> None:
    """A north star, a goal with a year of values, items, a decision and a closed poll."""
    goal(backbone, 'northstar "Functional zero for veterans by December 2027"')
    goal(backbone, HOUSED)
    for month, value in (("August", 14), ("September", 9), ("October", 22)):
        goal(backbone, f"report G-1 {value} for {month}")
    backbone.command("call the landlord about unit 4B <@UJOE> by Friday")
    backbone.command("renew the lease for Maple Court")
    backbone.command("done A-2")
    backbone.command("Veterans on the list get the next two units <@UMARIA>", command="/decision")
    poll = start(backbone, '"Which evening suits the advisory group?" "Tuesday" "Thursday"')
    for user, emoji in ((JOE, "one"), (PAT, "one"), (MARIA, "two")):
        react(backbone, poll, user, emoji)
    backbone.command("close P-1", command="/poll")
    with backbone.database() as session:
        found = session.query(Poll).one()
        source = Source(CASE, str(found.message_ts), None, via="poll")
        decisions.record_decision(session, team_id=TEAM, recorder_id=MARIA, channel_id=CASE,
                                  text="P-1: Tuesday it is — we meet Tuesdays at 6",
                                  now=backbone.clock.now, source=source)  # fmt: skip


def seed_cycles(backbone: Harness) -> None:
    """Two tests of change: one adopted with what it taught, one still being tried."""
    with backbone.database() as session:
        now = backbone.clock.now
        tried = cycles.add_cycle(session, team_id=TEAM, created_by=MARIA, now=now, plan=CyclePlan(
            channel_id=CASE, change_idea="Text reminders the day before move-in <@UJOE>",
            question="Do fewer people miss move-in day?",
            prediction="Missed move-ins drop from 4 to 1 a month", starts_on=date(2026, 10, 1),
            ends_on=date(2026, 10, 31), tz="America/New_York", owner_ids=[JOE]))  # fmt: skip
        cycles.save_study(session, cycle=tried, by=JOE, now=now, observations="",
                          result="Missed move-ins dropped to 2", surprise=None,
                          learning="People want the address in the text too")  # fmt: skip
        cycles.decide(session, cycle=tried, by=JOE, now=now, status=CycleStatus.ADOPTED,
                      reason="It worked")  # fmt: skip
        cycles.add_cycle(session, team_id=TEAM, created_by=MARIA, now=now, plan=CyclePlan(
            channel_id=CASE, change_idea="Walk-in hours on Saturdays", question="Who comes?",
            prediction="Ten more people a month", starts_on=date(2026, 11, 14),
            ends_on=date(2026, 12, 12), tz="America/New_York", owner_ids=[PAT]))  # fmt: skip
