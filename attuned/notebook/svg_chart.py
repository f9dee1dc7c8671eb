"""Small line charts as inline SVG, for the teaching models' plots.

Why not matplotlib: importing it costs a trainee's kernel about 40 MB (measured: ipykernel with the
course's widgets 41 MB, with matplotlib 81 MB), which on a shared hub is most of what a trainee
costs above a bare JupyterLab (docs/deployment.md). A teaching model draws one or two lines on a
0–1 scale; that needs a few dozen SVG elements, not a plotting library.

Accessible as the rest of the course: the chart is one ``role="img"`` with a ``<title>`` carrying
the alt text (the numbers in words); series differ by dash pattern and marker shape as well as
colour, and the legend repeats both; text is real text, so it scales and can be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 34, 44
COLOURS = ("#1f5f99", "#b3541e", "#2e7d32")
DASHES = ("", "6 4", "2 3")
MARKERS = ("circle", "square", "triangle")


@dataclass(frozen=True)
class Series:
    """One line: its points and the words the legend gives it."""

    label: str
    xs: Sequence[float]
    ys: Sequence[float]


@dataclass(frozen=True)
class Band:
    """A shaded horizontal band between ``low`` and ``high`` (hatched, not colour alone)."""

    low: float
    high: float
    label: str
    above: str = ""  # a note just above the band
    below: str = ""  # a note just below it


@dataclass(frozen=True)
class Marker:
    """A dashed vertical line at ``x`` with a short note."""

    x: float
    note: str


@dataclass
class LineChart:
    title: str
    xlabel: str
    ylabel: str
    series: list[Series]
    ylim: tuple[float, float] = (0.0, 1.0)
    band: Band | None = None
    markers: list[Marker] = field(default_factory=list)

    def _x_range(self) -> tuple[float, float]:
        xs = [x for s in self.series for x in s.xs] + [m.x for m in self.markers]
        low, high = (min(xs), max(xs)) if xs else (0.0, 1.0)
        return (low, high if high > low else low + 1.0)

    def svg(self, alt: str) -> str:
        """The chart as an ``<svg>`` element whose accessible name is ``alt``."""
        x0, x1 = self._x_range()
        y0, y1 = self.ylim
        plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

        def px(x: float) -> float:
            return round(LEFT + (x - x0) / (x1 - x0) * plot_w, 1)

        def py(y: float) -> float:
            return round(TOP + (1 - (min(max(y, y0), y1) - y0) / (y1 - y0)) * plot_h, 1)

        parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
                 f'aria-label="{escape(alt)}" style="max-width:100%;height:auto;font-family:sans-serif">',
                 f"<title>{escape(alt)}</title>",
                 '<defs><pattern id="attuned-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
                 'patternTransform="rotate(45)"><rect width="6" height="6" fill="#e8eef5"/>'
                 '<line x1="0" y1="0" x2="0" y2="6" stroke="#9fb3c8" stroke-width="1.5"/></pattern></defs>',
                 f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-size="14">{escape(self.title)}</text>']
        if self.band is not None:
            top, bottom = py(self.band.high), py(self.band.low)
            parts.append(f'<rect x="{LEFT}" y="{top}" width="{plot_w}" height="{round(bottom - top, 1)}" '
                         'fill="url(#attuned-hatch)" stroke="#6b7f95" stroke-dasharray="2 3"/>')
            if self.band.above:
                parts.append(f'<text x="{LEFT + 6}" y="{top - 4}" font-size="11">{escape(self.band.above)}</text>')
            if self.band.below:
                parts.append(f'<text x="{LEFT + 6}" y="{bottom + 13}" font-size="11">{escape(self.band.below)}</text>')
        parts += self._axes(px, py, x0, x1)
        for marker in self.markers:
            x = px(marker.x)
            parts.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{TOP + plot_h}" stroke="#333" stroke-dasharray="5 4"/>')
            parts.append(f'<text x="{x + 4}" y="{TOP + 12}" font-size="11">{escape(marker.note)}</text>')
        for i, series in enumerate(self.series):
            colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
            points = " ".join(f"{px(x)},{py(y)}" for x, y in zip(series.xs, series.ys, strict=True))
            parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"'
                         + (f' stroke-dasharray="{dash}"' if dash else "") + "/>")
            parts += [_marker(MARKERS[i % len(MARKERS)], px(x), py(y), colour)
                      for x, y in zip(series.xs, series.ys, strict=True)]
        parts += self._legend()
        parts.append("</svg>")
        return "".join(parts)

    def _axes(self, px, py, x0: float, x1: float) -> list[str]:
        y0, y1 = self.ylim
        bottom, right = py(y0), px(x1)
        out = [f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="#333"/>',
               f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="#333"/>']
        step = max(1, round((x1 - x0) / 8))
        x = x0
        while x <= x1 + 1e-9:
            out.append(f'<line x1="{px(x)}" y1="{bottom}" x2="{px(x)}" y2="{bottom + 4}" stroke="#333"/>'
                       f'<text x="{px(x)}" y="{bottom + 16}" text-anchor="middle" font-size="11">{x:g}</text>')
            x += step
        for i in range(6):
            y = y0 + (y1 - y0) * i / 5
            out.append(f'<line x1="{LEFT - 4}" y1="{py(y)}" x2="{LEFT}" y2="{py(y)}" stroke="#333"/>'
                       f'<text x="{LEFT - 7}" y="{py(y) + 4}" text-anchor="end" font-size="11">{y:.1f}</text>')
        out.append(f'<text x="{(LEFT + right) / 2}" y="{HEIGHT - 8}" text-anchor="middle" font-size="12">'
                   f"{escape(self.xlabel)}</text>")
        out.append(f'<text transform="translate(14 {(TOP + bottom) / 2}) rotate(-90)" text-anchor="middle" '
                   f'font-size="12">{escape(self.ylabel)}</text>')
        return out

    def _legend(self) -> list[str]:
        entries = [(s.label, i) for i, s in enumerate(self.series)]
        x, y = WIDTH - RIGHT - 300, TOP + 8
        rows = len(entries) + (self.band is not None)
        # A white box under the legend, so a line passing behind it never hides a word.
        out = [f'<rect x="{x - 6}" y="{y - 13}" width="298" height="{16 * rows + 4}" fill="#fff" '
               'fill-opacity="0.9" stroke="#ccc"/>']
        if self.band is not None:
            out.append(f'<rect x="{x}" y="{y - 8}" width="22" height="10" fill="url(#attuned-hatch)" stroke="#6b7f95"/>'
                       f'<text x="{x + 28}" y="{y + 1}" font-size="11">{escape(self.band.label)}</text>')
            y += 16
        for label, i in entries:
            colour, dash = COLOURS[i % len(COLOURS)], DASHES[i % len(DASHES)]
            out.append(f'<line x1="{x}" y1="{y - 3}" x2="{x + 22}" y2="{y - 3}" stroke="{colour}" stroke-width="2"'
                       + (f' stroke-dasharray="{dash}"' if dash else "") + "/>"
                       + _marker(MARKERS[i % len(MARKERS)], x + 11, y - 3, colour)
                       + f'<text x="{x + 28}" y="{y + 1}" font-size="11">{escape(label)}</text>')
            y += 16
        return out


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 3}" y="{y - 3}" width="6" height="6" fill="{colour}"/>'
    if shape == "triangle":
        return f'<polygon points="{x},{y - 4} {x - 4},{y + 3} {x + 4},{y + 3}" fill="{colour}"/>'
    return f'<circle cx="{x}" cy="{y}" r="3" fill="{colour}"/>'


def chart_html(chart: LineChart, alt: str) -> str:
    """The chart for an ipywidgets ``HTML`` value: a figure whose SVG is named by ``alt``."""
    return f'<figure style="margin:0">{chart.svg(alt)}</figure>'
