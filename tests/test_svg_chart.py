"""The teaching models' line charts (attuned/notebook/svg_chart.py): named, readable without colour,
escaped, and drawn without matplotlib (about 40 MB of every trainee's kernel on a hub)."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

from attuned.notebook.svg_chart import Band, LineChart, Marker, Series, chart_html

SVG = "{http://www.w3.org/2000/svg}"


def _chart(**extra) -> LineChart:
    return LineChart(title="T <1>", xlabel="Session", ylabel="Scale",
                     series=[Series("first & one", [0, 1, 2], [0.1, 0.5, 0.9]),
                             Series("second", [0, 1, 2], [0.9, 0.5, 0.1])], ylim=(0.0, 1.0), **extra)


def test_the_chart_is_one_named_image_with_its_alt_text_as_title():
    svg = ET.fromstring(_chart().svg('Both lines cross at 0.5 "mid-way" <here>'))
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == 'Both lines cross at 0.5 "mid-way" <here>'
    assert svg.find(f"{SVG}title").text == 'Both lines cross at 0.5 "mid-way" <here>'
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    assert "T <1>" in texts and "first & one" in texts and "Session" in texts and "Scale" in texts


def test_series_differ_by_dash_and_marker_shape_not_colour_alone():
    svg = ET.fromstring(_chart().svg("alt"))
    lines = svg.findall(f"{SVG}polyline")
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")
    assert len(svg.findall(f"{SVG}circle")) >= 3 and len(svg.findall(f"{SVG}rect")) >= 3  # circles vs squares


def test_points_are_placed_on_the_axes_scale():
    svg = ET.fromstring(_chart().svg("alt"))
    first = [tuple(map(float, p.split(","))) for p in svg.findall(f"{SVG}polyline")[0].get("points").split()]
    xs, ys = zip(*first, strict=True)
    assert xs[0] < xs[1] < xs[2] and ys[0] > ys[1] > ys[2]  # rising line: SVG's y grows downwards
    assert abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 0.2


def test_band_and_marker_are_drawn_with_their_words():
    chart = _chart(band=Band(0.3, 0.6, "window", above="above: flooded", below="below: shut down"),
                   markers=[Marker(1, "hard material arrives")])
    svg = ET.fromstring(chart.svg("alt"))
    texts = [t.text for t in svg.iter(f"{SVG}text")]
    for words in ("window", "above: flooded", "below: shut down", "hard material arrives"):
        assert words in texts
    assert 'fill="url(#attuned-hatch)"' in chart.svg("alt")  # hatched, not a colour alone


def test_chart_html_wraps_it_in_a_figure():
    html = chart_html(_chart(), "alt")
    assert html.startswith("<figure") and "<svg" in html and html.endswith("</figure>")


def test_drawing_the_line_chart_models_imports_no_matplotlib():
    code = ("import sys\n"
            "from attuned.notebook.teaching_models import build\n"
            "for name in ('insight-vs-experience', 'co-regulation'):\n"
            "    model = build(name)\n"
            "    assert '<svg' in model.output.value, name\n"
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
