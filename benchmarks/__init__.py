"""Speed measurements for Attuned, each a ratio against a floor measured in the same run.

One job per module (``autograde``, ``startup``, ``widget_step``, ``report``, ``test_suite``);
``python -m benchmarks`` (``make bench``) runs them, writes ``benchmarks/results.json`` and prints
the Markdown table that docs/performance.md quotes (``--docs`` puts it there). Absolute seconds depend on the
machine and its load; a ratio against a floor timed moments earlier, interleaved with the
measured case, mostly does not. Nothing here runs under ``make test``: timing is not a test.
"""
