"""Whose `user_change` Backbone takes: a member of the workspace, not a partner org's person."""

from __future__ import annotations

from typing import Any

import pytest

from handlers.slack.nudges import is_member_of

OURS = "T0SANDBOX"
OTHER = "T0OTHERWS1"  # another workspace of the same Enterprise Grid org


@pytest.mark.parametrize(
    ("user", "member"),
    [
        ({"id": "UJOE", "team_id": OURS}, True),  # why: one of ours
        (
            {"id": "UDANA", "team_id": "T0PARTNER1", "is_stranger": True},
            False,
        ),  # why: Slack Connect
        (
            {
                "id": "WPAT",
                "team_id": "T0OTHERWS1",
                "enterprise_user": {"teams": ["T0OTHERWS1", OURS]},
            },
            True,
        ),  # why: a Grid member whose home is another workspace of the org, and who is in ours
        (
            {"id": "WKIM", "team_id": OTHER, "enterprise_user": {"teams": [OTHER]}},
            False,
        ),  # why: a Grid member of another workspace only
        ({"id": "UOLD"}, True),  # why: an object without a team, as older events send: ours
    ],
)
def test_a_user_change_is_ours_only_for_our_members(user: dict[str, Any], member: bool) -> None:
    assert is_member_of(user, OURS) is member
