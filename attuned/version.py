"""Who the package is: a leaf module every layer may read (the content cache keys on the version)."""

__version__ = "0.1.0"
#: The distribution name on the package index: `attuned` there is someone else's project (the import
#: package and the `attuned` command keep the short name). pyproject.toml says the same; a test checks.
DISTRIBUTION = "attuned-course"
