"""Small view helpers shared by every widget: escaping, announced status lines, figures.

Accessibility rules live here so each widget gets them for free: status changes are text in a
``role="status"`` live region (screen readers announce them), state is spelled out in words
with a symbol, never colour alone.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import ipywidgets

STYLE = """
<style>
.attuned-card { border: 1px solid #767676; border-radius: 6px; padding: 0.6em 0.9em; margin: 0.4em 0; max-width: 52em; }
.attuned-card p { margin: 0.3em 0; }
.attuned-cues { font-style: italic; }
.attuned-status { font-weight: 600; }
</style>
"""


def esc(text: str) -> str:
    return html.escape(text, quote=True)


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


def figure_html(fig, alt: str) -> str:
    """A matplotlib figure as an ``<img>`` with alt text, so a screen reader hears what it shows.

    Drawn on a standalone ``Figure`` (no pyplot state, nothing printed by the inline backend);
    the alt text should carry the same numbers the chart does, in words.
    """
    import base64
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{esc(alt)}" style="max-width:100%">'
