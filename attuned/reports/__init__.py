"""What instructors read: cohort report, item analysis, export, portfolio, course map.

Above :mod:`attuned.pipeline` (they read its gradebook) and :mod:`attuned.notebook` (they read the
response logs). :mod:`surface` and :mod:`adversarial` check that no surface pattern of the options
finds the best answer.
"""
