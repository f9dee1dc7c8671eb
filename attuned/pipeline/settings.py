"""One answer to "which course, which keys, which gradebook, which course id" — nbgrader's answer.

Every ``attuned`` command that works on a course, every report that opens its gradebook, and the
course's own ``nbgrader_config.py`` ask this module, so nbgrader's commands (Formgrader included)
and Attuned's reports cannot read two different gradebooks without a word.

The course folder is ``--course DIR``, else the current folder: never the source checkout this
package happens to run from (an installed package has none, and an editable one must not quietly
answer for another folder). Its answer keys are ``instructor/keys`` inside it.

The settings are read the way nbgrader reads them, with traitlets' and jupyter_core's own loaders
and in nbgrader's order (``NbGrader.load_config_file``): ``jupyter_config`` then
``nbgrader_config`` (``.py`` then ``.json``) from Jupyter's config path (system folders first, then
``~/.jupyter``), then the course folder's own ``nbgrader_config``; a later file wins.

The gradebook URL, in this order:

1. ``c.CourseDirectory.db_url`` from any of those config files (the course folder's over
   ``~/.jupyter``'s over the system's). The config wins because it is what every nbgrader process
   reads, including Formgrader, which the hub starts without the instructor's shell environment:
   a variable set in one shell must not make that shell's ``nbgrader autograde`` write to another
   database than the one Formgrader shows.
2. ``$ATTUNED_DB_URL`` when no config file names one. The course's ``nbgrader_config.py`` hands it
   to nbgrader through :func:`environment_db_url` (the same rule, so both agree); a course whose
   config does not, while the variable is set, is refused in one sentence (:class:`SettingsError`)
   rather than read from a database nbgrader does not use. (A folder with no ``nbgrader_config.py``
   has no course settings for nbgrader to disagree with: the variable is taken as it is.)
3. nbgrader's own default: ``gradebook.db`` in the course folder (``CourseDirectory.root``).

A PostgreSQL gradebook is named ``postgresql+psycopg://USER[:PASSWORD]@HOST:PORT/DATABASE`` (psycopg
3, the ``postgres`` extra; a bare ``postgresql://`` means psycopg2 under SQLAlchemy 2.0).

Reading the settings does not import nbgrader (~1.5 s, a sixth of a large cohort's report): the
course's ``nbgrader_config.py`` skips its grading steps while :func:`settings_only` is true.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import chdir, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DB_URL_VARIABLE = "ATTUNED_DB_URL"
CONFIG_NAME = "nbgrader_config"


class SettingsError(Exception):
    """A course's settings cannot be read or disagree with nbgrader's; the message is one sentence."""


class CourseFolderError(SettingsError):
    """The folder named (or the current one) is not a usable course folder."""


def is_course_folder(path: Path) -> bool:
    return (path / f"{CONFIG_NAME}.py").is_file()


def course_folder(given: str | os.PathLike | None = None, *, require_config: bool = True) -> Path:
    """The course folder a command works on: ``--course DIR``, else the current folder.

    ``require_config``: commands that run nbgrader need the folder and its ``nbgrader_config.py``;
    the readers (report, export, portfolio...) take the path as it is and say what they miss."""
    path = Path(given if given else ".").expanduser().resolve()
    named = f"`attuned quickstart {given}`" if given else "`attuned quickstart DIR`"
    if not require_config:  # a reader names what is missing itself ("no gradebook at ...")
        return path
    if not path.is_dir():
        raise CourseFolderError(f"{path} is not a folder; make a course folder with {named}")
    if not is_course_folder(path):
        where = "" if given else " (no --course given: the current folder)"
        raise CourseFolderError(f"{path} is not a course folder{where}: it has no {CONFIG_NAME}.py; pass --course DIR, "
                                f"or make one with {named}")
    return path


# -- reading nbgrader's config -------------------------------------------------------------------
_reading = {"settings_only": False, "env_asked": False, "checking": False}


def settings_only() -> bool:
    """True while :func:`course_settings` reads a course's config for its settings alone: the
    course's ``nbgrader_config.py`` then skips its grading steps, which import nbgrader and set
    nothing read here. nbgrader itself, and ``attuned doctor`` (``grading=True``), read it all."""
    return _reading["settings_only"]


def _config_paths() -> list[str]:
    """Jupyter's config path as jupyter_core's ``JupyterApp.config_file_paths`` gives it."""
    from jupyter_core.paths import jupyter_config_dir, jupyter_config_path

    paths = jupyter_config_path()
    if jupyter_config_dir() not in paths:
        paths.insert(0, jupyter_config_dir())
    return paths


def _load(name: str, paths: list[str]) -> Iterator[Any]:
    """Each config object traitlets loads for ``name`` (.py, then .json) from ``paths``, lowest priority first."""
    from traitlets.config.loader import ConfigFileNotFound, JSONFileConfigLoader, PyFileConfigLoader

    for path in reversed(paths):  # traitlets' Application.load_config_file order
        for loader in (PyFileConfigLoader(f"{name}.py", path=path), JSONFileConfigLoader(f"{name}.json", path=path)):
            try:
                yield loader.load_config()
            except ConfigFileNotFound:
                continue


@contextmanager
def _loading(settings: bool) -> Iterator[None]:
    saved = dict(_reading)
    _reading.update(settings_only=settings, env_asked=False)
    try:
        yield
    finally:
        _reading.update(saved)


def _jupyter_path_config() -> Any:
    """What the config files on Jupyter's config path say (not the course folder's)."""
    from traitlets.config import Config

    merged = Config()
    paths = _config_paths()
    for name in ("jupyter_config", CONFIG_NAME):
        for config in _load(name, paths):
            merged.merge(config)
    return merged


def nbgrader_config(course: Path, *, grading: bool = False) -> Any:
    """The traitlets ``Config`` nbgrader sees when run in ``course`` (see the module docstring).

    Loaded inside the course folder, as nbgrader runs, so a config's relative paths mean the same
    (the process's working folder changes for the moment: not from several threads at once).
    ``grading=False`` lets the course's own config skip its grading steps (:func:`settings_only`).
    Raises whatever a config file raises; :func:`course_settings` turns that into one sentence."""
    return _read_config(course, grading)[0]


def _read_config(course: Path, grading: bool) -> tuple[Any, bool]:
    """(the config, whether the course's config asked :func:`environment_db_url`)."""
    from traitlets.config import Config

    merged = Config()
    if not course.is_dir():  # nothing there to read; the readers then say what is missing
        with _loading(not grading):
            return _jupyter_path_config(), False
    with _loading(not grading), chdir(course):
        merged.merge(_jupyter_path_config())
        for config in _load(CONFIG_NAME, [str(course)]):
            merged.merge(config)
        return merged, _reading["env_asked"]


def environment_db_url() -> str | None:
    """``$ATTUNED_DB_URL`` for the course's ``nbgrader_config.py`` to hand to nbgrader — unless a
    config file on Jupyter's config path (``~/.jupyter``, ``/etc/jupyter``...) already names
    ``c.CourseDirectory.db_url``, which wins (rule 1 of the module docstring). The course's config
    asks only when it names no ``db_url`` itself. None: leave nbgrader's setting alone."""
    _reading["env_asked"] = True
    value = os.environ.get(DB_URL_VARIABLE, "").strip()
    if not value or _reading["checking"]:  # a ~/.jupyter copy of the course config, read from here
        return None
    _reading["checking"] = True
    try:
        named = "db_url" in _jupyter_path_config().CourseDirectory
    finally:
        _reading["checking"] = False
    return None if named else value


# -- the answer ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CourseSettings:
    """What a command needs to know about a course folder, as nbgrader would read it."""

    course: Path  # the course folder
    course_id: str  # c.CourseDirectory.course_id ('' when no config names one: nbgrader's default)
    db_url: str  # the gradebook's SQLAlchemy URL
    db_url_from: str  # where db_url came from, in words (for messages and `attuned doctor`)
    config: Any = None  # the whole traitlets Config read

    @property
    def keys(self) -> Path:
        """The instructor's answer keys: ``instructor/keys`` of the course folder."""
        return self.course / "instructor" / "keys"

    @property
    def sqlite_file(self) -> Path | None:
        """The gradebook's file when it is a SQLite database, else None."""
        return Path(self.db_url.removeprefix("sqlite:///")) if self.db_url.startswith("sqlite:///") else None


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def course_settings(course: str | os.PathLike, *, grading: bool = False) -> CourseSettings:
    """The course folder's settings (see the module docstring); SettingsError names a broken config."""
    course = Path(course)
    where = course.resolve()
    try:
        config, asked = _read_config(where, grading)
    except Exception as exc:  # a broken config file is one sentence naming it
        raise SettingsError(f"the nbgrader config for {where} cannot be loaded ({CONFIG_NAME}.py there or in "
                            f"{', '.join(_config_paths())}): {_first_line(exc)}") from exc
    coursedir = config.CourseDirectory
    course_id = str(coursedir.course_id) if "course_id" in coursedir else ""
    environment = os.environ.get(DB_URL_VARIABLE, "").strip()
    if "db_url" in coursedir and str(coursedir.db_url).strip():
        url = str(coursedir.db_url).strip()
        source = (f"${DB_URL_VARIABLE} (through {CONFIG_NAME}.py)" if asked and url == environment
                  else "c.CourseDirectory.db_url in the nbgrader config")
    elif environment and is_course_folder(where) and not asked:
        raise SettingsError(f"${DB_URL_VARIABLE} is set, but {where / (CONFIG_NAME + '.py')} names no "
                            "c.CourseDirectory.db_url and does not hand the variable to nbgrader, which would grade "
                            "into gradebook.db there: set c.CourseDirectory.db_url in that file, or unset "
                            f"{DB_URL_VARIABLE}")
    elif environment:
        url, source = environment, f"${DB_URL_VARIABLE}"
    else:
        root = Path(str(coursedir.root)) if "root" in coursedir else None
        base = (where / root if not root.is_absolute() else root) if root else course
        url, source = f"sqlite:///{base / 'gradebook.db'}", "nbgrader's default, gradebook.db in the course folder"
    return CourseSettings(where, course_id, url, source, config)


def gradebook_url(course: str | os.PathLike) -> str:
    """The SQLAlchemy URL of the course's gradebook (:func:`course_settings`)."""
    return course_settings(course).db_url
