"""Small view helpers shared by every widget: escaping, announced status lines, a registry.

Accessibility rules live here so each widget gets them for free: status changes are text in a
``role="status"`` live region (screen readers announce them), state is spelled out in words
with a symbol, never colour alone.
"""

from __future__ import annotations

import html
import weakref
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import ipywidgets

#: Live widgets by item id, newest last. Personas and tests act on what a notebook displayed.
_LIVE: dict[str, weakref.ReferenceType] = {}

STYLE = """
<style>
.attuned-card { border: 1px solid #767676; border-radius: 6px; padding: 0.6em 0.9em; margin: 0.4em 0; max-width: 52em; }
.attuned-card p { margin: 0.3em 0; }
.attuned-cues { font-style: italic; }
.attuned .widget-radio-box label, .attuned .widget-checkbox label, .attuned .widget-label {
  white-space: normal !important; height: auto !important; line-height: 1.35; }
.attuned .widget-radio-box label { margin-bottom: 0.35em; }
.attuned .widget-radio-box label { display: flex; flex-direction: row-reverse; justify-content: flex-end;
  align-items: flex-start; gap: 0.45em; }  /* the radio before its wrapped text, not after it */
.attuned .widget-radio-box input[type="radio"] { flex: none; margin: 0.2em 0 0 0; }
.attuned .widget-radio-box { height: auto !important; }
.attuned .widget-checkbox { height: auto !important; width: 100% !important; }
.attuned .widget-checkbox label { overflow: visible !important; }
.attuned-status { font-weight: 600; }
</style>
"""


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def register(item: str, widget: Any) -> None:
    _LIVE[item] = weakref.ref(widget)


def live(item: str) -> Any | None:
    ref = _LIVE.get(item)
    return ref() if ref else None


def live_items() -> list[str]:
    return [item for item, ref in _LIVE.items() if ref() is not None]


def status_html(text: str, symbol: str = "ℹ") -> str:
    """A status line announced by screen readers; the symbol doubles the meaning, never colour."""
    return f'<div role="status" aria-live="polite" class="attuned-status">{esc(symbol)} {esc(text)}</div>'


def error_box(message: str) -> ipywidgets.HTML:
    """What a trainee sees instead of a traceback when something cannot be shown."""
    import ipywidgets as w

    return w.HTML(
        f'<div role="alert" class="attuned-card"><strong>⚠ This exercise cannot be shown.</strong>'
        f"<p>{esc(message)}</p><p>Please tell your instructor; the rest of the notebook still works.</p></div>"
    )
