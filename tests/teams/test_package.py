"""`backbone teams-package`: a zip Teams accepts, its manifest valid against Microsoft's schema."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PIL import Image

from bot.cli import main
from bot.ids import CallbackId
from bot.settings import load_settings
from bot.teams.package import SCHEMA_VERSION, build_manifest
from handlers.teams.commands import COMMANDS

SCHEMA = Path(__file__).with_name("schemas") / "MicrosoftTeams.v1.29.schema.json"
APP_ID = "8a1f0c52-7d3e-4b6a-9f21-0c5d8e7b4a13"
ENV = {
    "TEAMS_APP_ID": APP_ID,
    "TEAMS_APP_PASSWORD": "not-a-real-secret-0123",
    "TEAMS_TENANT_ID": "3c9e2f71-5a4b-4d8e-b6c0-1f2a3b4c5d6e",
    "BACKBONE_PUBLIC_URL": "https://backbone.example.org",
}


@pytest.fixture
def package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> zipfile.ZipFile:
    out = tmp_path / "backbone.zip"
    assert main(["teams-package", "--out", str(out)], env=ENV) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    return zipfile.ZipFile(out)


def manifest_of(package: zipfile.ZipFile) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(package.read("manifest.json"))
    return loaded


def test_the_package_holds_the_manifest_and_two_icons_at_its_top(
    package: zipfile.ZipFile,
) -> None:
    assert sorted(package.namelist()) == ["color.png", "manifest.json", "outline.png"]
    icons = manifest_of(package)["icons"]
    assert {icons["color"], icons["outline"]} <= set(package.namelist())


def test_the_manifest_is_valid_against_the_schema_it_names(package: zipfile.ZipFile) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    manifest = manifest_of(package)
    assert manifest["$schema"].endswith(f"/v{SCHEMA_VERSION}/MicrosoftTeams.schema.json")
    assert schema["properties"]["manifestVersion"]["const"] == manifest["manifestVersion"]
    # The schema says draft-04; draft 7 reads it the same and knows `const` too. (Not
    # check_schema: a few patterns use \p{L}, which JavaScript knows and Python's re does not;
    # none of them is on a part of the manifest Backbone writes.)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(manifest), key=str)
    assert [error.message for error in errors] == []


def test_a_wrong_manifest_is_caught_by_the_same_check() -> None:
    # The check above can fail: the schema refuses what Teams would refuse.
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    manifest = build_manifest(load_settings(ENV))
    manifest["bots"][0]["scopes"].append("everywhere")
    manifest["id"] = "not-a-guid"
    validator = jsonschema.Draft7Validator(schema)
    assert len(list(validator.iter_errors(manifest))) >= 2


def test_the_bot_its_commands_the_message_action_and_the_permission(
    package: zipfile.ZipFile,
) -> None:
    manifest = manifest_of(package)
    assert manifest["id"] == APP_ID
    (bot,) = manifest["bots"]
    assert bot["botId"] == APP_ID
    assert sorted(bot["scopes"]) == ["groupChat", "personal", "team"]
    by_scope = {scope: lst["commands"] for lst in bot["commandLists"] for scope in lst["scopes"]}
    assert set(by_scope) == {"personal", "team", "groupChat"}
    for commands in by_scope.values():
        assert len(commands) <= 10  # what Teams shows a scope
        assert {"action", "help"} <= {c["title"] for c in commands}
    assert {"decision", "poll", "digest"} <= {c["title"] for c in by_scope["team"]}
    assert "home" in {c["title"] for c in by_scope["personal"]}
    # Each is a word the router reads: picking one from the list sends a working command.
    titles = {c["title"] for commands in by_scope.values() for c in commands}
    assert titles <= set(COMMANDS)
    (extension,) = manifest["composeExtensions"]
    (command,) = extension["commands"]
    assert extension["botId"] == APP_ID
    assert command["id"] == CallbackId.MAKE_ACTION_ITEM  # what the extension's handler expects
    assert (command["title"], command["type"], command["context"], command["fetchTask"]) == (
        "Make action item", "action", ["message"], True,
    )  # fmt: skip
    assert manifest["authorization"]["permissions"]["resourceSpecific"] == [
        {"name": "ChannelMessage.Read.Group", "type": "Application"}
    ]
    assert manifest["validDomains"] == ["backbone.example.org"]


def test_the_icons_are_the_sizes_teams_asks_for(package: zipfile.ZipFile) -> None:
    color = Image.open(io.BytesIO(package.read("color.png")))
    assert (color.format, color.size) == ("PNG", (192, 192))
    outline = Image.open(io.BytesIO(package.read("outline.png"))).convert("RGBA")
    assert outline.size == (32, 32)
    raw = outline.tobytes()
    pixels = [tuple(raw[i : i + 4]) for i in range(0, len(raw), 4)]
    # White on transparent: every pixel is white (at some opacity) or fully see-through.
    assert all(p[:3] == (255, 255, 255) or p[3] == 0 for p in pixels)
    assert any(p[3] == 0 for p in pixels) and any(p[3] == 255 for p in pixels)


@pytest.mark.parametrize(
    ("missing", "named"),
    [("TEAMS_APP_ID", "TEAMS_APP_ID"), ("BACKBONE_PUBLIC_URL", "BACKBONE_PUBLIC_URL is not set")],
)
def test_a_missing_setting_is_named_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], missing: str, named: str
) -> None:
    env = {k: v for k, v in ENV.items() if k != missing}
    if missing == "TEAMS_APP_ID":
        env = {"BACKBONE_PUBLIC_URL": ENV["BACKBONE_PUBLIC_URL"]}
    assert main(["teams-package", "--out", str(tmp_path / "x.zip")], env=env) == 2
    err = capsys.readouterr().err
    assert named in err and err.count("\n") == 1
    assert not (tmp_path / "x.zip").exists()


def test_the_privacy_and_terms_pages_can_be_named(tmp_path: Path) -> None:
    out = tmp_path / "p.zip"
    argv = [
        "teams-package",
        "--out",
        str(out),
        "--privacy-url",
        "https://county.example.gov/privacy",
    ]
    assert main([*argv, "--terms-url", "https://county.example.gov/terms"], env=ENV) == 0
    developer = manifest_of(zipfile.ZipFile(out))["developer"]
    assert developer["privacyUrl"] == "https://county.example.gov/privacy"
    assert developer["termsOfUseUrl"] == "https://county.example.gov/terms"
