"""Which Microsoft cloud a Teams bot lives in, with the two addresses a set-up may replace."""

from __future__ import annotations

from microsoft_teams.api.auth.cloud_environment import (
    CloudEnvironment,
    from_name,
    with_overrides,
)


def cloud_for(
    name: str, *, openid_url: str | None = None, login_url: str | None = None
) -> CloudEnvironment:
    """Return the SDK's environment for `name` (public, usgov, usgovdod, china), overridden.

    `openid_url` replaces Bot Framework's OpenID metadata (its keys are the sibling `/keys`);
    `login_url` replaces Entra's login host, where outbound tokens come from. Air-gapped set-ups
    and the emulator use them; None keeps Microsoft's own address for that cloud.
    """
    return with_overrides(from_name(name), openid_metadata_url=openid_url, login_endpoint=login_url)
