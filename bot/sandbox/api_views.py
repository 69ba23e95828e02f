"""Emulated views.* Web API methods: modals opened from triggers, and Home tabs."""

from __future__ import annotations

import copy
import time

from bot.sandbox.api_base import ApiError, find_user, optional, require
from bot.sandbox.blockkit import normalize_blocks, view_problems
from bot.sandbox.shapes import view_json
from bot.sandbox.state import Json, View, Workspace


def views_open(ws: Workspace, params: Json) -> Json:
    """Open a modal for the user a fresh, unused trigger_id belongs to.

    Triggers never expire here (Slack's expire after 3 seconds): timing belongs to benchmarks.
    """
    trigger_id = require(params, "trigger_id", "invalid_trigger_id")
    if trigger_id not in ws.triggers:
        raise ApiError("invalid_trigger_id")
    definition = _checked_view(ws, params, "modal")
    user = ws.triggers.pop(trigger_id)
    view = View(id=ws.new_id("V"), user=user, view=definition, kind="modal", hash=new_hash(ws))
    view.trigger_id, view.external_id = trigger_id, definition.get("external_id")
    ws.views[view.id] = view
    return {"ok": True, "view": view_json(ws, view)}


def views_push(ws: Workspace, params: Json) -> Json:
    """Push a modal onto the stack of the modal the trigger's person has open."""
    trigger_id = require(params, "trigger_id", "invalid_trigger_id")
    if trigger_id not in ws.triggers:
        raise ApiError("invalid_trigger_id")
    definition = _checked_view(ws, params, "modal")
    user = ws.triggers[trigger_id]
    if not any(v.kind == "modal" and v.user == user and not v.closed for v in ws.views.values()):
        # Slack pushes only onto an open modal; a trigger from a message has no stack.
        raise ApiError("invalid_trigger_id")
    ws.triggers.pop(trigger_id)
    view = View(id=ws.new_id("V"), user=user, view=definition, kind="modal", hash=new_hash(ws))
    view.trigger_id, view.external_id = trigger_id, definition.get("external_id")
    ws.views[view.id] = view
    return {"ok": True, "view": view_json(ws, view)}


def views_publish(ws: Workspace, params: Json) -> Json:
    """Publish (or replace) a user's Home tab."""
    user = find_user(ws, require(params, "user_id", "user_not_found"))
    definition = _checked_view(ws, params, "home")
    view = home_view(ws, user.id)
    if view is None:
        view = View(id=ws.new_id("V"), user=user.id, view=definition, kind="home", hash="")
        ws.views[view.id] = view
    _check_hash(view, params)
    view.view, view.hash = definition, new_hash(ws)
    return {"ok": True, "view": view_json(ws, view)}


def views_update(ws: Workspace, params: Json) -> Json:
    """Replace an open view's definition, found by view_id or external_id."""
    view = _find_view(ws, optional(params, "view_id"), optional(params, "external_id"))
    definition = _checked_view(ws, params, view.kind)
    _check_hash(view, params)
    view.view, view.hash = definition, new_hash(ws)
    return {"ok": True, "view": view_json(ws, view)}


def home_view(ws: Workspace, user_id: str) -> View | None:
    """Return the Home tab published for a user, if any."""
    for view in ws.views.values():
        if view.kind == "home" and view.user == user_id:
            return view
    return None


def _find_view(ws: Workspace, view_id: str | None, external_id: str | None) -> View:
    for view in ws.views.values():
        if view.closed:
            continue
        if view.id == view_id or (external_id is not None and view.external_id == external_id):
            return view
    raise ApiError("not_found")


def _checked_view(ws: Workspace, params: Json, kind: str) -> Json:
    view = params.get("view")
    problems = view_problems(view)
    if not problems and isinstance(view, dict) and view["type"] != kind:
        problems = [f"[ERROR] must be {kind} [json-pointer:/view/type]"]
    if problems or not isinstance(view, dict):
        raise ApiError("invalid_arguments", *problems)
    definition = copy.deepcopy(view)
    definition["blocks"] = normalize_blocks(ws, view["blocks"])
    return definition


def _check_hash(view: View, params: Json) -> None:
    given = optional(params, "hash")
    # Slack refuses an update based on a stale copy, so two writers cannot clobber each other.
    if given is not None and given != view.hash:
        raise ApiError("hash_conflict")


def new_hash(ws: Workspace) -> str:
    """Return a fresh view hash in Slack's `<epoch>.<random>` shape."""
    return f"{int(time.time())}.{ws.new_id('h')}"
