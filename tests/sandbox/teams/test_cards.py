"""Card checks: the Adaptive Cards 1.5 schema and Teams' own rules, alone and at the connector."""

from __future__ import annotations

import base64
import copy
import struct
import zlib
from typing import Any

import httpx
import pytest

from bot.sandbox.teams.cards import CardRefused, check_card
from tests.sandbox.teams.conftest import World
from tests.sandbox.teams.test_connector import token

CARD = "application/vnd.microsoft.card.adaptive"
VALID: dict[str, Any] = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "msteams": {
        "width": "Full",
        "entities": [
            {
                "type": "mention",
                "text": "<at>Maria</at>",
                "mentioned": {"id": "29:1m", "name": "Maria"},
            }
        ],
    },
    "body": [
        {"type": "TextBlock", "text": "Owner: <at>Maria</at>", "wrap": True},
        {"type": "FactSet", "facts": [{"title": "Due", "value": "Friday"}]},
        {"type": "Input.ChoiceSet", "id": "snooze", "choices": [{"title": "1 day", "value": "1d"}]},
        {
            "type": "Input.ChoiceSet",
            "id": "owner",
            "choices": [],
            "choices.data": {"type": "Data.Query", "dataset": "graph.microsoft.com/users"},
        },
        {"type": "Image", "url": "https://example.org/chart.png", "altText": "chart"},
    ],
    "actions": [
        {"type": "Action.Execute", "title": "Done", "verb": "item_done", "style": "positive"},
        {
            "type": "Action.Submit",
            "title": "Edit",
            "data": {"msteams": {"type": "task/fetch"}, "verb": "item_edit"},
        },
        {"type": "Action.OpenUrl", "title": "Open", "url": "https://example.org/item/7"},
    ],
}


def _png(width: int, height: int) -> str:
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    raw = (
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )
    return "data:image/png;base64," + base64.b64encode(raw).decode()


def test_a_valid_card_with_teams_extensions_passes() -> None:
    check_card(copy.deepcopy(VALID))


def _spoil(path: str, value: Any) -> dict[str, Any]:
    """Return VALID with the value at `path` (keys joined by "/") replaced, or deleted by `...`."""
    card = copy.deepcopy(VALID)
    *parents, last = path.split("/")
    node: Any = card
    for key in parents:
        node = node[int(key)] if key.isdigit() else node[key]
    if value is ...:
        del node[int(last) if last.isdigit() else last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return card


@pytest.mark.parametrize(
    ("card", "says"),
    [
        (_spoil("version", "1.6"), "up to version 1.5"),  # why: Teams renders 1.5 at most
        (
            _spoil("body/2/labelPosition", "inline"),
            "'labelPosition' was unexpected",
        ),  # why: 1.6 only
        (_spoil("metadata", {"webUrl": "https://x"}), "'metadata' was unexpected"),  # why: 1.6 only
        (_spoil("body/0/text", ...), "'text' is a required property"),
        (_spoil("body/4/url", ...), "'url' is a required property"),
        (_spoil("body/0/size", "huge"), "$.body[0].size"),
        (_spoil("body/1/type", "Carousel"), "'Carousel' is not an element"),
        (_spoil("actions/0/verb", ...), "needs a verb"),
        (_spoil("actions/0/type", "Action.Popover"), "not an element or action"),
        (_spoil("actions/1/data/msteams/type", "task/open"), "msteams.type must be one of"),
        (
            _spoil("body/4/url", "http://example.org/chart.png"),
            "https URL",
        ),  # why: Teams fetches https
        (_spoil("body/4/url", _png(2048, 10)), "at most 1024×1024"),
        (_spoil("body/3/choices.data", {"type": "Data.Query"}), "non-empty dataset"),
        (_spoil("body/3/id", "snooze"), "used twice"),
        (_spoil("msteams/entities", []), "no matching mention entity"),
        (_spoil("msteams/width", "Wide"), 'can only be "Full"'),
        (_spoil("type", "HeroCard"), '"type": "AdaptiveCard"'),
    ],
)
def test_cards_teams_would_not_show_are_refused(card: dict[str, Any], says: str) -> None:
    with pytest.raises(CardRefused) as refused:
        check_card(card)
    assert says in str(refused.value)


def test_a_small_data_uri_picture_passes() -> None:
    check_card(_spoil("body/4/url", _png(600, 400)))


def _send(world: World, **activity: Any) -> httpx.Response:
    return httpx.post(
        f"{world.emu.service_url}v3/conversations/{world.planning}/activities",
        json={"type": "message", **activity},
        headers={"Authorization": f"Bearer {token(world.emu)}"},
    )


def test_the_connector_refuses_a_bad_card_with_400_and_records_it(world: World) -> None:
    bad = _spoil("version", "1.6")
    answer = _send(world, attachments=[{"contentType": CARD, "content": bad}])
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "BadArgument"
    assert error["message"] == (
        "attachments[0] (Adaptive Card): $.version is 1.6: "
        "Teams shows Adaptive Cards up to version 1.5"
    )
    [refusal] = world.emu.refusals()
    assert (refusal["method"], refusal["error"], refusal["messages"]) == (
        "activities.send",
        "BadArgument",
        [error["message"]],
    )
    assert world.emu.posts(world.planning) == []


@pytest.mark.parametrize(
    ("blocks", "says"),
    [
        (30, "under 28 KB"),  # why: 30,000 characters, over the whole-activity limit
        (21, "40 KB"),  # why: 21,000 ASCII characters are 42,000 bytes in UTF-16
    ],
)
def test_the_connector_refuses_a_message_too_big(world: World, blocks: int, says: str) -> None:
    body = [{"type": "TextBlock", "text": "x" * 1000} for _ in range(blocks)]
    card = {"type": "AdaptiveCard", "version": "1.5", "body": body}
    answer = _send(world, attachments=[{"contentType": CARD, "content": card}])
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "MessageSizeTooBig"
    assert says in answer.json()["error"]["message"]
    assert world.emu.posts(world.planning) == []
    assert [r["error"] for r in world.emu.refusals()] == ["MessageSizeTooBig"]


def test_a_message_of_19_000_characters_fits(world: World) -> None:
    body = [{"type": "TextBlock", "text": "x" * 1000} for _ in range(19)]
    card = {"type": "AdaptiveCard", "version": "1.5", "body": body}
    assert _send(world, attachments=[{"contentType": CARD, "content": card}]).status_code == 201


def test_the_connector_takes_a_valid_card(world: World) -> None:
    card = _spoil("msteams/entities/0/mentioned/id", world.maria.id)
    answer = _send(world, text="Item", attachments=[{"contentType": CARD, "content": card}])
    assert answer.status_code == 201
    assert world.emu.posts(world.planning)[0].cards == [card]
    assert world.emu.refusals() == []


def test_the_connector_refuses_a_mention_of_someone_outside_the_tenant(world: World) -> None:
    for target in ("29:1nobody", world.stranger.id):  # why: unknown, and a guest from elsewhere
        card = _spoil("msteams/entities/0/mentioned/id", target)
        answer = _send(world, attachments=[{"contentType": CARD, "content": card}])
        assert answer.status_code == 400
        assert f"names {target}, who is not in this tenant" in answer.json()["error"]["message"]
    assert world.emu.posts(world.planning) == []


def test_a_typing_indicator_is_taken_and_not_kept(world: World) -> None:
    answer = _send(world, type="typing")
    assert (answer.status_code, answer.json()) == (201, {})
    assert world.emu.posts(world.planning) == []


@pytest.mark.parametrize(
    ("activity", "says"),
    [
        ({"text": ""}, "needs text or an attachment"),
        ({"type": "event", "text": "x"}, "Unknown activity type"),
        ({"text": "x", "attachments": [{"contentType": "image/png"}]}, "unknown contentType"),
        ({"text": "x", "textFormat": "html"}, "textFormat"),
        ({"type": []}, "Unknown activity type"),  # why: found by fuzzing; once a dropped line
    ],
)
def test_the_connector_refuses_malformed_activities(
    world: World, activity: dict[str, Any], says: str
) -> None:
    answer = _send(world, **activity)
    assert answer.status_code == 400
    assert says in answer.json()["error"]["message"]
