"""The co-regulation teaching model: the pure simulation behaves as the module's reading says it does."""

from __future__ import annotations

import itertools

import pytest

from attuned.notebook.teaching_models.coregulation import (
    RESTING,
    WINDOW_HIGH,
    WINDOW_LOW,
    CoRegulationParams,
    describe,
    minutes_outside,
    simulate,
)

STEADY_SLOW = CoRegulationParams(pace=0.1, steadiness=0.9)
ANXIOUS_RUSHED = CoRegulationParams(pace=0.9, steadiness=0.1)


def test_steadier_and_slower_means_fewer_minutes_outside_the_window():
    calm, alarmed = simulate(STEADY_SLOW), simulate(ANXIOUS_RUSHED)
    assert minutes_outside(calm) < minutes_outside(alarmed)
    # Not a marginal difference: the cartoon is meant to make the contrast visible.
    assert minutes_outside(alarmed) - minutes_outside(calm) >= 10


@pytest.mark.parametrize("pace", [0.0, 0.3, 0.6, 1.0])
def test_more_steadiness_never_adds_minutes_outside(pace):
    counts = [minutes_outside(simulate(CoRegulationParams(pace=pace, steadiness=s / 10))) for s in range(11)]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] > counts[-1]


@pytest.mark.parametrize("steadiness", [0.0, 0.4, 0.7, 1.0])
def test_a_more_rushed_pace_never_removes_minutes_outside(steadiness):
    counts = [minutes_outside(simulate(CoRegulationParams(pace=p / 10, steadiness=steadiness))) for p in range(11)]
    assert counts == sorted(counts)


def test_session_shape_one_point_per_minute_and_a_spike_when_hard_material_arrives():
    p = CoRegulationParams()
    data = simulate(p)
    assert set(data) == {"minute", "arousal", "outside"}
    assert data["minute"] == [float(m) for m in range(p.minutes + 1)]
    assert all(len(v) == p.minutes + 1 for v in data.values())
    before = data["arousal"][: p.arrives_at]
    assert before == [RESTING] * p.arrives_at  # calm until the hard material arrives
    spike = data["arousal"][p.arrives_at]
    assert spike == pytest.approx(RESTING + p.material)
    assert spike > WINDOW_HIGH  # the default spike takes the client out of the window
    assert max(data["arousal"]) == spike


def test_a_steady_unhurried_therapist_brings_arousal_back_to_the_settled_level():
    data = simulate(CoRegulationParams(pace=0.0, steadiness=1.0))
    after = data["arousal"][9:]
    assert all(a >= b for a, b in itertools.pairwise(after))  # settles without rebounding
    assert data["arousal"][-1] == pytest.approx(RESTING, abs=0.01)
    assert data["outside"][-1] == 0.0


def test_contagion_can_keep_a_client_outside_even_after_mild_material():
    """A rushed, anxious therapist adds arousal: the client ends higher than they started."""
    data = simulate(CoRegulationParams(pace=1.0, steadiness=0.0, material=0.1, own_settling=0.0))
    assert data["arousal"][-1] > WINDOW_HIGH
    assert data["arousal"][-1] > data["arousal"][0]


def test_the_clients_own_capacity_to_settle_helps_whatever_the_therapist_does():
    low = simulate(CoRegulationParams(pace=0.8, steadiness=0.2, own_settling=0.0))
    high = simulate(CoRegulationParams(pace=0.8, steadiness=0.2, own_settling=0.1))
    assert minutes_outside(high) < minutes_outside(low)


def test_values_stay_in_range_across_the_slider_grid():
    grid = [i / 4 for i in range(5)]
    for pace, steadiness, own in itertools.product(grid, grid, [0.0, 0.05, 0.1]):
        for material in (0.1, 0.35, 0.6):
            data = simulate(CoRegulationParams(pace=pace, steadiness=steadiness, material=material,
                                               own_settling=own))
            assert all(0.0 <= a <= 1.0 for a in data["arousal"])
            assert set(data["outside"]) <= {0.0, 1.0}
            for a, flag in zip(data["arousal"], data["outside"], strict=True):
                assert flag == (0.0 if WINDOW_LOW <= a <= WINDOW_HIGH else 1.0)
            assert 0 <= minutes_outside(data) <= len(data["minute"])


def test_deterministic():
    p = CoRegulationParams(pace=0.7, steadiness=0.3, material=0.5, own_settling=0.03)
    assert simulate(p) == simulate(p)
    assert simulate(p) == simulate(CoRegulationParams(pace=0.7, steadiness=0.3, material=0.5, own_settling=0.03))


def test_params_are_frozen():
    with pytest.raises(AttributeError):
        STEADY_SLOW.pace = 0.5  # type: ignore[misc]


def test_summary_reports_minutes_outside_in_words():
    data = simulate(ANXIOUS_RUSHED)
    text = describe(data)
    assert f"Outside the window for {minutes_outside(data)} of 50 minutes" in text
    assert "outside the window" in text or "inside the window" in text
    calm = describe(simulate(STEADY_SLOW))
    assert "inside the window" in calm
    assert "came back inside the window at minute" in calm


def test_view_labels_itself_and_announces_the_summary(monkeypatch):
    pytest.importorskip("ipywidgets")
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from attuned.notebook.teaching_models import build
    from attuned.notebook.teaching_models.coregulation import CoRegulationModel

    model = build("co-regulation")
    assert isinstance(model, CoRegulationModel)
    label = model.view.children[0].value
    assert "teaching simplification, not physiology" in label.lower()
    assert all(c.description for c in model.controls.values())
    assert 'role="status"' in model.summary.value
    assert "minutes" in model.summary.value
    before = model.summary.value
    model.controls["pace"].value = 1.0
    model.controls["steadiness"].value = 0.0
    assert model.summary.value != before
    assert model.params() == CoRegulationParams(pace=1.0, steadiness=0.0)
