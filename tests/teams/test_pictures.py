"""`GET /teams/pictures/<id>.png`: a stored picture to whoever has its unguessable address."""

from __future__ import annotations

import secrets
import urllib.error
import urllib.request

import pytest

from bot.teams.icons import color_icon
from tests.teams.conftest import TeamsServer


def get(url: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_a_stored_picture_is_served_as_a_png(teams: TeamsServer) -> None:
    picture_id, png = secrets.token_urlsafe(24), color_icon()
    teams.pictures[picture_id] = png
    status, headers, body = get(f"{teams.server.base_url}/teams/pictures/{picture_id}.png")
    assert (status, body) == (200, png)
    assert headers["Content-Type"] == "image/png"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert get(f"{teams.server.base_url}/teams/pictures/{picture_id}.png", "HEAD")[0] == 200


@pytest.mark.parametrize(
    "tail",
    [
        "unknown-but-well-shaped-id-0123.png",
        "short.png",
        "../../etc/passwd",
        "%2e%2e%2fbackbone.db",
        "{id}.jpg",
        "{id}",
        "",
    ],
)
def test_anything_else_is_not_found(teams: TeamsServer, tail: str) -> None:
    picture_id = secrets.token_urlsafe(24)
    teams.pictures[picture_id] = b"\x89PNG"
    url = f"{teams.server.base_url}/teams/pictures/{tail.format(id=picture_id)}"
    assert get(url)[0] == 404


def test_pictures_are_only_read(teams: TeamsServer) -> None:
    picture_id = secrets.token_urlsafe(24)
    teams.pictures[picture_id] = b"\x89PNG"
    assert get(f"{teams.server.base_url}/teams/pictures/{picture_id}.png", "DELETE")[0] == 405
    assert picture_id in teams.pictures
