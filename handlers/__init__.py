"""Chat listeners, one package per platform: `handlers.slack` (Bolt) now, `handlers.teams` next."""
