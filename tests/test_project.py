"""Project hygiene: dependencies in sync, course map current, CLI errors are sentences, cheap import."""

import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _name(spec: str) -> str:
    for sep in "<>=!~ ":
        spec = spec.split(sep)[0]
    return spec.strip().lower()


def test_environment_yml_mirrors_pyproject_dependencies():
    deps = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str) and _name(d) not in {"python", "pip"}]
    normalise = lambda s: s.replace(" ", "").lower()  # noqa: E731
    assert sorted(map(normalise, deps)) == sorted(map(normalise, conda)), "pyproject.toml and environment.yml differ"
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e .[test]" in pip, "environment.yml must install the package (with test extras) via pip"
    test_extra = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"]
    voila = next(d for d in test_extra if _name(d) == "voila")
    assert voila in pip, "environment.yml must list the test extra's voila line under pip, as pyproject.toml has it"
    python = next(d for d in env["dependencies"] if isinstance(d, str) and _name(d) == "python")
    assert python.replace("python", "") == ">=" + tomllib.loads((REPO / "pyproject.toml").read_text())[
        "project"]["requires-python"].removeprefix(">=")


def test_environment_yml_lists_the_test_extras_make_test_needs():
    """pytest-xdist and filelock run `make test`'s parallel stage (tests/run_once.py): a conda user gets
    them from environment.yml exactly as pyproject's test extra pins them."""
    test_extra = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["test"]
    pip = next(d["pip"] for d in yaml.safe_load((REPO / "environment.yml").read_text())["dependencies"]
               if isinstance(d, dict))
    for name in ("pytest-xdist", "filelock"):
        line = next(d for d in test_extra if _name(d) == name)
        assert line in pip, f"environment.yml must list the test extra's {name} line ({line}) under pip"


def test_the_course_map_is_generated_from_the_content():
    from attuned.reports.course_map import course_map_path, update_course_map

    assert course_map_path(REPO) == REPO / "docs" / "course-map.md"
    assert not update_course_map(course_map_path(REPO), write=False), "run `attuned course-map --write`"


def test_readme_opens_with_the_two_commands():
    text = (REPO / "README.md").read_text()
    first_block = text.split("```bash", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()] == ["make lab", "make test"]


def test_ci_runs_make_test():
    assert "make test" in (REPO / ".ci" / "run").read_text()


def test_import_attuned_loads_no_heavy_modules():
    code = "import sys, attuned; print(sorted(m for m in ('pandas','matplotlib','ipywidgets','nbgrader') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_cli_errors_are_sentences_not_tracebacks(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: attuned.vignette/1\nid: m2.bad\nstart: a\nscenes: {a: {client_says: hi}}\n")
    proc = subprocess.run([sys.executable, "-m", "attuned", "validate", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    assert f"{bad}: scenes.a.options: needs a list of at least two response options" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "attuned", "validate"], capture_output=True, text=True)
    assert proc.returncode == 0 and "content files are valid" in proc.stdout


def test_validate_checks_module_keys_and_course_files_on_their_own(tmp_path):
    """Regression: these kinds used to be reported valid unless the whole course was checked."""
    folder = tmp_path / "05-example"
    folder.mkdir()
    module = folder / "module.yaml"
    module.write_text("schema: attuned.module/1\ntitle: X\nblocks:\n  - vignette: m5.nobody\n")
    keys = tmp_path / "keys.yaml"
    keys.write_text("schema: attuned.keys/1\nkeys:\n  m2.kc-insight: [z]\n  m9.x: [a]\n")
    shared = tmp_path / "course.yaml"
    shared.write_text("schema: attuned.course/1\ntitle: only a title\n")
    for path, expected in ((module, "principle: is required"),
                           (keys, "keys.m2.kc-insight: options ['z'] do not exist in the question"),
                           (shared, "how_to_work: is required")):
        proc = subprocess.run([sys.executable, "-m", "attuned", "validate", str(path)], capture_output=True, text=True)
        assert proc.returncode == 1 and f"{path}: {expected}" in proc.stdout, proc.stdout + proc.stderr
        assert "Traceback" not in proc.stdout + proc.stderr


def test_no_file_of_the_package_imitates_jupyterlabs_extension_loader():
    """The course's front end is anywidget ES modules (attuned/notebook/controls/*.js), loaded by anywidget's
    own extension in every front end: nothing leans on JupyterLab's private loading protocol."""
    private = ("_JUPYTERLAB", "jupyterlab._build", "remoteEntry", "labextensions/@attuned")
    files = [p for p in (REPO / "attuned").rglob("*") if p.is_file() and p.suffix in (".js", ".json", ".py", ".css")]
    assert any(p.suffix == ".js" for p in files), "the course's ES modules are missing"
    for path in [*files, REPO / "pyproject.toml"]:
        text = path.read_text(encoding="utf-8")
        assert not [word for word in private if word in text], f"{path} refers to JupyterLab's private extension loader"
    wheel = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]["targets"]["wheel"]
    shared = wheel.get("shared-data", {})
    assert all(dest.startswith("share/jupyter/lab/settings/overrides.d/") for dest in shared.values()), \
        f"the wheel's only shared data are setting defaults (attuned/notebook/lab_settings.py), no lab extension: {shared}"
    stale = Path(sys.prefix, "share/jupyter/labextensions/@attuned")
    assert not stale.exists(), f"{stale}: a stale Attuned lab extension from an older install; delete it"


def test_the_course_front_end_needs_no_attuned_lab_extension_only_anywidgets():
    listing = subprocess.run([sys.executable, "-m", "jupyterlab.labextensions", "list"],
                             capture_output=True, text=True, timeout=120)
    out = listing.stdout + listing.stderr
    assert "@attuned" not in out, out
    line = next((ln for ln in out.splitlines() if ln.strip().startswith("anywidget ")), "")
    assert "enabled" in line and "OK" in line, out
