"""The connector's roster side: open a personal chat, list members, read a team and its channels.

Opening a 1:1 chat works only with a person of the tenant for whom the bot is installed, in
personal scope or in a team they are in (Teams refuses everyone else); the bot never opens
group chats.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import TYPE_CHECKING, Any

from bot.sandbox.teams.outbound import Refused, check_activity
from bot.sandbox.teams.state import CHANNEL, Json, Person, Tenant

if TYPE_CHECKING:
    from bot.sandbox.teams.state import Conversation

DEFAULT_PAGE_SIZE = 200
MAX_PAGE_SIZE = 500


class MemberRoutes:
    """Roster operations, mixed into `Connector` (which supplies `tenant` and `conversation`)."""

    tenant: Tenant
    if TYPE_CHECKING:  # supplied by Connector

        def conversation(self, conversation_id: str) -> tuple[Conversation, str | None]: ...
        def send(self, conversation_id: str, activity: Json, reply_to: str | None) -> Json: ...

    def create_conversation(self, payload: Any) -> Json:
        """Open (or find) the bot's personal chat with one person, or start a channel thread.

        `isGroup` with `channelData.channel.id` and a first `activity` posts a new thread in that
        channel (the answer's id names it, `;messageid=`); a bot never creates group chats.
        """
        if not isinstance(payload, dict):
            raise Refused(400, "BadArgument", "The request body must be an object.")
        tenant_id = payload.get("tenantId") or _dig(payload, "channelData", "tenant", "id")
        if str(tenant_id).lower() != self.tenant.id.lower():
            raise Refused(400, "BadArgument", "Invalid or missing tenant id.")
        if payload.get("isGroup") is True:
            return self._new_thread(payload)
        members = payload.get("members")
        if not isinstance(members, list) or len(members) != 1:
            raise Refused(
                400, "BadArgument", "A bot can open only a 1:1 chat: give exactly one member."
            )
        person = self._person_of(members[0])
        if person is None or not person.in_tenant:
            raise Refused(400, "BadArgument", "Invalid user identity in provided tenant")
        if not self.tenant.bot_can_reach(person):
            raise Refused(
                403,
                "Forbidden",
                "The bot is not installed for this person, nor in a team they are in.",
            )
        chat = self.tenant.open_personal_chat(person.id)
        answer: Json = {"id": chat.id}
        if payload.get("activity") is not None:
            sent = self.send(chat.id, check_activity(payload["activity"]), None)
            answer["activityId"] = sent["id"]
        return answer

    def _new_thread(self, payload: Json) -> Json:
        channel_id = _dig(payload, "channelData", "channel", "id")
        found = self.tenant.conversations.get(channel_id) if isinstance(channel_id, str) else None
        if found is None or found.kind != CHANNEL:
            raise Refused(
                400,
                "BadArgument",
                "A group conversation needs channelData.channel.id of a channel: "
                "a bot cannot create group chats.",
            )
        if not isinstance(payload.get("activity"), dict):
            raise Refused(400, "BadArgument", "A new channel thread needs its first activity.")
        sent = self.send(found.id, check_activity(payload["activity"]), None)
        return {"id": f"{found.id};messageid={sent['id']}", "activityId": sent["id"]}

    def _person_of(self, member: Any) -> Person | None:
        if not isinstance(member, dict) or not isinstance(member.get("id"), str):
            return None
        return self.tenant.person(member["id"])

    def serve_members(self, operation: str, args: list[str], query: dict[str, list[str]]) -> Any:
        """Answer the member and team reads."""
        if operation.startswith("teams."):
            return self._team_read(operation, args[0])
        conversation, _ = self.conversation(args[0])
        people = self.tenant.members_of(conversation)
        if operation == "members.list":
            return [p.account(self.tenant.id) for p in people]
        if operation == "members.get":
            wanted = self.tenant.person(args[1])
            if wanted is None or wanted not in people:
                raise Refused(
                    404,
                    "MemberNotFoundInConversation",
                    "The member could not be found in the conversation.",
                )
            return wanted.account(self.tenant.id)
        return self._page(people, query)

    def _page(self, people: list[Person], query: dict[str, list[str]]) -> Json:
        try:
            size = int(query.get("pageSize", [DEFAULT_PAGE_SIZE])[-1])
            token = query.get("continuationToken", [None])[-1]
            start = int(json.loads(base64.urlsafe_b64decode(token))["o"]) if token else 0
        except (ValueError, KeyError, TypeError, binascii.Error) as error:
            raise Refused(400, "BadArgument", "Invalid pageSize or continuationToken.") from error
        if not 1 <= size <= MAX_PAGE_SIZE or not 0 <= start <= len(people):
            raise Refused(400, "BadArgument", "pageSize must be 1 to 500.")
        page = people[start : start + size]
        answer: Json = {"members": [p.account(self.tenant.id) for p in page]}
        if start + size < len(people):
            answer["continuationToken"] = continuation(start + size)
        return answer

    def _team_read(self, operation: str, team_id: str) -> Json:
        team = self.tenant.teams.get(team_id)
        if team is None:
            raise Refused(404, "NotFound", "Team not found.")
        if not team.installed:
            raise Refused(
                403, "BotNotInConversationRoster", "The bot is not part of the conversation roster."
            )
        if operation == "teams.conversations":
            # The General channel has the team's id and no name, as the connector lists it.
            return {
                "conversations": [
                    {"id": cid, "name": None if cid == team.id else name}
                    for cid, name in team.channels.items()
                ]
            }
        return {
            "id": team.id,
            "name": team.name,
            "aadGroupId": team.aad_group_id,
            "type": "standard",
            "channelCount": len(team.channels),
            "memberCount": len(team.members),
        }


def _dig(value: Any, *keys: str) -> Any:
    """Return a nested value of untrusted JSON, or None where a level is missing or no object."""
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def continuation(offset: int) -> str:
    """Return an opaque continuation token for a members page starting at `offset`."""
    return base64.urlsafe_b64encode(json.dumps({"o": offset}).encode()).decode()
