"""A labelled slider with a number box, as an anywidget component (``slider.js``).

Why not ``ipywidgets.FloatSlider``: its handle has no accessible name, and inside a notebook
its arrow keys also move the notebook to another cell. ``slider.js`` draws a native range input
named by its visible label, plus a number box named "<label> (number)" for the exact value, and
keeps the keys it uses to itself. ``value`` is synced both ways like any ipywidgets value, so
``observe(..., names="value")`` works as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import anywidget
import traitlets

HERE = Path(__file__).resolve().parent


class LabelledSlider(anywidget.AnyWidget):
    _esm = HERE / "slider.js"
    _css = HERE / "controls.css"
    value = traitlets.Float(0.0).tag(sync=True)
    min = traitlets.Float(0.0).tag(sync=True)
    max = traitlets.Float(1.0).tag(sync=True)
    step = traitlets.Float(0.1).tag(sync=True)
    description = traitlets.Unicode("").tag(sync=True)
    disabled = traitlets.Bool(False).tag(sync=True)

    def __init__(self, value: float, *, min: float, max: float, step: float, description: str,
                 **kwargs: Any) -> None:
        super().__init__(value=value, min=min, max=max, step=step, description=description, **kwargs)

    @traitlets.validate("value")
    def _clamp(self, proposal: Any) -> float:
        """Keep the value inside the slider's range, as ipywidgets' bounded sliders do."""
        return float(min(self.max, max(self.min, proposal["value"])))
