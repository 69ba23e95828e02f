"""A tiny Bot Framework token issuer on 127.0.0.1: OpenID metadata, its `/keys`, signed tokens.

Real RSA keys and real RS256 signatures; every request it serves is logged, so a test can see
what Backbone fetched (and that it fetched nothing else).
"""

from __future__ import annotations

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://api.botframework.com"
METADATA_PATH = "/v1/.well-known/openidconfiguration"
KEYS_PATH = "/v1/.well-known/keys"


def _b64(value: int) -> str:
    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Key:
    """One RSA key pair and its key id."""

    kid: str
    private: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )

    def jwk(self) -> dict[str, Any]:
        numbers = self.private.public_key().public_numbers()
        return {
            "kty": "RSA",
            "use": "sig",
            "kid": self.kid,
            "n": _b64(numbers.n),
            "e": _b64(numbers.e),
        }

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.private, algorithm="RS256", headers={"kid": self.kid})


class Issuer:
    """Serves the metadata and the published keys; signs tokens for tests."""

    def __init__(self) -> None:
        self.keys = [Key("key-1")]
        self.requests: list[str] = []
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                issuer.requests.append(self.path)
                if self.path == METADATA_PATH:
                    self._send({"issuer": ISSUER, "jwks_uri": issuer.url + KEYS_PATH})
                elif self.path == KEYS_PATH:
                    self._send({"keys": [key.jwk() for key in issuer.keys]})
                else:
                    self.send_error(404)

            def _send(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.openid_url = self.url + METADATA_PATH

    def __enter__(self) -> Issuer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def rotate(self) -> Key:
        """Publish a new key in place of the old ones, as Microsoft does now and then."""
        self.keys = [Key(f"key-{len(self.requests)}-{time.monotonic_ns()}")]
        return self.keys[0]

    def token(
        self, *, app_id: str, service_url: str, key: Key | None = None, **changes: Any
    ) -> str:
        """Sign a token like Bot Framework's; `changes` replace claims (None drops one)."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": ISSUER,
            "aud": app_id,
            "serviceurl": service_url,
            "nbf": now - 5,
            "iat": now - 5,
            "exp": now + 3600,
        }
        claims.update(changes)
        return (key or self.keys[0]).sign({k: v for k, v in claims.items() if v is not None})
