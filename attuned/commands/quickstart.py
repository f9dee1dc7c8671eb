"""``attuned quickstart DIR``: a ready nbgrader course folder anywhere, from the installed package.

Like ``nbgrader quickstart``, but for this course: ``nbgrader_config.py`` (the checkout's own,
shipped inside the wheel), ``source/NN-slug/NN-slug.ipynb`` built from the installed content and
the answer keys, and the keys themselves under ``instructor/keys``.

Where the keys live, and why. On a shared JupyterHub every account can read the Python
environment, so the wheel carries no key and no hidden test. The keys come from the instructor
(``--keys``, or ``instructor/keys`` of the source checkout or unpacked sdist) and go only into
the course folder, which is private to the instructor's account (0700): nbgrader keeps the
hidden tests that hold the keys not just in ``source/`` but in ``gradebook.db`` and in every
notebook under ``autograded/``, and ``submitted/`` holds every trainee's work. ``source/`` and
``instructor/keys`` are made private too (folders 0700, files 0600), so they stay private if the
course folder is ever opened up. Trainees reach the course only through nbgrader's exchange.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from attuned.pipeline.settings import CourseFolderError, course_folder, is_course_folder
from attuned.version import __version__

__all__ = ["CourseFolderError", "build", "course_folder", "is_course_folder", "quickstart", "release"]

PACKAGE = Path(__file__).resolve().parents[1]  # attuned/, the installed package
CHECKOUT = PACKAGE.parent  # the source checkout (or unpacked sdist) when running from one
#: The wheel carries the checkout's nbgrader_config.py here (pyproject: force-include).
PACKAGED_CONFIG = PACKAGE / "course_files" / "nbgrader_config.py"
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600
KEYS_HELP = ("they are not in the installed package (a shared hub's Python environment is readable by every "
             "account); pass --keys KEYS_DIR: they are in instructor/keys/ of the Attuned source (the git "
             f"repository, or the sdist attuned_course-{__version__}.tar.gz)")


def in_checkout() -> bool:
    """True when this package runs from the source checkout (an editable install or ``python -m``)."""
    return (CHECKOUT / "pyproject.toml").is_file() and (CHECKOUT / "nbgrader_config.py").is_file()


def config_text() -> str:
    """The course's nbgrader_config.py: the copy inside the wheel, else the checkout's own."""
    for path in (PACKAGED_CONFIG, CHECKOUT / "nbgrader_config.py"):
        if path.is_file():
            return path.read_text(encoding="utf-8")
    raise CourseFolderError("this installation of attuned has no nbgrader_config.py template; reinstall the package")


def default_keys_dir() -> Path | None:
    """``instructor/keys`` of the source checkout this package runs from, or of the current folder
    (an unpacked sdist or git clone); None when neither has them."""
    for base in ((CHECKOUT,) if in_checkout() else ()) + (Path.cwd(),):
        keys = base / "instructor" / "keys"
        if keys.is_dir() and any(keys.glob("*.yaml")):
            return keys.resolve()
    return None


def _private_dir(path: Path) -> None:
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    path.chmod(PRIVATE_DIR)  # mkdir's mode is filtered by the umask, and an existing folder keeps its own


def _write_private(path: Path, data: bytes) -> None:
    """Write a file that is never readable by others, not even for a moment."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), PRIVATE_FILE)
    with os.fdopen(fd, "wb") as handle:
        os.fchmod(handle.fileno(), PRIVATE_FILE)
        handle.write(data)


def protect(course: Path) -> None:
    """Make ``source/`` and ``instructor/`` owner-only, folders 0700 and files 0600 (they hold the keys)."""
    for top in (course / "source", course / "instructor"):
        if not top.is_dir():
            continue
        for folder, _dirs, files in os.walk(top):  # symlinks are neither followed nor changed
            Path(folder).chmod(PRIVATE_DIR)
            for path in (Path(folder) / name for name in files):
                if not path.is_symlink():
                    path.chmod(PRIVATE_FILE)


def quickstart(target: Path, keys: Path | None = None, force: bool = False) -> list[str]:
    """Write a course folder at ``target``; return the lines to print (what was written, what next)."""
    from attuned.model.course import load_course
    from attuned.pipeline.notebook_builder import build_all, load_keys

    target = target.expanduser().resolve()
    if target.exists() and not target.is_dir():
        raise CourseFolderError(f"{target} exists and is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise CourseFolderError(f"{target} already exists and is not empty; pass --force to rewrite its "
                                "nbgrader_config.py, source/ and instructor/keys (release/, submissions and the "
                                "gradebook are kept)")
    keys_dir = Path(keys).expanduser().resolve() if keys else default_keys_dir()
    if keys_dir is None:
        raise CourseFolderError(f"no answer keys found: {KEYS_HELP}")
    if not keys_dir.is_dir() or not any(keys_dir.glob("*.yaml")):
        raise CourseFolderError(f"{keys_dir} holds no answer key files (*.yaml); {KEYS_HELP}")
    course = load_course()
    load_keys(keys_dir, course)  # every key checked against its question before anything is written

    _private_dir(target)  # first, so nothing below is ever reachable by another account
    (target / "nbgrader_config.py").write_text(config_text(), encoding="utf-8")
    key_target = target / "instructor" / "keys"
    _private_dir(target / "instructor")
    _private_dir(key_target)
    if key_target != keys_dir:
        for stale in key_target.glob("*.yaml"):
            stale.unlink()
        for path in sorted(keys_dir.glob("*.yaml")):
            _write_private(key_target / path.name, path.read_bytes())
    _private_dir(target / "source")
    written = build_all(target)
    protect(target)
    gradebook = target / "gradebook.db"
    if not gradebook.exists():  # nbgrader keeps every hidden test in it; an empty file is a new database
        _write_private(gradebook, b"")

    try:
        shown = target.relative_to(Path.cwd())
    except ValueError:
        shown = target
    return [
        f"Course folder ready: {target} (private to your account, mode 0700)",
        "  nbgrader_config.py  course id 'attuned'; exchange /srv/nbgrader/exchange if it exists, "
        "else exchange/ in this folder",
        f"  source/             {len(written)} module notebooks with hidden tests (folder 0700)",
        f"  instructor/keys/    {len(list(key_target.glob('*.yaml')))} answer-key files (folder 0700, files 0600); "
        "never in the installed package",
        "  gradebook.db        nbgrader's gradebook (0600: it stores the hidden tests too)",
        "Next:",
        f"  attuned doctor --course {shown}     check versions, extensions, exchange, gradebook, content",
        f"  attuned generate --course {shown}   nbgrader generate_assignment for every module -> release/",
        f"  attuned try --course {shown} 01-relationship-and-technique   your own copy to try, in trial/ "
        "(never in release/, which trainees receive)",
        f"  cd {shown} && nbgrader release_assignment 01-relationship-and-technique   hand a module to trainees",
        f"  attuned autograde --course {shown} 01-relationship-and-technique   after nbgrader collect: each trainee "
        "on their own",
    ]


def build(course: Path, out: Path | None = None) -> list[Path]:
    """``attuned build``: rewrite a course folder's source notebooks (a quickstart folder's stay private)."""
    from attuned.pipeline.notebook_builder import build_all

    written = build_all(course, out)
    if out is None and not (in_checkout() and course == CHECKOUT):
        protect(course)
    return written


def modules_of(course: Path) -> list[str]:
    return sorted(p.name for p in (course / "source").glob("[0-9][0-9]-*") if p.is_dir())


def release(course: Path, modules: list[str] | None = None) -> list[str]:
    """``attuned generate``: ``nbgrader generate_assignment`` for the given modules (default: every
    module in source/). Not a release to trainees: that is ``nbgrader release_assignment``.

    release/ is written only by nbgrader. With no module named, one launch covers them all
    (nbgrader globs the assignment id): each nbgrader start costs seconds.
    """
    available = modules_of(course)
    if not available:
        raise CourseFolderError(f"{course / 'source'} has no module folders; run `attuned build --course {course}`")
    unknown = [m for m in modules or [] if m not in available]
    if unknown:
        raise CourseFolderError(f"no module {unknown[0]!r} in {course / 'source'} (there are: {', '.join(available)})")
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")  # nbgrader calls `alembic`
    for assignment in modules or ["*"]:
        proc = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force",
                               "--log-level=WARN"], cwd=course, env=env, capture_output=True, text=True, timeout=900)
        if proc.returncode != 0:
            out = proc.stdout + proc.stderr
            errors = [line for line in out.splitlines() if "ERROR" in line or "Error" in line]
            raise CourseFolderError(f"nbgrader generate_assignment {assignment} failed (exit {proc.returncode}): "
                                    + (errors[-1] if errors else out.strip()[-300:]))
    done = modules or available
    from attuned.pipeline.release_guard import release_problems

    for module in done:  # generate_assignment copies every other file of source/MODULE, a stray log too
        problems = release_problems(course / "release" / module)
        if problems:
            raise CourseFolderError(f"{course / 'release' / module} holds {'; '.join(problems)}, copied from "
                                    f"{course / 'source' / module}: remove it there and run `attuned generate` again")
    return [f"generated {course / 'release' / m}" for m in done] + [
        f"Next: cd {course} && nbgrader release_assignment MODULE  (puts it in the exchange for trainees); "
        "to try a module yourself: attuned try MODULE (a copy in trial/, never released)"]

