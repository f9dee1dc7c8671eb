"""A parsed copy of the installed course content, so that a kernel does not re-parse the YAML.

Why: every notebook kernel loads the whole course, and so does nbgrader's autograde, once per
submission. Reading ~30 YAML files strictly (a nesting pre-pass, then a Python-level
duplicate-key check) took ~40 ms of each kernel's start and imported PyYAML; the same data as
JSON loads in ~1 ms. Validation still runs on the data every time: only parsing is skipped.

Rules that keep the copy honest:
- JSON, never pickle: a cache file is data, it cannot run code in the kernel that reads it;
- an entry is used only while the file's size, mtime, ctime and inode are all unchanged, and only
  files that parsed without a problem and survive a JSON round trip unchanged are stored (a date
  or a non-string key is simply read from the YAML each time);
- only the installed content folder is cached (``get_course``); ``attuned validate`` on an
  author's folder and every test's throwaway folder always read the files;
- one file per content folder under ``$ATTUNED_CACHE_DIR`` (default ``~/.cache/attuned``),
  replaced atomically; if it cannot be read or written, loading simply reads the YAML.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

FORMAT = 1
ENV_DIR = "ATTUNED_CACHE_DIR"
MISS = object()

_active: _ContentCache | None = None


def cache_dir() -> Path:
    if os.environ.get(ENV_DIR):
        return Path(os.environ[ENV_DIR])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "attuned"


def _stamp(path: Path) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


class _ContentCache:
    """The parsed files of one content folder, read once and written back only if it grew."""

    def __init__(self, root: Path):
        from attuned.version import __version__

        self.root = root.resolve()
        digest = hashlib.sha256(f"{FORMAT}:{__version__}:{self.root}".encode()).hexdigest()[:16]
        self.entries: dict[str, list[Any]] = {}
        self.dirty = False
        try:
            self.file: Path | None = cache_dir() / f"content-{digest}.json"
        except (RuntimeError, KeyError, OSError):  # no home folder (a bare service account): no copy
            self.file = None
            return
        try:
            data = json.loads(self.file.read_text(encoding="utf-8"))
            if data.get("format") == FORMAT and data.get("root") == str(self.root):
                self.entries = data["files"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    def _key(self, path: Path) -> str | None:
        try:
            return str(Path(path).resolve().relative_to(self.root))
        except (ValueError, OSError):
            return None  # outside the installed content: never cached

    def lookup(self, path: Path) -> Any:
        key = self._key(path)
        entry = self.entries.get(key) if key else None
        if not isinstance(entry, list) or len(entry) != 2 or entry[0] != _stamp(path):
            return MISS
        return entry[1]

    def store(self, path: Path, data: Any) -> None:
        key, stamp = self._key(path), _stamp(path)
        if key is None or stamp is None:
            return
        try:
            text = json.dumps(data, ensure_ascii=False)
            if json.loads(text) != data:
                return
        except (TypeError, ValueError, RecursionError):
            return
        self.entries[key] = [stamp, json.loads(text)]
        self.dirty = True

    def save(self) -> None:
        if not self.dirty or self.file is None:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.file.parent, prefix=".content-", suffix=".json")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"format": FORMAT, "root": str(self.root), "files": self.entries}, fh, ensure_ascii=False)
            os.replace(tmp, self.file)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                os.unlink(tmp)


@contextlib.contextmanager
def cached_content(root: Path) -> Iterator[None]:
    """Within this block, ``read_yaml`` serves unchanged files under ``root`` from the copy."""
    global _active
    previous, _active = _active, _ContentCache(root)
    try:
        yield
        _active.save()
    finally:
        _active = previous


def lookup(path: Path) -> Any:
    return MISS if _active is None else _active.lookup(path)


def store(path: Path, data: Any) -> None:
    if _active is not None:
        _active.store(path, data)
