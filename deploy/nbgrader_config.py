"""nbgrader settings every account on the hub shares: copy to /etc/jupyter/nbgrader_config.py.

Trainees run nbgrader (the Assignments tab, or `nbgrader fetch_assignment` in a terminal) from
their home folder, where no course config exists; this file tells them which course and which
exchange. The instructor's course folder has its own nbgrader_config.py on top of this one.
"""

import os

c = get_config()  # noqa: F821 - provided by nbgrader/traitlets when this file is loaded

c.CourseDirectory.course_id = "attuned"
# No c.CourseDirectory.db_url here: every account reads this file, and a PostgreSQL URL carries the
# gradebook's password. The instructor names it in their own ~/.jupyter/nbgrader_config.py or
# course folder (see deploy/jupyterhub_config.py).
# nbgrader's default; deploy/jupyterhub_config.py passes the same variable to every server.
c.Exchange.root = os.environ.get("ATTUNED_EXCHANGE", "/srv/nbgrader/exchange")

# Nobody submits as someone else (attuned.pipeline.exchange): a trainee's submit refuses another account's
# student id and does not leave the submission folder writable by everyone; the instructor's
# collect leaves out any submission whose files belong to another account than the one it names.
c.ExchangeFactory.submit = "attuned.pipeline.exchange.PrivateSubmit"
c.ExchangeFactory.collect = "attuned.pipeline.exchange.OwnerCheckedCollect"
