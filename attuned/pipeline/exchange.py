"""nbgrader's exchange, with nobody able to submit in someone else's name.

nbgrader names each submission folder in ``inbound/`` ``<student id>+<assignment>+<timestamp>+<random>``
and believes the name: ``nbgrader submit --student A`` run by trainee B, or a folder B makes by
hand, is collected as A's, with only a warning ("cheating attempt?"); and the timestamp is the
submitter's choice, so a forgery can also beat A's later genuine submission. On a hub every
trainee is a Unix account and their files carry their uid, which nobody but root can forge.

- :class:`OwnerCheckedCollect` collects a submission only if the folder and everything in it
  belong to the account it names, and never one holding a symbolic link (the instructor's collect
  would copy what the link points at, as the instructor). Anything else is left in ``inbound/``
  with one line naming both accounts; the named trainee's own submissions are collected as usual.
- :class:`PrivateSubmit` refuses ``--student`` naming another account, and leaves the submission
  folder readable (the instructor collects it) but not writable by everyone (nbgrader makes it 0777).

Both are set in the course's ``nbgrader_config.py`` and ``deploy/nbgrader_config.py`` through
nbgrader's ``ExchangeFactory``, so the Assignments tab, Formgrader and the command line all use them.
Where a student id is not an account on this machine (one instructor trying the course with
simulated trainees), ownership cannot say anything and :attr:`OwnerCheckedCollect.require_owner`
``"auto"`` keeps nbgrader's behaviour; ``"always"`` refuses those too.
"""

from __future__ import annotations

import os
import pwd
import stat
from pathlib import Path
from typing import Any

from nbgrader.exchange.default.collect import ExchangeCollect
from nbgrader.exchange.default.submit import ExchangeSubmit
from traitlets import Enum


def account_uid(name: str) -> int | None:
    """The uid of the Unix account ``name``, or None if there is no such account."""
    try:
        return pwd.getpwnam(name).pw_uid
    except KeyError:
        return None


def account_name(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def foreign_entry(folder: Path, uid: int | None) -> tuple[Path, str] | None:
    """The first entry of ``folder`` (itself included) that is a symbolic link or is not owned by
    ``uid`` (any owner when None), with the reason; None when all is well. Never follows a link."""
    pending = [folder]
    while pending:
        path = pending.pop()
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return path, "a symbolic link"
        if uid is not None and info.st_uid != uid:
            return path, f"owned by {account_name(info.st_uid)}"
        if stat.S_ISDIR(info.st_mode):
            pending.extend(sorted(path.iterdir()))
    return None


def forged_reason(folder: Path, claimed: str, require_owner: str = "auto") -> str | None:
    """Why the submission ``folder``, which claims to be ``claimed``'s, must not be collected, or None."""
    uid = account_uid(claimed) if require_owner != "never" else None
    if uid is None and require_owner == "always":
        return f"claims to be from {claimed}, which is not an account on this server"
    found = foreign_entry(folder, uid)
    if found is None:
        return None
    path, why = found
    where = "it is" if path == folder else f"its file {path.relative_to(folder)} is"
    if why.startswith("owned by"):
        return f"claims to be from {claimed} but {where} {why}"
    return f"holds {why} ({path.name}), which is never collected"


def claim_course_folder(exchange: Path, course_id: str, instructor: str) -> Path:
    """Make ``<exchange>/<course_id>`` the instructor's, with nbgrader's own modes (run as root).

    nbgrader's ``release_assignment`` refuses a course folder it does not own ("You don't own the
    directory"), so a trainee who made it first would block every release. The hub config calls
    this at start, before any trainee can log in: the course folder and ``outbound/`` 0755,
    ``inbound/`` 0733 + setgid (trainees may add a submission, not list or read others'). A
    folder (or link) someone else made there is moved aside under a name that says whose it was.
    """
    import time

    owner = pwd.getpwnam(instructor)
    course = exchange / course_id
    for folder, mode in ((course, 0o755), (course / "outbound", 0o755), (course / "inbound", 0o2733)):
        if folder.is_symlink() or (folder.exists() and folder.lstat().st_uid != owner.pw_uid):
            maker = account_name(folder.lstat().st_uid)
            folder.rename(folder.with_name(f".{folder.name}.made-by-{maker}-{int(time.time())}"))
        folder.mkdir(exist_ok=True)
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        os.chmod(folder, mode)
    return course


class OwnerCheckedCollect(ExchangeCollect):
    """nbgrader's collect, leaving out any submission not made by the account it names."""

    require_owner = Enum(["auto", "always", "never"], "auto", help=(
        "auto: a submission naming an account on this server must be that account's files (the hub); "
        "always: every student id must be an account and own its files; never: ownership is not "
        "checked (symbolic links are still refused).")).tag(config=True)

    def _path_to_record(self, path: str) -> dict:
        record = super()._path_to_record(path)
        record["forged"] = forged_reason(Path(path), record["username"], self.require_owner)
        if record["forged"]:  # said for every one found, chosen as the newest or not
            self.log.error("Not collected: inbound/%s %s; left in the exchange for you to look at.",
                           record["filename"], record["forged"])
        return record

    def _sort_by_timestamp(self, records: list[dict]) -> list[dict]:
        # nbgrader collects the newest record per student id: a genuine one always wins over a forgery
        return sorted(records, key=lambda r: (r.get("forged") is None, r["timestamp"]), reverse=True)

    def copy_files(self) -> None:
        self.src_records = [record for record in self.src_records if not record.get("forged")]
        super().copy_files()

    def start(self) -> Any:
        self.check_owner = False  # replaced by the check above, which also acts on what it finds
        return super().start()


class PrivateSubmit(ExchangeSubmit):
    """nbgrader's submit, refusing another account's student id, and not leaving the folder 0777."""

    def init_dest(self) -> None:
        claimed = self.coursedir.student_id
        me = account_name(os.getuid())
        if claimed not in ("", "*", me) and account_uid(claimed) is not None:
            self.fail(f"You are {me}: you cannot submit as {claimed}.")
        super().init_dest()

    def copy_files(self) -> None:
        super().copy_files()
        # nbgrader makes it 0777 "so the instructor can delete later"; rwxr-xr-x still lets the
        # instructor read and collect it, and nobody else change it. (Deleting is the hub admin's.)
        os.chmod(os.path.join(self.inbound_path, self.assignment_filename), 0o755)  # noqa: S103
