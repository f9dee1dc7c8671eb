"""The adversarial surface check (issue 21): can ANY surface pattern find the best response?

Issue 10 held the course to four named strategies (longest, shortest, softest, first), and the
key simply moved to where none of them looked: the second-shortest option. Tuning content to a
list of named rules moves the tell; this module attacks the content the way a test-wise trainee
who keeps looking would, in three ways, and ``attuned item-stats --strict`` fails on any of them:

1. **Every rank and position.** "Always the k-th shortest", "always the k-th longest" and "always
   the k-th shown (authored order)" for every k up to the most options any moment has, plus
   "always the option nearest the median length". Each walks the real :class:`VignetteEngine`,
   so a strategy follows the path its own choices lead to. Each must earn at most 55% of the
   attuned path's vignette points in every module. So must a uniform guess, in expectation
   ("random"): with options shuffled per trainee, "always the first shown" is exactly that.
2. **A model of the authors' voice.** A conditional-logit model (a softmax over the options of a
   moment) sees only surface features: *form* (characters, words, length rank within the moment,
   punctuation, sentences, question marks) and *words* (which words and bigrams occur). Trained
   leave-one-module-out, it must find the best option in no more moments than chance + 10
   percentage points, course-wide. Three models are trained (form only, words only, both) and
   each is held to the bound: an attacker would use whichever works.
3. **Markers.** A word or bigram that appears in at least 5 keys and no distractor (or the other
   way round) is a rule a trainee can learn; the list must be empty.

Definitions live in one place: the KEY of a moment, its DISTRACTORS and which moments are SCORED
are :func:`attuned.reports.surface.key`, :func:`~attuned.reports.surface.distractors` and
:func:`~attuned.reports.surface.scored`. Ties are settled deterministically and documented at each chooser.

Everything here is pure (vignettes in, numbers out) and deterministic: the model starts from zero
weights, uses full-batch gradient steps for a fixed number of iterations and draws no random
numbers, so the same content always gives the same report.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from attuned.model.vignette import Option, Scene, VignetteScript
from attuned.reports import surface

#: A strategy may earn at most this share of the attuned path's vignette points in any module.
MAX_STRATEGY_SHARE = surface.MAX_TESTWISE_SHARE
#: The surface model may beat chance by at most this many percentage points, course-wide.
MODEL_MARGIN = 0.10
#: A word or bigram in at least this many keys and no distractor (or the reverse) is a marker.
MARKER_MIN = 5
#: The model's fixed training schedule (no random numbers are drawn; the run is deterministic).
MODEL_ITERATIONS = 400
MODEL_L2 = 0.05
#: Words and bigrams the model may use must occur in at least this many training moments.
MODEL_MIN_MOMENTS = 2
MODEL_KINDS = ("form", "words", "form+words")

Chooser = Callable[[Scene], Option]
ModuleVignettes = list[tuple[str, list[VignetteScript]]]


# -- 1. rank and position strategies ---------------------------------------------------------
def nth_shortest(k: int) -> Chooser:
    """Always the k-th shortest (characters). Equal lengths: the option shown first (authored
    order) counts as shorter. A moment with fewer than k options: its longest option."""
    def choose(scene: Scene) -> Option:
        ranked = sorted(enumerate(scene.options), key=lambda p: (surface.length(p[1]), p[0]))
        return ranked[min(k, len(ranked)) - 1][1]
    return choose


def nth_longest(k: int) -> Chooser:
    """Always the k-th longest. Equal lengths: the option shown first counts as longer. A moment
    with fewer than k options: its shortest option."""
    def choose(scene: Scene) -> Option:
        ranked = sorted(enumerate(scene.options), key=lambda p: (-surface.length(p[1]), p[0]))
        return ranked[min(k, len(ranked)) - 1][1]
    return choose


def nth_shown(k: int) -> Chooser:
    """Always the k-th option in authored order (the last one when a moment has fewer than k)."""
    def choose(scene: Scene) -> Option:
        return scene.options[min(k, len(scene.options)) - 1]
    return choose


def strategies(max_options: int) -> dict[str, Chooser]:
    """Every rank and position strategy for moments of up to ``max_options`` options."""
    out: dict[str, Chooser] = {}
    for k in range(1, max_options + 1):
        out[f"shortest-{k}"] = nth_shortest(k)
    for k in range(1, max_options + 1):
        out[f"longest-{k}"] = nth_longest(k)
    for k in range(1, max_options + 1):
        out[f"shown-{k}"] = nth_shown(k)
    out["middle"] = surface.pick_middle
    return out


def strategy_share(vignettes: list[VignetteScript], chooser: Chooser) -> float:
    """The strategy's vignette points as a share of the attuned path's (both walk the engine)."""
    reference = sum(surface.walk(v, surface.pick_best).score_fraction() for v in vignettes)
    got = sum(surface.walk(v, chooser).score_fraction() for v in vignettes)
    return got / reference if reference else 0.0


def expected_random_score(vignette: VignetteScript, max_steps: int = 50) -> float:
    """The expected score of a trainee who picks uniformly at random at every moment: what "always
    the first shown" earns on average when every trainee sees their own shuffled order."""
    def walk_all(scene_id: str | None, fractions: tuple[float, ...], probability: float) -> float:
        if scene_id is None or len(fractions) >= max_steps:
            return probability * (sum(fractions) / len(fractions) if fractions else 0.0)
        options = vignette.scene(scene_id).options
        return sum(walk_all(o.next, (*fractions, o.fraction), probability / len(options)) for o in options)

    return walk_all(vignette.start, (), 1.0)


def random_share(vignettes: list[VignetteScript]) -> float:
    """A uniform guesser's expected vignette points as a share of the attuned path's."""
    reference = sum(surface.walk(v, surface.pick_best).score_fraction() for v in vignettes)
    return sum(expected_random_score(v) for v in vignettes) / reference if reference else 0.0


def key_hits(vignettes: list[VignetteScript], chooser: Chooser) -> list[str]:
    """``vignette:scene`` of every scored moment where the strategy picks the key."""
    return [f"{v.id}:{s.id}" for v in vignettes for s in v.scenes.values()
            if surface.scored(s) and chooser(s) is surface.key(s)]


# -- 2. the surface model --------------------------------------------------------------------
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_PUNCTUATION = (",", ".", "!", "?", ";", ":", "-", "—", "–", "…", "(", ")", '"', "'")
_SENTENCE_END = re.compile(r"[.!?…]+")


def tokens(text: str) -> list[str]:
    """Lowercased words; curly apostrophes made straight; stop-words kept (they can be tells)."""
    return _TOKEN.findall(text.lower().replace("’", "'").replace("‘", "'"))


def grams(text: str) -> set[str]:
    """The words and the bigrams (two adjacent words, joined by a space) of ``text``."""
    words = tokens(text)
    return set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}


def form_features(texts: list[str]) -> np.ndarray:
    """One row per option: length, its rank in the moment, punctuation, sentences, questions."""
    chars = np.array([len(t.strip()) for t in texts], dtype=float)
    nwords = np.array([len(t.split()) for t in texts], dtype=float)
    n = len(texts)
    order = sorted(range(n), key=lambda i: (chars[i], i))
    rank = np.empty(n)
    rank[order] = np.arange(n)
    rows = []
    for i, text in enumerate(texts):
        stripped = text.strip()
        from_short = [float(rank[i] == k) for k in range(4)]
        from_long = [float(n - 1 - rank[i] == k) for k in range(4)]
        row = [
            chars[i], nwords[i], np.log1p(chars[i]),
            chars[i] / chars.mean() if chars.mean() else 1.0,
            nwords[i] / nwords.mean() if nwords.mean() else 1.0,
            rank[i] / (n - 1) if n > 1 else 0.0, *from_short, *from_long,
            *(float(stripped.count(p)) for p in _PUNCTUATION),
            float(max(1, len(_SENTENCE_END.findall(stripped)))),
            float(stripped.count("?")), float(stripped.endswith("?")), float(stripped.endswith("!")),
        ]
        rows.append(row)
    return np.array(rows, dtype=float)


@dataclass(frozen=True)
class Moment:
    """A scored moment as the model sees it: option texts in authored order, and the key."""

    module: str
    vignette: str
    scene: str
    texts: tuple[str, ...]
    key_index: int

    @property
    def name(self) -> str:
        return f"{self.vignette}:{self.scene}"


def moments(modules: ModuleVignettes) -> list[Moment]:
    out = []
    for module, vignettes in modules:
        for v in vignettes:
            for scene in v.scenes.values():
                if surface.scored(scene):
                    key = surface.key(scene)
                    out.append(Moment(module, v.id, scene.id, tuple(o.text for o in scene.options),
                                      next(i for i, o in enumerate(scene.options) if o is key)))
    return out


class _Featuriser:
    """Builds the design matrix of one model from its training moments only (no peeking)."""

    def __init__(self, kind: str, train: list[Moment]):
        self.kind = kind
        self.use_form = "form" in kind
        self.use_words = "words" in kind
        if self.use_form:
            stacked = np.vstack([form_features(list(m.texts)) for m in train])
            self.mean = stacked.mean(axis=0)
            std = stacked.std(axis=0)
            self.std = np.where(std > 0, std, 1.0)
        self.vocabulary: dict[str, int] = {}
        if self.use_words:
            seen = Counter(g for m in train for g in set().union(*(grams(t) for t in m.texts)))
            kept = sorted(g for g, count in seen.items() if count >= MODEL_MIN_MOMENTS)
            self.vocabulary = {g: i for i, g in enumerate(kept)}

    def __call__(self, moment: Moment) -> np.ndarray:
        parts = []
        if self.use_form:
            parts.append((form_features(list(moment.texts)) - self.mean) / self.std)
        if self.use_words:
            words = np.zeros((len(moment.texts), len(self.vocabulary)))
            for row, text in enumerate(moment.texts):
                for g in grams(text):
                    if g in self.vocabulary:
                        words[row, self.vocabulary[g]] = 1.0
            parts.append(words)
        return np.hstack(parts) if parts else np.zeros((len(moment.texts), 0))


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max())
    return shifted / shifted.sum()


def fit(xs: list[np.ndarray], keys: list[int]) -> np.ndarray:
    """Conditional logit by Nesterov-accelerated gradient descent from zero weights.

    Objective: mean negative log-likelihood of each moment's key under a softmax over its
    options, plus ``MODEL_L2 / 2 · |w|²``. The step is 1 / (a bound on the curvature), so the run
    is stable for any content, and the fixed iteration count keeps it deterministic.
    """
    dims = xs[0].shape[1]
    weights = np.zeros(dims)
    if dims == 0:
        return weights
    curvature = MODEL_L2 + max(float((x ** 2).sum(axis=1).max()) for x in xs)
    step = 1.0 / curvature
    previous = weights.copy()
    for iteration in range(1, MODEL_ITERATIONS + 1):
        look = weights + (iteration - 1) / (iteration + 2) * (weights - previous)
        gradient = MODEL_L2 * look
        for x, key in zip(xs, keys, strict=True):
            p = _softmax(x @ look)
            gradient += (p @ x - x[key]) / len(xs)
        previous, weights = weights, look - step * gradient
    return weights


def found(scores: np.ndarray, key: int) -> float:
    """1 if the key alone scores highest; on a tie at the top, 1/(number tied) if it is among them
    (what a random tie-break would earn on average, so a model that learned nothing is at chance)."""
    tied = np.flatnonzero(scores >= scores.max() - 1e-9)
    return 1.0 / len(tied) if key in tied else 0.0


@dataclass
class ModelResult:
    kind: str
    moments: int = 0
    chance: float = 0.0  # expected moments found by guessing: sum of 1 / options
    found: float = 0.0
    per_module: dict[str, tuple[float, int, float]] = field(default_factory=dict)  # found, moments, chance
    found_in: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.found / self.moments if self.moments else 0.0

    @property
    def chance_share(self) -> float:
        return self.chance / self.moments if self.moments else 0.0

    @property
    def passed(self) -> bool:
        return self.share <= self.chance_share + MODEL_MARGIN + 1e-12


def leave_one_module_out(all_moments: list[Moment], kind: str) -> ModelResult:
    """Train on every module but one, test on that one, for each module; sum what it finds."""
    result = ModelResult(kind)
    modules = list(dict.fromkeys(m.module for m in all_moments))
    for held_out in modules:
        test = [m for m in all_moments if m.module == held_out]
        train = [m for m in all_moments if m.module != held_out]
        if not train:
            weights, featurise = None, None
        else:
            featurise = _Featuriser(kind, train)
            weights = fit([featurise(m) for m in train], [m.key_index for m in train])
        got = 0.0
        for m in test:
            scores = featurise(m) @ weights if featurise is not None else np.zeros(len(m.texts))
            hit = found(scores, m.key_index)
            got += hit
            if hit == 1.0:
                result.found_in.append(m.name)
        chance = sum(1 / len(m.texts) for m in test)
        result.per_module[held_out] = (got, len(test), chance)
        result.found += got
        result.moments += len(test)
        result.chance += chance
    return result


# -- 3. markers ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Marker:
    gram: str
    keys: int
    distractors: int
    where: tuple[str, ...]

    @property
    def side(self) -> str:
        return "keys" if self.keys else "distractors"


def markers(modules: ModuleVignettes, minimum: int = MARKER_MIN) -> list[Marker]:
    """Words and bigrams in ≥ ``minimum`` keys and no distractor, or ≥ ``minimum`` distractors
    and no key, over every scored moment (an option counts once however often it repeats one)."""
    in_keys: dict[str, list[str]] = {}
    in_distractors: dict[str, list[str]] = {}
    for _module, vignettes in modules:
        for v in vignettes:
            for scene in v.scenes.values():
                if not surface.scored(scene):
                    continue
                for g in grams(surface.key(scene).text):
                    in_keys.setdefault(g, []).append(f"{v.id}:{scene.id}")
                for option in surface.distractors(scene):
                    for g in grams(option.text):
                        in_distractors.setdefault(g, []).append(f"{v.id}:{scene.id}:{option.id}")
    out = []
    for g, where in in_keys.items():
        if len(where) >= minimum and g not in in_distractors:
            out.append(Marker(g, len(where), 0, tuple(where)))
    for g, where in in_distractors.items():
        if len(where) >= minimum and g not in in_keys:
            out.append(Marker(g, 0, len(where), tuple(where)))
    return sorted(out, key=lambda m: (-(m.keys + m.distractors), m.gram))


# -- the whole check -------------------------------------------------------------------------
def course_modules(course) -> ModuleVignettes:
    """Every loaded vignette, grouped by its module folder (so one an author just added counts)."""
    grouped: dict[str, list[VignetteScript]] = {}
    for v in course.vignettes.values():
        grouped.setdefault(v.module, []).append(v)
    return [(module, grouped[module]) for module in sorted(grouped)]


@dataclass
class CheckResult:
    strategy_shares: dict[str, dict[str, float]]  # module -> strategy -> share
    strategy_hits: dict[str, dict[str, list[str]]]  # module -> strategy -> moments where it found the key
    models: list[ModelResult]
    markers: list[Marker]

    def failures(self) -> list[str]:
        """One line per failure, naming the module, the moments and the strategy."""
        out = []
        for module, shares in self.strategy_shares.items():
            for name, share in shares.items():
                if share > MAX_STRATEGY_SHARE + 1e-12:
                    hits = self.strategy_hits[module][name]
                    if name == "random":
                        out.append(f"{module}: a uniform guess (what 'first shown' is when each trainee sees their own "
                                   f"order) earns {share:.0%} of the attuned path's vignette points on average "
                                   f"(target ≤ {MAX_STRATEGY_SHARE:.0%}): distractors are rated too close to the key")
                        continue
                    out.append(f"{module}: strategy '{name}' earns {share:.0%} of the attuned path's vignette "
                               f"points (target ≤ {MAX_STRATEGY_SHARE:.0%}); it picks the key in "
                               f"{len(hits)} moment{'s' if len(hits) != 1 else ''}: {', '.join(hits) or '—'}")
        for model in self.models:
            if not model.passed:
                out.append(f"course: the surface model ({model.kind}) finds the best option in {model.found:g} of "
                           f"{model.moments} moments ({model.share:.0%}; target ≤ chance {model.chance_share:.0%} "
                           f"+ {MODEL_MARGIN:.0%}); it finds: {', '.join(model.found_in)}")
        for marker in self.markers:
            other = "distractor" if marker.side == "keys" else "key"
            count = marker.keys or marker.distractors
            out.append(f"marker '{marker.gram}': in {count} {marker.side} and no {other} "
                       f"({', '.join(marker.where)})")
        return out

    def table(self) -> str:
        names = list(next(iter(self.strategy_shares.values()), {}))
        lines = ["Adversarial surface check: each strategy's share of the attuned path's vignette points "
                 f"(target ≤ {MAX_STRATEGY_SHARE:.0%} in every module)",
                 f"{'module':<40} " + " ".join(f"{n:>11}" for n in names)]
        for module, shares in self.strategy_shares.items():
            lines.append(f"{module:<40} " + " ".join(f"{shares[n]:>11.0%}" for n in names))
        lines.append(f"Surface model, leave-one-module-out: moments whose best option it finds "
                     f"(target ≤ chance + {MODEL_MARGIN:.0%}, course-wide)")
        lines.append(f"{'module':<40} {'moments':>7} {'chance':>7} " + " ".join(f"{m.kind:>11}" for m in self.models))
        modules = list(self.models[0].per_module) if self.models else []
        for module in modules:
            _found, count, chance = self.models[0].per_module[module]
            lines.append(f"{module:<40} {count:>7} {chance:>7.1f} "
                         + " ".join(f"{m.per_module[module][0]:>11.1f}" for m in self.models))
        if self.models:
            first = self.models[0]
            lines.append(f"{'course':<40} {first.moments:>7} {first.chance:>7.1f} "
                         + " ".join(f"{m.found:>11.1f}" for m in self.models))
            lines.append(f"{'course share':<40} {'':>7} {first.chance_share:>7.0%} "
                         + " ".join(f"{m.share:>11.0%}" for m in self.models))
        lines.append(f"Markers (a word or bigram in ≥ {MARKER_MIN} keys and no distractor, or the reverse): "
                     + (", ".join(f"'{m.gram}' ({m.keys or m.distractors} {m.side})" for m in self.markers)
                        if self.markers else "none"))
        return "\n".join(lines)


def check(modules: ModuleVignettes) -> CheckResult:
    """Run all three attacks over ``modules`` ((module name, vignettes) pairs, in report order)."""
    scenes: Iterable[Scene] = (s for _m, vs in modules for v in vs for s in v.scenes.values())
    widest = max((len(s.options) for s in scenes), default=0)
    choosers = strategies(widest)
    shares: dict[str, dict[str, float]] = {}
    hits: dict[str, dict[str, list[str]]] = {}
    for module, vignettes in modules:
        shares[module] = {name: strategy_share(vignettes, c) for name, c in choosers.items()}
        hits[module] = {name: key_hits(vignettes, c) for name, c in choosers.items()}
        # "First shown" under per-trainee order (attuned.notebook.option_order) is a uniform guess.
        shares[module]["random"] = random_share(vignettes)
        hits[module]["random"] = []
    everything = moments(modules)
    models = [leave_one_module_out(everything, kind) for kind in MODEL_KINDS] if everything else []
    return CheckResult(shares, hits, models, markers(modules))

