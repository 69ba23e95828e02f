"""Home and `/action list` read what they show, not every open item; Home redraws coalesce.

Counting, never timing: SQL statements sent and rows loaded as ORM objects while open items
grow from 50 to 2,000, the "(N)" and "…and N more" counts against the stored items, and how
often a burst of changes publishes a Home (over the emulator's `views.publish`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, event, insert, select
from sqlalchemy.orm import Mapper

from bot.deps import Deps
from bot.messages.home import home_page
from bot.messages.parts import HomePage
from bot.port import ChatPort
from bot.services import homes
from bot.services.actions import create_item
from bot.services.decisions import record_decision
from bot.services.home import gather_home
from bot.slack.port import SlackPort
from bot.slack.render import render_home
from bot.text import Draft
from bot.work import Lane, WorkQueue
from storage.db import make_engine, make_session_factory
from storage.models import ActionItem, ActionOwner, Workspace
from tests.scenarios.test_home import texts
from tests.support.forms import open_home
from tests.support.harness import CASE, JOE, MARIA, PAT, TEAM, Harness

NY = ZoneInfo("America/New_York")
FIRST = 100_000  # seeded items' numbers and ids, clear of those the app gives


def seed(b: Harness, count: int, *, start: int = 0) -> None:
    """Add open items: a quarter Maria's, a quarter asked by her of others, in several channels."""
    now, items, owners = b.clock.now, [], []
    for i in range(start, start + count):
        n, key = FIRST + i, FIRST - i  # ids downwards: SQLite gives the app's next max + 1
        due = [now - timedelta(days=1 + i % 9), now + timedelta(hours=2 + i % 50),
               now + timedelta(days=20 + i % 30), None, None][i % 5]  # fmt: skip
        items.append({
            "id": key, "team_id": TEAM, "number": n, "title": f"Seeded {n}",
            "creator_id": MARIA if i % 4 == 1 else JOE,
            "channel_id": CASE if i % 3 else f"C{i % 7}",
            "due_at": due, "due_all_day": False, "status": "open", "created_at": now,
            "updated_at": now,
        })  # fmt: skip
        owners.append({"action_id": key, "user_id": MARIA if i % 4 == 0 else [JOE, PAT][i % 2]})
    with b.database() as session:
        session.execute(insert(ActionItem), items)
        session.execute(insert(ActionOwner), owners)
        for d in range(count // 20):
            record_decision(session, team_id=TEAM, recorder_id=JOE, channel_id=CASE,
                            text=f"Decision {start + d}", now=now)  # fmt: skip


@contextmanager
def reads() -> Iterator[Counter[str]]:
    """Count the SQL statements any engine sends, and the rows loaded as objects, by class."""
    counted: Counter[str] = Counter()

    def statement(*_args: Any) -> None:
        counted["statements"] += 1

    def loaded(target: Any, _context: Any) -> None:
        counted[type(target).__name__] += 1

    event.listen(Engine, "before_cursor_execute", statement)
    event.listen(Mapper, "load", loaded)
    try:
        yield counted
    finally:
        event.remove(Engine, "before_cursor_execute", statement)
        event.remove(Mapper, "load", loaded)


def requests(b: Harness) -> dict[str, Callable[[], object]]:
    """What people do that reads lists: open Home, list, and create (which redraws Home)."""
    return {
        "home": lambda: open_home(b, MARIA, first_time=False),
        "list": lambda: b.command("list"),
        "list channel": lambda: b.command("list channel"),
        "list overdue": lambda: b.command("list overdue"),
        "list of someone": lambda: b.command("list <@UJOE>", user=PAT),
        "create": lambda: b.command("Call the shelter by Friday"),
    }


def measure(b: Harness) -> dict[str, Counter[str]]:
    """Count what each request reads."""
    found = {}
    for name, request in requests(b).items():
        with reads() as counted:
            request()
        found[name] = counted
    return found


# The most item rows each request may load: what it shows (Home: 35 of Maria's and 10 she
# asked for; lists: 40), plus the one a create makes and reads again to announce it.
MOST_ITEMS = {"home": 45, "list": 40, "list channel": 40, "list overdue": 40,
              "list of someone": 40, "create": 47}  # fmt: skip


@pytest.fixture
def growing(backbone: Harness) -> Harness:
    """Maria has opened her Home; 50 open items are stored."""
    backbone.command("My first item")
    open_home(backbone, MARIA)
    seed(backbone, 50)
    return backbone


def test_reads_do_not_grow_with_open_items(growing: Harness) -> None:
    small = measure(growing)
    seed(growing, 1950, start=50)
    large = measure(growing)
    for name in MOST_ITEMS:
        assert large[name]["statements"] <= small[name]["statements"], name
        assert large[name]["ActionItem"] <= MOST_ITEMS[name], name
        assert large[name]["ActionOwner"] <= 2 * MOST_ITEMS[name], name
        assert large[name]["Decision"] <= 10, name
    # The lists are full at 2,000: what is bounded is really reached.
    assert large["list"]["ActionItem"] == 40 and large["home"]["ActionItem"] == 45


def expected_groups(b: Harness) -> list[int]:
    """Count Maria's open items by when, straight from the stored rows."""
    now = b.clock.now
    today = now.astimezone(NY).date()
    week_end = datetime.combine(today + timedelta(days=7 - today.weekday()), time(0), NY)
    with b.database() as session:
        owned = select(ActionOwner.action_id).where(ActionOwner.user_id == MARIA)
        stored = session.scalars(select(ActionItem).where(ActionItem.id.in_(owned))).all()
        dues = [item.due_at for item in stored if item.status == "open"]
    return [
        sum(1 for due in dues if due is not None and due < now),
        sum(1 for due in dues if due is not None and now <= due < week_end),
        sum(1 for due in dues if due is not None and due >= week_end),
        sum(1 for due in dues if due is None),
    ]


def test_counts_and_more_lines_say_how_many_there_are(growing: Harness) -> None:
    b = growing
    seed(b, 1950, start=50)
    overdue, this_week, later, undated = expected_groups(b)
    lines = texts(open_home(b, MARIA, first_time=False).view)
    assert f"*⚠️ Overdue* ({overdue})" in lines
    assert lines[lines.index(f"*⚠️ Overdue* ({overdue})") + 36] == f"…and {overdue - 35} more"
    for heading, count in [("This week", this_week), ("Later", later), ("No date", undated)]:
        at = lines.index(f"*{heading}* ({count})")
        assert lines[at + 1] == f"…and {count} more"  # no rows left: all of them are more
    asked = 500  # a quarter of 2,000, none hers
    at = lines.index(f"*You asked others* ({asked})")
    assert lines[at + 2] == f"…and {asked - lines[at + 1].count(chr(10)) - 1} more"
    decisions = 50 // 20 + 1950 // 20
    at = lines.index(f"*Decisions in your channels, last 14 days* ({decisions})")
    assert lines[at + 2] == f"…and {decisions - 10} more"

    b.command("list")
    listed = b.last_response()["text"].split("\n")
    mine = overdue + this_week + later + undated
    assert listed[0] == f"Your open items ({mine})"
    assert listed[-1] == f"…and {mine - 40} more"
    b.command("list channel")
    in_case = 1 + sum(1 for i in range(2000) if i % 3)  # "My first item" too
    channel = b.last_response()["text"].split("\n")
    assert (channel[0], channel[-1]) == (
        f"Open items in this channel ({in_case})",
        f"…and {in_case - 40} more",
    )


class Queued(WorkQueue):
    """Work kept until the test runs it: what waits in the work queue during a burst."""

    def __init__(self) -> None:
        super().__init__(threads=1, reserved=0)
        self.jobs: list[Callable[[], object]] = []

    def submit(self, job: Callable[[], None], lane: Lane) -> bool:
        """Keep the job; the queue's own thread never sees it."""
        self.jobs.append(job)
        return True

    def run_all(self) -> None:
        """Run what is queued, and what that queues, in order."""
        while self.jobs:
            self.jobs.pop(0)()


def add_item(deps: Deps, title: str, owner: str = MARIA) -> None:
    """Store an item as a create does, before it asks for the Homes to be redrawn."""
    with deps.transaction() as session:
        create_item(session, team_id=TEAM, creator_id=MARIA, channel_id=CASE,
                    draft=Draft(owners=[owner], title=title, due=None), now=deps.now())  # fmt: skip


def home_now(deps: Deps, user: str) -> dict[str, Any]:
    """Maria's Home as the stored state draws it now."""
    with deps.transaction() as session:
        page = gather_home(session, team_id=TEAM, user_id=user, now=deps.now(), zone=NY)
        return render_home(home_page(page, now=deps.now(), zone=NY.key))


@pytest.fixture
def queued(backbone: Harness) -> Iterator[tuple[Harness, Deps, Queued]]:
    """Maria and Pat have opened their Homes; a Deps whose work waits until the test runs it."""
    open_home(backbone, MARIA)
    open_home(backbone, PAT)
    backbone.emulator.clear_calls()
    engine = make_engine(backbone.database_url)
    work = Queued()
    yield backbone, Deps(make_session_factory(engine), clock=backbone.clock, work=work), work
    engine.dispose()


def published(b: Harness) -> list[str]:
    return [call["user_id"] for call in b.emulator.calls("views.publish")]


def test_a_burst_of_changes_redraws_each_home_once_with_the_latest_state(
    queued: tuple[Harness, Deps, Queued],
) -> None:
    b, deps, work = queued
    port = SlackPort(b.slack(b.settings))
    for n in range(5):
        add_item(deps, f"Burst {n}", owner=[MARIA, PAT][n % 2])
        homes.refresh_homes(deps, port, team_id=TEAM, user_ids={MARIA, PAT, JOE})
    assert len(work.jobs) == 1 and published(b) == []  # one drain queued, nothing drawn yet
    work.run_all()
    assert published(b) == [MARIA, PAT]  # Joe never opened his Home
    views = {call["user_id"]: call["view"] for call in b.emulator.calls("views.publish")}
    assert views == {MARIA: home_now(deps, MARIA), PAT: home_now(deps, PAT)}
    assert "Burst 4" in str(views[MARIA]) and "Burst 3" in str(views[PAT])


class ChangingWhileDrawn(SlackPort):
    """A port during whose first Home publish another change is made and asks for a redraw."""

    def __init__(self, b: Harness, deps: Deps) -> None:
        super().__init__(b.slack(b.settings))
        self.deps, self.changed = deps, False

    def show_home(self, person: str, page: HomePage) -> None:
        """Publish, after a change the page being published does not hold."""
        if not self.changed:
            self.changed = True
            add_item(self.deps, "Made while drawing")
            homes.refresh_homes(self.deps, self, team_id=TEAM, user_ids={MARIA})
        super().show_home(person, page)


def test_a_change_during_a_redraw_is_drawn_after_it(queued: tuple[Harness, Deps, Queued]) -> None:
    b, deps, work = queued
    port: ChatPort = ChangingWhileDrawn(b, deps)
    add_item(deps, "Before")
    homes.refresh_homes(deps, port, team_id=TEAM, user_ids={MARIA})
    work.run_all()
    calls = b.emulator.calls("views.publish")
    assert [call["user_id"] for call in calls] == [MARIA, MARIA]
    assert "Made while drawing" not in str(calls[0]["view"])
    assert calls[-1]["view"] == home_now(deps, MARIA)
    assert "Made while drawing" in str(calls[-1]["view"])


def test_a_burst_of_creates_over_http_ends_with_the_latest_home(backbone: Harness) -> None:
    b = backbone
    open_home(b, MARIA)
    b.emulator.clear_calls()
    for n in range(8):  # sent one after another without waiting for the work behind each ack
        b.emulator.send_command("/action", f"Burst {n}", user=MARIA, channel=CASE)
    b.settle()
    calls = b.emulator.calls("views.publish")
    assert 1 <= len(calls) <= 8
    last = texts(calls[-1]["view"])
    assert "*No date* (8)" in last
    assert all(f"Burst {n}" in "\n".join(last) for n in range(8))
    with b.database() as session:
        assert session.scalar(select(Workspace.action_seq)) == 8
