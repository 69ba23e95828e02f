"""After an anonymous poll closes, its database files hold nothing that links a person to a choice.

Read as an attacker holding the files would read them: every byte of the SQLite database, its
write-ahead log and its shared-memory index, or on PostgreSQL every page of the ballot and poll
tables through pageinspect's `get_raw_page` (dead rows and free space included). Each test first
finds what it looks for while the poll is open, so a scan that could find nothing fails.
"""

from __future__ import annotations

import hashlib
import hmac
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bot.services.ballots import server_key, voter_hash
from storage.models import Poll
from tests.conftest import ON_POSTGRES
from tests.support.harness import ADMIN, JOE, PAT, TEAM, Harness
from tests.support.polls import click, get_poll, poll_command, start
from tests.support.records import read

QUESTION = '"Is the night shelter safe enough?" "Yes" "Mostly" "No"'
VOTES = [(JOE, [0, 2]), (PAT, [1]), (ADMIN, [2])]  # multi: Joe picked two


def vote_all(backbone: Harness) -> Poll:
    """Start an anonymous multi poll and cast everyone's ballot in it."""
    message = start(backbone, QUESTION + " anonymous multi")
    for user, options in VOTES:
        for option in options:
            click(backbone, message, option, user)
    return get_poll(backbone, 1)


def voter_hashes(backbone: Harness, poll: Poll) -> list[bytes]:
    """Each voter's hash, as the ballots store it (hex)."""
    assert poll.ballot_salt is not None
    key = server_key(backbone.settings.signing_secret)
    return [
        voter_hash(
            key=key, salt=poll.ballot_salt, team_id=TEAM, poll_id=poll.id, user_id=user
        ).encode()
        for user, _options in VOTES
    ]


def secrets_of(backbone: Harness, poll: Poll) -> list[bytes]:
    """What would link a person to a choice: ids, the salt, and each voter's hash (hex and raw)."""
    assert poll.ballot_salt is not None
    key = server_key(backbone.settings.signing_secret)
    hashes = voter_hashes(backbone, poll)
    found = [poll.ballot_salt.encode(), bytes.fromhex(poll.ballot_salt)]
    found += [user.encode() for user, _options in VOTES]
    found += hashes + [bytes.fromhex(hashed.decode()) for hashed in hashes]
    # The poll's key alone (salt under the server key) would let someone test members one by one.
    found.append(hmac.new(key, bytes.fromhex(poll.ballot_salt), hashlib.sha256).digest())
    return found


def sqlite_files(backbone: Harness) -> dict[str, bytes]:
    """Every file of the SQLite database, as bytes."""
    database = Path(str(make_url(backbone.database_url).database))
    files = [database, Path(f"{database}-wal"), Path(f"{database}-shm")]
    return {path.name: path.read_bytes() for path in files if path.exists()}


@pytest.mark.skipif(ON_POSTGRES, reason="the SQLite files; PostgreSQL's pages are tested below")
def test_sqlite_files_keep_no_ballot_after_close(backbone: Harness) -> None:
    poll = vote_all(backbone)
    looked_for = secrets_of(backbone, poll)
    while_open = b"".join(sqlite_files(backbone).values())
    hashes = voter_hashes(backbone, poll)
    assert all(hashed in while_open for hashed in hashes)  # the scan finds them while open
    assert poll.ballot_salt is not None and poll.ballot_salt.encode() in while_open

    assert poll_command(backbone, "close P-1") == (
        "🏁 P-1 is closed. Its results are in the poll's thread."
    )
    files = sqlite_files(backbone)
    for name, content in files.items():
        for secret in looked_for:
            assert secret not in content, (name, secret)
    assert get_poll(backbone, 1).results == {"counts": [1, 1, 2], "voters": 3}


@pytest.mark.skipif(ON_POSTGRES, reason="SQLite's rowid")
def test_sqlite_ballots_have_no_rowid_to_order_them(backbone: Harness) -> None:
    vote_all(backbone)
    schema = read(
        backbone,
        lambda s: s.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'poll_ballots'")
        ).scalar_one(),
    )
    assert schema.rstrip().endswith("WITHOUT ROWID")
    columns = read(
        backbone,
        lambda s: [row[1] for row in s.execute(text("PRAGMA table_info(poll_ballots)"))],
    )
    assert columns == ["poll_id", "voter", "team_id", "options"]  # no id, no time


def raw_pages(backbone: Harness, table: str) -> bytes:
    """Every page of a table's main fork as PostgreSQL holds it, dead rows and free space too."""

    def pages(session: Session) -> bytes:
        run = session.execute
        run(text("CREATE EXTENSION IF NOT EXISTS pageinspect"))
        size = run(text("SELECT pg_relation_size(:t)"), {"t": table}).scalar_one()
        found = [
            bytes(run(text("SELECT get_raw_page(:t, 'main', :n)"), {"t": table, "n": n}).one()[0])
            for n in range(size // 8192)
        ]
        return b"".join(found)

    return read(backbone, pages)


@pytest.mark.serial  # why: VACUUM frees pages only when no other test holds a snapshot
@pytest.mark.skipif(not ON_POSTGRES, reason="PostgreSQL's pages")
def test_postgres_pages_keep_no_ballot_after_close(backbone: Harness) -> None:
    poll = vote_all(backbone)
    looked_for = secrets_of(backbone, poll)
    hashes = voter_hashes(backbone, poll)
    while_open = raw_pages(backbone, "poll_ballots") + raw_pages(backbone, "polls")
    assert all(hashed in while_open for hashed in hashes)
    assert poll.ballot_salt is not None and poll.ballot_salt.encode() in while_open

    poll_command(backbone, "close P-1")
    # A transaction still open elsewhere (a busy machine's slow redraw) can hold the close's
    # VACUUM back; then the next tick scrubs again, as it would in production.
    backbone.settle()
    backbone.tick()
    for table in ("poll_ballots", "polls"):
        pages = raw_pages(backbone, table)
        for secret in looked_for:
            assert secret not in pages, (table, secret)
    assert raw_pages(backbone, "poll_ballots") == b""  # no page left at all
    assert get_poll(backbone, 1).results == {"counts": [1, 1, 2], "voters": 3}
