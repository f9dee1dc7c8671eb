"""Interactive teaching models: small, plainly labelled simplifications with sliders and a plot.

Each model is a pure simulation function (tested without widgets) plus a thin view built from
stock ipywidgets and a chart (line charts as inline SVG, attuned.notebook.svg_chart; the
first-response pattern's bar chart with matplotlib), imported only when a notebook asks for it.
"""

from __future__ import annotations

from typing import Any

#: name used in module.yaml -> "module:function" building the view
REGISTRY: dict[str, str] = {
    "insight-vs-experience": "attuned.notebook.teaching_models.insight:InsightVsExperienceModel",
    "co-regulation": "attuned.notebook.teaching_models.coregulation:CoRegulationModel",
    "first-response-pattern": "attuned.notebook.teaching_models.pattern:FirstResponsePattern",
}


def build(name: str) -> Any:
    import importlib

    from attuned.notebook.unavailable import Unavailable

    target = REGISTRY.get(name)
    if target is None:
        return Unavailable(name, f"there is no teaching model called '{name}'")
    module_name, attr = target.split(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        return Unavailable(name, f"teaching model '{name}' is not installed ({exc.name})")
    return getattr(module, attr)()
