"""FieldChecker.entries: the one reader of "a list of mappings" (module blocks, check options, rubric criteria)."""

from attuned.model.fields import FieldChecker


def test_entries_give_each_mapping_its_path_and_report_the_rest():
    c = FieldChecker("x.yaml")
    found = c.entries({"criteria": [{"id": "a"}, "loose text", {"id": "b"}]}, "criteria", "", "needs a list of criteria")
    assert found == [("criteria[0]", {"id": "a"}), ("criteria[2]", {"id": "b"})]
    assert [(p.field, p.reason) for p in c.problems] == [("criteria[1]", "expected a mapping, found text")]


def test_a_missing_or_wrongly_sized_list_is_one_problem_in_the_callers_words():
    for data, least, most in (({}, 1, None), ({"options": "a, b"}, 2, None), ({"options": [{}]}, 2, None),
                              ({"options": [{}] * 9}, 2, 8), ({"options": []}, 1, None)):
        c = FieldChecker("x.yaml")
        assert c.entries(data, "options", "checks[0]", "needs two", least=least, most=most) == []
        assert [(p.field, p.reason) for p in c.problems] == [("checks[0].options", "needs two")], data
    c = FieldChecker("x.yaml")
    assert len(c.entries({"options": [{}] * 8}, "options", "", "needs 2 to 8", least=2, most=8)) == 8
    assert c.problems == []
