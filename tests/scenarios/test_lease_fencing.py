"""A tick slower than its lease: the run that took over sends the rest, and nothing goes twice.

The claim token is a fencing token. The slow run looks up every person of its batch before it
sends any DM, and renews its claims after waiting on those lookups; claims another run took over
after the lease are theirs, and the slow run sends nothing for them.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from storage.models import NudgeState
from tests.scenarios.test_tick_processes import (
    THURSDAY_NOON_UTC,
    ledger_states,
    tick_process,
)
from tests.support.harness import ADMIN, JOE, MARIA, Harness

REACHED = [JOE, MARIA, ADMIN]


def test_a_run_whose_lease_ran_out_leaves_the_rest_to_the_run_that_took_over(
    backbone: Harness,
) -> None:
    for n, owner in enumerate(REACHED):
        backbone.command(f"Bring the signed release {n} <@{owner}> by Friday")
    # The slow run looks up its first person at once, then waits 8 s on the second one's profile:
    # long enough for its lease to run out (by the other run's clock) before it sends anything.
    backbone.emulator.fail_next("users.info", status=200, delay=0)
    backbone.emulator.fail_next("users.info", status=200, delay=8)
    slow = tick_process(backbone, THURSDAY_NOON_UTC)
    backbone.emulator.wait_until(
        lambda: len(backbone.emulator.failed_calls("users.info")) == 2,
        timeout=60,
        what="the slow run to reach its second person",
    )
    later = backbone.tick(THURSDAY_NOON_UTC + timedelta(minutes=11))
    out, err = slow.communicate(timeout=60)
    assert (slow.returncode, err) == (0, "")
    assert out == (
        "backbone: sent 0 reminder(s); 0 will be retried; 0 no longer needed; told 0 creator(s) "
        "about items that need attention; posted 0 weekly digest(s); closed 0 poll(s).\n"
    )
    assert (later.delivery.sent, later.delivery.failed, later.delivery.dropped) == (3, 0, 0)
    dms = {user: backbone.dms(user) for user in REACHED}
    assert {user: len(texts) for user, texts in dms.items()} == {JOE: 1, MARIA: 1, ADMIN: 1}
    for n, owner in enumerate(REACHED):
        assert f"Bring the signed release {n}" in dms[owner][0]
    assert ledger_states(backbone) == Counter({NudgeState.SENT: 3})
