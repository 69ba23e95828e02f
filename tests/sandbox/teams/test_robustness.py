"""Whatever the bot sends, the emulator answers with a refusal, never a crash.

Property tests over JSON-shaped values built from the words cards and activities use; each check
may only accept or raise its refusal. (A non-string activity type once dropped the line.)
"""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.sandbox.teams import invokes
from bot.sandbox.teams.cards import CardRefused, check_card
from bot.sandbox.teams.outbound import Refused, check_activity

KEYS = st.sampled_from(
    [
        "type",
        "text",
        "entities",
        "attachments",
        "contentType",
        "content",
        "version",
        "body",
        "actions",
        "msteams",
        "mentioned",
        "id",
        "name",
        "url",
        "verb",
        "data",
        "choices.data",
        "facts",
        "width",
        "iconUrl",
        "backgroundImage",
        "title",
        "value",
        "isRequired",
        "items",
        "columns",
        "card",
        "task",
        "statusCode",
        "dataset",
    ]
)
WORDS = st.sampled_from(
    [
        "AdaptiveCard",
        "TextBlock",
        "Image",
        "Action.Execute",
        "Action.Submit",
        "Input.ChoiceSet",
        "FactSet",
        "Container",
        "mention",
        "Data.Query",
        "continue",
        "message",
        "application/vnd.microsoft.card.adaptive",
        "1.5",
        "data:image/png;base64,AAAA",
        "https://example.org/x.png",
        "<at>A</at>",
    ]
)
LEAVES = st.none() | st.booleans() | st.integers() | st.text(max_size=4) | WORDS
VALUES = st.recursive(
    LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)
CARD = "application/vnd.microsoft.card.adaptive"


@settings(max_examples=300, suppress_health_check=list(HealthCheck), deadline=None)
@given(VALUES)
def test_card_and_activity_checks_only_refuse(value: Any) -> None:
    card = {"type": "AdaptiveCard", "version": "1.5", **value} if isinstance(value, dict) else value
    with contextlib.suppress(CardRefused):
        check_card(card)
    activity = {"type": "message", "text": "x", "entities": value}
    activity["attachments"] = [{"contentType": CARD, "content": card}]
    with contextlib.suppress(Refused):
        check_activity(activity)
    with contextlib.suppress(Refused):
        check_activity(value)


@settings(max_examples=300, suppress_health_check=list(HealthCheck), deadline=None)
@given(VALUES)
def test_invoke_answer_checks_only_report(value: Any) -> None:
    for name in (invokes.CARD_ACTION, invokes.TASK_FETCH, invokes.EXTENSION_SUBMIT):
        for body in (value, {"task": value}, {"statusCode": 200, "type": CARD, "value": value}):
            problem = invokes.check_answer(name, 200, body if isinstance(body, dict) else None)
            assert problem is None or isinstance(problem, str)
