"""``python -m attuned``: the same as the ``attuned`` command."""

from attuned.commands.cli import main

raise SystemExit(main())
