"""The mixed load of bench.ack_latency: what a busy workspace sends, signed as Slack signs it.

Each kind of request is its own stream from its own keep-alive connections over loopback:
message events with meeting notes (open loop at a fixed rate, as Slack sends them whatever the
app is doing), `/action` commands from several people (each waits for its answer, then for
its next turn), Done clicks, and submissions of the item form (an edit, and a new item from
the Home tab). A latency is from sending a request to reading its whole answer.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bot.ids import ActionId, CallbackId, ItemField
from bot.messages.common import BUSY
from bot.sandbox.sender import sign
from tests.support.harness import CASE, JOE, MARIA, TEAM

Body = tuple[str, str]  # (content type, body)
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Answer:
    """One request's kind, latency (s), HTTP status, and whether it said it was busy."""

    kind: str
    latency: float
    status: int
    busy: bool


@dataclass
class Stream:
    """One kind of request: how to build the n-th, how many clients, and each one's pace."""

    kind: str
    build: Callable[[int], Body]
    clients: int
    per_second: float  # per client; an open-loop stream sends on schedule whatever the answers
    open_loop: bool = False
    sent: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def next_number(self) -> int:
        with self._lock:
            self.sent += 1
            return self.sent - 1


def command(n: int, response_url: str) -> Body:
    """`/action Call landlord N @joe by Friday` from Maria."""
    fields = {
        "command": "/action", "text": f"Call landlord {n} <@{JOE}> by Friday", "team_id": TEAM,
        "team_domain": "sandbox", "channel_id": CASE, "channel_name": "case-conferencing",
        "user_id": MARIA, "user_name": "maria", "api_app_id": "A0SANDBOX",
        "response_url": response_url, "trigger_id": f"{n}.1.bench",
    }  # fmt: skip
    return FORM, urlencode(fields)


def message_event(event_id: str, ts: str, text: str) -> Body:
    """A `message` event of Maria's notes (a seeded message), in its envelope."""
    event = {
        "type": "message", "user": MARIA, "text": text, "ts": ts, "team": TEAM,
        "channel": CASE, "event_ts": ts, "channel_type": "channel",
    }  # fmt: skip
    envelope = {
        "token": "bench", "team_id": TEAM, "api_app_id": "A0SANDBOX", "event": event,
        "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
        "authorizations": [{"team_id": TEAM, "user_id": "UBACKBONE", "is_bot": True,
                            "is_enterprise_install": False}],
    }  # fmt: skip
    return "application/json", json.dumps(envelope)


def done_click(number: int, response_url: str) -> Body:
    """Maria clicks ✅ Done on item A-`number`'s post."""
    payload = {
        "type": "block_actions", "team": {"id": TEAM, "domain": "sandbox"},
        "user": {"id": MARIA, "team_id": TEAM, "name": "maria"}, "api_app_id": "A0SANDBOX",
        "trigger_id": f"{number}.2.bench", "response_url": response_url,
        "container": {"type": "message", "message_ts": "1.000001", "channel_id": CASE},
        "channel": {"id": CASE, "name": "case-conferencing"},
        "message": {"ts": "1.000001", "type": "message", "text": "", "user": "UBACKBONE"},
        "actions": [{"action_id": ActionId.ITEM_DONE, "block_id": "bench", "type": "button",
                     "value": str(number), "action_ts": "1.000002"}],
    }  # fmt: skip
    return FORM, urlencode({"payload": json.dumps(payload)})


def _values(title: str, channel: bool) -> dict[str, object]:
    values: dict[str, object] = {
        ItemField.TITLE: {ItemField.TITLE: {"type": "plain_text_input", "value": title}},
        ItemField.OWNERS: {ItemField.OWNERS: {"type": "multi_users_select",
                                              "selected_users": [JOE]}},
    }  # fmt: skip
    if channel:
        values[ItemField.CHANNEL] = {
            ItemField.CHANNEL: {"type": "conversations_select", "selected_conversation": CASE}
        }
    return values


def submission(callback: str, metadata: str, title: str) -> Body:
    """Maria presses Save on the item form (`callback`: an edit, or a new item from Home)."""
    new = callback == CallbackId.ITEM_NEW
    fields = [ItemField.TITLE, ItemField.OWNERS, *([ItemField.CHANNEL] if new else [])]
    view = {
        "id": "VBENCH", "team_id": TEAM, "type": "modal", "callback_id": callback,
        "private_metadata": metadata, "app_installed_team_id": TEAM, "hash": "1.bench",
        "blocks": [{"type": "input", "block_id": f} for f in fields],
        "state": {"values": _values(title, new)},
    }  # fmt: skip
    payload = {
        "type": "view_submission", "team": {"id": TEAM, "domain": "sandbox"},
        "user": {"id": MARIA, "team_id": TEAM, "name": "maria"}, "api_app_id": "A0SANDBOX",
        "trigger_id": "1.3.bench", "view": view, "response_urls": [],
    }  # fmt: skip
    return FORM, urlencode({"payload": json.dumps(payload)})


def edit_submission(number: int) -> Body:
    """Save the edit form of item A-`number` with a new title."""
    meta = json.dumps({"n": number, "d": None, "t": None})
    return submission(CallbackId.ITEM_EDIT, meta, f"Call landlord {number} again")


def new_submission(n: int) -> Body:
    """Save a new item from the Home tab's form, in the case-conferencing channel."""
    return submission(CallbackId.ITEM_NEW, "{}", f"Book the room for meeting {n}")


def send(connection: http.client.HTTPConnection, secret: str, body: Body) -> tuple[int, bytes]:
    """POST one signed request on a kept-alive connection; return status and body."""
    stamp = str(int(time.time()))
    headers = {
        "Content-Type": body[0],
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign(secret, stamp, body[1]),
    }
    connection.request("POST", "/slack/events", body=body[1], headers=headers)
    answer = connection.getresponse()
    return answer.status, answer.read()


def said_busy(raw: bytes) -> bool:
    """Tell whether an answer is the busy words (a command's ack, or a form's error)."""
    return BUSY.encode() in raw or json.dumps(BUSY).encode()[1:-1] in raw


def run_client(
    port: int, secret: str, stream: Stream, until: float, out: list[Answer], start: float
) -> None:
    """Send one client's share of a stream until `until`, each on its turn."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    interval = 1 / stream.per_second
    turn = start
    while turn < until:
        time.sleep(max(turn - time.perf_counter(), 0))
        body = stream.build(stream.next_number())
        began = time.perf_counter()
        status, raw = send(connection, secret, body)
        out.append(Answer(stream.kind, time.perf_counter() - began, status, said_busy(raw)))
        # Open loop: the next turn is on the schedule; closed: a pause after the answer.
        turn = turn + interval if stream.open_loop else time.perf_counter() + interval
    connection.close()


def offered(streams: list[Stream], port: int, secret: str, seconds: float) -> list[Answer]:
    """Run every stream's clients for `seconds`; return every answer."""
    out: list[Answer] = []
    start = time.perf_counter() + 0.2
    until = start + seconds
    threads = []
    for stream in streams:
        for client in range(stream.clients):
            offset = client / (stream.clients * stream.per_second)  # spread the clients' turns
            args = (port, secret, stream, until, out, start + offset)
            threads.append(threading.Thread(target=run_client, args=args))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out
