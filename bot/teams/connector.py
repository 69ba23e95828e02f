"""The Bot Framework connector, synchronously: the SDK's `ApiClient` run on the Teams loop.

Each call gets the bot's token in the caller's thread (msal is synchronous), then runs the
SDK's coroutine on the one Teams loop with a timeout. What the connector refuses becomes a
`ChatError` whose `kind` the services act on; Teams' own error code stays in `reason`.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

import httpx
from microsoft_teams.api import ApiClient
from microsoft_teams.api.activities.message import MessageActivityInput
from microsoft_teams.api.auth.cloud_environment import CloudEnvironment
from microsoft_teams.api.clients.conversation.params import CreateConversationParams
from microsoft_teams.common import Client as HttpClient
from microsoft_teams.common import ClientOptions

from bot.port import ChatError, Kind
from bot.teams.loop import run

T = TypeVar("T")
Json = dict[str, Any]
Target = Literal["conversation", "activity", "member"]
TIMEOUT = 15.0
# Teams' error codes, by what they mean to Backbone.
CODES: dict[str, Kind] = {
    "ConversationNotFound": "no_channel",
    "BotNotInConversationRoster": "cannot_post",
    "ConversationBlockedByUser": "cannot_post",
    "MemberNotFoundInConversation": "no_person",
    "ActivityNotFoundInConversation": "no_message",
    "NotFound": "no_message",
}
MISSING: dict[Target, Kind] = {
    "conversation": "no_channel",
    "activity": "no_message",
    "member": "no_person",
}


def chat_error(error: Exception, target: Target) -> ChatError:
    """Return what a failed connector call means, as the port says it."""
    if isinstance(error, ChatError):
        return error
    if not isinstance(error, httpx.HTTPStatusError):
        return ChatError("unreachable", type(error).__name__)
    response = error.response
    code = _code(response)
    status = response.status_code
    if status == 429:
        wait = response.headers.get("Retry-After", "")
        retry = float(wait) if wait.replace(".", "", 1).isdigit() else None
        return ChatError("rate_limited", code or "429", retry_after=retry)
    if status == 401:
        return ChatError("revoked", code or "401")
    if code in CODES and not (code == "NotFound" and target != "activity"):
        return ChatError(CODES[code], code)
    if status == 403:
        return ChatError("cannot_post", code or "403")
    if status == 400 and target == "member":  # "Invalid user identity in provided tenant"
        return ChatError("no_person", code or "400")
    if status == 404:
        return ChatError(MISSING[target], code or "404")
    return ChatError("refused", code or str(status))


def _code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    found = body.get("error") if isinstance(body, dict) else None
    return str(found.get("code") or "") if isinstance(found, dict) else ""


class Connector:
    """The connector of one bot, at each service URL its activities came from."""

    def __init__(
        self,
        *,
        cloud: CloudEnvironment,
        token: Callable[[], str],
        renew: Callable[[], None] | None = None,
        timeout: float = TIMEOUT,
        verify: bool | str = True,
    ) -> None:
        self.cloud = cloud
        self._token = token
        self._renew = renew
        self._lock = threading.Lock()
        self._timeout = timeout
        self._verify = verify
        self._clients: dict[str, ApiClient] = {}

    def send(self, service_url: str, conversation_id: str, activity: Json) -> str:
        """Post an activity in a conversation and return its id."""
        params = MessageActivityInput.model_validate(activity)
        api = self._api(service_url)
        # A reply names its thread's root in the id: a root that is gone is a missing post.
        target: Target = "activity" if ";messageid=" in conversation_id else "conversation"
        sent = self._call(
            lambda: api.conversations.create_activity(conversation_id, params), target
        )
        return str(sent.id)

    def update(
        self, service_url: str, conversation_id: str, activity_id: str, activity: Json
    ) -> None:
        """Replace what an activity says."""
        params = MessageActivityInput.model_validate(activity)
        api = self._api(service_url)
        self._call(
            lambda: api.conversations.update_activity(conversation_id, activity_id, params),
            "activity",
        )

    def open_personal(self, service_url: str, *, tenant_id: str, bot_id: str, person: str) -> str:
        """Create (or find) the one-to-one chat of Backbone and a person; return its id."""
        params = CreateConversationParams.model_validate(
            {"isGroup": False, "bot": {"id": bot_id}, "members": [{"id": person}],
             "tenantId": tenant_id, "channelData": {"tenant": {"id": tenant_id}}}
        )  # fmt: skip
        api = self._api(service_url)
        made = self._call(lambda: api.conversations.create(params), "member")
        return str(made.id)

    def member(self, service_url: str, conversation_id: str, person: str) -> Json:
        """Return what Teams says of one member of a conversation (or of the tenant's team)."""
        api = self._api(service_url)
        found = self._call(
            lambda: api.conversations.get_member_by_id(conversation_id, person), "member"
        )
        return dict(found.model_dump(by_alias=True, exclude_none=True))

    def members(self, service_url: str, conversation_id: str) -> list[Json]:
        """Return every member of a conversation."""
        api = self._api(service_url)
        found = self._call(lambda: api.conversations.get_members(conversation_id), "conversation")
        return [dict(m.model_dump(by_alias=True, exclude_none=True)) for m in found]

    def channels(self, service_url: str, teams_team_id: str) -> list[Json]:
        """Return the channels of a Teams team."""
        api = self._api(service_url)
        found = self._call(lambda: api.teams.get_conversations(teams_team_id), "conversation")
        return [dict(c.model_dump(by_alias=True, exclude_none=True)) for c in found]

    def _api(self, service_url: str) -> ApiClient:
        key = service_url.rstrip("/")
        with self._lock:
            return self._clients.get(key) or self._new_client(key)

    def _new_client(self, key: str) -> ApiClient:
        """Return the SDK's client for a service URL (one per URL, kept)."""
        options = ClientOptions(token=self._token, timeout=self._timeout)
        transport = httpx.AsyncClient(verify=self._verify, timeout=self._timeout)
        http = HttpClient(options, _http=transport)
        with warnings.catch_warnings():  # the SDK warns of its own deprecated bot client
            warnings.simplefilter("ignore", DeprecationWarning)
            client = self._clients[key] = ApiClient(key, http, cloud=self.cloud)
        return client

    def _call(self, call: Callable[[], Awaitable[T]], target: Target) -> T:
        """Make a call; a token refused once is renewed and the call made once more."""
        try:
            return self._once(call, target)
        except ChatError as error:
            if error.kind != "revoked" or self._renew is None:
                raise
            self._renew()
            return self._once(call, target)

    def _once(self, call: Callable[[], Awaitable[T]], target: Target) -> T:
        with speaking(target):
            self._token()  # in this thread: msal blocks, the loop must not
            return run(_awaited(call), self._timeout + 1)


async def _awaited(call: Callable[[], Awaitable[T]]) -> T:
    return await call()


@contextmanager
def speaking(target: Target) -> Iterator[None]:
    """Turn the connector's refusals, and the network's silence, into ChatError."""
    try:
        yield
    except (httpx.HTTPError, TimeoutError, OSError) as error:
        raise chat_error(error, target) from error
