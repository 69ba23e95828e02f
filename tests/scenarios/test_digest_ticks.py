"""`tick` posts each channel's digest once a week, at its local time, whatever happens."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.digest_plans import plan_digests
from storage.db import make_engine, make_session_factory
from tests.scenarios.test_digests import MONDAY_9_NY, digests_posted, ledger_of, ny, typed
from tests.support.harness import CASE, MARIA, PAT, Harness


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("user", "when", "set_at", "due"),
    [
        # why: 9am in New York in winter (EST, UTC-5) is 14:00 UTC
        (MARIA, "Monday 9am", utc(11, 24, 15), utc(11, 30, 14)),
        # why: in summer (EDT, UTC-4) the same 9am is 13:00 UTC
        (MARIA, "Monday 9am", utc(6, 2, 15), utc(6, 8, 13)),
        # why: set in summer, posted after the clocks went back on Nov 1: 14:00 UTC again
        (MARIA, "Monday 9am", utc(10, 27, 15), utc(11, 2, 14)),
        # why: London in winter is UTC
        (PAT, "Friday 4pm", utc(11, 24, 15), utc(11, 27, 16)),
        # why: London in summer (BST) is UTC+1
        (PAT, "Friday 4pm", utc(6, 2, 15), utc(6, 5, 15)),
    ],
)
def test_the_digest_goes_out_at_the_local_time_across_zones_and_dst(
    backbone: Harness, user: str, when: str, set_at: datetime, due: datetime
) -> None:
    typed(backbone, set_at, f"on {when}", user=user, command="/digest")
    backbone.tick(due - timedelta(minutes=1))
    assert digests_posted(backbone) == []
    backbone.tick(due)
    assert len(digests_posted(backbone)) == 1
    backbone.tick(due + timedelta(minutes=1))
    backbone.tick(due + timedelta(days=6, hours=23, minutes=59))
    assert len(digests_posted(backbone)) == 1
    backbone.tick(due + timedelta(days=7))
    assert len(digests_posted(backbone)) == 2


def test_ticks_at_the_same_instant_post_once(backbone: Harness) -> None:
    typed(backbone, utc(11, 24, 15), "on", command="/digest")
    typed(backbone, utc(11, 24, 15), "Call the shelter about 3 beds by Friday")
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda _: backbone.tick(MONDAY_9_NY), range(4)))
    backbone.tick(MONDAY_9_NY)
    assert len(digests_posted(backbone)) == 1
    assert sorted(r.digests.posted for r in reports) == [0, 0, 0, 1]
    assert ledger_of(backbone) == [("2026-W49", "sent")]


def test_a_digest_missed_while_down_goes_out_late_once(backbone: Harness) -> None:
    typed(backbone, utc(11, 24, 15), "on", command="/digest")
    typed(backbone, utc(11, 24, 15), "Call the shelter about 3 beds by Friday")
    backbone.tick(ny(12, 2, 10))  # down from Monday morning until Wednesday
    backbone.tick(ny(12, 2, 10, 1))
    (late,) = digests_posted(backbone)
    assert late["text"].startswith("Weekly digest for <#CCASE>, Nov 23 – Nov 30.")
    backbone.tick(MONDAY_9_NY + timedelta(days=7))
    assert [p["text"].split("\n")[0] for p in digests_posted(backbone)] == [
        "Weekly digest for <#CCASE>, Nov 23 – Nov 30.",
        "Weekly digest for <#CCASE>, Nov 30 – Dec 7.",
    ]


def test_after_weeks_of_downtime_only_the_latest_week_goes_out(backbone: Harness) -> None:
    typed(backbone, utc(11, 24, 15), "on", command="/digest")
    backbone.tick(ny(12, 16, 12))
    (post,) = digests_posted(backbone)
    assert post["text"].startswith("Weekly digest for <#CCASE>, Dec 7 – Dec 14.")
    assert ledger_of(backbone) == [("2026-W51", "sent")]


def test_a_failed_upload_never_stops_the_digest(backbone: Harness) -> None:
    typed(backbone, ny(11, 9, 10), "Call the shelter about 3 beds by Friday")
    typed(backbone, ny(11, 24, 10), "on", command="/digest")
    backbone.emulator.fail_next("files.getUploadURLExternal", status=200, error="internal_error")
    backbone.tick(MONDAY_9_NY)
    assert len(digests_posted(backbone)) == 1
    assert backbone.emulator.files() == []
    assert len(backbone.emulator.failed_calls("files.getUploadURLExternal")) == 1
    assert ledger_of(backbone) == [("2026-W49", "sent")]
    backbone.tick(MONDAY_9_NY + timedelta(minutes=5))
    assert len(digests_posted(backbone)) == 1


def test_no_picture_without_history(backbone: Harness) -> None:
    typed(backbone, ny(11, 24, 10), "on", command="/digest")
    typed(backbone, ny(11, 24, 10), "Call the shelter about 3 beds by Friday")
    backbone.tick(MONDAY_9_NY)
    (post,) = digests_posted(backbone)
    assert "picture" not in post["text"]
    assert backbone.emulator.calls("files.getUploadURLExternal") == []


def test_a_failed_post_is_tried_again_later(backbone: Harness) -> None:
    typed(backbone, ny(11, 24, 10), "on", command="/digest")
    backbone.emulator.fail_next("chat.postMessage", status=200, error="internal_error")
    report = backbone.tick(MONDAY_9_NY)
    assert (report.digests.posted, report.digests.failed) == (0, 1)
    assert ledger_of(backbone) == [("2026-W49", "failed")]
    backbone.tick(MONDAY_9_NY + timedelta(minutes=1))
    assert digests_posted(backbone) == []
    backbone.tick(MONDAY_9_NY + timedelta(minutes=2))
    assert len(digests_posted(backbone)) == 1
    assert ledger_of(backbone) == [("2026-W49", "sent")]


def test_an_archived_channel_is_given_up_not_retried(backbone: Harness) -> None:
    typed(backbone, ny(11, 24, 10), "on", command="/digest")
    backbone.emulator.state.channels[CASE].is_archived = True
    backbone.tick(MONDAY_9_NY)
    backbone.tick(MONDAY_9_NY + timedelta(hours=1))
    assert len(digests_posted(backbone)) == 1  # one attempt, answered is_archived, never again
    assert [m.text[:16] for m in backbone.emulator.messages(CASE)] == ["📅 <@UMARIA> turn"]
    assert ledger_of(backbone) == [("2026-W49", "gave_up")]


def test_a_picture_that_cannot_be_drawn_never_repeats_the_digest(
    backbone: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    typed(backbone, ny(11, 9, 10), "Call the shelter about 3 beds by Friday")
    typed(backbone, ny(11, 24, 10), "on", command="/digest")

    failing = "import sys; sys.exit('RuntimeError: no fonts today')"
    monkeypatch.setattr("bot.chart_worker.WORKER", [sys.executable, "-c", failing])
    report = backbone.tick(MONDAY_9_NY)
    backbone.tick(MONDAY_9_NY + timedelta(minutes=30))
    assert (report.digests.posted, report.digests.failed) == (1, 0)
    assert len(digests_posted(backbone)) == 1
    assert ledger_of(backbone) == [("2026-W49", "sent")]


def test_a_claim_left_by_a_run_that_died_is_posted_once_after_its_lease(
    backbone: Harness,
) -> None:
    typed(backbone, ny(11, 24, 10), "on", command="/digest")
    engine = make_engine(backbone.database_url)
    try:
        claimed = plan_digests(make_session_factory(engine), now=MONDAY_9_NY, token="dead-run")
    finally:
        engine.dispose()
    assert claimed == 1
    backbone.tick(MONDAY_9_NY + timedelta(minutes=5))  # the dead run's lease still holds
    assert digests_posted(backbone) == []
    backbone.tick(MONDAY_9_NY + timedelta(minutes=11))
    backbone.tick(MONDAY_9_NY + timedelta(minutes=30))
    (post,) = digests_posted(backbone)
    assert post["text"].startswith("Weekly digest for <#CCASE>, Nov 23 – Nov 30.")


def test_a_digest_that_still_points_at_its_picture_is_logged_and_kept(
    backbone: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    typed(backbone, ny(11, 9, 10), "Call the shelter about 3 beds by Friday")
    typed(backbone, ny(11, 24, 10), "on", command="/digest")
    backbone.emulator.fail_next("files.getUploadURLExternal", status=200, error="internal_error")
    backbone.emulator.fail_next("chat.update", status=200, error="message_not_found")
    with caplog.at_level("WARNING", logger="bot.services.digest_posts"):
        report = backbone.tick(MONDAY_9_NY)
    assert (report.digests.posted, report.digests.failed) == (1, 0)
    assert len(backbone.emulator.failed_calls("chat.update")) == 1
    assert [r.getMessage() for r in caplog.records if r.name == "bot.services.digest_posts"] == [
        f"the digest of {CASE} went out without its picture: internal_error",
        f"the digest of {CASE} still points at its picture: message_not_found",
    ]
    assert ledger_of(backbone) == [("2026-W49", "sent")]


def test_a_workspace_that_removed_backbone_is_not_retried(backbone: Harness) -> None:
    typed(backbone, ny(11, 24, 10), "on", command="/digest")
    backbone.emulator.fail_next("chat.postMessage", status=200, error="token_revoked")
    report = backbone.tick(MONDAY_9_NY)
    assert (report.digests.posted, report.digests.failed, report.digests.dropped) == (0, 0, 1)
    assert report.stopped == 1
    backbone.tick(MONDAY_9_NY + timedelta(minutes=5))
    assert digests_posted(backbone) == []
