"""Undo what JupyterLab's one-key shortcuts do to a notebook, before nbgrader grades it.

A trainee who types a reflection while the cell is in *command* mode (the blue bar, not the text
box) sends every letter to JupyterLab as a shortcut: ``r`` turns the cell raw, ``y`` turns it to
code, ``a``/``b`` insert empty cells, ``c`` then ``v`` pastes a second copy of the answer cell,
nbgrader metadata and all. nbgrader copes with a changed cell type (``OverwriteCells`` restores it)
but not with the copy: ``DeduplicateIds`` strips the nbgrader metadata from every copy but the
last, ``CheckCellMetadata`` then reads the stripped cell as "an old version of the nbgrader
metadata format" and the trainee's whole module fails with advice to run ``nbgrader update``.

:class:`RepairAnswerCells` runs first in autograde's sanitize pass (``autograde_pipeline``
places it before ``DeduplicateIds``) and repairs what it safely can, with a warning per repair:

- copies of one answer cell (same grade id, an editable *solution* cell) become one cell, at the
  first copy's place, holding every distinct text the copies held, in order: the trainee's words
  are all kept, whichever copy they typed them into;
- a pasted copy of any other nbgrader cell (locked, a grade cell, a task) is dropped: nbgrader
  restores such cells from the gradebook anyway, so the copy held nothing of the trainee's;
- an answer cell turned raw or code is turned back into the type nbgrader recorded for it;
- empty cells with no nbgrader metadata (inserted by ``a``/``b``) are dropped.

Everything else is left to nbgrader. The repairs are listed in ``resources["attuned_repairs"]``
as sentences, which ``attuned autograde`` prints per trainee.
"""

from __future__ import annotations

from typing import Any

from nbgrader.preprocessors import NbGraderPreprocessor

#: What nbgrader puts in an unanswered markdown answer cell (``ClearSolutions.text_stub``).
ANSWER_STUB = "YOUR ANSWER HERE"


def _meta(cell: Any) -> dict:
    meta = cell.metadata.get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def _is_answer(cell: Any) -> bool:
    meta = _meta(cell)
    return bool(meta.get("solution")) and not meta.get("locked") and bool(meta.get("grade_id"))


def _set_type(cell: Any, kind: str) -> None:
    """Turn ``cell`` into a ``kind`` cell keeping its source, id and metadata (nbformat's fields)."""
    cell.cell_type = kind
    if kind == "code":
        cell.setdefault("outputs", [])
        cell.setdefault("execution_count", None)
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
    if kind == "raw":
        cell.pop("attachments", None)


def answer_text(text: str) -> str:
    """The trainee's words in an answer cell, or '' when it holds only nbgrader's stub."""
    stripped = text.strip()
    return "" if stripped in ("", ANSWER_STUB) else stripped


def repair(cells: list) -> tuple[list, list[str]]:
    """The repaired cell list and one sentence per kind of repair (see the module docstring)."""
    kept: list = []
    first: dict[str, Any] = {}
    texts: dict[str, list[str]] = {}
    retyped: list[str] = []
    merged: list[str] = []
    dropped: list[str] = []
    inserted = 0
    for cell in cells:
        meta = _meta(cell)
        grade_id = meta.get("grade_id")
        if not meta and not str(cell.get("source", "")).strip():
            inserted += 1
            continue
        if grade_id and grade_id in first:
            if _is_answer(first[grade_id]):
                words = answer_text(str(cell.source))
                if words and words not in texts[grade_id]:
                    texts[grade_id].append(words)
                merged.append(grade_id)
            else:
                dropped.append(grade_id)
            continue
        if grade_id:
            first[grade_id] = cell
            words = answer_text(str(cell.source))
            texts[grade_id] = [words] if words else []
        recorded = meta.get("cell_type")
        if _is_answer(cell) and recorded in ("markdown", "code") and cell.cell_type != recorded:
            retyped.append(f"{grade_id} (was {cell.cell_type})")
            _set_type(cell, recorded)
        kept.append(cell)
    for grade_id, cell in first.items():
        if _is_answer(cell) and len(texts[grade_id]) > 1:
            cell.source = "\n\n".join(texts[grade_id])
        elif _is_answer(cell) and texts[grade_id] and answer_text(str(cell.source)) != texts[grade_id][0]:
            cell.source = texts[grade_id][0]  # the words were only in a later copy
    notes = []
    if retyped:
        notes.append(f"answer cells changed type, restored: {', '.join(retyped)}")
    if merged:
        notes.append(f"pasted copies of answer cells merged, every word kept: {', '.join(dict.fromkeys(merged))}")
    if dropped:
        notes.append(f"pasted copies of locked cells dropped: {', '.join(dict.fromkeys(dropped))}")
    if inserted:
        notes.append(f"{inserted} empty inserted cell{'s' if inserted > 1 else ''} removed")
    return kept, notes


class RepairAnswerCells(NbGraderPreprocessor):
    """Repair pasted copies and changed types of answer cells, and drop empty inserted cells."""

    def preprocess(self, nb: Any, resources: dict) -> tuple[Any, dict]:
        nb.cells, notes = repair(list(nb.cells))
        info = resources.get("nbgrader", {})
        where = "/".join(str(info[k]) for k in ("student", "assignment", "notebook") if info.get(k))
        for note in notes:
            self.log.warning("%s: repaired: %s", where or "submission", note)
        resources.setdefault("attuned_repairs", []).extend(notes)
        return nb, resources
