"""Every Teams activity, after `/api/messages` checked its token: where it goes, and its answer.

`TeamsApp.receive(activity)` returns the HTTP status and JSON body of the answer. An activity
from another tenant than Backbone's is refused (403) before anything is read or stored. Every
other one first leaves its conversation reference (so Backbone can speak there later) and the
sender's zone. Invokes are answered in the body (`handlers.teams.invokes`); messages, edits and
installs are queued on the work queue and answered through the port, as Slack's listeners are:
a command waits in the person lane (busy: the person is told so), notes and installs in the
background lane (busy: 503, so Teams may send it again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from bot.deps import Deps
from bot.port import ChatPort
from bot.services.directory import STALE_AFTER
from bot.work import Lane
from handlers.teams import capture, commands, installs
from handlers.teams.common import (
    TeamsCall,
    busy,
    first_delivery,
    queue,
    refuse_event,
    tenant_of,
)
from handlers.teams.invokes import handle_invoke
from handlers.teams.text import core_text, mentions_bot
from storage.people import Profile, get_person, save_profile
from storage.teams_refs import remember_conversation
from storage.workspaces import ensure_workspace

log = logging.getLogger("backbone")
Answer = tuple[int, dict[str, Any] | None]
OK: Answer = (200, None)
# Activities Backbone has nothing to do with: typing, reactions, read receipts, events.
IGNORED = frozenset({"typing", "messageReaction", "event", "endOfConversation", "trace"})


class TenantPort(ChatPort, Protocol):
    """The port to the one tenant Backbone serves (bot.teams.port.TeamsPort)."""

    tenant_id: str


class TeamsApp:
    """Backbone's Teams listeners for one tenant, served at `/api/messages`.

    The bot is single-tenant: one port speaks for the tenant, and finds the service URL of
    each conversation in the references kept here (storage/teams_refs.py).
    """

    def __init__(self, deps: Deps, port: TenantPort) -> None:
        self.deps, self.port, self.tenant_id = deps, port, port.tenant_id
        self.bot_id = port.me()

    def port_for(self, tenant_id: str, service_url: str) -> ChatPort:
        """Return the port an activity is answered through (the tenant's one port)."""
        return self.port

    def receive(self, activity: dict[str, Any]) -> Answer:
        """Answer one activity whose token was checked: the HTTP status and JSON body."""
        if not isinstance(activity, dict):
            return 400, None
        tenant = tenant_of(activity)
        if tenant != self.tenant_id:
            log.warning("refused a Teams activity from another tenant (%s)", tenant[:40] or "none")
            return 403, None
        kind = str(activity.get("type") or "")
        if kind in IGNORED:
            return OK
        call = TeamsCall.of(activity, self.deps, self.port_for)
        if not (call.conversation_id and call.service_url and call.user_id):
            log.warning("a Teams %s activity named no conversation, service or sender", kind)
            return 400, None
        call = replace(call, bot_id=self.bot_id)  # Teams' recipient id may differ in form
        remember(call, activity)
        return self._route(call, kind, activity)

    def _route(self, call: TeamsCall, kind: str, activity: dict[str, Any]) -> Answer:
        if kind == "invoke":
            status, body = handle_invoke(call, activity)
            return status, body
        if from_a_bot(call, activity):
            return OK  # Backbone's own posts, and other apps': never notes, never commands
        if kind == "message":
            return on_message(call, activity)
        if kind == "messageUpdate" and capture.event_type(activity) == capture.EDITED:
            text = core_text(activity, bot_id=call.bot_id)
            return in_background(call, lambda c: capture.on_edited_message(c, text), kind)
        if kind == "messageDelete" and capture.event_type(activity) == capture.DELETED:
            return in_background(call, capture.on_deleted_message, kind)
        if kind == "installationUpdate":
            return in_background(call, lambda c: installs.on_installation_update(c, activity), kind)
        if kind == "conversationUpdate":
            return in_background(call, lambda c: installs.on_conversation_update(c, activity), kind)
        return OK


def on_message(call: TeamsCall, activity: dict[str, Any]) -> Answer:
    """A command (the personal chat, or a channel message mentioning Backbone), or notes."""
    text = core_text(activity, bot_id=call.bot_id)
    if call.personal or mentions_bot(activity, bot_id=call.bot_id):
        if not queue(call, lambda c: run_once(c, text), Lane.PERSON, "command"):
            busy(call)
        return OK
    if call.kind != "channel" or not capture.has_notes(text):
        return OK  # notes are read in channels; most of their messages have none
    return in_background(call, lambda c: capture.on_new_message(c, text), "message")


def run_once(call: TeamsCall, text: str) -> None:
    """Run a command the first time its activity arrives: Teams may deliver it again."""
    if first_delivery(call.deps, tenant_id=call.tenant_id, key=f"command:{call.activity_id}"):
        commands.run_command(call, text)


def in_background(call: TeamsCall, work: Callable[[TeamsCall], None], what: str) -> Answer:
    """Queue work nobody waits for; refuse the activity (503) when that lane is full."""
    if queue(call, work, Lane.BACKGROUND, what):
        return OK
    return refuse_event(call, what)


def from_a_bot(call: TeamsCall, activity: dict[str, Any]) -> bool:
    """Tell whether an activity was sent by an app (Backbone itself included), not a person."""
    sender = activity.get("from") or {}
    return sender.get("role") == "bot" or call.user_id.startswith("28:")


def remember(call: TeamsCall, activity: dict[str, Any]) -> None:
    """Keep the conversation's reference and the sender's zone (see the module docstring)."""
    now = call.deps.now()
    data = activity.get("channelData") or {}
    name = (data.get("channel") or {}).get("name") or (data.get("team") or {}).get("name")
    zone = zone_of(activity)
    with call.deps.transaction() as session:
        ensure_workspace(session, team_id=call.tenant_id, now=now)
        remember_conversation(
            session, tenant_id=call.tenant_id, conversation_id=call.conversation_id,
            kind=call.kind, service_url=call.service_url,
            person_id=call.user_id if call.personal else None,
            teams_team_id=call.teams_team_id, name=name or None, now=now,
        )  # fmt: skip
        if zone is not None and not from_a_bot(call, activity):
            _remember_zone(session, call, zone, now=now)


def _remember_zone(session: Session, call: TeamsCall, zone: str, *, now: datetime) -> None:
    """Store a person's zone as Slack's profiles store theirs; first met: a profile to refresh."""
    person = get_person(session, team_id=call.tenant_id, user_id=call.user_id)
    if person is not None:
        person.tz = zone
        return
    profile = Profile(call.user_id, call.user_name or call.user_id, zone, False, False, False)
    # Stored as long since asked, so the first look-up still asks Teams who they are.
    save_profile(session, team_id=call.tenant_id, profile=profile, now=now - 2 * STALE_AFTER)


def zone_of(activity: dict[str, Any]) -> str | None:
    """Return the sender's IANA zone: the client's `timezone`, else `localTimezone`."""
    said = [
        entity.get("timezone")
        for entity in activity.get("entities") or []
        if isinstance(entity, dict) and entity.get("type") == "clientInfo"
    ]
    for name in [*said, activity.get("localTimezone")]:
        if isinstance(name, str) and 0 < len(name) <= 64 and _is_zone(name):
            return name
    return None


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
