"""Anonymous ballots: one vote per person, without keeping who voted for what.

How a ballot is keyed
    voter = HMAC-SHA256(poll_key, f"{team_id}:{poll_id}:{user_id}")
    poll_key = HMAC-SHA256(server_key, salt)

`salt` is 32 random bytes made for each anonymous poll and stored on the poll row while it is
open. `server_key` is derived from a secret the server has and the database does not (the Slack
signing secret, or the app token in Socket Mode); it is never stored. A ballot row holds only the
poll, the `voter` hash and the chosen options: no user id, no time, no sequence number.

What that protects, and what it does not
- After the poll closes, the salt and the ballots are deleted and only the counts are kept
  (none at all under 3 voters), and the deleted bytes are scrubbed from the database files
  (storage/polls.py `scrub_deleted`): nothing left in the database can link a vote to a
  person, even for someone holding both the database and the server's secrets. Backups taken
  while it was open, and PostgreSQL's WAL, are the exceptions (docs/security.md).
- While the poll is open, someone with a copy of the database alone cannot test "did Maria vote
  B?", because the hash also needs the server key. Someone with the database AND the server's
  secret could recompute the hash of each member, one by one, and read their votes. So could
  anyone who changes Backbone's code while it runs (the server sees the clicker's id to check one
  vote per person). A database backup taken while a poll is open keeps that poll's salt.
- With no signing secret or app token configured, the server key is empty and the database
  alone is enough to test members one by one while the poll is open.
- Rotating the signing secret while an anonymous poll is open changes every hash: people could
  then vote once more in that poll.
- Running counts (when the poll is not `hidden`, and only once 3 people have voted) change
  soon after a vote; someone who watches the poll and knows who just clicked can still give a
  vote away. `hidden` polls show nothing until they close.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

KEY_CONTEXT = b"backbone anonymous poll ballots v1"


def server_key(secret: str | None) -> bytes:
    """Derive the server-side ballot key from a secret the database never holds."""
    if not secret:
        return b""
    return hmac.new(secret.encode(), KEY_CONTEXT, hashlib.sha256).digest()


def new_salt() -> str:
    """Return a fresh random salt for one poll, as hex."""
    return secrets.token_hex(32)


def voter_hash(*, key: bytes, salt: str, team_id: str, poll_id: int, user_id: str) -> str:
    """Return the keyed hash that stands for one person in one poll's ballots."""
    poll_key = hmac.new(key, bytes.fromhex(salt), hashlib.sha256).digest()
    message = f"{team_id}:{poll_id}:{user_id}".encode()
    return hmac.new(poll_key, message, hashlib.sha256).hexdigest()


def toggled(chosen: list[int], option: int, *, multi: bool) -> list[int]:
    """Return a ballot's options after a click: single choice replaces, multi toggles."""
    if not multi:
        return [option]
    if option in chosen:
        return [o for o in chosen if o != option]
    return sorted([*chosen, option])
