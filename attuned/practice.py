"""Ungraded spaces: the practice room (replay any vignette) and the author's preview.

Both use the very same player as the graded notebooks, in ``practice_only`` mode, so practising
here feels like the real thing and can never touch a grade.
"""

from __future__ import annotations

from pathlib import Path

from attuned.responses import ResponseLog


class PracticeRoom:
    """Pick any vignette in the course and play it as often as you like."""

    def __init__(self, log: ResponseLog | None = None):
        import ipywidgets as w

        from attuned.course import get_course

        course = get_course()
        self.log = log or ResponseLog()
        choices = []
        for module in course.modules.values():
            for vid in module.items("vignette"):
                v = course.vignette(vid)
                choices.append((f"Module {module.number:02d} · {v.title}", vid))
        self.picker = w.Dropdown(options=[("— choose a vignette —", None), *choices], value=None,
                                 description="Vignette to practise:", style={"description_width": "initial"},
                                 layout=w.Layout(width="auto"))
        self.stage = w.VBox([])
        self.player = None
        self.picker.observe(lambda change: self.open(change["new"]) if change["new"] else None, names="value")
        self.view = w.VBox([self.picker, self.stage])
        self.view.add_class("attuned")

    def open(self, vignette_id: str):
        from attuned.course import get_course
        from attuned.vignettes.widget import VignettePlayer

        self.player = VignettePlayer(get_course().vignette(vignette_id), self.log, practice_only=True)
        self.stage.children = (self.player.view,)
        if self.picker.value != vignette_id:
            self.picker.value = vignette_id
        return self.player

    def show(self) -> None:
        from IPython.display import display

        display(self.view)

    def _ipython_display_(self) -> None:
        self.show()


def preview(path: str | Path):
    """Validate one vignette file and, if it is sound, play it (nothing is logged anywhere lasting)."""
    import tempfile

    from attuned import Unavailable
    from attuned.vignettes.loader import check_vignette
    from attuned.vignettes.widget import VignettePlayer

    path = Path(path)
    module = path.parent.parent.name if path.parent.name == "vignettes" else ""
    vignette, problems = check_vignette(path, module=module)
    if problems or vignette is None:
        return Unavailable(path.name, "; ".join(str(p) for p in problems[:5]) + (" …" if len(problems) > 5 else ""))
    scratch = Path(tempfile.mkdtemp(prefix="attuned-preview-")) / "responses.jsonl"
    return VignettePlayer(vignette, ResponseLog(scratch), practice_only=True)
