"""Run nbgrader's real cycle on a throwaway copy of the course, with simulated trainees.

generate_assignment → release_assignment → fetch_assignment → (trainee works the notebook in a
real kernel, through the widget API) → submit --student → collect → autograde → export →
generate_feedback, on the gradebook ``attuned.pipeline.settings`` names (nbgrader's SQLite file in
the course folder unless the config or ``ATTUNED_DB_URL`` names another). Used by ``make demo`` and by the
pipeline tests, so the demo an instructor watches is the thing CI checks.

Every instructor step is the real nbgrader command-line tool in a subprocess, as an instructor
would run it. The trainee steps (fetch, submit) call nbgrader's own exchange classes in this
process, as the trainee's *Assignments* tab does (nbgrader's assignment_list server extension
calls the same ``ExchangeFactory(...).FetchAssignment(...).start()``): same exchange, same copies,
same ``--student`` override, without ~2 s of nbgrader start-up per trainee per module (112
start-ups in the pipeline test's cycle, the largest fixed cost of the whole test suite).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from traitlets.config import Config

#: The course id of the checkout's nbgrader_config.py, for tests that drive the exchange by hand;
#: run_cycle itself uses the id the course's own config names (attuned.pipeline.settings).
COURSE_ID = "attuned"
PERSONA_IDS = ("attuned", "fixer", "silent", "garbled", "longest", "shortest", "softest", "first",
               "second-shortest", "middle")


class CycleError(Exception):
    """An nbgrader step failed; the message names the step and quotes nbgrader's own error."""


@dataclass
class CycleResult:
    work: Path
    course: Path
    modules: list[str]
    students: list[str]
    #: scores[student][module][grade_id] = (score or None if awaiting manual grading, max)
    scores: dict[str, dict[str, dict[str, tuple[float | None, float]]]] = field(default_factory=dict)
    grades_csv: Path | None = None
    feedback: dict[str, dict[str, Path]] = field(default_factory=dict)
    #: autograde_failures[module] = {student: nbgrader's reason}; the others were still graded
    autograde_failures: dict[str, dict[str, str]] = field(default_factory=dict)

    def auto_total(self, student: str, module: str) -> float:
        return round(sum(s for s, _m in self.scores[student][module].values() if s is not None), 2)


class Progress:
    """A plain-text progress bar (no extra dependency); silent when not wanted."""

    def __init__(self, total: int, enabled: bool, stream=sys.stdout):
        import threading

        self.total, self.done, self.enabled, self.stream = max(total, 1), 0, enabled, stream
        self._lock = threading.Lock()

    def step(self, label: str) -> None:
        with self._lock:
            self._step(label)

    def _step(self, label: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.done / self.total)
        end = "\n" if self.done >= self.total or not self.stream.isatty() else ""
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} {label:<60.60}{end}")
        self.stream.flush()


def nbgrader_env(extra_path: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")  # nbgrader calls `alembic` by name
    env.pop("ATTUNED_RESPONSES", None)
    env.setdefault("JUPYTER_PLATFORM_DIRS", "1")
    env["PYTHONWARNINGS"] = "ignore"
    return env


def run_nbgrader(args: list[str], cwd: Path, env: dict[str, str], step: str) -> str:
    cmd = [sys.executable, "-m", "nbgrader", *args]
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    out = proc.stdout + proc.stderr
    if proc.returncode != 0:
        errors = [line for line in out.splitlines() if "ERROR" in line or "Error" in line]
        raise CycleError(f"{step} failed (exit {proc.returncode}): " + (errors[-1] if errors else out[-500:]))
    return out


def trainee_step(step: str, module: str, student: str, home: Path, exchange: Path,
                  course_id: str = COURSE_ID) -> None:
    """``nbgrader fetch_assignment MODULE`` or ``nbgrader submit MODULE --student=STUDENT`` run in
    ``home``, through the exchange classes the Assignments tab uses; thread-safe (no chdir)."""
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange import ExchangeError, ExchangeFactory
    from traitlets.config import Config

    config = Config()
    config.Exchange.root = str(exchange)
    config.Exchange.assignment_dir = str(home)
    config.CourseDirectory.root = str(home)
    config.CourseDirectory.course_id = course_id
    config.CourseDirectory.assignment_id = module
    if step == "submit":
        config.CourseDirectory.student_id = student
    config.ExchangeFactory.submit = "attuned.pipeline.exchange.PrivateSubmit"  # as deploy/nbgrader_config.py sets it
    factory = ExchangeFactory(config=config)
    kind = factory.FetchAssignment if step == "fetch" else factory.Submit
    action = kind(coursedir=CourseDirectory(config=config), authenticator=Authenticator(config=config), config=config)
    try:
        action.start()
    except ExchangeError as exc:
        raise CycleError(f"{step} {module} for {student} failed: {exc}") from None


def prepare_course(repo: Path, work: Path, modules: list[str]) -> Path:
    course = work / "course"
    course.mkdir(parents=True)
    shutil.copy(repo / "nbgrader_config.py", course / "nbgrader_config.py")
    # As `attuned quickstart` lays a course out: autograde reads the keys from instructor/keys.
    shutil.copytree(repo / "instructor" / "keys", course / "instructor" / "keys")
    for module in modules:
        shutil.copytree(repo / "source" / module, course / "source" / module,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "responses.jsonl"))
    return course


def kernel_config(sockets: str) -> Config:
    """Kernels for simulated trainees talk over Unix sockets in ``sockets`` where there are any.

    Over TCP each kernel picks five free ports and binds them a moment later; with two trainees at
    a time beside other tests starting kernels, another process now and then took a port in
    between ("Address already in use", then "Kernel died before replying to kernel_info"). Socket
    files in a folder of the kernel's own cannot be taken that way (and, unlike jupyter_client's
    default ``kernel-ipc`` prefix, are not written into the trainee's assignment folder).
    """
    from traitlets.config import Config

    config = Config()  # built per kernel: importing attuned.simulation.cycle stays free of traitlets
    if os.name == "posix":
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(sockets, "kernel")
    return config


def simulated_seed(student: str) -> str:
    """The option-order seed of a simulated trainee: derived from its id, so a demo or test run
    is reproducible. A real trainee's seed is random (attuned.notebook.option_order.new_seed)."""
    import hashlib

    return hashlib.sha256(f"attuned simulated trainee {student}".encode()).hexdigest()[:16]


def seed_log(folder: Path, student: str) -> None:
    """Give a simulated trainee's fresh log its seed, as the first widget would (but reproducibly)."""
    from attuned.notebook.responses import LOG_NAME, ResponseLog

    log = ResponseLog(folder / LOG_NAME)
    if log.read().seed is None:
        log.append_seed(simulated_seed(student))


#: Run as the kernel starts (IPython's exec_lines: before any cell, no execution count, hidden from
#: %who): the widgets the notebook's cells display are collected for the persona to work.
COLLECT_WIDGETS = "import attuned.simulation.personas as _p; _attuned_shown = _p.collect_displayed(); del _p"


def work_notebook(folder: Path, persona: str, keys: dict[str, list[str]]) -> None:
    """Open each notebook in ``folder`` in a real kernel, run it, act as ``persona``, save it."""
    import nbformat
    from nbclient import NotebookClient

    from attuned.simulation.personas import reflection_text

    seed_log(folder, persona)
    for path in sorted(folder.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        # Stopped at once when done: every response was written (and fsynced) by the cell that made
        # it, and a graceful shutdown now and then waits 3 s for the kernel (as in nbgrader_config.py).
        sockets = tempfile.TemporaryDirectory(prefix="attuned-kernel-")
        client = NotebookClient(nb, timeout=180, kernel_name="python3", allow_errors=True,
                                config=kernel_config(sockets.name), shutdown_kernel="immediate",
                                extra_arguments=[f"--IPKernelApp.exec_lines={COLLECT_WIDGETS}"],
                                resources={"metadata": {"path": str(folder)}})
        with sockets, client.setup_kernel(cwd=str(folder)):
            for index, cell in enumerate(nb.cells):
                if cell.cell_type == "code":
                    client.execute_cell(cell, index)
            # The persona runs as one more cell in the same kernel, then the cell is removed:
            # the saved notebook holds only what the trainee's own cells produced.
            nb.cells.append(nbformat.v4.new_code_cell(
                f"from attuned.simulation.personas import act as _act\n"
                f"_done = _act({persona!r}, _attuned_shown, {json.dumps(keys)})"))
            persona_cell = client.execute_cell(nb.cells[-1], len(nb.cells) - 1)
            nb.cells.pop()
            errors = [o for o in persona_cell.outputs if o.output_type == "error"]
            if errors:
                raise CycleError(f"persona {persona} could not work {path.name}: {errors[0].ename}: {errors[0].evalue}")
        text = reflection_text(persona)
        if text:
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                if cell.cell_type == "markdown" and meta.get("solution") and meta.get("grade"):
                    cell.source = text
        nbformat.write(nb, path)


def run_cycle(
    repo: Path,
    work: Path | None = None,
    modules: list[str] | None = None,
    students: tuple[str, ...] = PERSONA_IDS,
    keys: dict[str, list[str]] | None = None,
    progress: bool = False,
    answer: Callable[[Path, str, dict[str, list[str]]], None] = work_notebook,
    workers: int = 2,
) -> CycleResult:
    from attuned.model.course import load_course
    from attuned.pipeline.notebook_builder import load_keys

    course_content = load_course()
    keys = keys if keys is not None else load_keys(repo / "instructor" / "keys", course_content)
    modules = modules or sorted(p.name for p in (repo / "source").glob("[0-9][0-9]-*") if p.is_dir())
    work = Path(work or tempfile.mkdtemp(prefix="attuned-cycle-"))
    course = prepare_course(repo, work, modules)
    exchange = work / "exchange"
    exchange.mkdir()
    homes = work / "trainees"
    env = nbgrader_env()
    from attuned.pipeline.settings import course_settings

    course_id = course_settings(course).course_id  # as the trainees' /etc/jupyter config would name it
    common = [f"--Exchange.root={exchange}", f"--CourseDirectory.course_id={course_id}"]
    bar = Progress(len(modules) * (2 + 3 * len(students) + 2) + 1 + len(students), progress)
    result = CycleResult(work=work, course=course, modules=modules, students=list(students))

    # One `db student import` for the whole cohort: each nbgrader command costs ~3 s to start,
    # so adding 30 trainees one by one took a minute and a half.
    roster = work / "trainees.csv"
    roster.write_text("id\n" + "".join(f"{student}\n" for student in students), encoding="utf-8")
    run_nbgrader(["db", "student", "import", str(roster)], course, env, "add trainees")
    for student in students:
        bar.step(f"gradebook: added trainee {student}")
    # Instructor side first (these steps write the gradebook, so one at a time). One
    # generate_assignment for every module (nbgrader globs the assignment id over source/, which
    # holds exactly these modules): one start-up instead of one per module.
    run_nbgrader(["generate_assignment", "*", "--force", *common], course, env, "generate_assignment")
    for module in modules:
        bar.step(f"generate_assignment {module}")
    for module in modules:
        run_nbgrader(["release_assignment", module, "--force", *common], course, env, f"release {module}")
        bar.step(f"release_assignment {module}")

    # Trainees work independently (their own folders, the shared exchange): two at a time.
    def trainee(student: str, module: str) -> None:
        home = homes / student
        home.mkdir(parents=True, exist_ok=True)
        trainee_step("fetch", module, student, home, exchange, course_id)
        bar.step(f"{student}: fetch_assignment {module}")
        answer(home / module, student, keys)
        bar.step(f"{student}: works {module} in a real kernel")
        trainee_step("submit", module, student, home, exchange, course_id)
        bar.step(f"{student}: submit {module}")

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=workers) as pool:
        jobs = [pool.submit(trainee, student, module) for student in students for module in modules]
        for job in jobs:
            job.result()  # re-raises the first failure with its one-line CycleError

    for module in modules:
        run_nbgrader(["collect", module, *common], course, env, f"collect {module}")
        bar.step(f"collect {module}")
    # One autograde for every module (nbgrader globs the assignment id, as for feedback below).
    result.autograde_failures = autograde_cohort(modules, common, course, env)
    for module in modules:
        bar.step(f"autograde {module}")
    # One launch for every module (nbgrader globs the assignment id); each launch costs seconds.
    run_nbgrader(["generate_feedback", "*", "--force", *common], course, env, "generate_feedback")
    run_nbgrader(["export", f"--to={course / 'grades.csv'}", *common], course, env, "export")
    bar.step("generate_feedback and export")
    result.grades_csv = course / "grades.csv"
    read_scores(result)
    for student in students:
        result.feedback[student] = {m: p for m in modules for p in sorted((course / "feedback" / student / m).glob("*.html"))}
    return result


def autograde_cohort(modules: list[str], common: list[str], course: Path, env: dict[str, str]) -> dict[str, dict[str, str]]:
    """Autograde every submission of ``modules``; return {module: {student: reason}} for those
    nbgrader could not grade (every module has an entry, empty when all were graded).

    nbgrader grades each trainee in turn and exits 1 if *any* failed (a trainee who renamed the
    notebook, for one). One such trainee must not stop feedback and export for the cohort, so
    per-trainee failures are returned for the instructor to see; any other failure still raises.
    """
    import re

    pattern = modules[0] if len(modules) == 1 else "*"  # course/source holds exactly these modules
    cmd = [sys.executable, "-m", "nbgrader", "autograde", pattern, "--force", *common]
    proc = subprocess.run(cmd, cwd=course, env=env, capture_output=True, text=True, timeout=1800)
    failures: dict[str, dict[str, str]] = {module: {} for module in modules}
    if proc.returncode == 0:
        return failures
    out = proc.stdout + proc.stderr
    failed = re.findall(r"error processing assignment '([^']+)' for student '([^']+)'", out)
    if not failed:
        errors = [line for line in out.splitlines() if "ERROR" in line or "Error" in line]
        raise CycleError(f"autograde {pattern} failed (exit {proc.returncode}): "
                         + (errors[-1] if errors else out[-500:]))
    cause = ""
    for line in out.splitlines():
        if "| ERROR]" not in line:
            continue
        text = line.split("] ", 1)[-1].strip()
        marker = "There was an error processing assignment: "
        if text.startswith(marker):
            folder = Path(text[len(marker):])  # <course>/submitted/<student>/<module>
            failures.setdefault(folder.name, {})[folder.parent.name] = cause or "nbgrader could not autograde this submission"
            cause = ""
        elif not text.startswith(("There was an error", "Please see")):
            cause = text
    for module, student in failed:
        failures.setdefault(module, {}).setdefault(student, "nbgrader could not autograde this submission")
    return failures


def read_scores(result: CycleResult) -> None:
    """Each trainee's score per grade cell, by the one gradebook reader: None while the cell awaits
    manual grading, 0 when the trainee has no grade for it."""
    from attuned.pipeline.gradebook import read_gradebook

    gradebook = read_gradebook(result.course, submissions=False)
    if gradebook is None:
        raise RuntimeError(f"no gradebook for {result.course} after autograde")
    grades = {(student, cell_id): score for cell_id, student, score in gradebook.grades}
    for student in result.students:
        per_module = result.scores.setdefault(student, {})
        for module in result.modules:
            per_module[module] = {cell.name: (grades.get((student, cell_id), 0.0), cell.max_score)
                                  for cell_id, cell in gradebook.cells.items() if cell.module == module}


def _graded_kinds(module: str) -> dict[str, str]:
    """grade id -> what its points are for, in ``module`` (:func:`attuned.pipeline.cell_ids.graded_kind`)."""
    from attuned.model.course import get_course
    from attuned.pipeline.cell_ids import graded_cells

    found = get_course().modules.get(module)
    return {gid: cell.graded_as for gid, cell in graded_cells(found).items()} if found is not None else {}


#: Graded kinds a person marks in the Formgrader; every other graded cell nbgrader scores itself.
WRITTEN_KINDS = ("reflection", "own_words")


def _auto_and_written(items: dict[str, tuple[float | None, float]], module: str
                      ) -> tuple[list[tuple[float | None, float]], list[tuple[float | None, float]]]:
    """(score, maximum) of a trainee's cells in ``module``: those autograded, then those written."""
    kinds = _graded_kinds(module)
    auto = [(s, m) for gid, (s, m) in items.items() if kinds.get(gid) not in WRITTEN_KINDS]
    written = [(s, m) for gid, (s, m) in items.items() if kinds.get(gid) in WRITTEN_KINDS]
    return auto, written


def vignette_points(result: CycleResult, student: str, module: str) -> float:
    """Autograded vignette points only (the items a test-wise trainee tries to game)."""
    kinds = _graded_kinds(module)
    return round(sum(s or 0.0 for gid, (s, _m) in result.scores[student][module].items()
                     if kinds.get(gid) == "vignette"), 2)


#: What each column of :func:`table` means, printed under it by ``make demo``.
TABLE_LEGEND = (
    "Columns (a module's points = autograded + written, as the 'Module points' lines above add them up):\n"
    "autograded   earned/maximum of the cells nbgrader scores itself (vignettes, knowledge checks, check-ins);\n"
    "             the maximum is the module's, the same for every trainee; reflections and own words are not in it\n"
    "vignettes    the vignette points among them\n"
    "vs attuned   those vignette points as a share of the 'attuned' trainee's (who always chooses the attuned\n"
    "             response): how far choosing by surface alone gets a test-wise trainee\n"
    "written      points of reflections and own words: 'to grade' awaits an instructor in Formgrader; 'blank':\n"
    "             left empty, which nbgrader scores 0 itself; 'graded': scored by an instructor"
)


def table(result: CycleResult) -> str:
    """Per-trainee summary: autograded points per module (one denominator per module: the cells
    nbgrader scores itself; a blank reflection, which nbgrader also scores 0, is counted with the
    written work), vignette points as a share of the attuned trainee's, and the written work."""
    reference = "attuned" if "attuned" in result.students else None
    lines = [f"{'trainee':<15} {'module':<40} {'autograded':>12} {'vignettes':>10} {'vs attuned':>10} "
             f"{'written (reflections, own words)':>34}"]
    for student in result.students:
        for module in result.modules:
            auto, written = _auto_and_written(result.scores[student][module], module)
            got = sum(s or 0.0 for s, _ in auto)
            out_of = sum(m for _, m in auto)
            vig = vignette_points(result, student, module)
            ref = vignette_points(result, reference, module) if reference else 0.0
            share = f"{vig / ref:.0%}" if ref else "—"
            pending = sum(m for s, m in written if s is None)
            blank = sum(m for s, m in written if s == 0)
            marked = [(s, m) for s, m in written if s]
            state = (f"{pending:g} pts to grade" + (f", {blank:g} blank" if blank else "")
                     + (f", {sum(s for s, _ in marked):g}/{sum(m for _, m in marked):g} graded" if marked else ""))
            lines.append(f"{student:<15} {module:<40} {got:>6.2f}/{out_of:<5g} {vig:>10.2f} {share:>10} {state:>34}")
    lines.append("")
    for module in result.modules:  # one trainee's maxima are everyone's: the same cells in every notebook
        cells = _auto_and_written(result.scores[result.students[0]][module], module) if result.students else ([], [])
        auto, written = (sum(m for _s, m in group) for group in cells)
        lines.append(f"Module points {module}: {auto:g} autograded + {written:g} written = {auto + written:g}")
    return "\n".join(lines)
