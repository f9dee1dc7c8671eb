"""How the commands speak when something goes wrong: one sentence, and the traceback on request.

An instructor or trainee reads one line naming the file or item and the reason. A maintainer who
needs what is behind it sets ``ATTUNED_DEBUG=1`` (or passes ``attuned --debug``): the same line is
printed, after the full traceback of the exception that caused it.
"""

from __future__ import annotations

import os
import sys
import traceback

DEBUG_VARIABLE = "ATTUNED_DEBUG"


def debug_enabled() -> bool:
    """``$ATTUNED_DEBUG`` set to anything but empty, ``0``, ``false`` or ``no``."""
    return os.environ.get(DEBUG_VARIABLE, "").strip().lower() not in ("", "0", "false", "no")


def enable_debug() -> None:
    """``attuned --debug``: as ``ATTUNED_DEBUG=1``, for this process and any it starts."""
    os.environ[DEBUG_VARIABLE] = "1"


def traceback_if_debug(exc: BaseException) -> None:
    """Print ``exc``'s traceback (and its causes) to stderr when debugging; nothing otherwise."""
    if debug_enabled():
        traceback.print_exception(exc, file=sys.stderr)


def say_error(line: str, exc: BaseException | None = None) -> None:
    """The one line on stderr, after ``exc``'s traceback when debugging."""
    if exc is not None:
        traceback_if_debug(exc)
    print(line, file=sys.stderr)
