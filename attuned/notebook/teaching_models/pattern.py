"""The trainee's own first-response pattern across the course, as a chart and a sentence.

Not a simulation: this view reads the trainee's response logs (this module's folder and the
sibling module folders nbgrader fetched beside it) and counts, per module, which family of
response they chose *first* in each vignette. It is a mirror for reflection, never a grade, and
nothing leaves the trainee's machine.

Accessibility: each family has its own hatching and every bar carries its count as text, so
nothing depends on colour; the summary is a sentence in a ``role="status"`` region.
"""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from attuned.notebook.first_responses import FAMILY_ORDER, find_course_logs, first_responses
from attuned.notebook.widget_base import Displayed

if TYPE_CHECKING:
    import pandas

FAMILY_LABELS: dict[str, str] = {
    "attuned": "Attuned (incl. repair, directive-attuned)",
    "fix": "Fix or explain",
    "interpret": "Interpret",
    "reassure": "Reassure",
    "other": "Other (defend, withdraw, self-focus)",
}
SHORT_NAMES: dict[str, str] = {"fix": "fix or explain"}
HATCHES: dict[str, str] = {"attuned": "", "fix": "///", "interpret": "...", "reassure": "xx", "other": "\\\\\\"}


def summary_text(df: pandas.DataFrame) -> str:
    """One or two plain sentences describing the pattern (also what a screen reader announces)."""
    if df.empty:
        return ("No vignette responses found yet. Work through a module's vignettes, then run this "
                "cell again to see your pattern.")
    parts: list[str] = []
    for graded, label in ((True, "graded"), (False, "practice")):
        sub = df[df["graded"] == graded]
        if sub.empty:
            continue
        total = len(sub)
        attuned = int((sub["family"] == "attuned").sum())
        others = [f"{int((sub['family'] == f).sum())} {SHORT_NAMES.get(f, f)}"
                  for f in FAMILY_ORDER[1:] if (sub["family"] == f).any()]
        noun = "response" if total == 1 else "responses"
        sentence = (f"In {attuned} of {total} {label} first {noun} you chose an attuned response"
                    f" (attuned, directive-attuned or repair)")
        if others:
            sentence += f"; the others were {', '.join(others)}"
        parts.append(sentence + ".")
    skipped = int(df.attrs.get("skipped", 0))
    if skipped:
        verb = "were" if skipped != 1 else "was"
        parts.append(f"{skipped} run{'s' if skipped != 1 else ''} could not be matched to the current course "
                     f"content and {verb} left out.")
    return " ".join(parts)


def counts_by_module(df: pandas.DataFrame, graded: bool) -> pandas.DataFrame:
    """A module × family table of first-response counts (every family column present, in order)."""
    sub = df[df["graded"] == graded]
    table = sub.groupby(["module", "family"]).size().unstack("family", fill_value=0)
    return table.reindex(columns=list(FAMILY_ORDER), fill_value=0).sort_index()


@cache
def _templates():
    """Jinja2 templates beside the notebook layer (``attuned/notebook/templates``), autoescaped:
    a module title or label is text, whatever it holds."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(loader=PackageLoader("attuned.notebook", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _render(template: str, **context: object) -> str:
    return _templates().get_template(template).render(**context)


def _module_label(folder: str) -> str:
    from attuned.model.course import get_course

    module = get_course().modules.get(folder)
    if module is None:
        return folder
    return f"M{module.number}\n" + "\n".join(textwrap.wrap(module.title, 16))


class FirstResponsePattern(Displayed):
    """Reads the trainee's logs and shows their first-response families, graded and practice."""

    def __init__(self, folder: Path | None = None) -> None:
        import ipywidgets as w

        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.logs = find_course_logs(self.folder)
        self.data = first_responses(self.logs)
        label = w.HTML('<p role="note"><strong>Your own pattern, for reflection — not a grade.</strong> '
                       "Each count is the first response you chose in one run through a vignette, read "
                       "from the response logs in this folder and the module folders beside it.</p>")
        self.output = w.HTML()
        self.practice = w.HTML()
        self.summary = w.HTML()
        self.view = w.VBox([label, self.output, self.practice, self.summary])
        self.view.add_class("attuned-model")
        self.redraw()

    def redraw(self) -> None:
        from attuned.notebook.ui import status_html

        if not self.logs:
            self.summary.value = status_html(
                f"No response logs found yet in {self.folder.name or self.folder} or the module folders beside "
                "it. Work through some vignettes first; your pattern will appear here when you run this cell "
                "again.", "ℹ")
            return
        self.summary.value = status_html(summary_text(self.data), "ℹ")
        if self.data.empty:
            return
        graded = counts_by_module(self.data, graded=True)
        if not graded.empty:
            self.output.value = self._chart(graded)
        practice = counts_by_module(self.data, graded=False)
        self.practice.value = self._table(practice) if not practice.empty else (
            "<p>No practice runs yet. Replaying a vignette in practice mode lets you try the responses you "
            "did not choose.</p>")

    def _chart(self, table: pandas.DataFrame) -> str:
        from matplotlib.figure import Figure

        from attuned.notebook.ui import figure_html

        n_modules = len(table.index)
        width = 0.8 / len(FAMILY_ORDER)
        fig = Figure(figsize=(max(7.0, 1.9 * n_modules + 3.5), 4.0), layout="constrained")
        ax = fig.subplots()
        for i, family in enumerate(FAMILY_ORDER):
            xs = [m + (i - (len(FAMILY_ORDER) - 1) / 2) * width for m in range(n_modules)]
            bars = ax.bar(xs, table[family].tolist(), width, label=FAMILY_LABELS[family],
                          hatch=HATCHES[family], edgecolor="black", linewidth=0.8)
            ax.bar_label(bars, labels=[str(v) for v in table[family].tolist()], fontsize=8, padding=1)
        ax.set_xticks(range(n_modules))
        ax.set_xticklabels([_module_label(m) for m in table.index], fontsize=8)
        ax.set_ylabel("Graded first responses")
        ax.set_ylim(0, max(1, int(table.to_numpy().max())) + 1)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_title("Your first response in each graded vignette", fontsize=10)
        ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), title="First response", title_fontsize=8)
        return figure_html(fig, "Bar chart of your first responses by module. " + summary_text(self.data))

    @staticmethod
    def _table(table: pandas.DataFrame) -> str:
        rows = [(_module_label(str(module)).replace("\n", " "), [int(counts[f]) for f in FAMILY_ORDER])
                for module, counts in table.iterrows()]
        return _render("practice_table.html.j2", labels=[FAMILY_LABELS[f] for f in FAMILY_ORDER], rows=rows)
