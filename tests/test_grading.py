"""Grade-cell functions: words first, then a numeric score; one-line failures; no stderr."""

import pytest

from attuned.notebook.grading import GradingProblem, NotAnswered, checkin_result, committed_check, vignette_result
from attuned.notebook.responses import ResponseLog


def test_vignette_result_prints_the_path_in_words_and_returns_the_score(log_path, capsys):
    log = ResponseLog(log_path)
    log.append("m2.tomas", "commit", "explain", scene="opening", run="r")
    log.append("m2.tomas", "commit", "repair", scene="flat", run="r")
    log.append("m2.tomas", "practice", "invite", scene="opening", run="p")
    assert vignette_result("m2.tomas", points=4) == 2.4  # (0.2 + 1.0) / 2 * 4
    out, err = capsys.readouterr()
    assert err == "", "any stderr output in a grade cell would score 0"
    assert "You (explain)" in out and "You (repair)" in out and "Score: 2.4 of 4" in out
    assert "Practice steps after the graded run (not graded): 1" in out


def test_an_unfinished_vignette_scores_what_was_done(log_path, capsys):
    ResponseLog(log_path).append("m2.tomas", "commit", "invite", scene="opening", run="r")
    assert vignette_result("m2.tomas", points=4) == 2.0
    assert "not finished" in capsys.readouterr().out


def test_a_log_that_does_not_fit_the_vignette_scores_only_the_part_that_fits(log_path, capsys):
    log = ResponseLog(log_path)
    log.append("m2.tomas", "commit", "invite", scene="opening", run="r")
    log.append("m2.tomas", "commit", "made-up", scene="window", run="r")
    assert vignette_result("m2.tomas", points=4) == 2.0
    assert "did not fit" in capsys.readouterr().out


def test_nothing_committed_fails_in_one_line(log_path):
    with pytest.raises(NotAnswered) as info:
        vignette_result("m2.tomas", points=4)
    rendered = info.value._render_traceback_()
    assert len(rendered) == 1 and "Respond" in rendered[0]


def test_garbage_log_gives_notes_and_a_clear_failure(log_path, capsys):
    log_path.write_bytes(b"\x00\xffnot json\n{\"item\": 3}\n")
    with pytest.raises(NotAnswered, match="could not be read"):
        committed_check("m2.kc-insight")
    out = capsys.readouterr().out
    assert "line 1: not UTF-8 text" in out and "line 2: event has no item" in out


def test_check_scoring_gives_partial_credit_and_never_below_zero(log_path, capsys):
    ResponseLog(log_path).append("m2.kc-reconsolidation", "check", ["a", "b", "c"])
    answer = committed_check("m2.kc-reconsolidation")
    out = capsys.readouterr().out
    from attuned.model.course import get_course

    check = get_course().check("m2.kc-reconsolidation")
    assert f"“{check.option('a').text}”" in out and "(a)" not in out  # in words, never by letter
    assert answer.score(key=["a", "b", "d"], points=2) == pytest.approx(0.67)  # (2 right - 1 wrong) / 3
    assert answer.score(key=["d"], points=2) == 0.0


def test_the_first_check_answer_is_graded_even_if_a_better_one_follows(log_path):
    log = ResponseLog(log_path)
    log.append("m2.kc-insight", "check", ["a"])
    log.append("m2.kc-insight", "practice", ["b"])
    assert committed_check("m2.kc-insight").score(key=["b"], points=1) == 0.0


def test_checkin_gives_completion_credit_and_never_grades_the_numbers(log_path, capsys):
    ResponseLog(log_path).append("m2.checkin-before", "self_report", {"activation": 9, "urge_to_fix": 10})
    assert checkin_result("m2.checkin-before", points=1) == 1.0
    assert "never graded" in capsys.readouterr().out


def test_unexpected_failures_are_one_line_grading_problems(log_path):
    with pytest.raises(GradingProblem) as info:
        vignette_result("m9.nobody", points=4)
    assert "could not be graded" in str(info.value) and len(info.value._render_traceback_()) == 1
