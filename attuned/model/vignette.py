"""The vignette as data, and the pure state machine that walks it.

Nothing here touches widgets, files or the clock. That keeps every branch testable by calling
methods, and lets grading replay a trainee's logged path with the very same rules the widget used.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from attuned.model.vocab import MAX_RATING, QUALITIES, REPAIR_RULE


@dataclass(frozen=True)
class Client:
    name: str
    age: int
    pronouns: str
    context: str


@dataclass(frozen=True)
class Option:
    """One response the trainee can give, and what it does to the client."""

    id: str
    text: str
    stance: str
    reaction: str
    cues_after: tuple[str, ...]
    ratings: dict[str, int]
    comment: str
    next: str | None

    @property
    def fraction(self) -> float:
        """Share of the best possible rating this response earns (0..1)."""
        return sum(self.ratings[q] for q in QUALITIES) / (MAX_RATING * len(QUALITIES))

    def ratings_in_words(self) -> str:
        """Ratings as text ("Attunement 2/2 · ..."), so nothing depends on colour, followed by the
        repair rule (vocab.REPAIR_RULE): every place that shows ratings shows it from here."""
        scores = " · ".join(f"{q.capitalize()} {self.ratings[q]}/{MAX_RATING}" for q in QUALITIES)
        return f"{scores}. {REPAIR_RULE}"

    def ratings_code(self) -> str:
        """The compact A-R-W-Rp-P code used in the curriculum brief, e.g. ``2-2-2-1-2``."""
        return "-".join(str(self.ratings[q]) for q in QUALITIES)


@dataclass(frozen=True)
class Scene:
    id: str
    client_says: str
    cues: tuple[str, ...]
    options: tuple[Option, ...]
    kind: str = "moment"  # "moment" or "rupture" (a strain the trainee may repair)
    setting: str = ""

    def option(self, option_id: str) -> Option:
        for opt in self.options:
            if opt.id == option_id:
                return opt
        known = ", ".join(o.id for o in self.options)
        raise UnknownOption(f"scene '{self.id}' has no option '{option_id}' (options: {known})")


@dataclass(frozen=True)
class VignetteScript:
    """A vignette's content as loaded from its YAML file: the client, the scenes, the options.

    A script, not the thing a notebook shows: ``attuned.Vignette("m2.tomas")`` (the package root)
    builds the player widget that walks a trainee through this script.
    """

    id: str
    title: str
    module: str
    client: Client
    start: str
    scenes: dict[str, Scene]
    content_note: str = ""
    source_file: str = ""
    #: 1 = one clear best response; 2 = a tempting near-miss; 3 = subtle: several defensible
    #: options, or strain that is easy to miss. Shown on the course map and in the practice room.
    difficulty: int = 1

    def scene(self, scene_id: str) -> Scene:
        return self.scenes[scene_id]

    def engine(self) -> VignetteEngine:
        return VignetteEngine(self)


class VignetteError(Exception):
    """A move the engine cannot make (wrong option, commit with nothing chosen, path over)."""


class UnknownOption(VignetteError):
    pass


@dataclass(frozen=True)
class Step:
    """A committed response: where it was given, and what it was."""

    scene: Scene
    option: Option

    @property
    def key(self) -> str:
        return f"{self.scene.id}:{self.option.id}"


@dataclass
class VignetteEngine:
    """Walks one path through a vignette: choose, commit, repeat until a scene has no successor.

    ``choose`` may be called any number of times (the trainee is still deciding); ``commit``
    makes the choice part of the path and moves on. Scoring is the mean of the committed steps'
    rating fractions, so a rupture followed by a good repair earns back part of the credit.
    """

    vignette: VignetteScript
    steps: list[Step] = field(default_factory=list)
    current_id: str | None = None
    chosen_id: str | None = None

    def __post_init__(self) -> None:
        if self.current_id is None and not self.steps:
            self.current_id = self.vignette.start

    @property
    def current(self) -> Scene | None:
        return None if self.current_id is None else self.vignette.scene(self.current_id)

    @property
    def finished(self) -> bool:
        return self.current_id is None

    def choose(self, option_id: str) -> Option:
        scene = self._require_scene()
        option = scene.option(option_id)
        self.chosen_id = option.id
        return option

    def commit(self) -> Step:
        scene = self._require_scene()
        if self.chosen_id is None:
            raise VignetteError("choose a response before committing")
        step = Step(scene, scene.option(self.chosen_id))
        self.steps.append(step)
        self.current_id = step.option.next
        self.chosen_id = None
        return step

    def take(self, option_id: str) -> Step:
        """Choose and commit in one move (what a persona or a replayed log does)."""
        self.choose(option_id)
        return self.commit()

    def path(self) -> list[str]:
        return [s.key for s in self.steps]

    def score_fraction(self) -> float:
        """Mean rating fraction over steps; an unfinished path counts its next step as 0."""
        if not self.steps:
            return 0.0
        total = sum(s.option.fraction for s in self.steps)
        denominator = len(self.steps) + (0 if self.finished else 1)
        return total / denominator

    def _require_scene(self) -> Scene:
        if self.current is None:
            raise VignetteError("this path has ended; replay to practise again")
        return self.current

    @staticmethod
    def from_log(vignette: VignetteScript, steps: list[tuple[str, str]]) -> tuple[VignetteEngine, list[str]]:
        """Rebuild a path from logged ``(scene id, option id)`` steps; return it and notes.

        A log is evidence, not a script: lines may be duplicated (a save retried, a file synced
        twice) or out of order (hand-edited, merged). So the path is walked from the start, and
        at each scene the *first* logged step for that scene with a valid option is taken. Steps
        that never fit (duplicates, other scenes, unknown options) are counted in the notes and
        never move the path; nothing here raises.
        """
        engine = VignetteEngine(vignette)
        unused = list(range(len(steps)))
        invalid = 0
        while not engine.finished:
            scene = engine.current
            assert scene is not None
            taken = None
            for index in unused:
                scene_id, option_id = steps[index]
                if scene_id != scene.id:
                    continue
                if any(o.id == option_id for o in scene.options):
                    taken = index
                    break
            if taken is None:
                break
            # Steps logged at this scene before the valid one named no real option.
            for index in [i for i in unused if i < taken and steps[i][0] == scene.id]:
                unused.remove(index)
                invalid += 1
            unused.remove(taken)
            engine.take(steps[taken][1])
        notes = []
        if invalid:
            notes.append(f"{invalid} logged step{'s' if invalid > 1 else ''} named no option of its scene")
        extra = len(unused)
        if extra:
            notes.append(f"{extra} logged step{'s' if extra > 1 else ''} did not fit the path "
                         "(duplicates, or scenes the path never reached)")
        return engine, notes

    @staticmethod
    def replay(vignette: VignetteScript, option_ids: list[str]) -> VignetteEngine:
        """Rebuild an engine from a list of option ids (raises VignetteError if they don't fit)."""
        engine = VignetteEngine(vignette)
        for option_id in option_ids:
            engine.take(option_id)
        return engine

