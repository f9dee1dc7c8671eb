"""What runs in a trainee's kernel: widgets, the response log and the grade cells.

Above :mod:`attuned.model` only. The widgets (:mod:`vignette_widget`, :mod:`exercise_widgets`,
:mod:`teaching_models`, built on the anywidget :mod:`controls`, sharing display, status line and the
first-submission rule in :mod:`widget_base`) write every committed answer to the append-only log
(:mod:`responses`); :mod:`grading` turns a log and the keys into the scores the grade
cells show (and autograde recomputes in nbgrader's process); :mod:`privacy` checks reflections for
identifying details before submission. Notebooks reach all of it through the ``attuned`` package root.
"""
