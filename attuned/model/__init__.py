"""The course model: content files read, checked and turned into plain data.

Bottom layer: imports nothing else from Attuned. YAML is read safely and boundedly
(:mod:`yaml_reader`, :mod:`fields`), every mistake is collected as a :class:`problems.Problem`
naming file and field, and :mod:`course` assembles modules of vignettes (:mod:`vignette`,
:mod:`vignette_loader`), knowledge checks, check-ins and reflection prompts (:mod:`exercise`,
:mod:`exercise_loader`). :mod:`vocab` holds the shared words (qualities, stances, rules);
:mod:`content_cache` keeps a parsed copy so kernels skip PyYAML.
"""
