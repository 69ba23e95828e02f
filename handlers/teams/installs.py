"""Backbone added to and removed from Teams: teams, channels, personal chats, and people leaving.

Teams says so in two activities. `installationUpdate` (`action` "add", "add-upgrade", "remove",
"remove-upgrade") names the conversation the app was added to or removed from.
`conversationUpdate` says who joined or left a conversation (`membersAdded`, `membersRemoved`,
Backbone among them when it is its own install) and, in `channelData.eventType`, what happened
to a team's channels. Added: the tenant's workspace is (re)installed and the conversation is
remembered, so Backbone can speak there later. Removed: that team or chat is paused (its
conversations marked inactive) and its records are kept. A person who leaves a team gets the
deactivated-owner treatment, as on Slack: their open items are flagged as needing an owner.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.port import ChatError
from bot.services.people import person_left
from bot.teams.port import TeamsPort
from handlers.teams.common import TeamsCall
from storage.teams_refs import remember_conversation, set_active
from storage.workspaces import mark_installed

log = logging.getLogger(__name__)
ADDED = frozenset({"add", "add-upgrade"})
REMOVED = frozenset({"remove", "remove-upgrade"})
# `channelData.eventType` of a conversationUpdate about a team's channels, or the team itself.
CHANNEL_ADDED = frozenset({"channelCreated", "channelRestored", "channelRenamed"})
CHANNEL_GONE = frozenset({"channelDeleted"})
TEAM_GONE = frozenset({"teamDeleted", "teamArchived", "teamHardDeleted"})
TEAM_BACK = frozenset({"teamRestored", "teamUnarchived"})


def on_installation_update(call: TeamsCall, activity: dict[str, Any]) -> None:
    """Store or pause the team or chat Backbone was added to or removed from."""
    action = str(activity.get("action") or "")
    if action in ADDED:
        installed(call, activity)
    elif action in REMOVED:
        paused(call)


def on_conversation_update(call: TeamsCall, activity: dict[str, Any]) -> None:
    """Follow who joined or left, and what happened to a team's channels."""
    added = _ids(activity.get("membersAdded"))
    removed = _ids(activity.get("membersRemoved"))
    if call.bot_id in added:
        installed(call, activity)
    if call.bot_id in removed:
        paused(call)
    people_gone = [person for person in removed if person.startswith("29:")]
    if people_gone and call.bot_id not in removed:
        left(call, people_gone)
    _channel_event(call, activity)


def installed(call: TeamsCall, activity: dict[str, Any]) -> None:
    """(Re)install the tenant's workspace and remember this conversation (its team's too)."""
    team = (activity.get("channelData") or {}).get("team") or {}
    now = call.deps.now()
    with call.deps.transaction() as session:
        mark_installed(session, team_id=call.tenant_id, name=str(team.get("name") or ""), now=now)
        if call.teams_team_id:
            set_active(session, tenant_id=call.tenant_id, active=True, now=now,
                       teams_team_id=call.teams_team_id)  # fmt: skip
    remember_channels(call)
    log.info("Teams tenant %s: Backbone was added to a %s", call.tenant_id, call.kind)


def remember_channels(call: TeamsCall) -> None:
    """Remember every channel of the team Backbone was added to, so it can speak there later."""
    if not (call.teams_team_id and isinstance(call.port, TeamsPort)):
        return  # a personal or group chat: the activity's own conversation is remembered
    try:
        channels = call.port.connector.channels(call.service_url, call.teams_team_id)
    except ChatError as error:  # the activity's own channel is remembered all the same
        log.warning("could not list the channels of a team: %s", error.reason)
        return
    now = call.deps.now()
    with call.deps.transaction() as session:
        for channel in channels:
            if channel.get("id"):
                remember_conversation(
                    session, tenant_id=call.tenant_id, conversation_id=str(channel["id"]),
                    kind="channel", service_url=call.service_url,
                    teams_team_id=call.teams_team_id, name=channel.get("name") or None, now=now,
                )  # fmt: skip


def paused(call: TeamsCall) -> None:
    """Pause the team (every channel of it) or the chat Backbone was removed from."""
    now = call.deps.now()
    with call.deps.transaction() as session:
        if call.teams_team_id:
            changed = set_active(session, tenant_id=call.tenant_id, active=False, now=now,
                                 teams_team_id=call.teams_team_id)  # fmt: skip
        else:
            changed = set_active(session, tenant_id=call.tenant_id, active=False, now=now,
                                 conversation_id=call.conversation_id)  # fmt: skip
    log.info("Teams tenant %s: Backbone was removed from a %s (%d conversations paused)",
             call.tenant_id, call.kind, changed)  # fmt: skip


def left(call: TeamsCall, people: list[str]) -> None:
    """Flag the open items of people who left the team, as for deactivated accounts."""
    now = call.deps.now()
    with call.deps.transaction() as session:
        flagged = sum(
            person_left(session, team_id=call.tenant_id, user_id=person, now=now)
            for person in people
        )
    log.info("Teams tenant %s: %d people left a team; %d open items need an owner",
             call.tenant_id, len(people), flagged)  # fmt: skip


def _channel_event(call: TeamsCall, activity: dict[str, Any]) -> None:
    """Remember a team's new or renamed channel; pause a deleted one, or the whole team."""
    data = activity.get("channelData") or {}
    event, channel = str(data.get("eventType") or ""), data.get("channel") or {}
    channel_id, now = str(channel.get("id") or ""), call.deps.now()
    with call.deps.transaction() as session:
        if event in CHANNEL_ADDED and channel_id:
            remember_conversation(
                session, tenant_id=call.tenant_id, conversation_id=channel_id, kind="channel",
                service_url=call.service_url, teams_team_id=call.teams_team_id,
                name=channel.get("name") or None, now=now,
            )  # fmt: skip
        elif event in CHANNEL_GONE and channel_id:
            set_active(session, tenant_id=call.tenant_id, active=False, now=now,
                       conversation_id=channel_id)  # fmt: skip
        elif event in TEAM_GONE | TEAM_BACK and call.teams_team_id:
            set_active(session, tenant_id=call.tenant_id, active=event in TEAM_BACK, now=now,
                       teams_team_id=call.teams_team_id)  # fmt: skip


def _ids(members: Any) -> list[str]:
    """Return the ids of an activity's `membersAdded` or `membersRemoved`."""
    if not isinstance(members, list):
        return []
    return [str(m.get("id") or "") for m in members if isinstance(m, dict)]
