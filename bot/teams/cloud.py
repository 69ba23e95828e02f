"""Which Microsoft cloud Backbone's Teams bot lives in: the SDK's `CloudEnvironment`.

Public agencies often run in the government or sovereign clouds; each has its own login host,
Bot Framework scope and OpenID metadata. Air-gapped set-ups and tests override the login URL
and the OpenID metadata URL (the emulator's), and everything else follows the named cloud.
"""

from __future__ import annotations

from microsoft_teams.api.auth.cloud_environment import (
    CHINA,
    PUBLIC,
    US_GOV,
    US_GOV_DOD,
    CloudEnvironment,
    with_overrides,
)

CLOUDS: dict[str, CloudEnvironment] = {
    "public": PUBLIC,
    "usgov": US_GOV,
    "usgovdod": US_GOV_DOD,
    "china": CHINA,
}


def cloud_for(
    name: str, *, openid_url: str | None = None, login_url: str | None = None
) -> CloudEnvironment:
    """Return a cloud by name (public, usgov, usgovdod, china), with any overrides applied."""
    base = CLOUDS.get(name.strip().lower())
    if base is None:
        raise ValueError(f"not a Teams cloud: {name!r} (say one of {', '.join(CLOUDS)})")
    return with_overrides(
        base,
        openid_metadata_url=openid_url or None,
        login_endpoint=login_url.rstrip("/") if login_url else None,
    )


def login_overridden(cloud: CloudEnvironment) -> bool:
    """Tell whether tokens come from another login host than one of Microsoft's clouds'."""
    return cloud.login_endpoint not in {known.login_endpoint for known in CLOUDS.values()}
