"""The order in which a trainee sees the options of a vignette moment or a knowledge check.

Why: when every trainee sees the options in the authored order, "the answer is usually the
second one" is a rule a cohort can learn and pass on, and a position tell in the content becomes
free points. So options are shown in an order shuffled per trainee and item, as Moodle's and
Canvas's "shuffle answers" setting does for quiz questions.

The rule, in this one place:

- Each trainee's response log holds one **order seed**: random, written once as its own event
  (``{"kind": "seed", "item": "_option_order", ...}``) the first time a widget needs it. The log
  lives beside the notebook, so the seed survives re-runs, kernel restarts and the browser, and
  travels with the submission; a log from before seeds existed simply gets one on next use.
- The options of an item are sorted by ``sha256(seed + NUL + item + NUL + option id)``. The item
  is the check id, or ``vignette id:scene id`` for a vignette moment, so each moment has its own
  order. A stable hash (never Python's ``hash()``, which changes per process) makes the order the
  same every time for the same trainee, and independent of the authored order.
- Only what is *shown* changes. The log records option ids, so grading, feedback, the portfolio
  and the reports read exactly what they read before.

Authors see the authored order in the vignette preview (``attuned.notebook.practice.preview``), and any
widget built with ``authored_order=True``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Protocol, TypeVar

from attuned.notebook.responses import LogWriteError, ResponseLog


class _HasId(Protocol):
    id: str


T = TypeVar("T", bound=_HasId)


def sort_key(seed: str, item: str, option_id: str) -> str:
    """The stable position of one option: a hex digest, compared as text."""
    return hashlib.sha256(f"{seed}\0{item}\0{option_id}".encode()).hexdigest()


def shuffled(options: Iterable[T], seed: str | None, item: str) -> list[T]:
    """``options`` in the order this seed shows them for ``item``; authored order when seed is None."""
    options = list(options)
    if seed is None:
        return options
    return sorted(options, key=lambda o: sort_key(seed, item, o.id))


def scene_item(vignette_id: str, scene_id: str) -> str:
    """The item a vignette moment's order is drawn for."""
    return f"{vignette_id}:{scene_id}"


def new_seed() -> str:
    return secrets.token_hex(8)


def trainee_seed(log: ResponseLog) -> str:
    """The seed in ``log``, writing a fresh one first if it has none.

    If the log cannot be written (read-only folder, disk full), the fresh seed is still used for
    this session: the widget then says "Not saved" on the first answer anyway, and nothing breaks.
    """
    seed = log.read().seed
    if seed is not None:
        return seed
    seed = new_seed()
    try:
        log.append_seed(seed)
    except LogWriteError:
        return seed
    # Two widgets (or kernels) may have raced to write one: the log's first seed is the seed.
    return log.read().seed or seed
