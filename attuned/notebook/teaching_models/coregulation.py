"""A cartoon of co-regulation: how a therapist's pace and steadiness might shape a client's arousal.

Not physiology. One invented quantity, ``arousal`` (0..1), is tracked minute by minute across a
single session. Hard material arrives at one minute and arousal jumps. From then on three
invented forces act on it each minute:
- a pull back towards a settled level, whose rate grows with the therapist's steadiness and
  shrinks as their pace gets more rushed (the co-regulation hypothesis, drawn as a cartoon);
- the client's own capacity to settle, which works whatever the therapist does;
- contagion: a rushed or anxious therapist adds a little arousal of their own.
A shaded "window of tolerance" marks the band in which, by clinical convention, a person can
still think and feel at the same time. Every number here is invented for teaching; no study
has measured these rates, and the module's readings say where the real evidence stops.
"""

from __future__ import annotations

from dataclasses import dataclass

from attuned.notebook.widget_base import Displayed

#: Invented constants, named so the plot, the summary and the tests agree on them.
WINDOW_LOW = 0.25  # below this: shut down, flat, far away (hypo-arousal)
WINDOW_HIGH = 0.65  # above this: flooded (hyper-arousal)
RESTING = 0.40  # where the client starts the session, and the settled level arousal is pulled towards
BASE_RATE = 0.04  # settling per minute that happens even with an unhelpful therapist
COREG_RATE = 0.20  # extra settling per minute from a fully steady, unhurried therapist
PACE_DRAG = 0.7  # how much a fully rushed pace cuts that extra settling (0..1)
CONTAGION = 0.05  # arousal per minute a fully rushed *and* anxious therapist adds


@dataclass(frozen=True)
class CoRegulationParams:
    minutes: int = 50
    pace: float = 0.5  # 0 = slow and unhurried .. 1 = rushed
    steadiness: float = 0.5  # 0 = visibly anxious .. 1 = steady
    material: float = 0.45  # 0.1..0.6: how far arousal jumps when the hard material arrives
    own_settling: float = 0.02  # 0..0.1: the client's own capacity to settle, per minute
    arrives_at: int = 8  # minute at which the hard material arrives


def simulate(p: CoRegulationParams) -> dict[str, list[float]]:
    arousal = RESTING
    rate = BASE_RATE + COREG_RATE * p.steadiness * (1 - PACE_DRAG * p.pace) + p.own_settling
    contagion = CONTAGION * (p.pace + (1 - p.steadiness)) / 2
    out: dict[str, list[float]] = {"minute": [], "arousal": [], "outside": []}
    for minute in range(p.minutes + 1):
        if minute == p.arrives_at:
            arousal += p.material
        elif minute > p.arrives_at:
            arousal += rate * (RESTING - arousal)  # pulled towards the settled level
            arousal += contagion * (1 - arousal)  # the therapist's own alarm, caught
        arousal = min(1.0, max(0.0, arousal))
        shown = round(arousal, 4)  # judge the window on the value the plot and summary show
        out["minute"].append(float(minute))
        out["arousal"].append(shown)
        out["outside"].append(0.0 if WINDOW_LOW <= shown <= WINDOW_HIGH else 1.0)
    return out


def minutes_outside(data: dict[str, list[float]]) -> int:
    """How many one-minute steps the client spent outside the window of tolerance."""
    return int(sum(data["outside"]))


def describe(data: dict[str, list[float]]) -> str:
    """The result in words (never colour alone): minutes outside, and when arousal came back."""
    total = len(data["minute"]) - 1
    outside = minutes_outside(data)
    above = sum(1 for a in data["arousal"] if a > WINDOW_HIGH)
    below = sum(1 for a in data["arousal"] if a < WINDOW_LOW)
    last = data["arousal"][-1]
    where = "inside the window" if WINDOW_LOW <= last <= WINDOW_HIGH else "still outside the window"
    parts = [f"Outside the window for {outside} of {total} minutes"]
    if outside and below:
        parts.append(f"({above} above it, flooded; {below} below it, shut down)")
    elif outside:
        parts.append("(all of them above it: flooded)")
    text = " ".join(parts) + f". At the end of the session the client is {where} (arousal {last:.2f})."
    back = _back_inside(data)
    if back is not None:
        text += f" Arousal came back inside the window at minute {back}."
    return text


def _back_inside(data: dict[str, list[float]]) -> int | None:
    """First minute after the last excursion began at which arousal is inside again."""
    flags = data["outside"]
    if not any(flags) or flags[-1]:
        return None
    last_out = max(i for i, f in enumerate(flags) if f)
    return int(data["minute"][last_out + 1])


class CoRegulationModel(Displayed):
    """Sliders for the therapist's pace and steadiness (and two client factors), redrawn on change."""

    def __init__(self) -> None:
        import ipywidgets as w

        from attuned.notebook.controls.slider import LabelledSlider

        self.controls = {
            "pace": LabelledSlider(0.5, min=0, max=1, step=0.1, description="Therapist's pace (0 slow, 1 rushed)"),
            "steadiness": LabelledSlider(0.5, min=0, max=1, step=0.1,
                                        description="Therapist's steadiness (0 anxious, 1 steady)"),
            "material": LabelledSlider(0.45, min=0.1, max=0.6, step=0.05,
                                      description="How hard the material is (size of the spike)"),
            "own_settling": LabelledSlider(0.02, min=0, max=0.1, step=0.01,
                                          description="Client's own capacity to settle"),
        }
        self.output = w.HTML()
        self.summary = w.HTML()
        for control in self.controls.values():
            control.observe(lambda _c: self.redraw(), names="value")
        label = w.HTML('<p role="note"><strong>A teaching simplification, not physiology.</strong> '
                       "Every number here is invented to make one idea visible; no study has measured "
                       "these rates, and real clients do not follow a curve.</p>")
        self.view = w.VBox([label, *self.controls.values(), self.output, self.summary])
        self.view.add_class("attuned-model")
        self.redraw()

    def params(self) -> CoRegulationParams:
        return CoRegulationParams(**{k: float(c.value) for k, c in self.controls.items()})

    def redraw(self) -> None:
        from attuned.notebook.svg_chart import Band, LineChart, Marker, Series, chart_html

        p = self.params()
        data = simulate(p)
        chart = LineChart(
            title="Teaching model (a simplification, not physiology)", xlabel="Minute of the session",
            ylabel="Arousal (invented scale)",
            series=[Series("Client's arousal (invented 0–1 scale)", data["minute"], data["arousal"])],
            ylim=(0.0, 1.02),
            band=Band(WINDOW_LOW, WINDOW_HIGH, "Window of tolerance (invented band)",
                      above="above: flooded", below="below: shut down"),
            markers=[Marker(p.arrives_at, "hard material arrives")])
        self.output.value = chart_html(chart, "Line chart of the teaching model. " + describe(data))
        self.summary.value = f'<p role="status" aria-live="polite">{describe(data)}</p>'
