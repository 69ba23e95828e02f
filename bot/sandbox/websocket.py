"""The server side of a WebSocket (RFC 6455), with the standard library only.

Just what Socket Mode needs: the opening handshake's answer, unmasked frames out, masked
frames in (text, ping, pong, close, and fragments of a message put back together).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import socket
import struct
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from io import BufferedIOBase

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
CONTINUATION, TEXT, BINARY, CLOSE, PING, PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA
GOING_AWAY, PROTOCOL_ERROR = 1001, 1002


class ProtocolError(Exception):
    """The peer broke the framing rules; the connection must be closed."""


def accept_key(key: str) -> str:
    """Return `Sec-WebSocket-Accept` for a client's `Sec-WebSocket-Key`."""
    digest = hashlib.sha1((key.strip() + GUID).encode("ascii")).digest()
    return base64.b64encode(digest).decode("ascii")


def switching_protocols(key: str) -> bytes:
    """Return the `101 Switching Protocols` answer that opens the WebSocket."""
    lines = [
        "HTTP/1.1 101 Switching Protocols",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Accept: {accept_key(key)}",
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def refusal(status: int, reason: str) -> bytes:
    """Return a plain HTTP answer that refuses the upgrade."""
    body = reason.encode("utf-8")
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n"
    return head.encode("utf-8") + b"\r\n" + body


def encode_frame(opcode: int, payload: bytes) -> bytes:
    """Return one final, unmasked frame, as a server sends them."""
    head = bytes([0x80 | opcode])
    size = len(payload)
    if size < 126:
        return head + bytes([size]) + payload
    if size < 1 << 16:
        return head + bytes([126]) + struct.pack("!H", size) + payload
    return head + bytes([127]) + struct.pack("!Q", size) + payload


@dataclass(frozen=True)
class Frame:
    """One frame received: whether it ends a message, its opcode and its unmasked payload."""

    fin: bool
    opcode: int
    payload: bytes


def read_frame(reader: BufferedIOBase) -> Frame | None:
    """Read one client frame; None when the connection ended. Client frames must be masked."""
    head = _read_exactly(reader, 2)
    if head is None:
        return None
    fin, opcode = bool(head[0] & 0x80), head[0] & 0x0F
    if not head[1] & 0x80:
        raise ProtocolError("a client frame was not masked")
    size = head[1] & 0x7F
    if size >= 126:
        extended = _read_exactly(reader, 2 if size == 126 else 8)
        if extended is None:
            return None
        size = struct.unpack("!H" if size == 126 else "!Q", extended)[0]
    mask = _read_exactly(reader, 4)
    data = _read_exactly(reader, size) if mask is not None else None
    if mask is None or data is None:
        return None
    return Frame(fin, opcode, _unmask(data, mask))


def _unmask(data: bytes, mask: bytes) -> bytes:
    # XOR as one big integer: a byte-by-byte loop is slow for large messages.
    size = len(data)
    key = (mask * (size // 4 + 1))[:size]
    return (int.from_bytes(data, "big") ^ int.from_bytes(key, "big")).to_bytes(size, "big")


def _read_exactly(reader: BufferedIOBase, size: int) -> bytes | None:
    data = reader.read(size) if size else b""
    return data if len(data) == size else None


class WebSocket:
    """One open server-side WebSocket: thread-safe sends, one reader, a clean close."""

    def __init__(self, reader: BufferedIOBase, sock: socket.socket) -> None:
        self._reader = reader
        self._sock = sock
        self._sending = threading.Lock()
        self._close_sent = False

    def send_raw(self, data: bytes) -> None:
        """Write bytes as they are (the handshake's answer)."""
        with self._sending:
            self._sock.sendall(data)

    def send(self, opcode: int, payload: bytes) -> None:
        """Send one frame; OSError when the connection is gone."""
        with self._sending:
            if self._close_sent:
                raise ConnectionError("the WebSocket is closing")
            self._sock.sendall(encode_frame(opcode, payload))

    def send_text(self, text: str) -> None:
        """Send a text message."""
        self.send(TEXT, text.encode("utf-8"))

    def messages(self) -> Iterator[tuple[int, bytes]]:
        """Yield each message and control frame until the connection ends or closes."""
        parts: list[bytes] = []
        kind = TEXT
        while (frame := read_frame(self._reader)) is not None:
            if frame.opcode >= CLOSE:
                yield frame.opcode, frame.payload
                if frame.opcode == CLOSE:
                    return
                continue
            if frame.opcode != CONTINUATION:
                kind, parts = frame.opcode, []
            parts.append(frame.payload)
            if frame.fin:
                yield kind, b"".join(parts)

    def close(self, code: int = GOING_AWAY, reason: str = "") -> None:
        """Send a close frame (once), then end the connection both ways."""
        # A send stuck on a peer that stopped reading must not hold the close up: end it anyway.
        if self._sending.acquire(timeout=1.0):
            try:
                if not self._close_sent:
                    self._close_sent = True
                    frame = encode_frame(CLOSE, struct.pack("!H", code) + reason.encode())
                    with contextlib.suppress(OSError):  # Already gone: nothing to tell the peer.
                        self._sock.sendall(frame)
            finally:
                self._sending.release()
        self.end()

    def end(self) -> None:
        """End the connection both ways without a close frame; a blocked reader sees its end."""
        with contextlib.suppress(OSError):  # Already shut down by the peer or an earlier call.
            self._sock.shutdown(socket.SHUT_RDWR)
