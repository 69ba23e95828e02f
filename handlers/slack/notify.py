"""Who an item concerns, for the listeners that refresh their Home tabs.

What follows an item being done lives in `bot.services.notify`; this name stays for the
listeners that still import it from here.
"""

from __future__ import annotations

from bot.services.notify import concerned

__all__ = ["concerned"]
