"""Modals, Home tabs and file uploads through a real slack_sdk WebClient."""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.sandbox.server import SlackEmulator
from bot.sandbox.state import UploadedFile
from tests.sandbox.conftest import GENERAL, MARIA, OUTSIDE

TITLE = {"type": "plain_text", "text": "Edit A-12"}
NOTE_INPUT = {
    "type": "input",
    "block_id": "note",
    "label": {"type": "plain_text", "text": "Note"},
    "element": {"type": "plain_text_input", "action_id": "text"},
}
MODAL = {
    "type": "modal",
    "callback_id": "edit",
    "title": TITLE,
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [NOTE_INPUT],
    "private_metadata": "A-12",
}
HOME = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}]}


def error_of(call: Any) -> str:
    with pytest.raises(SlackApiError) as refused:
        call()
    return str(refused.value.response["error"])


def test_views_open_shows_a_modal_once_per_trigger(emu: SlackEmulator, client: WebClient) -> None:
    trigger = emu.new_trigger_id(MARIA)

    view = client.views_open(trigger_id=trigger, view=MODAL)["view"]

    assert {k: view[k] for k in ("type", "callback_id", "private_metadata", "title")} == {
        "type": "modal",
        "callback_id": "edit",
        "private_metadata": "A-12",
        "title": TITLE,
    }
    assert view["blocks"] == [NOTE_INPUT]
    assert view["state"] == {"values": {}}
    assert [(v.id, v.user, v.kind) for v in emu.views(MARIA)] == [(view["id"], MARIA, "modal")]
    assert error_of(lambda: client.views_open(trigger_id=trigger, view=MODAL)) == (
        "invalid_trigger_id"
    )
    assert error_of(lambda: client.views_open(trigger_id="1.2.x", view=MODAL)) == (
        "invalid_trigger_id"
    )


def test_views_get_block_ids_where_the_app_gave_none(emu: SlackEmulator, client: WebClient) -> None:
    blocks = [{"type": "divider"}, {"type": "actions", "elements": [_button()]}]
    view = client.views_open(trigger_id=emu.new_trigger_id(MARIA), view={**MODAL, "blocks": blocks})

    shown = view["view"]["blocks"]
    assert all(block["block_id"] for block in shown)
    assert shown[1]["elements"][0]["action_id"]


def _button() -> dict[str, Any]:
    return {"type": "button", "text": {"type": "plain_text", "text": "Go"}}


def test_views_update_checks_the_hash(emu: SlackEmulator, client: WebClient) -> None:
    opened = client.views_open(trigger_id=emu.new_trigger_id(MARIA), view=MODAL)["view"]
    changed = {**MODAL, "private_metadata": "A-13"}

    updated = client.views_update(view_id=opened["id"], hash=opened["hash"], view=changed)["view"]

    assert (updated["id"], updated["private_metadata"]) == (opened["id"], "A-13")
    assert updated["hash"] != opened["hash"]
    stale = error_of(
        lambda: client.views_update(view_id=opened["id"], hash=opened["hash"], view=MODAL)
    )
    assert stale == "hash_conflict"
    assert error_of(lambda: client.views_update(view_id="VNOPE", view=MODAL)) == "not_found"


def test_views_publish_keeps_one_home_tab_per_user(emu: SlackEmulator, client: WebClient) -> None:
    first = client.views_publish(user_id=MARIA, view=HOME)["view"]
    second = client.views_publish(user_id=MARIA, view=HOME)["view"]

    assert first["id"] == second["id"]
    assert [(v.kind, v.user) for v in emu.views()] == [("home", MARIA)]
    assert error_of(lambda: client.views_publish(user_id="UNOBODY", view=HOME)) == "user_not_found"
    assert error_of(lambda: client.views_publish(user_id=MARIA, view=MODAL)) == "invalid_arguments"


def test_files_upload_v2_works_end_to_end(emu: SlackEmulator, client: WebClient) -> None:
    root = client.chat_postMessage(channel=GENERAL, text="digest")["ts"]

    answer = client.files_upload_v2(
        channel=GENERAL,
        thread_ts=root,
        content=b"\x89PNG trend",
        filename="trend.png",
        title="Open vs done",
        alt_txt="A chart",
        initial_comment="This week",
    )

    file_id = answer["file"]["id"]
    assert emu.files() == [
        UploadedFile(
            id=file_id,
            filename="trend.png",
            length=10,
            title="Open vs done",
            content=b"\x89PNG trend",
            alt_txt="A chart",
            channel=GENERAL,
            thread_ts=root,
            initial_comment="This week",
            completed=True,
        )
    ]
    [shared] = emu.messages(GENERAL, thread_ts=root)
    assert (shared.text, shared.files) == ("This week", [file_id])
    assert emu.calls("files.completeUploadExternal") == [
        {
            "files": [{"id": file_id, "title": "Open vs done"}],
            "channel_id": GENERAL,
            "initial_comment": "This week",
            "thread_ts": root,
        }
    ]


def test_files_need_the_bot_in_the_channel(emu: SlackEmulator, client: WebClient) -> None:
    upload = lambda: client.files_upload_v2(channel=OUTSIDE, content=b"x", filename="x.txt")  # noqa: E731

    assert error_of(upload) == "not_in_channel"
    assert [f.completed for f in emu.files()] == [False]
