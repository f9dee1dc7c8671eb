"""A cartoon of why explanation may not shift a felt expectation while repeated safe experience can.

Not physiology. Two invented quantities evolve over sessions:
- ``understanding`` (0..1): how well the client can explain the pattern; insight raises it fast.
- ``expectation`` (0..1): how strongly the old outcome is still *felt* as likely.
Insight nudges the expectation a little; a disconfirming experience moves it in proportion to
the mismatch (a prediction-error flavour) and to how safe the relationship feels, because an
experience that is not taken in cannot teach. The old learning is not erased: without new
experience the expectation drifts part-way back (spontaneous recovery, as in exposure work).
"""

from __future__ import annotations

from dataclasses import dataclass

from attuned.notebook.widget_base import Displayed


@dataclass(frozen=True)
class InsightParams:
    sessions: int = 20
    insight_per_session: float = 0.5  # 0..1: how much of each session is explanation
    experiences_per_session: float = 0.5  # 0..1: how often a disconfirming experience happens
    safety: float = 0.7  # 0..1: how safe the relationship feels to the client
    relapse: float = 0.05  # 0..0.3: drift back towards the old expectation between sessions


def simulate(p: InsightParams) -> dict[str, list[float]]:
    understanding, expectation, baseline = 0.1, 0.9, 0.9
    out: dict[str, list[float]] = {"session": [0.0], "understanding": [understanding], "expectation": [expectation]}
    for s in range(1, p.sessions + 1):
        understanding += 0.35 * p.insight_per_session * (1 - understanding)
        insight_effect = 0.03 * p.insight_per_session * expectation
        mismatch = expectation  # the more the client expects the old outcome, the bigger the surprise
        experience_effect = 0.35 * p.experiences_per_session * p.safety * mismatch
        expectation -= insight_effect + experience_effect
        expectation += p.relapse * (baseline - expectation) * (1 - p.experiences_per_session)
        expectation = min(1.0, max(0.0, expectation))
        out["session"].append(float(s))
        out["understanding"].append(round(understanding, 4))
        out["expectation"].append(round(expectation, 4))
    return out


class InsightVsExperienceModel(Displayed):
    """Sliders for the parameters and a two-line plot, redrawn on change."""

    def __init__(self) -> None:
        import ipywidgets as w

        from attuned.notebook.controls.slider import LabelledSlider

        self.controls = {
            "insight_per_session": LabelledSlider(0.5, min=0, max=1, step=0.1, description="Explanation per session"),
            "experiences_per_session": LabelledSlider(0.5, min=0, max=1, step=0.1,
                                                     description="Safe new experiences per session"),
            "safety": LabelledSlider(0.7, min=0, max=1, step=0.1, description="How safe the relationship feels"),
            "relapse": LabelledSlider(0.05, min=0, max=0.3, step=0.01, description="Drift back between sessions"),
        }
        self.output = w.HTML()
        self.summary = w.HTML()
        for control in self.controls.values():
            control.observe(lambda _c: self.redraw(), names="value")
        label = w.HTML('<p role="note"><strong>A teaching simplification, not physiology.</strong> '
                       "Every number here is invented to make one idea visible.</p>")
        self.view = w.VBox([label, *self.controls.values(), self.output, self.summary])
        self.view.add_class("attuned-model")
        self.redraw()

    def params(self) -> InsightParams:
        return InsightParams(**{k: float(c.value) for k, c in self.controls.items()})

    def redraw(self) -> None:
        from attuned.notebook.svg_chart import LineChart, Series, chart_html

        data = simulate(self.params())
        chart = LineChart(
            title="Teaching model (a simplification, not physiology)", xlabel="Session", ylabel="Invented 0–1 scale",
            series=[Series("Can explain the pattern (understanding)", data["session"], data["understanding"]),
                    Series("Still expects the old outcome (felt expectation)", data["session"], data["expectation"])],
            ylim=(0.0, 1.02))
        end_u, end_e = data["understanding"][-1], data["expectation"][-1]
        summary = (f"After {len(data['session']) - 1} sessions: understanding {end_u:.2f}, "
                   f"felt expectation {end_e:.2f} (lower is less braced).")
        self.output.value = chart_html(chart, "Line chart of the teaching model. " + summary)
        self.summary.value = f'<p role="status" aria-live="polite">{summary}</p>'
