"""Every install command the project documents installs this project, or a package we mean.

On the public package index, ``attuned`` is an unrelated project; an instructor who followed
``pip install 'attuned[hub,postgres]'`` would have run a stranger's code on the course server.
The distribution is ``attuned-course`` (not published), so this course is installed only from its
wheel, its sdist or a path. These tests read every ``pip install`` in the README, docs/, deploy/,
the Makefile and environment.yml and fail on a bare name that is not one of our declared
dependencies (or a package the docs name on purpose), and on a wheel or sdist file of any other
distribution.
"""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

import attuned

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
DISTRIBUTION = PYPROJECT["project"]["name"]
#: Named on purpose in the docs, beyond pyproject's own requirements.
DOCUMENTED_ON_PURPOSE = {"pip", "jupyterhub-systemdspawner"}  # deploy/: the SystemdSpawner alternative


def _allowed_names() -> set[str]:
    project = PYPROJECT["project"]
    lines = [*project["dependencies"], *PYPROJECT["build-system"]["requires"]]
    for extra in project.get("optional-dependencies", {}).values():
        lines += extra
    return {canonicalize_name(Requirement(line).name) for line in lines} | DOCUMENTED_ON_PURPOSE


def _is_path(token: str) -> bool:
    return token.startswith((".", "/", "~", "$")) or "/" in token or token.endswith((".whl", ".tar.gz"))


def problems_in(command_args: str, allowed: set[str]) -> list[str]:
    """What is wrong with the arguments of one ``pip install`` (empty when it installs what we mean)."""
    found = []
    try:
        tokens = shlex.split(command_args, comments=True)
    except ValueError:
        tokens = command_args.split()
    seen = 0
    for raw in tokens:
        if raw in ("&&", "||", "|") or (seen and re.fullmatch(r"[a-z]+", raw)):
            break  # the next command, or prose after this one ("... into an existing install")
        token = raw.rstrip(";,)")
        if token in ("\\", "") or token.startswith("-"):
            continue
        seen += 1
        if _is_path(token):
            filename = Path(token.split("[", 1)[0]).name
            if filename.endswith((".whl", ".tar.gz")) and not filename.startswith(
                    DISTRIBUTION.replace("-", "_") + "-"):
                found.append(f"{token}: a wheel or sdist of another distribution than {DISTRIBUTION}")
            continue
        try:
            name = canonicalize_name(Requirement(token).name)
        except InvalidRequirement:
            break  # prose after the command
        if name in (canonicalize_name(DISTRIBUTION), "attuned"):
            found.append(f"{token}: this course by bare name, which the index resolves to someone else's "
                         "project (or to nothing): install the wheel, sdist or a path")
        elif name not in allowed:
            found.append(f"{token}: a package that is neither a requirement of {DISTRIBUTION} nor named on purpose")
        if raw.endswith((",", ")")):
            break  # the command ends inside a sentence
    return found


def _pip_installs(text: str) -> list[str]:
    """The arguments of each ``pip install`` in a text (one line each; a backtick ends inline code)."""
    return [m.group(1).split("`", 1)[0] for m in re.finditer(r"pip3? install([^\n]*)", text)]


def _documents() -> list[Path]:
    return [REPO / "README.md", REPO / "Makefile", *sorted((REPO / "docs").rglob("*.md")),
            *sorted((REPO / "deploy").glob("*")), *sorted((REPO / "attuned").rglob("*.py"))]


def test_the_distribution_is_ours_and_the_package_knows_its_name():
    assert DISTRIBUTION == attuned.DISTRIBUTION == "attuned-course"
    assert canonicalize_name(DISTRIBUTION) != "attuned", "`attuned` on the public index is an unrelated project"
    assert PYPROJECT["project"]["scripts"] == {"attuned": "attuned.commands.cli:main"}, "the command keeps its name"
    guide = (REPO / "docs" / "instructor-guide.md").read_text(encoding="utf-8")  # where the README sends installers
    wheel = f"{DISTRIBUTION.replace('-', '_')}-{PYPROJECT['project']['version']}-py3-none-any.whl"
    installs = _pip_installs(guide)
    assert len(installs) >= 4 and any(f"./dist/{wheel}" in args for args in installs), installs  # checked below
    assert "make dist" in guide, "the guide must say where the wheel comes from"


def test_the_checker_catches_the_install_command_that_once_installed_a_strangers_package():
    allowed = _allowed_names()
    assert problems_in(" 'attuned[hub,postgres]'", allowed)
    assert problems_in(" attuned-course", allowed)
    assert problems_in(" ./attuned-0.1.0-py3-none-any.whl", allowed)
    assert problems_in(" left-pad", allowed)
    assert not problems_in(" './attuned_course-0.1.0-py3-none-any.whl[hub,postgres]'", allowed)
    assert not problems_in(" '/path/to/attuned-checkout[hub]'   # a checkout", allowed)
    assert not problems_in(" 'psycopg[binary]>=3.2,<4' into an existing install", allowed)


@pytest.mark.parametrize("path", _documents(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_documented_pip_install_installs_this_project_or_a_package_we_mean(path):
    if not path.is_file():
        pytest.skip(f"{path} is a folder")
    allowed = _allowed_names()
    text = path.read_text(encoding="utf-8", errors="replace")
    found = [f"{path.relative_to(REPO)}: {p}" for args in _pip_installs(text) for p in problems_in(args, allowed)]
    assert not found, "\n".join(found)


def test_environment_yml_installs_this_checkout_by_path_and_only_our_requirements():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict) and "pip" in d)
    allowed = _allowed_names()
    assert "-e .[test]" in pip
    found = [p for line in pip for p in problems_in(line, allowed)]
    assert not found, found
