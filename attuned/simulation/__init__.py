"""Simulated trainees driving nbgrader's whole cycle: the demo, the tests and the benchmarks.

Above :mod:`attuned.reports`. :mod:`personas` answer through the real widgets; :mod:`cycle` runs
release → fetch → work → submit → collect → autograde → feedback in a throwaway course; :mod:`demo`
prints what ten trainees get. Nothing here runs in a trainee's kernel.
"""
