"""The course's interactive controls as anywidget components (ES modules beside this file, no build).

Nothing is imported here, so ``import attuned`` stays cheap: ``attuned.notebook.controls.form`` and
``attuned.notebook.controls.slider`` import anywidget when a notebook first shows an exercise.
"""
