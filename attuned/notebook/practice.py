"""Ungraded spaces: the practice room (replay any vignette) and the author's preview.

Both use the very same player as the graded notebooks, in ``practice_only`` mode, so practising
here feels like the real thing and can never touch a grade.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from attuned.notebook.responses import ResponseLog
from attuned.notebook.widget_base import Displayed


class PracticeRoom(Displayed):
    """Pick any vignette in the course and play it as often as you like."""

    TIER_NAMES: ClassVar[dict[int, str]] = {1: "Tier 1 · one clear best response", 2: "Tier 2 · a tempting near-miss",
                  3: "Tier 3 · subtle: several defensible options"}

    def __init__(self, log: ResponseLog | None = None):
        import ipywidgets as w

        from attuned.model.course import get_course

        course = get_course()
        self.log = log or ResponseLog()
        self.choices: list[tuple[int, str, str]] = []  # (tier, label, vignette id)
        for module in course.modules.values():
            for vid in module.items("vignette"):
                v = course.vignette(vid)
                self.choices.append((v.difficulty, f"Module {module.number:02d} · tier {v.difficulty} · {v.title}", vid))
        counts = {t: sum(1 for tier, _l, _v in self.choices if tier == t) for t in self.TIER_NAMES}
        self.tier_picker = w.Dropdown(options=[("All tiers", 0), *[(f"{name} ({counts[t]})", t)
                                                                    for t, name in self.TIER_NAMES.items()]],
                                      value=0, description="Difficulty:", style={"description_width": "initial"},
                                      layout=w.Layout(width="auto"))
        self.picker = w.Dropdown(options=self._vignette_options(0), value=None,
                                 description="Vignette to practise:", style={"description_width": "initial"},
                                 layout=w.Layout(width="auto"))
        self.stage = w.VBox([])
        self.player = None
        self.tier_picker.observe(lambda change: self.show_tier(change["new"]), names="value")
        self.picker.observe(lambda change: self.open(change["new"]) if change["new"] else None, names="value")
        self.view = w.VBox([self.tier_picker, self.picker, self.stage])
        self.view.add_class("attuned")

    def _vignette_options(self, tier: int) -> list[tuple[str, str | None]]:
        return [("— choose a vignette —", None),
                *[(label, vid) for t, label, vid in self.choices if tier in (0, t)]]

    def show_tier(self, tier: int) -> list[str]:
        """Offer only the vignettes of one difficulty tier (0: all); return their ids."""
        if self.tier_picker.value != tier:
            self.tier_picker.value = tier  # the observer calls back here with the same tier
            return [vid for _label, vid in self.picker.options if vid]
        self.picker.options = self._vignette_options(tier)
        self.picker.value = None
        return [vid for _label, vid in self.picker.options if vid]

    def open(self, vignette_id: str):
        from attuned.model.course import get_course
        from attuned.notebook.vignette_widget import VignettePlayer

        self.player = VignettePlayer(get_course().vignette(vignette_id), self.log, practice_only=True)
        self.stage.children = (self.player.view,)
        if self.picker.value != vignette_id:
            self.picker.value = vignette_id
        return self.player


def preview(path: str | Path):
    """Validate one vignette file and, if it is sound, play it (nothing is logged anywhere lasting).

    Authors see their options in the authored order; trainees see them shuffled (attuned.notebook.option_order)."""
    import tempfile

    from attuned.model.vignette_loader import check_vignette
    from attuned.notebook.unavailable import Unavailable
    from attuned.notebook.vignette_widget import VignettePlayer

    path = Path(path)
    module = path.parent.parent.name if path.parent.name == "vignettes" else ""
    vignette, problems = check_vignette(path, module=module)
    if problems or vignette is None:
        return Unavailable(path.name, "; ".join(str(p) for p in problems[:5]) + (" …" if len(problems) > 5 else ""))
    scratch = Path(tempfile.mkdtemp(prefix="attuned-preview-")) / "responses.jsonl"
    return VignettePlayer(vignette, ResponseLog(scratch), practice_only=True, authored_order=True)
