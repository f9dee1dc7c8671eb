"""``attuned export`` as an nbgrader exporter: ``nbgrader export --exporter=attuned.reports.export_plugin.AttunedExport``.

nbgrader's own ``export`` command then reads the course's ``nbgrader_config.py`` (course folder,
``CourseDirectory.db_url``, log level) and passes on its filters: ``--to`` (the file to write),
``--assignment`` (the modules; as ``attuned export --modules``) and ``--student`` (the trainees).
The rest is :func:`attuned.reports.export.export_grades`, unchanged: the same file, the same notes,
the same one-line reasons. Options of this exporter, on the command line or in the config::

    nbgrader export --exporter=attuned.reports.export_plugin.AttunedExport \\
        --AttunedExport.format=canvas --AttunedExport.roster=roster.csv --to=grades-canvas.csv

The gradebook nbgrader opened and the one this package reads must be the same database; if they
are not (a ``db_url`` this package does not resolve the same way), the export stops and says so
rather than export another gradebook's grades.
"""

from __future__ import annotations

from pathlib import Path

from nbgrader.plugins import ExportPlugin
from traitlets import Bool, Enum, Unicode

from attuned.pipeline.gradebook import shown_url
from attuned.reports.export import FORMATS, ExportError, export_grades


class AttunedExport(ExportPlugin):
    """The learning platform's import file (Canvas, Moodle or plain CSV) from nbgrader's gradebook."""

    format = Enum(FORMATS, default_value="canvas", help="the platform's import format").tag(config=True)
    roster = Unicode("", help="CSV of trainee ids and the platform's identifiers (see attuned export --help)").tag(
        config=True)
    dry_run = Bool(False, help="show the first rows and the notes; write nothing").tag(config=True)

    def export(self, gradebook) -> None:
        from attuned.pipeline.gradebook import gradebook_url

        coursedir = self.parent.coursedir  # nbgrader's ExportApp, which opened ``gradebook`` from coursedir.db_url
        course = Path(coursedir.root)
        ours = gradebook_url(course)
        if ours != coursedir.db_url:
            self._fail(f"nbgrader opened the gradebook {shown_url(coursedir.db_url)} but attuned reads {shown_url(ours)}: "
                       "name the database in the course's nbgrader_config.py (c.CourseDirectory.db_url), which both read")
        try:
            result = export_grades(course, self.format, Path(self.to) if self.to else None,
                                   Path(self.roster) if self.roster else None, dry_run=self.dry_run,
                                   modules=[str(a) for a in self.assignment] or None,
                                   trainees=[str(s) for s in self.student] or None)
        except ExportError as exc:
            self._fail(str(exc))
        for note in result.notes:
            self.log.info(note)
        if result.written is None:
            print(result.text, end="")
        else:
            self.log.info("Grades (%s, %d lines) written to %s", self.format, len(result.text.splitlines()), result.written)

    def _fail(self, message: str) -> None:
        """nbgrader's way to stop a command (``NbGrader.fail``): the reason as one error line, exit 1."""
        self.parent.fail(message)
