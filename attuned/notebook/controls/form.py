"""A course form: labelled fields and buttons whose every press carries the values the page shows.

Why this exists: with stock ipywidgets a choice travels to the kernel as a state update and the
button's click as a separate message, and ipywidgets may hold the update back while sending the
click at once, so "arrow down, Enter" could commit the previous choice. Here the front end
(``form.js``) sends one custom message per press, ``{"event": <button>, "values": {...}}``, and
the handler registered with :meth:`CourseForm.on_press` receives exactly those values. The kernel
never reads a choice from widget state it might not have received yet: the race cannot happen.

State flows one way: the kernel sets ``fields``, ``values`` and ``buttons``; the page shows them,
keeps the trainee's picks locally and sends them only with a press. :meth:`CourseForm.press` is
the Python twin of a press (tests and simulated trainees use it): it calls the same handler with
the kernel's values, the path a front-end message lands in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import anywidget
import traitlets

HERE = Path(__file__).resolve().parent
Values = dict[str, Any]
Handler = Callable[[Values], None]


def radio_field(name: str, label: str, options: Sequence[tuple[str, str]] = ()) -> dict[str, Any]:
    """One choice of several: an ARIA radio group of native radios (arrow keys move and select)."""
    return {"name": name, "kind": "radio", "label": label, "options": [list(o) for o in options],
            "hidden": False, "disabled": False}


def checkbox_field(name: str, label: str, options: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Every answer that applies: a labelled group of checkboxes; the value is a list of ids."""
    return {"name": name, "kind": "checkbox", "label": label, "options": [list(o) for o in options],
            "hidden": False, "disabled": False}


def select_field(name: str, label: str, options: Sequence[tuple[str, int]], placeholder: str) -> dict[str, Any]:
    """A native drop-down list with a visible label; ``placeholder`` stands for "nothing chosen"."""
    return {"name": name, "kind": "select", "label": label, "options": [list(o) for o in options],
            "placeholder": placeholder, "hidden": False, "disabled": False}


def textarea_field(name: str, label: str, placeholder: str = "", rows: int = 4,
                   described_by: str | None = None) -> dict[str, Any]:
    """A labelled text area; ``described_by`` names the id of the help text a screen reader adds.

    Its ``error`` (set with :meth:`CourseForm.update_field`, None when all is well) is shown under
    the box in words, marks the box invalid and joins its description, so the reason a press was
    refused is read again whenever the trainee returns to the box.
    """
    return {"name": name, "kind": "textarea", "label": label, "placeholder": placeholder, "rows": rows,
            "described_by": described_by, "error": None, "hidden": False, "disabled": False}


def button(name: str, label: str, tooltip: str = "", requires: str | None = None) -> dict[str, Any]:
    """A button; with ``requires`` it is disabled until that field has a value on the page."""
    return {"name": name, "label": label, "tooltip": tooltip, "requires": requires, "hidden": False, "disabled": False}


def _filled(value: Any) -> bool:
    return value not in (None, "", [])


def _as_kind(kind: str, value: Any) -> Any:
    """A value from the page in the shape its field holds; anything else counts as nothing chosen.

    The handlers then check it against the content (an unknown option id is a sentence to the
    trainee), so a stray or hand-made message can never raise inside the kernel.
    """
    if kind == "checkbox":
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    if kind == "textarea":
        return value if isinstance(value, str) else ""
    if kind == "select":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return value if isinstance(value, str) else None


class CourseForm(anywidget.AnyWidget):
    """Fields and buttons drawn by ``form.js``; a press sends the values on screen with it."""

    _esm = HERE / "form.js"
    _css = HERE / "controls.css"
    fields = traitlets.List(traitlets.Dict()).tag(sync=True)
    values = traitlets.Dict().tag(sync=True)
    buttons = traitlets.List(traitlets.Dict()).tag(sync=True)

    def __init__(self, fields: Sequence[dict[str, Any]], buttons: Sequence[dict[str, Any]], **kwargs: Any) -> None:
        empty = {"checkbox": [], "textarea": ""}
        super().__init__(fields=list(fields), buttons=list(buttons),
                         values={f["name"]: empty.get(f["kind"]) for f in fields}, **kwargs)
        self._handlers: dict[str, Handler] = {}
        self.on_msg(self._on_front_end_message)

    # -- reading and changing what the page shows -------------------------------------------------
    def field(self, name: str) -> dict[str, Any]:
        return dict(self._find(self.fields, name))

    def button(self, name: str) -> dict[str, Any]:
        return dict(self._find(self.buttons, name))

    def value(self, name: str) -> Any:
        return self.values.get(name)

    def set_value(self, name: str, value: Any) -> None:
        self._find(self.fields, name)
        self.values = {**self.values, name: value}

    def update_field(self, name: str, **changes: Any) -> None:
        self._find(self.fields, name)
        self.fields = [{**f, **changes} if f["name"] == name else f for f in self.fields]

    def update_button(self, name: str, **changes: Any) -> None:
        self._find(self.buttons, name)
        self.buttons = [{**b, **changes} if b["name"] == name else b for b in self.buttons]

    def enabled(self, name: str, values: Values | None = None) -> bool:
        """Whether ``name`` can be pressed with ``values`` (default: the kernel's): form.js's rule."""
        spec = self._find(self.buttons, name)
        values = self.values if values is None else values
        if spec.get("disabled") or spec.get("hidden"):
            return False
        return spec.get("requires") is None or _filled(values.get(spec["requires"]))

    # -- presses ----------------------------------------------------------------------------------
    def on_press(self, name: str, handler: Handler) -> None:
        """Call ``handler(values)`` when ``name`` is pressed, with the values shown at that moment."""
        self._find(self.buttons, name)
        self._handlers[name] = handler

    def press(self, name: str, values: Values | None = None) -> bool:
        """What a press does (the Python twin). False if the button cannot be pressed with these values."""
        values = dict(self.values if values is None else values)
        if not self.enabled(name, values) or name not in self._handlers:
            return False
        self._handlers[name](values)
        return True

    def _on_front_end_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """A press from the page. Anything malformed or stale is ignored: the page only sends presses."""
        if not isinstance(content, dict) or not isinstance(content.get("values"), dict):
            return
        name = content.get("event")
        if not isinstance(name, str) or not any(b["name"] == name for b in self.buttons):
            return
        sent = content["values"]
        self.press(name, {f["name"]: _as_kind(f["kind"], sent.get(f["name"])) for f in self.fields})

    @staticmethod
    def _find(specs: list[dict[str, Any]], name: str) -> dict[str, Any]:
        for spec in specs:
            if spec["name"] == name:
                return spec
        raise KeyError(f"this form has no field or button called {name!r}")
