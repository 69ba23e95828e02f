"""The port's Slack side: `ChatPort` over one workspace's WebClient, `Ports` over `Clients`.

Every call renders neutral messages with `bot.slack.render` and turns Slack's refusals into
`ChatError`s whose `kind` the services act on; Slack's own error code stays in `reason`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from bot.port import ChannelInfo, ChatError, Kind, PersonInfo, Platform, PostRef, Seen
from bot.slack.clients import Clients, as_clients

if TYPE_CHECKING:
    from bot.messages.parts import Form, HomePage, Message


def _render() -> ModuleType:
    """Return the renderer, loaded at the first message: a tick with nothing to say sends none."""
    from bot.slack import render

    return render


PAGE = 200
# Slack's error codes, by what they mean to Backbone.
KINDS: dict[str, Kind] = {
    "channel_not_found": "no_channel",
    "not_in_channel": "cannot_post",
    "is_archived": "cannot_post",
    "restricted_action": "cannot_post",
    "cannot_dm_bot": "cannot_post",
    "user_not_found": "no_person",
    "users_not_found": "no_person",
    "user_disabled": "no_person",
    "message_not_found": "no_message",
    "thread_not_found": "no_message",
    "cant_update_message": "no_message",
    "invalid_auth": "revoked",
    "token_revoked": "revoked",
    "account_inactive": "revoked",
    "ratelimited": "rate_limited",
}


def chat_error(error: Exception) -> ChatError:
    """Return what a failed Web API call means, as the port says it."""
    if isinstance(error, SlackApiError):
        code = str(error.response.get("error") or error.response.status_code)
        wait = error.response.headers.get("Retry-After") if error.response.headers else None
        retry_after = float(wait) if wait and str(wait).isdigit() else None
        return ChatError(KINDS.get(code, "refused"), code, retry_after=retry_after)
    return ChatError("unreachable", type(error).__name__)


@contextmanager
def speaking() -> Iterator[None]:
    """Turn Slack's refusals, and the network's silence, into ChatError."""
    try:
        yield
    except (SlackClientError, OSError) as error:
        raise chat_error(error) from error


class SlackPort:
    """One Slack workspace, through its bot token's WebClient."""

    platform: Platform = "slack"
    private_in_dm = False
    dm_threads = True

    def __init__(self, client: WebClient) -> None:
        self.client = client

    def post(self, channel: str, message: Message) -> PostRef:
        """Post a message in a channel."""
        return self._post(channel, message)

    def update(self, ref: PostRef, message: Message) -> None:
        """Replace what a post says."""
        with speaking():
            self.client.chat_update(
                channel=ref.channel, ts=ref.id, **_render().render_message(message)
            )

    def reply(self, thread: PostRef, message: Message) -> PostRef:
        """Reply in a post's thread."""
        return self._post(thread.channel, message, thread_ts=thread.id)

    def dm(self, person: str, message: Message) -> PostRef:
        """Send a person a direct message (Slack opens the DM when posting to a user id)."""
        return self._post(person, message)

    def whisper(
        self, channel: str, person: str, message: Message, *, thread: PostRef | None = None
    ) -> None:
        """Show a message to one person in a channel."""
        with speaking():
            self.client.chat_postEphemeral(
                channel=channel, user=person, thread_ts=thread.id if thread else None,
                **_render().render_message(message),
            )  # fmt: skip

    def open_form(self, trigger: str, form: Form) -> None:
        """Open a modal for the person whose click or command gave the trigger id."""
        with speaking():
            self.client.views_open(trigger_id=trigger, view=_render().render_form(form))

    def show_home(self, person: str, page: HomePage) -> None:
        """Publish a person's Home tab."""
        with speaking():
            self.client.views_publish(user_id=person, view=_render().render_home(page))

    def upload_image(
        self,
        channel: str,
        png: bytes,
        *,
        name: str,
        title: str,
        alt: str,
        thread: PostRef | None = None,
    ) -> None:
        """Upload a PNG (`name`.png) into a channel or a thread."""
        with speaking():
            self.client.files_upload_v2(
                channel=channel, thread_ts=thread.id if thread else None, content=png,
                filename=f"{name}.png", title=title, alt_txt=alt,
            )  # fmt: skip

    def react(self, ref: PostRef, emoji: str) -> None:
        """Add a reaction to a post."""
        with speaking():
            self.client.reactions_add(channel=ref.channel, timestamp=ref.id, name=emoji)

    def reactions(self, ref: PostRef) -> dict[str, frozenset[str]]:
        """Return who reacted to a post with each emoji name."""
        with speaking():
            answer = self.client.reactions_get(channel=ref.channel, timestamp=ref.id, full=True)
        found = (answer.get("message") or {}).get("reactions") or []
        return {r["name"]: frozenset(r.get("users") or []) for r in found if r.get("name")}

    def person(self, person: str) -> PersonInfo:
        """Look a person up with users.info."""
        with speaking():
            user = self.client.users_info(user=person)["user"]
        return person_info(user)

    def channel(self, channel: str) -> ChannelInfo:
        """Look a channel up with conversations.info."""
        with speaking():
            found = self.client.conversations_info(channel=channel)["channel"]
        return ChannelInfo(
            id=str(found.get("id") or channel),
            name=str(found.get("name") or ""),
            private=bool(found.get("is_private") or found.get("is_im")),
            archived=bool(found.get("is_archived")),
            member=bool(found.get("is_member", True)),  # DMs carry no is_member
            direct=bool(found.get("is_im") or found.get("is_mpim")),
        )

    def members(self, channel: str) -> frozenset[str]:
        """Return everyone in a channel, every page of them."""
        people: set[str] = set()
        with speaking():
            for page in self.client.conversations_members(channel=channel, limit=PAGE):
                people.update(page.get("members") or [])
        return frozenset(people)

    def read(self, ref: PostRef) -> Seen | None:
        """Read one post back, in the channel or in a thread (None when it is not there)."""
        try:
            with speaking():
                found = (
                    self.client.conversations_history(
                        channel=ref.channel, latest=ref.id, inclusive=True, limit=1
                    ).get("messages")
                    or []
                )
                if not any(message.get("ts") == ref.id for message in found):  # a thread reply
                    found = self.client.conversations_replies(
                        channel=ref.channel, ts=ref.id, latest=ref.id, oldest=ref.id,
                        inclusive=True, limit=2,
                    ).get("messages") or []  # fmt: skip
        except ChatError as error:
            if error.kind == "no_message":
                return None
            raise
        same = [message for message in found if message.get("ts") == ref.id]
        return seen(ref.channel, same[0]) if same else None

    def find_tagged(self, channel: str, kind: str, *, since: datetime) -> list[Seen]:
        """Return the posts since `since` whose metadata is of `kind` (newest first)."""
        with speaking():
            found = self.client.conversations_history(
                channel=channel, oldest=f"{since.timestamp():.6f}", limit=PAGE,
                include_all_metadata=True,
            )  # fmt: skip
        posts = [seen(channel, message) for message in found.get("messages") or []]
        return [post for post in posts if post.tag is not None and post.tag.kind == kind]

    def link_to(self, ref: PostRef) -> str | None:
        """Return a post's permalink."""
        with speaking():
            link = self.client.chat_getPermalink(channel=ref.channel, message_ts=ref.id)
        return str(link.get("permalink") or "") or None

    def me(self) -> str:
        """Return the bot's own user id, as auth.test says it."""
        with speaking():
            return str(self.client.auth_test()["user_id"])

    def _post(self, channel: str, message: Message, **extra: Any) -> PostRef:
        meta = _render().metadata_of(message)
        if meta is not None:
            extra["metadata"] = meta
        with speaking():
            posted = self.client.chat_postMessage(
                channel=channel, **extra, **_render().render_message(message)
            )
        return PostRef(channel=str(posted.get("channel") or channel), id=str(posted["ts"]))


def person_info(user: dict[str, Any]) -> PersonInfo:
    """Read a Slack user object (users.info, or a user_change event)."""
    return PersonInfo(
        id=str(user["id"]),
        name=str(user.get("real_name") or user.get("name") or user["id"]),
        zone=user.get("tz") or None,
        admin=bool(user.get("is_admin") or user.get("is_owner")),
        bot=bool(user.get("is_bot")),
        deactivated=bool(user.get("deleted")),
    )


def seen(channel: str, message: dict[str, Any]) -> Seen:
    """Return a message from conversations.history as the port reads it."""
    meta = message.get("metadata") or {}
    tag = None
    if meta.get("event_type"):
        payload = meta.get("event_payload") or {}
        from bot.messages.parts import Tag

        tag = Tag(str(meta["event_type"]), {k: v for k, v in payload.items() if _scalar(v)})
    thread = message.get("thread_ts")
    return Seen(
        ref=PostRef(channel, str(message["ts"])),
        author=message.get("user") or message.get("bot_id"),
        text=str(message.get("text") or ""),
        tag=tag,
        thread=PostRef(channel, str(thread)) if thread and thread != message["ts"] else None,
        app=bool(message.get("bot_id")),
    )


def _scalar(value: object) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


class SlackPorts:
    """Each Slack workspace's port for one run of scheduled work."""

    def __init__(self, clients: Clients) -> None:
        self.clients = clients
        self._ports: dict[str, SlackPort] = {}

    @property
    def lost(self) -> set[str]:
        """The workspaces found to have removed Backbone in this run."""
        return self.clients.lost

    def for_team(self, team_id: str) -> SlackPort | None:
        """Return a workspace's port, or None once its token no longer works."""
        client = self.clients.client_for(team_id)
        if client is None:
            return None
        port = self._ports.get(team_id)
        if port is None or port.client is not client:
            port = self._ports[team_id] = SlackPort(client)
        return port

    def working_team(self) -> str | None:
        """Return the one workspace a single token serves, if it works."""
        return self.clients.working_team()

    def lose(self, team_id: str) -> None:
        """Stop using a workspace for the rest of this run."""
        self.clients.lose(team_id)


def slack_ports(clients: Clients | WebClient) -> SlackPorts:
    """Return the ports of scheduled work: one client (one workspace) or each workspace's own."""
    return SlackPorts(as_clients(clients))
