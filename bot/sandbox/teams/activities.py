"""Activities as Teams sends them to a bot, built from the emulated tenant.

Shapes follow what Teams delivers: `channelId: "msteams"`, `serviceUrl` with a trailing slash,
`from` with the AAD object id, `conversation` with `conversationType` and `tenantId`, a channel
conversation id carrying `;messageid=<thread root>`, `channelData` with tenant, team and channel,
a `clientInfo` entity (locale, country, platform, timezone) and `localTimezone`, `<at>` mentions
with their `mention` entities, and the `text/html` copy of a channel message among `attachments`.
"""

from __future__ import annotations

import datetime
import html
from typing import Any
from zoneinfo import ZoneInfo

from bot.sandbox.teams.state import CHANNEL, PERSONAL, Conversation, Json, Person, Tenant


class Place:
    """Where an activity happens: a conversation, and for a channel its team and thread root."""

    def __init__(self, tenant: Tenant, conversation: Conversation, root: str | None = None) -> None:
        self.tenant = tenant
        self.conversation = conversation
        self.root = root

    def conversation_json(self) -> Json:
        """Return the activity's `conversation` object."""
        kind = self.conversation.kind
        answer: Json = {
            "conversationType": kind,
            "tenantId": self.tenant.id,
            "id": self.conversation.id,
        }
        if kind != PERSONAL:
            answer["isGroup"] = True
        if kind == CHANNEL and self.root is not None:
            answer["id"] = f"{self.conversation.id};messageid={self.root}"
        if self.conversation.name and kind != CHANNEL:
            answer["name"] = self.conversation.name
        return answer

    def channel_data(self, **extra: Any) -> Json:
        """Return the activity's `channelData` (tenant; team and channel in a channel)."""
        data: Json = {"tenant": {"id": self.tenant.id}}
        team = self.tenant.teams.get(str(self.conversation.team_id))
        if self.conversation.kind == CHANNEL and team is not None:
            channel_id = self.conversation.id
            channel_name = team.channels.get(channel_id)
            data.update(
                teamsChannelId=channel_id,
                teamsTeamId=team.id,
                channel={"id": channel_id, "name": channel_name or "General"},
                team={"id": team.id, "name": team.name, "aadGroupId": team.aad_group_id},
            )
        data.update(extra)
        return data


def base_activity(place: Place, person: Person, kind: str, activity_id: str, **extra: Any) -> Json:
    """Return the fields every activity from a person carries."""
    now = datetime.datetime.now(datetime.UTC)
    local = now.astimezone(ZoneInfo(person.zone))
    return {
        "type": kind,
        "id": activity_id,
        "timestamp": now.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "localTimestamp": local.isoformat(timespec="milliseconds"),
        "localTimezone": person.zone,
        "serviceUrl": place.tenant.service_url,
        "channelId": "msteams",
        "from": {"id": person.id, "name": person.name, "aadObjectId": person.aad_object_id},
        "conversation": place.conversation_json(),
        "recipient": {"id": place.tenant.bot_id, "name": place.tenant.bot_name},
        "entities": [client_info(person)],
        "channelData": place.channel_data(),
        "locale": person.locale,
        **extra,
    }


def client_info(person: Person) -> Json:
    """Return the `clientInfo` entity Teams adds (the person's locale and time zone)."""
    country = person.locale.rpartition("-")[2] if "-" in person.locale else "US"
    return {
        "type": "clientInfo",
        "locale": person.locale,
        "country": country,
        "platform": "Web",
        "timezone": person.zone,
    }


def mention(account_id: str, name: str, **mentioned: Any) -> Json:
    """Return a `mention` entity for `<at>name</at>`."""
    return {
        "type": "mention",
        "text": f"<at>{name}</at>",
        "mentioned": {"id": account_id, "name": name, **mentioned},
    }


def message(
    place: Place,
    person: Person,
    activity_id: str,
    text: str,
    mentions: list[Json],
) -> Json:
    """Return a message activity: the text with its mention entities (and, in a channel, HTML)."""
    activity = base_activity(place, person, "message", activity_id, text=text, textFormat="plain")
    activity["entities"] = [*mentions, *activity["entities"]]
    if place.conversation.kind != PERSONAL:
        activity["attachments"] = [{"contentType": "text/html", "content": _html(text, mentions)}]
    if place.root is not None and place.root != activity_id:
        activity["replyToId"] = place.root
    return activity


def _html(text: str, mentions: list[Json]) -> str:
    """Return the HTML copy Teams attaches to a channel message (mentions as spans)."""
    body = html.escape(text, quote=False)
    for index, entity in enumerate(mentions):
        tag = html.escape(entity["text"], quote=False)
        name = html.escape(entity["mentioned"]["name"], quote=False)
        span = (
            f'<span itemscope="" itemtype="http://schema.skype.com/Mention" itemid="{index}">'
            f"{name}</span>"
        )
        body = body.replace(tag, span, 1)
    return f"<p>{body}</p>"


def invoke(
    place: Place, person: Person, activity_id: str, name: str, value: Json, **extra: Any
) -> Json:
    """Return an `invoke` activity (card action, dialog fetch or submit, message extension)."""
    return base_activity(place, person, "invoke", activity_id, name=name, value=value, **extra)


def message_payload(tenant: Tenant, post_activity: Json, author: Person | None) -> Json:
    """Return the `messagePayload` of a message-extension action: the message acted on."""
    text = str(post_activity.get("text") or "")
    user = (
        {"id": author.aad_object_id, "displayName": author.name, "userIdentityType": "aadUser"}
        if author is not None
        else None
    )
    application = (
        None
        if author is not None
        else {"id": tenant.app_id, "displayName": tenant.bot_name, "applicationIdentityType": "bot"}
    )
    return {
        "id": post_activity.get("id"),
        "replyToId": post_activity.get("replyToId"),
        "createdDateTime": post_activity.get("timestamp"),
        "messageType": "message",
        "importance": "normal",
        "locale": "en-us",
        "from": {"user": user, "application": application, "device": None, "conversation": None},
        "body": {"contentType": "html", "content": f"<p>{html.escape(text, quote=False)}</p>"},
        "attachments": [],
        "mentions": [],
        "reactions": [],
    }
