"""Simulated trainees for the demo and the pipeline test.

They run *inside the notebook's kernel* after its cells have executed, and act only through the
public methods of the widgets the notebook displayed (``choose``/``commit``/``set``) — the
same code a click runs. Which widgets those are, the kernel itself collects as the cells display
them (:func:`collect_displayed`, an IPython display formatter installed when the simulation
starts the kernel), and hands to :func:`act`: the widgets keep no registry of themselves.
Choices are made by stance, never by hard-coded option ids, so the personas work on every module
without per-module scripts.

Options are shown in each trainee's own order (attuned.notebook.option_order). A test-wise persona chooses
among the options *as shown* (so "first" is the first on its screen, and a tie in length goes to
the one shown first); the attuned and fixer personas choose by stance, which no order changes
(the fixer takes the first fix-family option in authored order, so its path is hand-checkable).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from attuned.model.vocab import QUALITIES, STANCE_FAMILIES
from attuned.notebook.responses import default_path
from attuned.reports import surface

PERSONAS: dict[str, str] = {
    "attuned": "chooses the attuned response, answers checks correctly, then replays one vignette as practice",
    "fixer": "fixes, interprets and reassures; picks a wrong answer on every check",
    "silent": "opens and runs the notebook, never commits anything",
    "garbled": "answers like the attuned trainee, then the response log is overwritten with garbage",
    **surface.PERSONA_DESCRIPTIONS,
}
FIX_FAMILIES = {"fix", "interpret", "reassure"}

#: What each persona writes as its own first words to a client (the manually graded text).
OWN_WORDS = {
    "attuned": "That sounds like a lot to be carrying right now. Would it be all right to slow down "
               "and stay with it for a moment, at your pace?",
    "fixer": "Here is what I think you should do: let's make a plan for this week.",
}
TESTWISE_OWN_WORDS = "I hear you. Tell me more."

REFLECTION_TEXT = {
    "attuned": (
        "Composite case (invented). When a client described her worry, I felt an urge to reassure her and noticed "
        "my shoulders tighten. I stayed with her words instead, asked what it was like to say them aloud, and she "
        "slowed down. The evidence for this is correlational, so I hold it loosely. Plan: bring a recording excerpt "
        "to supervision and practise one reflective response a day for two weeks, rated by my supervisor."
    ),
    "fixer": "I would tell the client what to do. Then the problem is solved.",
}


def _total(option) -> int:
    return sum(option.ratings[q] for q in QUALITIES)


def pick_attuned(scene):
    candidates = [o for o in scene.options if STANCE_FAMILIES[o.stance] == "attuned"] or list(scene.options)
    return max(candidates, key=_total)


def pick_fixer(scene):
    for option in scene.options:
        if STANCE_FAMILIES[option.stance] in FIX_FAMILIES or option.stance == "explain":
            return option
    return min(scene.options, key=_total)


def check_picks(persona: str, options: list[str], key: list[str]) -> list[str]:
    """A knowledge check's answer by the key: the fixer picks one wrong option, everyone else the key."""
    if persona == "fixer":
        return ([o for o in options if o not in key] or options)[:1]
    return key or options[:1]


def checkin_values(persona: str) -> dict[str, int]:
    """A check-in's values: the fixer is activated and urged to fix, everyone else settled."""
    return {"activation": 8, "urge_to_fix": 9} if persona == "fixer" else {"activation": 3, "urge_to_fix": 2}


def own_words_for(persona: str) -> str:
    return OWN_WORDS.get(persona, OWN_WORDS["attuned"] if persona == "garbled" else TESTWISE_OWN_WORDS)


def as_shown(scene_or_check, shown):
    """The scene (or check) with its options in the order the trainee's screen shows them."""
    import dataclasses

    return dataclasses.replace(scene_or_check, options=tuple(shown))


def play_vignette(player, chooser, own_words: str = OWN_WORDS["attuned"], by_shown_order: bool = False) -> list[str]:
    """Play a vignette to its end through the methods a press in the browser lands in.

    ``save_own_words(text)`` and ``respond(option_id)`` are what the front end's Save my words and
    Respond messages call, with the text and option shown on the page. ``by_shown_order``: the
    chooser sees the options in the order the page shows them (test-wise personas).
    """
    taken = []
    if player.needs_own_words:
        player.save_own_words(own_words)
    while not player.engine.finished:
        scene = player.engine.current
        option = chooser(as_shown(scene, player.shown_options(scene)) if by_shown_order else scene)
        player.respond(option.id)
        taken.append(option.id)
    return taken


def collect_displayed(shell: Any = None) -> list[Any]:
    """A list that fills with every course widget the kernel's notebook displays, in order.

    Registers an IPython display formatter for :class:`attuned.notebook.widget_base.Displayed`
    (IPython's documented ``for_type`` hook on ``display_formatter.ipython_display_formatter``):
    it notes the widget, then displays it as it would have been. A widget displays itself through
    ``display(self)`` (``show()`` included), so every route to the screen passes here.
    """
    from attuned.notebook.widget_base import Displayed

    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    shown: list[Any] = []

    def note(widget: Displayed) -> None:
        shown.append(widget)
        widget._ipython_display_()

    shell.display_formatter.ipython_display_formatter.for_type(Displayed, note)
    return shown


def act(persona: str, widgets: Iterable[Any], keys: dict[str, list[str]] | None = None,
        seed: int = 7) -> dict[str, object]:
    """Work the exercise ``widgets`` (what a notebook displayed) as ``persona`` would; return what
    was done, by item. A widget shown twice for one item is worked once, as the newest one."""
    from attuned.notebook.exercise_widgets import CheckInWidget, KnowledgeCheckWidget
    from attuned.notebook.vignette_widget import VignettePlayer
    from attuned.notebook.widget_base import CourseWidget

    if persona not in PERSONAS:
        raise ValueError(f"unknown persona {persona!r} (known: {', '.join(PERSONAS)})")
    keys = keys or {}
    done: dict[str, object] = {}
    if persona == "silent":
        return done
    testwise = persona in surface.PERSONA_STRATEGIES
    chooser = (surface.PERSONA_STRATEGIES[persona] if testwise
               else pick_fixer if persona == "fixer" else pick_attuned)
    practised = False
    newest = {widget.item: widget for widget in widgets if isinstance(widget, CourseWidget)}
    for item, widget in newest.items():
        if isinstance(widget, VignettePlayer):
            done[item] = play_vignette(widget, chooser, own_words_for(persona), by_shown_order=testwise)
            if persona == "attuned" and not practised:
                widget.replay()  # practice run: must be logged as practice and never change the grade
                play_vignette(widget, pick_fixer)
                practised = True
        elif isinstance(widget, KnowledgeCheckWidget):
            if testwise:  # one answer, by surface alone, among the options as shown
                picks = [chooser(as_shown(widget.check, widget.shown_options)).id]
            else:
                picks = check_picks(persona, [o.id for o in widget.check.options], keys.get(item, []))
            done[item] = widget.submit(picks)  # what a press of Submit answer carries
        elif isinstance(widget, CheckInWidget):
            done[item] = widget.record(checkin_values(persona))  # what a press of Record check-in carries
    if persona == "garbled":
        rng = random.Random(seed)  # noqa: S311 - reproducible junk, not security
        junk = bytes(rng.randrange(256) for _ in range(2000))
        Path(default_path()).write_bytes(b'{"item": "m2.tomas", "kind": "commit", "val\n' + junk + b"\n\x00\x00 not json")
    return done


def reflection_text(persona: str) -> str | None:
    """What a persona writes into reflection answer cells (None: leaves them untouched)."""
    if persona in ("attuned", "garbled"):
        return REFLECTION_TEXT["attuned"]
    if persona == "fixer":
        return REFLECTION_TEXT["fixer"]
    return None


def write_persona_log(module_folder: str, log_path: Path, persona: str, keys: dict[str, list[str]]) -> dict[str, object]:
    """Answer every exercise of one module as ``persona`` into ``log_path``, without a kernel.

    ipywidgets models can be built and driven outside a notebook, so this takes the same widget
    code path as a trainee. Used to make the key log that lets source notebooks run under nbval.
    """
    from attuned.model.course import get_course
    from attuned.notebook.exercise_widgets import CheckInWidget, KnowledgeCheckWidget
    from attuned.notebook.responses import ResponseLog
    from attuned.notebook.vignette_widget import VignettePlayer

    course = get_course()
    module = course.modules[module_folder]
    log = ResponseLog(log_path)
    widgets = []
    for block in module.blocks:
        if block.kind == "vignette":
            widgets.append(VignettePlayer(course.vignette(block.value), log))
        elif block.kind == "check":
            widgets.append(KnowledgeCheckWidget(course.check(block.value), log))
        elif block.kind == "checkin":
            widgets.append(CheckInWidget(course.checkin(block.value), log))
    return act(persona, widgets, keys)
