"""The course installs and runs from a wheel, outside the repository, with no key a trainee can read.

Built here: the wheel and the sdist, from this checkout, with hatchling's own PEP 517 hooks (what
``python -m build`` calls). Each is installed with pip into a fresh venv made in a temp folder,
and every command runs with its working directory outside the repository and no PYTHONPATH, so
nothing can import the checkout. To stay fast and offline, a fresh venv gets its *dependencies*
(jupyterlab, nbgrader, ...) from the project's venv through a path line in a .pth file: a plain
path is added to sys.path but its own .pth files, the checkout's editable install among them, are
never processed. Attuned itself comes only from the wheel (asserted).

What a trainee account can read, and so must hold no key (the option ids inside the hidden
``answer.score(key=[...])`` statements, the hidden-test marker, the keys YAML): the installed
package files in the venv, release/, the feedback trainees receive, and every file of the course
folder that another account could reach. The course folder is 0700, so the last check also asks
what would be exposed if an instructor opened the folder itself (chmod 755): still nothing.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.install

REPO = Path(__file__).resolve().parent.parent
OVERRIDES = REPO / "attuned" / "notebook" / "lab_overrides.json"
KEYS = REPO / "instructor" / "keys"
MODULE = "01-relationship-and-technique"
MARKER = "BEGIN HIDDEN TESTS"
PY = f"python{sys.version_info.major}.{sys.version_info.minor}"


# -- building and installing -----------------------------------------------------------------
@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    code = "import sys; from hatchling.build import build_sdist, build_wheel; build_wheel(sys.argv[1]); build_sdist(sys.argv[1])"
    proc = subprocess.run([sys.executable, "-c", code, str(out)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"wheel": next(out.glob("attuned_course-*.whl")), "sdist": next(out.glob("attuned_course-*.tar.gz"))}


def _clean_env(venv: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "ATTUNED_RESPONSES", "COVERAGE_PROCESS_START")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}/usr/local/bin{os.pathsep}/usr/bin{os.pathsep}/bin"
    env["JUPYTER_PLATFORM_DIRS"] = "1"
    env["PYTHONWARNINGS"] = "ignore"
    return env


def make_venv(where: Path) -> Path:
    """A fresh venv outside the repository whose dependencies come, read-only, from the project's venv."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True, timeout=120)
    site = where / "lib" / PY / "site-packages"
    project_site = sysconfig.get_paths()["purelib"]
    (site / "_attuned_test_dependencies.pth").write_text(project_site + "\n", encoding="utf-8")
    # nbgrader runs `alembic` by name; pip would have written this console script with alembic itself.
    alembic = where / "bin" / "alembic"
    alembic.write_text(f"#!{where / 'bin' / 'python'}\nimport sys\nfrom alembic.config import main\nsys.exit(main())\n")
    alembic.chmod(0o755)
    # nbconvert's templates (feedback HTML) are data files of the dependencies, found under sys.prefix.
    share = where / "share" / "jupyter"
    share.mkdir(parents=True, exist_ok=True)
    (share / "nbconvert").symlink_to(Path(sys.prefix) / "share" / "jupyter" / "nbconvert")
    return where


def pip_install(venv: Path, target: Path, cwd: Path) -> None:
    # --ignore-installed: the project's own editable attuned is visible through the dependency path;
    # it must not count as "already installed", and it must not be touched.
    proc = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                           "--no-build-isolation", "--ignore-installed", "--disable-pip-version-check", str(target)],
                          cwd=cwd, env=_clean_env(venv), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def run(venv: Path, args: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([str(venv / "bin" / args[0]), *args[1:]], cwd=cwd, env=_clean_env(venv),
                          capture_output=True, text=True, timeout=timeout)


def installed_package(venv: Path, cwd: Path) -> Path:
    # Exactly one folder on sys.path holds an `attuned` package: the venv's own site-packages.
    code = ("import sys, attuned; from pathlib import Path; "
            "found = [p for p in sys.path if (Path(p or '.') / 'attuned' / '__init__.py').is_file()]; "
            "assert found == [str(Path(attuned.__file__).parent.parent)], found; "
            "print(Path(attuned.__file__).resolve().parent)")
    proc = run(venv, ["python", "-c", code], cwd)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return Path(proc.stdout.strip())


@pytest.fixture(scope="module")
def wheel_venv(dists, tmp_path_factory) -> Path:
    venv = make_venv(tmp_path_factory.mktemp("wheel-venv") / "venv")
    pip_install(venv, dists["wheel"], venv.parent)
    return venv


# -- what must never be readable -------------------------------------------------------------
def _hidden_blocks(source: Path) -> tuple[set[str], set[str]]:
    """(key statements like ``key=["b"]``, every other line) inside the hidden-test blocks of source/."""
    keys, lines = set(), set()
    for path in sorted(source.glob("*/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for block in re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", text, flags=re.S):
                keys.update(re.findall(r"key=\[[^\]]*\]", block))
                lines.update(line.strip() for line in block.splitlines() if line.strip())
    return keys, lines


def _keys_yaml_lines(keys_dir: Path) -> set[str]:
    lines = set()
    for path in sorted(keys_dir.glob("*.yaml")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            text = raw.strip().lstrip("#").strip()
            if len(text) >= 12 or re.match(r"^m\d+\.[\w-]+: \[", text):
                lines.add(text)
    return lines


def _key_statements(keys_dir: Path) -> set[str]:
    """Each key of the course's key files as a hidden test once spelled it: ``key=["b"]``."""
    import yaml

    found = set()
    for path in sorted(keys_dir.glob("*.yaml")):
        for key in yaml.safe_load(path.read_text(encoding="utf-8"))["keys"].values():
            found.add(f"key={json.dumps(key)}")
    return found


class Detector:
    def __init__(self, course: Path):
        # No notebook holds a hidden test now (autograde reads the keys in its own process), so the
        # keys to look for come from the key files; any hidden block found in source/ is looked for too.
        hidden_keys, self.hidden = _hidden_blocks(course / "source")
        self.keys = hidden_keys | _key_statements(course / "instructor" / "keys")
        self.yaml = _keys_yaml_lines(course / "instructor" / "keys")
        # The same keys as any other spelling would write them: key=['b'], compact, spaced.
        variants = set()
        for statement in self.keys:
            ids = re.findall(r"\"([^\"]+)\"", statement)
            variants |= {f"key={json.dumps(ids)}", f"key={ids!r}", f"key = {json.dumps(ids)}",
                         f"key={json.dumps(ids, separators=(',', ':'))}"}
        self.keys |= variants

    def leaks(self, path: Path) -> list[str]:
        raw = path.read_bytes().decode("utf-8", errors="replace")
        texts = [raw]
        if path.suffix == ".ipynb":
            try:
                nb = json.loads(raw)
                texts += ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"]]
            except (ValueError, KeyError):
                pass
        if path.suffix in (".html", ".htm"):
            import html

            texts.append(html.unescape(re.sub(r"<[^>]+>", "", raw)))
        text = "\n".join(texts)
        hits = [f"key statement {k}" for k in sorted(self.keys) if k in text]
        hits += [f"keys YAML line {line!r}" for line in sorted(self.yaml) if line in text]
        if path.suffix != ".py":  # the notebook builder's source writes the marker strings themselves
            hits += [f"marker {MARKER!r}"] if MARKER in text else []
            hits += [f"hidden-test line {line!r}" for line in sorted(self.hidden)
                     if line in text and "answer.score(" in line]
        return hits


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def _readable_by_others(path: Path, stop: Path | None = None) -> bool:
    """Group or other may read ``path`` and pass every folder above it (up to ``stop``, excluded)."""
    if not path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
        return False
    for parent in path.parents:
        if stop is not None and parent == stop:
            return True
        if not parent.stat().st_mode & (stat.S_IXGRP | stat.S_IXOTH):
            return False
    return True


# -- tests -------------------------------------------------------------------------------
def test_the_wheel_carries_the_content_and_no_key(dists):
    names = zipfile.ZipFile(dists["wheel"]).namelist()
    content = sorted(str(p.relative_to(REPO)) for p in (REPO / "attuned" / "content").rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts and p.suffix in (".yaml", ".yml"))
    assert content and [n for n in content if n not in names] == [], "content YAML missing from the wheel"
    assert not [n for n in names if n.startswith(("instructor/", "source/", "release/", "tests/"))]
    assert not [n for n in names if "keys" in Path(n).parts]
    assert "attuned/course_files/nbgrader_config.py" in names
    templates = sorted(str(p.relative_to(REPO)) for p in (REPO / "attuned" / "pipeline" / "templates").glob("*.md.j2"))
    assert templates and set(templates) <= set(names), "the notebook builder's templates are missing from the wheel"
    controls = {f"attuned/notebook/controls/{name}" for name in ("form.js", "slider.js", "controls.css")}
    assert controls <= set(names), \
        "the course's anywidget ES modules are missing from the wheel"
    assert not [n for n in names if "labextensions" in n], "the wheel needs no lab extension of its own"
    overrides = [n for n in names if n.endswith(".data/data/share/jupyter/lab/settings/overrides.d/attuned.json")]
    assert len(overrides) == 1, "the shortcuts that keep reflection answer cells whole (attuned/notebook/lab_settings.py)"
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        assert wheel.read(overrides[0]).decode() == OVERRIDES.read_text(encoding="utf-8")
    with zipfile.ZipFile(dists["wheel"]) as wheel:
        config = wheel.read("attuned/course_files/nbgrader_config.py").decode()
        assert config == (REPO / "nbgrader_config.py").read_text(encoding="utf-8")
        key_lines = _keys_yaml_lines(KEYS)
        for name in names:
            text = wheel.read(name).decode("utf-8", errors="replace")
            assert not [line for line in key_lines if line in text], f"{name} holds a line of the answer keys"


def test_the_sdist_carries_the_keys_as_open_source_and_installs_a_working_attuned(dists, tmp_path):
    """The sdist is the open-source tree, keys included (README says so); pip builds and installs it."""
    with tarfile.open(dists["sdist"]) as sdist:
        names = sdist.getnames()
    assert any(n.endswith(f"instructor/keys/{MODULE}.yaml") for n in names)
    assert any(n.endswith("nbgrader_config.py") for n in names)
    venv = make_venv(tmp_path / "venv")
    pip_install(venv, dists["sdist"], tmp_path)
    package = installed_package(venv, tmp_path)
    assert package.is_relative_to(venv) and (package / "content" / MODULE / "module.yaml").is_file()
    assert not (package.parent / "instructor").exists()
    shortcuts = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / "attuned.json"
    assert shortcuts.read_text(encoding="utf-8") == OVERRIDES.read_text(encoding="utf-8"), \
        "JupyterLab in the course's environment reads the answer-cell shortcuts from here"
    proc = run(venv, ["attuned", "quickstart", "course", "--keys", str(KEYS)], tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert (tmp_path / "course" / "source" / MODULE / f"{MODULE}.ipynb").is_file()


def test_quickstart_release_and_demo_from_the_installed_wheel_leave_no_key_a_trainee_can_read(wheel_venv, tmp_path):
    work = tmp_path  # outside the repository; quickstart finds no keys here on its own
    package = installed_package(wheel_venv, work)
    assert package.is_relative_to(wheel_venv), package

    proc = run(wheel_venv, ["attuned", "quickstart", "course"], work)
    assert proc.returncode == 1 and "Traceback" not in proc.stdout + proc.stderr
    assert "--keys" in proc.stderr and "instructor/keys" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1

    proc = run(wheel_venv, ["attuned", "quickstart", "course", "--keys", str(KEYS)], work)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    course = work / "course"
    assert "attuned generate --course" in proc.stdout
    assert (course / "nbgrader_config.py").read_text() == (REPO / "nbgrader_config.py").read_text()
    assert stat.S_IMODE(course.stat().st_mode) == 0o700
    for folder in (course / "source", course / "instructor", course / "instructor" / "keys"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    key_files = sorted((course / "instructor" / "keys").glob("*.yaml"))
    assert [p.name for p in key_files] == sorted(p.name for p in KEYS.glob("*.yaml"))
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in key_files)

    proc = run(wheel_venv, ["attuned", "generate", "--course", str(course)], work)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    modules = sorted(p.name for p in (course / "source").iterdir() if p.is_dir())
    assert sorted(p.name for p in (course / "release").iterdir()) == modules

    proc = run(wheel_venv, ["attuned", "demo", "--module", MODULE, "--out", "demo-output"], course, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    grades = (course / "demo-output" / "grades.csv").read_text().splitlines()
    assert len(grades) > 1 and all(MODULE in row for row in grades[1:])
    assert list((course / "demo-output" / "feedback").rglob("*.html"))

    detector = Detector(course)
    assert detector.keys and detector.yaml, "the detector found no keys to look for"
    # Control: the detector is not vacuous; it finds the keys where they are meant to be, and a key
    # planted the way a hidden test once spelled it. source/ holds none: autograde reads the key files.
    assert all(detector.leaks(p) for p in key_files)
    planted = work / "planted.py"
    planted.write_text(f"answer.score({sorted(detector.keys)[0]}, points=1)\n", encoding="utf-8")
    assert detector.leaks(planted)
    assert not any(detector.leaks(p) for p in _files(course / "source"))

    readable = {"installed package": _files(package) + _files(next(package.parent.glob("attuned_course-*.dist-info")))
                + [wheel_venv / "bin" / "attuned"],
                "release/": _files(course / "release"),
                "trainees' feedback": _files(course / "demo-output" / "feedback"),
                # as the folder is: nothing inside is reachable by another account ...
                "course folder": [p for p in _files(course) if _readable_by_others(p)],
                # ... and if an instructor opened the course folder itself, source/, the keys and the gradebook stay shut
                "course folder opened": [p for p in _files(course) if _readable_by_others(p, stop=course)]}
    assert readable["installed package"] and readable["release/"] and readable["course folder opened"]
    found = {f"{where}: {p}": hits for where, paths in readable.items() for p in paths if (hits := detector.leaks(p))}
    assert found == {}
    exposed = {str(p.relative_to(course)).split("/")[0] for p in readable["course folder opened"]}
    assert not exposed & {"source", "instructor", "gradebook.db", "autograded", "submitted"}, exposed
