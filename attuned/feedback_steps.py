"""``generate_feedback``'s steps, without a warning an instructor would read as trouble.

The course's feedback runs nbgrader's ``ClearHiddenTests`` (``nbgrader_config.py``), so the
hidden tests that hold knowledge-check keys never reach a trainee. nbgrader's HTML exporter sets
``NbConvertBase.display_data_priority`` in its default config, and every preprocessor it runs
inherits that setting. nbgrader's own ``GetGrades`` declares the trait configurable; its base
class ``NbGraderPreprocessor`` redeclares it *without* ``config=True``, so for ``ClearHiddenTests``
(which nbgrader's default feedback list does not run) traitlets printed "Config option
`display_data_priority` not recognized by `ClearHiddenTests`" on every ``generate_feedback``.
:class:`ClearHiddenTests` is nbgrader's step with the trait declared as ``GetGrades`` declares it:
the exporter's setting is accepted (a hidden-test remover shows no outputs, so it changes nothing).
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests as NbgraderClearHiddenTests
from nbgrader.preprocessors import GetGrades
from traitlets import List


class ClearHiddenTests(NbgraderClearHiddenTests):
    """nbgrader's ClearHiddenTests, accepting the exporter's ``display_data_priority`` quietly."""

    display_data_priority = List(GetGrades.class_traits()["display_data_priority"].default(), config=True)
