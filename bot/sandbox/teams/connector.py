"""The Bot Framework connector at the emulator's service URL (`…/amer/v3/…`).

Every request needs a bearer token from the emulator's Entra endpoint (signature, issuer,
audience `https://api.botframework.com`, expiry, and the app id); without one the answer is the
connector's 401. Errors carry the connector's body, `{"error": {"code", "message"}}`.

Threads: a channel conversation id `"<channel>;messageid=<root>"` posts in that root's thread, as
does `POST …/activities/<id>`; a `replyToId` in the body alone does not thread (Teams ignores it).
"""

from __future__ import annotations

import json
import time
from email.message import Message as Headers
from typing import Any
from urllib.parse import parse_qs, unquote

import jwt

from bot.sandbox.httpd import Reply
from bot.sandbox.recorder import CallLog
from bot.sandbox.teams.cards import ADAPTIVE_CARD
from bot.sandbox.teams.keys import BOT_FRAMEWORK_ISSUER, ENTRA_V1_ISSUER, SigningKey
from bot.sandbox.teams.members import MemberRoutes
from bot.sandbox.teams.outbound import ActivityRefused, Refused, check_activity
from bot.sandbox.teams.pictures import broken_pictures
from bot.sandbox.teams.state import CHANNEL, PERSONAL, Conversation, Json, Post, Tenant


def error_reply(status: int, code: str, message: str) -> Reply:
    """Return the connector's error answer."""
    return Reply.of_json(status, {"error": {"code": code, "message": message}})


# A held call goes on by itself after this long, so a test that forgets to release ends.
HOLD_LIMIT_SECONDS = 30
PICTURE_OPERATIONS = {"activities.send", "activities.reply", "activities.update"}
UNAUTHORIZED = Reply.of_json(401, {"message": "Authorization has been denied for this request."})


class Connector(MemberRoutes):
    """Answers `/v3/…` requests against one tenant, recording each in the call log."""

    def __init__(self, tenant: Tenant, log: CallLog, entra_key: SigningKey) -> None:
        self.tenant = tenant
        self.log = log
        self.entra_key = entra_key
        # Fetch the local pictures of posted cards, as Teams does (see pictures.py).
        self.check_pictures = True

    def handle(self, method: str, path: str, query: str, headers: Headers, body: bytes) -> Reply:
        """Answer one connector request (`path` starts after the service URL's `/amer`)."""
        if not self._authorized(headers.get("Authorization", "")):
            return UNAUTHORIZED
        parts = [unquote(p) for p in path.strip("/").split("/")]
        operation, args = _operation(method, parts)
        if operation is None:
            return error_reply(404, "NotFound", f"No such connector operation: {method} {path}")
        held = self.log.gate(operation)
        if held is not None:  # a test holds this operation: wait (outside every lock) for it
            held.wait(HOLD_LIMIT_SECONDS)
        fault = self.log.take_fault(operation)
        if fault is not None:
            self.log.record_failed(operation, {"path": path})
            return _fault_reply(fault.status, fault.retry_after)
        payload: Any = None
        try:
            payload = _json_body(body) if method in {"POST", "PUT"} else None
            with self.tenant.lock:
                answer = self._serve(operation, args, payload, parse_qs(query))
                self.log.record(operation, {"args": args, "body": payload})
        except ActivityRefused as error:
            self.log.record_refusal(operation, error.code, [error.message], {"body": payload})
            return error_reply(error.status, error.code, error.message)
        except Refused as error:
            return error_reply(error.status, error.code, error.message)
        self._look_at_pictures(operation, payload)
        if answer is None:  # a delete answers 200 with an empty body
            return Reply(200)
        created = operation in {"conversations.create", "activities.send", "activities.reply"}
        return Reply.of_json(201 if created else 200, answer)

    def _look_at_pictures(self, operation: str, payload: Any) -> None:
        """Record the local pictures of a posted card that would show broken (outside the lock:
        the bot's own picture route may be what answers)."""
        if not self.check_pictures or operation not in PICTURE_OPERATIONS:
            return
        for problem in broken_pictures(payload):
            self.log.record_refusal(operation, "PictureUnreachable", [problem], {"body": payload})

    def _authorized(self, header: str) -> bool:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return False
        try:
            claims = jwt.decode(
                token.strip(),
                self.entra_key.private.public_key(),
                algorithms=["RS256"],
                audience=BOT_FRAMEWORK_ISSUER,
                issuer=ENTRA_V1_ISSUER.format(tenant=self.tenant.id),
                options={"require": ["exp", "nbf", "iss", "aud"]},
            )
        except jwt.InvalidTokenError:
            return False
        if claims.get("uti") in self.tenant.revoked_tokens:
            return False
        return claims.get("appid") == self.tenant.app_id

    def _serve(
        self, operation: str, args: list[str], payload: Any, query: dict[str, list[str]]
    ) -> Any:
        if operation == "conversations.create":
            return self.create_conversation(payload)
        if operation in {"activities.send", "activities.reply"}:
            return self.send(args[0], check_activity(payload), args[1] if len(args) > 1 else None)
        if operation == "activities.update":
            return self.update(args[0], args[1], check_activity(payload))
        if operation == "activities.delete":
            return self.delete(args[0], args[1])
        return self.serve_members(operation, args, query)

    def conversation(self, conversation_id: str) -> tuple[Conversation, str | None]:
        """Return a conversation the bot is in, and the thread root its id names, or refuse."""
        channel_id, _, root = conversation_id.partition(";messageid=")
        found = self.tenant.conversations.get(channel_id)
        if found is None or (root and found.kind != CHANNEL):
            raise Refused(404, "ConversationNotFound", "Conversation not found.")
        if found.kind == CHANNEL and not self.tenant.teams[str(found.team_id)].installed:
            raise Refused(
                403, "BotNotInConversationRoster", "The bot is not part of the conversation roster."
            )
        if found.kind == PERSONAL:
            person = self.tenant.people.get(str(found.person_id))
            if person is None or not self.tenant.bot_can_reach(person):
                raise Refused(
                    403, "Forbidden", "The bot is not installed for this person any more."
                )
        if root and self.tenant.post(found.id, root) is None:
            raise Refused(404, "NotFound", f"The thread's root message {root} was not found.")
        return found, root or None

    def send(self, conversation_id: str, activity: Json, reply_to: str | None) -> Json:
        """Post an activity (a thread reply when the id or path names a root); return its id."""
        conversation, root = self.conversation(conversation_id)
        if activity.get("type") == "typing":  # shown for a moment, never kept
            return {}
        self._check_mention_targets(activity)
        if reply_to is not None and conversation.kind == CHANNEL and root is None:
            parent = self._post(conversation, reply_to)
            root = parent.root or parent.id
        post_id = self.tenant.new_message_id()
        stored = self._stamp(activity, conversation, post_id, root)
        text = str(activity.get("text") or "")
        self.tenant.posts.append(
            Post(conversation.id, post_id, self.tenant.bot_id, text, stored, root)
        )
        return {"id": post_id}

    def update(self, conversation_id: str, activity_id: str, activity: Json) -> Json:
        """Replace one of the bot's own posts in place, keeping its earlier version."""
        conversation, _ = self.conversation(conversation_id)
        post = self._own_post(conversation, activity_id)
        self._check_mention_targets(activity)
        post.history.append(post.activity)
        post.activity = self._stamp(activity, conversation, post.id, post.root)
        post.text = str(activity.get("text") or "")
        return {"id": post.id}

    def delete(self, conversation_id: str, activity_id: str) -> None:
        """Delete one of the bot's own posts."""
        conversation, _ = self.conversation(conversation_id)
        self._own_post(conversation, activity_id).deleted = True

    def _check_mention_targets(self, activity: Json) -> None:
        """Refuse a mention (in the text or a card) of someone who is not in the tenant."""
        for entity in _mention_entities(activity):
            target = str(entity["mentioned"]["id"])
            person = self.tenant.person(target)
            known = (person is not None and person.in_tenant) or target == self.tenant.bot_id
            if not known and target not in self.tenant.conversations:
                raise ActivityRefused(
                    400,
                    "BadArgument",
                    f"The mention {entity.get('text')} names {target}, who is not in this tenant.",
                )

    def _post(self, conversation: Conversation, activity_id: str) -> Post:
        post = self.tenant.post(conversation.id, activity_id)
        if post is None or post.deleted:
            raise Refused(
                404, "ActivityNotFoundInConversation", f"Activity {activity_id} was not found."
            )
        return post

    def _own_post(self, conversation: Conversation, activity_id: str) -> Post:
        post = self._post(conversation, activity_id)
        if post.author != self.tenant.bot_id:
            raise Refused(403, "Forbidden", "A bot can change only its own messages.")
        return post

    def _stamp(
        self, activity: Json, conversation: Conversation, post_id: str, root: str | None
    ) -> Json:
        conversation_id = f"{conversation.id};messageid={root}" if root else conversation.id
        return {
            **activity,
            "id": post_id,
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime()),
            "from": {"id": self.tenant.bot_id, "name": self.tenant.bot_name},
            "conversation": {"id": conversation_id, "conversationType": conversation.kind},
        }


def _mention_entities(activity: Json) -> list[Json]:
    """Return the mention entities of an activity's text and of its cards (checked shapes)."""
    entities = list(activity.get("entities") or [])
    for attachment in activity.get("attachments") or []:
        if attachment.get("contentType") == ADAPTIVE_CARD:
            entities += ((attachment.get("content") or {}).get("msteams") or {}).get("entities", [])
    return [e for e in entities if isinstance(e, dict) and e.get("type") == "mention"]


def _operation(method: str, parts: list[str]) -> tuple[str | None, list[str]]:
    """Name the connector operation a request asks for, and its path arguments."""
    lowered = [p.lower() for p in parts]
    if lowered[:1] != ["v3"]:
        return None, []
    routes: dict[tuple[str, int, str, str], str] = {
        ("POST", 2, "conversations", ""): "conversations.create",
        ("POST", 4, "conversations", "activities"): "activities.send",
        ("POST", 5, "conversations", "activities"): "activities.reply",
        ("PUT", 5, "conversations", "activities"): "activities.update",
        ("DELETE", 5, "conversations", "activities"): "activities.delete",
        ("GET", 4, "conversations", "members"): "members.list",
        ("GET", 5, "conversations", "members"): "members.get",
        ("GET", 4, "conversations", "pagedmembers"): "members.paged",
        ("GET", 4, "teams", "conversations"): "teams.conversations",
        ("GET", 3, "teams", ""): "teams.get",
    }
    key = (
        method,
        len(parts),
        lowered[1] if len(parts) > 1 else "",
        lowered[3] if len(parts) > 3 else "",
    )
    operation = routes.get(key)
    args = [parts[2], *parts[4:]] if len(parts) > 2 else []
    return operation, args


def _json_body(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8")) if body else None
    except (ValueError, UnicodeDecodeError) as error:
        raise Refused(400, "BadSyntax", "The request body is not valid JSON.") from error


def _fault_reply(status: int, retry_after: int) -> Reply:
    if status == 429:
        reply = error_reply(429, "Throttled", "Too many requests; retry after the given delay.")
        reply.headers["Retry-After"] = str(retry_after)
        return reply
    return error_reply(status, "ServiceError", "The service had a problem; try again later.")
