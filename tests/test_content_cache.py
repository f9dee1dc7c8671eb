"""The parsed copy of the content (attuned.model.content_cache) and the log's parse-once memo never serve
stale data: what they save is parsing, never correctness."""

from __future__ import annotations

import shutil
import subprocess
import sys

from attuned.model import content_cache
from attuned.model.course import CONTENT_ROOT, check_course
from attuned.notebook.responses import ResponseLog


def _copy(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT_ROOT, root)
    return root


def test_a_course_loaded_from_the_copy_equals_one_read_from_the_yaml(tmp_path, monkeypatch):
    monkeypatch.setenv(content_cache.ENV_DIR, str(tmp_path / "cache"))
    root = _copy(tmp_path)
    plain, problems = check_course(root)
    assert problems == []
    with content_cache.cached_content(root):
        first, _ = check_course(root)  # fills the copy
    assert list((tmp_path / "cache").glob("content-*.json"))
    with content_cache.cached_content(root):
        second, _ = check_course(root)  # served from it
    assert first == plain and second == plain


def test_an_edited_file_is_read_again_and_a_broken_one_is_reported(tmp_path, monkeypatch):
    monkeypatch.setenv(content_cache.ENV_DIR, str(tmp_path / "cache"))
    root = _copy(tmp_path)
    with content_cache.cached_content(root):
        check_course(root)
    vignette = next(root.glob("02-*/vignettes/tomas.yaml"))
    text = vignette.read_text(encoding="utf-8")
    vignette.write_text(text.replace("name: Tomás", "name: Tomasz", 1), encoding="utf-8")
    with content_cache.cached_content(root):
        course, _ = check_course(root)
    assert course.vignette("m2.tomas").client.name == "Tomasz"
    vignette.write_text("{not: [valid", encoding="utf-8")
    with content_cache.cached_content(root):
        _course, problems = check_course(root)
    assert any("tomas.yaml" in p.file and "invalid YAML" in p.reason for p in problems)


def test_an_unwritable_cache_folder_only_costs_the_copy(tmp_path, monkeypatch):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv(content_cache.ENV_DIR, str(blocker / "cache"))
    root = _copy(tmp_path)
    with content_cache.cached_content(root):
        course, problems = check_course(root)
    assert problems == [] and course.vignettes


def test_a_kernel_with_the_copy_does_not_import_pyyaml(tmp_path):
    code = ("import sys; from attuned.model.course import get_course; get_course(); "
            "print('yaml' in sys.modules)")
    env = {"ATTUNED_CACHE_DIR": str(tmp_path / "cache"), "PATH": ""}
    run = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout.strip()
           for _ in range(2)]
    assert run == ["True", "False"]  # the first run parses and writes the copy, the second reads it


def test_the_log_is_parsed_once_but_never_served_stale(tmp_path):
    path = tmp_path / "responses.jsonl"
    log = ResponseLog(path)
    log.append("m2.kc-insight", "check", ["a"])
    first = log.read()
    again = log.read()
    assert again.events == first.events and again.events is not first.events
    # Same size, same second: only the bytes differ. Must be read as the new answer.
    path.write_bytes(path.read_bytes().replace(b'["a"]', b'["b"]'))
    assert [e.value for e in log.read().events] == [["b"]]
    path.write_bytes(path.read_bytes() + b"{torn")
    assert log.read().problems and len(log.read().problems) == 1
