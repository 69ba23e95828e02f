"""The `backbone` command: parse-action, export, db upgrade, and clear lines for bad settings."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from tests.support.harness import JOE, MARIA, Harness

NOW = "2026-11-24T15:00:00+00:00"  # Tuesday, 10:00 in New York


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str, env: dict[str, str] | None = None):
    code = main(list(argv), env=env or {})
    out, err = capsys.readouterr()
    return code, out, err


# Every phrase PRODUCT.md lists, read on Tuesday 2026-11-24 10:00 in New York.
PRODUCT_PHRASES = [
    ("Call the shelter by Friday", "Call the shelter", "2026-11-27"),
    ("Send report due 12/5", "Send report", "2026-12-05"),
    ("Book room on Dec 5", "Book room", "2026-12-05"),
    ("Call landlord tomorrow", "Call landlord", "2026-11-25"),
    ("Call landlord tomorrow 3pm", "Call landlord", "2026-11-25T15:00:00-05:00"),
    ("Review list next Tuesday", "Review list", "2026-12-01"),
    ("Draft MOU in 2 weeks", "Draft MOU", "2026-12-08"),
    ("Send notes EOD", "Send notes", "2026-11-24T17:00:00-05:00"),
    ("Send notes EOW", "Send notes", "2026-11-27T17:00:00-05:00"),
    ("Close books end of month", "Close books", "2026-11-30"),
    ("Plan retreat next week", "Plan retreat", "2026-11-30"),
    ("File form by 2026-12-15", "File form", "2026-12-15"),
]


@pytest.mark.parametrize(("text", "title", "due"), PRODUCT_PHRASES)
def test_parse_action_reads_every_phrase_in_the_product_spec(capsys, text, title, due) -> None:
    code, out, _ = run_cli(capsys, "parse-action", text, "--now", NOW, "--tz", "America/New_York")
    assert code == 0
    assert json.loads(out) == {"owners": [], "title": title, "due": due}


def test_parse_action_reports_owners_in_both_mention_forms(capsys) -> None:
    text = "<@UJOE|joe> and <@UPAT> call the shelter by Friday"
    _, out, _ = run_cli(capsys, "parse-action", text, "--now", NOW, "--tz", "America/New_York")
    assert json.loads(out) == {
        "owners": ["UJOE", "UPAT"],
        "title": "call the shelter",
        "due": "2026-11-27",
    }


def test_parse_action_explains_an_unreadable_date_in_one_line(capsys) -> None:
    code, out, err = run_cli(capsys, "parse-action", "Call due 13/45", "--now", NOW)
    assert (code, out) == (1, "")
    assert err.startswith("backbone: I couldn't read") and err.count("\n") == 1


def test_parse_action_refuses_an_unknown_zone(capsys) -> None:
    code, _, err = run_cli(capsys, "parse-action", "x", "--tz", "Nowhere/Land")
    assert code == 2
    assert "--tz “Nowhere/Land” is not a time zone name" in err


@pytest.mark.parametrize(
    ("env", "argv", "message"),
    [
        ({}, ["serve"], "SLACK_BOT_TOKEN is not set"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, ["serve"], "SLACK_SIGNING_SECRET is not set"),
        ({"SLACK_BOT_TOKEN": "xoxb-1"}, ["serve", "--socket"], "SLACK_APP_TOKEN is not set"),
        ({"PORT": "http"}, ["serve"], "PORT should be a number"),
        ({"DATABASE_URL": "oracle://x"}, ["db", "upgrade"], "DATABASE_URL should point to"),
    ],
)
def test_missing_or_wrong_settings_give_one_line_and_exit_2(capsys, env, argv, message) -> None:
    code, _, err = run_cli(capsys, *argv, env=env)
    assert code == 2
    assert message in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_the_installed_command_prints_no_traceback(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    backbone = Path(sys.executable).with_name("backbone")
    done = subprocess.run(
        [str(backbone), "serve"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.startswith("backbone: SLACK_BOT_TOKEN is not set.")
    assert "Traceback" not in done.stderr


def test_a_dot_env_file_is_read_and_the_environment_wins(tmp_path: Path, monkeypatch, capsys):
    (tmp_path / ".env").write_text("PORT=abc\nBACKBONE_TIMEZONE=Mars/Base\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(capsys, "db", "upgrade", env={"BACKBONE_TIMEZONE": "UTC"})
    assert code == 2 and "PORT should be a number" in err


def test_db_upgrade_creates_the_database(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    code, out, _ = run_cli(capsys, "db", "upgrade", env={"DATABASE_URL": url})
    assert (code, out) == (0, "backbone: the database is up to date.\n")
    assert (tmp_path / "fresh.db").exists()


def test_export_with_nothing_yet_says_so(tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    code, _, err = run_cli(capsys, "export", env={"DATABASE_URL": url})
    assert code == 2 and "nothing to export yet" in err


def test_export_json_and_csv_hold_every_item(backbone: Harness, capsys) -> None:
    backbone.command("Call the shelter <@UJOE> by Friday")
    backbone.command("Send notes tomorrow 3pm")
    backbone.command("done A-2 sent to the group")
    env = {"DATABASE_URL": backbone.database_url}
    code, out, _ = run_cli(capsys, "export", env=env)
    assert code == 0
    records = json.loads(out)
    first, second = records["actions"]
    assert first == {
        "code": "A-1",
        "title": "Call the shelter",
        "owners": [JOE],
        "creator": MARIA,
        "channel": "CCASE",
        "due": "2026-11-27",
        "status": "open",
        "created_at": "2026-11-24T15:00:00+00:00",
        "done_at": None,
        "source": first["source"],
    }
    assert first["source"].startswith("https://")
    assert (second["due"], second["status"]) == ("2026-11-25T15:00:00-05:00", "done")
    assert (records["decisions"], records["polls"]) == ([], [])
    _, out, _ = run_cli(capsys, "export", "--format", "csv", env=env)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["type"], r["code"], r["owners"], r["status"]) for r in rows] == [
        ("action", "A-1", JOE, "open"),
        ("action", "A-2", MARIA, "done"),
    ]


def test_db_backup_copies_a_live_database(backbone: Harness, capsys, tmp_path: Path) -> None:
    if not backbone.database_url.startswith("sqlite"):
        code, _, err = run_cli(
            capsys,
            "db",
            "backup",
            str(tmp_path / "b.db"),
            env={"DATABASE_URL": backbone.database_url},
        )
        assert code == 2 and "pg_dump" in err
        return
    backbone.command("Call the shelter <@UJOE> by Friday")
    target = tmp_path / "copy.db"
    code, out, _ = run_cli(
        capsys, "db", "backup", str(target), env={"DATABASE_URL": backbone.database_url}
    )
    assert code == 0 and out.startswith("backbone: backed up")
    code, out, _ = run_cli(capsys, "export", env={"DATABASE_URL": f"sqlite:///{target}"})
    assert [a["code"] for a in json.loads(out)["actions"]] == ["A-1"]
    code, _, err = run_cli(
        capsys, "db", "backup", str(target), env={"DATABASE_URL": backbone.database_url}
    )
    assert code == 2 and "already exists" in err


def test_db_backup_explains_what_is_missing(capsys, tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'none.db'}"}
    code, _, err = run_cli(capsys, "db", "backup", str(tmp_path / "b.db"), env=env)
    assert code == 2 and "there is no database" in err
    env = {"DATABASE_URL": "postgresql+psycopg://u@h/d"}
    code, _, err = run_cli(capsys, "db", "backup", str(tmp_path / "b.db"), env=env)
    assert code == 2 and "pg_dump" in err
