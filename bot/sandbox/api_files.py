"""Emulated external file uploads: getUploadURLExternal, the upload URL, completeUploadExternal."""

from __future__ import annotations

from bot.sandbox.api_base import ApiError, optional, postable_channel, require, thread_root
from bot.sandbox.shapes import file_json
from bot.sandbox.state import Json, Message, UploadedFile, Workspace


def files_get_upload_url_external(ws: Workspace, params: Json) -> Json:
    """Reserve a file id and hand out an upload URL on the emulator itself."""
    filename = require(params, "filename")
    try:
        length = int(require(params, "length"))
    except ValueError:
        raise ApiError("invalid_arguments", "[ERROR] must be an integer: length") from None
    upload = UploadedFile(id=ws.new_id("F"), filename=filename, length=length)
    upload.alt_txt = optional(params, "alt_txt")
    ws.files[upload.id] = upload
    return {"ok": True, "upload_url": f"{ws.base_url}/upload/{upload.id}", "file_id": upload.id}


def store_upload(ws: Workspace, file_id: str, content: bytes) -> bool:
    """Keep the bytes posted to an upload URL; False when the URL is unknown."""
    upload = ws.files.get(file_id)
    if upload is None or upload.completed:
        return False
    upload.content = content
    return True


def files_complete_upload_external(ws: Workspace, params: Json) -> Json:
    """Finish uploads and share them in a channel (or thread) as one bot message."""
    uploads = [_uploaded(ws, item) for item in _file_items(params.get("files"))]
    target = optional(params, "channel_id") or _first_channel(params)
    if target is not None:
        _share(ws, uploads, target, params)
    for upload in uploads:
        upload.completed = True
    return {"ok": True, "files": [file_json(ws, upload) for upload in uploads]}


def _file_items(files: object) -> list[Json]:
    if not isinstance(files, list) or not files:
        raise ApiError("invalid_arguments", "[ERROR] missing required field: files")
    if not all(isinstance(item, dict) and item.get("id") for item in files):
        raise ApiError("invalid_arguments", "[ERROR] each file needs an id [json-pointer:/files]")
    return files


def _uploaded(ws: Workspace, item: Json) -> UploadedFile:
    upload = ws.files.get(str(item["id"]))
    if upload is None or upload.content is None or upload.completed:
        raise ApiError("file_not_found")
    upload.title = item.get("title") or upload.filename
    return upload


def _first_channel(params: Json) -> str | None:
    channels = [c for c in str(params.get("channels") or "").split(",") if c]
    return channels[0] if channels else None


def _share(ws: Workspace, uploads: list[UploadedFile], target: str, params: Json) -> None:
    channel = postable_channel(ws, target)
    thread_ts = thread_root(ws, channel.id, optional(params, "thread_ts"))
    comment = optional(params, "initial_comment") or ""
    message = Message(channel=channel.id, ts=ws.next_ts(), user=ws.bot_user_id, text=comment)
    message.bot_id, message.thread_ts = ws.bot_id, thread_ts
    message.files = [upload.id for upload in uploads]
    for upload in uploads:
        upload.channel, upload.thread_ts, upload.initial_comment = channel.id, thread_ts, comment
    ws.messages.append(message)
