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


SYNC_CLASS = "attuned-sync"
_MIRROR_PREFIX = "attuned-kernel-has-"


def kernel_choice_token(control: Any) -> str:
    """What the kernel holds for a choice control, in the form its DOM shows it.

    A radio group or dropdown shows its choice as the checked radio's / selected option's index;
    a checkbox as checked or not. The lab extension reads the same thing off the page.
    """
    if hasattr(control, "index"):
        return "none" if control.index is None else str(control.index)
    return "true" if control.value else "false"


def mirror_kernel_choices(root: Any, controls: list[Any]) -> None:
    """Keep classes on ``root`` naming the choice the kernel holds for each control.

    Why: ipywidgets holds back a control's newer state while an earlier update is still
    unacknowledged, but sends a button's click at once, so a quick "arrow down, Enter" could
    commit the previous choice. The course's lab extension holds a click on one of our buttons
    until, for every control marked ``attuned-sync-cN``, ``root`` carries
    ``attuned-kernel-has-cN-<what the page shows>``. Front ends without the extension behave as
    plain ipywidgets do. The classes go on the container, not the control: a kernel-side change
    to a RadioButtons model makes ipywidgets rebuild its radios, which would drop keyboard focus.
    """
    slots = {f"c{n}": control for n, control in enumerate(controls)}
    for slot, control in slots.items():
        control.add_class(SYNC_CLASS)
        control.add_class(f"{SYNC_CLASS}-{slot}")

    def update(_change: Any = None) -> None:
        keep = [c for c in root._dom_classes if not c.startswith(_MIRROR_PREFIX)]
        root._dom_classes = (*keep, *(f"{_MIRROR_PREFIX}{slot}-{kernel_choice_token(c)}" for slot, c in slots.items()))

    for control in controls:
        control.observe(update, names="index" if hasattr(control, "index") else "value")
    update()


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


def slider_with_number(slider):
    """A slider plus a linked, labelled number box.

    Stock ipywidgets sliders give their handle no accessible name (the course's lab extension
    adds one, but not every front end loads it); the number box is a real labelled input, so
    screen-reader and keyboard users can always read and set the exact value. It also replaces
    the slider's own read-out.
    """
    import ipywidgets as w

    number_type = w.BoundedIntText if isinstance(slider, w.IntSlider) else w.BoundedFloatText
    box = number_type(value=slider.value, min=slider.min, max=slider.max, step=slider.step,
                      description=f"{slider.description} (number)", style={"description_width": "0px"},
                      layout=w.Layout(width="6.5em"))
    slider.readout = False
    w.link((slider, "value"), (box, "value"))
    return w.HBox([slider, box])
