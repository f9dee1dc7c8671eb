"""The vignette player: the view over a :class:`VignetteEngine` and the response log.

Every button has a Python twin (``choose``, ``commit``, ``replay``, ``save_own_words``) that does
what the click does. A press in the browser arrives as one message carrying what the page shows
(the option on screen, the words in the box: see ``attuned.notebook.controls.form``) and lands in
:meth:`VignettePlayer.respond` and :meth:`VignettePlayer.save_own_words`, the same methods the
twins use, so tests and simulated trainees exercise the code path a person does.
The first complete run through a vignette is graded; afterwards the player opens in practice
mode, and practice steps are logged as such (the trainee may replay to learn).
"""

from __future__ import annotations

from attuned.model.vignette import Option, Scene, Step, VignetteEngine, VignetteError, VignetteScript
from attuned.model.vocab import own_words_problem, own_words_rule
from attuned.notebook.responses import ResponseLog, new_run_id
from attuned.notebook.ui import STYLE, esc
from attuned.notebook.widget_base import CourseWidget


class VignettePlayer(CourseWidget):
    graded_kind = "commit"
    shown_errors = (VignetteError,)

    def __init__(self, vignette: VignetteScript, log: ResponseLog | None = None, *, practice_only: bool = False,
                 authored_order: bool = False):
        import ipywidgets as w

        from attuned.notebook.controls.form import CourseForm, button, radio_field, textarea_field
        from attuned.notebook.option_order import trainee_seed

        self.practice_only = practice_only  # the practice room: nothing here is ever graded
        self.vignette = vignette
        self.item = vignette.id
        self.log = log or ResponseLog()
        # Options appear in this trainee's order (attuned.notebook.option_order); authors may ask for theirs.
        self.order_seed = None if authored_order else trainee_seed(self.log)
        self._w = w
        self.header = w.HTML(self._header_html())
        self.transcript = w.VBox([])
        self.scene_html = w.HTML()
        self.choice = CourseForm(
            fields=[radio_field("response", "Your response:")],
            buttons=[button("respond", "Respond", tooltip="Say this to the client", requires="response"),
                     button("replay", "Replay in practice mode", tooltip="Walk the vignette again; practice is not graded")],
        )
        self.choice.on_press("respond", lambda values: self._safe(lambda: self.respond(values.get("response"))))
        self.choice.on_press("replay", lambda _values: self._safe(self.replay))
        self.status = w.HTML()
        name = vignette.client.name
        # Your own words first: at the start of a graded run the trainee writes what they would say
        # before any option is shown, so the options cannot do the thinking for them. The press of
        # Save my words carries the text in the box (one message), so the kernel saves exactly it.
        help_id = f"{vignette.id}-own-words-help"
        self.own_words_prompt = w.HTML(
            f'<p id="{esc(help_id)}"><strong>Before you see any options:</strong> what would you '
            f"say to {esc(name)} right now? Write it in your own words, as you would say it: "
            f"{esc(own_words_rule())}. Then press <em>Save my words</em>. The options appear once your "
            "words are saved.</p>")
        self.own_words_form = CourseForm(
            fields=[textarea_field("words", f"Your words to {name}:", placeholder=f"What I would say to {name}…",
                                   rows=4, described_by=help_id)],
            buttons=[button("save", "Save my words", tooltip="Save what you would say; the options appear next")],
        )
        self.own_words_form.on_press("save", lambda values: self._safe(
            lambda: self.save_own_words(str(values.get("words") or ""))))
        self.own_words_area = w.VBox([self.own_words_prompt, self.own_words_form])
        self.own_words_area.add_class("attuned-own-words")
        self.own_words: str | None = None
        self.view = w.VBox(
            [w.HTML(STYLE), self.header, self.transcript, self.scene_html, self.own_words_area, self.choice,
             self.status],
            layout=w.Layout(max_width="56em"),
        )
        self.view.add_class("attuned")
        self._resume()

    # -- state ------------------------------------------------------------------------------
    def _resume(self) -> None:
        """Open graded if never answered; resume an unfinished graded run; else practice."""
        contents = self.log.read()
        graded = [] if self.practice_only else contents.graded_run(self.vignette.id)
        self.engine = VignetteEngine(self.vignette)
        self.mode = "practice" if self.practice_only else "graded"
        self.run = graded[0].run if graded else new_run_id()
        saved_words = None if self.practice_only else contents.own_words(self.vignette.id)
        self.own_words = saved_words.value if saved_words is not None else None
        note = ""
        if graded:
            self.engine, notes = VignetteEngine.from_log(self.vignette, [(e.scene, str(e.value)) for e in graded])
            if notes:
                note = "Note: " + "; ".join(notes) + " (they do not count). "
            if self.engine.finished:
                when = graded[0].at[:16].replace("T", " ")
                note += (f"Already answered: your graded path ({len(self.engine.steps)} step"
                         f"{'s' if len(self.engine.steps) > 1 else ''}) was saved {when} UTC. "
                         "You are replaying in practice mode.")
                self.mode = "practice"
                self.engine = VignetteEngine(self.vignette)
                self.run = new_run_id()
            elif self.engine.steps:
                note += "Resuming your graded run where you left it."
                for step in self.engine.steps:
                    self.transcript.children += (self._step_html(step),)
            else:
                note += "Your saved steps do not fit this vignette's start; your graded run starts afresh."
        if contents.problems:
            note += " Note: " + " ".join(contents.problems)
        self._render_scene()
        if self.practice_only:
            default = "Practice room: choose a response, then press Respond. Nothing here is graded."
        elif self.needs_own_words:
            default = "First write what you would say, then press Save my words. Your first run is graded."
        else:
            default = "Choose a response, then press Respond. Your first run is graded."
        self._say(note or default, "ℹ")

    @property
    def needs_own_words(self) -> bool:
        """True while a fresh graded run waits for the trainee's own words (options hidden)."""
        return (self.mode == "graded" and not self.engine.steps and self.own_words is None
                and self.engine.current_id == self.vignette.start)

    # -- the click twins --------------------------------------------------------------------
    def save_own_words(self, text: str | None = None) -> str:
        """Save what the trainee wrote (``text`` types it first, as a person would); show the options.

        Blank text, or fewer words than :data:`attuned.model.vocab.OWN_WORDS_MIN_WORDS`, is refused with
        a sentence shown under the box (and in the status line), never saved. Long text is kept
        whole: the log's only limit is its line size (64 KiB), and going over it says so rather
        than truncating.
        """
        if text is not None and self.needs_own_words:
            self.own_words_form.set_value("words", text)
        if not self.needs_own_words:
            if self.own_words is not None:
                self._say("Your words are already saved; choose a response below.", "ℹ")
                return self.own_words
            raise VignetteError("own words are written once, at the start of the graded run")
        words = str(self.own_words_form.value("words") or "")
        problem = own_words_problem(words, self.vignette.client.name)
        self.own_words_form.update_field("words", error=problem)
        if problem is not None:
            raise VignetteError(problem)
        scene = self.engine.current
        assert scene is not None
        self._save("own_words", words, scene=scene.id, run=self.run)
        self.own_words = words
        self._render_scene()
        self._say("Your words are saved. Now choose the response you would give from these, then press "
                  "Respond.", "✔")
        return words

    def choose(self, option_id: str) -> Option:
        if self.needs_own_words:
            raise VignetteError("write and save your own words first; the options appear after that")
        option = self.engine.choose(option_id)
        if self.choice.value("response") != option_id:
            self.choice.set_value("response", option_id)
        return option

    def respond(self, option_id: str | None) -> Step:
        """What a press of Respond does: commit ``option_id``, the option the page showed as chosen.

        The front end sends the chosen option with the press itself, so this never commits a
        choice the kernel had held from before (the "arrow, Enter commits the previous choice" race).
        """
        if self.engine.current is not None and not self.needs_own_words:
            if option_id is None:
                raise VignetteError("choose a response before pressing Respond")
            self.choose(option_id)
        return self.commit()

    def commit(self) -> Step:
        scene = self.engine.current
        if scene is None:
            raise VignetteError("this path has ended; replay to practise again")
        if self.needs_own_words:
            raise VignetteError("write and save your own words first; the options appear after that")
        if self.engine.chosen_id is None:
            raise VignetteError("choose a response before pressing Respond")
        option = scene.option(self.engine.chosen_id)
        elsewhere = self.mode == "graded" and not self.is_first(self.run)
        if elsewhere:
            # Another window or kernel started the graded run since this one opened: only the
            # first run is graded, so this step is saved as practice and labelled as such.
            self.mode = "practice"
            self.run = new_run_id()
        kind = "commit" if self.mode == "graded" else "practice"
        self._save(kind, option.id, scene=scene.id, path=[*self.engine.path(), f"{scene.id}:{option.id}"], run=self.run)
        step = self.engine.commit()
        self.transcript.children += (self._step_html(step),)
        self._render_scene(after_commit=True)
        if self.engine.finished:
            label = "graded" if self.mode == "graded" else "practice"
            self._say(f"Saved. Path complete ({label}). Your score on this path: "
                      f"{self.engine.score_fraction() * 100:.0f}% of the best possible ratings. This path has "
                      "ended, so Respond is switched off; Replay in practice mode walks it again.", "✔")
        else:
            self._say(f"Saved ({'graded' if self.mode == 'graded' else 'practice'}). "
                      f"{self.vignette.client.name} responds; the conversation goes on below.", "✔")
        if elsewhere:
            self._say("Saved as PRACTICE: your graded run of this vignette was already started in another "
                      "window or tab, and only that first run is graded.", "⚠")
        return step

    def replay(self) -> None:
        """Start again from the top in practice mode; the graded run stays as it was."""
        if self.mode == "graded" and not self.engine.finished and self.engine.steps:
            raise VignetteError("finish the graded run first; it can be resumed but not restarted")
        self.mode = "practice" if self.engine.steps or self.mode == "practice" else "graded"
        self.engine = VignetteEngine(self.vignette)
        self.run = new_run_id()
        self.transcript.children = ()
        self._render_scene()
        self._say("Practice mode: nothing you choose now changes your grade.", "↻")

    def shown_options(self, scene: Scene | None = None) -> list[Option]:
        """The options of ``scene`` (default: the current one) in the order this trainee sees them."""
        from attuned.notebook.option_order import scene_item, shuffled

        scene = scene or self.engine.current
        if scene is None:
            return []
        return shuffled(scene.options, self.order_seed, scene_item(self.vignette.id, scene.id))

    # -- rendering --------------------------------------------------------------------------
    def _header_html(self) -> str:
        v, c = self.vignette, self.vignette.client
        note = (f'<p role="note"><strong>Content note:</strong> {esc(v.content_note)}</p>' if v.content_note else "")
        return (f'<div class="attuned-card"><h3 style="margin:0.2em 0;font-size:1.15em">{esc(v.title)}</h3>'
                f"<p>{esc(c.name)}, {c.age} ({esc(c.pronouns)}): {esc(c.context)}</p>{note}</div>")

    def _scene_html(self, scene: Scene) -> str:
        setting = f"<p>{esc(scene.setting)}</p>" if scene.setting else ""
        cues = (f'<p class="attuned-cues">What you notice: {esc("; ".join(scene.cues))}.</p>' if scene.cues else "")
        tag = "<p><strong>⚡ Something has strained between you.</strong></p>" if scene.kind == "rupture" else ""
        return (f'<div class="attuned-card" role="group" aria-label="Client speaks">{tag}{setting}'
                f"<p><strong>{esc(self.vignette.client.name)}:</strong> “{esc(scene.client_says)}”</p>{cues}</div>")

    def _step_html(self, step: Step):
        o, name = step.option, self.vignette.client.name
        cues = f' <span class="attuned-cues">({esc("; ".join(o.cues_after))})</span>' if o.cues_after else ""
        return self._w.HTML(
            f'<div class="attuned-card"><p><strong>{esc(name)}:</strong> “{esc(step.scene.client_says)}”</p>'
            f"{self._own_words_html(step)}"
            f"<p><strong>You{' chose' if self._shows_own_words(step) else ''}:</strong> “{esc(o.text)}”</p>"
            f"<p><strong>{esc(name)}'s reaction:</strong> {esc(o.reaction)}{cues}</p>"
            f"<p><strong>Supervisor's ratings</strong> (stance: {esc(o.stance)}): {esc(o.ratings_in_words())}</p>"
            f"<p><strong>Supervisor:</strong> {esc(o.comment)}</p></div>"
        )

    def _render_scene(self, after_commit: bool = False) -> None:
        # Respond starts disabled and is enabled once a response is chosen -- except right after a
        # commit mid-path: keyboard focus is on Respond then, and the next scene's options appear just
        # before it, so it stays enabled and, if pressed without a choice, says why in the status line.
        # At a path's end it is disabled (see _render_choice).
        scene = self.engine.current
        waiting = self.needs_own_words
        before_first_step = self.mode == "graded" and not self.engine.steps and self.own_words is not None
        self.own_words_area.layout.display = None if (waiting or before_first_step) else "none"
        with self.own_words_form.hold_sync():
            self.own_words_form.update_field("words", disabled=not waiting)
            # The button keeps focus after saving (disabling a focused button drops focus to the page).
            self.own_words_form.update_button("save", label="Save my words" if waiting else "Words saved")
            if before_first_step and self.own_words_form.value("words") != self.own_words:
                self.own_words_form.set_value("words", self.own_words or "")
        with self.choice.hold_sync():
            self._render_choice(scene, waiting, after_commit)

    def _render_choice(self, scene: Scene | None, waiting: bool, after_commit: bool) -> None:
        # "requires" keeps Respond disabled on the page until a response is chosen there; right
        # after a commit mid-path focus is on Respond, so it stays pressable and says why if nothing
        # is chosen. At the end of a path there is nothing left to say: Respond is switched off and
        # says so in its name, and the page moves focus from it to Replay (form.js keeps focus on an
        # enabled button of the form), so a keyboard or screen-reader user keeps their place.
        form = self.choice
        respond_label = "Respond" if self.mode == "graded" else "Respond (practice)"
        requires = None if after_commit else "response"
        if scene is None:
            self.scene_html.value = ('<p><em>End of this path.</em> Read the ratings above. Respond is switched '
                                     "off now; press <em>Replay in practice mode</em> to walk the vignette "
                                     "again.</p>")
            form.update_field("response", options=[], hidden=True)
            form.set_value("response", None)
            form.update_button("respond", disabled=True, requires=None, hidden=False,
                               label="Respond (path ended)" if self.mode == "graded" else "Respond (practice, path ended)")
            form.update_button("replay", disabled=False)
            return
        self.scene_html.value = self._scene_html(scene)
        form.set_value("response", None)
        if waiting:  # no option text reaches the page before the trainee's own words are saved
            form.update_field("response", options=[], hidden=True)
            form.update_button("respond", disabled=True, hidden=True)
            form.update_button("replay", disabled=True)
            return
        form.update_field("response", options=[[o.text, o.id] for o in self.shown_options(scene)], hidden=False)
        form.update_button("respond", disabled=False, hidden=False, requires=requires, label=respond_label)
        form.update_button("replay", disabled=self.mode == "graded")

    def _shows_own_words(self, step: Step) -> bool:
        return self.own_words is not None and step.scene.id == self.vignette.start and self.mode == "graded"

    def _own_words_html(self, step: Step) -> str:
        if not self._shows_own_words(step):
            return ""
        return (f'<p><strong>Your own words (written first):</strong> “{esc(self.own_words or "")}”</p>')
