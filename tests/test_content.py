"""Every content file, checked: schema, graph, ratings, ids, and what the personas rely on."""

import pytest

from attuned.model.course import CONTENT_ROOT, check_course
from attuned.model.vocab import QUALITIES, STANCE_FAMILIES

COURSE, PROBLEMS = check_course()
VIGNETTES = sorted(COURSE.vignettes)


def test_the_whole_course_validates():
    assert PROBLEMS == [], "\n".join(map(str, PROBLEMS))


def test_seven_modules_in_teaching_order():
    assert [m.number for m in COURSE.modules.values()] == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("vid", VIGNETTES)
def test_every_scene_is_reachable_and_every_path_ends(vid):
    v = COURSE.vignette(vid)
    seen, stack, paths_ended = set(), [(v.start, 0)], 0
    while stack:
        sid, depth = stack.pop()
        assert depth < 10, f"{vid}: a path does not end"
        seen.add(sid)
        for option in v.scene(sid).options:
            if option.next:
                stack.append((option.next, depth + 1))
            else:
                paths_ended += 1
    assert seen == set(v.scenes) and paths_ended > 0


@pytest.mark.parametrize("vid", VIGNETTES)
def test_every_option_is_rated_on_all_five_qualities_and_commented(vid):
    for scene in COURSE.vignette(vid).scenes.values():
        for option in scene.options:
            assert set(option.ratings) == set(QUALITIES) and all(0 <= r <= 2 for r in option.ratings.values())
            assert option.comment and option.reaction and option.stance in STANCE_FAMILIES


@pytest.mark.parametrize("vid", VIGNETTES)
def test_each_scene_has_a_best_attuned_option_and_a_fixing_one(vid):
    for scene in COURSE.vignette(vid).scenes.values():
        totals = sorted((sum(o.ratings.values()), o.stance) for o in scene.options)
        best_total = totals[-1][0]
        best = [s for t, s in totals if t == best_total]
        assert len(best) == 1 and STANCE_FAMILIES[best[0]] == "attuned", f"{vid}/{scene.id}"
        assert any(STANCE_FAMILIES[o.stance] in {"fix", "interpret", "reassure"} for o in scene.options), scene.id


def test_every_module_from_03_has_a_rupture_with_repair():
    for module in COURSE.modules.values():
        vignettes = [COURSE.vignette(v) for v in module.items("vignette")]
        ruptures = [s for v in vignettes for s in v.scenes.values() if s.kind == "rupture"]
        if module.number >= 3 or module.number == 2:
            assert ruptures, module.folder
        assert all(any(o.stance == "repair" for o in s.options) for s in ruptures)


def test_ids_are_unique_across_the_course():
    ids = [*COURSE.vignettes, *COURSE.checks, *COURSE.checkins, *COURSE.reflections]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("module", sorted(COURSE.modules))
def test_each_module_has_what_the_curriculum_promises(module):
    m = COURSE.modules[module]
    assert len(m.items("vignette")) >= 2 and len(m.items("check")) >= 3 and len(m.items("reflection")) >= 2
    moments = [COURSE.checkin(c).moment for c in m.items("checkin")]
    assert moments == ["before", "after"]
    kinds = [b.kind for b in m.blocks]
    assert kinds.index("checkin") < kinds.index("vignette") and max(
        i for i, k in enumerate(kinds) if k == "vignette") < max(i for i, k in enumerate(kinds) if k == "checkin")
    assert m.references and "Honesty" in " ".join(b.value for b in m.blocks if b.kind == "reading")


def test_clients_vary_in_age_and_gender():
    clients = [v.client for v in COURSE.vignettes.values()]
    ages = sorted(c.age for c in clients)
    assert ages[0] < 25 and ages[-1] > 65
    assert len({c.pronouns for c in clients}) >= 3


def test_heavy_material_has_a_content_note():
    heavy = ("suicid", "violence", "miscarriage", "pregnancy loss", "abuse")
    for module in COURSE.modules.values():
        for vid in module.items("vignette"):
            v = COURSE.vignette(vid)
            text = " ".join(s.client_says + s.setting + " ".join(o.text + o.reaction for o in s.options)
                            for s in v.scenes.values()).lower()
            if any(word in text for word in heavy):
                kinds = [b.kind for b in module.blocks]
                position = [b.value for b in module.blocks].index(vid)
                assert v.content_note or "content_note" in kinds[:position], f"{vid} needs a content note"


def test_no_answer_key_ships_in_package_content(keys):
    text = "\n".join(p.read_text(encoding="utf-8") for p in CONTENT_ROOT.rglob("*.yaml"))
    assert "attuned.keys/1" not in text and "HIDDEN TESTS" not in text
