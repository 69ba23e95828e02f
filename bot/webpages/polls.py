"""`/p/<code>`: a poll answered on the web (filled in below)."""

from __future__ import annotations

from bot.webpages.app import Route


def register(routes: list[Route]) -> None:
    """Add the poll pages' routes."""
