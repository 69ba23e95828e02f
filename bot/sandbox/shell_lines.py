"""What both sandbox shells do with a typed line: a command, a message, or part of a paste."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

QUIT = {":quit", ":exit", ":q"}


class TypedLines:
    """Reads typed lines; a paste (several lines) is sent as one message when it ends."""

    out: TextIO
    pasting: list[str] | None  # the lines of a paste under way
    paste_end: str

    def _act(self, line: str) -> None:
        """Do what one line says."""
        raise NotImplementedError

    def _say(self, text: str) -> None:
        """Send a text as a message of the person you are."""
        raise NotImplementedError

    def _guarded(self, act: Callable[[], None]) -> None:
        """Do one step; a mistake is explained, then the screen shows what changed."""
        raise NotImplementedError

    def run_line(self, line: str) -> bool:
        """Act on one typed line; return False when the person wants to leave."""
        if self.pasting is not None:
            return self._paste_line(line)
        line = line.strip()
        if not line:
            return True
        if line in QUIT:
            return False
        self._guarded(lambda: self._act(line))
        return True

    def _paste_line(self, line: str) -> bool:
        """Keep a pasted line, or send the whole paste as one message when it ends."""
        assert self.pasting is not None
        if line.strip() != self.paste_end:
            self.pasting.append(line.rstrip("\r\n"))
            return True
        lines, self.pasting = self.pasting, None
        while lines and not lines[-1].strip():
            lines.pop()
        if not lines:
            self.out.write("(shell) Nothing was pasted, so nothing was sent.\n")
            return True
        self._guarded(lambda: self._say("\n".join(lines)))
        return True
