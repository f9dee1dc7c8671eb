"""Surface features of vignette options, and the test-wise strategies that exploit them.

Why this exists: if the best-rated response is usually the longest, or the softest, or always
in the same place, a trainee can score well with no clinical judgement at all, and the points
stop being evidence of attunement. The strategies here choose by surface alone (length,
"softness", position) and never read a rating. Authors use them through ``attuned item-stats``
to check that a vignette can only be passed with the skill it teaches; the test-wise personas
use the very same choosers in the real nbgrader cycle.

Everything here is pure: scenes in, numbers out. No widgets, files or pandas.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from attuned.model.vignette import Option, Scene, VignetteEngine, VignetteScript

#: Course-wide targets (issue 10), asserted by tests/test_surface.py over all content.
MAX_SHARE_BEST_IS_LONGEST = 0.35
RATIO_RANGE = (0.8, 1.25)
MIN_SHARE_BEST_IS_SHORT = 1 / 3
#: A "short" response: a few words, a pause, a single reflection.
SHORT_WORDS = 12
#: A test-wise persona must earn at most this share of the attuned persona's vignette points.
MAX_TESTWISE_SHARE = 0.55

# The softness scorer. Deliberately simple and documented, because it stands for what a
# test-wise trainee would look for: hedges, feeling words and questions. One point per hedge,
# per feeling word and per question mark.
HEDGES = (
    "perhaps", "maybe", "might", "could", "i wonder", "wondering", "sounds like", "it sounds",
    "seems", "i guess", "a little", "if you'd like", "if you want", "if that's okay", "would you",
    "if it's all right", "gently", "take your time", "no rush", "only if",
)
FEELING_WORDS = (
    "feel", "feeling", "felt", "sad", "hurt", "lonely", "alone", "scared", "afraid", "frightened",
    "angry", "upset", "hard", "painful", "pain", "grief", "grieving", "moved", "heavy", "tired",
    "ashamed", "shame", "worried", "anxious", "overwhelmed", "safe", "care", "heart", "tears",
)
_WORD = re.compile(r"[a-z']+")


def length(option: Option) -> int:
    """Length in characters of what the trainee would say: the measure the targets use."""
    return len(option.text.strip())


def words(option: Option) -> int:
    return len(option.text.split())


def softness(option: Option) -> int:
    """Hedges + feeling words + question marks in the option's text (higher = 'softer')."""
    text = option.text.lower().replace("’", "'")
    tokens = _WORD.findall(text)
    padded = " " + " ".join(tokens) + " "
    hedges = sum(padded.count(f" {h} ") for h in HEDGES)
    feelings = sum(1 for t in tokens if t in FEELING_WORDS)
    return hedges + feelings + option.text.count("?")


def total(option: Option) -> int:
    return sum(option.ratings.values())


# -- test-wise choosers: each picks by surface alone; ties go to the option shown first --------
def pick_longest(scene: Scene) -> Option:
    return max(scene.options, key=length)


def pick_shortest(scene: Scene) -> Option:
    return min(scene.options, key=length)


def pick_softest(scene: Scene) -> Option:
    return max(scene.options, key=softness)


def pick_first(scene: Scene) -> Option:
    return scene.options[0]


def pick_second_shortest(scene: Scene) -> Option:
    """The second-shortest option (equal lengths: the one shown first counts as shorter); the
    only option when there is one. Where issue 10's content hid the key from "shortest"."""
    ranked = sorted(enumerate(scene.options), key=lambda p: (length(p[1]), p[0]))
    return ranked[min(2, len(ranked)) - 1][1]


def pick_middle(scene: Scene) -> Option:
    """The option whose length is nearest the median length of the moment's options; on a tie
    (always so with an even number of options) the shorter, then the one shown first."""
    median = statistics.median(length(o) for o in scene.options)
    return min(enumerate(scene.options), key=lambda p: (abs(length(p[1]) - median), length(p[1]), p[0]))[1]


def pick_best(scene: Scene) -> Option:
    """The reference: the highest-rated option (what a fully attuned trainee would choose)."""
    return max(scene.options, key=total)


# -- keys and distractors: the one definition every surface check uses ------------------------
def key(scene: Scene) -> Option:
    """The KEY of a moment: its best-rated option (the first shown, authored order, on a tie)."""
    return pick_best(scene)


def distractors(scene: Scene) -> list[Option]:
    """The options rated below the key. An option tied with the key is neither key nor distractor."""
    top = total(key(scene))
    return [o for o in scene.options if total(o) < top]


def scored(scene: Scene) -> bool:
    """A scored moment: at least two options, and at least one rated below the key."""
    return len(scene.options) >= 2 and bool(distractors(scene))


TESTWISE: dict[str, Callable[[Scene], Option]] = {
    "longest": pick_longest,
    "shortest": pick_shortest,
    "softest": pick_softest,
    "first": pick_first,
}
TESTWISE_DESCRIPTIONS: dict[str, str] = {
    "longest": "test-wise: always picks the longest response; on checks, the longest answer",
    "shortest": "test-wise: always picks the shortest response; on checks, the shortest answer",
    "softest": "test-wise: picks the response with most hedges, feeling words and questions",
    "first": "test-wise: always picks the first response shown; on checks, the first answer",
}
#: The test-wise personas of ``make demo``: issue 10's four, and two that look where the key hid
#: from them (issue 21). ``attuned item-stats`` tries every rank and position (attuned.reports.adversarial).
PERSONA_STRATEGIES: dict[str, Callable[[Scene], Option]] = {
    **TESTWISE,
    "second-shortest": pick_second_shortest,
    "middle": pick_middle,
}
PERSONA_DESCRIPTIONS: dict[str, str] = {
    **TESTWISE_DESCRIPTIONS,
    "second-shortest": "test-wise: always picks the second-shortest response; on checks, the second-shortest answer",
    "middle": "test-wise: picks the response nearest the median length; on checks, likewise",
}


def walk(vignette: VignetteScript, chooser: Callable[[Scene], Option]) -> VignetteEngine:
    """Play one whole path choosing with ``chooser``; return the engine (score, steps)."""
    engine = VignetteEngine(vignette)
    while not engine.finished:
        assert engine.current is not None
        engine.take(chooser(engine.current).id)
    return engine


# -- per-scene surface statistics --------------------------------------------------------------
@dataclass(frozen=True)
class SceneStats:
    vignette: str
    scene: str
    options: int
    best_length: float
    others_length: float
    best_is_longest: bool
    best_is_shortest: bool
    best_is_short: bool
    best_only_question: bool

    @property
    def ratio(self) -> float:
        return self.best_length / self.others_length if self.others_length else 1.0

    @property
    def warning(self) -> str:
        if self.best_is_longest and self.best_only_question:
            return ("the best option is both the longest and the only one ending in a question: "
                    "guessable from its surface")
        return ""


def scene_stats(vignette: VignetteScript, scene: Scene) -> SceneStats:
    top = max(total(o) for o in scene.options)
    best = [o for o in scene.options if total(o) == top]
    others = [o for o in scene.options if total(o) < top] or best
    questions = [o for o in scene.options if o.text.rstrip().endswith("?")]
    return SceneStats(
        vignette=vignette.id,
        scene=scene.id,
        options=len(scene.options),
        best_length=statistics.mean(length(o) for o in best),
        others_length=statistics.mean(length(o) for o in others),
        best_is_longest=pick_longest(scene) in best,
        best_is_shortest=pick_shortest(scene) in best,
        best_is_short=any(words(o) <= SHORT_WORDS for o in best),
        best_only_question=bool(questions) and all(o in best for o in questions) and len(questions) < len(scene.options),
    )


def vignette_stats(vignette: VignetteScript) -> list[SceneStats]:
    return [scene_stats(vignette, s) for s in vignette.scenes.values()]


@dataclass(frozen=True)
class Summary:
    moments: int
    best_is_longest: int
    best_is_short: int
    median_ratio: float
    warnings: list[str]

    @property
    def share_longest(self) -> float:
        return self.best_is_longest / self.moments if self.moments else 0.0

    @property
    def share_short(self) -> float:
        return self.best_is_short / self.moments if self.moments else 0.0

    def problems(self) -> list[str]:
        """What misses the course-wide targets, in sentences (empty when all targets hold)."""
        out = []
        if self.share_longest > MAX_SHARE_BEST_IS_LONGEST:
            out.append(f"the best option is the longest in {self.share_longest:.0%} of moments "
                       f"(target ≤ {MAX_SHARE_BEST_IS_LONGEST:.0%})")
        low, high = RATIO_RANGE
        if not low <= self.median_ratio <= high:
            out.append(f"median length ratio best/others is {self.median_ratio:.2f} (target {low}–{high})")
        if self.share_short < MIN_SHARE_BEST_IS_SHORT:
            out.append(f"the best option is short (≤ {SHORT_WORDS} words) in {self.share_short:.0%} of moments "
                       f"(target ≥ {MIN_SHARE_BEST_IS_SHORT:.0%})")
        return out


def summarise(stats: list[SceneStats]) -> Summary:
    return Summary(
        moments=len(stats),
        best_is_longest=sum(s.best_is_longest for s in stats),
        best_is_short=sum(s.best_is_short for s in stats),
        median_ratio=statistics.median(s.ratio for s in stats) if stats else 1.0,
        warnings=[f"{s.vignette} scene '{s.scene}': {s.warning}" for s in stats if s.warning],
    )


def testwise_shares(vignettes: list[VignetteScript]) -> dict[str, float]:
    """Each test-wise strategy's share of the attuned reference's points over these vignettes."""
    reference = sum(walk(v, pick_best).score_fraction() for v in vignettes)
    return {name: (sum(walk(v, chooser).score_fraction() for v in vignettes) / reference if reference else 0.0)
            for name, chooser in TESTWISE.items()}


def report(course) -> tuple[str, list[str]]:
    """Plain-text item statistics per module and for the course; returns (text, target misses)."""
    lines = [f"{'module / vignette':<44} {'moments':>7} {'longest':>8} {'short':>6} {'ratio':>6}  "
             + "  ".join(f"{n:>8}" for n in TESTWISE) + "  tier"]
    every: list[SceneStats] = []
    misses: list[str] = []
    for module in course.modules.values():
        module_vignettes = [course.vignette(v) for v in module.items("vignette") if v in course.vignettes]
        module_stats: list[SceneStats] = []
        for v in module_vignettes:
            stats = vignette_stats(v)
            module_stats += stats
            s = summarise(stats)
            shares = testwise_shares([v])
            lines.append(f"  {v.id:<42} {s.moments:>7} {s.best_is_longest:>8} {s.best_is_short:>6} "
                         f"{s.median_ratio:>6.2f}  " + "  ".join(f"{shares[n]:>8.0%}" for n in TESTWISE)
                         + f"  {getattr(v, 'difficulty', '')}")
        s = summarise(module_stats)
        shares = testwise_shares(module_vignettes)
        lines.append(f"{module.folder:<44} {s.moments:>7} {s.best_is_longest:>8} {s.best_is_short:>6} "
                     f"{s.median_ratio:>6.2f}  " + "  ".join(f"{shares[n]:>8.0%}" for n in TESTWISE))
        for name, share in shares.items():
            if share > MAX_TESTWISE_SHARE:
                misses.append(f"{module.folder}: the '{name}' strategy earns {share:.0%} of the attuned points "
                              f"(target ≤ {MAX_TESTWISE_SHARE:.0%})")
        every += module_stats
    s = summarise(every)
    lines.append(f"{'course':<44} {s.moments:>7} {s.best_is_longest:>8} {s.best_is_short:>6} {s.median_ratio:>6.2f}")
    lines.append(f"Best option is the longest in {s.best_is_longest} of {s.moments} moments ({s.share_longest:.0%}); "
                 f"short (≤ {SHORT_WORDS} words) in {s.best_is_short} ({s.share_short:.0%}); median length ratio "
                 f"best/others {s.median_ratio:.2f}.")
    lines += [f"warning: {w}" for w in s.warnings]
    misses = s.problems() + misses
    return "\n".join(lines), misses


# -- knowledge checks ------------------------------------------------------------------------------
def check_report(course, keys: dict[str, list[str]]) -> tuple[str, list[str]]:
    """The same question of the knowledge checks: is the keyed answer findable by its surface?

    Needs the instructor's keys (never shipped to trainees), so it runs only where they are.
    A test-wise trainee picks one option per check; a check "falls" to a strategy when that pick
    is a keyed option.
    """
    lines, misses = [], []
    longest_keyed = 0
    falls = {name: 0 for name in TESTWISE}
    checks = [c for c in course.checks.values() if c.id in keys]
    for check in checks:
        key = set(keys[check.id])
        if pick_longest(check).id in key:
            longest_keyed += 1
        for name, chooser in TESTWISE.items():
            if chooser(check).id in key:
                falls[name] += 1
    n = len(checks) or 1
    lines.append(f"Knowledge checks: the keyed answer is the longest option in {longest_keyed} of {len(checks)} "
                 f"({longest_keyed / n:.0%}); a test-wise pick lands on a keyed option: "
                 + ", ".join(f"{name} {count} ({count / n:.0%})" for name, count in falls.items()) + ".")
    if longest_keyed / n > MAX_SHARE_BEST_IS_LONGEST:
        misses.append(f"knowledge checks: the keyed answer is the longest option in {longest_keyed / n:.0%} "
                      f"(target ≤ {MAX_SHARE_BEST_IS_LONGEST:.0%})")
    for name, count in falls.items():
        if count / n > 0.4:
            misses.append(f"knowledge checks: the '{name}' strategy lands on a keyed option in {count / n:.0%} "
                          "(target ≤ 40%)")
    return "\n".join(lines), misses
