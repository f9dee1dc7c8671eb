"""nbgrader integration: notebooks built, released, exchanged, autograded and read back.

Above :mod:`attuned.notebook`. :mod:`notebook_builder` writes each module's notebook with the grade
ids of :mod:`cell_ids`; :mod:`release_guard` and :mod:`exchange` are nbgrader exchange plugins;
:mod:`autograde_steps` replaces nbgrader's kernel run with scoring in nbgrader's own process;
:mod:`settings` reads a course folder's settings as nbgrader does (course id, keys, where the
gradebook is) and :mod:`gradebook` is the one reader of what nbgrader's gradebook holds.
"""
