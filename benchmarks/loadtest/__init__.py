"""A whole cohort at once on one hub: ``python -m benchmarks.loadtest --trainees N --out FILE``.

Real Unix accounts, the project's JupyterHub config, LocalProcessSpawner; N simulated trainees
work a module through the same widget messages the page sends while the instructor autogrades,
with four faults in the middle (hub restart, a kernel killed, the disk full, the idle culler).
``session.run`` does it all and removes everything it made; ``report`` prints the table.
See docs/deployment.md for what the figures mean for sizing a server.
"""
