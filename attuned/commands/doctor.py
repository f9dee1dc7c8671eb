"""``attuned doctor``: is this machine and this course folder ready to teach with?

One line per check, in plain sentences, marked ✔ ok or ✖ FAIL, and for a failure what to do
about it. Exit 1 if any check fails. Nothing here may end in a traceback: an unexpected error in
one check becomes that check's failure sentence, and the other checks still run.

The course's settings (exchange folder, gradebook URL) are read the way nbgrader reads them: the
Jupyter config paths, then ``nbgrader_config.py`` in the course folder.
"""

from __future__ import annotations

import os
import platform
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PACKAGES = ("jupyterlab", "notebook", "nbgrader", "ipywidgets", "anywidget", "pandas")
SERVER_EXTENSIONS = ("formgrader", "assignment_list", "course_list", "validate_assignment")
LAB_EXTENSIONS = {
    "@jupyter/nbgrader": "nbgrader's menus (Formgrader, Assignments, Course List, Validate)",
    "@jupyter-widgets/jupyterlab-manager": "ipywidgets' front end (every exercise is a widget)",
    "anywidget": "anywidget's front end (the course's choices, buttons, text boxes and sliders are anywidgets)",
}
SHARED_EXCHANGE_HINT = "e.g. /srv/nbgrader/exchange, made with `mkdir -p DIR && chmod 1777 DIR` as nbgrader's docs describe"


@dataclass(frozen=True)
class Check:
    ok: bool
    sentence: str


# -- small helpers ---------------------------------------------------------------------------
def _mode(path: Path) -> str:
    return f"{stat.S_IMODE(path.stat().st_mode):04o}"


def _others_can_read(path: Path) -> bool:
    """Can an account other than the owner read ``path`` (group or other bits, every parent
    folder passable)? Ownership of the parents is not considered: a conservative answer."""
    try:
        if not path.stat().st_mode & (stat.S_IRGRP | stat.S_IROTH):
            return False
        return all(parent.stat().st_mode & (stat.S_IXGRP | stat.S_IXOTH) for parent in path.resolve().parents)
    except OSError:
        return False


def _named_line(exc: BaseException) -> str:
    """The error's type and the first line of its message (the doctor names what failed, e.g. ``OSError: ...``)."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _user() -> str:
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):
        return str(os.geteuid())


def _owner(path: Path) -> str:
    try:
        import pwd

        return pwd.getpwuid(path.stat().st_uid).pw_name
    except (ImportError, KeyError, OSError):
        return "its owner"


def _requirements() -> tuple[str, dict[str, str]]:
    """(Requires-Python, {package: specifier}) from the installed package's metadata, else pyproject."""
    from importlib import metadata

    from attuned.version import DISTRIBUTION

    try:
        meta = metadata.metadata(DISTRIBUTION)
        python = meta.get("Requires-Python") or ">=3.11"
        lines = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:
        import tomllib

        pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"] if pyproject.is_file() else {}
        python, lines = project.get("requires-python", ">=3.11"), project.get("dependencies", [])
    from packaging.requirements import Requirement

    specs: dict[str, str] = {}
    for line in lines:
        if "extra ==" in line:
            continue
        req = Requirement(line)
        specs[req.name.lower()] = str(req.specifier)
    return python, specs


# -- environment -----------------------------------------------------------------------------
def check_posix() -> Iterator[Check]:
    """The response log (attuned/notebook/responses.py) takes POSIX file locks (``fcntl.flock``),
    opens with ``O_NONBLOCK`` and reads with ``pread``: on Windows none of these exist, and every
    answer a trainee gives would fail to save. Said first and plainly, rather than as an import error."""
    system = platform.system() or os.name
    if os.name == "posix":
        yield Check(True, f"This is a POSIX system ({system}), which the response log needs (file locks, "
                          "non-blocking opens, pread).")
    else:
        yield Check(False, f"Attuned needs a POSIX system (Linux or macOS; on Windows, WSL), and this is {system}: "
                           "the trainees' response log uses POSIX file locks (fcntl), non-blocking opens and pread, "
                           "so no answer could be saved here.")


def check_python() -> Iterator[Check]:
    from importlib import metadata

    from packaging.specifiers import SpecifierSet

    import attuned

    python, specs = _requirements()
    version = platform.python_version()
    yield Check(SpecifierSet(python).contains(version),
                f"Python {version} at {sys.executable} (Attuned needs {python}).")
    where = Path(attuned.__file__).resolve().parent
    from attuned.model.course import CONTENT_ROOT

    files = len(list(CONTENT_ROOT.rglob("*.yaml")))
    source = "the source checkout" if (where.parent / "pyproject.toml").is_file() else "an installed package"
    yield Check(files > 0, f"Attuned {attuned.__version__} runs from {source} at {where}, with {files} content files."
                if files else f"Attuned {attuned.__version__} at {where} has no content files: reinstall it.")
    import shutil

    bindir = Path(sys.executable).parent
    alembic = shutil.which("alembic")
    if alembic:
        yield Check(True, f"The `alembic` command, which nbgrader runs to create a gradebook, is on PATH ({alembic}).")
    else:
        hint = (f"it is in {bindir}, which is not on your PATH: activate the environment or add {bindir} to PATH"
                if (bindir / "alembic").exists() else "reinstall nbgrader (it depends on alembic)")
        yield Check(False, f"nbgrader runs the `alembic` command to create a gradebook, and it is not on PATH: {hint}.")
    for name in PACKAGES:
        wanted = specs.get(name, "")
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            yield Check(False, f"{name} is not installed (Attuned needs {name}{wanted}): run `pip install '{name}{wanted}'`.")
            continue
        ok = SpecifierSet(wanted).contains(have, prereleases=True) if wanted else True
        yield Check(ok, f"{name} {have} is installed" + (f" (Attuned needs {wanted})." if wanted else ".")
                    + ("" if ok else f" Run `pip install '{name}{wanted}'`."))


def check_extensions() -> Iterator[Check]:
    from jupyter_core.paths import jupyter_config_path, jupyter_path
    from jupyter_server.extension.config import ExtensionConfigManager

    enabled = ExtensionConfigManager(read_config_path=jupyter_config_path()).get_jpserver_extensions()
    names = [f"nbgrader.server_extensions.{n}" for n in SERVER_EXTENSIONS]
    off = [n for n in names if not enabled.get(n)]
    broken = []
    for name in names:
        if name in off:
            continue
        try:
            __import__(name)
        except Exception as exc:  # noqa: BLE001 - the sentence names the reason
            broken.append(f"{name} ({_named_line(exc)})")
    if off:
        yield Check(False, "nbgrader's server extensions " + ", ".join(n.rsplit(".", 1)[1] for n in off)
                    + " are not enabled, so Formgrader or the Assignments list will be missing: run "
                    + " && ".join(f"`jupyter server extension enable --sys-prefix {n}`" for n in off) + ".")
    elif broken:
        yield Check(False, "nbgrader's server extensions are enabled but do not load: " + "; ".join(broken) + ".")
    else:
        yield Check(True, "nbgrader's server extensions are enabled: " + ", ".join(SERVER_EXTENSIONS) + ".")

    from jupyterlab_server.config import get_federated_extensions, get_page_config

    paths = jupyter_path("labextensions")
    found = get_federated_extensions(paths)
    disabled = set(get_page_config(paths).get("disabledExtensions") or [])
    for name, purpose in LAB_EXTENSIONS.items():
        if name not in found:
            yield Check(False, f"The JupyterLab extension {name} ({purpose}) is not installed: reinstall the package "
                               "that ships it (nbgrader, ipywidgets or anywidget) into this environment.")
            continue
        version = found[name].get("version", "?")
        off_plugins = sorted(d for d in disabled if d == name or d.startswith(name + ":"))
        if off_plugins:
            yield Check(False, f"The JupyterLab extension {name} {version} ({purpose}) is disabled ("
                               + ", ".join(off_plugins) + f"): run `jupyter labextension enable {name}`.")
        else:
            yield Check(True, f"The JupyterLab extension {name} {version} is installed and enabled: {purpose}.")

    from attuned.notebook.lab_settings import installed_path, installed_problem

    problem = installed_problem()
    yield Check(problem is None, problem or f"The answer-cell shortcuts are installed ({installed_path()}): typing in "
                "command mode opens a reflection's answer cell instead of changing or copying it.")


# -- the course folder -----------------------------------------------------------------------
@dataclass
class CourseSettings:
    course_id: str
    exchange: str | None  # None: not nbgrader's folder exchange
    exchange_class: str
    db_url: str
    config: Any = None  # the whole loaded config (traitlets), for the grading-safety checks


def load_settings(course: Path) -> CourseSettings:
    """The course's nbgrader settings as nbgrader reads them (:mod:`attuned.pipeline.settings`, the
    same answer ``attuned report`` and ``export`` get), with the whole config for the grading checks.
    Raises what the config file raised."""
    from nbgrader.exchange.default.exchange import Exchange

    from attuned.pipeline.settings import SettingsError, course_settings

    try:
        settings = course_settings(course, grading=True)
    except SettingsError as exc:
        raise (exc.__cause__ or exc) from None
    config = settings.config
    factory = config.ExchangeFactory.get("exchange", "nbgrader.exchange.default.exchange.Exchange")
    exchange_class = factory if isinstance(factory, str) else f"{factory.__module__}.{factory.__name__}"
    default_exchange = exchange_class.startswith("nbgrader.exchange.default")
    root = config.Exchange.root if "root" in config.Exchange else Exchange.root.default_value
    if default_exchange and not os.path.isabs(root):
        root = str((course / root).resolve())
    return CourseSettings(settings.course_id, root if default_exchange else None, exchange_class, settings.db_url,
                          config)


def _classes(names: Any) -> list[type]:
    from traitlets.utils.importstring import import_item

    return [import_item(n) if isinstance(n, str) else n for n in (names or [])]


def check_grading(course: Path, settings: CourseSettings) -> Iterator[Check]:
    """The course config keeps what protects grades from a hostile submission (docs/security.md)."""
    from nbgrader.converters.autograde import Autograde
    from nbgrader.preprocessors import Execute

    from attuned.pipeline.autograde_steps import GradeWithoutKernel
    from attuned.pipeline.exchange import OwnerCheckedCollect
    from attuned.pipeline.safe_html import SanitizeTraineeMarkdown

    config = settings.config
    section = config.Autograde
    steps = _classes(section.get("sanitize_preprocessors", Autograde.class_traits()["sanitize_preprocessors"].default()))
    steps += _classes(section.get("autograde_preprocessors", Autograde.class_traits()["autograde_preprocessors"].default()))
    kernels = [s.__name__ for s in steps if issubclass(s, Execute)]
    if kernels or GradeWithoutKernel not in steps:
        yield Check(False, "Autograde would run each submission's code in a kernel as your account ("
                           + (", ".join(kernels) or "no GradeWithoutKernel step") + "): a trainee could read the keys and "
                           "the gradebook; keep Attuned's nbgrader_config.py lines that set the Autograde preprocessors.")
    else:
        keys = Path(config.GradeWithoutKernel.get("keys_dir", "") or course / "instructor" / "keys")
        found = len(list(keys.glob("*.yaml"))) if keys.is_dir() else 0
        yield Check(found > 0, f"Autograde runs no code from submissions: it scores them in its own process with the "
                               f"keys in {keys}" + ("." if found else ", which holds no key file: set "
                               "c.GradeWithoutKernel.keys_dir to the course's instructor/keys."))
    exporter = config.HTMLExporter
    cleaners = _classes(exporter.get("preprocessors", []))
    if exporter.get("sanitize_html") is not True or SanitizeTraineeMarkdown not in cleaners:
        yield Check(False, "Formgrader and feedback pages would show trainees' HTML as it is (script in a reflection "
                           "would run in your browser): set c.HTMLExporter.sanitize_html = True and "
                           "c.HTMLExporter.preprocessors = ['attuned.pipeline.safe_html.SanitizeTraineeMarkdown'].")
    else:
        yield Check(True, "Trainees' text is cleaned before Formgrader and feedback pages show it.")
    collect = _classes([config.ExchangeFactory.get("collect", "nbgrader.exchange.default.collect.ExchangeCollect")])[0]
    if settings.exchange is not None and not issubclass(collect, OwnerCheckedCollect):
        yield Check(False, "Collect would take a submission made in another trainee's name: set c.ExchangeFactory.collect "
                           "= 'attuned.pipeline.exchange.OwnerCheckedCollect'.")
    elif settings.exchange is not None:
        yield Check(True, "Collect takes a submission only from the account it names.")


def check_exchange(course: Path, settings: CourseSettings) -> Iterator[Check]:
    if settings.exchange is None:
        yield Check(True, f"The course uses the exchange {settings.exchange_class} (not nbgrader's shared folder); "
                          "its folders are not checked here.")
        return
    root = Path(settings.exchange)
    if not root.exists():
        yield Check(False, f"The exchange folder {root} does not exist, so modules cannot be released or submitted: "
                           f"create it with `mkdir -p {root} && chmod 1777 {root}` (nbgrader's docs: readable and "
                           "writable by every account), or set c.Exchange.root in nbgrader_config.py.")
        return
    if not root.is_dir():
        yield Check(False, f"The exchange {root} is a file, not a folder: remove it, or set c.Exchange.root in "
                           "nbgrader_config.py to a folder.")
        return
    if not os.access(root, os.W_OK | os.X_OK):
        yield Check(False, f"The exchange folder {root} is not writable by your account ({_user()}; mode {_mode(root)}, "
                           f"owner {_owner(root)}), so you cannot release modules or collect submissions: "
                           f"ask {_owner(root)} to run `chmod 1777 {root}`.")
        return
    yield Check(True, f"The exchange folder {root} exists and your account ({_user()}) can write to it.")

    mode = stat.S_IMODE(root.stat().st_mode)
    inside = root.resolve().is_relative_to(course.resolve())
    if inside and (not stat.S_IMODE(course.stat().st_mode) & 0o077 or mode & 0o777 != 0o777):
        yield Check(True, f"One-account setup: the exchange is inside the course folder, so only your own "
                          "account can fetch and submit (fine for trying the course). For trainees with their own "
                          f"accounts, set c.Exchange.root to a shared folder ({SHARED_EXCHANGE_HINT}).")
        return
    if mode & 0o777 != 0o777:
        yield Check(False, f"Trainee accounts cannot submit to {root}: its mode is {mode:04o}, and nbgrader needs the "
                           f"exchange readable and writable by every account. Run `chmod 1777 {root}` (the sticky bit "
                           "stops one trainee deleting another's files).")
        return
    closed = [p for p in root.resolve().parents if not p.stat().st_mode & stat.S_IXOTH]
    if closed:
        yield Check(False, f"Trainee accounts cannot reach the exchange {root}: the folder {closed[0]} (mode "
                           f"{_mode(closed[0])}) does not let other accounts through. Move the exchange to a shared "
                           f"place ({SHARED_EXCHANGE_HINT}).")
        return
    inbound = root / settings.course_id / "inbound"
    if inbound.is_dir() and (stat.S_IMODE(inbound.stat().st_mode) & 0o003) != 0o003:
        yield Check(False, f"Trainee accounts cannot submit: {inbound} has mode {_mode(inbound)}, and trainees need to "
                           f"write into it (nbgrader makes it 2733): run `chmod 2733 {inbound}`.")
        return
    sticky = "with the sticky bit" if mode & stat.S_ISVTX else "without the sticky bit (`chmod +t` would stop one " \
                                                               "trainee deleting another's files)"
    yield Check(True, f"Trainee accounts can fetch and submit: the exchange has mode {mode:04o}, open to every "
                      f"account as nbgrader's docs require, {sticky}.")


def check_gradebook(course: Path, settings: CourseSettings) -> Iterator[Check]:
    from sqlalchemy.engine import make_url

    url = settings.db_url
    try:
        shown = make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - an unparseable URL is reported below
        shown = url.split("@")[-1]
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            if os.access(path.parent, os.W_OK):
                yield Check(True, f"The gradebook {path} does not exist yet; the first nbgrader command creates it.")
            else:
                yield Check(False, f"The gradebook {path} does not exist and its folder is not writable by your account: "
                                   "nbgrader cannot create it.")
            return
        if not os.access(path, os.R_OK | os.W_OK):
            yield Check(False, f"The gradebook {path} is not readable and writable by your account (mode {_mode(path)}).")
            return
    path_before = os.environ.get("PATH", "")
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + path_before  # alembic: checked above
    try:
        from nbgrader.api import Gradebook

        with Gradebook(url, course_id=settings.course_id) as gradebook:
            trainees, modules = len(gradebook.students), len(gradebook.assignments)
    except Exception as exc:  # noqa: BLE001 - the sentence names the reason
        yield Check(False, f"The gradebook {shown} cannot be opened: {_named_line(exc)}.")
        return
    finally:
        os.environ["PATH"] = path_before
    yield Check(True, f"The gradebook {shown} is reachable: {trainees} trainee{'s' if trainees != 1 else ''}, "
                      f"{modules} module{'s' if modules != 1 else ''} generated.")


def check_content(course: Path) -> Iterator[Check]:
    from attuned.commands.validate import validate_course

    keys = course / "instructor" / "keys"
    problems, checked = validate_course(course)
    if problems:
        yield Check(False, f"The course content has {len(problems)} problem{'s' if len(problems) != 1 else ''} "
                           f"(first: {problems[0]}): run `attuned validate` for the list.")
        return
    if not keys.is_dir():
        yield Check(False, f"The content is valid ({checked} files), but {keys} is missing, so knowledge checks cannot be "
                           f"built or graded: run `attuned quickstart {course} --force --keys KEYS_DIR`.")
        return
    yield Check(True, f"The course content is valid ({checked} files), and every answer key in {keys} matches its question.")

    from attuned.model.course import load_course
    from attuned.pipeline.notebook_builder import build_module_notebook, load_keys, load_shared_text, notebook_text

    content = load_course()
    answer_keys, shared = load_keys(keys, content), load_shared_text()
    stale = []
    for module in content.modules.values():
        path = course / "source" / module.folder / f"{module.folder}.ipynb"
        expected = notebook_text(build_module_notebook(content, module, answer_keys, shared))
        if not path.is_file() or path.read_text(encoding="utf-8") != expected:
            stale.append(module.folder)
    if stale:
        yield Check(False, f"{len(stale)} source notebook{'s are' if len(stale) != 1 else ' is'} missing or out of date "
                           f"({stale[0]}{', ...' if len(stale) > 1 else ''}): run `attuned build --course {course}`, "
                           "then `attuned generate`.")
    else:
        yield Check(True, f"All {len(content.modules)} source notebooks match the installed content and keys.")


def check_privacy(course: Path) -> Iterator[Check]:
    keys = course / "instructor" / "keys"
    if keys.is_dir():
        loose = [p for p in (keys, *sorted(keys.iterdir()))
                 if stat.S_IMODE(p.stat().st_mode) & 0o077]
        if loose:
            shown = ", ".join(f"{p.name} ({_mode(p)})" for p in loose[:3]) + (", ..." if len(loose) > 3 else "")
            yield Check(False, f"The answer keys are not private: {shown} give permissions to other accounts. "
                               f"Run `chmod 700 {keys} && chmod 600 {keys}/*`.")
        else:
            count = len(list(keys.iterdir()))
            yield Check(True, f"The answer keys are private: {keys} is 0700 and its {count} files 0600.")
    sensitive = [course / "gradebook.db"]
    for name in ("source", "autograded", "submitted", "instructor"):
        if (course / name).is_dir():
            sensitive += [p for p in (course / name).rglob("*") if p.is_file()]
    exposed = sorted(p for p in sensitive if p.exists() and _others_can_read(p))
    if exposed:
        example = exposed[0].relative_to(course)
        yield Check(False, f"{len(exposed)} file{'s' if len(exposed) != 1 else ''} with hidden tests or trainees' work "
                           f"can be read by other accounts (e.g. {example}; nbgrader keeps hidden tests in "
                           f"gradebook.db, source/ and autograded/): run `chmod 700 {course}`.")
    else:
        yield Check(True, f"No other account can read the gradebook, source/, autograded/ or submitted/ "
                          f"(the course folder is {_mode(course)}).")


# -- running -------------------------------------------------------------------------------
def _guarded(name: str, run: Callable[[], Iterator[Check]]) -> Iterator[Check]:
    try:
        yield from run()
    except Exception as exc:  # noqa: BLE001 - a check that breaks is a failed check, not a traceback
        from attuned.commands.errors import traceback_if_debug

        traceback_if_debug(exc)
        yield Check(False, f"The {name} check could not run: {_named_line(exc)}.")


def checks(course: Path | None, course_problem: str | None = None) -> Iterator[Check]:
    yield from check_posix()
    yield from _guarded("Python and packages", check_python)
    yield from _guarded("extensions", check_extensions)
    if course is None:
        yield Check(False, f"There is no course folder to check: {(course_problem or '').removeprefix('no course folder: ')}.")
        return
    try:
        settings = load_settings(course)
    except Exception as exc:  # noqa: BLE001 - a broken config file is a sentence too
        from attuned.commands.errors import traceback_if_debug

        traceback_if_debug(exc)
        yield Check(False, f"The course's nbgrader_config.py in {course} cannot be loaded: {_named_line(exc)}.")
        settings = None
    else:
        yield Check(True, f"The course folder {course} has an nbgrader_config.py that loads (course id "
                          f"'{settings.course_id}').")
    if settings is not None:
        yield from _guarded("exchange", lambda: check_exchange(course, settings))
        yield from _guarded("gradebook", lambda: check_gradebook(course, settings))
        yield from _guarded("grading safety", lambda: check_grading(course, settings))
    yield from _guarded("content", lambda: check_content(course))
    yield from _guarded("privacy", lambda: check_privacy(course))


def _marks(stream) -> tuple[str, str]:
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        "✔✖".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return "[ok]", "[FAIL]"
    return "✔ ok  ", "✖ FAIL"


def run_doctor(course: Path | None, course_problem: str | None = None, stream=None) -> int:
    stream = stream or sys.stdout
    good, bad = _marks(stream)
    print(f"Attuned doctor: the environment{f' and the course folder {course}' if course else ''}", file=stream)
    results = []
    for check in checks(course, course_problem):
        results.append(check)
        print(f"{good if check.ok else bad}  {check.sentence}", file=stream, flush=True)
    failed = sum(not c.ok for c in results)
    if failed:
        print(f"{failed} of {len(results)} checks failed: fix the lines marked FAIL, then run `attuned doctor` again.",
              file=stream)
        return 1
    print(f"All {len(results)} checks passed.", file=stream)
    return 0
