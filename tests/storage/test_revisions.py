"""The schema check every start makes: read without Alembic, and Alembic whenever there is work."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from storage import migrate
from storage.db import make_engine
from storage.migrate import alembic_config, current_revision, head_revision, upgrade
from storage.revisions import (
    SchemaFromNewerCode,
    bring_up_to_date,
    known_revisions,
    revisions_in,
    stored_revisions,
)


def alembic_chain(engine: Engine) -> list[str]:
    """Every revision as Alembic walks them, oldest first."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config(engine))
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def test_the_files_are_read_as_alembic_reads_them(engine: Engine) -> None:
    known = known_revisions()
    assert known is not None
    assert list(known) == alembic_chain(engine)
    assert known[-1] == head_revision(engine)


def test_a_database_at_the_newest_revision_runs_no_migrations(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> None:
        raise AssertionError("Alembic ran for a database already up to date")

    monkeypatch.setattr(migrate, "upgrade", refuse)
    assert stored_revisions(engine) == {head_revision(engine)}
    bring_up_to_date(engine)


def test_a_new_database_gets_every_migration(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'new.db'}")
    assert stored_revisions(engine) == set()
    bring_up_to_date(engine)
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()


def test_an_older_database_is_brought_up_to_date(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0010")
    bring_up_to_date(engine)
    assert current_revision(engine) == head_revision(engine)
    engine.dispose()


def test_a_database_a_newer_backbone_migrated_is_left_alone(engine: Engine) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9001'"))
    with pytest.raises(SchemaFromNewerCode) as raised:
        bring_up_to_date(engine)
    assert (raised.value.revision, raised.value.head) == ("9001", head_revision(engine))
    assert stored_revisions(engine) == {"9001"}


def migration(folder: Path, name: str, header: str) -> None:
    (folder / f"{name}.py").write_text(
        f'"""{name}"""\n\n{header}\n\n\ndef upgrade() -> None: ...\n'
    )


def test_the_chain_is_read_in_order_with_or_without_annotations(tmp_path: Path) -> None:
    migration(tmp_path, "b", 'revision: str = "b"\ndown_revision: str | None = "a"')
    migration(tmp_path, "a", 'revision = "a"\ndown_revision = None')
    migration(tmp_path, "c", 'revision = "c"\ndown_revision = "b"')
    assert revisions_in(tmp_path) == ("a", "b", "c")


@pytest.mark.parametrize(
    "headers",
    [
        # why: two heads (two branches off one revision): only Alembic knows what to do
        ['revision = "a"\ndown_revision = None', 'revision = "b"\ndown_revision = "a"',
         'revision = "c"\ndown_revision = "a"'],
        # why: a merge revision names two parents
        ['revision = "a"\ndown_revision = None', 'revision = "m"\ndown_revision = ("a", "b")'],
        # why: a revision whose parent is missing
        ['revision = "a"\ndown_revision = None', 'revision = "c"\ndown_revision = "b"'],
        # why: a file whose revision is not a plain string
        ['revision = "a"\ndown_revision = None', "revision = make_id()\ndown_revision = 'a'"],
        # why: no migrations at all
        [],
    ],
)  # fmt: skip
def test_anything_but_one_plain_chain_is_left_to_alembic(
    tmp_path: Path, headers: list[str]
) -> None:
    for n, header in enumerate(headers):
        migration(tmp_path, f"m{n}", header)
    assert revisions_in(tmp_path) is None
