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
from bot.services.export import CSV_COLUMNS
from bot.services.export_cycles import CYCLE_COLUMNS
from tests.support.harness import JOE, MARIA, Harness

BACKBONE = Path(sys.executable).with_name("backbone")
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


@pytest.mark.parametrize(
    ("fmt", "printed"),
    [
        (
            "json",
            '{\n  "actions": [],\n  "decisions": [],\n  "polls": [],\n  "goals": [],\n'
            '  "north_stars": [],\n  "cycles": []\n}\n',
        ),
        ("csv", ",".join(CSV_COLUMNS) + "\n"),  # the csv module's \r\n, read as text
    ],
)
def test_export_with_nothing_yet_prints_an_empty_document(
    tmp_path: Path, fmt: str, printed: str
) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.db'}"
    done = subprocess.run(
        [str(BACKBONE), "export", "--format", fmt],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, printed, "")
    if fmt == "json":
        assert json.loads(done.stdout) == {
            "actions": [],
            "decisions": [],
            "polls": [],
            "goals": [],
            "north_stars": [],
            "cycles": [],
        }


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
        # Beside PRODUCT.md's fields: names, plain words, closing, history.
        "title_plain": "Call the shelter",
        "owner_names": ["Joe Tran"],
        "creator_name": "Maria Lopez",
        "channel_name": None,
        "note": None,
        "closed_by": None,
        "closed_by_name": None,
        "history": [
            {
                "at": "2026-11-24T15:00:00+00:00",
                "kind": "created",
                "by": MARIA,
                "by_name": "Maria Lopez",
                "detail": first["history"][0]["detail"],
            }
        ],
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


def csv_rows(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert all(list(row) == CSV_COLUMNS for row in rows)
    return rows


def test_the_csv_export_is_what_a_spreadsheet_can_trust(backbone: Harness, capsys) -> None:
    # As Slack sends them: `&` escaped, a labelled link, a mention.
    backbone.command(
        "Ask <@UJOE> and VA &amp; HUD about <https://hud.gov/vash|the VASH page> by Friday"
    )
    backbone.command("=cmd|' /C calc'!A0 Send notes tomorrow 3pm")
    backbone.command("done A-1 VA &amp; HUD said yes, see <https://hud.gov/ok>", user=JOE)
    backbone.command("Landlords meet 1st Tuesday", command="/decision")
    env = {"DATABASE_URL": backbone.database_url}
    code, out, _ = run_cli(capsys, "export", "--format", "csv", env=env)
    rows = csv_rows(out)
    assert code == 0 and all(row.pop("source").startswith("https://") for row in rows)
    at = "2026-11-24T15:00:00+00:00"
    common = {"creator": MARIA, "creator_name": "Maria Lopez", "channel": "CCASE", "results": ""}
    common |= {"channel_name": "", "created_at": at}
    common |= dict.fromkeys(CYCLE_COLUMNS, "")  # a test of change's own columns
    assert rows == [
        {
            **common,
            "type": "action",
            "code": "A-1",
            "title": "Ask @Joe Tran and VA & HUD about the VASH page (https://hud.gov/vash)",
            "owners": JOE,
            "owner_names": "Joe Tran",
            "due": "2026-11-27",
            "status": "done",
            "done_at": at,
            "closed_by": JOE,
            "closed_by_name": "Joe Tran",
            "note": "VA & HUD said yes, see https://hud.gov/ok",
            "history": f"{at} created by Maria Lopez\n"
            f"{at} done by Joe Tran (note: VA & HUD said yes, see https://hud.gov/ok)",
        },
        {
            **common,
            "type": "action",
            "code": "A-2",
            "title": "'=cmd|' /C calc'!A0 Send notes",  # a formula no more
            "owners": MARIA,
            "owner_names": "Maria Lopez",
            "due": "2026-11-25T15:00:00-05:00",
            "status": "open",
            "done_at": "",
            "closed_by": "",
            "closed_by_name": "",
            "note": "",
            "history": f"{at} created by Maria Lopez",
        },
        {
            **common,
            "type": "decision",
            "code": "D-1",
            "title": "Landlords meet 1st Tuesday",
            "owners": "",
            "owner_names": "",
            "due": "",
            "status": "",
            "done_at": "",
            "closed_by": "",
            "closed_by_name": "",
            "note": "",
            "history": "",
        },
    ]


def test_export_keeps_the_dates_and_the_channel_asked_for(backbone: Harness, capsys) -> None:
    from datetime import timedelta

    backbone.emulator.add_channel("COUTREACH", "outreach", members=(MARIA, JOE))
    backbone.command("Call the shelter")  # Tue Nov 24, 10:00 in New York
    backbone.clock.now += timedelta(days=2)
    backbone.command("Book the van", channel="COUTREACH")  # Thu Nov 26
    backbone.command("Vans go out on Thursdays", channel="COUTREACH", command="/decision")
    backbone.clock.now += timedelta(days=5)
    backbone.command("Send the by-name list")  # Tue Dec 1

    def codes(*argv: str) -> list[str]:
        env = {"DATABASE_URL": backbone.database_url, "BACKBONE_TIMEZONE": "America/New_York"}
        code, out, err = run_cli(capsys, "export", *argv, env=env)
        assert (code, err) == (0, "")
        return [r["code"] for kind in ("actions", "decisions") for r in json.loads(out)[kind]]

    assert codes() == ["A-1", "A-2", "A-3", "D-1"]
    assert codes("--since", "2026-11-25") == ["A-2", "A-3", "D-1"]
    assert codes("--until", "2026-11-26") == ["A-1", "A-2", "D-1"]  # the whole day counts
    assert codes("--since", "2026-11-25", "--until", "2026-11-30") == ["A-2", "D-1"]
    assert codes("--since", "2026-11-26T16:00:00+00:00") == ["A-3"]  # an instant is exact
    assert codes("--channel", "COUTREACH") == ["A-2", "D-1"]
    assert codes("--channel", "CCASE", "--until", "2026-11-30") == ["A-1"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--since", "last week"], "“last week” is not a date; write it like 2026-11-30"),
        (["--since", "2026-12-01", "--until", "2026-11-01"], "--until comes before --since"),
        (["--channel", "#nowhere"], "Backbone does not know a channel called #nowhere"),
        (["--team", "T0SANDBOX", "--sandbox"], "there is no sandbox in this folder yet"),
    ],
)
def test_export_options_that_cannot_be_read_say_so(
    backbone: Harness, capsys, tmp_path: Path, monkeypatch, argv: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    backbone.command("Call the shelter")
    env = {"DATABASE_URL": backbone.database_url}
    try:
        code, out, err = run_cli(capsys, "export", *argv, env=env)
    except SystemExit as stop:  # argparse's own refusal: usage and one line
        code, (out, err) = int(str(stop.code)), capsys.readouterr()
    assert code == 2 and out == "" and message in err and "Traceback" not in err


# Cells as people type them, and as attackers do (OWASP's CSV injection list).
HOSTILE_CELLS = [
    ("=1+1", "'=1+1"),  # why: a formula
    ('=HYPERLINK("http://x","click")', '\'=HYPERLINK("http://x","click")'),  # why: a link
    ("+1 555 0100 call back", "'+1 555 0100 call back"),  # why: a phone number read as a sum
    ("-2+3", "'-2+3"),  # why: a minus starts a formula too
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),  # why: Lotus-style @ functions
    ("@Maria Lopez to call", "'@Maria Lopez to call"),  # why: a plain title starting with a name
    ("\t=1+1", "'\t=1+1"),  # why: a tab before the formula
    ("\r=1+1", "'\r=1+1"),  # why: a carriage return before it
    ("\uff1d1+1", "'\uff1d1+1"),  # why: a full-width equals sign
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),  # why: DDE, the classic attack
    ("Call the VA = yes", "Call the VA = yes"),  # why: an equals sign inside is harmless
    ("3 beds - held", "3 beds - held"),  # why: a dash inside is harmless
    ("'quoted already", "'quoted already"),  # why: an apostrophe start is left as typed
    ("", ""),  # why: an empty cell stays empty
]


@pytest.mark.parametrize(("typed", "cell"), HOSTILE_CELLS)
def test_no_cell_starts_a_formula(typed: str, cell: str) -> None:
    from bot.services.export import to_csv

    poll = {"code": "P-1", "question": typed, "options": ["a", "b"], "counts": None}
    poll |= {"closed_at": None, "channel": "C1", "creator": typed, "created_at": typed}
    text = to_csv({"actions": [], "decisions": [], "polls": [poll]})
    (row,) = csv_rows(text)
    assert (row["title"], row["creator"], row["created_at"]) == (cell, cell, cell)


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


def test_export_tick_and_parse_action_read_the_sandbox(tmp_path: Path) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path)}

    def backbone(*argv: str, typed: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(BACKBONE), *argv],
            input=typed,
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    # A newcomer's first minutes in the shell, on a Tuesday noon far ahead of any real clock.
    typed = ":time 2030-01-08 12:00\n/action Call the VA @joe by Wednesday\n"
    assert backbone("shell", "--fresh", typed=typed).returncode == 0

    exported = backbone("export", "--sandbox", "--format", "csv", "--channel", "#case-conferencing")
    rows = csv_rows(exported.stdout)
    assert (exported.returncode, exported.stderr) == (0, "")
    assert [
        (r["code"], r["title"], r["owner_names"], r["channel_name"], r["due"]) for r in rows
    ] == [("A-1", "Call the VA", "Joe Tran", "case-conferencing", "2030-01-09")]

    read = backbone("parse-action", "--sandbox", "Send the list to @ana tomorrow")
    assert json.loads(read.stdout) == {
        "owners": ["UANA"],
        "title": "Send the list to <@UANA|ana>",  # the mention ends the sentence: it stays
        "due": "2030-01-09",  # the sandbox's tomorrow, in @maria's zone
    }

    ticked = backbone("tick", "--sandbox", "--now", "2030-01-09T17:30:00+00:00")
    assert ticked.returncode == 0
    assert ticked.stdout.splitlines()[0] == (
        "DM with @joe  Backbone: ⏰ A-1 Call the VA — Due today (Wed Jan 9)."
    )
    assert "backbone: sent 1 reminder(s);" in ticked.stdout
    again = backbone("tick", "--sandbox", "--now", "2030-01-09T17:00:00+00:00")
    assert again.returncode == 2
    assert again.stderr.startswith("backbone: the sandbox's clock already says 2030-01-09T17:30")
