"""The ledger's once-only claims hold on both databases."""

from __future__ import annotations

from sqlalchemy import Engine, select

from bot.services.actions import create_item
from bot.text import Draft
from storage import nudges as ledger
from storage.db import make_session_factory, transaction
from storage.models import ActionOwner
from tests.conftest import NOW


def test_a_step_and_a_once_only_flag_are_each_claimed_once(engine: Engine) -> None:
    factory = make_session_factory(engine)
    with transaction(factory) as session:
        item = create_item(
            session,
            team_id="T1",
            creator_id="U1",
            channel_id="C1",
            draft=Draft(owners=["U2"], title="Call", due=None),
            now=NOW,
        )
        item_id = item.id
    results = []
    for token in ("first", "second"):
        with transaction(factory) as session:
            owner = session.scalars(select(ActionOwner)).one()
            claim = ledger.StepClaim("T1", owner.action_id, owner.user_id, "due", NOW)
            results.append(ledger.claim_steps(session, [claim], token=token, now=NOW) == 1)
            results.append(
                ledger.claim_once(session, item_id=item_id, column="escalated_at", now=NOW)
            )
    assert results == [True, True, False, False]
